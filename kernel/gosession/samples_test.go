package gosession

import (
	"strings"
	"testing"
)

// TestKernelSamples runs the snippets the kernel's jupyter_kernel_test
// suite uses (see /work/notes/session-samples.md) and checks that each
// produces exactly the output that suite expects.
func TestKernelSamples(t *testing.T) {
	s := newSession(t)
	count := func(r *recorder) int {
		return len(r.streams) + len(r.results) + len(r.displays) + len(r.updates) + len(r.clears)
	}
	for _, test := range []struct {
		name, code string
		check      func(r *recorder) bool
	}{
		{"hello", "import \"fmt\"\nfmt.Println(\"hello, world\")", func(r *recorder) bool { return r.stream("stdout") == "hello, world\n" && count(r) == 1 }},
		{"stderr", "import (\n\t\"fmt\"\n\t\"os\"\n)\nfmt.Fprintln(os.Stderr, \"test\")", func(r *recorder) bool { return r.stream("stderr") == "test\n" && count(r) == 1 }},
		{"result", "1 + 2", func(r *recorder) bool { return r.result() == "3" && count(r) == 1 }},
		{"display html", "import \"github.com/activis-go/activis/widgets/display\"\ndisplay.Display(display.HTML(\"<b>hi</b>\"))",
			func(r *recorder) bool {
				return len(r.displays) == 1 && r.displays[0].Data["text/html"] != nil && count(r) == 1
			}},
		{"display markdown", "display.Display(display.Markdown(\"*hi*\"))",
			func(r *recorder) bool {
				return len(r.displays) == 1 && r.displays[0].Data["text/markdown"] != nil && count(r) == 1
			}},
		{"clear", "import \"github.com/activis-go/activis/widgets/display\"\ndisplay.Clear(false)", func(r *recorder) bool { return len(r.clears) == 1 && count(r) == 1 }},
		{"update", "display.Update(\"some-id\", 1)", func(r *recorder) bool { return len(r.updates) == 1 && count(r) == 1 }},
	} {
		r := mustRun(t, s, test.code)
		if !test.check(r) {
			t.Errorf("%s: streams %q results %v displays %v updates %v clears %v", test.name, r.streams, r.results, r.displays, r.updates, r.clears)
		}
	}
	r, err := run(t, s, "panic(\"boom\")")
	if err == nil || count(r) != 0 {
		t.Errorf("error sample: err %s, other output %q", errString(err), r.streams)
	}
	if in := s.Inspect("fmt.Println", len("fmt.Println"), 0); !in.Found || !strings.Contains(in.Data["text/plain"].(string), "Println") {
		t.Errorf("inspect sample: %+v", in)
	}
	if c := s.Complete("fmt.Prin", 8); strings.Join(c.Matches, ",") != "Print,Printf,Println" {
		t.Errorf("completion sample: %v", c.Matches)
	}
}
