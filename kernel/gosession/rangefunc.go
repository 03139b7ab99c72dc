package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// Range over a function iterator (Go 1.23), which yaegi v0.16.1 does not
// know: `for k, v := range seq {…}` becomes a call of seq with the body as
// the yield function,
//
//	{
//		_activisSeq1 := seq
//		var _activisDone2 bool
//		_activisSeq1(func(k K, v V) bool {
//			if _activisDone2 { panic("… continued iteration …") }
//			…; return true
//		})
//		_activisDone2 = true
//	}
//
// with continue mapped to `return true` and break to `_activisDone2 =
// true; return false`. A statement that leaves the loop for somewhere
// else, which Go allows, is recorded in a control variable and done after
// the call: `return x` in the body (the most common exit of iterator
// adapters: `for v := range seq { if !yield(f(v)) { return } }`) stores
// the results in variables of the enclosing function's result types (or
// its named results), and `break L`/`continue L` to a label outside the
// loop become `if _activisCtl3 == n { break L }`. As in Go, the iterator
// calling yield again after the body stopped it, or after the loop ended,
// panics. A `defer` in the body is added to a list that the enclosing
// function runs when it returns (deferExit). Still refused: `goto` out of
// the body, `return` or `defer` at the top level of a cell, and deferring
// a function that calls recover.
// Written for this package.

// rangeNeedsTypes reports whether f ranges over the result of a call or
// over a name, whose type the rewriter may need from the type oracle
// (typecheck.go): a generic function's (`range zip(a, b)`), a method's
// (`range t.All()`), a constant of a session integer type (`range
// days`); or calls a generic function of slices, maps or cmp, whose type
// arguments it may need (pkgtypeargs.go).
func rangeNeedsTypes(f *ast.File) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.RangeStmt:
			switch unparen(x.X).(type) {
			case *ast.CallExpr, *ast.Ident:
				found = true
			}
		case *ast.SelectorExpr:
			if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil && (id.Name == "slices" || id.Name == "maps" || id.Name == "cmp") {
				found = true
			}
		}
		return !found
	})
	return found
}

// rangeNamedInt reports whether the type oracle gives the range
// expression of x an integer type the syntax does not show (a constant or
// variable of a session type `type Day int`), to range over as an integer.
// (yaegi gives the loop variable the underlying type: `%T` prints int.)
func (r *rewriter) rangeNamedInt(x *ast.RangeStmt) bool {
	if r.oracle == nil {
		return false
	}
	tv, ok := r.oracle.info.Types[x.X]
	if !ok || tv.Type == nil {
		return false
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// rangeFunc rewrites a range over a function of type ft (see above).
func (r *rewriter) rangeFunc(x *ast.RangeStmt, label *ast.Ident, ft *ast.FuncType) ast.Stmt {
	if ft.Params == nil || len(ft.Params.List) != 1 {
		return nil
	}
	yield := funcType(ft.Params.List[0].Type)
	if yield == nil {
		return nil
	}
	types := fieldTypes(yield.Params)
	vars := []ast.Expr{x.Key, x.Value}
	var params []*ast.Field
	var pre []ast.Stmt
	for i, t := range types {
		name := ast.NewIdent("_")
		if i < 2 && vars[i] != nil && !isBlank(vars[i]) {
			if id, ok := vars[i].(*ast.Ident); ok && x.Tok == token.DEFINE {
				name = id
			} else {
				name = ast.NewIdent(r.fresh("V"))
				pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{vars[i]}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent(name.Name)}})
			}
		}
		params = append(params, &ast.Field{Names: []*ast.Ident{name}, Type: t})
	}
	if len(types) < 2 && x.Value != nil || len(types) < 1 && x.Key != nil {
		r.fail(x.For, "range over %d-value iterator with too many variables", len(types))
		return nil
	}
	c := &rangeCtl{r: r, label: label, done: r.fresh("Done"), pos: x.For,
		funcs: enclosingFuncs(r.root), inner: innerLabels(x.Body), inFunc: inFunction(r.root, x)}
	body := c.yieldBody(x.Body)
	seq := r.fresh("Seq")
	list := append(pre, body.List...)
	list = append(list, &ast.ReturnStmt{Return: x.Body.Rbrace, Results: []ast.Expr{ast.NewIdent("true")}})
	check := &ast.IfStmt{If: x.Body.Lbrace, Cond: ast.NewIdent(c.done), Body: &ast.BlockStmt{List: []ast.Stmt{
		&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: x.For, Name: "panic"}, Lparen: x.For, Args: []ast.Expr{&ast.BasicLit{Kind: token.STRING,
			Value: strconv.Quote("runtime error: range function continued iteration after function for loop body returned false")}}}}}}}
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: x.For, Params: &ast.FieldList{List: params},
			Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}},
		Body: &ast.BlockStmt{Lbrace: x.Body.Lbrace, List: append([]ast.Stmt{check}, list...), Rbrace: x.Body.Rbrace},
	}
	out := []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: x.For, Name: seq}}, TokPos: x.For, Tok: token.DEFINE, Rhs: []ast.Expr{x.X}},
		varDecl(c.done, ast.NewIdent("bool")),
	}
	if c.defers != "" {
		// The body's defers go to a list the enclosing function runs
		// when it returns, registered where the loop starts.
		out = append(out,
			&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(c.defers)}, TokPos: x.For, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{
				Fun: ast.NewIdent("new"), Args: []ast.Expr{&ast.ArrayType{Elt: &ast.FuncType{Params: &ast.FieldList{}}}}}}},
			&ast.DeferStmt{Defer: x.For, Call: &ast.CallExpr{Fun: &ast.Ident{NamePos: x.For, Name: "_activisRunDefers"}, Lparen: x.For,
				Args: []ast.Expr{ast.NewIdent(c.defers)}, Rparen: x.For}})
	}
	if c.ctl != "" {
		out = append(out, varDecl(c.ctl, ast.NewIdent("int")))
		for i, t := range c.resTypes {
			out = append(out, varDecl(c.results[i], t))
		}
	}
	out = append(out,
		&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: x.For, Name: seq}, Lparen: x.For, Args: []ast.Expr{lit}}},
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(c.done)}, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}})
	out = append(out, c.after...)
	return &ast.BlockStmt{Lbrace: x.For, List: out, Rbrace: x.End()}
}

