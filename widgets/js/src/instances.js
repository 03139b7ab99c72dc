// instances.js — view C: the instance panel. Sampled instances grouped by
// true class, correctly classified on the left and misclassified on the
// right, each a small square coloured by its predicted class; hover shows
// the instance, click (or Enter on the focused square) adds it as a matrix row.

import { h, hiDPICanvas, tooltip, themeColors, watchWidth, innerWidth, instanceHooks } from "./dom.js";
import { classScale } from "./colors.js";
import { instanceGrid, cellAt } from "./grid.js";
import { describePoint } from "./thumb.js";
import { attribKey, heatmapCanvas, tokenSpans } from "./attrib.js";

const TOP = 18;
// The panel aims to be about as tall as the projection beside it: squares
// shrink (down to 2 px) until the grid fits this height.
const MAXH = 440;

export default {
  render({ model, el }) {
    const payload = model.get("payload");
    const pts = payload.points;
    const cscale = classScale(payload.classes, payload.classColors);
    const classCol = payload.classes.map((_, i) => cscale(i));
    const root = h("div", { class: "av-view av-instances", "data-activis-view": "instances" });
    const head = h("div", { class: "av-head" }, h("span", { class: "av-title" }, "Instances"),
      h("span", { class: "av-muted" }, "by true class · left: correct · right: misclassified · colour: predicted class · click adds a row"));
    const cv = hiDPICanvas("av-inst-canvas");
    cv.canvas.setAttribute("tabindex", "0");
    cv.canvas.setAttribute("aria-label", "instance panel; arrows move, Enter adds the instance as a row");
    const hooks = instanceHooks(cv.canvas);
    // Input attribution (an occlusion map, or token scores) of the instance
    // clicked or hovered for a moment, asked of the kernel.
    const canAttr = !!(payload.attrib && payload.attrib.input && model.get("kernel"));
    const attrBox = h("div", { class: "av-attr", "data-activis-attribution": "", hidden: !canAttr });
    if (canAttr) attrBox.append(h("div", { class: "av-muted" }, "click an instance (or rest on it) for its input attribution"));
    root.append(head, attrBox, hooks.wrap);
    el.append(root);
    const tip = tooltip(el.closest(".activis-root") || el);
    let grid = null;
    let cursor = -1;

    function paint() {
      const w = Math.max(200, Math.floor(innerWidth(root, 880)));
      const labelWidth = w < 360 ? 78 : 100;
      if (!grid || grid.width !== w) {
        grid = instanceGrid(pts.label, pts.pred, payload.classes.length, { width: w, labelWidth, maxHeight: MAXH });
        grid.width = w;
        grid.labelWidth = labelWidth;
      }
      const H = grid.height + TOP + 4;
      cv.resize(w, H);
      if (hooks.w !== w) {
        hooks.w = w;
        hooks.set(grid.cells.map((c) => [pts.index[c.k], c.x, TOP + c.y, c.s, c.s]));
      }
      root.setAttribute("data-cells", String(grid.cells.length));
      root.setAttribute("data-square", String(grid.size));
      root.setAttribute("data-wrong-visible", String(grid.cells.filter((c) => c.x >= grid.wrongX && c.x + c.s <= w).length));
      // Where the first square is (canvas px): tests and tools click it.
      const c0 = grid.cells[0];
      root.setAttribute("data-cell0", c0 ? `${c0.x + c0.s / 2},${TOP + c0.y + c0.s / 2}` : "");
      const ctx = cv.ctx;
      const th = themeColors(root);
      ctx.clearRect(0, 0, w, H);
      ctx.font = "11px sans-serif";
      ctx.fillStyle = th.muted;
      ctx.fillText("correct", grid.correctX, 12);
      ctx.fillText("misclassified", grid.wrongX, 12);
      ctx.textBaseline = "top";
      for (const b of grid.bands) {
        ctx.fillStyle = th.fg;
        const name = payload.classes[b.cls];
        const max = grid.labelWidth < 100 ? 11 : 15;
        ctx.fillText(name.length > max ? name.slice(0, max - 1) + "…" : name, 2, TOP + b.y);
        ctx.fillStyle = th.muted;
        ctx.fillText(b.correct + " ✓ / " + b.wrong + " ✗", 2, TOP + b.y + 11);
      }
      ctx.textBaseline = "alphabetic";
      const hover = model.get("hover");
      const hl = new Set(hover ? hover.points : []);
      const sel = new Set(model.get("selection"));
      // One path per (colour, dimmed) pair: few canvas state changes.
      const groups = new Map();
      for (const c of grid.cells) {
        const key = (hl.size && !hl.has(c.k) ? "d" : "n") + (classCol[pts.pred[c.k]] || cscale(pts.pred[c.k]));
        let g = groups.get(key);
        if (!g) { g = []; groups.set(key, g); }
        g.push(c);
      }
      for (const [key, cells] of groups) {
        ctx.globalAlpha = key[0] === "d" ? 0.35 : 1;
        ctx.fillStyle = key.slice(1);
        ctx.beginPath();
        for (const c of cells) ctx.rect(c.x, TOP + c.y, c.s, c.s);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1.5;
      grid.cells.forEach((c, i) => {
        if (hl.has(c.k) || sel.has(c.k) || i === cursor) {
          ctx.strokeStyle = i === cursor || hl.has(c.k) ? th.fg : th.accent;
          ctx.strokeRect(c.x - 1, TOP + c.y - 1, c.s + 2, c.s + 2);
        }
      });
    }

    // want is the attribution shown (or awaited): {index, class, k}.
    let want = null;
    let dwell = 0;
    const attrClass = (k) => (model.get("colorScale") === "contrib" ? model.get("contribClass") || 0 : pts.pred[k] >= 0 ? pts.pred[k] : pts.label[k]);
    function askAttribution(k) {
      if (!canAttr || k < 0) return;
      const cls = attrClass(k);
      if (cls < 0) return;
      want = { index: pts.index[k], class: cls, k };
      const cache = model.get("attribCache");
      const got = cache && cache.get(attribKey(want.index, cls));
      if (got) { showAttribution(got); return; }
      attrBox.setAttribute("data-state", "pending");
      model.set("attribError", "");
      model.send({ type: "attribute", index: want.index, class: cls });
      model.set("message", "computing the input attribution of #" + (pts.ids[k] !== undefined ? pts.ids[k] : pts.index[k]) + " in the kernel…");
    }
    function showAttribution(a) {
      if (!a || !want || a.index !== want.index || a.class !== want.class) return;
      const cls = payload.classes[a.class] !== undefined ? payload.classes[a.class] : String(a.class);
      const id = pts.ids[want.k] !== undefined ? pts.ids[want.k] : a.index;
      const pic = a.tokens || a.h === 1 ? tokenSpans(a, payload.ramps) : heatmapCanvas(a, Math.max(2, Math.floor(112 / Math.max(a.w, a.h))), payload.ramps);
      const what = a.method === "occlusion" ? "occlusion (" + a.patch + "×" + a.patch + " patches): red raises, blue lowers the " + a.score + " of " + cls
        : a.method + ": red raises, blue lowers the " + a.score + " of " + cls;
      attrBox.replaceChildren(pic, h("div", { class: "av-attr-cap" }, h("div", { class: "av-strong" }, "#" + id + " → " + cls + " (" + a.score + " " + (a.base || 0).toFixed(3) + ")"), h("div", { class: "av-muted" }, what)));
      attrBox.setAttribute("data-activis-attribution", String(a.index));
      attrBox.setAttribute("data-class", String(a.class));
      attrBox.setAttribute("data-state", "ready");
    }
    const onAttribution = () => showAttribution(model.get("attribution"));
    const onAttribError = () => {
      const e = model.get("attribError");
      if (!e || !want) return;
      attrBox.replaceChildren(h("div", { class: "av-error" }, "attribution: " + e));
      attrBox.setAttribute("data-state", "error");
    };

    const at = (ev) => {
      const r = cv.canvas.getBoundingClientRect();
      return cellAt(grid, ev.clientX - r.left, ev.clientY - r.top - TOP);
    };
    cv.canvas.addEventListener("mousemove", (ev) => {
      const c = grid && at(ev);
      if (!c) { tip.hide(); return; }
      tip.show(ev, ...describePoint(payload, c.k));
      if (canAttr && (!want || want.k !== c.k)) {
        clearTimeout(dwell);
        dwell = setTimeout(() => askAttribution(c.k), 400);
      }
      const cur = model.get("hover");
      if (!cur || cur.source !== "instances" || cur.points[0] !== c.k) model.set("hover", { points: [c.k], source: "instances" });
    });
    cv.canvas.addEventListener("mouseleave", () => { clearTimeout(dwell); tip.hide(); const cur = model.get("hover"); if (cur && cur.source === "instances") model.set("hover", null); });
    cv.canvas.addEventListener("click", (ev) => { const c = grid && at(ev); if (c) { clearTimeout(dwell); model.addInstance(c.k); askAttribution(c.k); } });
    cv.canvas.addEventListener("keydown", (ev) => {
      if (!grid || !grid.cells.length) return;
      const n = grid.cells.length;
      if (ev.key === "ArrowRight" || ev.key === "ArrowDown") cursor = (cursor + (ev.key === "ArrowDown" ? 10 : 1)) % n;
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") cursor = (cursor - (ev.key === "ArrowUp" ? 10 : 1) + n) % n;
      else if ((ev.key === "Enter" || ev.key === " ") && cursor >= 0) { model.addInstance(grid.cells[cursor].k); askAttribution(grid.cells[cursor].k); ev.preventDefault(); return; }
      else return;
      ev.preventDefault();
      model.set("hover", { points: [grid.cells[cursor].k], source: "instances" });
    });
    const repaint = () => paint();
    // The kernel changed the sampled points (a live widget): lay out again.
    const relayout = () => { grid = null; hooks.w = -1; cursor = -1; paint(); };
    for (const k of ["hover", "selection", "theme"]) model.on("change:" + k, repaint);
    model.on("change:points", relayout);
    model.on("change:attribution", onAttribution);
    model.on("change:attribError", onAttribError);
    paint();
    const unwatch = watchWidth(root, () => paint());
    return () => { clearTimeout(dwell); unwatch(); model.off("change:points", relayout); model.off("change:attribution", onAttribution); model.off("change:attribError", onAttribError); for (const k of ["hover", "selection", "theme"]) model.off("change:" + k, repaint); };
  },
};
