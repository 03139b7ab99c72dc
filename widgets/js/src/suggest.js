// suggest.js — the "suggested subsets" list beside the activation matrix:
// the candidates activis.Discover found (metadata slices and clusters of
// misclassified instances), each with its name, size, error rate and why it
// was suggested. Clicking one adds it as a matrix row: with a kernel (a live
// widget, or the classic Notebook's comm) the kernel adds it over all
// instances ({type: "suggestion", name}); without one, the row is made from
// the sampled instances in it, and the views say that a live kernel
// computes it over all. Hovering one highlights its sampled instances.

import { h } from "./dom.js";
import { base64Bytes } from "./decode.js";

/** Positions k of the sampled points set in a suggestion's bitmap (bit k of byte k>>3, LSB first). */
export function suggestionPoints(item, n) {
  const bits = base64Bytes(item.points);
  const out = [];
  for (let k = 0; k < n && (k >> 3) < bits.length; k++) if (bits[k >> 3] & (1 << (k & 7))) out.push(k);
  return out;
}

/** Percent with one decimal. */
export function pct(v) {
  return (100 * (Number.isFinite(v) ? v : 0)).toFixed(1) + "%";
}

/** One line of figures for a suggestion: size, error rate against the rest. */
export function suggestionStats(item) {
  return item.kind + " · " + item.size + " instances · " + pct(item.rate) + " errors (rest " + pct(item.rest) + ")";
}

/**
 * Whether a row named name is shown for the layer: a kernel row not
 * removed, or a row made in the view.
 */
export function hasRow(layer, clientRows, removed, name) {
  if (layer && (layer.rows || []).some((r) => r.name === name && !removed.has("k:" + r.name))) return true;
  return clientRows.some((c) => c.name === name && !removed.has(c.key));
}

/**
 * Renders the list into a new element for model; returns {el, destroy}, or
 * null when the payload has no suggestions field.
 */
export function suggestPanel(model) {
  const el = h("div", { class: "av-suggest", "data-activis-suggestions": "1", role: "group", "aria-label": "suggested subsets" });
  let items = [];

  function click(item) {
    const layer = model.layer();
    if (hasRow(layer, model.get("clientRows"), model.get("removed"), item.name)) {
      model.set("message", "“" + item.name + "” is already a row");
      return;
    }
    if (model.get("kernel")) {
      model.send({ type: "suggestion", name: item.name, expr: item.expr || "" });
      model.set("message", "asked the kernel to add “" + item.name + "” over all " + item.size + " instances…");
      return;
    }
    const pts = model.get("payload").points;
    const members = suggestionPoints(item, pts.n);
    if (members.length) model.addRow("subset", item.name, members);
    model.set("message", "“" + item.name + "”: " + (members.length ? "row made from its " + members.length + " sampled instances; " : "") +
      "run the notebook in a live kernel to add it over all " + item.size + " instances");
  }

  function draw() {
    const p = model.get("payload");
    const sg = p && p.suggest;
    el.hidden = !sg;
    if (!sg) { el.replaceChildren(); return; }
    const n = p.points.n;
    const head = h("div", { class: "av-suggest-head" }, h("span", { class: "av-title" }, "Suggested subsets"));
    const parts = [head];
    if (sg.instances) head.append(h("span", { class: "av-muted" }, pct(sg.baseRate) + " errors over " + sg.instances + " instances"));
    if (sg.error) parts.push(h("div", { class: "av-error" }, "discovery failed: " + sg.error));
    if (sg.pending) {
      const kernel = model.get("kernel");
      const btn = h("button", { type: "button", "data-activis-control": "discover", disabled: !kernel }, "Suggest subsets");
      btn.addEventListener("click", () => {
        model.send({ type: "discover" });
        btn.disabled = true;
        model.set("message", "discovering subsets in the kernel…");
      });
      parts.push(h("div", { class: "av-muted" }, "Large run: subset discovery runs on request" + (kernel ? "." : " (needs a running kernel: ex.Discover).")), btn);
    } else if (!sg.error && !(sg.items || []).length) {
      parts.push(h("div", { class: "av-muted" }, "No subset with a significantly higher error rate."));
    }
    items = sg.items || [];
    const layer = model.layer();
    const clientRows = model.get("clientRows"), removed = model.get("removed");
    for (const item of items) {
      const added = hasRow(layer, clientRows, removed, item.name);
      const entry = h("div", {
        class: "av-sugg" + (added ? " av-added" : ""), role: "button", tabindex: 0,
        "data-activis-suggestion": item.name, "data-activis-added": added ? "1" : "0",
        title: item.expr ? "expression: " + item.expr : "cluster of " + item.size + " instances",
      },
      h("div", { class: "av-sugg-name" }, item.name),
      h("div", { class: "av-sugg-stats" }, suggestionStats(item)),
      h("div", { class: "av-sugg-why av-muted" }, item.reason || ""));
      entry.addEventListener("click", () => click(item));
      entry.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); click(item); } });
      const hi = () => model.set("hover", { points: suggestionPoints(item, n), source: "suggest" });
      entry.addEventListener("mouseenter", hi);
      entry.addEventListener("focus", hi);
      entry.addEventListener("mouseleave", () => { const c = model.get("hover"); if (c && c.source === "suggest") model.set("hover", null); });
      parts.push(entry);
    }
    el.replaceChildren(...parts);
  }

  const keys = ["rows", "clientRows", "removed", "layer", "points"];
  for (const k of keys) model.on("change:" + k, draw);
  draw();
  return {
    el,
    destroy() { for (const k of keys) model.off("change:" + k, draw); },
  };
}
