package gosession

import (
	"strings"
	"testing"
)

// TestDefaultLogToCell runs slog's default logger in a cell: its line
// went to the kernel process's stderr, not the cell's (defaultlog.go).
func TestDefaultLogToCell(t *testing.T) {
	s := newSession(t)
	r, err := run(t, s, "import \"log/slog\"\nslog.Info(\"loaded\", \"rows\", 3)\nslog.Debug(\"hidden\")")
	if err != nil {
		t.Fatalf("cell: %s", errString(err))
	}
	if got := r.stream("stderr"); !strings.HasSuffix(got, " INFO loaded rows=3\n") || strings.Contains(got, "hidden") {
		t.Errorf("stderr = %q, want one line ending in \" INFO loaded rows=3\" (go run)", got)
	}
}

// TestDefaultLogReset: what a cell set on the process's default loggers
// (log's flags and prefix, slog's default) does not reach a new session,
// which starts from Go's defaults.
func TestDefaultLogReset(t *testing.T) {
	s1 := newSession(t)
	mustRun(t, s1, "import (\"log\"; \"log/slog\"; \"os\")\nlog.SetFlags(0)\nlog.SetPrefix(\"x: \")\n"+
		"slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))")
	s2 := newSession(t)
	r, err := run(t, s2, "import (\"fmt\"; \"log\"; \"log/slog\")\nfmt.Println(log.Flags(), log.Prefix() == \"\")\nslog.Info(\"fresh\")")
	if err != nil {
		t.Fatal(errString(err))
	}
	if got := r.stream("stdout"); got != "3 true\n" {
		t.Errorf("stdout = %q, want %q", got, "3 true\n")
	}
	if got := r.stream("stderr"); !strings.HasSuffix(got, " INFO fresh\n") || strings.HasPrefix(got, "x: ") {
		t.Errorf("stderr = %q, want a dated line ending in \" INFO fresh\"", got)
	}
}
