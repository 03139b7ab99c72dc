package display

import (
	"errors"
	"fmt"
	"image"
	"reflect"
	"strings"
	"testing"
)

type point struct {
	X, Y int
	Tag  string
}

func TestConvert(t *testing.T) {
	if _, ok := Convert(nil, nil); ok {
		t.Error("Convert(nil) reported ok")
	}
	for _, test := range []struct {
		name string
		v    any
		mime string
		want string // substring of the content
	}{
		{"renderer", HTML("<i>x</i>"), "text/html", "<i>x</i>"},
		{"image", image.NewGray(image.Rect(0, 0, 3, 2)), "text/plain", "<image 3x2>"},
		{"error", errors.New("bad thing"), "text/plain", "bad thing"},
		{"int", 42, "text/plain", "42"},
		{"string quoted", "hi", "text/plain", `"hi"`},
		{"struct", point{1, 2, "a"}, "text/plain", `{X:1 Y:2 Tag:"a"}`},
		{"pointer", &point{1, 2, "a"}, "text/plain", `&{X:1 Y:2 Tag:"a"}`},
		{"map sorted", map[string]int{"b": 2, "a": 1}, "text/plain", "map[\"a\":1 \"b\":2]"},
	} {
		b, ok := Convert(test.v, nil)
		if !ok {
			t.Errorf("%s: not converted", test.name)
			continue
		}
		got, _ := b.Data[test.mime].(string)
		if !strings.Contains(got, test.want) {
			t.Errorf("%s: Data[%q] = %q, want it to contain %q", test.name, test.mime, got, test.want)
		}
	}
	b, _ := Convert(image.NewRGBA(image.Rect(0, 0, 4, 4)), nil)
	if s, _ := b.Data["image/png"].(string); !strings.HasPrefix(s, "iVBOR") {
		t.Errorf("image/png is not a base64 PNG: %.10q", s)
	}
}

func TestFormatTextTruncates(t *testing.T) {
	big := make([]float64, 10000)
	m := map[int]string{}
	for i := range 50 {
		m[i] = "v"
	}
	type wide struct {
		A, B, C, D int
	}
	for _, test := range []struct {
		name string
		v    any
		lim  Limits
		want []string
	}{
		{"slice", big, DefaultLimits, []string{"…+9980]", "(cut: showing 20 of 10000 elements of []float64)"}},
		{"map", m, DefaultLimits, []string{"0:\"v\"", "…+30]", "showing 20 of 50 entries"}},
		{"struct fields", wide{1, 2, 3, 4}, Limits{Elems: 5, Fields: 2, Depth: 3, String: 10, Total: 100}, []string{"{A:1 B:2 …+2 fields}", "showing 2 of 4 fields"}},
		{"long string", []string{strings.Repeat("x", 50)}, Limits{Elems: 5, Fields: 5, Depth: 3, String: 10, Total: 1000}, []string{`"xxxxxxxxxx…"`, "showing 10 of 50 bytes"}},
		{"depth", [][][]int{{{1}}}, Limits{Elems: 5, Fields: 5, Depth: 2, String: 10, Total: 1000}, []string{"[[[…1 elements]]]", "nesting deeper than 2 levels"}},
		{"total", big, Limits{Elems: 10000, Fields: 5, Depth: 3, String: 10, Total: 100}, []string{"showing 100 of"}},
	} {
		got := FormatText(test.v, test.lim)
		for _, w := range test.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", test.name, got, w)
			}
		}
	}
	if got := FormatText([]int{1, 2}, DefaultLimits); got != "[1 2]" {
		t.Errorf("small slice = %q, want [1 2] with no note", got)
	}
}

// TestFormatTextFieldName checks that Limits.FieldName names the fields
// shown, at every depth.
func TestFormatTextFieldName(t *testing.T) {
	type inner struct{ Xn int }
	type outer struct {
		Xa  string
		In  inner
		Ptr *inner
	}
	lim := DefaultLimits
	lim.FieldName = func(f reflect.StructField) string { return strings.TrimPrefix(f.Name, "X") }
	got := FormatText(outer{"s", inner{1}, &inner{2}}, lim)
	if want := `{a:"s" In:{n:1} Ptr:&{n:2}}`; got != want {
		t.Errorf("FormatText = %s, want %s", got, want)
	}
	if got := FormatText(inner{3}, DefaultLimits); got != "{Xn:3}" {
		t.Errorf("without FieldName: %s", got)
	}
}

// TestFormatTextUnexportedPointer checks that a pointer inside an
// unexported field, which reflect cannot give back as an interface, is
// shown by its address instead of panicking.
func TestFormatTextUnexportedPointer(t *testing.T) {
	type holder struct {
		n *int
		m map[string]int
	}
	x := 3
	got := FormatText(holder{&x, nil}, DefaultLimits)
	want := fmt.Sprintf("{n:%p m:map[]}", &x)
	if got != want {
		t.Errorf("FormatText = %s, want %s", got, want)
	}
}
