// model.js — the views' shared state, shaped like an anywidget model
// (get / set / on("change:key") / off / send / save_changes) so the same view
// modules could later run as a live widget. Here it is filled from the
// payload embedded in the output and, when a kernel is reachable, bridged to
// it through a comm (see comm.js).

/**
 * Creates a model around a decoded payload. send(msg) is called for messages
 * meant for the kernel; it may be null (no kernel: the views run on the
 * embedded data alone).
 */
export function createModel(payload, send = null, opts = {}) {
  const state = {
    payload,
    layer: payload.layer || (payload.layers[0] && payload.layers[0].name) || "",
    hover: null, // {points: [k], rowKey?, source}
    selection: [], // sampled point positions
    clientRows: [],
    removed: new Set(),
    order: { by: "variance" },
    colorMode: "label",
    hidden: new Set(), // class indices hidden in the projection
    message: "",
    kernel: !!send,
    // live: a widget model bridged to the kernel (the kernel adds clicked
    // instances as rows and updates the views in place).
    live: !!opts.live,
    colorScale: "global", // or "neuron": each column normalised over the shown rows; "contrib": contributions to contribClass
    contribClass: 0,
    contrib: null, // the last contributions from the kernel (attrib.js)
    contribError: "",
    attribution: null, // the last input attribution from the kernel (attrib.js)
    attribCache: null,
    attribError: "",
  };
  const listeners = new Map();
  let nextRow = 1;
  const model = {
    get(key) { return state[key]; },
    set(key, value) {
      if (state[key] === value) return;
      state[key] = value;
      for (const fn of listeners.get("change:" + key) || []) fn(value);
    },
    on(ev, fn) {
      if (!listeners.has(ev)) listeners.set(ev, new Set());
      listeners.get(ev).add(fn);
    },
    off(ev, fn) {
      const s = listeners.get(ev);
      if (s) s.delete(fn);
    },
    save_changes() {},
    send(msg) { if (send) send(msg); },
    /** The decoded layer named name (default: the selected one). */
    layer(name) {
      const n = name || state.layer;
      return payload.layers.find((l) => l.name === n) || payload.layers[0] || null;
    },
    /** Adds a view row for sampled points; returns its key. */
    addRow(kind, name, members) {
      const key = "c:" + nextRow++;
      model.set("clientRows", [...state.clientRows, { key, name, kind, members: [...members] }]);
      return key;
    },
    /** Removes a row by key (kernel rows are also removed in the kernel when it is reachable). */
    removeRow(row) {
      const removed = new Set(state.removed);
      removed.add(row.key);
      model.set("removed", removed);
      if (!row.client) model.send({ type: "remove", name: row.name });
    },
    /**
     * Adds sampled point k as an instance row (named by its id, as the
     * kernel names instance rows) unless it already is one, and tells the
     * kernel it is selected. Returns the row's key.
     */
    addInstance(k) {
      const pts = payload.points;
      let key = instanceRowKey(model.layer(), state.clientRows, state.removed, pts.index[k], k);
      if (!key) key = model.addRow("instance", instanceName(pts, k), [k]);
      model.select([k]);
      if (state.live) model.send({ type: "instance", index: pts.index[k] });
      return key;
    },
    /** Sets the selection (sampled point positions) and forwards instance indices to the kernel. */
    select(ks) {
      model.set("selection", ks);
      model.send({ type: "select", indices: ks.map((k) => payload.points.index[k]) });
    },
    /** Points of a row, for highlighting: view rows list members; class rows match labels. */
    pointsOfRow(row) {
      if (row.members) return row.members;
      const pts = payload.points;
      if (row.kind === "class") {
        const c = payload.classes.indexOf(row.name);
        const out = [];
        for (let k = 0; k < pts.n; k++) if (pts.label[k] === c) out.push(k);
        return out;
      }
      if (row.kind === "instance" && row.member >= 0) {
        const k = pts.index.indexOf(row.member);
        return k >= 0 ? [k] : [];
      }
      return [];
    },
  };
  return model;
}

/** The row name of sampled point k: its instance id, the name the kernel gives its row. */
export function instanceName(pts, k) {
  return pts.ids[k] !== undefined && pts.ids[k] !== "" ? String(pts.ids[k]) : String(pts.index[k]);
}

/**
 * The key of the shown row of instance index (sampled point k), or "": a
 * kernel instance row of the layer, or an instance row made in the view.
 */
export function instanceRowKey(layer, clientRows, removed, index, k) {
  for (const r of (layer && layer.rows) || []) {
    const key = "k:" + r.name;
    if (r.kind === "instance" && r.member === index && !removed.has(key)) return key;
  }
  for (const c of clientRows) {
    if (c.kind === "instance" && c.members.length === 1 && c.members[0] === k && !removed.has(c.key)) return c.key;
  }
  return "";
}

/**
 * Applies a newer payload to a view model in place: the shared payload
 * object is updated (views hold references to it and to its points), view
 * rows are re-pointed at the new sample by instance index, and the views
 * are told what changed through "layer", "points" and "rows".
 */
export function applyPayload(vm, next) {
  const cur = vm.get("payload");
  const oldIndex = cur.points.index;
  const samePoints = sameInts(oldIndex, next.points.index);
  const { points, ...rest } = next;
  Object.assign(cur, rest);
  if (!samePoints) {
    const pos = new Map();
    next.points.index.forEach((i, k) => pos.set(i, k));
    const remap = (ks) => ks.map((k) => pos.get(oldIndex[k])).filter((k) => k !== undefined);
    Object.assign(cur.points, points);
    vm.set("clientRows", vm.get("clientRows").map((r) => ({ ...r, members: remap(r.members) })));
    vm.set("selection", remap(vm.get("selection")));
    vm.set("points", (vm.get("points") || 0) + 1);
  } else {
    Object.assign(cur.points, points);
  }
  if (next.layer && next.layer !== vm.get("layer")) vm.set("layer", next.layer);
  vm.set("rows", (vm.get("rows") || 0) + 1);
}

function sameInts(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
