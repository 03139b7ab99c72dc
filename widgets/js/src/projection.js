// projection.js — view B2: the 2-D projection of the sampled instances at
// the selected layer, on canvas; coloured by true class, predicted class or
// correctness (legend entries toggle classes); zoom and pan with d3-zoom;
// hover shows the instance; a lasso (d3-polygon) makes a subset row.

import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { scaleLinear } from "d3-scale";
import { extent } from "d3-array";
import { quadtree } from "d3-quadtree";
import { polygonContains } from "d3-polygon";
import { h, hiDPICanvas, tooltip, themeColors, watchWidth, innerWidth, instanceHooks } from "./dom.js";
import { classScale, correctnessColors } from "./colors.js";
import { describePoint } from "./thumb.js";

/** The plot's height for a width: a little less than square, within [240, 400] px. */
export function plotHeight(width) {
  return Math.round(Math.max(240, Math.min(400, width * 0.85)));
}

/** Point positions inside the lasso polygon (screen coordinates). */
export function lassoSelect(xs, ys, polygon, visible) {
  const out = [];
  if (polygon.length < 3) return out;
  for (let k = 0; k < xs.length; k++) {
    if (visible && !visible(k)) continue;
    if (Number.isFinite(xs[k]) && Number.isFinite(ys[k]) && polygonContains(polygon, [xs[k], ys[k]])) out.push(k);
  }
  return out;
}