// rangeCtl holds what one range-over-func rewrite maps its exits to.
type rangeCtl struct {
	r     *rewriter
	label *ast.Ident
	pos   token.Pos
	done  string // set when the body stops the iteration
	// ctl is the control variable ("" until an exit needs it); after
	// holds the statements run after the call for its values.
	ctl   string
	after []ast.Stmt
	codes map[string]int // "break L", "continue L", "return" -> value of ctl
	// results and resTypes are the variables and types of the
	// enclosing function's results (unnamed ones) for a return.
	results  []string
	resTypes []ast.Expr
	funcs    map[*ast.ReturnStmt]*ast.FuncType
	inner    map[string]bool // labels declared in the body
	// inFunc tells whether the loop is in a function; defers names the
	// list its body's defer statements add to ("" until one does).
	inFunc bool
	defers string
}

// deferExit maps a defer statement of the body: its function and
// arguments are evaluated where it stands, and a call of them is added to
// the list the enclosing function runs when it returns, last added first
// (gosrc/modern.go.txt's _activisRunDefers, deferred where the loop
// starts), as Go runs it.
func (c *rangeCtl) deferExit(d *ast.DeferStmt) ast.Stmt {
	if !c.inFunc {
		c.r.fail(d.Defer, "defer inside a range-over-func loop at the top level of a cell; put the loop in a function")
		return d
	}
	usesRecover := false
	ast.Inspect(d.Call, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && (id.Name == "recover" || id.Name == "_activisRecovered") {
			usesRecover = true
		}
		return !usesRecover
	})
	if usesRecover {
		c.r.fail(d.Defer, "defer of a function that calls recover inside a range-over-func loop; defer it before the loop")
		return d
	}
	if c.defers == "" {
		c.defers = c.r.fresh("Defers")
	}
	pos := d.Defer
	var pre []ast.Stmt
	define := func(base string, e ast.Expr) ast.Expr {
		name := c.r.fresh(base)
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: name}}, TokPos: pos, Tok: token.DEFINE, Rhs: []ast.Expr{e}})
		return &ast.Ident{NamePos: pos, Name: name}
	}
	fun := d.Call.Fun
	if id, ok := fun.(*ast.Ident); !ok || id.Obj != nil || !isBuiltinFunc(id.Name) {
		fun = define("DF", fun)
	}
	var args []ast.Expr
	for _, a := range d.Call.Args {
		if isConstLit(a) {
			args = append(args, a)
			continue
		}
		args = append(args, define("DA", a))
	}
	call := &ast.CallExpr{Fun: fun, Lparen: pos, Args: args, Ellipsis: d.Call.Ellipsis, Rparen: pos}
	lit := &ast.FuncLit{Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: call}}, Rbrace: pos}}
	list := &ast.StarExpr{Star: pos, X: ast.NewIdent(c.defers)}
	pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{list}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{&ast.CallExpr{
		Fun: ast.NewIdent("append"), Args: []ast.Expr{&ast.StarExpr{Star: pos, X: ast.NewIdent(c.defers)}, lit}}}})
	return &ast.BlockStmt{Lbrace: pos, List: pre, Rbrace: pos}
}

