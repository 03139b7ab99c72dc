package views

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html"
	"sync"

	"github.com/activis-go/activis/widgets/display"
)

// source is what the views show and follow: an Explorer adapted by
// explorer.go, or a fixed data set in tests.
type source interface {
	// data gathers everything the views show, now.
	data() (*viewData, error)
	// fingerprint changes when the views must be redrawn (layer, rows), but
	// not for changes the view itself made (the selection).
	fingerprint() string
	// onChange calls f after every change; cancel stops it.
	onChange(f func()) (cancel func())
	// handle applies a message from the view (see comm.go).
	handle(msg map[string]any) (reply string, err error)
}

// output is one displayed view of a source, updated in place.
type output struct {
	src  source
	kind string
	id   string
	opt  Options

	mu   sync.Mutex
	last string // fingerprint of the last published bundle
}

func newDisplayID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "activis-" + hex.EncodeToString(b[:])
}

// render builds the output's bundle from the source's current state.
func (o *output) render() display.Bundle {
	d, err := o.src.data()
	var p *payload
	if err == nil {
		p, err = buildPayload(d, o.opt, o.kind, o.id)
	}
	var b display.Bundle
	if err == nil {
		b, err = renderBundle(p)
	}
	if err != nil {
		msg := fmt.Sprintf("activis views: %v", err)
		return display.Bundle{Data: map[string]any{
			"text/plain": msg,
			"text/html":  `<pre class="activis-error">` + html.EscapeString(msg) + `</pre>`,
		}, DisplayID: o.id}
	}
	return b
}

// follow publishes an update whenever the source changes in a way the view
// must show; selection-only changes (made by the view itself) are skipped.
func (o *output) follow(pub display.Publisher) (cancel func()) {
	o.last = o.src.fingerprint()
	return o.src.onChange(func() {
		fp := o.src.fingerprint()
		o.mu.Lock()
		same := fp == o.last
		o.last = fp
		o.mu.Unlock()
		if !same {
			_ = pub.Update(o.render())
		}
	})
}
