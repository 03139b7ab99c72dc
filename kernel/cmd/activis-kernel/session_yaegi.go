//go:build !activis_nointerp

package main

import (
	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/gosession"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
	"github.com/activis-go/activis/widgets/views"
)

const sessionKind = "yaegi session"

// sessionBuilder makes the yaegi session with the ActiVis views first among
// its converters. The views' comm host needs the kernel's registry, which
// exists only after the kernel (which needs the session): the converter
// reaches the host through the builder, attached before the kernel runs.
type sessionBuilder struct {
	host *views.Host
}

func newSessionBuilder() *sessionBuilder { return &sessionBuilder{} }

func (b *sessionBuilder) session() (kernel.Session, error) {
	conv := func(v any, pub display.Publisher) (display.Bundle, bool) {
		if b.host == nil {
			return views.Convert(v, pub)
		}
		return b.host.Convert(v, pub)
	}
	return gosession.New(gosession.Options{Converters: []display.Converter{conv}})
}

func (b *sessionBuilder) attach(reg comm.Registry) { b.host = views.Attach(reg) }
