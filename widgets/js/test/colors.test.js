import { test } from "node:test";
import assert from "node:assert/strict";
import { activationScale, quantisedLUT, classScale, rgbOf, missingColor } from "../src/colors.js";

test("sequential scale runs dark to bright (viridis) over [lo, hi]", () => {
  const s = activationScale(0, 10, false);
  const lum = (c) => { const [r, g, b] = rgbOf(c); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  assert.ok(lum(s(0)) < lum(s(5)) && lum(s(5)) < lum(s(10)));
  assert.equal(s(-5), s(0), "clamped below");
});

test("signed scale diverges around zero with a symmetric domain", () => {
  const s = activationScale(-1, 4, true);
  assert.deepEqual(s.domain(), [-4, 0, 4]);
  const [r0, g0, b0] = rgbOf(s(0));
  assert.ok(Math.abs(r0 - b0) < 20 && r0 > 200 && g0 > 200, "centre is light and neutral: " + s(0));
  const [rp, , bp] = rgbOf(s(4));
  const [rn, , bn] = rgbOf(s(-4));
  assert.ok(rp > bp, "positive is warm");
  assert.ok(bn > rn, "negative is cool");
});

test("quantised LUT matches the scale and marks 255 missing", () => {
  const lut = quantisedLUT(0, 1, false);
  const s = activationScale(0, 1, false);
  assert.deepEqual([...lut.subarray(254 * 3, 255 * 3)], rgbOf(s(1)));
  assert.deepEqual([...lut.subarray(255 * 3)], rgbOf(missingColor));
});

test("class scale uses the shipped colours and an unknown colour for -1", () => {
  const s = classScale(["a", "b"], ["#111111", "#222222"]);
  assert.equal(s(1), "#222222");
  assert.equal(s(-1), missingColor);
});

test("rgbOf parses both forms", () => {
  assert.deepEqual(rgbOf("#ff8000"), [255, 128, 0]);
  assert.deepEqual(rgbOf("rgb(1, 2, 3)"), [1, 2, 3]);
});

test("with the payload's ramps the scale picks colour round(t·255), as the Go snapshot does", () => {
  const seq = Array.from({ length: 256 }, (_, i) => "#" + i.toString(16).padStart(2, "0") + "0000");
  const div = Array.from({ length: 256 }, (_, i) => "#0000" + i.toString(16).padStart(2, "0"));
  const s = activationScale(0, 10, false, { seq, div });
  assert.equal(s(0), "#000000");
  assert.equal(s(10), "#ff0000");
  assert.equal(s(5), "#800000", "t = 0.5 → round(127.5) = 128");
  assert.equal(s(20), "#ff0000", "clamped");
  const d = activationScale(-1, 4, true, { seq, div });
  assert.equal(d(0), "#000080");
  assert.equal(d(-4), "#000000");
  assert.equal(d(4), "#0000ff");
  const lut = quantisedLUT(0, 10, false, { seq, div });
  assert.deepEqual([...lut.subarray(254 * 3, 255 * 3)], [255, 0, 0]);
});
