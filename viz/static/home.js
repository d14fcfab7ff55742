/* The home page: search, repeat offenders, paths, clusters, patterns, documents and review. */
"use strict";

(() => {
  const { el, api, q, enc, chip, viewLinks } = CG;

  function failed(target, error, columns) {
    const message = error.status === 403 ? `Needs a higher role: ${error.message}` : error.message;
    const row = columns ? el("tr", {}, el("td", { colspan: columns, class: "muted" }, message))
      : el("li", { class: "muted" }, message);
    target.replaceChildren(row);
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
    } catch (error) { failed(results, error); }
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
  const offenders = document.querySelector("#offender-table tbody");
  api("/api/offenders" + q({ min_cases: 2, limit: 50 })).then((page) => {
    if (!page.items.length) {
      offenders.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No party is named in two or more cases yet.")));
      return;
    }
    offenders.replaceChildren(...page.items.map((o) => {
      const node = { id: o.key, label: o.type };
      return el("tr", { "data-key": o.key },
        el("td", {}, el("a", { href: `/view/offender/${enc(o.key)}`, class: "offender-link" }, o.name),
          o.aliases.length ? el("div", { class: "muted small" }, "also " + o.aliases.slice(0, 3).join("; ")) : null),
        el("td", {}, chip(o.type)),
        el("td", { class: "num" }, el("span", { class: "count" }, String(o.cases))),
        el("td", {}, o.years.join(", ")),
        el("td", {}, o.violations.map((v) => el("span", { class: "vio", title: v.category }, v.name))),
        el("td", {}, el("span", { class: "links" }, viewLinks(node))));
    }));
  }).catch((error) => failed(offenders, error, 6));

  // -- patterns ------------------------------------------------------------------------------
  const patterns = document.querySelector("#pattern-table tbody");
  api("/api/patterns" + q({ limit: 40 })).then((page) => {
    if (!page.items.length) {
      patterns.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No cases yet.")));
      return;
    }
    patterns.replaceChildren(...page.items.map((p) => el("tr", {},
      el("td", {}, (p.category || "all").replaceAll("_", " ")), el("td", {}, p.location || "—"),
      el("td", { class: "num" }, p.year === null ? "—" : String(p.year)),
      el("td", { class: "num" }, String(p.cases)), el("td", { class: "num" }, String(p.documents)),
      el("td", { class: "num" }, String(p.parties)))));
  }).catch((error) => failed(patterns, error, 6));

  // -- clusters ------------------------------------------------------------------------------
  const clusters = document.getElementById("cluster-list");
  api("/api/clusters" + q({ limit: 8, sort: "violations" })).then((page) => {
    if (!page.items.length) { clusters.replaceChildren(el("li", { class: "muted" }, "No linked businesses yet.")); return; }
    clusters.replaceChildren(...page.items.map((c) => {
      const first = c.members.find((m) => m.label !== "Operator") || c.members[0];
      return el("li", {},
        el("a", { href: `/view/cluster/${enc(first.id)}` }, `${c.size} members`),
        el("span", { class: "muted small" }, ` · ${c.cases} case${c.cases === 1 ? "" : "s"}`),
        el("div", { class: "members" }, c.members.slice(0, 5).map((m) => m.name).join(", ") + (c.size > 5 ? ", …" : "")));
    }));
  }).catch((error) => failed(clusters, error));

  // -- documents -----------------------------------------------------------------------------
  const docs = document.getElementById("document-list");
  function loadDocuments() {
    api("/api/documents" + q({ limit: 200 })).then((page) => {
      if (!page.items.length) { docs.replaceChildren(el("li", { class: "muted" }, "No documents yet.")); return; }
      docs.replaceChildren(...page.items.map((d) => el("li", {},
        el("a", { href: `/view/document/${enc(d.doc_id)}` }, d.doc_id),
        el("span", { class: "meta" }, [d.year, d.has_text ? "text" : "record only"].filter(Boolean).join(" · ")))));
    }).catch((error) => failed(docs, error));
  }
  loadDocuments();

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
      loadDocuments();
    } catch (error) { uploadStatus.textContent = error.message; }
  });

  // -- SAME_AS review ------------------------------------------------------------------------
  const review = document.getElementById("review-list");
  async function decide(link, status) {
    try {
      await api("/api/same-as/decisions", {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ source: link.source.id, target: link.target.id, status, reason: "reviewed in the web view" }),
      });
      loadReview();
    } catch (error) { CG.banner(error.message, "error"); }
  }
  function loadReview() {
    api("/api/same-as" + q({ limit: 20 })).then((page) => {
      if (!page.items.length) { review.replaceChildren(el("li", { class: "muted" }, "Nothing waiting for review.")); return; }
      review.replaceChildren(...page.items.map((s) => el("li", {},
        el("div", { class: "pair" }, el("a", { href: `/view/ego/${enc(s.source.id)}` }, s.source.name), el("span", { class: "muted" }, " and "),
          el("a", { href: `/view/ego/${enc(s.target.id)}` }, s.target.name)),
        el("div", { class: "why" }, `${s.source.label} · score ${s.score.toFixed(2)} · ${s.method}`),
        CG.may("admin") ? el("div", { class: "buttons" },
          el("button", { class: "okay small", type: "button", onclick: () => decide(s, "accepted") }, "Same"),
          el("button", { class: "danger small", type: "button", onclick: () => decide(s, "rejected") }, "Different")) : null)));
    }).catch((error) => failed(review, error));
  }
  CG.ready.then(() => {
    upload.hidden = !CG.may("admin");
    loadReview();
  });
})();
