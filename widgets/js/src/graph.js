// graph.js — view A: the model's computation graph as a layered DAG,
// summarised by name-scope groups (click a group to expand it), op type and
// shapes on hover, data nodes marked; clicking a data node selects its layer
// for the matrix and the projection.

import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { h, s, tooltip, watchWidth, innerWidth } from "./dom.js";
import { defaultExpanded, groupSizes, summarise, chooseLayout, unitLabel } from "./layout.js";

// The graph may be this tall: enough for a 12-node chain stacked top to
// bottom at full size (labels 11 px).
const MAXH = 400;

function truncate(t, n = 28) {
  return t.length > n ? t.slice(0, n - 1) + "…" : t;
}

export default {
  render({ model, el }) {
    const payload = model.get("payload");
    const graph = payload.graph;
    const root = h("div", { class: "av-view av-graph", "data-activis-view": "graph" });
    const crumbs = h("div", { class: "av-crumbs" });
    const head = h("div", { class: "av-head" }, h("span", { class: "av-title" }, "Graph"), crumbs);
    const svg = s("svg", { class: "av-graph-svg", role: "group", "aria-label": "computation graph" });
    const layerG = s("g");
    svg.append(layerG);
    root.append(head, svg);
    el.append(root);
    const tip = tooltip(el.closest(".activis-root") || el);
    let expanded = defaultExpanded(graph.nodes);
    const z = zoom().scaleExtent([0.1, 4]).on("zoom", (ev) => layerG.setAttribute("transform", ev.transform.toString()));
    select(svg).call(z).on("dblclick.zoom", null);

    function activate(u) {
      if (u.kind === "group") {
        expanded = new Set(expanded);
        expanded.add(u.group);
        draw(true);
      } else if (u.data && u.layers[0]) {
        model.set("layer", u.layers[0]);
        // With a kernel the explorer follows; its update redraws the output.
        model.send({ type: "layer", layer: u.layers[0] });
      }
    }

    function draw(refit) {
      const sum = summarise(graph, expanded);
      const w = Math.max(160, Math.floor(innerWidth(root, 860)));
      const { lay, k } = chooseLayout(sum, w, MAXH);
      root.setAttribute("data-rankdir", lay.rankdir);
      layerG.replaceChildren();
      root.setAttribute("data-units", String(sum.units.length));
      const sizes = groupSizes(graph.nodes);
      crumbs.replaceChildren(...[...expanded].sort().filter((g) => sizes.get(g) > 1).slice(0, 12).map((g) =>
        h("button", { class: "av-chip", type: "button", title: "collapse " + g, onclick: () => { expanded = new Set([...expanded].filter((x) => x !== g && !x.startsWith(g + "/"))); draw(true); } }, "− " + g)));
      for (const e of lay.edges) {
        const d = e.points.map((p, i) => (i ? "L" : "M") + p.x.toFixed(1) + "," + p.y.toFixed(1)).join("");
        layerG.append(s("path", { d, class: "av-edge", "marker-end": "" }));
      }
      const selected = model.get("layer");
      for (const u of sum.units) {
        const p = lay.nodes.get(u.id);
        const isSel = u.layers.includes(selected);
        const cls = "av-node" + (u.kind === "group" ? " av-group" : "") + (u.data ? " av-data" : "") + (isSel ? " av-selected" : "");
        const g = s("g", { class: cls, transform: `translate(${p.x - p.width / 2},${p.y - p.height / 2})`, tabindex: 0, role: "button" });
        g.setAttribute("data-unit", u.id);
        if (u.data) g.setAttribute("data-layer", u.layers[0] || "");
        const label = unitLabel(u);
        g.setAttribute("aria-label", (u.kind === "group" ? "group " : u.data ? "data node " : "node ") + label);
        g.append(s("rect", { width: p.width, height: p.height, rx: u.data ? 10 : 3 }));
        const t = s("text", { x: p.width / 2, y: p.height / 2 + 4, "text-anchor": "middle" });
        t.textContent = (u.kind === "group" ? "+ " : u.data ? "◆ " : "") + truncate(label);
        g.append(t);
        const info = () => {
          if (u.kind === "group") return [h("div", { class: "av-strong" }, u.group), u.size + " nodes" + (u.data ? ", contains data nodes" : ""), "click to expand"];
          const n = u.node;
          const lines = [h("div", { class: "av-strong" }, n.name || n.id)];
          if (n.op) lines.push("op: " + n.op);
          for (const sh of n.shapes || []) lines.push(sh);
          if (u.data) lines.push("data node — click to show layer " + u.layers[0]);
          return lines;
        };
        g.addEventListener("mousemove", (ev) => tip.show(ev, ...info()));
        g.addEventListener("mouseleave", () => tip.hide());
        g.addEventListener("click", () => activate(u));
        g.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); activate(u); } });
        layerG.append(g);
      }
      svg.setAttribute("width", "100%");
      svg.setAttribute("height", String(Math.max(60, Math.ceil(lay.height * k) + 4)));
      root.setAttribute("data-scale", k.toFixed(3));
      if (refit) {
        const tx = Math.max(0, (w - lay.width * k) / 2);
        select(svg).call(z.transform, zoomIdentity.translate(tx, 0).scale(k));
      }
    }
    draw(true);
    const onLayer = () => draw(false);
    model.on("change:layer", onLayer);
    // A new width may call for the other direction: lay out and fit again.
    const unwatch = watchWidth(root, () => draw(true));
    return () => { unwatch(); model.off("change:layer", onLayer); };
  },
};
