import { test } from "node:test";
import assert from "node:assert/strict";
import { chainWithSkips } from "../bench/graphs.mjs";
import { prefixes, summarise, layoutUnits, defaultExpanded, unitLabel, chooseLayout } from "../src/layout.js";

const graph = {
  nodes: [
    { id: "in", name: "input", op: "Input", group: "" },
    { id: "c1", name: "block1/conv", op: "Conv", group: "block1" },
    { id: "r1", name: "block1/relu", op: "Relu", group: "block1", data: true, layer: "block1/relu:0" },
    { id: "fc", name: "head/fc", op: "Gemm", group: "head" },
    { id: "sm", name: "head/softmax", op: "Softmax", group: "head", data: true, layer: "probs" },
  ],
  edges: [["in", "c1"], ["c1", "r1"], ["r1", "fc"], ["fc", "sm"]],
};

test("prefixes of a scope path", () => {
  assert.deepEqual(prefixes("a/b/c"), ["a", "a/b", "a/b/c"]);
  assert.deepEqual(prefixes(""), []);
});

test("collapsed groups become one unit carrying their data layers", () => {
  const s = summarise(graph, new Set());
  assert.equal(s.units.length, 3);
  const b1 = s.units.find((u) => u.id === "g:block1");
  assert.equal(b1.size, 2);
  assert.ok(b1.data);
  assert.deepEqual(b1.layers, ["block1/relu:0"]);
  assert.deepEqual(s.edges, [["n:in", "g:block1"], ["g:block1", "g:head"]]);
});

test("expanding a group shows its nodes and their edges", () => {
  const s = summarise(graph, new Set(["block1"]));
  assert.equal(s.units.length, 4);
  assert.ok(s.edges.some(([a, b]) => a === "n:c1" && b === "n:r1"));
});

test("small graphs start expanded, large ones collapsed", () => {
  assert.equal(defaultExpanded(graph.nodes).size, 2);
  assert.equal(defaultExpanded(graph.nodes, 3).size, 0);
});

test("dagre layout ranks a chain left to right (or top to bottom)", () => {
  const s = summarise(graph, new Set(["block1", "head"]));
  const l = layoutUnits(s);
  const x = (id) => l.nodes.get(id).x;
  assert.ok(x("n:in") < x("n:c1") && x("n:c1") < x("n:r1") && x("n:r1") < x("n:fc"));
  assert.equal(l.edges.length, 4);
  const v = layoutUnits(s, { rankdir: "TB" });
  const y = (id) => v.nodes.get(id).y;
  assert.ok(y("n:in") < y("n:c1") && y("n:c1") < y("n:r1"));
});

test("node labels show op and scope", () => {
  const s = summarise({ nodes: [{ id: "0", name: "/conv1/Conv", op: "Conv", group: "conv1" }, { id: "1", name: "fc", op: "Gemm" }], edges: [] }, new Set(["conv1"]));
  assert.deepEqual(s.units.map(unitLabel), ["Conv · conv1", "Gemm · fc"]);
  assert.equal(unitLabel(summarise(graph, new Set()).units[1]), "block1 (2)");
});

test("a 100-node graph with skip edges gets a position for every node", () => {
  const { nodes, edges } = chainWithSkips(100);
  const l = layoutUnits(summarise({ nodes, edges }, new Set()));
  assert.equal(l.nodes.size, 100);
  for (const p of l.nodes.values()) assert.ok(Number.isFinite(p.x) && Number.isFinite(p.y));
  assert.ok(l.nodes.get("n:n0").x < l.nodes.get("n:n99").x);
});

test("a long chain stacks top to bottom in a narrow view so labels stay at least 10 px", () => {
  const ops = ["Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Dropout", "Gemm"];
  const nodes = ops.map((op, i) => ({ id: "n" + i, name: "/layer" + i + "/" + op, op, group: "", data: true, layer: "l" + i }));
  const edges = ops.slice(1).map((_, i) => ["n" + i, "n" + (i + 1)]);
  const sum = summarise({ nodes, edges }, new Set());
  for (const width of [560, 790, 870]) {
    const { lay, k } = chooseLayout(sum, width, 400);
    assert.equal(lay.rankdir, "TB", `width ${width}`);
    assert.ok(11 * k >= 10, `width ${width}: labels ${(11 * k).toFixed(1)} px`);
  }
  const short = summarise({ nodes: nodes.slice(0, 3), edges: edges.slice(0, 2) }, new Set());
  assert.equal(chooseLayout(short, 870, 440).lay.rankdir, "LR", "a short chain that fits stays left to right");
});
