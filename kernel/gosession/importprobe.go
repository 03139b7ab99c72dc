package gosession

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// Imports that crash the interpreter.
//
// yaegi v0.16.1 dies on some packages while compiling them, with a fatal
// error of the Go runtime that no recover stops: importing
// github.com/samber/lo overflows the stack in reflect (its type of a
// generic function's frame), and the kernel process died with it, losing
// the session. Where Options.ProbeImports names a command, the first
// import of a package interpreted from source is tried in a child process
// first (the command, then the import path: the kernel's hidden
// `probe-import` subcommand, which calls ProbeImport). A child that dies
// makes the import an error naming the package, the runtime's message and
// the compiled route (activis-kernel build --with); a child that compiles
// the package, or fails with an ordinary error, lets the import run in
// the session. Packages that passed are recorded, by the module cache
// directory they resolve to (so by version), in the GOPATH's probed.txt,
// so later sessions do not try them again. Written for this package.
//
// A child whose import fails with an ordinary error prints it, and the
// cell fails with that error without compiling the package in the
// session: a failed compile can leave yaegi's state half made, and the
// cells after it failed too (`fmt.Println(x + 1)` after the failed import
// of github.com/clipperhouse/uax29's graphemes: "panic: reflect: call of
// reflect.Value.SetInt on func Value").

// probeTimeout bounds a child's compile of a package.
const probeTimeout = 3 * time.Minute

// ProbeImport compiles the import of path in a fresh session, for a child
// process of the probe; it returns the process's exit code: 0 when the
// import compiled, 3 when it failed with an error, which it writes to
// stdout (as JSON: probeFailure). A fatal error of the interpreter ends
// the process before it returns.
func ProbeImport(path string) int {
	s, err := New(Options{})
	if err != nil {
		return 3
	}
	defer s.Close()
	res := s.Execute(context.Background(), session.ExecuteRequest{Code: "import " + strconv.Quote(path)}, discardOutput{})
	if res.Err != nil {
		// The position is the child's cell's; the user's cell has the
		// import elsewhere.
		value := cellPosPrefix.ReplaceAllString(res.Err.Value, "")
		json.NewEncoder(os.Stdout).Encode(probeFailure{Name: res.Err.Name, Value: value})
		return 3
	}
	return 0
}

// cellPosPrefix matches the cell position that starts an error of the
// probe's cell ("1:21: import ...").
var cellPosPrefix = regexp.MustCompile(`^\d+:\d+: `)

// probeFailure is the error of an import that failed in a probe's child.
type probeFailure struct {
	Name, Value string
}

func (e *probeFailure) Error() string { return e.Value }

// probeImport tries path in a child process (see above) unless it passed
// before, and returns the error for an import that crashes the
// interpreter, or a *probeFailure for one that fails.
func (s *Session) probeImport(ctx context.Context, path string) error {
	if len(s.opt.ProbeImports) == 0 {
		return nil
	}
	dir, err := filepath.EvalSymlinks(filepath.Join(goPath(), "src", filepath.FromSlash(path)))
	if err != nil {
		return nil // not there: the import reports it
	}
	record := filepath.Join(goPath(), "probed.txt")
	if b, err := os.ReadFile(record); err == nil && slices.Contains(strings.Split(string(b), "\n"), dir) {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	args := append(slices.Clone(s.opt.ProbeImports[1:]), path)
	cmd := exec.CommandContext(ctx, s.opt.ProbeImports[0], args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	var failed probeFailure
	switch {
	case errors.As(err, &exit) && exit.ExitCode() == 3 && json.Unmarshal(lastLine(stdout.Bytes()), &failed) == nil && failed.Value != "":
		return &failed // not recorded: the next import tries again
	case err == nil || errors.As(err, &exit) && exit.ExitCode() == 3:
		if f, err := os.OpenFile(record, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintln(f, dir)
			f.Close()
		}
		return nil
	case ctx.Err() != nil || !errors.As(err, &exit):
		return nil // timed out or not started: the import runs as before
	}
	return fmt.Errorf("importing %s ends the process while the interpreter (yaegi v0.16.1) compiles and initialises the package (%s), which would end the kernel and its session; "+
		"compile the package into the kernel instead: activis-kernel build --with %s", path, crashLine(stderr.String()), path)
}

// lastLine returns the last non-empty line of b: the child's failure,
// after anything compiled code of the package wrote to stdout.
func lastLine(b []byte) []byte {
	b = bytes.TrimRight(b, "\n")
	return b[bytes.LastIndexByte(b, '\n')+1:]
}

// crashLine returns the line of a child's stderr that says why it died.
func crashLine(stderr string) string {
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "fatal error:") || strings.HasPrefix(l, "panic:") {
			return l
		}
	}
	if l, _, _ := strings.Cut(strings.TrimSpace(stderr), "\n"); l != "" {
		return l
	}
	return "the process died"
}

// discardOutput is the Output of a probe's cell.
type discardOutput struct{}

func (discardOutput) Display(display.Bundle) error { return nil }
func (discardOutput) Update(display.Bundle) error  { return nil }
func (discardOutput) Clear(bool) error             { return nil }
func (discardOutput) Result(display.Bundle)        {}
func (discardOutput) Comms() comm.Registry         { return nil }
func (discardOutput) Stream(string, string)        {}
func (discardOutput) Input(string, bool) (string, error) {
	return "", errors.New("no stdin in an import probe")
}
