package views

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/activis-go/activis/activis"
	"github.com/chromedp/chromedp"
)

// TestBrowserCompare opens a comparison output in headless Chromium: the
// three views mount from the one copy of the front end, both matrices show
// the agreement rows and the classes, the projection draws, and nothing
// logs an error or touches the network. Screenshot:
// build/artifacts/views/compare.png.
func TestBrowserCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	a, b := compareRuns(t, 600)
	c, err := activis.Compare(a, b, activis.CompareOptions{NameA: "new", NameB: "old"})
	if err != nil {
		t.Fatal(err)
	}
	out := Compare(c, "fc").Render()
	dir := artifactsDir(t)
	page, err := filepath.Abs(filepath.Join(dir, "compare.html"))
	if err != nil {
		t.Fatal(err)
	}
	writePage(t, page, out.Data["text/html"].(string))
	url := "file://" + page
	ctx, ev := browser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate(url),
		chromedp.WaitVisible(`[data-activis-compare="projection"] [data-activis-view="projection"]`, chromedp.ByQuery)); err != nil {
		t.Fatalf("loading %s: %v", url, err)
	}
	// Poll: each output mounts when its script runs.
	var ready int
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('.activis-root[data-activis-ready="1"]').length`, &ready)); err != nil {
			t.Fatal(err)
		}
		if ready == 3 {
			break
		}
	}
	if ready != 3 {
		t.Fatalf("%d of 3 outputs mounted", ready)
	}
	for _, part := range []string{"matrix-a", "matrix-b"} {
		sel := fmt.Sprintf(`[data-activis-compare=%q] [data-activis-view="matrix"]`, part)
		settle(ctx, t, sel)
		if rows := attr(ctx, t, sel, "data-rows"); rows != "7" {
			t.Errorf("%s shows %s rows, want 7 (4 categories + 3 classes)", part, rows)
		}
	}
	var h float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('[data-activis-compare="projection"] [data-activis-view="projection"]').getBoundingClientRect().height`, &h)); err != nil || h < 100 {
		t.Errorf("projection not drawn (height %v, %v)", h, err)
	}
	// The projection's classes are the agreement categories: its legend and
	// its one colouring button say so (polled: the legend is drawn after mount).
	const legendJS = `(() => { const v = document.querySelector('[data-activis-compare="projection"] [data-activis-view="projection"]');
		return [v.querySelector('.av-classlegend').textContent, [...v.querySelectorAll('[data-mode]')].map(b => b.textContent).join('|')].join('#'); })()`
	var legend string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err := chromedp.Run(ctx, chromedp.Evaluate(legendJS, &legend)); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(legend, "agreement:") {
			break
		}
	}
	if !strings.HasPrefix(legend, "agreement:") || !strings.HasSuffix(legend, "#agreement") {
		t.Errorf("projection legend and colour buttons %q, want the legend to start with \"agreement:\" and one button \"agreement\"", legend)
	}
	screenshot(ctx, t, filepath.Join(dir, "compare.png"))
	ev.check(t, url)
}
