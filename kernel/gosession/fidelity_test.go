package gosession

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The Go fidelity corpus: cells as people write them, each case run in a
// fresh session, with the exact output compiled Go gives (testdata/fidelity).
//
// A case file holds cases in this format:
//
//	=== name
//	first cell
//	--- cell
//	next cell
//	--- stdout
//	exact stdout of all cells together
//	--- result
//	exact text of the last cell's shown value
//	--- error
//	a substring of the last cell's error (the earlier cells must succeed)
//	--- traceback
//	a substring of the last cell's traceback (with --- error)
//	--- fails
//	a substring of the error of the cell just before (which must fail)
//
// Lines starting with "#" before the first case are comments.

// fidelityCase is one case of the corpus.
type fidelityCase struct {
	name, file string
	cells      []string
	stdout     *string
	stderr     *string
	result     *string
	err        *string
	fails      map[int]string // cell index -> substring of its error
	traceback  *string        // a substring of the last cell's traceback
}

// parseFidelity reads the cases of one file.
func parseFidelity(t *testing.T, path string) []*fidelityCase {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []*fidelityCase
	var c *fidelityCase
	var section string
	var buf []string
	flush := func() {
		if c == nil {
			return
		}
		text := strings.Join(buf, "")
		switch section {
		case "cell":
			c.cells = append(c.cells, text)
		case "stdout":
			c.stdout = &text
		case "stderr":
			c.stderr = &text
		case "result":
			text = strings.TrimSuffix(text, "\n")
			c.result = &text
		case "error":
			text = strings.TrimSpace(text)
			c.err = &text
		case "traceback":
			text = strings.TrimSpace(text)
			c.traceback = &text
		case "fails":
			if c.fails == nil {
				c.fails = map[int]string{}
			}
			c.fails[len(c.cells)-1] = strings.TrimSpace(text)
		default:
			t.Fatalf("%s: case %s: unknown section %q", path, c.name, section)
		}
		buf = nil
	}
	for _, line := range strings.SplitAfter(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "=== "):
			flush()
			c = &fidelityCase{name: strings.TrimSpace(line[4:]), file: filepath.Base(path)}
			cases = append(cases, c)
			section = "cell"
		case strings.HasPrefix(line, "--- ") && c != nil:
			flush()
			section = strings.TrimSpace(line[4:])
		case c != nil:
			buf = append(buf, line)
		}
	}
	flush()
	return cases
}

// TestFidelity runs the corpus: every case must give exactly Go's output.
func TestFidelity(t *testing.T) {
	files, err := filepath.Glob("testdata/fidelity/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fidelity cases: %v", err)
	}
	n := 0
	for _, f := range files {
		for _, c := range parseFidelity(t, f) {
			n++
			t.Run(strings.TrimSuffix(c.file, ".txt")+"/"+c.name, func(t *testing.T) { runFidelity(t, c) })
		}
	}
	t.Logf("%d cases", n)
}

func runFidelity(t *testing.T, c *fidelityCase) {
	if len(c.cells) == 0 || (c.stdout == nil && c.result == nil && c.err == nil && c.stderr == nil) {
		t.Fatalf("case %s has no cell or no expectation", c.name)
	}
	s := newSession(t)
	var stdout, stderr strings.Builder
	var last *recorder
	for i, code := range c.cells {
		ctx := withTimeout(t, 20e9)
		r, e := runCtx(t, s, ctx, code)
		stdout.WriteString(r.stream("stdout"))
		stderr.WriteString(r.stream("stderr"))
		last = r
		if i == len(c.cells)-1 && c.err != nil {
			if e == nil || !strings.Contains(errString(e), *c.err) {
				t.Fatalf("cell %d: error = %s, want it to contain %q", i+1, errString(e), *c.err)
			}
			if tb := strings.Join(e.Traceback, "\n"); c.traceback != nil && !strings.Contains(tb, *c.traceback) {
				t.Fatalf("cell %d: traceback = %q, want it to contain %q", i+1, tb, *c.traceback)
			}
			continue
		}
		if want, ok := c.fails[i]; ok {
			if e == nil || !strings.Contains(errString(e), want) {
				t.Fatalf("cell %d: error = %s, want it to contain %q", i+1, errString(e), want)
			}
			continue
		}
		if e != nil {
			t.Fatalf("cell %d failed: %s\n%s\nstdout so far: %q", i+1, errString(e), code, stdout.String())
		}
	}
	if c.stdout != nil && stdout.String() != *c.stdout {
		t.Errorf("stdout = %q\nwant     %q", stdout.String(), *c.stdout)
	}
	if c.stderr != nil && stderr.String() != *c.stderr {
		t.Errorf("stderr = %q\nwant     %q", stderr.String(), *c.stderr)
	}
	if c.result != nil && last.result() != *c.result {
		t.Errorf("result = %q, want %q", last.result(), *c.result)
	}
}
