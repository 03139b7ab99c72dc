package views

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/activis-go/activis/widgets/display"
)

// notebookWith returns an executed notebook (nbformat 4) whose cells show
// the bundles as display_data outputs, as the kernel would have sent them.
func notebookWith(bundles ...display.Bundle) ([]byte, error) {
	var cells []map[string]any
	for i, b := range bundles {
		md := b.Metadata
		if md == nil {
			md = map[string]any{}
		}
		cells = append(cells, map[string]any{
			"cell_type": "code", "execution_count": i + 1, "metadata": map[string]any{},
			"source": "views.Show(ex)",
			"outputs": []any{map[string]any{
				"output_type": "display_data", "data": b.Data, "metadata": md,
			}},
		})
	}
	return json.MarshalIndent(map[string]any{
		"cells": cells,
		"metadata": map[string]any{
			"kernelspec":    map[string]any{"name": "activis", "display_name": "Go (activis)", "language": "go"},
			"language_info": map[string]any{"name": "go"},
		},
		"nbformat": 4, "nbformat_minor": 5,
	}, "", " ")
}

// TestNbconvertExport exports a notebook holding two outputs with
// `jupyter nbconvert --to html` and checks, offline in Chromium, that both
// render (the second reusing the bundle the first defined).
func TestNbconvertExport(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	nbconvert, err := exec.LookPath("/usr/bin/jupyter-nbconvert")
	if err != nil {
		t.Skip("nbconvert test skipped: /usr/bin/jupyter-nbconvert not found (apt-get install jupyter-nbconvert)")
	}
	ex, ds := realExplorer(t)
	nb, err := notebookWith(All(ex).WithDataset(ds).Render(), Projection(ex).Render())
	if err != nil {
		t.Fatal(err)
	}
	dir := artifactsDir(t)
	src, err := filepath.Abs(filepath.Join(dir, "export.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, nb, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nbconvert, "--to", "html", src)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nbconvert: %v\n%s", err, out)
	}
	page := strings.TrimSuffix(src, ".ipynb") + ".html"
	ctx, ev := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(`[data-activis-view="instances"]`, chromedp.ByQuery)); err != nil {
		t.Fatalf("loading the export: %v", err)
	}
	var ready, views int
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.querySelectorAll('.activis-root[data-activis-ready="1"]').length`, &ready),
		chromedp.Evaluate(`document.querySelectorAll('[data-activis-view]').length`, &views),
	); err != nil {
		t.Fatal(err)
	}
	if ready != 2 || views != 5 {
		t.Errorf("export: %d outputs mounted (want 2), %d views (want 4 + 1)", ready, views)
	}
	screenshot(ctx, t, filepath.Join(dir, "export.png"))
	ev.mu.Lock()
	defer ev.mu.Unlock()
	for _, c := range ev.console {
		t.Errorf("console: %s", c)
	}
	for _, u := range ev.requests {
		// Debian's nbconvert template loads require.js and MathJax from
		// /usr/share (file://); anything else would be the views' doing.
		if !strings.HasPrefix(u, "file://") && !strings.HasPrefix(u, "data:") {
			t.Errorf("network request to %s", u)
		}
	}
}
