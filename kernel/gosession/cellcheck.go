package gosession

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"maps"
	"slices"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Errors gc reports that yaegi did not.
//
// yaegi v0.16.1 ran cells that gc refuses to compile, giving them a
// meaning of its own:
//   - a name declared twice in one block: `x := 1; x := 2` ("no new
//     variables on left side of :="), `var a = 1; var a = 2` and `y := 1;
//     var y = 3` ("a redeclared in this block"), at a cell's top level as
//     in a function body, and two `type T` or `func f` in one cell; the
//     later declaration replaced the earlier, so a closure made between
//     the two read the later variable (`b := 1; f := func() int { return
//     b }; b := 2; f()` gave 2);
//   - a variable defined in the init of a for, if or switch statement at
//     a cell's top level, used after the statement, where Go scopes it to
//     the statement: `for i := 0; i < len(xs) && xs[i] != t; i++ {}` then
//     `fmt.Println(i)` printed where the loop stopped (Go: "undefined:
//     i"), and `switch w := 3; w {}` left w = 0 after it;
//   - a break outside a for, switch or select, and a continue outside a
//     for: at the top level of a cell `break` was skipped and the cell
//     went on;
//   - a constant case listed twice in an expression switch (`case 1: …
//     case 1:`), where the second can never run;
//   - a bare return where a named result is shadowed (`func f() (err
//     error) { if ok { err := g(); if err != nil { return } } … }`
//     returned nil, the outer err; Go: "result parameter err not in scope
//     at return");
//   - among the declarations of one cell, a method declared twice (`func
//     (q Q) Get()` and `func (q *Q) Get()`), a method named as a field of
//     its struct (`Name` of `type P struct{ Name string }`), and a method
//     of a pointer or interface type.
//
// The session refuses such a cell before anything of it runs. It parses
// the cell once, its const, type and func declarations at package level
// and its statements (var declarations among them) in one function body,
// since a cell's top level is one block, and takes the declaration
// errors go/parser reports; the checks below look at the parsed cell. A
// later cell may still define a name again (redefine.go). Written for
// this package.

// A cellCheck looks at a cell parsed as described above (body holds its
// statements) and returns the position and text of the first error it
// finds, or token.NoPos. known tells the names declared before the cell.
type cellCheck func(f *ast.File, body *ast.BlockStmt, cx cellContext) (token.Pos, string)

// cellContext is what a check knows of the session: whether a name is
// declared (known), and the type expression of a type an earlier cell
// declared (sessionType; nil for another name).
type cellContext struct {
	known       func(string) bool
	sessionType func(string) ast.Expr
}

// cellChecks are the checks of the cell's syntax tree, in order.
var cellChecks = []cellCheck{initScopedUses, misplacedBranches, duplicateCases, methodDecls, shadowedResults}

