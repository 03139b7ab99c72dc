package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
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
// package-level initialiser, "constant definition loop"). A function
// value does not assert back from the helper's any in yaegi ("interface
// conversion: interface {} is *interp.node", which made
// github.com/gocarina/gocsv's `var selfCSVWriter = DefaultCSVWriter` fail
// its import), so an initialiser of a func type is the element of an
// array literal indexed by the helper's twin returning 0:
//
//	var self = Default
//	→ var self = [1]func(out io.Writer) *W{Default}[_activisAfterIdx1a2b(Sep)]
//
// Methods are not followed, as in cells, nor initialisers of an interface
// type (a nil result would not assert back).
//
// yaegi also ran initialisers that depend on nothing between them in an
// order of its own, blank ones (`_ = f()`) last: go101's
// evaluation-orders-0 still printed 5 6 4 (Go 5 6 5). Go's order, which the
// type checker computes (types.Info.InitOrder), is kept among the
// initialisers that call a function (those that can tell the order): each
// also names the one before it in that order, a blank one under a name of
// its own (_activisBlank<k>, k its place in the order, so that every file
// of the package names it alike):
//
//	var _ = f()        →  var _activisBlank0 = f()
//	var c = f()        →  var c = _activisAfter1a2b(f(), a, _activisBlank0).(int)

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
			if n.Name == "_" {
				if name := w.initName(w.types.info.Defs[n]); name != "_" {
					w.replace(w.off(n.Pos()), w.off(n.End()), func() string { return name })
				}
			}
		}
		for _, v := range spec.Values {
			t := w.types.typeOf(v)
			if t == nil || types.IsInterface(t) {
				continue // the helper's result asserted back: a nil interface would panic
			}
			deps := w.initDeps(v, own)
			if prev := w.prevCalling(v); prev != "" && !slices.Contains(deps, prev) {
				deps = append(deps, prev) // see initOrder
			}
			typ := w.typeText(t)
			if len(deps) == 0 || typ == "" {
				continue
			}
			if w.after1 == "" {
				w.after1 = w.fileSuffix()
			}
			if _, isFunc := t.Underlying().(*types.Signature); isFunc {
				w.enclose(v, "[1]"+typ+"{", "}[_activisAfterIdx"+w.after1+"("+strings.Join(deps, ", ")+")]")
				continue
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

// afterText declares the file's _activisAfter and _activisAfterIdx (see
// above), for after its last line.
func (w *pkgGoWriter) afterText() string {
	if w.after1 == "" {
		return ""
	}
	return "\nfunc _activisAfter" + w.after1 + "(v any, _ ...any) any { return v }; func _activisAfterIdx" + w.after1 + "(_ ...any) int { return 0 }"
}

// initOrder indexes the package's initialisers that call a function, in
// Go's order (see above), once per file written.
func (w *pkgGoWriter) initOrder() map[types.Object]int {
	if w.initIndex != nil {
		return w.initIndex
	}
	w.initIndex = map[types.Object]int{}
	for k, in := range w.types.info.InitOrder {
		calls := false
		ast.Inspect(in.Rhs, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if tv, ok := w.types.info.Types[c.Fun]; !ok || !tv.IsType() && !tv.IsBuiltin() {
					calls = true
				}
			}
			return !calls
		})
		if !calls {
			continue
		}
		for _, v := range in.Lhs {
			w.initIndex[v] = k
		}
		w.initCalls = append(w.initCalls, in)
	}
	return w.initIndex
}

// initName is the name by which another initialiser names the
// package-level variable v: its own, or for a blank one of an initialiser
// that calls a function _activisBlank<k>; "_" for a blank one that calls
// none.
func (w *pkgGoWriter) initName(v types.Object) string {
	if v.Name() != "_" {
		return v.Name()
	}
	if k, ok := w.initOrder()[v]; ok {
		return "_activisBlank" + strconv.Itoa(k)
	}
	return "_"
}

// prevCalling returns the name of a variable of the initialiser that
// calls a function just before the one of value v in Go's order, or "".
func (w *pkgGoWriter) prevCalling(v ast.Expr) string {
	w.initOrder()
	for i, in := range w.initCalls {
		if in.Rhs != v || i == 0 {
			continue
		}
		prev := w.initCalls[i-1]
		if len(prev.Lhs) != 1 { // a tuple's blank names are not renamed
			for _, l := range prev.Lhs {
				if l.Name() != "_" {
					return l.Name()
				}
			}
			return ""
		}
		return w.initName(prev.Lhs[0])
	}
	return ""
}
