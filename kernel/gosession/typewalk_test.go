package gosession

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"testing"
)

// typewalkSrc declares the types the walker tests look into, among them
// recursive ones (List, Tree, Ring through a map, Loop through a channel).
const typewalkSrc = `package main

import (
	"encoding/json"
	"time"
)

type Level int

func (l Level) String() string { return "L" }

type PLevel int

func (l *PLevel) String() string { return "P" }

type Plain int

type List struct {
	Next  *List
	Value Level
}

type Tree struct {
	Kids []*Tree
	Name string
}

type Ring map[string]Ring

type Loop chan Loop

type Raw struct {
	Data json.RawMessage
	At   time.Time
}

type Base struct{ ID int }

type Wrap struct {
	Base
	N int
}

type Tagged struct {
	Base ` + "`json:\"base\"`" + `
}

type hidden struct {
	w Wrap
}

type Outer struct {
	Items []Wrap
}

type Enc int

func (e Enc) MarshalJSON() ([]byte, error) { return nil, nil }

type Shape interface{ Area() float64 }

type Alias = Level

var (
	vLevel     Level
	vPLevel    *PLevel
	vPLevels   []*PLevel
	vLevels    []Level
	vPlain     []Plain
	vList      List
	vTree      Tree
	vRing      Ring
	vLoop      Loop
	vChanPlain chan Plain
	vRaw       Raw
	vWrap      []Wrap
	vTagged    Tagged
	vHidden    hidden
	vAnonHid   struct{ w Wrap }
	vOuter     map[string]*Outer
	vKeyWrap   map[Wrap]int
	vEncKey    map[Enc]int
	vEncs      []Enc
	vShape     []Shape
	vAny       []any
	vAlias     []Alias
	vTime      []time.Time
	vUnexp     struct{ l Level }
)
`

// typewalkTypes type-checks typewalkSrc and returns its package-level
// variables' types by name.
func typewalkTypes(t *testing.T) map[string]types.Type {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "walk.go", typewalkSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default()}
	pkg, err := conf.Check("main", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]types.Type{}
	for _, name := range pkg.Scope().Names() {
		if v, ok := pkg.Scope().Lookup(name).(*types.Var); ok {
			out[name] = v.Type()
		}
	}
	return out
}

func TestWalkTypeCycles(t *testing.T) {
	tys := typewalkTypes(t)
	for _, name := range []string{"vList", "vTree", "vRing", "vLoop"} {
		visits := map[string]int{}
		found := walkType(tys[name], typePolicy{
			mapKeys: true,
			chans:   true,
			visit: func(t types.Type, _ int) walkStep {
				visits[t.String()]++
				return walkDescend
			},
		})
		if found {
			t.Errorf("%s: walkFound without a policy answering it", name)
		}
		if len(visits) == 0 {
			t.Errorf("%s: nothing visited", name)
		}
		for ty, n := range visits {
			if n != 1 {
				t.Errorf("%s: %s visited %d times, want once", name, ty, n)
			}
		}
	}
}

func TestWalkTypeDepth(t *testing.T) {
	tys := typewalkTypes(t)
	depths := func(step walkStep) []int {
		var got []int
		walkType(tys["vPLevels"], typePolicy{visit: func(t types.Type, depth int) walkStep {
			got = append(got, depth)
			return step
		}})
		return got
	}
	// []*PLevel: the slice at 0, the pointer at 1, PLevel and its
	// underlying int at 2.
	if got, want := depths(walkDescend), []int{0, 1, 2, 2}; !slices.Equal(got, want) {
		t.Errorf("depths %v, want %v", got, want)
	}
	// walkThrough keeps the depth for the parts.
	if got, want := depths(walkThrough), []int{0, 0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("depths through %v, want %v", got, want)
	}
	// walkSkip leaves the parts out.
	if got, want := depths(walkSkip), []int{0}; !slices.Equal(got, want) {
		t.Errorf("depths skipping %v, want %v", got, want)
	}
}

