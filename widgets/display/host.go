package display

import (
	"fmt"

	"github.com/google/uuid"
)

// Host shows values on a Publisher: it is what Display, Update, Clear and
// Progress call in interpreted code, bound by the kernel session to the
// output of the running cell. Compiled code can use a Host directly.
type Host struct {
	// Pub receives the bundles. With a nil Pub the methods do nothing.
	Pub Publisher
	// Converters are tried in order before Convert.
	Converters []Converter
	// OnError receives publishing errors; nil drops them.
	OnError func(error)
}

// Bundle converts v with the host's converters, then Convert.
func (h *Host) Bundle(v any) (Bundle, bool) {
	for _, c := range h.Converters {
		if c == nil {
			continue
		}
		if b, ok := c(v, h.Pub); ok {
			return b, true
		}
	}
	return Convert(v, h.Pub)
}

// Display shows v as a new output and returns its display id, which Update
// takes to replace it in place.
func (h *Host) Display(v any) string {
	b, ok := h.Bundle(v)
	if !ok {
		return ""
	}
	if b.DisplayID == "" {
		b.DisplayID = uuid.NewString()
	}
	h.report(h.pub().Display(b))
	return b.DisplayID
}

// Update replaces the output with display id id by v.
func (h *Host) Update(id string, v any) {
	if id == "" {
		h.report(fmt.Errorf("display.Update: empty display id; use the id Display returned"))
		return
	}
	b, ok := h.Bundle(v)
	if !ok {
		b = Bundle{Data: map[string]any{"text/plain": ""}}
	}
	b.DisplayID = id
	h.report(h.pub().Update(b))
}

// Clear clears the cell's output; with wait, only when new output arrives.
func (h *Host) Clear(wait bool) { h.report(h.pub().Clear(wait)) }

// Progress returns a progress bar shown on the host's publisher; it
// implements activis.Progress.
func (h *Host) Progress(title string) *ProgressBar { return NewProgressBar(h.pub(), title) }

func (h *Host) pub() Publisher {
	if h.Pub == nil {
		return nopPublisher{}
	}
	return h.Pub
}

func (h *Host) report(err error) {
	if err != nil && h.OnError != nil {
		h.OnError(err)
	}
}

// nopPublisher drops everything; it stands in for a missing front end.
type nopPublisher struct{}

func (nopPublisher) Display(Bundle) error { return nil }
func (nopPublisher) Update(Bundle) error  { return nil }
func (nopPublisher) Clear(bool) error     { return nil }
