// graphs.mjs — synthetic graphs for layout tests and the layout benchmark.

/** A chain of n op nodes with a skip edge every 7 nodes (residual-like). */
export function chainWithSkips(n, groupEvery = 0) {
  const nodes = [], edges = [];
  for (let i = 0; i < n; i++) {
    const group = groupEvery ? "block" + Math.floor(i / groupEvery) : "";
    nodes.push({ id: "n" + i, name: (group ? group + "/" : "") + "n" + i, op: "Op", group, data: i % 3 === 0, layer: i % 3 === 0 ? "t" + i : "" });
    if (i) edges.push(["n" + (i - 1), "n" + i]);
    if (i > 5 && i % 7 === 0) edges.push(["n" + (i - 5), "n" + i]);
  }
  return { nodes, edges };
}
