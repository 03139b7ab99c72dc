package gosession

import (
	"go/ast"
	"strings"
)

// Generic code that instantiates other generic code with its own type
// parameters, instantiated with a type of the session.
//
// yaegi v0.16.1 substitutes a type argument in a generic body by the
// type's qualified name (`main.Prob`); an explicit instantiation in that
// body (`m := Zeros[T](r, c)` in `func FromRows[T Float](rows [][]T)`,
// or in a method of a generic type) then looks the name up as a type,
// finds nothing, takes the index for a value and fails: "CFG post-order
// panic: … nil pointer dereference" in a cell calling
// `FromRows([][]Prob{…})` for `type Prob float64` (plain yaegi: "undefined
// type for T"), where the same call with float64 runs. The cell got the
// hint for top-level variables, which does not help. No rewrite from
// outside makes the name resolve; explicitInnerHint names the function and
// the two workarounds. Written for this package.

// explicitInnerHint returns a hint when text calls a generic function or
// a method of a generic type of the session whose body instantiates a
// generic function or type with one of its own type parameters, or "".
func (s *Session) explicitInnerHint(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st == nil {
		return ""
	}
	for _, d := range s.st.deps {
		if d.node == nil || d.node.Body == nil {
			continue
		}
		name := d.node.Name.Name
		called := strings.Contains(text, name+"(") || strings.Contains(text, name+"[")
		if d.method {
			called = strings.Contains(text, "."+name+"(")
		}
		if !called {
			continue
		}
		if inner := explicitInnerCall(d.node); inner != "" {
			return "\n(hint: if a type argument is a type declared in the session: the interpreter cannot instantiate " + name +
				", whose body calls " + userTypeParams(inner) + " with its own type parameter, with a type declared in the session; " + // typeparams.go
				"let that call infer its type arguments from an argument, or use a predeclared type such as float64)"
		}
	}
	return ""
}

// explicitInnerCall returns the text of an instantiation in fd's body
// whose type arguments name one of fd's type parameters (its own, or its
// generic receiver's), or "".
func explicitInnerCall(fd *ast.FuncDecl) string {
	params := map[string]bool{}
	if fd.Type.TypeParams != nil {
		for _, f := range fd.Type.TypeParams.List {
			for _, n := range f.Names {
				params[n.Name] = true
			}
		}
	}
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		t := fd.Recv.List[0].Type
		if st, ok := t.(*ast.StarExpr); ok {
			t = st.X
		}
		if _, args, ok := typeArgsOf(t); ok { // typeargs.go
			for _, a := range args {
				if id, ok := a.(*ast.Ident); ok {
					params[id.Name] = true
				}
			}
		}
	}
	if len(params) == 0 {
		return ""
	}
	found := ""
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || found != "" {
			return found == ""
		}
		base, args, ok := typeArgsOf(c.Fun)
		if !ok {
			return true
		}
		for _, a := range args {
			if id, ok := a.(*ast.Ident); ok && params[id.Name] {
				if b, ok := base.(*ast.Ident); ok {
					found = b.Name + "[" + id.Name + "]"
					return false
				}
			}
		}
		return true
	})
	return found
}
