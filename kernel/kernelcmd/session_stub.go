//go:build activis_nointerp

package kernelcmd

// Built with -tags activis_nointerp, this file stands in for the yaegi
// session (session_yaegi.go): the kernel serves the protocol and answers
// every cell with an error saying the interpreter is not wired. It keeps the
// binary buildable should kernel/gosession not compile.

import (
	"context"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/widgets/comm"
)

const sessionKind = "no interpreter"

type sessionBuilder struct{}

func newSessionBuilder() *sessionBuilder { return &sessionBuilder{} }

func (*sessionBuilder) session() (kernel.Session, error) { return stubSession{}, nil }

func (*sessionBuilder) attach(comm.Registry) {}

// stubSession is a kernel.Session without an interpreter.
type stubSession struct{}

var errNotWired = &kernel.ExecError{
	Name:  "NotWired",
	Value: "the Go interpreter (kernel/gosession) is not wired into this build of activis-kernel",
}

func (stubSession) Execute(context.Context, kernel.ExecuteRequest, kernel.Output) kernel.ExecuteResult {
	return kernel.ExecuteResult{Err: errNotWired}
}
func (stubSession) Complete(_ string, cursor int) kernel.Completion {
	return kernel.Completion{CursorStart: cursor, CursorEnd: cursor}
}
func (stubSession) Inspect(string, int, int) kernel.Inspection { return kernel.Inspection{} }
func (stubSession) IsComplete(string) (string, string)         { return "unknown", "" }
func (stubSession) Info() kernel.LanguageInfo {
	return kernel.LanguageInfo{Name: "go", Banner: "Go (ActiVis) kernel " + kernel.Version + " — interpreter not wired into this build"}
}
func (stubSession) Restart() error { return nil }
func (stubSession) Close() error   { return nil }
