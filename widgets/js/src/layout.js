// layout.js — the graph view's pure part: summarising a model graph by
// name-scope groups (collapsed groups become one node) and laying out the
// visible units with @dagrejs/dagre. No DOM here.

import dagre from "@dagrejs/dagre";

/** Splits a scope path "a/b/c" into its prefixes ["a", "a/b", "a/b/c"]. */
export function prefixes(group) {
  if (!group) return [];
  const parts = group.split("/").filter(Boolean);
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

/** Counts the nodes under each group prefix. */
export function groupSizes(nodes) {
  const m = new Map();
  for (const n of nodes) for (const g of prefixes(n.group)) m.set(g, (m.get(g) || 0) + 1);
  return m;
}

/**
 * Returns the default expanded-group set: everything when the graph is small
 * (≤ limit nodes), otherwise nothing (all top-level groups collapsed).
 */
export function defaultExpanded(nodes, limit = 40) {
  if (nodes.length > limit) return new Set();
  return new Set(groupSizes(nodes).keys());
}

/**
 * Maps each node to the visible unit that stands for it: the shallowest
 * collapsed group (holding more than one node) on its path, or the node.
 * Returns { units: [{id, kind:"node"|"group", node?, group?, size, data, layers}], edges: [[a,b]], unitOf: Map }.
 */
export function summarise(graph, expanded) {
  const sizes = groupSizes(graph.nodes);
  const units = new Map();
  const unitOf = new Map();
  for (const n of graph.nodes) {
    let key = null;
    for (const g of prefixes(n.group)) {
      if (!expanded.has(g) && sizes.get(g) > 1) { key = "g:" + g; break; }
    }
    if (key === null) {
      key = "n:" + n.id;
      units.set(key, { id: key, kind: "node", node: n, size: 1, data: !!n.data, layers: n.layer ? [n.layer] : [] });
    } else {
      let u = units.get(key);
      if (!u) {
        u = { id: key, kind: "group", group: key.slice(2), size: 0, data: false, layers: [] };
        units.set(key, u);
      }
      u.size++;
      if (n.data) { u.data = true; if (n.layer) u.layers.push(n.layer); }
    }
    unitOf.set(n.id, key);
  }
  const seen = new Set();
  const edges = [];
  for (const [a, b] of graph.edges) {
    const ua = unitOf.get(a), ub = unitOf.get(b);
    if (!ua || !ub || ua === ub) continue;
    const k = ua + "\u0000" + ub;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push([ua, ub]);
  }
  return { units: [...units.values()], edges, unitOf };
}

/** The label a unit shows. */
export function unitLabel(u) {
  if (u.kind === "group") return u.group.split("/").pop() + " (" + u.size + ")";
  const n = u.node;
  const parts = (n.name || n.id).split("/").filter(Boolean);
  // ONNX exporters name nodes "/scope/Op": show the op and its scope.
  let short = parts.pop() || n.id;
  if (n.op && short.startsWith(n.op) && parts.length) short = parts.pop();
  return n.op ? n.op + " · " + short : short;
}

/**
 * Lays out summarised units with dagre, left to right by default (a
 * notebook cell is wide, not tall); rankdir "TB" stacks ranks top to
 * bottom with tighter spacing. charWidth estimates text width so boxes fit
 * their (truncated) labels.
 * Returns { width, height, rankdir, nodes: Map id → {x,y,width,height}, edges: [{from,to,points}] }.
 */
export function layoutUnits(sum, { charWidth = 6.5, maxChars = 28, height, rankdir = "LR" } = {}) {
  const tb = rankdir === "TB";
  const nodeH = height || (tb ? 20 : 26);
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir, nodesep: tb ? 10 : 12, ranksep: tb ? 13 : 22, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const u of sum.units) {
    const chars = Math.min(maxChars, unitLabel(u).length);
    g.setNode(u.id, { width: Math.max(40, chars * charWidth + 16), height: nodeH });
  }
  for (const [a, b] of sum.edges) g.setEdge(a, b);
  dagre.layout(g);
  const nodes = new Map();
  for (const id of g.nodes()) {
    const n = g.node(id);
    nodes.set(id, { x: n.x, y: n.y, width: n.width, height: n.height });
  }
  const edges = g.edges().map((e) => ({ from: e.v, to: e.w, points: g.edge(e).points }));
  const gg = g.graph();
  return { width: gg.width || 0, height: gg.height || 0, rankdir, nodes, edges };
}

/** The scale at which a layout fits width × maxHeight (at most 1). */
export function fitScale(lay, width, maxHeight) {
  return Math.min(1, width / Math.max(1, lay.width), maxHeight / Math.max(1, lay.height));
}

/**
 * Picks the more legible of a left-to-right and a top-to-bottom dagre
 * layout for a view width × maxHeight: the one drawn at the larger scale
 * (labels are 11 px at scale 1), left to right on a tie since it is
 * shorter. A long chain in a narrow cell thus stacks vertically instead of
 * shrinking to an unreadable row. Only graphs of at most maxUnits visible
 * units are tried both ways. Returns { lay, k }.
 */
export function chooseLayout(sum, width, maxHeight, opts = {}, maxUnits = 40) {
  const lr = layoutUnits(sum, { ...opts, rankdir: "LR" });
  const klr = fitScale(lr, width, maxHeight);
  // Above maxUnits a second dagre run would cost too much (a 100-node
  // layout takes ~150 ms) and neither direction is legible unzoomed.
  if (klr >= 1 || sum.units.length > maxUnits) return { lay: lr, k: klr };
  const tb = layoutUnits(sum, { ...opts, rankdir: "TB" });
  const ktb = fitScale(tb, width, maxHeight);
  return ktb > klr ? { lay: tb, k: ktb } : { lay: lr, k: klr };
}
