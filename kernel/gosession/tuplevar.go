package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// Package-level variables defined from one multi-valued expression.
//
// yaegi v0.16.1 gives the variables of `var lo, hi = bounds()` (or of a
// comma-ok `var v, ok = m[k]`, `x.(T)`, `<-ch`) at the package level
// slots its functions do not find: a function reading lo read another
// value of the frame. github.com/dustin/go-humanize's
//
//	var minSIExponent, maxSIExponent = func() (float64, float64) { … }()
//
// made humanize.SI panic ("reflect: call of reflect.Value.Float on zero
// Value"); with `func f() int { return lo }` plain yaegi's f returned 0 or
// panicked, and in a cell a function calling such a function through its
// converted value (negzeroarg.go) clamped -10 to -10, not -6, without an
// error; a cell's comma-ok form failed to compile ("nil type"). Variables
// each initialised by one value of their own work, so, with the types the
// type check gives the values, the tuple goes through a variable of an
// unnamed struct type that holds it:
//
//	var lo, hi = bounds()
//	→ var _activisTuple_2lo2hi = func() struct{ V0 float64; V1 float64 } {
//	          _activisV0, _activisV1 := bounds()
//	          return struct{ V0 float64; V1 float64 }{_activisV0, _activisV1}
//	      }()
//	  var lo, hi = _activisTuple_2lo2hi.V0, _activisTuple_2lo2hi.V1
//
// In a package file the lines stay where they are (the holder is
// declared after the variables, on their line, which Go and yaegi both
// allow at the package level); in a cell it is declared before them, and
// named after them (each name after its length), so that redefining them
// in a later cell redefines it too. A tuple whose types the file cannot
// name is left as it is. Written for this package.

// tupleVarSpec reports whether spec defines two or more variables from
// one value.
func tupleVarSpec(spec *ast.ValueSpec) bool {
	return len(spec.Names) >= 2 && len(spec.Values) == 1
}

// tupleStruct returns the struct type holding the values of tuple t, or
// nil when t is not a tuple of n values.
func tupleStruct(t types.Type, n int) *types.Struct {
	tup, ok := t.(*types.Tuple)
	if !ok || tup.Len() != n {
		return nil
	}
	fields := make([]*types.Var, n)
	for i := range n {
		fields[i] = types.NewField(token.NoPos, nil, fmt.Sprintf("V%d", i), tup.At(i).Type(), false)
	}
	return types.NewStruct(fields, nil)
}

// tupleParts returns the names of the holder's temporaries and fields for
// n values in a package file: "_activisV0, _activisV1", "h.V0, h.V1" for
// holder h.
func tupleParts(holder string, n int) (temps, fields string) {
	t, f := make([]string, n), make([]string, n)
	for i := range n {
		t[i] = fmt.Sprintf("_activisV%d", i)
		f[i] = fmt.Sprintf("%s.V%d", holder, i)
	}
	return strings.Join(t, ", "), strings.Join(f, ", ")
}

// tupleVars rewrites the cell's package-level tuple definitions as above.
func (r *rewriter) tupleVars(n ast.Node) {
	if r.oracle == nil {
		return
	}
	for _, g := range topLevelVarDecls(n) {
		var specs []ast.Spec
		for _, sp := range g.Specs {
			spec := sp.(*ast.ValueSpec)
			if holder := r.tupleHolder(spec); holder != nil {
				specs = append(specs, holder)
			}
			specs = append(specs, spec)
		}
		g.Specs = specs
	}
}

// tupleHolder returns the spec declaring the holder of spec's values and
// makes spec take its values from it, or returns nil.
func (r *rewriter) tupleHolder(spec *ast.ValueSpec) *ast.ValueSpec {
	if !tupleVarSpec(spec) {
		return nil
	}
	st := tupleStruct(r.oracle.info.TypeOf(spec.Values[0]), len(spec.Names))
	if st == nil {
		return nil
	}
	te := r.oracle.expr(st)
	if te == nil {
		return nil
	}
	pos := spec.Values[0].Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{NamePos: pos, Name: name} }
	var temps, fields []ast.Expr
	holder := "_activisTuple_"
	for i, n := range spec.Names {
		// Each name after its length: lo, hi → 2lo2hi, so that a_b, c
		// and a, b_c get holders of their own.
		holder += strconv.Itoa(len(n.Name)) + n.Name
		temps = append(temps, id(fmt.Sprintf("_activisV%d", i)))
	}
	for i := range spec.Names {
		fields = append(fields, &ast.SelectorExpr{X: id(holder), Sel: id(fmt.Sprintf("V%d", i))})
	}
	body := []ast.Stmt{
		&ast.AssignStmt{Lhs: temps, TokPos: pos, Tok: token.DEFINE, Rhs: spec.Values},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{
			&ast.CompositeLit{Type: cloneTypeAt(te, pos), Lbrace: pos, Elts: slices.Clone(temps), Rbrace: pos}}},
	}
	fn := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos},
			Results: &ast.FieldList{List: []*ast.Field{{Type: cloneTypeAt(te, pos)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: pos},
	}
	spec.Values = fields
	return &ast.ValueSpec{Names: []*ast.Ident{id(holder)}, Values: []ast.Expr{&ast.CallExpr{Fun: fn, Lparen: pos, Rparen: pos}}}
}

// tupleVarNeedsTypes reports whether cell f defines package-level
// variables from one multi-valued expression, which tupleVars needs the
// type oracle for.
func tupleVarNeedsTypes(f *ast.File) bool {
	for _, g := range cellVarDecls(f) { // genericvalue.go
		for _, sp := range g.Specs {
			if tupleVarSpec(sp.(*ast.ValueSpec)) {
				return true
			}
		}
	}
	return false
}

// tupleVars rewrites the package-level tuple definitions of d, a
// declaration of the file, as above, on their lines.
func (w *pkgGoWriter) tupleVars(d *ast.GenDecl) {
	if w.types == nil || d.Tok != token.VAR {
		return
	}
	for _, sp := range d.Specs {
		spec := sp.(*ast.ValueSpec)
		if !tupleVarSpec(spec) {
			continue
		}
		st := tupleStruct(w.types.info.TypeOf(spec.Values[0]), len(spec.Names))
		if st == nil {
			continue
		}
		tt := w.typeText(st)
		if tt == "" {
			continue
		}
		holder := fmt.Sprintf("_activisTuple%s_%d", w.fileSuffix(), w.off(spec.Pos())) // pkgtypes.go
		temps, fields := tupleParts(holder, len(spec.Names))
		decl := "; var "
		if d.Lparen.IsValid() {
			decl = "; "
		}
		w.enclose(spec.Values[0], fields+decl+holder+" = func() "+tt+" { "+temps+" := ",
			"; return "+tt+"{"+temps+"} }()")
	}
}
