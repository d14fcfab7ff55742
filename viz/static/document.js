/* The document view: the case text with every extracted mention highlighted, the relationships
   it states with their evidence sentences, and the entities it mentions. */
"use strict";

(() => {
  const { el, api, enc, config, STYLE } = CG;
  const textBox = document.getElementById("doc-text");
  const facts = document.getElementById("doc-facts");
  const mentionList = document.getElementById("doc-mentions");
  const meta = document.getElementById("doc-meta");

  function colour(label) {
    return STYLE[label] ? STYLE[label].colour : "#94a3b8";
  }

  /** The text as nodes: plain runs and <mark>s for mentions (overlaps keep the first). */
  function highlighted(text, mentions) {
    const out = [];
    let at = 0;
    const sorted = mentions.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    for (const m of sorted) {
      if (m.start < at || m.end > text.length || m.end <= m.start) continue;
      if (m.start > at) out.push(document.createTextNode(text.slice(at, m.start)));
      out.push(el("mark", {
        style: `--c: ${colour(m.node.label)}`, title: `${m.node.label}: ${m.node.name}`,
        id: `at-${m.start}`, "data-node": m.node.id,
      }, text.slice(m.start, m.end)));
      at = m.end;
    }
    if (at < text.length) out.push(document.createTextNode(text.slice(at)));
    return out;
  }

  /** A DOM range over characters [start, end) of the text, across highlight marks. */
  function rangeFor(start, end) {
    const walker = document.createTreeWalker(textBox, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let offset = 0;
    let begun = false;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const length = node.textContent.length;
      if (!begun && start < offset + length) { range.setStart(node, start - offset); begun = true; }
      if (begun && end <= offset + length) { range.setEnd(node, end - offset); return range; }
      offset += length;
    }
    return null;
  }

  /** Select the evidence sentence (or mention) in the text and bring it into view. */
  function jumpTo(start, end) {
    const mark = document.getElementById(`at-${start}`);
    const range = end !== undefined && hasText ? rangeFor(start, end) : null;
    if (range) {
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      const box = range.getBoundingClientRect();
      window.scrollBy({ top: box.top - window.innerHeight / 3 });
    } else if (mark) {
      mark.scrollIntoView({ block: "center" });
      mark.classList.add("flash");
      setTimeout(() => mark.classList.remove("flash"), 1600);
    }
  }

  let hasText = false;

  async function start() {
    try {
      const doc = await api(`/api/documents/${enc(config.docId)}`);
      const d = doc.document;
      meta.textContent = [d.source, d.year, d.extractor].filter(Boolean).join(" · ");
      hasText = doc.text !== null;
      if (hasText) {
        textBox.replaceChildren(...highlighted(doc.text, doc.mentions));
      } else {
        textBox.replaceChildren(el("p", { class: "muted" }, "This document was ingested as an extraction record without its text, so only what was extracted from it is shown."),
          el("ul", {}, doc.mentions.map((m) => el("li", {}, el("mark", { style: `--c: ${colour(m.node.label)}` }, m.text), ` — ${m.node.label}, characters ${m.start}–${m.end}`))));
      }
      const names = {};
      doc.mentions.forEach((m) => { names[m.node.id] = m.node.name; });
      facts.replaceChildren(...doc.relationships.map((r) => {
        const ev = r.evidence || {};
        return el("li", {},
          el("div", {}, el("strong", {}, names[r.source] || r.source), ` ${r.type.replaceAll("_", " ").toLowerCase()} `, el("strong", {}, names[r.target] || r.target)),
          ev.sentence ? el("a", { href: `#at=${ev.start}&to=${ev.end}`, class: "sentence", onclick: (event) => { event.preventDefault(); jumpTo(ev.start, ev.end); } }, `“${ev.sentence}”`) : null);
      }));
      if (!doc.relationships.length) facts.replaceChildren(el("li", { class: "muted" }, "No relationships were extracted."));
      const seen = new Map();
      doc.mentions.forEach((m) => { if (!seen.has(m.node.id)) seen.set(m.node.id, m.node); });
      mentionList.replaceChildren(...[...seen.values()].map((n) => el("li", {}, CG.chip(n.label), " ",
        el("a", { href: `/view/ego/${enc(n.id)}` }, n.name))));
      const wanted = new URLSearchParams(location.hash.slice(1));
      if (wanted.has("at")) jumpTo(Number(wanted.get("at")), wanted.has("to") ? Number(wanted.get("to")) : undefined);
      textBox.dataset.ready = "1";
    } catch (error) {
      textBox.replaceChildren(el("p", { class: "error" }, error.message));
      textBox.dataset.ready = "error";
    }
  }
  start();
})();
