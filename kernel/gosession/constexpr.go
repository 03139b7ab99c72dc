package gosession

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Constant expressions.
//
// yaegi v0.16.1 gets untyped constant arithmetic wrong in ways that run
// without an error:
//   - a constant that does not fit its type is accepted and wraps
//     (`var x int8 = 200` printed -56; `const m int8 = 100; m * 2` printed
//     -56; `Level(3) - Level(4)` of `type Level uint8` printed 255), and a
//     shift of the constant 1 in a float context (`var f float64 = 1 << s`)
//     ran; Go rejects each at compile time;
//   - an integer division of untyped integer constants in a float context
//     divided as floats: `var g float64 = 7 / 2` gave 3.5 (Go: 3, the
//     constant 7 / 2 is the integer 3 before it becomes a float64);
//   - an untyped rune constant expression took int as its default type:
//     `r := 'a' + 1` made r an int (Go: rune, int32);
//   - a shift of an untyped constant by a constant count computed by a
//     call (`1 << len(s)` for a constant string s) was taken for a
//     non-constant shift, so the 1 took the type of its context: `var a
//     byte = 1 << len(s) / 128` gave 0 (Go: 4, 512 / 128); it is written
//     as its value;
//   - comparisons of untyped float constants were made in float64:
//     `1e16+1 == 1e16` was true (Go: false); a comparison of untyped
//     constants is written as its value (untypedFloatValue).
//
// The session's type check (typecheck.go) sees the group with go/types,
// which computes constants exactly. Its errors about constants (overflow,
// truncation, division by zero, a non-integer shifted operand) become the
// cell's compile error (checkErrors); an untyped integer division or
// remainder in a float context is written as its value (constValues), and
// an untyped rune expression whose type is rune gets its left operand
// converted to rune, which gives the expression that type. Written for
// this package.

// errChecked marks the compile errors of checkErrors.
var errChecked = errors.New("refused by the type check")

// checkErrMarks tell the go/types messages that become the group's
// compile error: about constant expressions, which can only come from
// constants whose values the checker knows, and the errors of
// missingreturn.go (a missing return, statements yaegi ran on a copy, a
// value of another basic or session type), which come from types the
// checker knows (it reports nothing about an operand of a type it does
// not know); so none stems from a name it does not know.
var checkErrMarks = []func(msg string) bool{
	func(msg string) bool { return strings.Contains(msg, "constant") && strings.Contains(msg, "overflows") },
	func(msg string) bool { return strings.Contains(msg, "constant") && strings.Contains(msg, "truncated") },
	func(msg string) bool {
		return strings.HasPrefix(msg, "cannot convert") && strings.Contains(msg, "constant")
	},
	func(msg string) bool { return strings.Contains(msg, "division by zero") },
	func(msg string) bool {
		return strings.Contains(msg, "shifted operand") && strings.Contains(msg, "must be integer")
	},
	func(msg string) bool {
		return strings.HasPrefix(msg, "missing init expr") || strings.HasPrefix(msg, "extra init expr")
	}, // a const spec repeating values for another number of names (constrepeat.go)
	// a type argument outside its constraint's type set, or without its
	// methods: yaegi v0.16.1 instantiated `Sum([]string{"a"})` for `func
	// Sum[T ~int | ~float64](xs []T) T` and ran it (printing "a"), as it
	// did github.com/samber/lo's Sum
	func(msg string) bool { return strings.Contains(msg, " does not satisfy ") },
	// a function with results whose body can end without a return: yaegi
	// ran `func f() int { fmt.Println("x") }`, which gave 0 (missingreturn.go)
	func(msg string) bool { return msg == "missing return" },
	// what Go refuses and yaegi ran on a copy, to no effect (missingreturn.go)
	func(msg string) bool {
		return strings.HasPrefix(msg, "cannot assign to struct field ") && strings.HasSuffix(msg, " in map")
	},
	func(msg string) bool { return strings.HasPrefix(msg, "cannot call pointer method ") },
	func(msg string) bool {
		return strings.HasPrefix(msg, "cannot assign to ") && strings.HasSuffix(msg, "(neither addressable nor a map index expression)")
	},
	func(msg string) bool { return strings.HasPrefix(msg, "invalid operation: cannot take address of ") },
	// a value whose method set lacks an interface's method by its receiver
	// or signature: yaegi took `c` of a `Counter` whose Inc has a pointer
	// receiver for an `Incer`, and a call through it changed c itself
	// (Go refuses: Counter's method set has no Inc); `var x fmt.Stringer =
	// S{}` with `String() int` and a `Sq` whose `Area` takes a parameter
	// ran until a method was called, then panicked in reflect
	func(msg string) bool {
		return strings.Contains(msg, " does not implement ") &&
			(strings.Contains(msg, " has pointer receiver)") || strings.Contains(msg, "(wrong type for method "))
	},
	func(msg string) bool {
		return strings.HasPrefix(msg, "append(") && strings.HasSuffix(msg, " is not used")
	},
	// a value of one basic type where another is expected: yaegi converted
	// it, so `var g float64 = n / 2` and `return n / 2` from a float64
	// function gave 1.5 for an int n (Go refuses them; missingreturn.go);
	// so between a session type and another (`return x` of a float64 from
	// a `func f() Celsius`, `id = n` for an `ID` and an int), which yaegi
	// took (`var id ID = next()` of a `func next() int`), and yaegi's own
	// refusals read "cannot use  (type intT) as type float64T". Not for an
	// expression calling min or max: the check sees the prelude's generic
	// min and max, which type `max(1, 2.5)` float64; nor for an interface,
	// which yaegi checks itself.
	func(msg string) bool {
		m := basicMismatch.FindStringSubmatch(msg)
		return m != nil && !minMaxCall.MatchString(m[1]) && m[2] != m[3] && (basicTypeNames[m[2]] || basicTypeNames[m[3]]) &&
			!strings.Contains(msg, "does not implement")
	},
	// a slice or map of another element type where one of `any` is
	// expected: yaegi compiled `show([]int{1})` for a `func show(xs
	// []any)` and panicked when it ran, "reflect.Set: value of type []int
	// is not assignable to type []interface {}", without a line
	func(msg string) bool { return anyElemMismatch.MatchString(msg) },
}

