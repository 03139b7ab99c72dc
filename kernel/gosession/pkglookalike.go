package gosession

import (
	"go/ast"
	"go/types"
	"strconv"
)

// Struct types of a package that share their underlying type, told apart
// by a tag.
//
// yaegi v0.16.1 makes the run-time type of a struct type declared in
// interpreted code from its fields with reflect.StructOf, so two struct
// types with the same fields are one type to it: github.com/expr-lang/expr's
// `type IdentifierNode struct{ base; Value string }` and `type StringNode
// struct{ base; Value string }` matched each other's cases in its AST
// walker's type switch, which pkgiface.go refused, so expr.Compile failed
// on every expression. reflect.StructOf does tell apart struct types whose
// fields differ in their tags, and a tag changes nothing else a package
// can see but reflection on the tags. So each package-level struct type
// with at least one field that has the underlying type of another
// package-level type of the package gets the key `activis:"<name>"` in the tag of
// its first field (beside the keys it had and pkgjsonfields.go's), on its
// line, and the lookalike refusals of pkgiface.go leave such a pair alone:
//
//	type StringNode struct {   →   type StringNode struct {
//		base                           base "activis:\"StringNode\""
//
// Go converts between such types as before (a conversion ignores tags).
// An unnamed struct type with the same fields (`var s struct{ base; Value
// string } = StringNode{}`, assignable in Go) is no longer assignable in
// the interpreter. Struct types without fields, types declared in
// functions, and types of other kinds keep one run-time type (README).
// Written for this package.

// structMarks returns the tag keys that tell the package's struct types
// apart (see above), by type name, found once for all the package's
// files; nil without the package's types.
func (w *pkgGoWriter) structMarks() map[*types.TypeName]string {
	if w.types == nil {
		return nil
	}
	pt := w.types
	pt.markOnce.Do(func() { pt.marks = structMarksOf(pt.pkg) })
	return pt.marks
}

// structMarksOf finds the struct types of structMarks among the
// package-level type names of pkg: those whose underlying struct, with at
// least one field, another non-generic one has too. Types declared in
// functions are left out: yaegi took two functions' local `Person` types
// for one in a generic instance (slices.SortStableFunc of the second
// panicked, "reflect.Set: value of type []struct { Name string
// "activis:…"; … } is not assignable").
func structMarksOf(pkg *types.Package) map[*types.TypeName]string {
	groups := map[string][]*types.TypeName{}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() || name == "_" {
			continue
		}
		n, ok := tn.Type().(*types.Named)
		if !ok || n.TypeParams().Len() > 0 {
			continue
		}
		st, ok := n.Underlying().(*types.Struct)
		if !ok || st.NumFields() == 0 {
			continue
		}
		key := types.TypeString(st, nil)
		groups[key] = append(groups[key], tn)
	}
	out := map[*types.TypeName]string{}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		for _, tn := range g {
			out[tn] = `activis:` + strconv.Quote(tn.Name())
		}
	}
	return out
}

// markStruct records the tag key of the struct type spec ts declares, if
// structMarks gives it one, for unexportedTags to write (pkgjsonfields.go).
func (w *pkgGoWriter) markStruct(ts *ast.TypeSpec) {
	if w.types == nil {
		return
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok || st.Fields == nil || len(st.Fields.List) == 0 {
		return
	}
	tn, ok := w.types.info.Defs[ts.Name].(*types.TypeName)
	if !ok {
		return
	}
	if mark := w.structMarks()[tn]; mark != "" {
		if w.marked == nil {
			w.marked = map[*ast.StructType]string{}
		}
		w.marked[st] = mark
	}
}

// markedApart reports whether the named types a and b are struct types
// told apart by their marks.
func (w *pkgGoWriter) markedApart(a, b *types.Named) bool {
	m := w.structMarks()
	ma, mb := m[a.Obj()], m[b.Obj()]
	return ma != "" && mb != "" && ma != mb
}
