package gosession

import (
	"go/ast"
	"go/types"
	"sort"
	"strconv"
)

// Session values logged with log/slog.
//
// slog is compiled: a value of a session type passed to it as an `any`
// reaches it without its methods, so slog neither resolved a LogValue
// method (`type Token string` with `LogValue` returning "REDACTED" logged
// `tok=secret`) nor printed through String or Error (`path=x` for Go's
// `path=path:x`), without an error. Held in a variable of the compiled
// interface the value keeps its methods (displayiface.go), so where the
// type oracle gives a logged value a session type whose method set has
// LogValue() slog.Value, or else Error() string, or else String() string,
// the session passes it through a function of slog.LogValuer, error or
// fmt.Stringer (under a hidden import where the session has not imported
// the package): the values of slog's Debug, Info, Warn, Error, their Context
// forms, Log, Any, AnyValue and Group, and of a *slog.Logger's methods of
// those names and With. A value inside another one (a []Rec) still logs
// without its methods. Written for this package.

// slogFirstValue gives, for each function and method of log/slog whose
// values slogArgs converts, the index of its first value argument (the
// methods of *slog.Logger have the same indices).
var slogFirstValue = map[string]int{
	"Debug": 1, "Info": 1, "Warn": 1, "Error": 1,
	"DebugContext": 2, "InfoContext": 2, "WarnContext": 2, "ErrorContext": 2,
	"Log": 3, "Any": 1, "AnyValue": 0, "Group": 1, "With": 0,
}

// slogArgs converts the logged values of the slog call c (see above).
func (r *rewriter) slogArgs(c *ast.CallExpr) {
	if r.oracle == nil {
		return
	}
	sel, first, ok := slogSelector(c)
	if !ok {
		return
	}
	if id, ok := unparen(sel.X).(*ast.Ident); ok && r.importPath(id) != "" {
		if r.importPath(id) != "log/slog" || sel.Sel.Name == "With" {
			return
		}
	} else if !isSlogLogger(r.oracle.typeOf(sel.X)) || sel.Sel.Name == "Any" || sel.Sel.Name == "AnyValue" || sel.Sel.Name == "Group" {
		return
	}
	for i := first; i < len(c.Args); i++ {
		if t := r.slogIface(c.Args[i]); t != nil {
			c.Args[i] = identityCall(t, c.Args[i]) // see compiledlit.go
		}
	}
}

// slogSelector returns the selector of the call c, a call named as one of
// slogFirstValue's without `...`, and the index of its first value.
func slogSelector(c *ast.CallExpr) (sel *ast.SelectorExpr, first int, ok bool) {
	if c.Ellipsis.IsValid() {
		return nil, 0, false
	}
	if sel, ok = unparen(c.Fun).(*ast.SelectorExpr); !ok {
		return nil, 0, false
	}
	first, ok = slogFirstValue[sel.Sel.Name]
	return sel, first, ok
}

// isSlogLogger reports whether t is *slog.Logger.
func isSlogLogger(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "log/slog" && n.Obj().Name() == "Logger"
}

// slogIface returns the interface type slogArgs passes e through, or nil.
func (r *rewriter) slogIface(e ast.Expr) ast.Expr {
	t := r.oracle.typeOf(e)
	if t == nil || types.IsInterface(t) {
		return nil
	}
	base := t
	if p, ok := t.(*types.Pointer); ok {
		base = p.Elem()
	}
	if n, ok := base.(*types.Named); !ok || n.Obj().Pkg() != r.oracle.pkg {
		return nil
	}
	ms := types.NewMethodSet(t)
	at := e.Pos()
	sel := func(pkg, name string) ast.Expr {
		return &ast.SelectorExpr{X: &ast.Ident{NamePos: at, Name: pkg}, Sel: &ast.Ident{NamePos: at, Name: name}}
	}
	isString := func(res types.Type) bool { return types.Identical(res, types.Typ[types.String]) }
	switch {
	case r.hasMethod(ms, "LogValue", func(res types.Type) bool { // see displayiface.go
		n, ok := res.(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "log/slog" && n.Obj().Name() == "Value"
	}):
		return sel(r.pkgName("slog", "log/slog"), "LogValuer")
	case r.hasMethod(ms, "Error", isString):
		return &ast.Ident{NamePos: at, Name: "error"}
	case r.hasMethod(ms, "String", isString):
		return sel(r.pkgName("fmt", "fmt"), "Stringer")
	}
	return nil
}

// pkgName returns the name a rewrite can use for the package path in the
// group: name when the session imports it so, else a hidden name
// (_activispkg_name) that prepareGroup imports after the rewrites.
func (r *rewriter) pkgName(name, path string) string {
	if ip, ok := r.sc.(interface{ importPath(string) string }); ok && ip.importPath(name) == path {
		return name
	}
	alias := hiddenPkgAlias(name) // toplevel.go
	if r.hidden == nil {
		r.hidden = map[string]string{}
	}
	r.hidden[path] = alias
	return alias
}

// hiddenSpecs returns the import specs of the hidden names pkgName gave.
func (r *rewriter) hiddenSpecs() []string {
	var specs []string
	for path, alias := range r.hidden {
		specs = append(specs, alias+" "+strconv.Quote(path))
	}
	sort.Strings(specs)
	return specs
}
