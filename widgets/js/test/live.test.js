import { test } from "node:test";
import assert from "node:assert/strict";
import { createModel, instanceName } from "../src/model.js";
import { rowsFor, columnRanges, quantiseColumn } from "../src/rows.js";
import { attrLines } from "../src/thumb.js";
import { decodePayload, base64Bytes } from "../src/decode.js";
import { applyPayload } from "../src/widget.js";

// A payload as the Go side builds it: two layers, three sampled points.
function raw({ index = [4, 9, 2], rows = [{ name: "cat", kind: "class", count: 5, member: -1 }], layer = "fc", buffers = false } = {}) {
  const mean = new Uint8Array(rows.length * 2).fill(100);
  const enc = (b) => (buffers ? new DataView(b.buffer) : Buffer.from(b).toString("base64"));
  return {
    version: 1, view: "all", displayId: "d", title: "t", classes: ["cat", "dog"], classColors: [],
    layer,
    layers: ["fc", "conv"].map((name) => ({ name, neurons: 2, lo: 0, hi: 254, rows, mean: enc(mean), acts: enc(new Uint8Array(index.length * 2).fill(7)), actRows: index.length })),
    points: { index, ids: index.map((i) => "inst-" + i), label: index.map(() => 0), pred: index.map(() => 1),
      attrs: [{ name: "brightness", num: index.map((i) => (i === 9 ? null : i / 8)) }, { name: "source", str: index.map(() => "<b>cam</b>") }] },
  };
}

test("a payload decodes the same from base64 and from binary buffers", () => {
  const a = decodePayload(raw());
  const b = decodePayload(raw({ buffers: true }));
  assert.deepEqual([...a.layers[0].rows[0].values], [...b.layers[0].rows[0].values]);
  assert.deepEqual([...a.layers[1].acts], [...b.layers[1].acts]);
  assert.deepEqual([...base64Bytes(new Uint8Array([1, 2]))], [1, 2]);
  assert.throws(() => base64Bytes(12), /neither base64 nor a buffer/);
});

test("clicking an instance twice adds one row, named as the kernel names it", () => {
  const sent = [];
  const m = createModel(decodePayload(raw()), (msg) => sent.push(msg), { live: true });
  const k1 = m.addInstance(1);
  const k2 = m.addInstance(1);
  assert.equal(k1, k2);
  assert.equal(m.get("clientRows").length, 1);
  assert.equal(m.get("clientRows")[0].name, "inst-9");
  assert.equal(instanceName(m.get("payload").points, 1), "inst-9");
  assert.deepEqual(sent.filter((s) => s.type === "instance"), [{ type: "instance", index: 9 }, { type: "instance", index: 9 }]);
  assert.deepEqual(sent.filter((s) => s.type === "select").map((s) => s.indices), [[9], [9]]);
});

test("without a live widget a click asks the kernel only to select", () => {
  const sent = [];
  const m = createModel(decodePayload(raw()), (msg) => sent.push(msg));
  m.addInstance(0);
  assert.deepEqual(sent.map((s) => s.type), ["select"]);
});

test("an instance the kernel already shows as a row is not added again", () => {
  const rows = [{ name: "inst-2", kind: "instance", count: 1, member: 2 }, { name: "cat", kind: "class", count: 5, member: -1 }];
  const m = createModel(decodePayload(raw({ rows })), null);
  assert.equal(m.addInstance(2), "k:inst-2");
  assert.equal(m.get("clientRows").length, 0);
});

test("a view's instance row gives way to the kernel's row of the same instance", () => {
  const rows = [{ name: "inst-9", kind: "instance", count: 1, member: 9 }];
  const p = decodePayload(raw({ rows }));
  const shown = rowsFor(p.layers[0], [{ key: "c:1", name: "inst-9", kind: "instance", members: [1] }, { key: "c:2", name: "lasso 1", kind: "subset", members: [0, 1] }], new Set());
  assert.deepEqual(shown.map((r) => r.name), ["inst-9", "lasso 1"]);
});

test("per-neuron colour normalises each column over the rows shown", () => {
  const rows = [{ values: new Float32Array([0, 10]) }, { values: new Float32Array([2, 30]) }, { values: new Float32Array([NaN, 20]) }];
  const c = columnRanges(rows, 2);
  assert.deepEqual([...c.lo], [0, 10]);
  assert.deepEqual([...c.hi], [2, 30]);
  assert.equal(quantiseColumn(1, c, 0), 127);
  assert.equal(quantiseColumn(20, c, 1), 127);
  assert.equal(quantiseColumn(30, c, 1), 254);
  assert.equal(quantiseColumn(NaN, c, 1), 255);
  assert.equal(quantiseColumn(5, { lo: new Float32Array([5]), hi: new Float32Array([5]) }, 0), 0, "a flat column");
});

test("extra columns show in the tooltip as text, missing numbers as n/a", () => {
  const p = decodePayload(raw());
  assert.deepEqual(attrLines(p.points.attrs, 0), ["brightness: 0.5", "source: <b>cam</b>"]);
  assert.deepEqual(attrLines(p.points.attrs, 1), ["brightness: n/a", "source: <b>cam</b>"]);
});

test("a kernel update applies in place: view rows, removals, sort and selection survive", () => {
  const m = createModel(decodePayload(raw()), () => {}, { live: true });
  const lassoKey = m.addRow("subset", "lasso 1", [0, 1]); // points inst-4, inst-9
  m.set("order", { by: "row", a: lassoKey });
  m.set("removed", new Set(["k:cat"]));
  m.set("selection", [1]);
  const seen = [];
  for (const k of ["rows", "points", "layer"]) m.on("change:" + k, () => seen.push(k));
  const pts = m.get("payload").points;
  // The kernel added a subset and an instance: its sample now starts with 2.
  const rows = [{ name: "big", kind: "subset", count: 3, member: -1 }, { name: "cat", kind: "class", count: 5, member: -1 }];
  applyPayload(m, decodePayload(raw({ index: [2, 9, 4], rows, layer: "conv" })));
  assert.equal(m.get("payload").points, pts, "views keep their reference to the points");
  assert.deepEqual([...pts.index], [2, 9, 4]);
  assert.deepEqual(m.get("clientRows")[0].members, [2, 1], "view rows follow their instances");
  assert.deepEqual(m.get("selection"), [1]);
  assert.deepEqual(m.get("order"), { by: "row", a: lassoKey });
  assert.ok(m.get("removed").has("k:cat"));
  assert.equal(m.get("layer"), "conv");
  assert.deepEqual(seen, ["points", "layer", "rows"]);
  assert.deepEqual(m.layer().rows.map((r) => r.name), ["big", "cat"]);
});