// TestWalkTypePrintPolicies checks the walks of nestedprint.go.
func TestWalkTypePrintPolicies(t *testing.T) {
	tys := typewalkTypes(t)
	for _, test := range []struct {
		v                 string
		ifaceIn, readable bool
	}{
		{"vAny", true, true},
		{"vShape", true, true},
		{"vList", false, true},
		{"vLoop", false, false},
		{"vChanPlain", false, false},
		{"vRing", false, true},
		{"vRaw", false, true},
		{"vUnexp", false, true},
	} {
		if got := ifaceInside(tys[test.v]); got != test.ifaceIn {
			t.Errorf("ifaceInside(%s) = %v, want %v", test.v, got, test.ifaceIn)
		}
		if got := plainVReadable(tys[test.v]); got != test.readable {
			t.Errorf("plainVReadable(%s) = %v, want %v", test.v, got, test.readable)
		}
	}
}

func TestWalkTypePolicies(t *testing.T) {
	tys := typewalkTypes(t)
	jsonMethods := map[string][2]int{"MarshalJSON": {0, 2}, "UnmarshalJSON": {1, 1}}
	for _, test := range []struct {
		v                    string
		session              string // sessionTypeIn
		stringer, strMethod  string // nestedStringer
		embedType, embedName string // embeddedForJSON
		encType, encWhat     string // encodingMethodIn with jsonMethods
	}{
		{v: "vLevel", session: "Level"},
		{v: "vPLevel", session: "PLevel"},
		{v: "vPLevels", session: "PLevel", stringer: "PLevel", strMethod: "String"},
		{v: "vLevels", session: "Level", stringer: "Level", strMethod: "String"},
		{v: "vPlain", session: "Plain"},
		{v: "vList", session: "List", stringer: "Level", strMethod: "String"},
		{v: "vTree", session: "Tree"},
		{v: "vRing", session: "Ring"},
		{v: "vLoop", session: "Loop"},
		{v: "vChanPlain", session: "Plain"},
		{v: "vRaw", session: "Raw"},
		{v: "vWrap", session: "Wrap", embedType: "Wrap", embedName: "Base"},
		{v: "vTagged", session: "Tagged"},
		{v: "vHidden", session: "hidden"},
		{v: "vAnonHid", session: "Wrap", embedType: "Wrap", embedName: "Base"},
		{v: "vOuter", session: "Outer", embedType: "Wrap", embedName: "Base"},
		{v: "vKeyWrap", session: "Wrap"},
		{v: "vEncKey", session: "Enc", encType: "Enc", encWhat: "MarshalJSON"},
		{v: "vEncs", session: "Enc", encType: "Enc", encWhat: "MarshalJSON"},
		{v: "vShape", encWhat: "the interface Shape, which may hold such a value"},
		{v: "vAny", encWhat: "an interface that may hold such a value"},
		{v: "vAlias", session: "Level", stringer: "Level", strMethod: "String"},
		{v: "vTime"},
		{v: "vUnexp", session: "Level"},
	} {
		ty := tys[test.v]
		if ty == nil {
			t.Fatalf("%s: no such variable", test.v)
		}
		if got := sessionTypeIn(ty); got != test.session {
			t.Errorf("sessionTypeIn(%s) = %q, want %q", test.v, got, test.session)
		}
		if a, b := nestedStringer(ty); a != test.stringer || b != test.strMethod {
			t.Errorf("nestedStringer(%s) = %q, %q, want %q, %q", test.v, a, b, test.stringer, test.strMethod)
		}
		if a, b := embeddedForJSON(ty, "json"); a != test.embedType || b != test.embedName {
			t.Errorf("embeddedForJSON(%s) = %q, %q, want %q, %q", test.v, a, b, test.embedType, test.embedName)
		}
		if a, b := encodingMethodIn(ty, jsonMethods); a != test.encType || b != test.encWhat {
			t.Errorf("encodingMethodIn(%s) = %q, %q, want %q, %q", test.v, a, b, test.encType, test.encWhat)
		}
	}
}
