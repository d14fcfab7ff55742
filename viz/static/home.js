/* The home page: search, repeat offenders, paths, clusters, patterns, documents and review.
   Lists load one page at a time; "Show more" asks the API for the next one. */
"use strict";

(() => {
  const { el, api, q, enc, chip, viewLinks } = CG;

  function message(error) {
    return error.status === 403 ? `Needs a higher role: ${error.message}` : error.message;
  }

  /**
   * Fill `target` (a <tbody> or list) with pages of `url`, rendering each item with `render`.
   * `columns` makes placeholder rows for tables. Returns a function that reloads from the start.
   */
  function pager(target, url, params, render, { columns = 0, empty = "Nothing yet." } = {}) {
    const placeholder = (text) => columns
      ? el("tr", {}, el("td", { colspan: columns, class: "muted" }, text))
      : el("li", { class: "muted" }, text);
    let button = null;

    async function load(offset) {
      try {
        const page = await api(url + q(Object.assign({}, params, { offset })));
        if (offset === 0) target.replaceChildren();
        if (button) button.remove();
        if (!page.items.length && offset === 0) { target.replaceChildren(placeholder(empty)); return; }
        target.append(...page.items.map(render));
        if (page.next_offset !== null) {
          const cell = el("button", { type: "button", class: "ghost small more",
            onclick: () => load(page.next_offset) }, "Show more");
          button = columns ? el("tr", { class: "more-row" }, el("td", { colspan: columns }, cell)) : el("li", { class: "more-row" }, cell);
          target.append(button);
        }
      } catch (error) {
        if (offset === 0) target.replaceChildren(placeholder(message(error)));
      }
    }
    load(0);
    return () => load(0);
  }

  // -- search --------------------------------------------------------------------------------
  const form = document.getElementById("search-form");
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  const names = document.getElementById("entity-names");

  async function search(text) {
    if (!text.trim()) { results.replaceChildren(); return; }
    try {
      const page = await api("/api/search" + q({ q: text, limit: 12 }));
      if (!page.items.length) {
        results.replaceChildren(el("li", { class: "muted" }, `Nothing found for “${text}”.`));
        return;
      }
      results.replaceChildren(...page.items.map((n) => el("li", { "data-id": n.id },
        chip(n.label), el("a", { class: "name", href: `/view/ego/${enc(n.id)}` }, n.name),
        n.aliases.length ? el("span", { class: "muted small" }, "also " + n.aliases.slice(0, 2).join("; ")) : null,
        el("span", { class: "links" }, viewLinks(n)))));
      names.replaceChildren(...page.items.map((n) => el("option", { value: n.id }, `${n.name} (${n.label})`)));
    } catch (error) { results.replaceChildren(el("li", { class: "muted" }, message(error))); }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); search(input.value); });
  let timer = null;
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => search(input.value), 250); });
  if (input.value) search(input.value);

  // -- stats ---------------------------------------------------------------------------------
  api("/api/stats").then((s) => {
    const box = document.getElementById("stats");
    const shown = [["Document", "documents"], ["Case", "cases"], ["Company", "companies"], ["Venue", "venues"],
      ["Operator", "operators"], ["Violation", "kinds of violation"]];
    box.replaceChildren(...shown.map(([label, noun]) => el("span", { class: "stat" }, el("b", {}, String(s.nodes[label] || 0)), ` ${noun}`)));
  }).catch(() => {});

  // -- repeat offenders ----------------------------------------------------------------------
  pager(document.querySelector("#offender-table tbody"), "/api/offenders", { min_cases: 2, limit: 15 }, (o) => {
    const node = { id: o.key, label: o.type };
    const shown = o.violations.slice(0, 4);
    return el("tr", { "data-key": o.key },
      el("td", {}, el("a", { href: `/view/offender/${enc(o.key)}`, class: "offender-link" }, o.name),
        o.aliases.length ? el("div", { class: "muted small" }, "also " + o.aliases.slice(0, 2).join("; ")) : null),
      el("td", {}, chip(o.type)),
      el("td", { class: "num" }, el("span", { class: "count" }, String(o.cases))),
      el("td", {}, o.years.join(", ")),
      el("td", {}, shown.map((v) => el("span", { class: "vio", title: v.category }, v.name)),
        o.violations.length > shown.length ? el("span", { class: "muted small" }, ` +${o.violations.length - shown.length} more`) : null),
      el("td", {}, el("span", { class: "links" }, viewLinks(node))));
  }, { columns: 6, empty: "No party is named in two or more cases yet." });

  // -- patterns ------------------------------------------------------------------------------
  pager(document.querySelector("#pattern-table tbody"), "/api/patterns", { limit: 12 }, (p) => el("tr", {},
    el("td", {}, (p.category || "all").replaceAll("_", " ")), el("td", {}, p.location || "—"),
    el("td", { class: "num" }, p.year === null ? "—" : String(p.year)),
    el("td", { class: "num" }, String(p.cases)), el("td", { class: "num" }, String(p.documents)),
    el("td", { class: "num" }, String(p.parties))), { columns: 6, empty: "No cases yet." });

  // -- clusters ------------------------------------------------------------------------------
  pager(document.getElementById("cluster-list"), "/api/clusters", { limit: 6, sort: "violations" }, (c) => {
    const first = c.members.find((m) => m.label !== "Operator") || c.members[0];
    return el("li", {},
      el("a", { href: `/view/cluster/${enc(first.id)}` }, `${c.size} members`),
      el("span", { class: "muted small" }, ` · ${c.cases} case${c.cases === 1 ? "" : "s"}`),
      el("div", { class: "members" }, c.members.slice(0, 5).map((m) => m.name).join(", ") + (c.size > 5 ? ", …" : "")));
  }, { empty: "No linked businesses yet." });

  // -- documents -----------------------------------------------------------------------------
  const reloadDocuments = pager(document.getElementById("document-list"), "/api/documents", { limit: 30 }, (d) => el("li", {},
    el("a", { href: `/view/document/${enc(d.doc_id)}` }, d.doc_id),
    el("span", { class: "meta" }, [d.year, d.has_text ? "text" : "record only"].filter(Boolean).join(" · "))),
  { empty: "No documents yet." });

  const upload = document.getElementById("upload-form");
  const uploadStatus = document.getElementById("upload-status");
  upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(upload);
    uploadStatus.textContent = "Uploading…";
    try {
      const done = await api("/api/documents", { method: "POST", body: data });
      uploadStatus.textContent = `${done.added} added, ${done.updated} updated, ${done.unchanged} unchanged` +
        (done.errors.length ? `; refused: ${done.errors.join("; ")}` : "");
      reloadDocuments();
    } catch (error) { uploadStatus.textContent = error.message; }
  });

  // -- SAME_AS review ------------------------------------------------------------------------
  let reloadReview = () => {};
  async function decide(link, status) {
    try {
      await api("/api/same-as/decisions", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ source: link.source.id, target: link.target.id, status, reason: "reviewed in the web view" }),
      });
      reloadReview();
    } catch (error) { CG.banner(error.message, "error"); }
  }
  CG.ready.then(() => {
    upload.hidden = !CG.may("admin");
    reloadReview = pager(document.getElementById("review-list"), "/api/same-as", { limit: 6 }, (s) => el("li", {},
      el("div", { class: "pair" }, el("a", { href: `/view/ego/${enc(s.source.id)}` }, s.source.name),
        el("span", { class: "muted" }, " and "), el("a", { href: `/view/ego/${enc(s.target.id)}` }, s.target.name)),
      el("div", { class: "why" }, `${s.source.label} · score ${s.score.toFixed(2)} · ${s.method}`),
      CG.may("admin") ? el("div", { class: "buttons" },
        el("button", { class: "okay small", type: "button", onclick: () => decide(s, "accepted") }, "Same"),
        el("button", { class: "danger small", type: "button", onclick: () => decide(s, "rejected") }, "Different")) : null),
    { empty: "Nothing waiting for review." });
  });
})();
