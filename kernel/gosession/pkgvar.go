package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
)

// Variables of compiled packages, read and written through their address.
//
// yaegi v0.16.1 copies the value of a compiled package's variable where a
// cell names it in an assignment: `os.Args = []string{"prog", "a"}` left
// os.Args unchanged, `io.EOF = errors.New("x")` too, and after a write
// through the address (`*(&os.Args) = v`) a read such as `s := os.Args`
// still gave the old value, all without an error. Reads and writes through
// the variable's address are what yaegi keeps right, so every use of such
// a variable in a cell is written through it:
//
//	os.Args = v          =>   (*(&os.Args)) = v
//	s := os.Args[1:]     =>   s := (*(&os.Args))[1:]
//
// The session's own os.Args holds "activis-kernel" and what the cell
// stores; the session's flag package parses it (see flagpkg.go).
//
// os.Stdin, os.Stdout and os.Stderr are the cell's streams. fmt.Print,
// fmt.Scan and the log package keep using the cell's streams whatever a
// cell stores in them, so assigning one (to capture output through a pipe,
// or to read a file as standard input) is refused with the workaround:
// pass the reader or writer explicitly (fmt.Fprintln(w, ...),
// bufio.NewScanner(f)). Written for this package.

// pkgVars writes every use of a variable of a compiled package in n
// through its address (see the file comment). It runs after the other
// rewrites, which read these selectors as the user wrote them.
func (r *rewriter) pkgVars(n ast.Node) {
	sc, ok := r.sc.(sessionScope)
	if !ok {
		return
	}
	addressed := map[ast.Expr]bool{} // &os.Args is kept: yaegi cannot take &*p
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				addressed[ast.Unparen(x.X)] = true
			}
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				sel, ok := l.(*ast.SelectorExpr)
				if !ok || !sc.isPackageVar(sel) || sc.importPath(sel.X.(*ast.Ident).Name) != "os" {
					continue
				}
				switch sel.Sel.Name {
				case "Stdin", "Stdout", "Stderr":
					r.fail(sel.Pos(), "assigning os.%[1]s is not supported in a cell: fmt.Print, fmt.Scan and log keep using the cell's streams; pass the reader or writer explicitly instead (fmt.Fprintln(w, ...), bufio.NewScanner(f))", sel.Sel.Name)
				}
			}
		}
		return r.err == nil
	})
	if r.err != nil {
		return
	}
	replaceExprs(reflect.ValueOf(n), func(e ast.Expr) ast.Expr { // iterseq.go
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || addressed[sel] || !sc.isPackageVar(sel) {
			return nil
		}
		return &ast.ParenExpr{Lparen: sel.Pos(), X: &ast.StarExpr{Star: sel.Pos(),
			X: &ast.UnaryExpr{OpPos: sel.Pos(), Op: token.AND, X: sel}}, Rparen: sel.End()}
	})
}

// isPackageVar reports whether sel names a variable of a compiled package
// the session imported (its symbol is addressable; functions, constants
// and types are not).
func (sc sessionScope) isPackageVar(sel *ast.SelectorExpr) bool {
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Obj != nil {
		return false
	}
	sc.s.mu.Lock()
	path := sc.st.imports[pkg.Name]
	sc.s.mu.Unlock()
	if path == "" {
		return false
	}
	v, ok := packages().syms[path][sel.Sel.Name]
	return ok && v.IsValid() && v.CanAddr()
}
