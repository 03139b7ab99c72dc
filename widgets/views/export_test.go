package views

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestExportedNotebook opens a notebook exported by `jupyter nbconvert --to
// html` after execution (the quickstart, made by notebooks/tests) offline in
// Chromium and checks ActiVis's views there: all four render, clicking a data
// node changes the matrix columns, clicking an instance adds a matrix row,
// and the page logs no errors and makes no network requests. It runs when
// ACTIVIS_EXPORT_HTML names the file (notebooks/tests sets it) and skips
// otherwise. With -docs it writes docs/explorer.png.
func TestExportedNotebook(t *testing.T) {
	page := os.Getenv("ACTIVIS_EXPORT_HTML")
	if page == "" {
		t.Skip("set ACTIVIS_EXPORT_HTML to an exported notebook (notebooks/tests does)")
	}
	page, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	ctx, ev := browser(t)
	first := `.activis-root[data-activis-ready="1"]`
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(first+` [data-activis-view="instances"]`, chromedp.ByQuery)); err != nil {
		t.Fatalf("loading %s: %v", page, err)
	}
	for _, v := range []string{"graph", "matrix", "projection", "instances"} {
		var h float64
		if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('`+first+` [data-activis-view="`+v+`"]').getBoundingClientRect().height`, &h)); err != nil || h < 40 {
			t.Errorf("view %s not rendered (height %v, %v)", v, h, err)
		}
	}
	matrix := first + ` [data-activis-view="matrix"]`
	before := attr(ctx, t, matrix, "data-columns")
	click(ctx, t, first+` g.av-data[data-layer="conv2"]`)
	if after := changedAttr(ctx, t, matrix, "data-columns", before); before != "128" || after != "32" {
		t.Errorf("matrix columns %s → %s after clicking conv2, want 128 (fc1) → 32", before, after)
	}
	inst := first + ` [data-activis-view="instances"]`
	t.Logf("instance panel %.0f px wide: %s-px squares, %s of %s squares misclassified and visible; graph %s at scale %s",
		func() float64 { _, _, w, _ := box(ctx, t, inst); return w }(), attr(ctx, t, inst, "data-square"),
		attr(ctx, t, inst, "data-wrong-visible"), attr(ctx, t, inst, "data-cells"),
		attr(ctx, t, first+` [data-activis-view="graph"]`, "data-rankdir"), attr(ctx, t, first+` [data-activis-view="graph"]`, "data-scale"))
	rows0 := attr(ctx, t, matrix, "data-rows")
	// The explorer sits far down the exported page: bring the panel into the
	// viewport before clicking at its coordinates.
	if err := chromedp.Run(ctx, chromedp.ScrollIntoView(first+` .av-inst-canvas`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	settle(ctx, t, first+` .av-inst-canvas`)
	x, y := firstInstance(ctx, t, first)
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	if rows1 := changedAttr(ctx, t, matrix, "data-rows", rows0); rows1 == rows0 {
		t.Errorf("clicking an instance left the matrix at %s rows", rows0)
	}
	click(ctx, t, first+` g.av-data[data-layer="fc1"]`)
	screenshot(ctx, t, filepath.Join(artifactsDir(t), "exported-notebook.png"))
	var shot []byte
	if err := chromedp.Run(ctx, chromedp.Screenshot(first, &shot, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(artifactsDir(t), "exported-explorer.png"), shot, 0o644); err != nil {
		t.Fatal(err)
	}
	if *updateDocs {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "explorer.png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, c := range ev.console {
		t.Errorf("console: %s", c)
	}
	for _, u := range ev.requests {
		// nbconvert's template loads require.js and MathJax from /usr/share
		// (file://); anything else would be the views' doing.
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("network request to %s", u)
		}
	}
}