// isBuiltinFunc reports whether name is a predeclared function.
func isBuiltinFunc(name string) bool {
	switch name {
	case "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover":
		return true
	}
	return false
}

// inFunction reports whether s is inside a function declaration or
// literal under root.
func inFunction(root ast.Node, s ast.Stmt) bool {
	found := false
	var walk func(n ast.Node, in bool)
	walk = func(n ast.Node, in bool) {
		ast.Inspect(n, func(m ast.Node) bool {
			if found {
				return false
			}
			switch x := m.(type) {
			case *ast.FuncLit:
				walk(x.Body, true)
				return false
			case *ast.FuncDecl:
				if x.Body != nil {
					walk(x.Body, true)
				}
				return false
			case ast.Stmt:
				if x == s && in {
					found = true
				}
			}
			return true
		})
	}
	walk(root, false)
	return found
}

// exit returns the statements that leave the yield function for exit
// code key, adding what runs after the call the first time.
func (c *rangeCtl) exit(pos token.Pos, key string, after func() ast.Stmt, assign ast.Stmt) ast.Stmt {
	if c.ctl == "" {
		c.ctl = c.r.fresh("Ctl")
		c.codes = map[string]int{}
	}
	code, ok := c.codes[key]
	if !ok {
		code = len(c.codes) + 1
		c.codes[key] = code
		c.after = append(c.after, &ast.IfStmt{If: pos,
			Cond: &ast.BinaryExpr{X: ast.NewIdent(c.ctl), Op: token.EQL, Y: intLit(code)},
			Body: &ast.BlockStmt{List: []ast.Stmt{after()}}})
	}
	var list []ast.Stmt
	if assign != nil {
		list = append(list, assign)
	}
	list = append(list,
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(c.ctl)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{intLit(code)}},
		c.stop(pos))
	return &ast.BlockStmt{Lbrace: pos, List: list, Rbrace: pos}
}

// stop returns `_activisDone = true; return false` as one statement.
func (c *rangeCtl) stop(pos token.Pos) ast.Stmt {
	return &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(c.done)}, TokPos: pos, Tok: token.ASSIGN, Rhs: []ast.Expr{ast.NewIdent("true")}},
		&ast.ReturnStmt{Return: pos, Results: []ast.Expr{ast.NewIdent("false")}},
	}}
}

// returnExit maps a return statement of the body.
func (c *rangeCtl) returnExit(ret *ast.ReturnStmt) ast.Stmt {
	ft := c.funcs[ret]
	if ft == nil {
		c.r.fail(ret.Return, "return inside a range-over-func loop at the top level of a cell; keep the result in a variable and break")
		return ret
	}
	var named []ast.Expr
	var types []ast.Expr
	if ft.Results != nil {
		for _, f := range ft.Results.List {
			if len(f.Names) == 0 {
				types = append(types, f.Type)
				continue
			}
			for _, n := range f.Names {
				named = append(named, ast.NewIdent(n.Name))
				types = append(types, f.Type)
			}
		}
	}
	var assign ast.Stmt
	key := "return"
	switch {
	case len(ret.Results) == 0: // bare return (or no results)
	case len(named) > 0:
		assign = &ast.AssignStmt{Lhs: named, TokPos: ret.Return, Tok: token.ASSIGN, Rhs: ret.Results}
	default:
		if c.results == nil {
			for _, t := range types {
				c.results = append(c.results, c.r.fresh("Res"))
				c.resTypes = append(c.resTypes, t)
			}
		}
		var lhs []ast.Expr
		for _, n := range c.results {
			lhs = append(lhs, ast.NewIdent(n))
		}
		assign = &ast.AssignStmt{Lhs: lhs, TokPos: ret.Return, Tok: token.ASSIGN, Rhs: ret.Results}
		key = "return values"
	}
	return c.exit(ret.Return, key, func() ast.Stmt {
		out := &ast.ReturnStmt{Return: ret.Return}
		if key == "return values" {
			for _, n := range c.results {
				out.Results = append(out.Results, ast.NewIdent(n))
			}
		}
		// The return now belongs to the enclosing function, for an
		// enclosing range-over-func rewrite.
		return out
	}, assign)
}