// anyElemMismatch matches go/types' message for a slice or map whose
// elements are not of an interface type used where one of `any` is
// expected.
var anyElemMismatch = regexp.MustCompile(`^cannot use .* \((?:value|variable) of type (?:\[\]|map\[[^\]]*\])[\w.*\[\]]+\) as (?:\[\]|map\[[^\]]*\])(?:any|interface \{\}) value in `)

// basicMismatch matches go/types' message for a value of one type used
// where another is expected, giving the expression and the two types
// (each a predeclared or session type's name).
var basicMismatch = regexp.MustCompile(`^cannot use (.*) \((?:value|variable|constant [^()]*?) of (?:\w+ )?type (\w+)\) as (\w+) value in `)

// minMaxCall matches a call of the built-in min or max in an expression.
var minMaxCall = regexp.MustCompile(`\b(?:min|max)\(`)

// basicTypeNames are the names of Go's predeclared basic types.
var basicTypeNames = map[string]bool{"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true, "complex64": true, "complex128": true, "byte": true, "rune": true}

// noteError keeps err when it is an error of file f (not of the
// session's earlier declarations) that checkErrMarks tell: about a
// constant expression, a type argument that does not satisfy its
// constraint (an error go/types calls soft: the check goes on after it),
// or one of missingreturn.go's.
func (o *typeOracle) noteError(err error, f *ast.File) {
	var te types.Error
	if !errors.As(err, &te) || te.Pos < f.Pos() || te.Pos > f.End() {
		return
	}
	for _, mark := range checkErrMarks {
		if mark(te.Msg) {
			o.checkErrs = append(o.checkErrs, te)
			return
		}
	}
}

// checkErrors returns the first error of checkErrMarks the check of the
// group found, as a compile error, or nil; for the cell's trailing
// expression (kind ExprItem), whose value is shown, not "is not used".
func (s *Session) checkErrors(o *typeOracle, kind ItemKind) *session.ExecError {
	if o == nil {
		return nil
	}
	var errs []types.Error
	for _, te := range o.checkErrs {
		if kind == ExprItem && strings.HasSuffix(te.Msg, " is not used") {
			continue // the cell's trailing expression, whose value is shown
		}
		errs = append(errs, te)
	}
	if len(errs) == 0 {
		return nil
	}
	te := errs[0]
	text := userTypeParams(te.Msg) // see typeparams.go
	if strings.HasPrefix(text, "extra init expr at ") {
		text = "extra init expr" // the position is the checker's file's
	}
	msg := fmt.Sprintf("%s: %s", s.where(te.Fset.Position(te.Pos).Line), text)
	return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
}

// constNeedsTypes tells whether f holds an expression with a numeric or
// rune literal operand, or a typed declaration with a value: only such
// groups can hold what checkErrors and constValues look for.
func constNeedsTypes(f *ast.File) bool {
	found := false
	lit := func(e ast.Expr) bool {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
			case *ast.UnaryExpr:
				e = x.X
			case *ast.BasicLit:
				return x.Kind != token.STRING
			default:
				return false
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			found = found || lit(x.X) || lit(x.Y) || x.Op == token.SHL
		case *ast.ValueSpec:
			found = found || x.Type != nil && len(x.Values) > 0
		case *ast.CallExpr:
			found = found || len(x.Args) == 1 && lit(x.Args[0])
		case *ast.AssignStmt:
			found = found || x.Tok != token.DEFINE && x.Tok != token.ASSIGN && len(x.Rhs) == 1 && lit(x.Rhs[0])
		}
		return !found
	})
	return found || shiftNeedsTypes(f) || constCountMismatch(f) || minMaxNeedsTypes(f) || complexNeedsTypes(f)
}

