// thumb.js — shows one sampled instance: its thumbnail (packed uint8
// pixels drawn on a canvas) or its text, with id, true and predicted class.

import { h } from "./dom.js";

/** Draws point k's thumbnail into a new canvas, scaled by zoom; null if none. */
export function thumbCanvas(thumbs, k, zoom = 3) {
  if (!thumbs || !thumbs.w) return null;
  const { w, h: ht, c, data } = thumbs;
  const size = w * ht * c;
  if ((k + 1) * size > data.length) return null;
  const cv = document.createElement("canvas");
  cv.width = w; cv.height = ht;
  cv.className = "av-thumb";
  cv.style.width = w * zoom + "px";
  cv.style.height = ht * zoom + "px";
  const ctx = cv.getContext("2d");
  const img = ctx.createImageData(w, ht);
  for (let i = 0; i < w * ht; i++) {
    const o = k * size + i * c;
    img.data[4 * i] = data[o];
    img.data[4 * i + 1] = data[o + (c === 3 ? 1 : 0)];
    img.data[4 * i + 2] = data[o + (c === 3 ? 2 : 0)];
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return cv;
}

/** Tooltip lines describing sampled point k. */
export function describePoint(payload, k) {
  const p = payload.points;
  const cls = (i) => (i >= 0 && i < payload.classes.length ? payload.classes[i] : "?");
  const lines = [];
  const t = thumbCanvas(p.thumbs, k);
  if (t) lines.push(t);
  if (p.text && p.text[k]) lines.push(h("div", { class: "av-text" }, p.text[k]));
  lines.push(h("div", { class: "av-strong" }, "#" + (p.ids[k] !== undefined ? p.ids[k] : p.index[k])));
  lines.push("true: " + cls(p.label[k]));
  const ok = p.label[k] === p.pred[k];
  lines.push("predicted: " + cls(p.pred[k]) + (p.pred[k] >= 0 ? (ok ? " ✓" : " ✗") : ""));
  for (const line of attrLines(p.attrs, k)) lines.push(line);
  return lines;
}

/** "name: value" lines of point k's other columns (extra CSV columns). */
export function attrLines(attrs, k) {
  const out = [];
  for (const a of attrs || []) {
    let v;
    if (a.num) v = a.num[k] === null || a.num[k] === undefined ? "n/a" : fmtNum(a.num[k]);
    else if (a.str) v = a.str[k] === undefined ? "" : a.str[k];
    else continue;
    out.push(a.name + ": " + v);
  }
  return out;
}

function fmtNum(v) {
  const a = Math.abs(v);
  if (Number.isInteger(v)) return String(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(+v.toFixed(4));
}
