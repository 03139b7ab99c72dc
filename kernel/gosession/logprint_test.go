package gosession

import (
	"regexp"
	"strings"
	"testing"
)

// TestLogFileLine: with log.Lshortfile or log.Llongfile a log line names
// the cell and line of the call (compiled log named the interpreter's
// frame, "value.go:586"), keeps the prefix where Lmsgprefix puts it, and
// a Panic still panics with the text.
func TestLogFileLine(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "import (\"fmt\"; \"log\"; \"os\")")
	r := mustRun(t, s, "log.SetOutput(os.Stdout)\nlog.SetFlags(log.Lshortfile)\nlog.Println(\"a\", 1)\nl := log.New(os.Stdout, \"p: \", log.Llongfile|log.Lmsgprefix)\nl.Printf(\"n=%d\", 2)\nq := log.New(os.Stdout, \"q \", 0)\nq.Print(\"plain\")")
	want := regexp.MustCompile(`^In\[\d+\]:3: a 1\nIn\[\d+\]:5: p: n=2\nq plain\n$`)
	if got := r.stream("stdout"); !want.MatchString(got) {
		t.Errorf("stdout %q, want %s", got, want)
	}
	r, err := run(t, s, "l.Panicf(\"bad %d\", 3)")
	if err == nil || !strings.Contains(err.Value, "bad 3") || !regexp.MustCompile(`^In\[\d+\]:1: p: bad 3\n$`).MatchString(r.stream("stdout")) {
		t.Errorf("Panicf: stdout %q, error %s", r.stream("stdout"), errString(err))
	}
	if got := mustRun(t, s, "fmt.Println(\"alive\")").stream("stdout"); got != "alive\n" {
		t.Errorf("after the panic: %q", got)
	}
}
