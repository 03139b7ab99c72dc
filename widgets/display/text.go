package display

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Limits bound the text FormatText produces for large values.
type Limits struct {
	// Elems is the number of elements shown of a slice, array or map.
	Elems int
	// Fields is the number of fields shown of a struct.
	Fields int
	// Depth is how deep nested values are expanded.
	Depth int
	// String is the number of bytes shown of a string inside a value.
	String int
	// Total is the length after which the text is cut.
	Total int
	// FieldName, when not nil, gives the name shown for a struct field
	// (an interpreter that renames unexported fields shows the names
	// written in the source); nil shows the field's own name.
	FieldName func(f reflect.StructField) string
}

// DefaultLimits are the limits Convert uses.
var DefaultLimits = Limits{Elems: 20, Fields: 30, Depth: 4, String: 200, Total: 8000}

// FormatText formats v like fmt's %+v (strings quoted), but shows at most
// lim.Elems elements of each slice, array and map (maps in sorted key order),
// lim.Fields fields of each struct, and lim.Depth levels of nesting. When
// something was cut, a final line says what, for example
// "(cut: showing 20 of 10000 elements of []float64)".
func FormatText(v any, lim Limits) string {
	f := formatter{lim: lim}
	rv := reflect.ValueOf(v)
	if s, ok := v.(fmt.Stringer); ok && !isNilValue(rv) {
		return s.String()
	}
	if fm, ok := v.(fmt.Formatter); ok && !isNilValue(rv) {
		// Values that format themselves (gonum's mat.Formatted, say) print
		// as fmt.Println would print them.
		return fmt.Sprintf("%v", fm)
	}
	f.value(rv, 0, true)
	out := f.b.String()
	if lim.Total > 0 && len(out) > lim.Total {
		f.notes = append(f.notes, fmt.Sprintf("showing %d of %d characters", lim.Total, len(out)))
		out = out[:lim.Total] + "…"
	}
	if len(f.notes) > 0 {
		out += "\n(cut: " + strings.Join(f.notes, "; ") + ")"
	}
	return out
}

type formatter struct {
	b     strings.Builder
	lim   Limits
	notes []string
	seen  map[string]bool
}

func (f *formatter) note(s string) {
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	if f.seen[s] || len(f.notes) >= 5 {
		return
	}
	f.seen[s] = true
	f.notes = append(f.notes, s)
}

func isNilValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Func, reflect.Chan:
		return v.IsNil()
	case reflect.Invalid:
		return true
	}
	return false
}

func (f *formatter) value(v reflect.Value, depth int, top bool) {
	if !v.IsValid() {
		f.b.WriteString("<nil>")
		return
	}
	if depth > 0 && v.CanInterface() {
		if s, ok := v.Interface().(fmt.Stringer); ok && !isNilValue(v) {
			f.str(s.String(), false)
			return
		}
		if e, ok := v.Interface().(error); ok && !isNilValue(v) {
			f.str(e.Error(), false)
			return
		}
	}
	switch v.Kind() {
	case reflect.String:
		f.str(v.String(), true)
	case reflect.Interface:
		if v.IsNil() {
			f.b.WriteString("<nil>")
			return
		}
		f.value(v.Elem(), depth, top)
	case reflect.Pointer:
		if v.IsNil() {
			f.b.WriteString("<nil>")
			return
		}
		if k := v.Elem().Kind(); k == reflect.Struct || k == reflect.Slice || k == reflect.Array || k == reflect.Map {
			f.b.WriteString("&")
			f.value(v.Elem(), depth, top)
			return
		}
		// A pointer read through an unexported field cannot be given to
		// fmt (reflect panics); its address prints as fmt's %p would.
		fmt.Fprintf(&f.b, "0x%x", v.Pointer())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			f.b.WriteString("[]")
			return
		}
		if depth >= f.lim.Depth {
			fmt.Fprintf(&f.b, "[…%d elements]", v.Len())
			f.note("nesting deeper than " + fmt.Sprint(f.lim.Depth) + " levels")
			return
		}
		n := v.Len()
		show := min(n, f.lim.Elems)
		f.b.WriteString("[")
		for i := range show {
			if i > 0 {
				f.b.WriteString(" ")
			}
			f.value(v.Index(i), depth+1, false)
		}
		if show < n {
			fmt.Fprintf(&f.b, " …+%d", n-show)
			f.note(fmt.Sprintf("showing %d of %d elements of %s", show, n, v.Type()))
		}
		f.b.WriteString("]")
	case reflect.Map:
		if depth >= f.lim.Depth {
			fmt.Fprintf(&f.b, "map[…%d entries]", v.Len())
			f.note("nesting deeper than " + fmt.Sprint(f.lim.Depth) + " levels")
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return lessKey(keys[i], keys[j]) })
		n := len(keys)
		show := min(n, f.lim.Elems)
		f.b.WriteString("map[")
		for i, k := range keys[:show] {
			if i > 0 {
				f.b.WriteString(" ")
			}
			f.value(k, depth+1, false)
			f.b.WriteString(":")
			f.value(v.MapIndex(k), depth+1, false)
		}
		if show < n {
			fmt.Fprintf(&f.b, " …+%d", n-show)
			f.note(fmt.Sprintf("showing %d of %d entries of %s", show, n, v.Type()))
		}
		f.b.WriteString("]")
	case reflect.Struct:
		if depth >= f.lim.Depth {
			f.b.WriteString("{…}")
			f.note("nesting deeper than " + fmt.Sprint(f.lim.Depth) + " levels")
			return
		}
		t := v.Type()
		n := t.NumField()
		show := min(n, f.lim.Fields)
		f.b.WriteString("{")
		for i := range show {
			if i > 0 {
				f.b.WriteString(" ")
			}
			if f.lim.FieldName != nil {
				f.b.WriteString(f.lim.FieldName(t.Field(i)))
			} else {
				f.b.WriteString(t.Field(i).Name)
			}
			f.b.WriteString(":")
			f.value(v.Field(i), depth+1, false)
		}
		if show < n {
			fmt.Fprintf(&f.b, " …+%d fields", n-show)
			f.note(fmt.Sprintf("showing %d of %d fields of %s", show, n, t))
		}
		f.b.WriteString("}")
	default:
		if v.CanInterface() {
			fmt.Fprintf(&f.b, "%v", v.Interface())
		} else {
			fmt.Fprintf(&f.b, "%v", v)
		}
	}
}

// str writes s, quoted when quote is set, cut to the string limit.
func (f *formatter) str(s string, quote bool) {
	if f.lim.String > 0 && len(s) > f.lim.String {
		f.note(fmt.Sprintf("showing %d of %d bytes of a string", f.lim.String, len(s)))
		s = s[:f.lim.String] + "…"
	}
	if quote {
		s = fmt.Sprintf("%q", s)
	}
	f.b.WriteString(s)
}

// lessKey orders map keys: numbers numerically, everything else by text.
func lessKey(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() < b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() < b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() < b.Float()
	case reflect.String:
		return a.String() < b.String()
	}
	return fmt.Sprint(a) < fmt.Sprint(b)
}
