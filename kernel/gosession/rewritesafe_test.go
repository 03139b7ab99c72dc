package gosession

import (
	"errors"
	"go/ast"
	"go/token"
	"strings"
	"testing"
)

// TestRewriteSafe checks that a panic of the source rewriting becomes an
// error that says so (rewriteSafe), here of a rewriter whose type check
// lacks its records.
func TestRewriteSafe(t *testing.T) {
	rw := &rewriter{fset: token.NewFileSet(), oracle: &typeOracle{}}
	body := &ast.BlockStmt{List: []ast.Stmt{&ast.ForStmt{Body: &ast.BlockStmt{List: []ast.Stmt{
		&ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent("f"), Args: []ast.Expr{ast.NewIdent("x")}}},
	}}}}}
	err := rewriteSafe(rw, body)
	if !errors.Is(err, errRewrite) || !strings.Contains(err.Error(), "a fault of the kernel") {
		t.Fatalf("rewriteSafe = %v, want an errRewrite naming a fault of the kernel", err)
	}
}
