package gosession

import (
	"slices"
	"strings"
	"testing"
)

func TestComplete(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import \"strings\"\ntype Explorer struct{ Name string }\nfunc (e *Explorer) AddSubset(name string) error { return nil }\nfunc (e *Explorer) AddInstances(i ...int) {}\nex := &Explorer{}\nmyValue := 3\nb := &strings.Builder{}")
	for _, test := range []struct {
		code       string
		cursor     int // -1: end
		want       []string
		wantAll    bool // matches must equal want
		start, end int
	}{
		{"fmt.Prin", -1, []string{"Print", "Printf", "Println"}, true, 4, 8},
		{"strings.HasP", -1, []string{"HasPrefix"}, true, 8, 12},
		{"ex.Ad", -1, []string{"AddInstances", "AddSubset"}, true, 3, 5},
		{"ex.Na", -1, []string{"Name"}, true, 3, 5},
		{"b.Wri", -1, []string{"WriteByte", "WriteRune", "WriteString"}, false, 2, 5},
		{"x := myV", -1, []string{"myValue"}, true, 5, 8},
		{"fo", -1, []string{"for"}, false, 0, 2},
		{"mat.NewDe", -1, []string{"NewDense"}, true, 4, 9},
		{"display.Disp", -1, []string{"Display"}, true, 8, 12},
		// Go 1.23-1.26 members and packages (symbols/stdnew).
		{"slog.Disc", -1, []string{"DiscardHandler"}, true, 5, 9},
		{"sha3.Sum2", -1, []string{"Sum224", "Sum256"}, true, 5, 9},
		{"fmt.Prin + 1", 8, []string{"Print", "Printf", "Println"}, true, 4, 8},
		{"é := 1\nfmt.Prin", -1, []string{"Println"}, false, 11, 15},
		{"d := mat.NewDense(2, 2, nil)\nd.A", -1, []string{"At"}, false, 31, 32},
	} {
		cursor := test.cursor
		if cursor < 0 {
			cursor = len([]rune(test.code))
		}
		c := s.Complete(test.code, cursor)
		if c.CursorStart != test.start || c.CursorEnd != test.end {
			t.Errorf("%q: cursor [%d,%d), want [%d,%d)", test.code, c.CursorStart, c.CursorEnd, test.start, test.end)
		}
		if c.Metadata == nil {
			t.Errorf("%q: no metadata", test.code)
		}
		for _, w := range test.want {
			if !slices.Contains(c.Matches, w) {
				t.Errorf("%q: matches %v lack %q", test.code, c.Matches, w)
			}
		}
		if test.wantAll && len(c.Matches) != len(test.want) {
			t.Errorf("%q: matches %v, want exactly %v", test.code, c.Matches, test.want)
		}
	}
}

func TestInspect(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "// Twice doubles v.\nfunc Twice(v int) int { return 2 * v }\ntype Explorer struct{}\n// AddSubset adds a row.\nfunc (e *Explorer) AddSubset(name string) error { return nil }\nex := &Explorer{}\nm := mat.NewDense(1, 1, nil)")
	for _, test := range []struct {
		code   string
		detail int
		want   []string
	}{
		{"fmt.Println", 0, []string{"func Println(a ...any)", "Println formats"}},
		{"x := strings.Fields", 0, []string{"func Fields(s string) []string"}},
		{"mat.NewDense", 0, []string{"func NewDense(r, c int, data []float64) *Dense"}},
		{"mat.Dense.At", 0, []string{"At returns the element"}},
		{"Twice", 0, []string{"func Twice(v int) int", "Twice doubles v."}},
		{"Twice", 1, []string{"Source:", "return 2 * v"}},
		{"ex.AddSubset", 0, []string{"AddSubset(name string) error", "AddSubset adds a row."}},
		{"m.At", 0, []string{"At returns the element"}},
		{"slices.Max", 0, []string{"func Max"}},
		{"display.HTML", 0, []string{"type HTML string"}},
		{"len", 0, []string{"func len"}},
	} {
		for _, detail := range []int{test.detail} {
			in := s.Inspect(test.code, len([]rune(test.code)), detail)
			text, _ := in.Data["text/plain"].(string)
			if !in.Found {
				t.Errorf("%q: not found", test.code)
				continue
			}
			for _, w := range test.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q detail %d: %q lacks %q", test.code, detail, text, w)
				}
			}
		}
	}
	if in := s.Inspect("noSuchName", 5, 0); in.Found || in.Data == nil || in.Metadata == nil {
		t.Errorf("unknown name: %+v", in)
	}
}

