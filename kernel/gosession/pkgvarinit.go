package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

// Package-level variables initialised in Go's order, in package files.
//
// Go initialises a package-level variable after every variable its
// initialiser refers to, where a reference to a function counts as a
// reference to every variable the function refers to, transitively.
// yaegi v0.16.1 follows only the variables an initialiser names itself:
// in a package with `var client = newClient()`, `func newClient() *Client
// { return &Client{timeout: defaultTimeout} }` and `var defaultTimeout = 5
// * time.Second` after them, client got a zero timeout; go101's
// evaluation-orders-0 printed 3 6 2 (Go 5 6 5), without an error. The
// cells reorder their declarations (varinit.go); in a package file, with
// the package's types, an initialiser that reaches variables through the
// package's functions names them, on its line, so that yaegi orders them
// first:
//
//	var client = newClient()
//	→ var client = _activisAfter1a2b(newClient(), defaultTimeout).(*Client)
//
// where _activisAfter1a2b, declared after the file's last line, returns
// its first argument (not generic: yaegi failed on a generic call in a
// package-level initialiser, "constant definition loop"). Methods are not
// followed, as in cells, nor initialisers of an interface type (a nil
// result would not assert back). The order among blank (`_ = f()`)
// initialisers is still yaegi's.

// varInitDeps rewrites the initialisers of the package-level var
// declaration d as above.
func (w *pkgGoWriter) varInitDeps(d *ast.GenDecl) {
	if w.types == nil || d.Tok != token.VAR {
		return
	}
	for _, sp := range d.Specs {
		spec := sp.(*ast.ValueSpec)
		if len(spec.Values) != len(spec.Names) {
			continue // a tuple from one call, or no values
		}
		own := map[types.Object]bool{}
		for _, n := range spec.Names {
			own[w.types.info.Defs[n]] = true
		}
		for _, v := range spec.Values {
			t := w.types.typeOf(v)
			if t == nil || types.IsInterface(t) {
				continue // the helper's result asserted back: a nil interface would panic
			}
			deps := w.initDeps(v, own)
			typ := w.typeText(t)
			if len(deps) == 0 || typ == "" {
				continue
			}
			if w.after1 == "" {
				w.after1 = w.fileSuffix()
			}
			w.enclose(v, "_activisAfter"+w.after1+"(", ", "+strings.Join(deps, ", ")+").("+typ+")")
		}
	}
}

// initDeps returns the names of the package-level variables that the
// initialiser v reaches only through the package's functions (not the
// ones it names itself, outside function literals), but those of own.
func (w *pkgGoWriter) initDeps(v ast.Expr, own map[types.Object]bool) []string {
	scope := w.types.pkg.Scope()
	named := map[types.Object]bool{}
	ast.Inspect(v, func(n ast.Node) bool {
		if _, lit := n.(*ast.FuncLit); lit {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			named[w.types.info.Uses[id]] = true
		}
		return true
	})
	reached := map[types.Object]bool{}
	seen := map[types.Object]bool{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(m ast.Node) bool {
			id, ok := m.(*ast.Ident)
			if !ok {
				return true
			}
			switch obj := w.types.info.Uses[id].(type) {
			case *types.Var:
				if obj.Parent() == scope && obj.Name() != "_" {
					reached[obj] = true
				}
			case *types.Func:
				if obj.Pkg() == w.types.pkg && !seen[obj] {
					seen[obj] = true
					if sig, ok := obj.Type().(*types.Signature); ok && sig.Recv() == nil {
						if body := w.funcBody(obj); body != nil {
							walk(body)
						}
					}
				}
			}
			return true
		})
	}
	walk(v)
	var out []string
	for obj := range reached {
		if !named[obj] && !own[obj] {
			out = append(out, obj.Name())
		}
	}
	sort.Strings(out)
	return out
}

// funcBody returns the body of the package's function obj, in whichever
// of its files it is declared, or nil. The bodies are indexed once per
// file written.
func (w *pkgGoWriter) funcBody(obj *types.Func) *ast.BlockStmt {
	if w.bodies == nil {
		w.bodies = map[types.Object]*ast.BlockStmt{}
		for _, f := range w.types.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
					w.bodies[w.types.info.Defs[fd.Name]] = fd.Body
				}
			}
		}
	}
	return w.bodies[obj]
}

// afterText declares the file's _activisAfter (see above), for after its
// last line.
func (w *pkgGoWriter) afterText() string {
	if w.after1 == "" {
		return ""
	}
	return "\nfunc _activisAfter" + w.after1 + "(v any, _ ...any) any { return v }"
}
