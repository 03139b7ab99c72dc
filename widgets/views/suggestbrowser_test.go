package views

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSuggestions clicks suggested subsets in Chromium: in the live
// widget (anywidget-shaped model, see widgetPage) the click sends
// {"type": "suggestion", name} and the kernel's new state shows the row,
// the entry then marked added; in an exported HTML output (no kernel) the
// click makes a row of the sampled instances in the suggestion and says
// that a live kernel computes it over all instances. Names and reasons
// carrying markup show as text. Every read polls for what it expects.
func TestBrowserSuggestions(t *testing.T) {
	f := smallFixture(t)
	p, err := buildPayload(f.d, Options{}, kindAll, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, ev, pageURL := openWidgetPage(t, p, "suggest-widget.html")
	poll, eval := pagePollers(t, ctx)
	// clickEntry clicks the i-th suggestion with the mouse once its box settled.
	clickEntry := func(scope string, i int) {
		t.Helper()
		all := scope + " [data-activis-suggestion]"
		var xy []float64
		eval(fmt.Sprintf(`document.querySelectorAll(%q)[%d].scrollIntoView({block: "center"}), true`, all, i), nil)
		settle(ctx, t, all)
		eval(fmt.Sprintf(`(() => { const r = document.querySelectorAll(%q)[%d].getBoundingClientRect(); return [r.left + r.width / 2, r.top + 8]; })()`, all, i), &xy)
		if err := chromedp.Run(ctx, chromedp.MouseClickXY(xy[0], xy[1])); err != nil {
			t.Fatal(err)
		}
	}
	names := func(scope string) string {
		return fmt.Sprintf(`[...document.querySelectorAll(%q)].map((e) => e.getAttribute('data-activis-suggestion'))`, scope+" [data-activis-suggestion]")
	}
	rowJS := func(scope, name string) string {
		js, _ := json.Marshal(name)
		return fmt.Sprintf(`[...document.querySelectorAll(%q)].some((e) => e.getAttribute('data-activis-row') === %s)`, scope+" [data-activis-row]", js)
	}

	// The live widget.
	if err := chromedp.Run(ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	poll("widget renders its suggestions", `window.__rendered === true && document.querySelectorAll('#w [data-activis-suggestion]').length === 2`, 20*time.Second)
	var got []string
	eval(names("#w"), &got)
	want := []string{f.d.Suggest.Items[0].Name, f.d.Suggest.Items[1].Name}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("suggestions %q, want %q", got, want)
	}
	var text string
	eval(`document.querySelector('#w [data-activis-suggestion]').textContent`, &text)
	if !strings.Contains(text, evilScript) || !strings.Contains(text, evilAttr) || !strings.Contains(text, "200 instances") || !strings.Contains(text, "50.0% errors") {
		t.Errorf("entry text %q: want the name and reason as text, size and error rate", text)
	}
	clickEntry("#w", 0)
	poll("the click reaches the kernel", `window.__sent.some((m) => m.type === "suggestion")`, 5*time.Second)
	var sent map[string]any
	eval(`window.__sent.find((m) => m.type === "suggestion")`, &sent)
	if sent["name"] != want[0] {
		t.Fatalf("sent %v, want the suggestion %q", sent, want[0])
	}
	// The kernel adds it (the fixture stands in for the explorer) and sends the new state.
	if _, err := f.handle(sent); err != nil {
		t.Fatal(err)
	}
	p2, err := buildPayload(f.d, Options{}, kindAll, "")
	if err != nil {
		t.Fatal(err)
	}
	p2.Live = true
	st2, err := widgetState(p2)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(widgetJSON(t, st2))
	eval(`window.__setState(`+string(js)+`), true`, nil)
	poll("the kernel's row appears", rowJS("#w", want[0]), 5*time.Second)
	poll("the entry is marked added", `document.querySelector('#w [data-activis-suggestion]').getAttribute('data-activis-added') === "1"`, 5*time.Second)
	// Clicking it again sends nothing more.
	clickEntry("#w", 0)
	poll("a second click says it is a row", `document.querySelector('#w .av-msg').textContent.includes("already a row")`, 5*time.Second)
	var n int
	eval(`window.__sent.filter((m) => m.type === "suggestion").length`, &n)
	if n != 1 {
		t.Errorf("%d suggestion messages after clicking an added suggestion", n)
	}
	ev.checkWidget(t, pageURL)

	// An exported HTML output, no kernel.
	b, err := renderBundle(mustPayload(t, f))
	if err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(artifactsDir(t), "suggest-static.html")
	writePage(t, html, b.Data["text/html"].(string))
	if err := chromedp.Run(ctx, chromedp.Navigate("file://"+mustAbs(t, html))); err != nil {
		t.Fatal(err)
	}
	poll("static output renders its suggestions", `document.querySelectorAll('#cell0 [data-activis-suggestion]').length === 2`, 20*time.Second)
	clickEntry("#cell0", 1)
	poll("the sampled row appears", rowJS("#cell0", want[1]), 5*time.Second)
	screenshot(ctx, t, filepath.Join(artifactsDir(t), "suggestions.png"))
	eval(`document.querySelector('#cell0 .av-msg').textContent`, &text)
	if !strings.Contains(text, "live kernel") {
		t.Errorf("status %q: want it to say a live kernel computes the row over all instances", text)
	}
	var pwned bool
	eval(`window.__pwned !== undefined`, &pwned)
	if pwned {
		t.Error("markup from data ran")
	}

	// A run above the limit: the live widget's button asks the kernel.
	ex, ds := plantedExplorer(t)
	src := newExplorerSource(ex, ds)
	src.limit = 100 // the run has 600 instances
	stateOf := func() string {
		t.Helper()
		d, err := src.data()
		if err != nil {
			t.Fatal(err)
		}
		p, err := buildPayload(d, Options{}, kindAll, "")
		if err != nil {
			t.Fatal(err)
		}
		p.Live = true
		st, err := widgetState(p)
		if err != nil {
			t.Fatal(err)
		}
		return widgetJSON(t, st)
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(writeWidgetPage(t, stateOf(), "suggest-pending.html"))); err != nil {
		t.Fatal(err)
	}
	btn := `#w button[data-activis-control="discover"]`
	poll("the button shows, enabled", `window.__rendered === true && !!document.querySelector('`+btn+`') && !document.querySelector('`+btn+`').disabled && !document.querySelector('#w [data-activis-suggestion]')`, 20*time.Second)
	click(ctx, t, btn)
	poll("the button asks the kernel", `window.__sent.some((m) => m.type === "discover")`, 5*time.Second)
	if _, err := src.handle(map[string]any{"type": "discover"}); err != nil {
		t.Fatal(err)
	}
	js, _ = json.Marshal(stateOf())
	eval(`window.__setState(`+string(js)+`), true`, nil)
	poll("the suggestions arrive", `document.querySelectorAll('#w [data-activis-suggestion]').length > 0 && !document.querySelector('`+btn+`')`, 5*time.Second)
}

// mustPayload is the fixture's payload for an HTML output (no kernel).
func mustPayload(t *testing.T, f *fixture) *payload {
	t.Helper()
	p, err := buildPayload(f.d, Options{}, kindAll, "activis-suggest")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
