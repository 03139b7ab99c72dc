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
export function createModel(payload, send = null) {
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
    /** Adds sampled point k as an instance row and tells the kernel it is selected. */
    addInstance(k) {
      const pts = payload.points;
      const id = pts.ids[k] !== undefined ? pts.ids[k] : String(pts.index[k]);
      model.addRow("instance", "#" + id, [k]);
      model.select([k]);
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
