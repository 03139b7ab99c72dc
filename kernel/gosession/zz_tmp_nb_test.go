package gosession

import (
	"os"
	"strings"
	"testing"
)

func TestZZNotebook(t *testing.T) {
	b, err := os.ReadFile(os.Getenv("S2CELLS"))
	if err != nil {
		t.Skip()
	}
	os.Chdir("/work/main/notebooks")
	s := newSession(t)
	for _, c := range strings.Split(string(b), "\n####\n") {
		r, e := run(t, s, c)
		t.Logf(">>> %.60q\nout: %s\nerr: %s", c, r.stream("stdout"), errString(e))
		if e != nil {
			t.Logf("%s", strings.Join(e.Traceback, "\n"))
		}
	}
}
