package kernel

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func inputs(es []HistoryEntry) []string {
	var s []string
	for _, e := range es {
		s = append(s, e.Input)
	}
	return s
}

func TestGlob(t *testing.T) {
	for _, test := range []struct {
		pattern, s string
		want       bool
	}{
		{"*", "a/b\nc", true},
		{"x*", "x := 1\ny", true},
		{"x*", "y := x", false},
		{"*x+1*", "x := 1\nx+1", true},
		{"?+1", "x+1", true},
		{"?+1", "xx+1", false},
		{"[ab]c", "bc", true},
		{"[^ab]c", "bc", false},
		{"a.b", "axb", false},
		{"[unclosed", "[unclosed", true},
	} {
		re, err := globRegexp(test.pattern)
		if err != nil {
			t.Fatalf("%q: %v", test.pattern, err)
		}
		if got := re.MatchString(test.s); got != test.want {
			t.Errorf("glob %q on %q = %v, want %v", test.pattern, test.s, got, test.want)
		}
	}
}

func TestHistoryPersists(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sub", "history.jsonl")
	h, err := NewHistory(file)
	if err != nil {
		t.Fatal(err)
	}
	if h.Session() != 1 {
		t.Errorf("first session %d", h.Session())
	}
	for i, in := range []string{"a := 1", "a+1", "fmt.Println(a)"} {
		if err := h.Add(i+1, in, ""); err != nil {
			t.Fatal(err)
		}
	}
	// A damaged line does not stop the next session.
	f, _ := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("{not json\n")
	f.Close()
	h2, err := NewHistory(file)
	if err != nil {
		t.Fatal(err)
	}
	if h2.Session() != 2 {
		t.Errorf("second session %d, want 2", h2.Session())
	}
	h2.Add(1, "a+1", "2")
	if got := inputs(h2.Range(-1, 2, 0)); !slices.Equal(got, []string{"a+1", "fmt.Println(a)"}) {
		t.Errorf("previous session lines 2..: %q", got)
	}
	if got := inputs(h2.Range(0, 1, 2)); !slices.Equal(got, []string{"a+1"}) {
		t.Errorf("current session: %q", got)
	}
	if got := h2.Search("a+1", 0, false); len(got) != 2 || got[1].Output != "2" || got[1].Session != 2 {
		t.Errorf("search across sessions: %+v", got)
	}
	if got := h2.Search("a+1", 0, true); len(got) != 1 || got[0].Session != 2 {
		t.Errorf("unique keeps the latest: %+v", got)
	}
	if got := inputs(h2.Tail(2)); !slices.Equal(got, []string{"fmt.Println(a)", "a+1"}) {
		t.Errorf("tail across sessions: %q", got)
	}
	if got := h2.Tail(100); len(got) != 4 {
		t.Errorf("tail 100 = %d entries", len(got))
	}
	h2.NewSession()
	if h2.Session() != 3 || len(h2.Range(0, 0, 0)) != 0 {
		t.Errorf("after NewSession: session %d", h2.Session())
	}
}
