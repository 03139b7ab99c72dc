// grid.js — the instance panel's layout (pure): one band per true class,
// correctly classified instances on the left and misclassified ones on the
// right, packed row by row into small squares. The square size and the
// split between the two sides adapt to the width: the largest square whose
// layout fits maxHeight wins, and the columns are shared between the sides
// so the taller one is as short as possible (misclassified instances are
// usually few, so the right side gets fewer columns than the left), with
// both sides always at least minSide pixels wide. No library does this
// packing; it is written here.

/**
 * Lays out points. labels/preds are class indices per point.
 * Options: width (px, the whole panel), labelWidth (class names column),
 * sizes (candidate square sides, largest first) or size (one side),
 * gap (between squares), sideGap (between the sides), bandGap (between
 * classes), labelHeight (a band is at least this tall, for its two label
 * lines), maxHeight (target height), minSide (narrowest side, px).
 * Returns { height, size, pitch, correctX, wrongX, correctCols, wrongCols,
 * bands: [{cls, y, height, correct, wrong}], cells: [{k, x, y, s}] }.
 * Every cell lies within [0, width).
 */
export function instanceGrid(labels, preds, nClasses, {
  width = 880, labelWidth = 110, size, sizes = [7, 6, 5, 4, 3, 2], gap = 1, sideGap = 10,
  bandGap = 6, labelHeight = 24, maxHeight = Infinity, minSide = 76,
} = {}) {
  const byClass = Array.from({ length: nClasses }, () => ({ correct: [], wrong: [] }));
  for (let k = 0; k < labels.length; k++) {
    const c = labels[k];
    if (c < 0 || c >= nClasses) continue;
    (preds[k] === c ? byClass[c].correct : byClass[c].wrong).push(k);
  }
  // Misclassified instances sorted by predicted class, so colours cluster.
  for (const b of byClass) b.wrong.sort((a, z) => preds[a] - preds[z] || a - z);
  const cands = size ? [size] : sizes;
  let plan = null;
  for (const s of cands) {
    const p = planFor(byClass, s, gap, width - labelWidth - sideGap, labelHeight, bandGap, minSide);
    if (!p) continue;
    plan = p;
    if (p.height <= maxHeight) break;
  }
  if (!plan) plan = planFor(byClass, cands[cands.length - 1], gap, Math.max(0, width - labelWidth - sideGap), labelHeight, bandGap, 0);
  const { s, pitch, cc, cw, rows } = plan;
  const correctX = labelWidth;
  const wrongX = labelWidth + cc * pitch + sideGap;
  const cells = [];
  const bands = [];
  let y = 0;
  byClass.forEach((b, c) => {
    const h = rows[c] * pitch;
    const place = (list, x0, per) => list.forEach((k, i) => {
      cells.push({ k, x: x0 + (i % per) * pitch, y: y + Math.floor(i / per) * pitch, s });
    });
    place(b.correct, correctX, cc);
    place(b.wrong, wrongX, cw);
    bands.push({ cls: c, y, height: h, correct: b.correct.length, wrong: b.wrong.length });
    y += h + bandGap;
  });
  return { height: Math.max(0, y - bandGap), size: s, pitch, correctX, wrongX, correctCols: cc, wrongCols: cw, bands, cells };
}

// planFor finds, for square side s, the split of the columns that fit in
// area pixels between the correct (cc) and misclassified (cw) sides that
// minimises the total number of rows (then the rows either side fills);
// null when both sides cannot be
// minSide wide.
function planFor(byClass, s, gap, area, labelHeight, bandGap, minSide) {
  const pitch = s + gap;
  const cols = Math.floor(area / pitch);
  const minCols = Math.max(1, Math.ceil(minSide / pitch));
  if (cols < 2 * minCols) return null;
  const minRows = Math.max(1, Math.ceil(labelHeight / pitch));
  let best = null;
  for (let cw = minCols; cw <= cols - minCols; cw++) {
    const cc = cols - cw;
    let total = 0;
    let used = 0; // rows the squares occupy on both sides: breaks ties towards a balanced split
    const rows = byClass.map((b) => {
      const rc = Math.ceil(b.correct.length / cc), rw = Math.ceil(b.wrong.length / cw);
      const r = Math.max(minRows, rc, rw);
      total += r;
      used += rc + rw;
      return r;
    });
    if (!best || total < best.total || (total === best.total && used < best.used)) best = { s, pitch, cc, cw, rows, total, used };
  }
  best.height = best.total * pitch + bandGap * Math.max(0, byClass.length - 1);
  return best;
}

/** The cell under (x, y), or null. */
export function cellAt(grid, x, y) {
  for (const c of grid.cells) {
    if (x >= c.x && x < c.x + c.s && y >= c.y && y < c.y + c.s) return c;
  }
  return null;
}
