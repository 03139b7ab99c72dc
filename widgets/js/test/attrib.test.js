import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeContributions, applyKernelData, absMax } from "../src/attrib.js";
import { suggestionPoints, hasRow, suggestionStats } from "../src/suggest.js";
import { createModel } from "../src/model.js";

const f32 = (vals) => Buffer.from(new Float32Array(vals).buffer).toString("base64");

test("contributions decode per row name", () => {
  const c = decodeContributions({ type: "contributions", layer: "fc", class: 2, neurons: 2, rows: ["a", "b"], counts: [3, 0], values: f32([1, -2, 0.5, 4]), method: "linear" });
  assert.deepEqual([...c.rows.get("a")], [1, -2]);
  assert.deepEqual([...c.rows.get("b")], [0.5, 4]);
  assert.equal(c.counts.get("b"), 0);
  assert.equal(absMax([...c.rows.values()]), 4);
  assert.equal(absMax([new Float32Array([NaN])]), 1);
});

test("kernel data lands on the model; request errors end the wait", () => {
  const m = createModel({ layers: [], points: { index: [] }, classes: [] });
  assert.equal(applyKernelData(m, { type: "ok" }), false);
  assert.ok(applyKernelData(m, { type: "attribution", index: 4, class: 1, h: 1, w: 2, map: f32([0.25, -1]) }));
  assert.deepEqual([...m.get("attribution").map], [0.25, -1]);
  assert.ok(m.get("attribCache").has("4:1"));
  assert.ok(applyKernelData(m, { type: "error", request: "contributions", message: "no model" }));
  assert.equal(m.get("contribError"), "no model");
});

test("suggestion bitmap, rows and figures", () => {
  // Points 0, 3 and 9 of 10: bits 0 and 3 of byte 0, bit 1 of byte 1.
  const points = Buffer.from([0b1001, 0b10]).toString("base64");
  assert.deepEqual(suggestionPoints({ points }, 10), [0, 3, 9]);
  assert.deepEqual(suggestionPoints({ points }, 5), [0, 3]);
  const layer = { rows: [{ name: "s" }] };
  assert.ok(hasRow(layer, [], new Set(), "s"));
  assert.ok(!hasRow(layer, [], new Set(["k:s"]), "s"));
  assert.ok(hasRow(null, [{ key: "c:1", name: "t" }], new Set(), "t"));
  assert.equal(suggestionStats({ kind: "slice", size: 30, rate: 0.5, rest: 0.1 }), "slice · 30 instances · 50.0% errors (rest 10.0%)");
});
