// matrix.js — view B1: the neuron activation matrix on canvas. Rows are
// instances, subsets and classes in labelled groups; columns are the neurons
// of the selected layer in the chosen order; colour is activation on a
// perceptually uniform scale (diverging when signed) with a legend.

import { h, hiDPICanvas, tooltip, themeColors, watchWidth } from "./dom.js";
import { activationScale, quantisedLUT } from "./colors.js";
import { rowsFor, slots, resolveOrder, columnRanges, quantiseColumn } from "./rows.js";
import { suggestPanel } from "./suggest.js";
import { absMax } from "./attrib.js";

const ROWH = 14;
const LABELW = 180;

function fmt(v) {
  if (Number.isNaN(v)) return "n/a";
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toFixed(3);
}

export default {
  render({ model, el }) {
    const root = h("div", { class: "av-view av-matrix", "data-activis-view": "matrix" });
    const title = h("span", { class: "av-title" });
    const bySel = h("select", { "aria-label": "order neurons by" },
      ...[["variance", "sort: variance"], ["clustered", "sort: clustered"], ["row", "sort: by row"], ["difference", "sort: row A − row B"], ["index", "sort: index"]]
        .map(([v, t]) => h("option", { value: v }, t)));
    const aSel = h("select", { "aria-label": "row A" });
    const bSel = h("select", { "aria-label": "row B" });
    const kernel = model.get("kernel");
    const exprIn = h("input", { type: "text", class: "av-expr", placeholder: kernel ? "subset expression, e.g. label == \"Shirt\"" : "subset expressions need a running kernel", "aria-label": "subset expression", disabled: !kernel });
    const addBtn = h("button", { type: "button", disabled: !kernel }, "Add subset");
    const msg = h("span", { class: "av-msg", role: "status" });
    const payload0 = model.get("payload");
    const canContrib = !!(payload0.attrib && payload0.attrib.contrib);
    const scaleSel = h("select", { "aria-label": "colour scale", "data-activis-control": "scale" },
      h("option", { value: "global" }, "colour: global scale"), h("option", { value: "neuron" }, "colour: per neuron"),
      canContrib ? h("option", { value: "contrib" }, "colour: contribution to class") : null);
    scaleSel.addEventListener("change", () => model.set("colorScale", scaleSel.value));
    // The class whose logit the contributions are to (mode "contrib").
    const classSel = h("select", { "aria-label": "contribution to class", "data-activis-control": "class", hidden: true },
      ...payload0.classes.map((c, i) => h("option", { value: String(i) }, c)));
    classSel.addEventListener("change", () => model.set("contribClass", +classSel.value));
    const head = h("div", { class: "av-head" }, title, bySel, aSel, bSel, scaleSel, classSel);
    const exprRow = h("div", { class: "av-head av-exprrow" }, exprIn, addBtn, msg);
    const labels = h("div", { class: "av-rowlabels" });
    const cv = hiDPICanvas("av-matrix-canvas");
    cv.canvas.setAttribute("tabindex", "0");
    cv.canvas.setAttribute("aria-label", "activation matrix");
    const body = h("div", { class: "av-matrix-body" }, labels, cv.canvas);
    const legend = h("div", { class: "av-legend" });
    // The suggested subsets sit beside the matrix (below it when narrow).
    const main = h("div", { class: "av-matrix-main" }, head, exprRow, body, legend);
    const sugg = suggestPanel(model);
    root.append(h("div", { class: "av-matrix-split" }, main, sugg.el));
    el.append(root);
    const tip = tooltip(el.closest(".activis-root") || el);
    let view = null; // {layer, rows, slots, order, width, cellW}
    let hoverSlot = -1;

    addBtn.addEventListener("click", () => {
      const e = exprIn.value.trim();
      if (!e) return;
      model.send({ type: "subset", name: e, expr: e });
      model.set("message", "sent to kernel: " + e);
    });
    exprIn.addEventListener("keydown", (ev) => { if (ev.key === "Enter") addBtn.click(); });
    const onOrder = () => {
      model.set("order", { by: bySel.value, a: aSel.value, b: bSel.value });
    };
    bySel.addEventListener("change", onOrder);
    aSel.addEventListener("change", onOrder);
    bSel.addEventListener("change", onOrder);

    // Contributions are asked of the kernel once per layer, class and set
    // of kernel rows; rows made in the view have none (drawn as missing).
    let asked = "";
    function contribFor(layer, rows) {
      const cls = model.get("contribClass") || 0;
      const c = model.get("contrib");
      const kernelRows = rows.filter((r) => !r.client).map((r) => r.name);
      const fresh = c && c.layer === layer.name && c.class === cls && kernelRows.every((n) => c.rows.has(n));
      const key = layer.name + "\u0000" + cls + "\u0000" + kernelRows.join("\u0000");
      if (!fresh && key !== asked) {
        asked = key;
        model.set("contribError", "");
        if (model.get("kernel")) {
          model.send({ type: "contributions", layer: layer.name, class: cls });
          model.set("message", "computing contributions to " + model.get("payload").classes[cls] + " in the kernel…");
        } else {
          model.set("message", "contributions need a running kernel (ex.Contributions)");
        }
      }
      return c && c.layer === layer.name && c.class === cls ? c : null;
    }

    function fillRowSelect(sel, rows, keep) {
      sel.replaceChildren(...rows.map((r) => h("option", { value: r.key }, r.name)));
      if (keep && rows.some((r) => r.key === keep)) sel.value = keep;
    }

    function draw() {
      const layer = model.layer();
      if (!layer) { title.textContent = "Activation matrix: no layers"; return; }
      const rows = rowsFor(layer, model.get("clientRows"), model.get("removed"));
      const sl = slots(rows);
      const req = model.get("order");
      const order = resolveOrder(layer, rows, req);
      bySel.value = req.by || "variance";
      fillRowSelect(aSel, rows, req.a);
      fillRowSelect(bSel, rows, req.b || (rows[1] && rows[1].key));
      aSel.hidden = !(req.by === "row" || req.by === "difference");
      bSel.hidden = req.by !== "difference";
      title.textContent = "Activations · " + layer.name + " · " + layer.neurons + " neurons";
      msg.textContent = layer.missing ? (model.get("kernel") ? "computing this layer in the kernel…" : "This layer's statistics are not embedded (large layer): select it in the kernel with ex.SelectLayer.") : model.get("message");
      root.setAttribute("data-layer", layer.name);
      root.setAttribute("data-columns", String(layer.neurons));
      root.setAttribute("data-rows", String(rows.length));
      // The canvas takes what the row labels leave of the body's width.
      const width = Math.max(120, Math.floor((body.clientWidth || 860) - (labels.offsetWidth || LABELW) - 8));
      const height = sl.length * ROWH;
      cv.resize(width, height);
      // Rows × neurons image at one pixel per cell, scaled onto the canvas.
      const d = order.length;
      const mode = model.get("colorScale");
      const contribMode = mode === "contrib" && canContrib;
      const perNeuron = mode === "neuron";
      scaleSel.value = contribMode ? "contrib" : perNeuron ? "neuron" : "global";
      classSel.hidden = !contribMode;
      classSel.value = String(model.get("contribClass") || 0);
      const ramps = model.get("payload").ramps;
      // In contribution mode each row's values are its contributions (NaN
      // until they arrive), on a diverging scale symmetric around 0.
      const contrib = contribMode ? contribFor(layer, rows) : null;
      const nan = new Float32Array(layer.neurons).fill(NaN);
      const valuesOf = contribMode ? (r) => (contrib && !r.client && contrib.rows.get(r.name)) || nan : (r) => r.values;
      const cm = contribMode ? absMax(rows.map(valuesOf)) : 0;
      root.setAttribute("data-color", contribMode ? "contrib:" + (model.get("contribClass") || 0) : mode || "global");
      root.setAttribute("data-contrib", contribMode ? (contrib ? "ready" : "pending") : "");
      const lut = contribMode ? quantisedLUT(-cm, cm, true, ramps) : perNeuron ? quantisedLUT(0, 1, false, ramps) : quantisedLUT(layer.lo, layer.hi, layer.signed, ramps);
      const img = new ImageData(Math.max(1, d), Math.max(1, sl.length));
      const lo = contribMode ? -cm : layer.lo;
      const span = contribMode ? 2 * cm : layer.hi - layer.lo || 1;
      const cols = perNeuron ? columnRanges(rows, layer.neurons) : null;
      sl.forEach((r, i) => {
        if (r.header) return;
        const vals = valuesOf(r);
        for (let c = 0; c < d; c++) {
          const v = vals[order[c]];
          const q = Number.isNaN(v) ? 255 : cols ? quantiseColumn(v, cols, order[c]) : Math.max(0, Math.min(254, Math.round(((v - lo) / span) * 254)));
          const o = 4 * (i * d + c);
          img.data[o] = lut[3 * q]; img.data[o + 1] = lut[3 * q + 1]; img.data[o + 2] = lut[3 * q + 2]; img.data[o + 3] = 255;
        }
      });
      const off = document.createElement("canvas");
      off.width = img.width; off.height = img.height;
      off.getContext("2d").putImageData(img, 0, 0);
      view = { layer, rows, sl, order, width, height, off, cellW: width / Math.max(1, d), valuesOf, contrib };
      paint();
      drawLabels(sl, model.get("hover"));
      if (contribMode) drawContribLegend(contrib, cm);
      else drawLegend(layer, perNeuron);
    }

    function paint() {
      if (!view) return;
      const { sl, width, height, off } = view;
      const ctx = cv.ctx;
      ctx.clearRect(0, 0, width, height);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(off, 0, 0, width, height);
      const th = themeColors(root);
      const hover = model.get("hover");
      sl.forEach((r, i) => {
        ctx.fillStyle = th.bg;
        if (r.header) ctx.fillRect(0, i * ROWH, width, ROWH);
        else ctx.fillRect(0, i * ROWH + ROWH - 1, width, 1);
      });
      sl.forEach((r, i) => {
        if (r.header) return;
        if ((hover && hover.rowKey === r.key) || i === hoverSlot) {
          ctx.strokeStyle = th.accent; ctx.lineWidth = 2; ctx.strokeRect(1, i * ROWH + 1, width - 2, ROWH - 3);
        }
      });
      for (const div of labels.children) {
        const k = div.getAttribute("data-key");
        div.classList.toggle("av-hl", !!(hover && k && hover.rowKey === k));
      }
    }

    function drawLabels(sl, hover) {
      labels.replaceChildren(...sl.map((r) => {
        if (r.header) return h("div", { class: "av-rowhead" }, r.header + " (" + r.size + ")");
        const count = r.kind === "instance" ? "" : r.client && r.used !== r.count ? ` (${r.used}/${r.count})` : r.count ? ` (${r.count})` : "";
        const lab = h("span", { class: "av-rowname", title: (r.expr || r.name) + count }, r.name + count);
        const rm = h("button", { type: "button", class: "av-rm", "aria-label": "remove row " + r.name, title: "remove row" }, "×");
        rm.addEventListener("click", (ev) => { ev.stopPropagation(); model.removeRow(r); });
        const div = h("div", { class: "av-row" + (hover && hover.rowKey === r.key ? " av-hl" : ""), tabindex: 0, "data-row": r.name, "data-activis-row": r.name, "data-key": r.key }, lab, rm);
        const hi = () => model.set("hover", { rowKey: r.key, points: model.pointsOfRow(r), source: "matrix" });
        div.addEventListener("mouseenter", hi);
        div.addEventListener("focus", hi);
        div.addEventListener("mouseleave", () => model.set("hover", null));
        div.addEventListener("keydown", (ev) => {
          if (ev.key === "Delete" || ev.key === "Backspace") model.removeRow(r);
          if (ev.key === "Enter") model.set("order", { by: "row", a: r.key });
        });
        return div;
      }));
    }

    function drawLegend(layer, perNeuron) {
      if (perNeuron) {
        const sc = activationScale(0, 1, false, model.get("payload").ramps);
        legend.replaceChildren(h("span", {}, "activation, per neuron: each column from its lowest to its highest value over the rows shown"), h("span", {}, "min"), legendStrip(sc, 0, 1), h("span", {}, "max"));
        return;
      }
      const sc = activationScale(layer.lo, layer.hi, layer.signed, model.get("payload").ramps);
      const [d0, d1] = layer.signed ? [sc.domain()[0], sc.domain()[2]] : sc.domain();
      legend.replaceChildren(h("span", {}, "activation" + (layer.signed ? " (diverging at 0)" : "")), h("span", {}, fmt(d0)), legendStrip(sc, d0, d1), h("span", {}, fmt(d1)));
    }

    function drawContribLegend(c, m) {
      const classes = model.get("payload").classes;
      const cls = classes[model.get("contribClass") || 0];
      if (!c) {
        legend.replaceChildren(h("span", {}, model.get("contribError") ? "contributions: " + model.get("contribError") : "contribution to " + cls + ": waiting for the kernel…"));
        return;
      }
      const sc = activationScale(-m, m, true, model.get("payload").ramps);
      const how = c.method === "ablation" ? "logit drop when the neuron is zeroed, mean over " + c.sample + " sampled instances" : "activation × weight to the logit, mean per row";
      legend.replaceChildren(h("span", {}, "contribution to " + cls + " (" + how + ")"), h("span", {}, fmt(-m)), legendStrip(sc, -m, m), h("span", {}, fmt(m)));
    }

    function legendStrip(sc, d0, d1) {
      const strip = document.createElement("canvas");
      strip.width = 160; strip.height = 10;
      strip.className = "av-legend-strip";
      const c2 = strip.getContext("2d");
      for (let x = 0; x < 160; x++) { c2.fillStyle = sc(d0 + ((x + 0.5) / 160) * (d1 - d0)); c2.fillRect(x, 0, 1, 10); }
      return strip;
    }

    cv.canvas.addEventListener("mousemove", (ev) => {
      if (!view) return;
      const r = cv.canvas.getBoundingClientRect();
      const i = Math.floor((ev.clientY - r.top) / ROWH);
      const c = Math.floor((ev.clientX - r.left) / view.cellW);
      const row = view.sl[i];
      if (!row || row.header || c < 0 || c >= view.order.length) { tip.hide(); return; }
      const n = view.order[c];
      const lines = [h("div", { class: "av-strong" }, row.name), "neuron " + n, "value " + fmt(row.values[n])];
      if (view.contrib) lines.push("contribution to " + view.contrib.className + " " + fmt(view.valuesOf(row)[n]));
      if (row.kind !== "instance") lines.push("count " + (row.client ? row.used + " of " + row.count + " with embedded activations" : row.count));
      tip.show(ev, ...lines);
      if (hoverSlot !== i) { hoverSlot = i; model.set("hover", { rowKey: row.key, points: model.pointsOfRow(row), source: "matrix" }); }
    });
    cv.canvas.addEventListener("mouseleave", () => { tip.hide(); hoverSlot = -1; model.set("hover", null); });

    const redraw = () => draw();
    const onMsg = (m) => { msg.textContent = m; };
    const keys = ["layer", "clientRows", "removed", "order", "colorScale", "rows", "contrib", "contribClass", "contribError"];
    for (const k of keys) model.on("change:" + k, redraw);
    model.on("change:hover", paint);
    model.on("change:theme", redraw);
    model.on("change:message", onMsg);
    draw();
    const unwatch = watchWidth(body, redraw);
    return () => {
      unwatch();
      sugg.destroy();
      for (const k of keys) model.off("change:" + k, redraw);
      model.off("change:hover", paint);
      model.off("change:theme", redraw);
      model.off("change:message", onMsg);
    };
  },
};
