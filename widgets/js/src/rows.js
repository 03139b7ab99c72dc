// rows.js — the activation matrix's row model (pure): rows the kernel
// computed plus rows made in the view (clicked instances, lasso subsets), the
// labelled groups they are shown in, and neuron orderings.

import { pointActs } from "./decode.js";

/** Group titles in display order, keyed by row kind. */
export const groupTitles = [
  ["instance", "Instances"],
  ["subset", "Subsets"],
  ["class", "Classes"],
];

/** The stable key of a row: kernel rows by name, view rows by their own key. */
export function rowKey(r) {
  return r.key || "k:" + r.name;
}

/**
 * Computes the mean activation of sampled points at a layer. Points without
 * embedded activations are skipped; the result reports how many were used.
 */
export function meanOfPoints(layer, members) {
  const d = layer.neurons;
  const sum = new Float64Array(d);
  let used = 0;
  for (const k of members) {
    const a = pointActs(layer, k);
    if (!a) continue;
    used++;
    for (let j = 0; j < d; j++) sum[j] += a[j];
  }
  const out = new Float32Array(d);
  for (let j = 0; j < d; j++) out[j] = used ? sum[j] / used : NaN;
  return { values: out, used };
}

/**
 * Returns the rows shown for a layer: the layer's kernel rows followed by the
 * view's rows (values computed from embedded activations), minus removed ones.
 * Each row: {key, name, kind, count, expr, values, members?, used?, client?, member?}.
 */
export function rowsFor(layer, clientRows, removed) {
  const out = [];
  for (const r of layer.rows) {
    const row = { ...r, key: rowKey(r) };
    if (!removed.has(row.key)) out.push(row);
  }
  // A view's instance row gives way to the kernel's row of the same
  // instance (the kernel adds clicked instances too): one row each.
  const kernelInstances = new Set(out.filter((r) => r.kind === "instance").map((r) => r.name));
  for (const c of clientRows) {
    if (removed.has(c.key)) continue;
    if (c.kind === "instance" && kernelInstances.has(c.name)) continue;
    const { values, used } = meanOfPoints(layer, c.members);
    out.push({ ...c, values, used, count: c.members.length, client: true });
  }
  return out;
}

/** Orders rows into labelled groups: [{header}, row, row, {header}, ...]. */
export function slots(rows) {
  const out = [];
  for (const [kind, title] of groupTitles) {
    const rs = rows.filter((r) => r.kind === kind);
    if (!rs.length) continue;
    out.push({ header: title, size: rs.length });
    for (const r of rs) out.push(r);
  }
  return out;
}

function byValueDesc(values) {
  return (a, b) => {
    const va = values[a], vb = values[b];
    const na = Number.isNaN(va), nb = Number.isNaN(vb);
    if (na || nb) return na === nb ? a - b : na ? 1 : -1;
    return vb - va || a - b;
  };
}

/** Identity order 0..d-1. */
export function identityOrder(d) {
  return Array.from({ length: d }, (_, i) => i);
}

/** Neurons sorted by a row's value, highest first (NaN last). */
export function orderByRow(values) {
  return identityOrder(values.length).sort(byValueDesc(values));
}

/** Neurons sorted by the difference a − b, largest first. */
export function orderByDifference(a, b) {
  const diff = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) diff[i] = a[i] - b[i];
  return orderByRow(diff);
}

/**
 * Resolves an ordering request {by:"variance"|"clustered"|"row"|"difference"|"index", a, b}
 * against a layer and its visible rows. Orders computed by the kernel ship in
 * layer.orders; row-based ones are computed here.
 */
export function resolveOrder(layer, rows, req) {
  const d = layer.neurons;
  const find = (k) => rows.find((r) => r.key === k);
  switch (req && req.by) {
    case "variance":
    case "clustered": {
      const o = layer.orders[req.by];
      return o && o.length === d ? o : identityOrder(d);
    }
    case "row": {
      const r = find(req.a);
      return r ? orderByRow(r.values) : identityOrder(d);
    }
    case "difference": {
      const a = find(req.a), b = find(req.b);
      return a && b ? orderByDifference(a.values, b.values) : identityOrder(d);
    }
    default:
      return identityOrder(d);
  }
}

/** Per neuron, the lowest and highest finite value over rows: {lo, hi} Float32Arrays. */
export function columnRanges(rows, d) {
  const lo = new Float32Array(d).fill(Infinity);
  const hi = new Float32Array(d).fill(-Infinity);
  for (const r of rows) {
    for (let j = 0; j < d; j++) {
      const v = r.values[j];
      if (Number.isNaN(v)) continue;
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  return { lo, hi };
}

/** Value v of neuron j as a colour byte 0..254 within its column's range (a flat column is 0; NaN 255). */
export function quantiseColumn(v, cols, j) {
  if (Number.isNaN(v)) return 255;
  const span = cols.hi[j] - cols.lo[j];
  if (!(span > 0)) return 0;
  return Math.max(0, Math.min(254, Math.round(((v - cols.lo[j]) / span) * 254)));
}
