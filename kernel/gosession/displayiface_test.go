package gosession

import "testing"

// TestShownSessionValues checks the bundles of session values shown as a
// trailing expression and through display.Display against what the
// compiled program's display.Convert gives (go run): a session type's
// Render and String methods are used (displayiface.go) and unexported
// fields show their written names (resulttext.go), also for a value held
// in an interface.
func TestShownSessionValues(t *testing.T) {
	s := newSession(t)
	if _, e := run(t, s, `type Rec struct {
	n    int
	Name string
}
type Card struct{ title string }
func (c Card) Render() display.Bundle {
	return display.Bundle{Data: map[string]any{"text/html": "<h3>" + html.EscapeString(c.title) + "</h3>", "text/plain": c.title}}
}
type S struct{ x int }
func (s S) String() string { return fmt.Sprint("S", s.x) }
type Level int
func (l Level) String() string { return [...]string{"lo", "hi"}[l] }`); e != nil {
		t.Fatal(errString(e))
	}
	for _, c := range []struct{ code, plain, html string }{
		{`&Rec{3, "a<b>"}`, `&{n:3 Name:"a<b>"}`, ""},
		{`[]Rec{{1, "a"}}`, `[{n:1 Name:"a"}]`, ""},
		{`map[string]Rec{"k": {1, "v"}}`, `map["k":{n:1 Name:"v"}]`, ""},
		{`Card{"a < b"}`, "a < b", "<h3>a &lt; b</h3>"},
		{`&Card{"p"}`, "p", "<h3>p</h3>"},
		{`S{2}`, "S2", ""},
		{`display.Display(Card{"x & y"})`, "x & y", "<h3>x &amp; y</h3>"},
		{`display.Display(S{3})`, "S3", ""},
		{`display.Display(&Rec{4, "q"})`, `&{n:4 Name:"q"}`, ""},
		// Held in an interface (it showed the fields, {x:5}).
		{"var a any = S{5}\na", "S5", ""},
		{"display.Display(any(S{6}))", "S6", ""},
		{"xs := []any{1, S{7}}\nxs[1]", "S7", ""},
		{"var r any = &Rec{8, \"r\"}\nr", `&{n:8 Name:"r"}`, ""},
		{"var l any = Level(1)\nl", "hi", ""},
		{"var n any = 42\nn", "42", ""},
		{"var q any = \"q\"\nq", `"q"`, ""},
	} {
		r, e := run(t, s, c.code)
		if e != nil {
			t.Fatalf("%s: %s", c.code, errString(e))
		}
		bundles := append(r.results, r.displays...)
		if len(bundles) != 1 {
			t.Fatalf("%s: %d bundles", c.code, len(bundles))
		}
		d := bundles[0].Data
		if got, _ := d["text/plain"].(string); got != c.plain {
			t.Errorf("%s: text/plain %q, want %q", c.code, got, c.plain)
		}
		if got, _ := d["text/html"].(string); got != c.html {
			t.Errorf("%s: text/html %q, want %q", c.code, got, c.html)
		}
	}
}
