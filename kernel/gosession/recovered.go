package gosession

import (
	"go/ast"
	"go/token"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// Values of recover().
//
// yaegi v0.16.1 panics with the reflect.Value that holds an interpreted
// panic's argument and hands that reflect.Value to recover(), so in a cell
// `r := recover()` after `panic("boom")` held a reflect.Value: `r.(string)`
// and `r.(error)` failed, `r == "boom"` was false and `%T` printed
// reflect.Value, without an error (printing `r` with %v looked right). The
// session writes every recover() of a cell as
// `_activisRecovered(recover())`, which takes the value out of the
// reflect.Value (recoveredValue, through the prelude): recover is still
// called directly by the deferred function, as Go requires. A session
// pointer that went through a variable of a compiled interface type
// (`var err error = &MyErr{}; panic(err)`) is taken out of yaegi's
// wrapper, so `r.(*MyErr)` holds; `panic(nil)` recovers a
// *runtime.PanicNilError, as in Go 1.21 and later.
//
// Run-time errors of interpreted code reach recover() as the panics of
// the reflect calls yaegi makes: the string "reflect: slice index out of
// range" for an index out of range, a *reflect.ValueError "call of
// reflect.Value.Field on zero Value" for a nil pointer dereference, an
// error of the interpreter's own with its position for a failed type
// assertion; none was a runtime.Error and `r.(error)` failed for the
// strings. They become runtime.Error values with Go's message (an index
// or slice bound out of range without the index and length, which yaegi
// does not report: the message says so). A panic of compiled code
// (a runtime error the standard library raises, such as integer division
// by zero) reaches recover() as it is and passes through unchanged. Written
// for this package.

// recoverValues rewrites every recover() call of n (see above).
func recoverValues(n ast.Node) {
	ast.Inspect(n, func(m ast.Node) bool {
		c, ok := m.(*ast.CallExpr)
		if !ok {
			return true
		}
		f, ok := c.Fun.(*ast.Ident)
		if !ok {
			return true
		}
		switch {
		case f.Name == "_activisRecovered":
			return false // done already
		case f.Name == "recover" && len(c.Args) == 0:
			inner := &ast.CallExpr{Fun: f, Lparen: c.Lparen, Rparen: c.Rparen}
			c.Fun = &ast.Ident{NamePos: f.NamePos, Name: "_activisRecovered"}
			c.Args = []ast.Expr{inner}
			return false
		}
		return true
	})
}

// recoveredValue is the value recover() gives in a cell (see above).
func recoveredValue(v any) any {
	rv, ok := v.(reflect.Value)
	if !ok {
		if err := interpRuntimeError(v); err != nil {
			return err
		}
		return v // a panic of compiled code, or none
	}
	for rv.IsValid() && rv.Kind() == reflect.Interface && !rv.IsNil() {
		rv = rv.Elem()
	}
	if !rv.IsValid() || rv.Kind() == reflect.Interface || !rv.CanInterface() {
		return new(runtime.PanicNilError)
	}
	if isYaegiWrapper(rv.Type()) {
		if in := rv.Field(0); in.Kind() == reflect.Interface && !in.IsNil() && in.Elem().Kind() == reflect.Pointer {
			return in.Elem().Interface()
		}
	}
	return rv.Interface()
}

// runtimeError is a run-time error of interpreted code as recover() gives
// it in a cell (see recoveredValue).
type runtimeError struct{ msg string }

func (e runtimeError) Error() string { return e.msg }

// RuntimeError marks e as a runtime.Error.
func (runtimeError) RuntimeError() {}

// interpRuntimeError returns the runtime.Error Go would raise for the
// panic value v of a reflect call the interpreter made, or nil.
func interpRuntimeError(v any) error {
	const unknown = " (the interpreter does not report the index and length)"
	switch x := v.(type) {
	case string:
		switch x {
		case "reflect: slice index out of range", "reflect: array index out of range", "reflect: string index out of range":
			return runtimeError{"runtime error: index out of range" + unknown}
		case "reflect.Value.Slice: slice index out of bounds", "reflect.Value.Slice: string slice index out of bounds",
			"reflect.Value.Slice3: slice index out of bounds":
			return runtimeError{"runtime error: slice bounds out of range" + unknown}
		case "reflect.Value.Call: call of nil function":
			return runtimeError{"runtime error: invalid memory address or nil pointer dereference"}
		case "reflect.MakeSlice: negative len", "reflect.MakeSlice: len > cap":
			return runtimeError{"runtime error: makeslice: len out of range"}
		case "reflect.MakeSlice: negative cap":
			return runtimeError{"runtime error: makeslice: cap out of range"}
		}
	case *reflect.ValueError:
		if x.Kind == reflect.Invalid {
			return runtimeError{"runtime error: invalid memory address or nil pointer dereference"}
		}
	case error:
		// yaegi's failed type assertion: "1200001:28: interface conversion: …".
		msg := x.Error()
		if i := strings.Index(msg, ": interface conversion: "); i >= 0 && strings.HasPrefix(reflect.TypeOf(x).String(), "*interp.") {
			return runtimeError{taggedTypeNames(msg[i+2:])}
		}
	}
	return nil
}

var _ runtime.Error = runtimeError{}

// hoistRecovers gives each recover() call of n that is an operand of a
// larger expression (`fmt.Println("recovered:", recover())`) a statement
// of its own before the statement holding it, `_activisRec1 :=
// recover()`, in the same function. The print rewrites put operands into
// function literals (fmttype.go's methodText), where recover() was no
// longer called directly by the deferred function: it returned nil and
// the panic went on, ending the cell, where Go recovers it. A recover()
// that a statement assigns, declares or calls alone is left as it is, and
// so is one among a cell's top-level statements.
// Written for this package.
func hoistRecovers(n ast.Node) {
	seq := 0
	hoist := func(s ast.Stmt) []ast.Stmt {
		var pre []ast.Stmt
		direct := map[*ast.CallExpr]bool{}
		operand := map[*ast.CallExpr]bool{}
		ast.Inspect(s, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.FuncLit, *ast.DeferStmt, *ast.GoStmt, *ast.ForStmt, *ast.RangeStmt:
				return false // another function, or evaluated later or again
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				return false // nested lists: their own statements
			case *ast.AssignStmt:
				for _, e := range x.Rhs {
					if c, ok := e.(*ast.CallExpr); ok {
						direct[c] = true
					}
				}
			case *ast.ValueSpec:
				for _, e := range x.Values {
					if c, ok := e.(*ast.CallExpr); ok {
						direct[c] = true
					}
				}
			case *ast.ExprStmt:
				if c, ok := x.X.(*ast.CallExpr); ok {
					direct[c] = true
				}
			case *ast.CallExpr:
				if isRecoverCall(x) && !direct[x] {
					operand[x] = true
				}
			}
			return true
		})
		if len(operand) == 0 {
			return nil
		}
		replaceExprs(reflect.ValueOf(s), func(e ast.Expr) ast.Expr { // iterseq.go
			c, ok := e.(*ast.CallExpr)
			if !ok || !operand[c] {
				return nil
			}
			seq++
			name := "_activisRec" + strconv.Itoa(seq)
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: c.Pos(), Name: name}}, TokPos: c.Pos(), Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.CallExpr{Fun: &ast.Ident{NamePos: c.Pos(), Name: "recover"}, Lparen: c.Lparen, Rparen: c.Rparen}}})
			return &ast.Ident{NamePos: c.Pos(), Name: name}
		})
		return pre
	}
	rebuild := func(list []ast.Stmt) []ast.Stmt {
		var out []ast.Stmt
		changed := false
		for _, s := range list {
			inner := s
			if l, ok := s.(*ast.LabeledStmt); ok {
				inner = l.Stmt
			}
			if pre := hoist(inner); len(pre) > 0 {
				out = append(out, pre...)
				changed = true
			}
			out = append(out, s)
		}
		if !changed {
			return list
		}
		return out
	}
	lists := func(body *ast.BlockStmt) {
		ast.Inspect(body, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.BlockStmt:
				x.List = rebuild(x.List)
			case *ast.CaseClause:
				x.Body = rebuild(x.Body)
			case *ast.CommClause:
				x.Body = rebuild(x.Body)
			}
			return true
		})
	}
	// Only in functions: a recover() of the cell's own statements is
	// called by no deferred function, and a top-level `_activisRec1 :=
	// recover()` failed the cell with a nil dereference.
	ast.Inspect(n, func(m ast.Node) bool {
		switch x := m.(type) {
		case *ast.FuncLit:
			lists(x.Body)
			return false
		case *ast.FuncDecl:
			if x.Body != nil {
				lists(x.Body)
			}
			return false
		}
		return true
	})
}

// isRecoverCall reports whether c calls the built-in recover.
func isRecoverCall(c *ast.CallExpr) bool {
	f, ok := c.Fun.(*ast.Ident)
	return ok && f.Name == "recover" && f.Obj == nil && len(c.Args) == 0
}

// taggedStruct matches the run-time type of a struct type of the session
// as reflect writes it, carrying the name structmark.go's tag gives it
// (`struct { Xa int "activistype:\"A\" json:\"-\"" }`), without nested
// braces; version is the suffix a type declared again gets (names.go).
var taggedStruct = regexp.MustCompile(`struct \{[^{}]*?` + typeTagKey + `:\\"(\w+?)(?:_v\d+)?\\"[^{}]*\}`)

// taggedTypeNames writes the run-time struct types of the session's types
// in msg by their names as Go prints them (`main.A`): a failed type
// assertion's panic read "interface conversion: interface {} is struct {
// Xa int "activistype:\"A\" json:\"-\" …" }, not struct { … }" where Go
// reads "interface {} is main.A, not main.B".
func taggedTypeNames(msg string) string {
	if !strings.Contains(msg, typeTagKey) {
		return msg
	}
	return taggedStruct.ReplaceAllString(msg, "main.$1")
}
