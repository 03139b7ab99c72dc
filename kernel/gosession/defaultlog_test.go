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
