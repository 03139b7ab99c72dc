// dom.js — small DOM helpers. Data strings only ever reach the page through
// textContent and setAttribute, never innerHTML, so labels, ids and texts
// carrying markup show as text.

/** Creates an element with attributes (strings) and children (nodes or text). */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const SVGNS = "http://www.w3.org/2000/svg";

/** Creates an SVG element with attributes. */
export function s(tag, attrs = {}) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  return e;
}

/** A canvas sized for the device pixel ratio; returns {canvas, ctx, resize(w,h)}. */
export function hiDPICanvas(cls) {
  const canvas = h("canvas", { class: cls });
  const ctx = canvas.getContext("2d");
  const dpr = (typeof window !== "undefined" && window.devicePixelRatio) || 1;
  return {
    canvas, ctx, dpr,
    resize(w, hgt) {
      canvas.width = Math.max(1, Math.round(w * dpr));
      canvas.height = Math.max(1, Math.round(hgt * dpr));
      canvas.style.width = w + "px";
      canvas.style.height = hgt + "px";
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    },
  };
}

/** The tooltip shared by the views of one output (one per app root). */
export function tooltip(root) {
  let tip = root.querySelector(":scope > .av-tip");
  if (!tip) {
    tip = h("div", { class: "av-tip", role: "status", "aria-live": "polite" });
    root.append(tip);
  }
  return {
    show(evOrXY, ...lines) {
      tip.replaceChildren(...lines.map((l) => (l instanceof Node ? l : h("div", {}, l))));
      const r = root.getBoundingClientRect();
      const x = evOrXY.clientX - r.left + 12, y = evOrXY.clientY - r.top + 12;
      tip.style.left = Math.min(x, Math.max(0, r.width - 240)) + "px";
      tip.style.top = y + "px";
      tip.style.display = "block";
    },
    hide() { tip.style.display = "none"; },
  };
}

/** Theme colours read from the root's computed style (works in light and dark). */
export function themeColors(el) {
  const cs = getComputedStyle(el);
  const v = (n, d) => (cs.getPropertyValue(n) || "").trim() || d;
  return { fg: v("--av-fg", "#222"), muted: v("--av-muted", "#777"), bg: v("--av-bg", "#fff"), accent: v("--av-accent", "#e6550d"), border: v("--av-border", "#ccc") };
}

/**
 * Calls cb(width) when el's width (clientWidth, px) changes, at most once a
 * frame: through ResizeObserver where the browser has it, window resize
 * events otherwise. Heights are ignored, so a view that resizes its own
 * height in cb cannot loop. Returns a function that stops watching.
 */
export function watchWidth(el, cb, win = typeof window !== "undefined" ? window : null) {
  if (!win) return () => {};
  let last = el.clientWidth;
  let pending = false;
  const frame = win.requestAnimationFrame ? (f) => win.requestAnimationFrame(f) : (f) => win.setTimeout(f, 16);
  const fire = () => {
    pending = false;
    const w = el.clientWidth;
    if (w > 0 && w !== last) { last = w; cb(w); }
  };
  const schedule = () => { if (!pending) { pending = true; frame(fire); } };
  if (win.ResizeObserver) {
    const ro = new win.ResizeObserver(schedule);
    ro.observe(el);
    return () => ro.disconnect();
  }
  win.addEventListener("resize", schedule);
  return () => win.removeEventListener("resize", schedule);
}

/** The width inside a view's border and padding (px), or fallback when not laid out. */
export function innerWidth(el, fallback) {
  const w = el.clientWidth;
  if (!w) return fallback;
  const cs = getComputedStyle(el);
  return Math.max(0, w - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0));
}

/**
 * Puts canvas in a positioned wrapper with a layer of empty elements, one
 * per instance drawn, each carrying data-activis-instance="<index>" at the
 * instance's place (CSS px over the canvas). The layer ignores the pointer:
 * events reach the canvas; tests and scripts find instances by the hook and
 * click where it sits. Returns {wrap, set(items)}: items are
 * [index, x, y, w, h] (x, y the top left); instances not in items are removed.
 */
export function instanceHooks(canvas) {
  const wrap = h("div", { class: "av-canvas-wrap" });
  const layer = h("div", { class: "av-hooks", "aria-hidden": "true" });
  wrap.append(canvas, layer);
  let byIndex = new Map();
  return {
    wrap,
    set(items) {
      const next = new Map();
      for (const [index, x, y, w, hgt] of items) {
        const key = String(index);
        if (next.has(key)) continue;
        let e = byIndex.get(key);
        if (!e) e = h("i", { "data-activis-instance": key });
        const st = e.style;
        st.left = x + "px"; st.top = y + "px"; st.width = w + "px"; st.height = hgt + "px";
        next.set(key, e);
      }
      for (const [key, e] of byIndex) if (!next.has(key)) e.remove();
      for (const e of next.values()) if (!e.parentNode) layer.append(e);
      byIndex = next;
    },
  };
}
