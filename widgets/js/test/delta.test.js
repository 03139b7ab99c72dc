import { test } from "node:test";
import assert from "node:assert/strict";
import { applyRowsDelta } from "../src/widget.js";
import { base64Bytes } from "../src/decode.js";

// A stand-in for the widget model: get/set with change events counted.
function fakeModel(payload) {
  let p = payload, sets = 0;
  return { get: () => p, set: (_, v) => { p = v; sets++; }, sets: () => sets };
}

const row = (name) => ({ name, kind: "subset", count: 1, member: -1 });

test("applyRowsDelta: a new first row, a removed row, kept rows keep their bytes", () => {
  const m = fakeModel({ view: "all", layers: [{ name: "fc", neurons: 2, rows: [row("a"), row("b"), row("c")], mean: new DataView(new Uint8Array([1, 1, 2, 2, 3, 3]).buffer) }] });
  const ok = applyRowsDelta(m, { type: "rows_delta", base: [3], layers: [{ rows: [row("n"), row("a"), row("c")], from: [-1, 0, 2], orders: { v: [1, 0] } }] }, [new DataView(new Uint8Array([9, 8]).buffer)]);
  assert.equal(ok, true);
  const l = m.get().layers[0];
  assert.deepEqual(l.rows.map((r) => r.name), ["n", "a", "c"]);
  assert.deepEqual([...base64Bytes(l.mean)], [9, 8, 1, 1, 3, 3]);
  assert.deepEqual(l.orders, { v: [1, 0] });
  assert.equal(m.get().view, "all");
});

test("applyRowsDelta: refuses a delta made from another payload", () => {
  const p = { layers: [{ name: "fc", neurons: 2, rows: [row("a")], mean: new Uint8Array([1, 1]) }] };
  const m = fakeModel(p);
  assert.equal(applyRowsDelta(m, { base: [2], layers: [{ rows: [row("a")], from: [0] }] }, [new Uint8Array(0)]), false);
  assert.equal(applyRowsDelta(m, { base: [1], layers: [{ rows: [row("a"), row("x")], from: [0, -1] }] }, [new Uint8Array(1)]), false);
  assert.equal(applyRowsDelta(m, { base: [1], layers: [{ rows: [row("a")], from: [5] }] }, [new Uint8Array(0)]), false);
  assert.equal(m.sets(), 0);
  assert.equal(m.get(), p);
});