export default {
  render({ model, el }) {
    const payload = model.get("payload");
    const pts = payload.points;
    const cscale = classScale(payload.classes, payload.classColors);
    const classCol = payload.classes.map((_, i) => cscale(i));
    const root = h("div", { class: "av-view av-projection", "data-activis-view": "projection" });
    const title = h("span", { class: "av-title" });
    // classTitle names what the classes are when they are not true classes
    // (a comparison colours by agreement): then only that colouring is offered.
    const classTitle = payload.classTitle || "true class";
    const modes = payload.classTitle ? [["label", classTitle]] : [["label", classTitle], ["pred", "predicted"], ["correct", "correctness"]];
    const modeBtns = modes.map(([m, t]) => h("button", { type: "button", class: "av-toggle", "data-mode": m }, t));
    const panBtn = h("button", { type: "button", class: "av-toggle", "data-tool": "pan", title: "pan and zoom (P)" }, "pan/zoom");
    const lassoBtn = h("button", { type: "button", class: "av-toggle", "data-tool": "lasso", title: "lasso selection (L)" }, "lasso");
    const resetBtn = h("button", { type: "button", title: "reset zoom (0)" }, "reset");
    const head = h("div", { class: "av-head" }, title, h("span", { class: "av-group-btns", role: "group", "aria-label": "colour by" }, ...modeBtns), h("span", { class: "av-group-btns", role: "group", "aria-label": "tool" }, panBtn, lassoBtn, resetBtn));
    const cv = hiDPICanvas("av-proj-canvas");
    cv.canvas.setAttribute("tabindex", "0");
    cv.canvas.setAttribute("aria-label", "projection scatter plot; L lasso, P pan, +/- zoom, arrows pan");
    const note = h("div", { class: "av-note" });
    const legend = h("div", { class: "av-legend av-classlegend" });
    const hooks = instanceHooks(cv.canvas);
    root.append(head, hooks.wrap, note, legend);
    el.append(root);
    const tip = tooltip(el.closest(".activis-root") || el);
    let tool = "pan";
    let transform = zoomIdentity;
    let st = null; // {proj, x, y, sx, sy, tree}
    let lasso = null;
    let lassoCount = 0;
    const width = () => Math.max(160, Math.floor(innerWidth(root, 420)));

    const z = zoom().scaleExtent([0.5, 40]).filter((ev) => tool === "pan" && !ev.button).on("zoom", (ev) => { transform = ev.transform; paint(); });
    select(cv.canvas).call(z);

    const colorOf = (k) => {
      const m = model.get("colorMode");
      if (m === "correct") {
        if (pts.label[k] < 0 || pts.pred[k] < 0) return correctnessColors.unknown;
        return pts.label[k] === pts.pred[k] ? correctnessColors.correct : correctnessColors.wrong;
      }
      const c = m === "pred" ? pts.pred[k] : pts.label[k];
      return classCol[c] || cscale(c);
    };
    const classOf = (k) => (model.get("colorMode") === "pred" ? pts.pred[k] : pts.label[k]);
    const visible = (k) => !model.get("hidden").has(classOf(k)) || model.get("colorMode") === "correct";

    function setup() {
      const layer = model.layer();
      const proj = layer && layer.proj;
      title.textContent = "Projection · " + (layer ? layer.name : "") + (proj && proj.method ? " · " + proj.method : "");
      root.setAttribute("data-layer", layer ? layer.name : "");
      if (!proj) {
        st = null;
        note.textContent = "No projection embedded for this layer; select it in the kernel (ex.SelectLayer) and display again.";
        root.setAttribute("data-points", "0");
        paint();
        return;
      }
      note.textContent = "";
      const w = width(), H = plotHeight(w);
      const ex = extent(proj.x), ey = extent(proj.y);
      const sx = scaleLinear().domain(ex[0] === undefined ? [0, 1] : ex).range([12, w - 12]).nice();
      const sy = scaleLinear().domain(ey[0] === undefined ? [0, 1] : ey).range([H - 12, 12]).nice();
      const idx = [];
      for (let k = 0; k < pts.n; k++) if (Number.isFinite(proj.x[k]) && Number.isFinite(proj.y[k])) idx.push(k);
      const tree = quadtree().x((k) => proj.x[k]).y((k) => proj.y[k]).addAll(idx);
      st = { proj, sx, sy, tree, w, H };
      root.setAttribute("data-points", String(idx.length));
      paint();
    }

    function screen() {
      const zx = transform.rescaleX(st.sx), zy = transform.rescaleY(st.sy);
      const xs = new Float32Array(pts.n), ys = new Float32Array(pts.n);
      for (let k = 0; k < pts.n; k++) { xs[k] = zx(st.proj.x[k]); ys[k] = zy(st.proj.y[k]); }
      return { xs, ys, zx, zy };
    }

    function paint() {
      // The scales follow the width they were made for (setup redoes them on resize).
      const w = st ? st.w : width(), H = st ? st.H : plotHeight(w);
      cv.resize(w, H);
      const ctx = cv.ctx;
      const th = themeColors(root);
      ctx.clearRect(0, 0, w, H);
      ctx.strokeStyle = th.border;
      ctx.strokeRect(0.5, 0.5, w - 1, H - 1);
      for (const b of modeBtns) b.setAttribute("aria-pressed", String(b.dataset.mode === model.get("colorMode")));
      panBtn.setAttribute("aria-pressed", String(tool === "pan"));
      lassoBtn.setAttribute("aria-pressed", String(tool === "lasso"));
      root.setAttribute("data-zoom", transform.k.toFixed(3) + "," + transform.x.toFixed(1) + "," + transform.y.toFixed(1));
      if (!st) { hooks.set([]); return; }
      const { xs, ys } = screen();
      placeHooks(xs, ys, w, H);
      const hover = model.get("hover");
      const hl = new Set(hover ? hover.points : []);
      const sel = new Set(model.get("selection"));
      const r = pts.n > 5000 ? 1.5 : 2.5;
      ctx.globalAlpha = hl.size ? 0.35 : 0.85;
      // One path per colour: canvas state changes, not points, are what cost.
      const groups = new Map();
      for (let k = 0; k < pts.n; k++) {
        if (!visible(k) || !Number.isFinite(xs[k])) continue;
        const c = colorOf(k);
        let g = groups.get(c);
        if (!g) { g = []; groups.set(c, g); }
        g.push(k);
      }
      for (const [c, ks] of groups) {
        ctx.fillStyle = c;
        ctx.beginPath();
        for (const k of ks) ctx.rect(xs[k] - r, ys[k] - r, 2 * r, 2 * r);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1.5;
      for (const k of new Set([...hl, ...sel])) {
        if (!Number.isFinite(xs[k])) continue;
        ctx.fillStyle = colorOf(k);
        ctx.strokeStyle = hl.has(k) ? th.fg : th.accent;
        ctx.beginPath(); ctx.arc(xs[k], ys[k], r + 2, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      }
      if (lasso && lasso.length > 1) {
        ctx.strokeStyle = th.accent; ctx.setLineDash([4, 3]); ctx.beginPath();
        lasso.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        ctx.closePath(); ctx.stroke(); ctx.setLineDash([]);
      }
    }

    // Hooks follow the drawn points (zoom, pan, hidden classes), at most
    // once per frame.
    let hookFrame = 0;
    function placeHooks(xs, ys, w, H) {
      if (hookFrame) return;
      const run = () => {
        hookFrame = 0;
        const items = [];
        for (let k = 0; k < pts.n; k++) {
          if (!visible(k) || !Number.isFinite(xs[k]) || xs[k] < 0 || ys[k] < 0 || xs[k] > w || ys[k] > H) continue;
          items.push([pts.index[k], xs[k] - 2, ys[k] - 2, 4, 4]);
        }
        hooks.set(items);
      };
      if (typeof requestAnimationFrame === "function") hookFrame = requestAnimationFrame(run);
      else run();
    }

    function drawLegend() {
      const m = model.get("colorMode");
      if (m === "correct") {
        legend.replaceChildren(...[["correct", correctnessColors.correct], ["misclassified", correctnessColors.wrong]].map(([t, c]) =>
          h("span", { class: "av-key" }, h("i", { style: "background:" + c }), t)));
        return;
      }
      const hidden = model.get("hidden");
      legend.replaceChildren(h("span", { class: "av-muted" }, m === "pred" ? "predicted:" : classTitle + ":"), ...payload.classes.map((name, i) => {
        const b = h("button", { type: "button", class: "av-key", "aria-pressed": String(!hidden.has(i)), title: "show/hide " + name }, h("i", { style: "background:" + cscale(i) }), name);
        b.addEventListener("click", () => {
          const s2 = new Set(hidden);
          s2.has(i) ? s2.delete(i) : s2.add(i);
          model.set("hidden", s2);
        });
        return b;
      }));
    }

    function setTool(t) { tool = t; lasso = null; cv.canvas.style.cursor = t === "lasso" ? "crosshair" : "grab"; paint(); }
    modeBtns.forEach((b) => b.addEventListener("click", () => model.set("colorMode", b.dataset.mode)));
    panBtn.addEventListener("click", () => setTool("pan"));
    lassoBtn.addEventListener("click", () => setTool("lasso"));
    resetBtn.addEventListener("click", () => select(cv.canvas).call(z.transform, zoomIdentity));
    cv.canvas.addEventListener("keydown", (ev) => {
      const sel = select(cv.canvas);
      const k = ev.key;
      if (k === "l" || k === "L") setTool("lasso");
      else if (k === "p" || k === "P") setTool("pan");
      else if (k === "+" || k === "=") z.scaleBy(sel, 1.25);
      else if (k === "-") z.scaleBy(sel, 0.8);
      else if (k === "0") z.transform(sel, zoomIdentity);
      else if (k.startsWith("Arrow")) z.translateBy(sel, k === "ArrowLeft" ? 30 : k === "ArrowRight" ? -30 : 0, k === "ArrowUp" ? 30 : k === "ArrowDown" ? -30 : 0);
      else return;
      ev.preventDefault();
    });

    const local = (ev) => { const r = cv.canvas.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
    cv.canvas.addEventListener("pointerdown", (ev) => {
      if (tool !== "lasso" || !st) return;
      lasso = [local(ev)];
      if (cv.canvas.setPointerCapture && ev.pointerId !== undefined) { try { cv.canvas.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic pointer */ } }
    });
    cv.canvas.addEventListener("pointermove", (ev) => {
      if (!st) return;
      const [x, y] = local(ev);
      if (lasso) { lasso.push([x, y]); paint(); return; }
      const zx = transform.rescaleX(st.sx), zy = transform.rescaleY(st.sy);
      const radius = Math.abs(zx.invert(x + 6) - zx.invert(x));
      const k = st.tree.find(zx.invert(x), zy.invert(y), radius);
      if (k === undefined || !visible(k)) {
        tip.hide();
        const cur = model.get("hover");
        if (cur && cur.source === "projection") model.set("hover", null);
        return;
      }
      tip.show(ev, ...describePoint(payload, k));
      const cur = model.get("hover");
      if (!cur || cur.source !== "projection" || cur.points[0] !== k) model.set("hover", { points: [k], source: "projection" });
    });
    cv.canvas.addEventListener("pointerup", () => {
      if (!lasso) return;
      const poly = lasso;
      lasso = null;
      if (poly.length >= 3 && st) {
        const { xs, ys } = screen();
        const members = lassoSelect(xs, ys, poly, visible);
        if (members.length) {
          lassoCount++;
          model.addRow("subset", "lasso " + lassoCount, members);
          model.select(members);
        }
      }
      paint();
    });
    cv.canvas.addEventListener("pointerleave", () => { tip.hide(); const cur = model.get("hover"); if (cur && cur.source === "projection") model.set("hover", null); });

    const onLayer = () => setup();
    const repaint = () => paint();
    const relegend = () => { drawLegend(); paint(); };
    model.on("change:layer", onLayer);
    model.on("change:points", onLayer);
    for (const k of ["hover", "selection", "theme"]) model.on("change:" + k, repaint);
    for (const k of ["colorMode", "hidden"]) model.on("change:" + k, relegend);
    if (!model.get("colorMode")) model.set("colorMode", "label");
    drawLegend();
    setup();
    const unwatch = watchWidth(root, () => setup());
    return () => {
      unwatch();
      model.off("change:layer", onLayer);
      model.off("change:points", onLayer);
      for (const k of ["hover", "selection", "theme"]) model.off("change:" + k, repaint);
      for (const k of ["colorMode", "hidden"]) model.off("change:" + k, relegend);
    };
  },
};
