import { test } from "node:test";
import assert from "node:assert/strict";
import { rowsFor, slots, orderByRow, orderByDifference, resolveOrder, meanOfPoints } from "../src/rows.js";
import { instanceGrid, cellAt } from "../src/grid.js";
import { lassoSelect } from "../src/projection.js";

const layer = {
  name: "fc", neurons: 3, lo: 0, hi: 254,
  rows: [{ name: "cat", kind: "class", count: 5, values: new Float32Array([1, 5, 3]) }, { name: "big", kind: "subset", count: 2, values: new Float32Array([4, 0, 1]) }],
  orders: { variance: [2, 0, 1] },
  // Two sampled points with activations (quantised: value = q).
  acts: new Uint8Array([10, 20, 30, 30, 40, 50]), actRows: 2,
};

test("view rows average the embedded activations of their members", () => {
  const m = meanOfPoints(layer, [0, 1, 5]);
  assert.equal(m.used, 2);
  assert.deepEqual([...m.values], [20, 30, 40]);
});

test("rows are grouped instances, subsets, classes and removed rows vanish", () => {
  const client = [{ key: "c:1", name: "#7", kind: "instance", members: [0] }];
  const rows = rowsFor(layer, client, new Set(["k:big"]));
  assert.deepEqual(rows.map((r) => r.name), ["cat", "#7"]);
  const sl = slots(rows);
  assert.deepEqual(sl.map((s) => s.header || s.name), ["Instances", "#7", "Classes", "cat"]);
});

test("orderings", () => {
  assert.deepEqual(orderByRow(new Float32Array([1, 5, 3])), [1, 2, 0]);
  assert.deepEqual(orderByRow(new Float32Array([NaN, 5, 3])), [1, 2, 0], "NaN last");
  assert.deepEqual(orderByDifference(new Float32Array([1, 5, 3]), new Float32Array([4, 0, 1])), [1, 2, 0]);
  const rows = rowsFor(layer, [], new Set());
  assert.deepEqual(resolveOrder(layer, rows, { by: "variance" }), [2, 0, 1]);
  assert.deepEqual(resolveOrder(layer, rows, { by: "clustered" }), [0, 1, 2], "missing order falls back to index");
  assert.deepEqual(resolveOrder(layer, rows, { by: "difference", a: "k:big", b: "k:cat" }), [0, 2, 1]);
});

test("instance grid puts correct left, misclassified right, one band per class", () => {
  const labels = [0, 0, 0, 1, 1];
  const preds = [0, 1, 0, 1, 0];
  const g = instanceGrid(labels, preds, 2, { width: 400, labelWidth: 100, size: 7, gap: 1 });
  assert.equal(g.bands.length, 2);
  assert.deepEqual([g.bands[0].correct, g.bands[0].wrong], [2, 1]);
  const wrong = g.cells.find((c) => c.k === 1);
  const right = g.cells.find((c) => c.k === 0);
  assert.ok(wrong.x >= g.wrongX && right.x < g.wrongX && right.x >= 100);
  assert.equal(cellAt(g, right.x + 1, right.y + 1).k, 0);
  assert.equal(cellAt(g, 0, 0), null);
  assert.equal(g.bands[0].height, 3 * 8, "a small band keeps room for its label");
  assert.equal(g.bands[1].y, 3 * 8 + 6);
});

// A demo-like sample: 10 classes of 300, about a tenth misclassified.
function sample(perClass = 300, classes = 10) {
  const labels = [], preds = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      labels.push(c);
      preds.push(i % (c === 6 ? 3 : 11) === 0 ? (c + 1) % classes : c);
    }
  }
  return { labels, preds };
}

test("instance grid fits the width: both sides visible at every width", () => {
  const { labels, preds } = sample();
  for (const width of [300, 420, 600, 820, 1200]) {
    const g = instanceGrid(labels, preds, 10, { width, labelWidth: 100, maxHeight: 440 });
    assert.equal(g.cells.length, labels.length, `width ${width}: every instance placed`);
    const maxX = Math.max(...g.cells.map((c) => c.x + c.s));
    assert.ok(maxX <= width, `width ${width}: cells reach ${maxX}`);
    assert.ok(g.wrongX + 76 <= width, `width ${width}: misclassified side starts at ${g.wrongX}`);
    assert.ok(g.cells.some((c) => c.x >= g.wrongX), `width ${width}: misclassified cells shown`);
    assert.ok(g.cells.filter((c) => c.x < g.wrongX).every((c) => c.x + c.s <= g.wrongX), "sides do not overlap");
  }
});

test("instance grid shrinks squares to stay under maxHeight, keeping them large when it can", () => {
  const { labels, preds } = sample();
  const narrow = instanceGrid(labels, preds, 10, { width: 420, labelWidth: 100, maxHeight: 440 });
  const wide = instanceGrid(labels, preds, 10, { width: 1200, labelWidth: 100, maxHeight: 440 });
  assert.ok(narrow.height <= 440, `narrow height ${narrow.height}`);
  assert.ok(wide.size > narrow.size, `wide squares ${wide.size} > narrow ${narrow.size}`);
  assert.ok(narrow.size >= 3, `narrow squares ${narrow.size} px stay visible`);
  assert.ok(narrow.correctCols > narrow.wrongCols, "misclassified are fewer: fewer columns");
  const few = instanceGrid([0, 1], [0, 1], 2, { width: 420, labelWidth: 100, maxHeight: 440 });
  assert.equal(few.size, 7, "a small sample keeps the largest squares");
});

test("lasso selects the points inside the polygon", () => {
  const xs = [1, 5, 20], ys = [1, 5, 20];
  const sq = [[0, 0], [10, 0], [10, 10], [0, 10]];
  assert.deepEqual(lassoSelect(xs, ys, sq), [0, 1]);
  assert.deepEqual(lassoSelect(xs, ys, sq, (k) => k !== 0), [1]);
  assert.deepEqual(lassoSelect(xs, ys, [[0, 0], [1, 1]]), []);
});
