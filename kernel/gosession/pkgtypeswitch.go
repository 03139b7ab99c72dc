package gosession

import "go/ast"

// Type switches without a variable in package files.
//
// In a package file interpreted from source, yaegi v0.16.1 never matches
// a case naming a type of the package in a type switch that binds no
// variable: with `type Name string`, `var v any = Name("x"); switch
// v.(type) { case Name: … }` ran no case (a struct type's case neither),
// without an error, while `switch x := v.(type)` matched. Every such
// switch of a package file gets a variable, on its line (yaegi does not
// object to one that no case uses):
//
//	switch v.(type) {  → switch _activisTS := v.(type) {

// bindTypeSwitch gives the type switch ts a variable when it has none.
func (w *pkgGoWriter) bindTypeSwitch(ts *ast.TypeSwitchStmt) {
	if es, ok := ts.Assign.(*ast.ExprStmt); ok {
		at := w.off(es.Pos())
		w.before[at] = "_activisTS := " + w.before[at]
	}
}
