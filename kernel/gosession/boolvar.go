package gosession

import (
	"go/ast"
	"go/token"
)

// Package-level variables initialised by a comparison, given their type.
//
// yaegi v0.16.1 types a package-level `var x = a == b`, declared without a
// type, from its operands when a function before it in the source uses x:
// the function failed to compile, "non-bool used as if condition", for
// `func isOn() bool { if disabled { … } }` before `var disabled =
// flagText == "true"`, and github.com/tidwall/gjson failed to import
// (gjson.go:992, `if modifiersAreDisabled {`). A comparison, a logical
// operator and `!` give an untyped boolean, whose variable is a bool in
// Go, so such a spec (every value of it one of these) is written with the
// type, in cells and in package files:
//
//	var disabled = flagText == "true"  →  var disabled bool = flagText == "true"
//
// Written for this package.

// boolValue reports whether e is a comparison, a logical operator or a
// negation: an untyped boolean whatever its operands.
func boolValue(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return true
		}
	case *ast.UnaryExpr:
		return x.Op == token.NOT
	}
	return false
}

// boolSpec reports whether spec declares variables without a type, each
// given a boolValue.
func boolSpec(spec *ast.ValueSpec) bool {
	if spec.Type != nil || len(spec.Values) != len(spec.Names) || len(spec.Values) == 0 {
		return false
	}
	for _, v := range spec.Values {
		if !boolValue(v) {
			return false
		}
	}
	return true
}

// boolVars gives the package-level var specs of f that boolSpec takes the
// type bool (see above).
func boolVars(f *ast.File) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			if spec := sp.(*ast.ValueSpec); boolSpec(spec) {
				last := spec.Names[len(spec.Names)-1]
				spec.Type = &ast.Ident{NamePos: last.End(), Name: "bool"}
			}
		}
	}
}

// boolVars writes the type of the package-level var specs of d that
// boolSpec takes after their names (see above).
func (w *pkgGoWriter) boolVars(d *ast.GenDecl) {
	if d.Tok != token.VAR {
		return
	}
	for _, sp := range d.Specs {
		if spec := sp.(*ast.ValueSpec); boolSpec(spec) {
			w.enclose(spec.Names[len(spec.Names)-1], "", " bool")
		}
	}
}