// untypedInt tells whether e is an untyped integer or rune constant
// expression, and whether a rune is part of it.
func (o *typeOracle) untypedInt(e ast.Expr) (ok, isRune bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT || x.Kind == token.CHAR, x.Kind == token.CHAR
	case *ast.ParenExpr:
		return o.untypedInt(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.ADD || x.Op == token.SUB || x.Op == token.XOR {
			return o.untypedInt(x.X)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			okX, runeX := o.untypedInt(x.X)
			okY, runeY := o.untypedInt(x.Y)
			return okX && okY, runeX || runeY
		case token.SHL, token.SHR:
			okX, runeX := o.untypedInt(x.X)
			return okX && o.info.Types[x.Y].Value != nil, runeX
		}
	case *ast.Ident, *ast.SelectorExpr:
		if k, ok := o.constKind(x); ok {
			return k == types.UntypedInt || k == types.UntypedRune, k == types.UntypedRune
		}
	}
	return false, false
}

// constValues rewrites x when it is an untyped integer constant
// expression the interpreter would compute wrongly: an integer division,
// remainder or shift given a float type by its context becomes its
// value.
func (r *rewriter) constValues(x *ast.BinaryExpr) {
	o := r.oracle
	if o == nil {
		return
	}
	tv, known := o.info.Types[x]
	if !known || tv.Value == nil {
		return
	}
	if o.untypedFloatValue(x, tv.Value) {
		return
	}
	if v, ok := o.intValue(x, tv); ok {
		x.X, x.Op, x.Y = constIntExpr(x.Pos(), v), token.ADD, &ast.BasicLit{ValuePos: x.Pos(), Kind: token.INT, Value: "0"}
	}
}

// intValue returns the integer value to write for x, of type and value
// tv, when x is an untyped integer constant expression the interpreter
// would compute wrongly (see constValues).
func (o *typeOracle) intValue(x *ast.BinaryExpr, tv types.TypeAndValue) (constant.Value, bool) {
	ok, _ := o.untypedInt(x)
	t, basic := tv.Type.(*types.Basic)
	if !ok || !basic {
		return nil, false
	}
	switch {
	case t.Info()&(types.IsFloat|types.IsComplex) != 0 && (x.Op == token.QUO || x.Op == token.REM || x.Op == token.SHR):
		v := constant.ToInt(tv.Value)
		return v, v.Kind() == constant.Int
	case t.Info()&types.IsUntyped != 0 && (x.Op == token.SHL || x.Op == token.SHR) && hasCall(x.Y) && tv.Value.Kind() == constant.Int:
		// A constant count computed by a call (len of a constant
		// string or an array): yaegi took the shift for a non-constant
		// one, which gives the constant 1 the type of its context
		// (`var a byte = 1 << len(s) / 128` with len(s) 9 gave 0, Go 4).
		return tv.Value, true
	}
	return nil, false
}

