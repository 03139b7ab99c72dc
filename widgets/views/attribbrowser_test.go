package views

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAttribution drives attribution in the live widget (the page
// of TestBrowserWidget, an explorer over the demo CNN): choosing "colour:
// contribution to class" and a class asks the kernel for contributions
// and colours the matrix by the reply; clicking an instance asks for its
// occlusion map and shows it over the image. The kernel's side is the
// explorer source's own query, its reply given to the page as a custom
// message. Every read polls for what it expects.
func TestBrowserAttribution(t *testing.T) {
	ex := modelExplorer(t)
	src := newExplorerSource(ex, nil)
	d, err := src.data()
	if err != nil {
		t.Fatal(err)
	}
	p, err := buildPayload(d, Options{}, kindAll, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx, ev, pageURL := openWidgetPage(t, p, "attrib-widget.html")
	poll, eval := pagePollers(t, ctx)
	// answerPage waits for the page's request of type typ that satisfies
	// the JS predicate where (on m), runs it in the kernel's place and
	// gives the page the reply.
	answerPage := func(typ, where string) map[string]any {
		t.Helper()
		find := fmt.Sprintf(`window.__sent.find((m) => m.type === %q && (%s))`, typ, where)
		poll("the view asks for "+typ, "!!"+find, 5*time.Second)
		var req map[string]any
		eval(find, &req)
		reply, err := src.query(req)
		if err != nil {
			t.Fatalf("%v: %v", req, err)
		}
		js, _ := json.Marshal(reply)
		eval(`window.__reply(`+string(js)+`), true`, nil)
		return req
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(pageURL)); err != nil {
		t.Fatal(err)
	}
	poll("widget renders", `window.__rendered === true && !!document.querySelector('#w [data-activis-view="instances"] [data-activis-instance]') && !!document.querySelector('#w select[data-activis-control="scale"] option[value="contrib"]')`, 20*time.Second)

	// Contribution mode, class 3.
	if err := chromedp.Run(ctx,
		chromedp.SetValue(`#w select[data-activis-control="scale"]`, "contrib", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#w select[data-activis-control="scale"]').dispatchEvent(new Event('change')), true`, nil)); err != nil {
		t.Fatal(err)
	}
	poll("the class picker shows", `!document.querySelector('#w select[data-activis-control="class"]').hidden`, 5*time.Second)
	if err := chromedp.Run(ctx,
		chromedp.SetValue(`#w select[data-activis-control="class"]`, "3", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#w select[data-activis-control="class"]').dispatchEvent(new Event('change')), true`, nil)); err != nil {
		t.Fatal(err)
	}
	req := answerPage("contributions", "m.class === 3") // class 0 was asked on entering the mode
	if req["layer"] != ex.Layer() {
		t.Errorf("request %v: want layer %s", req, ex.Layer())
	}
	poll("the matrix is coloured by contributions", `(() => { const m = document.querySelector('#w [data-activis-view="matrix"]');
	  return m.getAttribute('data-color') === 'contrib:3' && m.getAttribute('data-contrib') === 'ready' &&
	    m.querySelector('.av-legend').textContent.includes('contribution to Dress'); })()`, 5*time.Second)

	// Click an instance: its occlusion map for class 3 (the contribution class).
	settle(ctx, t, `#w [data-activis-view="instances"] canvas`)
	var hook struct {
		X, Y  float64
		Index int
	}
	eval(`(() => { const e = document.querySelector('#w [data-activis-view="instances"] [data-activis-instance]'); const r = e.getBoundingClientRect();
	  return {x: r.left + r.width / 2, y: r.top + r.height / 2, index: +e.getAttribute('data-activis-instance')}; })()`, &hook)
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(hook.X, hook.Y)); err != nil {
		t.Fatal(err)
	}
	req = answerPage("attribute", "true")
	if req["index"] != float64(hook.Index) || req["class"] != 3.0 {
		t.Errorf("attribute request %v: want instance %d, class 3", req, hook.Index)
	}
	poll("the map shows over the image", fmt.Sprintf(`(() => { const b = document.querySelector('#w [data-activis-view="instances"] .av-attr');
	  return b.getAttribute('data-activis-attribution') === '%d' && b.getAttribute('data-state') === 'ready' && !!b.querySelector('canvas.av-heat') &&
	    b.textContent.includes('occlusion'); })()`, hook.Index), 5*time.Second)
	screenshot(ctx, t, filepath.Join(artifactsDir(t), "attribution.png"))
	ev.checkWidget(t, pageURL)
}
