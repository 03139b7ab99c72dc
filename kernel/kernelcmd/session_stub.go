//go:build activis_nointerp

package kernelcmd

// Built with -tags activis_nointerp, this file stands in for the yaegi
// session (session_yaegi.go): the kernel serves the protocol and answers
// every cell with an error saying the interpreter is not wired. It keeps the
// binary buildable should kernel/gosession not compile.

import (
	"context"
	"io"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/comm"
)

const sessionKind = "no interpreter"

type sessionBuilder struct{}

func newSessionBuilder() *sessionBuilder { return &sessionBuilder{} }

func (*sessionBuilder) session() (session.Session, error) { return stubSession{}, nil }

func (*sessionBuilder) attach(comm.Registry) {}

// captureStdio leaves the standard output and error as they are: no cell
// runs code.
func (*sessionBuilder) captureStdio(stderr io.Writer) (io.Writer, func(), error) {
	return stderr, func() {}, nil
}

// probeImportCmd has no interpreter to try an import with.
func probeImportCmd(string) int { return 3 }

// stubSession is a session.Session without an interpreter.
type stubSession struct{}

var errNotWired = &session.ExecError{
	Name:  "NotWired",
	Value: "the Go interpreter (kernel/gosession) is not wired into this build of activis-kernel",
}

func (stubSession) Execute(context.Context, session.ExecuteRequest, session.Output) session.ExecuteResult {
	return session.ExecuteResult{Err: errNotWired}
}
func (stubSession) Complete(_ string, cursor int) session.Completion {
	return session.Completion{CursorStart: cursor, CursorEnd: cursor}
}
func (stubSession) Inspect(string, int, int) session.Inspection { return session.Inspection{} }
func (stubSession) IsComplete(string) (string, string)          { return "unknown", "" }
func (stubSession) Info() session.LanguageInfo {
	return session.LanguageInfo{Name: "go", Banner: "Go (ActiVis) kernel " + kernel.Version + " — interpreter not wired into this build"}
}
func (stubSession) Restart() error { return nil }
func (stubSession) Close() error   { return nil }
