// colors.js — colour mapping for the views, from d3-scale: a perceptually
// uniform sequential scale for non-negative activations, a diverging one
// (centred on 0) for signed activations, both from the ramps the payload
// ships (the kernel's snapshot draws with the same ones), and an ordinal
// scale over the class colours Go ships.

import { scaleSequential, scaleDiverging, scaleOrdinal } from "d3-scale";
import { interpolateViridis, interpolateRdBu, schemeTableau10 } from "d3-scale-chromatic";

/** The colour used for missing values (NaN). */
export const missingColor = "#888888";

/**
 * Returns the activation colour scale for a layer with values in [lo, hi].
 * Signed layers get a diverging scale centred on 0 with a symmetric domain.
 * ramps ({seq, div}: 256 colours each, from the payload) are the maps the
 * kernel's PNG snapshot uses too: colour round(t·255) at position t of the
 * domain. Without them, d3's viridis and RdBu.
 */
export function activationScale(lo, hi, signed, ramps = null) {
  const pick = (ramp) => (t) => ramp[Math.round(Math.max(0, Math.min(1, t)) * (ramp.length - 1))];
  if (signed) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    // RdBu runs red→blue; reverse it so positive is red (warm), negative blue.
    const f = ramps && ramps.div && ramps.div.length ? pick(ramps.div) : (t) => interpolateRdBu(1 - t);
    return scaleDiverging(f).domain([-m, 0, m]).clamp(true);
  }
  const f = ramps && ramps.seq && ramps.seq.length ? pick(ramps.seq) : interpolateViridis;
  return scaleSequential(f).domain([lo, hi > lo ? hi : lo + 1]).clamp(true);
}

/** Parses a CSS colour produced by d3's interpolators ("rgb(r, g, b)" or "#rrggbb") into [r,g,b]. */
export function rgbOf(css) {
  if (css[0] === "#") {
    const v = parseInt(css.slice(1, 7), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  const m = css.match(/\d+(\.\d+)?/g) || ["0", "0", "0"];
  return [Math.round(+m[0]), Math.round(+m[1]), Math.round(+m[2])];
}

/**
 * Returns a 256-entry lookup table of [r,g,b] for quantised values 0..254
 * (255 is the missing colour): lut[q] is the colour of dequantise(q).
 */
export function quantisedLUT(lo, hi, signed, ramps = null) {
  const s = activationScale(lo, hi, signed, ramps);
  const lut = new Uint8Array(256 * 3);
  for (let q = 0; q < 256; q++) {
    const c = q === 255 ? rgbOf(missingColor) : rgbOf(s(lo + (q / 254) * (hi - lo)));
    lut.set(c, q * 3);
  }
  return lut;
}

/** Returns an ordinal scale class index → colour, using the payload's colours when given. */
export function classScale(classes, colors) {
  const range = colors && colors.length ? colors : schemeTableau10;
  return scaleOrdinal().domain(classes.map((_, i) => i)).range(range).unknown(missingColor);
}

/** Colours for the correctness mode. */
export const correctnessColors = { correct: "#4e9a06", wrong: "#cc0000", unknown: missingColor };