func TestIsComplete(t *testing.T) {
	s := newSession(t)
	for _, test := range []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"func f() int { return 1 }", "complete", ""},
		{"fmt.Println(1)", "complete", ""},
		{"func f() {", "incomplete", "\t"},
		{"if x {\n\tfor {", "incomplete", "\t\t"},
		{"x := []int{1,", "incomplete", "\t"},
		{"x := 1 +", "incomplete", "\t"},
		{"y := x.", "incomplete", "\t"},
		{"s := `raw", "incomplete", ""},
		{"x := )", "invalid", ""},
		{"}", "invalid", ""},
		{"x := 1 1", "invalid", ""},
		{"%help", "complete", ""},
		{"!ls", "complete", ""},
		{"", "complete", ""},
	} {
		st, ind := s.IsComplete(test.code)
		if st != test.status || ind != test.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", test.code, st, ind, test.status, test.indent)
		}
	}
}

func TestMagics(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "answer := 42\ntype T struct{}\nfunc f() {}")
	page := func(code string) string {
		r := &recorder{}
		res := s.Execute(withTimeout(t, 10e9), kernelReq(code), r)
		if res.Err != nil {
			t.Fatalf("%q: %s", code, errString(res.Err))
		}
		if len(res.Payload) != 1 || res.Payload[0]["source"] != "page" || res.Payload[0]["start"] != 0 {
			t.Fatalf("%q: payload %v, want one page", code, res.Payload)
		}
		if len(r.streams)+len(r.results)+len(r.displays) != 0 {
			t.Errorf("%q produced output besides the page", code)
		}
		text, _ := res.Payload[0]["data"].(map[string]any)["text/plain"].(string)
		return text
	}
	if p := page("%help"); !strings.Contains(p, "%time") || !strings.Contains(p, "display.Display") {
		t.Errorf("%%help page: %q", p)
	}
	if p := page("?fmt.Println"); !strings.Contains(p, "func Println") {
		t.Errorf("?fmt.Println page: %q", p)
	}
	if p := page("strings.Fields?"); !strings.Contains(p, "func Fields") {
		t.Errorf("strings.Fields? page: %q", p)
	}
	if out := mustRun(t, s, "%who").stream("stdout"); !strings.Contains(out, "answer") || !strings.Contains(out, "int") || !strings.Contains(out, "T ") {
		t.Errorf("%%who: %q", out)
	}
	if out := mustRun(t, s, "%env ACTIVIS_TEST=yes").stream("stdout"); !strings.Contains(out, "ACTIVIS_TEST=yes") {
		t.Errorf("%%env set: %q", out)
	}
	if got := mustRun(t, s, "os.Getenv(\"ACTIVIS_TEST\")").result(); got != `"yes"` {
		t.Errorf("interpreted os.Getenv after %%env = %q", got)
	}
	if out := mustRun(t, s, "%env ACTIVIS_TEST").stream("stdout"); out != "yes\n" {
		t.Errorf("%%env NAME: %q", out)
	}
	if r := mustRun(t, s, "!echo $ACTIVIS_TEST; echo err >&2"); r.stream("stdout") != "yes\n" || r.stream("stderr") != "err\n" {
		t.Errorf("!cmd streams: %q", r.streams)
	}
	r := mustRun(t, s, "%time\nx := 0\nfor i := range 1000 { x += i }\nx")
	if r.result() != "499500" || !strings.Contains(r.stream("stdout"), "time: ") {
		t.Errorf("%%time: result %q stdout %q", r.result(), r.stream("stdout"))
	}
	r = mustRun(t, s, "y := 1\n!echo between\ny + 1")
	if r.result() != "2" || r.stream("stdout") != "between\n" {
		t.Errorf("magic between Go lines: result %q stdout %q", r.result(), r.stream("stdout"))
	}
	if _, err := run(t, s, "%nosuch"); err == nil || !strings.Contains(err.Value, "%help") {
		t.Errorf("unknown magic: %s", errString(err))
	}
}