// runeDefaults gives the rune type to an untyped rune constant
// expression defined without a type (`r := 'a' + 1`, `var r = 'z' - 1`)
// by converting its left operand; only there: elsewhere the interpreter
// may have typed the other operand int (a top-level `c := 'a'`), and a
// rune operand would not match it.
func (r *rewriter) runeDefaults(n ast.Node) {
	var values []ast.Expr
	switch x := n.(type) {
	case *ast.AssignStmt:
		if x.Tok == token.DEFINE {
			values = x.Rhs
		}
	case *ast.ValueSpec:
		if x.Type == nil {
			values = x.Values
		}
	}
	for _, v := range values {
		be, ok := v.(*ast.BinaryExpr)
		if !ok || r.oracle == nil {
			continue
		}
		tv := r.oracle.info.Types[be]
		t, basic := tv.Type.(*types.Basic)
		if num, isRune := r.oracle.untypedInt(be); tv.Value == nil || !num || !isRune || !basic || t.Kind() != types.Int32 {
			continue
		}
		be.X = &ast.CallExpr{Fun: &ast.Ident{NamePos: be.Pos(), Name: "rune"}, Lparen: be.Pos(), Args: []ast.Expr{be.X}, Rparen: be.Pos()}
	}
}

// untypedFloatValue writes x as its value when x compares untyped
// numeric constants: yaegi compared them in float64 (`1e16+1 == 1e16`
// was true), Go exactly. It tells whether it did.
func (o *typeOracle) untypedFloatValue(x *ast.BinaryExpr, v constant.Value) bool {
	okX, _ := o.untypedNum(x.X)
	okY, _ := o.untypedNum(x.Y)
	if !okX || !okY {
		return false
	}
	pos := x.Pos()
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		if v.Kind() != constant.Bool {
			return false
		}
		b := &ast.Ident{NamePos: pos, Name: "false"}
		x.Op = token.LOR
		if constant.BoolVal(v) {
			b.Name, x.Op = "true", token.LAND
		}
		x.X, x.Y = b, &ast.Ident{NamePos: pos, Name: b.Name}
		return true
	}
	return false
}

// untypedNum tells whether e is an untyped numeric constant expression
// of literals, untyped constants and arithmetic, and whether a float is
// part of it.
func (o *typeOracle) untypedNum(e ast.Expr) (ok, isFloat bool) {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT || x.Kind == token.CHAR || x.Kind == token.FLOAT, x.Kind == token.FLOAT
	case *ast.ParenExpr:
		return o.untypedNum(x.X)
	case *ast.UnaryExpr:
		if x.Op == token.ADD || x.Op == token.SUB {
			return o.untypedNum(x.X)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO:
			okX, floatX := o.untypedNum(x.X)
			okY, floatY := o.untypedNum(x.Y)
			return okX && okY, floatX || floatY
		}
	case *ast.Ident, *ast.SelectorExpr:
		if k, ok := o.constKind(x); ok {
			return k == types.UntypedInt || k == types.UntypedRune || k == types.UntypedFloat, k == types.UntypedFloat
		}
	}
	return false, false
}

// constKind returns the basic kind of the constant a name or a qualified
// name (math.Pi) refers to, when it refers to one of basic type.
func (o *typeOracle) constKind(e ast.Expr) (types.BasicKind, bool) {
	if c, isConst := o.info.Uses[refIdent(e)].(*types.Const); isConst { // typeargs.go
		if b, isBasic := c.Type().(*types.Basic); isBasic {
			return b.Kind(), true
		}
	}
	return 0, false
}

// constIntExpr writes the integer constant v as an expression.
func constIntExpr(pos token.Pos, v constant.Value) ast.Expr {
	if constant.Sign(v) < 0 {
		return &ast.UnaryExpr{OpPos: pos, Op: token.SUB, X: constIntExpr(pos, constant.UnaryOp(token.SUB, v, 0))}
	}
	return &ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: v.ExactString()}
}
