//go:build !activis_nointerp

package kernelcmd

import (
	"io"
	"log/slog"
	"os"

	"github.com/activis-go/activis/install"
	"github.com/activis-go/activis/kernel/gosession"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
	"github.com/activis-go/activis/widgets/views"
	"github.com/activis-go/activis/widgets/widget"
)

const sessionKind = "yaegi session"

// sessionBuilder makes the yaegi session with the ActiVis views first among
// its converters. The views' comm host needs the kernel's registry, which
// exists only after the kernel (which needs the session): the converter
// reaches the host through the builder, attached before the kernel runs.
// The widget manager (widgets/widget) is bound to the same registry: a
// widget displayed in a cell opens its comm then.
type sessionBuilder struct {
	host    *views.Host
	widgets *widget.Manager
	stdio   *gosession.Stdio
}

// captureStdio makes what compiled code writes to the process's standard
// output and error go to the cells (gosession's stdio.go) and returns the
// original stderr for the kernel's logs and a function that undoes it;
// stderr and a no-op where it cannot.
func (b *sessionBuilder) captureStdio(stderr io.Writer) (io.Writer, func(), error) {
	st, err := gosession.CaptureStdio()
	if err != nil {
		return stderr, func() {}, err
	}
	b.stdio = st
	return st.Stderr, func() { st.Close() }, nil
}

func newSessionBuilder() *sessionBuilder { return &sessionBuilder{} }

func (b *sessionBuilder) session() (session.Session, error) {
	conv := func(v any, pub display.Publisher) (display.Bundle, bool) {
		if b.widgets != nil {
			if bundle, ok := b.widgets.Convert(v, pub); ok {
				return bundle, true
			}
		}
		if b.host == nil {
			return views.Convert(v, pub)
		}
		return b.host.Convert(v, pub)
	}
	opt := gosession.Options{Converters: []display.Converter{conv}, Stdio: b.stdio}
	if exe, err := os.Executable(); err == nil {
		opt.ProbeImports = []string{exe, "probe-import"} // see probeImportCmd
	}
	return gosession.New(opt)
}

// probeImportCmd is the hidden `probe-import PATH` subcommand: the child
// process in which the session tries the first import of a package
// interpreted from source (gosession's importprobe.go).
func probeImportCmd(path string) int { return gosession.ProbeImport(path) }

func (b *sessionBuilder) attach(reg comm.Registry) {
	b.widgets = widget.NewManager(reg)
	b.widgets.OnError(func(err error) { slog.Warn("widget protocol", "err", err) })
	if v := os.Getenv(install.AnywidgetVersionEnv); v != "" {
		b.widgets.SetAnywidgetVersion(v)
	}
	b.host = views.Attach(reg)
	b.host.SetWidgets(views.Widgets(b.widgets))
}
