package views

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/widgets/comm"
)

// fakeClassicNotebook stands in for the classic Notebook's kernel object:
// comms opened by the views forward their messages to Go through a
// DevTools binding, and Go's replies are delivered to their on_msg handlers.
const fakeClassicNotebook = `<script>
window.__comms = [];
window.Jupyter = { notebook: { kernel: { comm_manager: { new_comm(target, data) {
  const comm = { target, data, handlers: [],
    send(d) { window.goComm(JSON.stringify({ target, open: data, msg: d })); },
    on_msg(cb) { this.handlers.push(cb); } };
  window.__comms.push(comm);
  return comm;
} } } } };
</script>`

// TestBrowserComm runs the views against the real Host and Explorer through
// a fake classic-Notebook comm: a click sets ex.Selection(), a lasso too, a
// typed expression adds a subset (and updates the output), a bad one shows
// the kernel's error in the view.
func TestBrowserComm(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	ex, ds := realExplorer(t)
	reg := &fakeRegistry{handlers: map[string]comm.Handler{}}
	host := Attach(reg)
	pub := &fakePub{}
	b, ok := host.Convert(All(ex).WithDataset(ds), pub)
	if !ok {
		t.Fatal("not converted")
	}
	dir := artifactsDir(t)
	page, _ := filepath.Abs(filepath.Join(dir, "views-comm.html"))
	writePage(t, page, fakeClassicNotebook, b.Data["text/html"].(string))
	ctx, ev := browser(t)
	msgs := make(chan string, 16)
	chromedp.ListenTarget(ctx, func(e any) {
		if c, ok := e.(*runtime.EventBindingCalled); ok && c.Name == "goComm" {
			msgs <- c.Payload
		}
	})
	if err := chromedp.Run(ctx, runtime.AddBinding("goComm"), chromedp.Navigate("file://"+page),
		chromedp.WaitVisible(`[data-activis-view="instances"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	fc := &fakeComm{}
	// serve handles the next view message with the Host, as the kernel's
	// comm manager would, and hands the reply back to the page.
	serve := func(wantType string) map[string]any {
		t.Helper()
		select {
		case p := <-msgs:
			var m struct {
				Target string         `json:"target"`
				Open   map[string]any `json:"open"`
				Msg    map[string]any `json:"msg"`
			}
			if err := json.Unmarshal([]byte(p), &m); err != nil {
				t.Fatal(err)
			}
			if m.Target != CommTarget || m.Open["display_id"] != b.DisplayID || m.Msg["type"] != wantType {
				t.Fatalf("comm message %s, want type %q on %q for %s", p, wantType, CommTarget, b.DisplayID)
			}
			reg.handlers[CommTarget].Message(fc, m.Msg, nil)
			reply, _ := json.Marshal(fc.sent[len(fc.sent)-1])
			js := fmt.Sprintf(`window.__comms.forEach(c => c.handlers.forEach(h => h({content: {data: %s}})))`, reply)
			if err := chromedp.Run(ctx, chromedp.Evaluate(js, nil)); err != nil {
				t.Fatal(err)
			}
			return fc.sent[len(fc.sent)-1]
		case <-time.After(10 * time.Second):
			t.Fatalf("no %q message from the view", wantType)
		}
		return nil
	}

	// Click the first square of the instance panel.
	x, y := firstInstance(ctx, t, `body`)
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	if r := serve("select"); r["type"] != "ok" {
		t.Fatalf("select reply %v", r)
	}
	sel := ex.Selection()
	if len(sel) != 1 {
		t.Fatalf("ex.Selection() = %v after clicking one instance", sel)
	}
	var clicked string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('.av-row[data-key^="c:"]').getAttribute('data-row')`, &clicked)); err != nil {
		t.Fatal(err)
	}
	if want := ex.Instances().IDs[sel[0]]; clicked != want {
		t.Errorf("view row %q for the selected instance %d (%q)", clicked, sel[0], want)
	}

	// A typed expression becomes a subset row in the kernel; the output updates.
	if err := chromedp.Run(ctx,
		chromedp.SendKeys(`.av-expr`, `label == "Trouser"`, chromedp.ByQuery),
		chromedp.Click(`.av-exprrow button`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if r := serve("subset"); r["type"] != "ok" {
		t.Fatalf("subset reply %v", r)
	}
	st, err := ex.Stats("")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(st.Rows, func(r activis.RowStats) bool { return r.Name == `label == "Trouser"` }) {
		t.Errorf("subset not added in the kernel: rows %d", len(st.Rows))
	}
	if len(pub.updates) != 1 || !strings.Contains(pub.updates[0].Data["text/html"].(string), `label == \"Trouser\"","kind":"subset"`) {
		t.Errorf("%d updates; the subset row should be in the updated output", len(pub.updates))
	}

	// A bad expression: the kernel's error shows in the view.
	if err := chromedp.Run(ctx,
		chromedp.SetValue(`.av-expr`, `label == `, chromedp.ByQuery),
		chromedp.Click(`.av-exprrow button`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if r := serve("subset"); r["type"] != "error" {
		t.Fatalf("bad expression reply %v", r)
	}
	var msg string
	if err := chromedp.Run(ctx, chromedp.Text(`.av-msg`, &msg, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(msg, "kernel: subset") {
		t.Errorf("view message %q, want the kernel's error", msg)
	}

	// Contribution colour mode: the view asks the kernel over the comm
	// (answered in a goroutine) and colours the matrix by the reply.
	if err := chromedp.Run(ctx,
		chromedp.SetValue(`select[data-activis-control="scale"]`, "contrib", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('select[data-activis-control="scale"]').dispatchEvent(new Event('change')), true`, nil)); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-msgs:
		var m struct {
			Msg map[string]any `json:"msg"`
		}
		if err := json.Unmarshal([]byte(p), &m); err != nil || m.Msg["type"] != "contributions" {
			t.Fatalf("comm message %s, want a contributions request", p)
		}
		n := len(fc.sent)
		reg.handlers[CommTarget].Message(fc, m.Msg, nil)
		r := fc.waitSent(n+1, 20*time.Second)
		if r == nil || r["type"] != "contributions" {
			t.Fatalf("contributions reply %v", r)
		}
		reply, _ := json.Marshal(r)
		js := fmt.Sprintf(`window.__comms.forEach(c => c.handlers.forEach(h => h({content: {data: %s}})))`, reply)
		if err := chromedp.Run(ctx, chromedp.Evaluate(js, nil),
			chromedp.Poll(`document.querySelector('[data-activis-view="matrix"]').getAttribute('data-contrib') === 'ready'`, nil, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			t.Errorf("the matrix did not take the kernel's contributions: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no contributions request from the view")
	}
	screenshot(ctx, t, filepath.Join(dir, "views-comm.png"))
	ev.check(t, "file://"+page)
}
