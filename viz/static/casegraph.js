/* casegraph views: shared helpers. Every piece of data reaches the page as text (never as HTML),
   and every request goes to this server's own API. */
"use strict";

const CG = (() => {
  const config = JSON.parse(document.getElementById("page-config").textContent || "{}");
  const STYLE = {};
  for (const item of config.legend || []) STYLE[item.label] = item;

  /** Build an element: attributes, then children (strings become text nodes). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "style") node.setAttribute("style", value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function banner(message, kind) {
    const box = document.getElementById("banner");
    if (!box) return;
    box.replaceChildren();
    if (!message) { box.hidden = true; return; }
    box.className = "banner" + (kind === "error" ? " error" : "");
    box.append(message);
    box.hidden = false;
  }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  /** Fetch JSON from the API; errors become ApiError with the server's message. */
  async function api(url, options) {
    const response = await fetch(url, Object.assign({ credentials: "same-origin", headers: { Accept: "application/json" } }, options || {}));
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) {
      const message = (body && body.message) || `${response.status} ${response.statusText}`;
      if (response.status === 401 && !document.body.classList.contains("page-login")) {
        const next = encodeURIComponent(location.pathname + location.search);
        banner(el("span", {}, "This server needs an API key. ", el("a", { href: `/login?next=${next}` }, "Sign in"), "."), "error");
      }
      throw new ApiError(response.status, body && body.code, message);
    }
    return body;
  }

  function q(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") continue;
      if (Array.isArray(value)) value.forEach((v) => search.append(key, v));
      else search.append(key, value);
    }
    const s = search.toString();
    return s ? "?" + s : "";
  }

  const enc = encodeURIComponent;
  const PARTIES = new Set(["Company", "Venue", "Operator"]);

  function chip(label) {
    const style = STYLE[label];
    return el("span", { class: "chip", style: `--c: ${style ? style.colour : "#64748b"}` }, label);
  }

  /** Links from an entity into the views. */
  function viewLinks(node) {
    const id = enc(node.id);
    const links = [el("a", { href: `/view/ego/${id}` }, "network")];
    if (PARTIES.has(node.label || node.type)) {
      links.push(el("a", { href: `/view/offender/${id}` }, "cases"));
      links.push(el("a", { href: `/view/cluster/${id}` }, "cluster"));
    }
    return links;
  }

  let me = null;
  const ROLES = ["investigator", "analyst", "auditor", "admin"];
  function may(role) {
    return me !== null && ROLES.indexOf(me.role) >= ROLES.indexOf(role);
  }
  const ready = api("/api/me").then((who) => {
    me = who;
    const box = document.getElementById("whoami");
    if (box) box.replaceChildren(who.mode === "local" ? "local user" : who.who, el("span", { class: "role" }, who.role));
    return who;
  }).catch(() => null);

  return { config, el, api, q, enc, chip, viewLinks, banner, may, ready, STYLE, PARTIES, ApiError };
})();