// checkCell returns the compile error for the first error above in the
// cell's items, or nil; base is the cell's line 0 for the interpreter
// (see lineBase).
func (s *Session) checkCell(st *state, items []Item, base int) *session.ExecError {
	var decls, stmts strings.Builder
	for _, it := range items {
		switch it.Kind {
		case DeclItem:
			fmt.Fprintf(&decls, "\n//line cell:%d:1\n%s\n", it.Line, it.Src)
		case StmtItem, ExprItem:
			fmt.Fprintf(&stmts, "\n//line cell:%d:1\n%s\n", it.Line, it.Src)
		}
	}
	fail := func(line int, text string) *session.ExecError {
		msg := fmt.Sprintf("%s: %s", s.where(base+line), text)
		return &session.ExecError{Name: "CompileError", Value: msg, Traceback: []string{"CompileError: " + msg}}
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package main;"+decls.String()+"\nfunc _() {"+stmts.String()+"}", parser.DeclarationErrors|parser.AllErrors)
	if list, ok := err.(scanner.ErrorList); ok {
		for _, e := range list {
			if !strings.Contains(e.Msg, "redeclared in this block") && e.Msg != "no new variables on left side of :=" {
				return nil // a syntax error, which the groups report with their positions
			}
		}
		return fail(list[0].Pos.Line, redeclaredText(list[0].Msg))
	}
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	body := f.Decls[len(f.Decls)-1].(*ast.FuncDecl).Body
	cx := cellContext{known: s.knownNames(st), sessionType: func(name string) ast.Expr { // useorder.go
		s.mu.Lock()
		defer s.mu.Unlock()
		if d := st.decls[name]; d != nil && d.Kind == "type" {
			return d.Type
		}
		return nil
	}}
	for _, check := range cellChecks {
		if pos, text := check(f, body, cx); pos.IsValid() {
			return fail(fset.Position(pos).Line, text)
		}
	}
	return nil
}

// redeclaredText is go/parser's message msg as the cell shows it, with
// the earlier declaration's position ("\n\tprevious declaration at
// cell:3:1") as its line.
func redeclaredText(msg string) string {
	name, prev, ok := strings.Cut(msg, " redeclared in this block")
	if !ok {
		return msg
	}
	if _, pos, ok := strings.Cut(prev, "previous declaration at cell:"); ok {
		line, _, _ := strings.Cut(pos, ":")
		return name + " redeclared in this block (declared before at line " + line + " of the cell)"
	}
	return name + " redeclared in this block"
}

// initScopedUses finds a use, after the statement, of a variable that
// the init of a for, if or switch statement at the cell's top level (or
// of an else if) defines, where nothing else declares the name.
func initScopedUses(f *ast.File, body *ast.BlockStmt, cx cellContext) (token.Pos, string) {
	scoped := map[string]string{} // name -> the statement defining it
	var note func(s ast.Stmt)
	note = func(s ast.Stmt) {
		var init ast.Stmt
		kind := ""
		switch x := s.(type) {
		case *ast.ForStmt:
			init, kind = x.Init, "a for"
		case *ast.IfStmt:
			init, kind = x.Init, "an if"
			if x.Else != nil {
				note(x.Else)
			}
		case *ast.SwitchStmt:
			init, kind = x.Init, "a switch"
		case *ast.TypeSwitchStmt:
			init, kind = x.Init, "a switch"
		case *ast.LabeledStmt:
			note(x.Stmt)
		}
		if as, ok := init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					scoped[id.Name] = kind
				}
			}
		}
	}
	for _, s := range body.List {
		note(s)
	}
	if len(scoped) == 0 {
		return token.NoPos, ""
	}
	skip := notReferences(f) // execute.go
	var use *ast.Ident
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && use == nil && id.Obj == nil && !skip[id] && scoped[id.Name] != "" && !cx.known(id.Name) {
			use = id
		}
		return use == nil
	})
	if use == nil {
		return token.NoPos, ""
	}
	return use.Pos(), fmt.Sprintf("undefined: %s (a variable the init of %s statement defines exists only in that statement; "+
		"define it before the statement to use it after)", use.Name, scoped[use.Name])
}

// misplacedBranches finds a break outside a for, switch or select, or a
// continue outside a for, without a label (yaegi checks labels).
func misplacedBranches(f *ast.File, _ *ast.BlockStmt, _ cellContext) (token.Pos, string) {
	type branchCtx struct{ breakable, loop bool }
	bodies := map[ast.Node]branchCtx{} // a body -> what a break or continue in it may leave
	stack := []branchCtx{{}}           // the context of each node entered
	var pos token.Pos
	text := ""
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if pos.IsValid() {
			return false
		}
		cur := stack[len(stack)-1]
		switch x := n.(type) {
		case *ast.FuncLit:
			bodies[x.Body] = branchCtx{}
		case *ast.ForStmt:
			bodies[x.Body] = branchCtx{true, true}
		case *ast.RangeStmt:
			bodies[x.Body] = branchCtx{true, true}
		case *ast.SwitchStmt:
			bodies[x.Body] = branchCtx{true, cur.loop}
		case *ast.TypeSwitchStmt:
			bodies[x.Body] = branchCtx{true, cur.loop}
		case *ast.SelectStmt:
			bodies[x.Body] = branchCtx{true, cur.loop}
		case *ast.BranchStmt:
			switch {
			case x.Label != nil:
			case x.Tok == token.BREAK && !cur.breakable:
				pos, text = x.Pos(), "break is not in a loop, switch, or select"
			case x.Tok == token.CONTINUE && !cur.loop:
				pos, text = x.Pos(), "continue is not in a loop"
			}
		}
		if c, ok := bodies[n]; ok {
			cur = c
		}
		stack = append(stack, cur)
		return true
	})
	return pos, text
}

