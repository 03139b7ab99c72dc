package kernelbuild

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// Guarded interface wrappers for the packages compiled in.
//
// yaegi converts a session value to an interface of a compiled package
// through the package's wrapper struct `_Name` (IValue and one function
// field per method), which `yaegi extract` writes into the package's
// symbols file. When the package calls such a method on a goroutine of its
// own (a cron.Job's Run on the scheduler's goroutine) and the session's
// method panics, nothing recovers and the kernel dies. The kernel's own
// tables get guarded wrappers from genwrappers (kernel/gosession,
// guardwrap_gen.go); the tables of a build are guarded here, by rewriting
// the extracted source: each wrapper type is renamed guarded_… (the name
// gosession looks for on a goroutine's stack) and each of its methods gets
// a deferred recover that hands the panic to gosession.WrapperPanic, with
// named results so that a method whose last result is an error returns
// the *gosession.MethodPanicError.

// guardImport is the import path the guarded wrappers call.
const guardImport = modulePath + "/kernel/gosession"

// guardName is the local name of guardImport in a rewritten file.
const guardName = "activisguard"

// guardSymbols rewrites the interface wrappers of a symbols file written
// by yaegi extract (see above) and reports how many methods it guarded; a
// file without wrappers comes back unchanged.
func guardSymbols(src []byte) ([]byte, int, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "symbols.go", src, parser.ParseComments)
	if err != nil {
		return nil, 0, fmt.Errorf("kernelbuild: reading an extracted symbols file: %w", err)
	}
	ifaces := wrapperInterfaces(f)
	if len(ifaces) == 0 {
		return src, 0, nil
	}
	n := 0
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil {
			continue
		}
		recv, ok := fd.Recv.List[0].Type.(*ast.Ident)
		if !ok || ifaces[recv.Name] == "" {
			continue
		}
		guardMethod(fd, ifaces[recv.Name])
		n++
	}
	ast.Inspect(f, func(x ast.Node) bool {
		if id, ok := x.(*ast.Ident); ok && ifaces[id.Name] != "" {
			id.Name = "guarded" + id.Name
		}
		return true
	})
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			for w := range ifaces {
				if strings.HasPrefix(c.Text, "// "+w+" ") {
					c.Text = "// guarded" + strings.TrimPrefix(c.Text, "// ") + " (guarded by activis-kernel build)"
				}
			}
		}
	}
	imp := &ast.ImportSpec{Name: ast.NewIdent(guardName), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(guardImport)}}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			gd.Specs = append(gd.Specs, imp)
			if !gd.Lparen.IsValid() {
				gd.Lparen = gd.Pos()
			}
			break
		}
	}
	f.Imports = append(f.Imports, imp)
	var b bytes.Buffer
	if err := format.Node(&b, fset, f); err != nil {
		return nil, 0, fmt.Errorf("kernelbuild: writing guarded wrappers: %w", err)
	}
	out, err := format.Source(b.Bytes())
	if err != nil {
		return nil, 0, fmt.Errorf("kernelbuild: writing guarded wrappers: %w", err)
	}
	return out, n, nil
}

// wrapperInterfaces maps the wrapper types of a symbols file's tables
// (the values of their "_Name" entries) to the interfaces they wrap,
// "cron.Job" for "_Job" in the table "github.com/robfig/cron/v3/cron".
func wrapperInterfaces(f *ast.File) map[string]string {
	out := map[string]string{}
	ast.Inspect(f, func(x ast.Node) bool {
		as, ok := x.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		ix, ok := as.Lhs[0].(*ast.IndexExpr)
		if !ok {
			return true
		}
		key, ok := ix.Index.(*ast.BasicLit)
		lit, ok2 := as.Rhs[0].(*ast.CompositeLit)
		if !ok || !ok2 || key.Kind != token.STRING {
			return true
		}
		table, err := strconv.Unquote(key.Value)
		if err != nil {
			return true
		}
		pkg := path.Base(table) // the table key ends with the package name
		for _, e := range lit.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			name, ok := kv.Key.(*ast.BasicLit)
			if !ok || name.Kind != token.STRING || !strings.HasPrefix(name.Value, `"_`) {
				continue
			}
			if w := wrapperType(kv.Value); w != "" {
				n, _ := strconv.Unquote(name.Value)
				out[w] = pkg + "." + strings.TrimPrefix(n, "_")
			}
		}
		return true
	})
	return out
}

// wrapperType returns T of reflect.ValueOf((*T)(nil)), or "".
func wrapperType(e ast.Expr) string {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return ""
	}
	conv, ok := call.Args[0].(*ast.CallExpr)
	if !ok {
		return ""
	}
	paren, ok := conv.Fun.(*ast.ParenExpr)
	if !ok {
		return ""
	}
	star, ok := paren.X.(*ast.StarExpr)
	if !ok {
		return ""
	}
	id, ok := star.X.(*ast.Ident)
	if !ok || !strings.HasPrefix(id.Name, "_") {
		return ""
	}
	return id.Name
}

// guardMethod names the results of a wrapper method and puts first in its
// body:
//
//	defer func() {
//		if p := recover(); p != nil {
//			rN = activisguard.WrapperPanic(p, "cron.Job", "Run", true)
//		}
//	}()
//
// (the assignment only where the last result is an error).
func guardMethod(fd *ast.FuncDecl, iface string) {
	results := fd.Type.Results
	hasErr := false
	var last *ast.Ident
	if results != nil && len(results.List) > 0 {
		i := 0
		for _, fl := range results.List {
			if len(fl.Names) == 0 {
				fl.Names = []*ast.Ident{ast.NewIdent(fmt.Sprintf("_r%d", i))}
			}
			i += len(fl.Names)
		}
		lf := results.List[len(results.List)-1]
		last = lf.Names[len(lf.Names)-1]
		if id, ok := lf.Type.(*ast.Ident); ok && id.Name == "error" {
			hasErr = true
		}
	}
	call := &ast.CallExpr{
		Fun: &ast.SelectorExpr{X: ast.NewIdent(guardName), Sel: ast.NewIdent("WrapperPanic")},
		Args: []ast.Expr{ast.NewIdent("_p"), &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(iface)},
			&ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(fd.Name.Name)}, ast.NewIdent(strconv.FormatBool(hasErr))},
	}
	var handle ast.Stmt = &ast.ExprStmt{X: call}
	if hasErr {
		handle = &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(last.Name)}, Tok: token.ASSIGN, Rhs: []ast.Expr{call}}
	}
	guard := &ast.DeferStmt{Call: &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.IfStmt{
			Init: &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_p")}, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.CallExpr{Fun: ast.NewIdent("recover")}}},
			Cond: &ast.BinaryExpr{X: ast.NewIdent("_p"), Op: token.NEQ, Y: ast.NewIdent("nil")},
			Body: &ast.BlockStmt{List: []ast.Stmt{handle}},
		}}},
	}}}
	fd.Body.List = append([]ast.Stmt{guard}, fd.Body.List...)
}
