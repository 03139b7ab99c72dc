// app.js — mounts one output: reads the payload embedded beside the script,
// builds the shared model, connects to the kernel when one is reachable, and
// renders the requested views (all four, coordinated, or one alone).

import { decodePayload } from "./decode.js";
import { createModel, applyPayload } from "./model.js";
import { connect } from "./comm.js";
import { applyKernelData } from "./attrib.js";
import { h, watchWidth } from "./dom.js";
import graph from "./graph.js";
import matrix from "./matrix.js";
import projection from "./projection.js";
import instances from "./instances.js";

/** Below this width (px) the projection and the instance panel stack vertically. */
export const NARROW = 760;

/** The view modules by name, each following anywidget's render({model, el}) contract. */
export const views = { graph, matrix, projection, instances };

/** Mounts the views into root (a .activis-root element holding script.activis-data). */
export function mount(root, win = window) {
  if (!root || root.getAttribute("data-activis-ready") === "1") return null;
  const dataEl = root.querySelector(":scope > script.activis-data");
  if (!dataEl) return null;
  const payload = decodePayload(JSON.parse(dataEl.textContent));
  let model;
  const send = connect(win, payload.displayId, (m) => {
    if (!model || !m) return;
    // A live widget's HTML view (classic Notebook): kernel changes arrive
    // as new payloads, applied in place like the widget's state updates.
    if (m.type === "payload") {
      try { applyPayload(model, decodePayload(m.payload)); } catch (e) { model.set("message", "ActiVis: " + (e && e.message ? e.message : String(e))); }
      return;
    }
    kernelReply(model, m);
  });
  model = createModel(payload, send, { live: !!(payload.live && send) });
  const stat = root.querySelector(":scope > .activis-static");
  const app = mountViews(root, model, payload, win);
  if (stat) stat.style.display = "none";
  root.setAttribute("data-activis-ready", "1");
  return app;
}

/** Shows a kernel's reply ({type: "ok"|"error", message}) in the views' status line. */
export function kernelReply(model, m) {
  if (!m) return;
  if (applyKernelData(model, m)) return;
  if (m.type === "error") model.set("message", "kernel: " + m.message);
  else if (m.type === "ok" && m.message) model.set("message", m.message);
}

/**
 * Renders the views of payload.view into root around model; returns
 * {model, destroy()}. Used by the static mount above and by the widget.
 */
export function mountViews(root, model, payload, win = window) {
  const app = h("div", { class: "av-app", "data-activis-kind": payload.view || "all" });
  root.append(app);
  const which = payload.view && payload.view !== "all" ? [payload.view] : ["graph", "matrix", "projection", "instances"];
  const cleanups = [];
  const place = (name, host) => { const v = views[name]; if (v) cleanups.push(v.render({ model, el: host })); };
  if (which.length === 1) {
    place(which[0], app);
  } else {
    // Decide the arrangement before the views measure themselves, then
    // follow the output's width (the views follow their own containers).
    const arrange = (w) => app.classList.toggle("av-narrow", w > 0 && w < NARROW);
    arrange(app.clientWidth);
    cleanups.push(watchWidth(app, arrange, win));
    const top = h("div", { class: "av-row-top" });
    const mid = h("div", { class: "av-row-mid" });
    const bottom = h("div", { class: "av-row-bottom" });
    const left = h("div", { class: "av-cell av-cell-proj" });
    const right = h("div", { class: "av-cell av-cell-inst" });
    bottom.append(left, right);
    app.append(top, mid, bottom);
    place("graph", top);
    place("matrix", mid);
    place("projection", left);
    place("instances", right);
  }
  // Canvases read theme colours when painting: repaint when the theme
  // changes (the OS preference, or JupyterLab's theme on <body>).
  // An output replaced by update_display_data is simply dropped from the
  // DOM: the first theme change after that releases its listeners.
  const bump = () => {
    if (!root.isConnected) { release(); return; }
    model.set("theme", (model.get("theme") || 0) + 1);
  };
  const release = () => { if (mq && mq.removeEventListener) mq.removeEventListener("change", bump); if (mo) mo.disconnect(); };
  const mq = win.matchMedia ? win.matchMedia("(prefers-color-scheme: dark)") : null;
  if (mq && mq.addEventListener) mq.addEventListener("change", bump);
  let mo = null;
  if (win.MutationObserver && win.document.body) {
    mo = new win.MutationObserver(bump);
    mo.observe(win.document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  }
  cleanups.push(release);
  return { model, destroy() { for (const c of cleanups) if (typeof c === "function") c(); app.remove(); } };
}
