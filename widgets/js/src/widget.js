// widget.js — the views as a live Jupyter widget (anywidget's contract:
// export default {initialize, render}). The kernel's model holds the
// payload in its state ("payload", the format decode.js reads, with binary
// buffers where the HTML output has base64); every kernel-side change
// (rows, layer, sampled points) arrives as a state update and is applied
// to the views in place, keeping what the user did in them (rows made in
// the view, removed rows, sort, zoom, lasso, colour settings). Clicks,
// lassos, subset expressions, removals and layer choices go to the kernel
// as custom messages; its replies ({type: "ok"|"error", message}) show in
// the views' status line.

import { decodePayload, base64Bytes } from "./decode.js";
import { createModel, applyPayload } from "./model.js";

export { applyPayload };
import { mountViews, kernelReply } from "./app.js";
import { h } from "./dom.js";

/** The banner text shown on views whose kernel restarted or died. */
export const disconnectedText = "Kernel disconnected \u2014 re-run the cell to reconnect";

/**
 * Marks the views of root as disconnected from the kernel: the attribute
 * data-activis-disconnected on root and a banner (carrying the same
 * attribute) above the views. A view never reconnects: the restarted
 * kernel has a new session, so re-running the cell makes a new view.
 */
function disconnected(root, vm) {
  if (root.getAttribute("data-activis-disconnected") === "1") return;
  root.setAttribute("data-activis-disconnected", "1");
  const banner = h("div", { class: "av-disconnected", "data-activis-disconnected": "banner", role: "status" });
  banner.textContent = disconnectedText;
  banner.style.cssText = "background:#fdecea;color:#8a1c12;border:1px solid #e0a39c;padding:4px 8px;margin:0 0 4px 0;font:13px sans-serif";
  root.prepend(banner);
  vm.set("message", "disconnected from the kernel: the views show the last state; run the cell again to reconnect");
}

/**
 * Applies a "rows_delta" custom message (widgets/views/widget.go rowsDelta)
 * to the model's payload: each layer's rows become m.layers[i].rows, the
 * quantised means of row j taken from the previous payload's row from[j],
 * or (from[j] = -1) next from the layer's buffer; the sort orders are
 * replaced. The result is set on the model locally (not saved: the kernel
 * has it already), so every view updates through "change:payload". Returns
 * false, leaving the payload alone, when the payload is not the one the
 * delta was made from.
 */
export function applyRowsDelta(model, m, buffers) {
  const p = model.get("payload");
  if (!p || !Array.isArray(p.layers) || !Array.isArray(m.layers) || m.layers.length !== p.layers.length || !buffers) return false;
  const layers = [];
  for (let i = 0; i < p.layers.length; i++) {
    const l = p.layers[i], dl = m.layers[i];
    const old = base64Bytes(l.mean), add = base64Bytes(buffers[i]);
    const n = (l.rows || []).length, d = l.neurons;
    if (n !== m.base[i] || old.length !== n * d || !Array.isArray(dl.rows) || !Array.isArray(dl.from)) return false;
    const mean = new Uint8Array(dl.rows.length * d);
    let next = 0;
    for (let j = 0; j < dl.rows.length; j++) {
      const k = dl.from[j];
      if (k >= 0 && k < n) mean.set(old.subarray(k * d, (k + 1) * d), j * d);
      else if (k === -1 && next + d <= add.length) { mean.set(add.subarray(next, next + d), j * d); next += d; }
      else return false;
    }
    if (next !== add.length) return false;
    layers.push({ ...l, rows: dl.rows, orders: dl.orders || undefined, mean });
  }
  model.set("payload", { ...p, layers });
  return true;
}

export default {
  initialize({ model }) {
    const onDelta = (m, buffers) => {
      if (!m || m.type !== "rows_delta") return;
      if (!applyRowsDelta(model, m, buffers)) model.send({ type: "resync" });
    };
    model.on("msg:custom", onDelta);
    return () => model.off("msg:custom", onDelta);
  },
  render({ model, el, injectStyle }) {
    if (injectStyle) injectStyle();
    const root = h("div", { class: "activis-root", "data-activis-widget": "1" });
    el.append(root);
    const payload = decodePayload(model.get("payload"));
    const vm = createModel(payload, (msg) => { try { model.send(msg); } catch (e) { disconnected(root, vm); } }, { live: true });
    // The widget manager renders into an element not yet in the page; the
    // views measure their container (and d3-zoom the SVG), so they start
    // once it is attached.
    let app = null;
    let frame = 0;
    const start = () => {
      frame = 0;
      if (!el.isConnected) { frame = requestAnimationFrame(start); return; }
      app = mountViews(root, vm, payload);
      root.setAttribute("data-activis-ready", "1");
    };
    start();
    const onPayload = () => {
      try {
        applyPayload(vm, decodePayload(model.get("payload")));
      } catch (e) {
        vm.set("message", "ActiVis: " + (e && e.message ? e.message : String(e)));
      }
    };
    // A rows_delta (applied once per model by initialize) is recorded on the
    // root for tests: data-activis-delta="applied" when the payload now has
    // its rows, "refused" when the view asked for the whole payload instead.
    const onMsg = (m) => {
      if (m && m.type === "rows_delta") {
        setTimeout(() => {
          const p = model.get("payload");
          const n = p && p.layers && p.layers[0] && p.layers[0].rows ? p.layers[0].rows.length : -1;
          const ok = m.layers && m.layers[0] && m.layers[0].rows && m.layers[0].rows.length === n;
          root.setAttribute("data-activis-delta", ok ? "applied" : "refused");
        }, 0);
        return;
      }
      kernelReply(vm, m);
    };
    model.on("change:payload", onPayload);
    model.on("msg:custom", onMsg);
    // When the kernel restarts or dies, the widget manager marks the view
    // disconnected (ipywidgets puts jupyter-widgets-disconnected on the
    // view's element after "comm_live_update") or closes the model.
    // (JupyterLab 4.6 with jupyterlab-manager 5.0.16, checked: a restart
    // fires the kernel's statusChanged "restarting", then "comm_live_update"
    // with no class set; so the class only ever marks, never unmarks.)
    const check = () => { if (el.closest && el.closest(".jupyter-widgets-disconnected")) disconnected(root, vm); };
    const onLive = () => setTimeout(check, 0);
    const onClose = () => disconnected(root, vm);
    model.on("comm_live_update", onLive);
    model.on("comm:close", onClose);
    // JupyterLab's widget manager exposes its kernel: a restart (or death)
    // leaves this model's comm behind for good.
    const kernel = model.widget_manager && model.widget_manager.kernel;
    const onStatus = (_, status) => { if (status === "restarting" || status === "autorestarting" || status === "dead") disconnected(root, vm); };
    if (kernel && kernel.statusChanged && kernel.statusChanged.connect) kernel.statusChanged.connect(onStatus);
    // The class may be set on the view's element without an event we see.
    const mo = typeof MutationObserver === "function" ? new MutationObserver(check) : null;
    if (mo) mo.observe(el, { attributes: true, attributeFilter: ["class"] });
    return () => {
      model.off("change:payload", onPayload);
      model.off("msg:custom", onMsg);
      model.off("comm_live_update", onLive);
      model.off("comm:close", onClose);
      if (mo) mo.disconnect();
      if (kernel && kernel.statusChanged && kernel.statusChanged.disconnect) kernel.statusChanged.disconnect(onStatus);
      if (frame) cancelAnimationFrame(frame);
      if (app) app.destroy();
    };
  },
};
