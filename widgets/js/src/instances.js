// instances.js — view C: the instance panel. Sampled instances grouped by
// true class, correctly classified on the left and misclassified on the
// right, each a small square coloured by its predicted class; hover shows
// the instance, click (or Enter on the focused square) adds it as a matrix row.

import { h, hiDPICanvas, tooltip, themeColors, watchWidth, innerWidth, instanceHooks } from "./dom.js";
import { classScale } from "./colors.js";
import { instanceGrid, cellAt } from "./grid.js";
import { describePoint } from "./thumb.js";

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
    root.append(head, hooks.wrap);
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

    const at = (ev) => {
      const r = cv.canvas.getBoundingClientRect();
      return cellAt(grid, ev.clientX - r.left, ev.clientY - r.top - TOP);
    };
    cv.canvas.addEventListener("mousemove", (ev) => {
      const c = grid && at(ev);
      if (!c) { tip.hide(); return; }
      tip.show(ev, ...describePoint(payload, c.k));
      const cur = model.get("hover");
      if (!cur || cur.source !== "instances" || cur.points[0] !== c.k) model.set("hover", { points: [c.k], source: "instances" });
    });
    cv.canvas.addEventListener("mouseleave", () => { tip.hide(); const cur = model.get("hover"); if (cur && cur.source === "instances") model.set("hover", null); });
    cv.canvas.addEventListener("click", (ev) => { const c = grid && at(ev); if (c) model.addInstance(c.k); });
    cv.canvas.addEventListener("keydown", (ev) => {
      if (!grid || !grid.cells.length) return;
      const n = grid.cells.length;
      if (ev.key === "ArrowRight" || ev.key === "ArrowDown") cursor = (cursor + (ev.key === "ArrowDown" ? 10 : 1)) % n;
      else if (ev.key === "ArrowLeft" || ev.key === "ArrowUp") cursor = (cursor - (ev.key === "ArrowUp" ? 10 : 1) + n) % n;
      else if ((ev.key === "Enter" || ev.key === " ") && cursor >= 0) { model.addInstance(grid.cells[cursor].k); ev.preventDefault(); return; }
      else return;
      ev.preventDefault();
      model.set("hover", { points: [grid.cells[cursor].k], source: "instances" });
    });
    const repaint = () => paint();
    // The kernel changed the sampled points (a live widget): lay out again.
    const relayout = () => { grid = null; hooks.w = -1; cursor = -1; paint(); };
    for (const k of ["hover", "selection", "theme"]) model.on("change:" + k, repaint);
    model.on("change:points", relayout);
    paint();
    const unwatch = watchWidth(root, () => paint());
    return () => { unwatch(); model.off("change:points", relayout); for (const k of ["hover", "selection", "theme"]) model.off("change:" + k, repaint); };
  },
};
