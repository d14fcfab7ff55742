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

  function jumpTo(start) {
    const target = document.getElementById(`at-${start}`);
    if (!target) return;
    target.scrollIntoView({ block: "center" });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1600);
  }

  /** Evidence spans are sentences, not mentions: mark the sentence so it can be found. */
  function markSentence(text, start, end) {
    if (document.getElementById(`at-${start}`)) return;
    const walker = document.createTreeWalker(textBox, NodeFilter.SHOW_TEXT);
    let offset = 0;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const length = node.textContent.length;
      if (node.parentElement.tagName !== "MARK" && offset <= start && start < offset + length) {
        const local = start - offset;
        const stop = Math.min(length, end - offset);
        const range = document.createRange();
        range.setStart(node, local);
        range.setEnd(node, stop);
        const span = el("span", { class: "sentence-focus", id: `at-${start}` });
        range.surroundContents(span);
        return;
      }
      offset += length;
    }
  }

  async function start() {
    try {
      const doc = await api(`/api/documents/${enc(config.docId)}`);
      const d = doc.document;
      meta.textContent = [d.source, d.year, d.extractor].filter(Boolean).join(" · ");
      if (doc.text !== null) {
        textBox.replaceChildren(...highlighted(doc.text, doc.mentions));
      } else {
        textBox.replaceChildren(el("p", { class: "muted" }, "This document was ingested as an extraction record without its text, so only what was extracted from it is shown."),
          el("ul", {}, doc.mentions.map((m) => el("li", {}, el("mark", { style: `--c: ${colour(m.node.label)}` }, m.text), ` — ${m.node.label}, characters ${m.start}–${m.end}`))));
      }
      const names = {};
      doc.mentions.forEach((m) => { names[m.node.id] = m.node.name; });
      facts.replaceChildren(...doc.relationships.map((r) => {
        const ev = r.evidence || {};
        if (doc.text !== null && ev.start !== null && ev.start !== undefined) markSentence(doc.text, ev.start, ev.end);
        return el("li", {},
          el("div", {}, el("strong", {}, names[r.source] || r.source), ` ${r.type.replaceAll("_", " ").toLowerCase()} `, el("strong", {}, names[r.target] || r.target)),
          ev.sentence ? el("a", { href: `#at-${ev.start}`, class: "sentence", onclick: (event) => { event.preventDefault(); jumpTo(ev.start); } }, `“${ev.sentence}”`) : null);
      }));
      if (!doc.relationships.length) facts.replaceChildren(el("li", { class: "muted" }, "No relationships were extracted."));
      const seen = new Map();
      doc.mentions.forEach((m) => { if (!seen.has(m.node.id)) seen.set(m.node.id, m.node); });
      mentionList.replaceChildren(...[...seen.values()].map((n) => el("li", {}, CG.chip(n.label), " ",
        el("a", { href: `/view/ego/${enc(n.id)}` }, n.name))));
      if (location.hash.startsWith("#at-")) jumpTo(location.hash.slice(4));
      textBox.dataset.ready = "1";
    } catch (error) {
      textBox.replaceChildren(el("p", { class: "error" }, error.message));
      textBox.dataset.ready = "error";
    }
  }
  start();
})();
