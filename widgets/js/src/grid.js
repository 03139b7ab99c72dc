// grid.js — the instance panel's layout (pure): one band per true class,
// correctly classified instances on the left half and misclassified ones on
// the right, packed row by row into small squares.

/**
 * Lays out points. labels/preds are class indices per point.
 * Options: width (px), labelWidth, size (square side), gap, bandGap, minRows.
 * Returns { height, bands: [{cls, y, height, correct, wrong}], cells: [{k, x, y, s}], half }.
 */
export function instanceGrid(labels, preds, nClasses, { width = 880, labelWidth = 110, size = 7, gap = 1, bandGap = 6, minRows = 3 } = {}) {
  const half = Math.floor((width - labelWidth) / 2);
  const per = Math.max(1, Math.floor((half - 8) / (size + gap)));
  const byClass = Array.from({ length: nClasses }, () => ({ correct: [], wrong: [] }));
  for (let k = 0; k < labels.length; k++) {
    const c = labels[k];
    if (c < 0 || c >= nClasses) continue;
    (preds[k] === c ? byClass[c].correct : byClass[c].wrong).push(k);
  }
  // Misclassified instances sorted by predicted class, so colours cluster.
  for (const b of byClass) b.wrong.sort((a, z) => preds[a] - preds[z] || a - z);
  const cells = [];
  const bands = [];
  let y = 0;
  for (let c = 0; c < nClasses; c++) {
    const b = byClass[c];
    // At least minRows rows, so the class name and its counts fit beside the band.
    const rows = Math.max(minRows, Math.ceil(b.correct.length / per), Math.ceil(b.wrong.length / per));
    const h = rows * (size + gap);
    const place = (list, x0) => list.forEach((k, i) => {
      cells.push({ k, x: x0 + (i % per) * (size + gap), y: y + Math.floor(i / per) * (size + gap), s: size });
    });
    place(b.correct, labelWidth);
    place(b.wrong, labelWidth + half + 8);
    bands.push({ cls: c, y, height: h, correct: b.correct.length, wrong: b.wrong.length });
    y += h + bandGap;
  }
  return { height: Math.max(0, y - bandGap), bands, cells, half };
}

/** The cell under (x, y), or null. */
export function cellAt(grid, x, y) {
  for (const c of grid.cells) {
    if (x >= c.x && x < c.x + c.s && y >= c.y && y < c.y + c.s) return c;
  }
  return null;
}
