// decode.js — turns the payload the Go side embeds (JSON with base64,
// binary-packed arrays) into typed arrays. The format is documented in
// widgets/views/doc.go; this module is its only reader.

/**
 * The bytes of a payload field: base64 text (the HTML output) or a binary
 * buffer (the widget's state: DataView, typed array or ArrayBuffer).
 */
export function base64Bytes(s) {
  if (!s) return new Uint8Array(0);
  if (ArrayBuffer.isView(s)) return new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
  if (s instanceof ArrayBuffer) return new Uint8Array(s);
  if (typeof s !== "string") throw new Error("activis: a payload field is neither base64 nor a buffer");
  if (typeof atob === "function") {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  return new Uint8Array(Buffer.from(s, "base64"));
}

/** Decodes base64 little-endian float32 values. */
export function base64Float32(s) {
  const b = base64Bytes(s);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float32Array(b.byteLength >> 2);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(4 * i, true);
  return out;
}

/** The value a quantised byte q stands for: lo + q/254·(hi−lo); 255 is NaN. */
export function dequantise(q, lo, hi) {
  if (q === 255) return NaN;
  return lo + (q / 254) * (hi - lo);
}

/** Dequantises a whole byte array into a Float32Array. */
export function dequantiseAll(bytes, lo, hi) {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = dequantise(bytes[i], lo, hi);
  return out;
}

/**
 * Decodes a payload object (already JSON-parsed) into the in-memory form the
 * views use: per layer, row values as Float32Array and sampled activations as
 * bytes; projections as Float32Array; thumbnails as bytes.
 */
export function decodePayload(p) {
  if (!p || p.version !== 1) {
    throw new Error("activis: unsupported payload version " + (p && p.version));
  }
  const layers = (p.layers || []).map((l) => {
    const d = l.neurons;
    const mean = dequantiseAll(base64Bytes(l.mean), l.lo, l.hi);
    const rows = (l.rows || []).map((r, i) => ({
      ...r,
      values: mean.subarray(i * d, (i + 1) * d),
    }));
    const acts = base64Bytes(l.acts);
    const proj = l.proj ? { x: base64Float32(l.proj.x), y: base64Float32(l.proj.y), method: l.proj.method || "" } : null;
    return {
      name: l.name, neurons: d, lo: l.lo, hi: l.hi, signed: !!l.signed, missing: !!l.missing,
      rows, orders: l.orders || {}, acts, actRows: l.actRows || 0, proj,
    };
  });
  const pts = p.points || { index: [] };
  const n = (pts.index || []).length;
  const thumbs = pts.thumbs ? { w: pts.thumbs.w, h: pts.thumbs.h, c: pts.thumbs.c || 1, data: base64Bytes(pts.thumbs.data) } : null;
  return {
    ...p,
    layers,
    points: {
      n,
      index: pts.index || [],
      ids: pts.ids || [],
      label: pts.label || new Array(n).fill(-1),
      pred: pts.pred || new Array(n).fill(-1),
      text: pts.text || null,
      attrs: pts.attrs || [],
      thumbs,
    },
    graph: p.graph || { nodes: [], edges: [] },
  };
}

/** The activations (dequantised) of sampled point k at layer l, or null. */
export function pointActs(layer, k) {
  if (k < 0 || k >= layer.actRows) return null;
  const d = layer.neurons;
  return dequantiseAll(layer.acts.subarray(k * d, (k + 1) * d), layer.lo, layer.hi);
}