// yieldBody maps the statements of a range-over-func body that leave it.
func (c *rangeCtl) yieldBody(body *ast.BlockStmt) *ast.BlockStmt {
	r := c.r
	var walk func(n ast.Node, inLoop, inSwitch bool) ast.Node
	mapBranch := func(b *ast.BranchStmt, inLoop, inSwitch bool) ast.Stmt {
		own := b.Label == nil || (c.label != nil && b.Label.Name == c.label.Name)
		if b.Label != nil && c.inner[b.Label.Name] {
			return b // a label inside the body
		}
		switch b.Tok {
		case token.CONTINUE:
			if b.Label == nil && inLoop {
				return b
			}
			if own {
				return &ast.ReturnStmt{Return: b.TokPos, Results: []ast.Expr{ast.NewIdent("true")}}
			}
		case token.BREAK:
			if b.Label == nil && (inLoop || inSwitch) {
				return b
			}
			if own {
				return c.stop(b.TokPos)
			}
		case token.GOTO:
			r.fail(b.TokPos, "goto out of a range-over-func loop; restructure the loop")
			return b
		}
		if b.Label != nil && (b.Tok == token.BREAK || b.Tok == token.CONTINUE) {
			tok, lab := b.Tok, b.Label.Name
			return c.exit(b.TokPos, tok.String()+" "+lab, func() ast.Stmt {
				return &ast.BranchStmt{TokPos: b.TokPos, Tok: tok, Label: ast.NewIdent(lab)}
			}, nil)
		}
		return b
	}
	walk = func(n ast.Node, inLoop, inSwitch bool) ast.Node {
		switch x := n.(type) {
		case *ast.FuncLit:
			return x
		case *ast.BranchStmt:
			return mapBranch(x, inLoop, inSwitch)
		case *ast.ReturnStmt:
			return c.returnExit(x)
		case *ast.DeferStmt:
			return c.deferExit(x)
		case *ast.BlockStmt:
			for i, s := range x.List {
				x.List[i] = walk(s, inLoop, inSwitch).(ast.Stmt)
			}
		case *ast.LabeledStmt:
			x.Stmt = walk(x.Stmt, inLoop, inSwitch).(ast.Stmt)
		case *ast.IfStmt:
			walk(x.Body, inLoop, inSwitch)
			if x.Else != nil {
				x.Else = walk(x.Else, inLoop, inSwitch).(ast.Stmt)
			}
		case *ast.ForStmt:
			walk(x.Body, true, inSwitch)
		case *ast.RangeStmt:
			walk(x.Body, true, inSwitch)
		case *ast.SwitchStmt:
			walk(x.Body, inLoop, true)
		case *ast.TypeSwitchStmt:
			walk(x.Body, inLoop, true)
		case *ast.SelectStmt:
			walk(x.Body, inLoop, true)
		case *ast.CaseClause:
			for i, s := range x.Body {
				x.Body[i] = walk(s, inLoop, inSwitch).(ast.Stmt)
			}
		case *ast.CommClause:
			for i, s := range x.Body {
				x.Body[i] = walk(s, inLoop, inSwitch).(ast.Stmt)
			}
		}
		return n
	}
	walk(body, false, false)
	return body
}

// enclosingFuncs maps each return statement under root to the type of
// the function it returns from (none at the top level of a cell).
func enclosingFuncs(root ast.Node) map[*ast.ReturnStmt]*ast.FuncType {
	m := map[*ast.ReturnStmt]*ast.FuncType{}
	if root == nil {
		return m
	}
	var walk func(n ast.Node, ft *ast.FuncType)
	walk = func(n ast.Node, ft *ast.FuncType) {
		ast.Inspect(n, func(c ast.Node) bool {
			switch x := c.(type) {
			case *ast.FuncLit:
				walk(x.Body, x.Type)
				return false
			case *ast.FuncDecl:
				if x.Body != nil {
					walk(x.Body, x.Type)
				}
				return false
			case *ast.ReturnStmt:
				if ft != nil {
					m[x] = ft
				}
			}
			return true
		})
	}
	walk(root, nil)
	return m
}

// innerLabels returns the labels declared in body (outside function
// literals).
func innerLabels(body *ast.BlockStmt) map[string]bool {
	m := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			m[x.Label.Name] = true
		}
		return true
	})
	return m
}

// varDecl returns `var name typ`.
func varDecl(name string, typ ast.Expr) ast.Stmt {
	return &ast.DeclStmt{Decl: &ast.GenDecl{Tok: token.VAR, Specs: []ast.Spec{
		&ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(name)}, Type: typ}}}}
}
