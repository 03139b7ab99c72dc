package gosession

import (
	"fmt"
	"image"
	"reflect"

	"github.com/activis-go/activis/widgets/display"
)

// Field names of session structs in shown values.
//
// yaegi v0.16.1 builds a struct type declared in the session with
// reflect.StructOf, which cannot make unexported fields: a field `n`
// becomes `Xn` (jsonfields.go). A cell's shown value and display.Display
// format a value by reflection (display.FormatText), so `r` for `r :=
// &Rec{3, "a"}` showed `&{Xn:3 Name:"a"}` where the compiled program's
// FormatText gives `&{n:3 Name:"a"}`. The session's last converter formats
// such values with display.Limits.FieldName giving back the written names:
// a field named X followed by a lower-case letter or an underscore whose
// json tag is "-", the tag the session gives every unexported field of a
// struct written in a cell (an exported field written `Xname` with the
// tag `json:"-"` would show as `name`). Written for this package.

// converters returns the converters of a cell's display host: the
// session's options', then sessionText.
func (s *Session) converters() []display.Converter {
	return append(s.opt.Converters[:len(s.opt.Converters):len(s.opt.Converters)], sessionText)
}

// sessionText formats v as display.Convert would, with the written names
// of the fields of session structs; values Convert shows otherwise
// (renderers, images, errors, values with a String or Format method) are
// left to it.
func sessionText(v any, _ display.Publisher) (display.Bundle, bool) {
	switch v.(type) {
	case nil, display.Renderer, image.Image, error, fmt.Stringer, fmt.Formatter:
		return display.Bundle{}, false
	}
	lim := display.DefaultLimits
	lim.FieldName = writtenFieldName
	// The values of the session's types held in interfaces inside v
	// (`[]any{Point{9, 9}}`) are in yaegi's wrapper, whose fields the
	// text walked (a pointer among them made reflect panic, failing the
	// cell): the values they hold are shown (encodeoperand.go).
	v = unwrapDeep(v)
	return display.Bundle{Data: map[string]any{"text/plain": display.FormatText(v, lim)}}, true
}

// writtenFieldName returns the name a field was written with in a cell
// (see above).
func writtenFieldName(f reflect.StructField) string {
	n := f.Name
	if len(n) > 1 && n[0] == 'X' && (n[1] == '_' || n[1] >= 'a' && n[1] <= 'z') && f.Tag.Get("json") == "-" {
		return n[1:]
	}
	return n
}
