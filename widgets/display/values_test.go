package display

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestValuesRender(t *testing.T) {
	for _, test := range []struct {
		name string
		r    Renderer
		mime string
		want any
	}{
		{"html", HTML("<b>x</b>"), "text/html", "<b>x</b>"},
		{"markdown", Markdown("*x*"), "text/markdown", "*x*"},
		{"svg", SVG("<svg/>"), "image/svg+xml", "<svg/>"},
		{"latex", LaTeX("$x^2$"), "text/latex", "$x^2$"},
		{"text", Text("plain"), "text/plain", "plain"},
		{"png", PNG([]byte{1, 2}), "image/png", base64.StdEncoding.EncodeToString([]byte{1, 2})},
		{"jpeg", JPEG([]byte{3}), "image/jpeg", base64.StdEncoding.EncodeToString([]byte{3})},
		{"mime", MIME{"application/x-thing": "v"}, "application/x-thing", "v"},
	} {
		b := test.r.Render()
		if got := b.Data[test.mime]; got != test.want {
			t.Errorf("%s: Data[%q] = %v, want %v", test.name, test.mime, got, test.want)
		}
		if _, ok := b.Data["text/plain"]; !ok {
			t.Errorf("%s: no text/plain fallback", test.name)
		}
	}
}

func TestJSON(t *testing.T) {
	b := JSON(map[string]int{"a": 1}).Render()
	raw, ok := b.Data["application/json"].(json.RawMessage)
	if !ok || string(raw) != `{"a":1}` {
		t.Errorf("application/json = %#v", b.Data["application/json"])
	}
	bad := JSON(func() {}).Render()
	if _, ok := bad.Data["application/json"]; ok || !strings.Contains(bad.Data["text/plain"].(string), "display.JSON") {
		t.Errorf("unencodable value: %#v", bad.Data)
	}
}

// selfFormatted formats itself like gonum's mat.Formatted.
type selfFormatted struct{ n int }

func (s selfFormatted) Format(f fmt.State, verb rune) { fmt.Fprintf(f, "⎡%d⎤", s.n) }

func TestFormatTextUsesFormatter(t *testing.T) {
	if got := FormatText(selfFormatted{3}, DefaultLimits); got != "⎡3⎤" {
		t.Errorf("FormatText of a fmt.Formatter = %q, want its own formatting", got)
	}
}
