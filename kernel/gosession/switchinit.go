package gosession

import "go/ast"

// Switch statements with an init statement and a computed tag.
//
// yaegi v0.16.1 computes the tag of an expression switch wrongly when the
// switch has an init statement and the tag is more than a name: `switch
// x := 5; x + 1 { case 6: … }` took the default, as did `switch w :=
// reflect.ValueOf(v); w.Kind() { case reflect.String: … }` (the standard
// library's reflect.Kind example printed "unhandled kind string"),
// `switch x, y := 2, 3; x * y` and `switch n++; n * 10`, without an
// error; with a name for a tag (`switch k := kind(v); k`), or no init, it
// is right. The session writes such a switch with its init statement in
// a block of its own, which keeps its scope:
//
//	switch init; tag { … }  →  { init; switch tag { … } }
//
// (a label moves to the switch), in cells (switchInits) and in packages
// interpreted from source (pkgSwitchInit). Written for this package.

// computedTagWithInit tells whether sw has an init statement and a tag
// that is not a name.
func computedTagWithInit(sw *ast.SwitchStmt) bool {
	if sw.Init == nil || sw.Tag == nil {
		return false
	}
	_, name := unparen(sw.Tag).(*ast.Ident)
	return !name
}

// switchInits rewrites the switch statements of n as above.
func (r *rewriter) switchInits(n ast.Node) {
	eachListStmt(n, false, func(list []ast.Stmt, i int, s ast.Stmt, lbl *ast.LabeledStmt) { // see stmtlist.go
		sw, ok := s.(*ast.SwitchStmt)
		if !ok || !computedTagWithInit(sw) {
			return
		}
		init := sw.Init
		sw.Init = nil
		list[i] = &ast.BlockStmt{Lbrace: sw.Pos(), List: []ast.Stmt{init, withLabel(labelOf(lbl), sw)}, Rbrace: sw.End()}
	})
}

// pkgSwitchInit writes the switch statement sw of a package file,
// labelled by label when not nil, as above, on the same lines.
func (w *pkgGoWriter) pkgSwitchInit(sw *ast.SwitchStmt, label *ast.LabeledStmt) {
	if !computedTagWithInit(sw) {
		return
	}
	w.replaceSwitchHeader(sw, label, sw.Init, sw.Body.Lbrace, func() string { // pkgswitch.go
		return "switch " + w.node(sw.Tag)
	})
}