// duplicateCases finds a constant case of an expression switch equal to
// an earlier one of the same switch, both written as literals (a named
// constant's value would need the types).
func duplicateCases(f *ast.File, _ *ast.BlockStmt, _ cellContext) (token.Pos, string) {
	var pos token.Pos
	text := ""
	ast.Inspect(f, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok || sw.Tag == nil || pos.IsValid() {
			return !pos.IsValid()
		}
		seen := map[string]bool{}
		for _, c := range sw.Body.List {
			for _, e := range c.(*ast.CaseClause).List {
				v, kind := literalValue(e)
				if v == nil {
					continue
				}
				// by the literal's kind: with an interface tag, 1 and 1.0
				// (an int and a float64), or 'a' and 97, are two cases
				key := kind.String() + " " + v.ExactString()
				if seen[key] {
					pos, text = e.Pos(), fmt.Sprintf("duplicate case %s in expression switch", v.ExactString())
					return false
				}
				seen[key] = true
			}
		}
		return true
	})
	return pos, text
}

// literalValue returns the constant a literal (with a sign) denotes and
// the literal's kind, or nil.
func literalValue(e ast.Expr) (constant.Value, token.Token) {
	neg := false
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.UnaryExpr:
			if x.Op != token.SUB && x.Op != token.ADD {
				return nil, 0
			}
			neg = neg != (x.Op == token.SUB)
			e = x.X
			continue
		case *ast.BasicLit:
			v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
			if v.Kind() == constant.Unknown || neg && v.Kind() == constant.String {
				return nil, 0
			}
			if neg {
				v = constant.UnaryOp(token.SUB, v, 0)
			}
			return v, x.Kind
		}
		return nil, 0
	}
}

// methodDecls finds, among the cell's declarations, a method declared
// twice for one type, a method named as a field of its struct type, or a
// method of a pointer or interface type, where the cell or an earlier
// one declares the type (yaegi took `func (t T) Name() string` in a
// later cell for a `T` with a field Name, and `t.Name` printed a func
// value).
func methodDecls(f *ast.File, _ *ast.BlockStmt, cx cellContext) (token.Pos, string) {
	typesOf := map[string]ast.Expr{} // the cell's types, by name
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, sp := range gd.Specs {
				ts := sp.(*ast.TypeSpec)
				typesOf[ts.Name.Name] = ts.Type
			}
		}
	}
	declared := map[string]bool{} // "T.M"
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Name.Name == "_" {
			continue
		}
		base := fd.Recv.List[0].Type
		if st, ok := base.(*ast.StarExpr); ok {
			base = st.X
		}
		if ix, ok := base.(*ast.IndexExpr); ok {
			base = ix.X
		} else if ix, ok := base.(*ast.IndexListExpr); ok {
			base = ix.X
		}
		id, ok := base.(*ast.Ident)
		if !ok {
			continue
		}
		key := id.Name + "." + fd.Name.Name
		if declared[key] {
			return fd.Name.Pos(), "method " + key + " already declared"
		}
		declared[key] = true
		t, inCell := typesOf[id.Name]
		if !inCell && cx.sessionType != nil {
			t = cx.sessionType(id.Name) // a type of an earlier cell
		}
		switch t := t.(type) {
		case *ast.StarExpr, *ast.InterfaceType:
			return id.Pos(), "invalid receiver type " + id.Name + " (pointer or interface type)"
		case *ast.StructType:
			for _, fl := range t.Fields.List {
				names := fl.Names
				if len(names) == 0 { // an embedded field, named by its type (jsonembed.go)
					names = []*ast.Ident{{Name: embeddedName(fl.Type)}}
				}
				for _, n := range names {
					if n.Name == fd.Name.Name {
						return fd.Name.Pos(), "field and method with the same name " + n.Name
					}
				}
			}
		}
	}
	return token.NoPos, ""
}

