// attrib.js — attribution asked of the kernel: neuron contributions to a
// class for the matrix's "contribution to class" colour mode
// ({type: "contributions", layer, class} → {type: "contributions", rows,
// values, …}), and input attribution maps for the instance panel
// ({type: "attribute", index, class} → {type: "attribution", h, w, map,
// image, …}). Replies are decoded here and kept on the views' model:
// "contrib" (the last contributions) and "attribution" (the last map;
// earlier ones stay in a small cache, so hovering back is free).

import { base64Float32, base64Bytes } from "./decode.js";
import { h } from "./dom.js";
import { activationScale, rgbOf } from "./colors.js";

/** Decodes a "contributions" reply: {layer, class, className, method, bias, rows: Map name → Float32Array, counts: Map}. */
export function decodeContributions(m) {
  const d = m.neurons | 0;
  const all = base64Float32(m.values);
  const rows = new Map();
  const counts = new Map();
  (m.rows || []).forEach((name, i) => {
    if ((i + 1) * d <= all.length) rows.set(name, all.subarray(i * d, (i + 1) * d));
    counts.set(name, (m.counts || [])[i] || 0);
  });
  return { layer: m.layer, class: m.class, className: m.className || "", method: m.method || "", bias: m.bias || 0, neurons: d, rows, counts, sample: m.sample || 0 };
}

/** Decodes an "attribution" reply: {index, class, h, w, map: Float32Array, image: Uint8Array|null, words, tokens, …}. */
export function decodeAttribution(m) {
  return { ...m, map: base64Float32(m.map), image: m.image ? base64Bytes(m.image) : null };
}

/** The key of a cached attribution. */
export function attribKey(index, cls) {
  return index + ":" + cls;
}

/** Largest |v| over the finite values of arrays (1 when none). */
export function absMax(arrays) {
  let m = 0;
  for (const a of arrays) for (const v of a) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  return m || 1;
}

/**
 * Applies a kernel message carrying attribution data to the views' model;
 * returns false for other messages. Errors of such requests
 * ({type: "error", request}) are shown in the status line and end the wait.
 */
export function applyKernelData(model, m) {
  if (!m) return false;
  if (m.type === "contributions") {
    const c = decodeContributions(m);
    model.set("contrib", c);
    model.set("message", "contributions to " + c.className + " (" + (c.method === "ablation" ? "by ablation on " + c.sample + " sampled instances" : "exact, through the linear readout") + ")");
    return true;
  }
  if (m.type === "attribution") {
    const a = decodeAttribution(m);
    const cache = new Map(model.get("attribCache") || []);
    cache.set(attribKey(a.index, a.class), a);
    while (cache.size > 64) cache.delete(cache.keys().next().value);
    model.set("attribCache", cache);
    model.set("attribution", a);
    model.set("message", "input attribution of instance " + a.index + " for " + (a.className || "class " + a.class) + " (" + a.method + ", " + a.copies + " altered copies)");
    return true;
  }
  if (m.type === "error" && (m.request === "contributions" || m.request === "attribute")) {
    model.set(m.request === "contributions" ? "contribError" : "attribError", m.message || "failed");
    model.set("message", "kernel: " + m.message);
    return true;
  }
  return false;
}

/**
 * Draws an image attribution: the input in grey with the scores over it in
 * the diverging colours (red: evidence for the class, blue: against),
 * opacity growing with |score|. Returns the canvas (zoom px per pixel).
 */
export function heatmapCanvas(a, zoom, ramps) {
  const cv = document.createElement("canvas");
  cv.width = a.w; cv.height = a.h;
  cv.className = "av-heat";
  cv.style.width = a.w * zoom + "px";
  cv.style.height = a.h * zoom + "px";
  const ctx = cv.getContext("2d");
  const img = ctx.createImageData(a.w, a.h);
  const m = absMax([a.map]);
  const sc = activationScale(-m, m, true, ramps);
  for (let i = 0; i < a.w * a.h; i++) {
    const g = a.image ? a.image[i] : 128;
    const v = a.map[i];
    const t = Number.isFinite(v) ? Math.min(1, Math.abs(v) / m) : 0;
    const [r, gg, b] = rgbOf(sc(Number.isFinite(v) ? v : 0));
    const alpha = 0.15 + 0.7 * t;
    img.data[4 * i] = Math.round(g * (1 - alpha) + r * alpha);
    img.data[4 * i + 1] = Math.round(g * (1 - alpha) + gg * alpha);
    img.data[4 * i + 2] = Math.round(g * (1 - alpha) + b * alpha);
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return cv;
}

/** Token scores as spans coloured by score (a text model's attribution). */
export function tokenSpans(a, ramps) {
  const m = absMax([a.map]);
  const sc = activationScale(-m, m, true, ramps);
  const words = a.words || (a.tokens || []).map((t) => "#" + t);
  return h("div", { class: "av-tokens" }, ...words.map((w, i) => {
    const v = a.map[i];
    const s = h("span", { class: "av-token", title: "score " + (Number.isFinite(v) ? v.toFixed(4) : "n/a") }, String(w));
    s.style.background = sc(Number.isFinite(v) ? v : 0);
    return s;
  }));
}
