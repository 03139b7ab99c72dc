package gosession

import (
	"go/ast"
	"sort"
	"strings"
)

// errors.Is and errors.As with session error types that have Unwrap, Is
// or As methods: refused.
//
// Compiled errors.Is, errors.As and errors.Unwrap see a value of a type
// declared in the session through the interpreter's error wrapper, which
// has only Error: they do not follow its Unwrap method nor call its Is or
// As method. With `type RowError struct{ Err error }` and `func (e
// *RowError) Unwrap() error { return e.Err }`, errors.Is(check(), ErrX)
// was false where Go gives true, without an error, also through
// fmt.Errorf("…: %w", check()) where check returns the value as an error
// (errorwrap.go refuses only what visibly has a session type). The error
// value's dynamic type is not known before it runs, so where the session
// or the cell declares such a method, every errors.Is and errors.As is
// refused, naming the method and the workaround: follow the chain with a
// type assertion, and errors.Unwrap for the compiled errors in it
// (errors.Unwrap itself returns nil for a value of a session type, as
// README says). Written for this package.

// chainMethods lists the methods named Unwrap, Is or As the session has
// recorded, as "Type.Method", sorted.
func (sc sessionScope) chainMethods() []string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	var out []string
	for t, ms := range sc.st.methods {
		for _, m := range []string{"Unwrap", "Is", "As"} {
			if ms[m] != nil {
				out = append(out, t+"."+m)
			}
		}
	}
	sort.Strings(out)
	return out
}

// errorChainMethods returns the methods of the session and of the group
// being rewritten that compiled errors.Is/As/Unwrap would not see.
func (r *rewriter) errorChainMethods() []string {
	var out []string
	if cm, ok := r.sc.(interface{ chainMethods() []string }); ok {
		out = cm.chainMethods()
	}
	if f, ok := r.root.(*ast.File); ok {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
				continue
			}
			switch fd.Name.Name {
			case "Unwrap", "Is", "As":
				if t := recvTypeName(fd.Recv.List[0].Type); t != "" {
					out = append(out, t+"."+fd.Name.Name)
				}
			}
		}
	}
	return out
}

// recvTypeName returns the type name of a receiver type expression.
func recvTypeName(t ast.Expr) string {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return recvTypeName(x.X)
	case *ast.IndexListExpr:
		return recvTypeName(x.X)
	}
	return ""
}

// errorChain refuses call c of errors.Is or errors.As (fn) as described
// above.
func (r *rewriter) errorChain(c *ast.CallExpr, fn string) {
	ms := r.errorChainMethods()
	if len(ms) == 0 {
		return
	}
	typ, _, _ := strings.Cut(ms[0], ".")
	r.fail(c.Pos(), "errors.%s where the session declares %s: compiled errors.%s cannot see the methods of types declared in the session "+
		"and would silently not follow them (errors.Is would report false); follow the chain yourself with a type assertion: "+
		"for err != nil { if err == target { … }; if e, ok := err.(*%s); ok { err = e.Unwrap() } else { err = errors.Unwrap(err) } }",
		fn, strings.Join(ms, ", "), fn, typ)
}
