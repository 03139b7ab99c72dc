package views

import "github.com/activis-go/activis/widgets/display"

// Kinds of view a View shows.
const (
	kindAll        = "all"
	kindGraph      = "graph"
	kindMatrix     = "matrix"
	kindProjection = "projection"
	kindInstances  = "instances"
)

// View is one of the ActiVis views of an explorer, shown alone (see Graph,
// Matrix, Projection, Instances). It implements display.Renderer; passed to
// a kernel's display it also updates in place as the explorer changes.
type View struct {
	src  source
	kind string
	// Options bound the embedded payload; zero means DefaultOptions.
	Options Options
}

// Kind returns "graph", "matrix", "projection", "instances" or "all".
func (v View) Kind() string { return v.kind }

// Render returns the view's bundle, a snapshot without a DisplayID (no
// live updates: Convert with a publisher, which kernels use, gives those).
func (v View) Render() display.Bundle {
	o := &output{src: v.src, kind: v.kind, id: newDisplayID(), opt: v.Options}
	b := o.render()
	b.DisplayID = ""
	return b
}
