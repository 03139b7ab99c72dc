// layout.bench.mjs — times the graph view's summarise + dagre layout
// (issue 5: a 100-node graph in under 200 ms; a 500-node graph collapsed by
// default). Run: node bench/layout.bench.mjs. Not part of the tests: timing
// on a shared machine is not a pass/fail criterion.

import { summarise, layoutUnits, defaultExpanded } from "../src/layout.js";
import { chainWithSkips } from "./graphs.mjs";

function time(label, fn, reps = 5) {
  fn(); // warm up
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  console.log(`${label}: median ${t[reps >> 1].toFixed(1)} ms (min ${t[0].toFixed(1)}, max ${t[reps - 1].toFixed(1)})`);
}

const g100 = chainWithSkips(100);
time("100 nodes, all shown", () => layoutUnits(summarise(g100, new Set())));
const g500 = chainWithSkips(500, 10);
time("500 nodes in 50 groups, collapsed (default)", () => layoutUnits(summarise(g500, defaultExpanded(g500.nodes))));
time("500 nodes, all expanded", () => layoutUnits(summarise(g500, new Set(g500.nodes.map((n) => n.group)))), 3);
