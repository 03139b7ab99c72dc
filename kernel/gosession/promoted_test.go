package gosession

import "testing"

// TestPromotedPrintMethods checks that String methods promoted from an
// embedded field are called where fmt calls them (promoted.go): %+v of
// the struct and the elements of a slice printed the fields.
func TestPromotedPrintMethods(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "fmt"
type Base struct{ ID int }
func (b Base) String() string { return fmt.Sprintf("B%d", b.ID) }
type Item struct {
	Base
	Name string
}
type Ptr struct {
	*Base
}
type Own struct {
	Base
}
func (Own) String() string { return "own" }
type A struct{}
func (A) String() string { return "A" }
type Amb struct {
	A
	Base
}`)
	cases := []struct{ cell, want string }{
		{`fmt.Printf("%+v\n", Item{Base{7}, "pen"})`, "B7\n"},
		{`fmt.Println([]Item{{Base{1}, "a"}, {Base{2}, "b"}})`, "[B1 B2]\n"},
		{`fmt.Println(map[string]Item{"k": {Base{3}, "c"}})`, "map[k:B3]\n"},
		{`fmt.Println([]Ptr{{&Base{4}}})`, "[B4]\n"},
		{`fmt.Println([]Own{{Base{5}}})`, "[own]\n"},
		{`fmt.Printf("%+v\n", []Amb{{A{}, Base{6}}})`, "[{A:A Base:B6}]\n"},
	}
	for _, c := range cases {
		if got := mustRun(t, s, c.cell).stream("stdout"); got != c.want {
			t.Errorf("%s printed %q, want %q", c.cell, got, c.want)
		}
	}
}
