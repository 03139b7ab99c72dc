import { test } from "node:test";
import assert from "node:assert/strict";
import { base64Bytes, base64Float32, dequantise, decodePayload, pointActs } from "../src/decode.js";

const b64 = (arr) => Buffer.from(arr).toString("base64");
const f32 = (vals) => Buffer.from(new Float32Array(vals).buffer).toString("base64");

test("base64Bytes round-trips bytes", () => {
  assert.deepEqual([...base64Bytes(b64([0, 1, 254, 255]))], [0, 1, 254, 255]);
  assert.equal(base64Bytes("").length, 0);
});

test("base64Float32 reads little-endian float32", () => {
  assert.deepEqual([...base64Float32(f32([1.5, -2, 0]))], [1.5, -2, 0]);
});

test("dequantise maps 0 and 254 to the range ends and 255 to NaN", () => {
  for (const [q, lo, hi, want] of [[0, -1, 3, -1], [254, -1, 3, 3], [127, 0, 254, 127]]) {
    assert.ok(Math.abs(dequantise(q, lo, hi) - want) < 1e-9, `q=${q}`);
  }
  assert.ok(Number.isNaN(dequantise(255, 0, 1)));
});

test("decodePayload decodes rows, activations and projections", () => {
  const p = decodePayload({
    version: 1, layer: "fc", classes: ["a", "b"],
    layers: [{ name: "fc", neurons: 2, lo: 0, hi: 2, mean: b64([0, 254, 127, 0]), rows: [{ name: "a", kind: "class", count: 3 }, { name: "b", kind: "class", count: 1 }],
      acts: b64([254, 254]), actRows: 1, proj: { x: f32([1, 2]), y: f32([3, 4]) } }],
    points: { index: [7, 9], ids: ["x", "y"], label: [0, 1], pred: [0, 0] },
  });
  const l = p.layers[0];
  assert.deepEqual([...l.rows[0].values], [0, 2]);
  assert.ok(Math.abs(l.rows[1].values[0] - 1) < 1e-6);
  assert.deepEqual([...l.proj.y], [3, 4]);
  assert.equal(p.points.n, 2);
  assert.deepEqual([...pointActs(l, 0)], [2, 2]);
  assert.equal(pointActs(l, 1), null, "point without embedded activations");
});

test("decodePayload rejects unknown versions", () => {
  assert.throws(() => decodePayload({ version: 2 }), /version/);
});
