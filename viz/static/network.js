/* A network view: draws what /api/views/... returns with vis-network, stops the physics once
   the layout has settled, shows evidence on edge click and expands a node on double-click. */
"use strict";

(() => {
  const { el, api, q, enc, config } = CG;
  const container = document.getElementById("network");
  const panel = document.getElementById("panel");
  const status = document.getElementById("status");
  const title = document.getElementById("view-title");

  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  let network = null;
  let busy = false;

  function toVisEdge(e) {
    return Object.assign({}, e, { from: e.source, to: e.target });
  }

  /** Add nodes and edges that are not drawn yet; returns how many nodes were new. */
  function merge(data, near) {
    const fresh = data.nodes.filter((n) => !nodes.get(n.id));
    if (near) {
      const at = network.getPositions([near])[near];
      fresh.forEach((n, i) => {
        const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
        n.x = at.x + 140 * Math.cos(angle);
        n.y = at.y + 140 * Math.sin(angle);
      });
    }
    nodes.add(fresh);
    edges.add(data.edges.filter((e) => !edges.get(e.id)).map(toVisEdge));
    return fresh.filter((n) => n.kind !== "more").length;
  }

  function settle() {
    // Physics only while laying out: a large network never keeps moving (and the page stays
    // responsive) because it is switched off as soon as the layout has stabilised.
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(150);
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function counts() {
    const shown = nodes.get({ filter: (n) => n.kind !== "more" }).length;
    return `${shown} nodes · ${edges.length} edges`;
  }

  function nodeName(id) {
    const n = nodes.get(id);
    return n ? n.name : id;
  }

  // -- side panel ----------------------------------------------------------------------------
  function showEdge(edge) {
    const ev = edge.evidence;
    const parts = [
      el("h2", {}, "Relationship"),
      el("div", { class: "relation" }, nodeName(edge.from), el("span", { class: "arrow" }, `— ${edge.type.replaceAll("_", " ").toLowerCase()} →`), nodeName(edge.to)),
    ];
    if (ev) {
      parts.push(ev.sentence ? el("blockquote", { class: "evidence", id: "evidence-sentence" }, ev.sentence)
        : el("p", { class: "muted" }, "No sentence was recorded for this relationship."));
      const facts = [["Document", el("a", { href: `/view/document/${enc(ev.doc_id)}${ev.start !== null && ev.start !== undefined ? `#at=${ev.start}&to=${ev.end}` : ""}`, id: "evidence-document" }, ev.doc_id)]];
      if (ev.start !== null && ev.start !== undefined) facts.push(["Characters", `${ev.start}–${ev.end}`]);
      if (ev.confidence !== null && ev.confidence !== undefined) facts.push(["Confidence", ev.confidence.toFixed(2)]);
      if (ev.extractor) facts.push(["Extractor", ev.extractor]);
      parts.push(el("dl", {}, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
    }
    const props = edge.properties || {};
    if (edge.type === "SAME_AS") {
      parts.push(el("dl", {}, [["Review", props.status || "candidate"], ["Score", props.score !== undefined ? Number(props.score).toFixed(2) : "—"],
        ["Method", props.method || "—"], ["Decided by", props.decided_by || "—"], ["Reason", props.reason || "—"]]
        .map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
    }
    panel.replaceChildren(...parts);
  }

  function showNode(node) {
    if (node.kind === "more") {
      panel.replaceChildren(el("h2", {}, "More neighbours"), el("p", {}, "Not all neighbours are drawn, so the view stays fast. Double-click this node to add the next ones."));
      return;
    }
    const props = Object.entries(node.properties || {}).map(([k, v]) => [el("dt", {}, k.replaceAll("_", " ")), el("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))]);
    panel.replaceChildren(
      el("h2", {}, node.name), el("div", { class: "sub" }, CG.chip(node.type), " ", node.id),
      node.aliases && node.aliases.length ? el("p", {}, el("span", { class: "muted" }, "Also known as: "), node.aliases.join("; ")) : null,
      props.length ? el("dl", {}, props) : null,
      el("div", { class: "links" }, CG.viewLinks({ id: node.id, type: node.type }),
        el("a", { href: "#", onclick: (event) => { event.preventDefault(); expand(node.id); } }, "add neighbours")),
    );
  }

  // -- expansion -----------------------------------------------------------------------------
  async function expand(id) {
    const node = nodes.get(id);
    if (!node || busy) return;
    busy = true;
    const more = node.kind === "more";
    const centre = more ? node.centre : id;
    setStatus("Adding neighbours…");
    try {
      const data = await api(`/api/views/ego/${enc(centre)}` + q({ radius: more ? node.radius : 1, limit: config.expandCap, offset: more ? node.offset : 0 }));
      if (more) nodes.remove(id);
      const added = merge(data, centre);
      settle();
      setStatus(added ? `Added ${added} · ${counts()}` : `No new neighbours · ${counts()}`);
      container.dataset.expanded = String(Number(container.dataset.expanded || 0) + 1);
    } catch (error) {
      setStatus(error.message);
    } finally {
      busy = false;
    }
  }

  // -- exports -------------------------------------------------------------------------------
  function exportLinks() {
    const box = document.getElementById("exports");
    if (!config.exportUrl || !CG.may("auditor")) return;
    const formats = [["graphml", "GraphML"], ["gexf", "GEXF"], ["json", "JSON"], ["csv", "CSV"], ["cypher", "Cypher"]];
    box.replaceChildren(el("span", { class: "muted" }, "Export"), ...formats.map(([fmt, label]) =>
      el("a", { href: config.exportUrl + (config.exportUrl.includes("?") ? "&" : "?") + "format=" + fmt, download: "", "data-format": fmt }, label)));
  }

  // -- start ---------------------------------------------------------------------------------
  async function start() {
    try {
      const data = await api(config.dataUrl);
      merge(data, null);
      const options = Object.assign({}, data.options);
      network = new vis.Network(container, { nodes, edges }, options);
      window.network = network;
      window.cgNodes = nodes;
      window.cgEdges = edges;
      window.cgCentre = data.centre;
      if (data.centre && nodes.get(data.centre)) title.textContent = nodes.get(data.centre).name;
      network.on("stabilizationIterationsDone", () => {
        network.setOptions({ physics: { enabled: false } });
        container.dataset.ready = "1";
        setStatus(counts() + (data.truncated ? " · capped: double-click “show more…” for the rest" : ""));
      });
      network.on("click", (params) => {
        if (params.nodes.length) showNode(nodes.get(params.nodes[0]));
        else if (params.edges.length) showEdge(edges.get(params.edges[0]));
      });
      network.on("doubleClick", (params) => {
        if (params.nodes.length) expand(params.nodes[0]);
      });
      if (!data.nodes.length) setStatus("Nothing to draw.");
    } catch (error) {
      setStatus("");
      panel.replaceChildren(el("h2", {}, "Cannot show this view"), el("p", { class: "error" }, error.message),
        el("p", {}, el("a", { href: "/" }, "Back to the home page")));
      container.dataset.ready = "error";
    }
  }

  document.getElementById("fit").addEventListener("click", () => network && network.fit({ animation: true }));
  const radius = document.getElementById("radius");
  if (radius) radius.addEventListener("change", () => {
    const url = new URL(location.href);
    url.searchParams.set("radius", radius.value);
    location.assign(url.toString());
  });
  CG.ready.then(exportLinks);
  start();
})();