// shadowedResults finds a return without values, in a function with
// named results, where a declaration of an inner scope shadows one of
// them.
func shadowedResults(f *ast.File, _ *ast.BlockStmt, _ cellContext) (token.Pos, string) {
	var pos token.Pos
	text := ""
	var fn func(ft *ast.FuncType, body *ast.BlockStmt)
	// walk visits n, a node of a function with the named results results,
	// where shadow holds the results' names an inner declaration shadows.
	var walk func(n ast.Node, results map[string]bool, shadow map[string]bool)
	declare := func(shadow map[string]bool, results map[string]bool, ids ...ast.Expr) map[string]bool {
		for _, e := range ids {
			if id, ok := e.(*ast.Ident); ok && results[id.Name] {
				if _, ok := shadow[id.Name]; !ok {
					shadow = maps.Clone(shadow)
					if shadow == nil {
						shadow = map[string]bool{}
					}
					shadow[id.Name] = true
				}
			}
		}
		return shadow
	}
	defines := func(s ast.Stmt) []ast.Expr {
		switch x := s.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				return x.Lhs
			}
		case *ast.DeclStmt:
			var ids []ast.Expr
			for _, sp := range x.Decl.(*ast.GenDecl).Specs {
				switch sp := sp.(type) {
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						ids = append(ids, n)
					}
				case *ast.TypeSpec:
					ids = append(ids, sp.Name)
				}
			}
			return ids
		}
		return nil
	}
	// withInit walks init, a statement whose declarations scope over the
	// statement holding it, and returns shadow with them.
	withInit := func(init ast.Stmt, results map[string]bool, shadow map[string]bool) map[string]bool {
		if init == nil {
			return shadow
		}
		walk(init, results, shadow)
		return declare(shadow, results, defines(init)...)
	}
	walkList := func(list []ast.Stmt, results map[string]bool, shadow map[string]bool) {
		for _, s := range list {
			walk(s, results, shadow)
			shadow = declare(shadow, results, defines(s)...)
		}
	}
	walk = func(n ast.Node, results map[string]bool, shadow map[string]bool) {
		if pos.IsValid() || n == nil {
			return
		}
		switch x := n.(type) {
		case *ast.FuncLit:
			fn(x.Type, x.Body)
		case *ast.ReturnStmt:
			if len(x.Results) == 0 && len(shadow) > 0 {
				name := slices.Min(slices.Collect(maps.Keys(shadow)))
				pos, text = x.Pos(), fmt.Sprintf("result parameter %s not in scope at return (an inner declaration of %s shadows it; "+
					"return the value by name, or assign the result with = instead of defining a variable with :=)", name, name)
				return
			}
			for _, e := range x.Results {
				walk(e, results, shadow)
			}
		case *ast.BlockStmt:
			walkList(x.List, results, shadow)
		case *ast.IfStmt:
			shadow = withInit(x.Init, results, shadow)
			walk(x.Cond, results, shadow)
			walk(x.Body, results, shadow)
			walk(x.Else, results, shadow)
		case *ast.ForStmt:
			walk(x.Body, results, withInit(x.Init, results, shadow))
		case *ast.RangeStmt:
			walk(x.X, results, shadow)
			if x.Tok == token.DEFINE {
				shadow = declare(shadow, results, x.Key, x.Value)
			}
			walk(x.Body, results, shadow)
		case *ast.SwitchStmt:
			walk(x.Body, results, withInit(x.Init, results, shadow))
		case *ast.TypeSwitchStmt:
			walk(x.Body, results, withInit(x.Assign, results, withInit(x.Init, results, shadow)))
		case *ast.SelectStmt:
			walk(x.Body, results, shadow)
		case *ast.CaseClause:
			walkList(x.Body, results, shadow)
		case *ast.CommClause:
			walkList(x.Body, results, withInit(x.Comm, results, shadow))
		case *ast.LabeledStmt:
			walk(x.Stmt, results, shadow)
		default:
			ast.Inspect(n, func(m ast.Node) bool {
				if lit, ok := m.(*ast.FuncLit); ok {
					fn(lit.Type, lit.Body)
					return false
				}
				return !pos.IsValid()
			})
		}
	}
	fn = func(ft *ast.FuncType, body *ast.BlockStmt) {
		if body == nil || pos.IsValid() {
			return
		}
		results := map[string]bool{}
		if ft.Results != nil {
			for _, fl := range ft.Results.List {
				for _, n := range fl.Names {
					if n.Name != "_" {
						results[n.Name] = true
					}
				}
			}
		}
		for _, s := range body.List {
			// the body's own block is the results' scope: `a, err :=
			// f()` there assigns err, in Go as here
			walk(s, results, nil)
		}
	}
	for _, d := range f.Decls {
		switch x := d.(type) {
		case *ast.FuncDecl:
			fn(x.Type, x.Body)
		default:
			walk(x, nil, nil)
		}
	}
	return pos, text
}
