package gosession

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strconv"
)

// ErrUnsupported marks Go that the session cannot run on yaegi v0.16.1; its
// message says what to write instead.
var ErrUnsupported = errors.New("not supported by the interpreter")

// scope answers what the rewriter needs to know about the session.
type scope interface {
	// globalType returns the type of a session-level name when known:
	// a type expression, or nil.
	globalType(name string) ast.Expr
	// isPackage reports whether name is an imported package.
	isPackage(name string) bool
}

// rewriter bridges Go 1.22+ syntax to what yaegi runs, on a parsed cell
// group. It is written for this package (no code from yaegi or elsewhere).
type rewriter struct {
	fset  *token.FileSet
	sc    scope
	where func(line int) string // names a line for messages
	n     int                   // counter for fresh names
	err   error
	// madeLoops holds the loops loopVars built (not to be rewritten
	// again), loopScoped the statements it returned, which need a function
	// scope at the top level of a cell (see loopvar.go).
	madeLoops  map[ast.Stmt]bool
	loopScoped map[ast.Stmt]bool
	// localTypes holds the types of names the rewriter made, when known.
	localTypes map[string]ast.Expr
	// typing holds the declarations identType is reading, so that an
	// initializer naming its own variable (`var y = e(y)`, an
	// initialization cycle the checker reports) ends the lookup instead
	// of overflowing the stack, which ended the kernel (found by
	// FuzzRewrite).
	typing map[*ast.Object]bool
	// madeDefers holds the defer statements deferStmt has done.
	madeDefers map[*ast.DeferStmt]bool
	// bins holds the compiled types of the variables a statement group
	// defines from compiled values (see binTyper), for record.
	bins map[string]reflect.Type
	// named holds the concrete types of the session and the cell (see
	// ifaceguard.go).
	named map[string]*namedType
	// retired holds the old versions of the session's types, made on
	// first use (retiredtypes.go).
	retired []*namedType
	// seenInstances holds the instances of generic types printInstances
	// reads (instanceprint.go), made on first use.
	seenInstances []ast.Expr
	// instanceTexts holds instancesSeen's result, made on first use.
	instanceTexts []string
	// generics holds the generic types of the session and the cell
	// (genericinst.go).
	generics map[string]*genericDecl
	// origin holds what the checks of ifaceorigin.go gather.
	origin *originState
	// typeChecks holds the comparisons ifaceeq.go keeps only for the
	// interpreter's type check (not to be rewritten again).
	typeChecks map[*ast.BinaryExpr]bool
	// structWraps holds the calls sourcestructwrap.go made of a struct
	// value's conversion to a compiled interface, with the value: the
	// print rewrites look through them (fmtconv.go).
	structWraps map[*ast.CallExpr]ast.Expr
	// oracle knows the static types of the group's nodes as go/types
	// gives them before the rewrites (typecheck.go); nil knows nothing.
	oracle *typeOracle
	// root is the node rewrite works on (see rangefunc.go).
	root ast.Node
	// logicLeft holds the calls in left operands of || and && under root
	// (negzeroarg.go's logicLeftCalls), made on first use.
	logicLeft map[*ast.CallExpr]bool
	// promoted holds the json calls whose value jsonPromote gives the
	// runtime's Promote, with the value's index (jsonembed.go).
	promoted map[*ast.CallExpr]promotedCall
	// hidden holds the packages the rewrites name under hidden names, by
	// path (slogargs.go, pkgName); prepareGroup imports them.
	hidden map[string]string
	// tagCases holds the comparisons of a switch's interface tag with its
	// cases, checked once the origins are noted (ifaceswitch.go).
	tagCases []*ast.BinaryExpr
}

func (r *rewriter) fresh(base string) string {
	r.n++
	return fmt.Sprintf("_activis%s%d", base, r.n)
}

func (r *rewriter) fail(pos token.Pos, format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("%s: %s: %w", r.place(pos), fmt.Sprintf(format, args...), ErrUnsupported)
	}
}

// place names the line of pos for messages: "In[3] line 4" (see where).
func (r *rewriter) place(pos token.Pos) string { return linePlace(r.fset, r.where, pos) }

// linePlace names the line of pos with where, or as "line N" without it.
func linePlace(fset *token.FileSet, where func(int) string, pos token.Pos) string {
	line := fset.Position(pos).Line
	if where == nil {
		return fmt.Sprintf("line %d", line)
	}
	return where(line)
}

// rewrite applies every bridge to n in place.
func (r *rewriter) rewrite(n ast.Node) error {
	r.root = n
	r.redeclaredDefs(n)           // see redeclvar.go; first: it reads the parser's objects
	hoistRecovers(n)              // see recovered.go; before the rewrites that put operands into function literals
	r.refuseShadowingTypes(n)     // see localtype.go
	r.refuseRecursiveFuncTypes(n) // see recfunctype.go
	r.refuseBlankFields(n)        // see blankfields.go
	blankVars(n)                  // see blankvar.go
	zeroNamedResults(n)           // see namedzero.go
	nameGenericReceivers(n)       // see recvname.go
	r.defaultLast(n)              // see defaultlast.go
	r.rangeAssigns(n)             // see rangeassign.go
	caseLabels(n)                 // see caselabel.go
	cellLabels(n)                 // see labelname.go
	r.bigConsts(n)                // see bigconst.go
	r.ptrZeros(n)                 // see ptrzero.go
	r.recursiveLits(n)            // see recursivelit.go
	typeParamLits(n)              // see typeparamlit.go
	r.typeParamConversions(n)     // see typeparamconv.go
	r.preInstances(n)             // see preinstance.go
	r.genericVarValues(n)         // see genericvalue.go
	r.tupleVars(n)                // see tuplevar.go
	if f, ok := n.(*ast.File); ok {
		markStructTypes(f)     // see structmark.go
		varInitOrder(f)        // see varinit.go
		orderGenericMethods(f) // see methodorder.go
		hoistMethods(f)        // see methodhoist.go
		boolVars(f)            // see boolvar.go
		r.localAliases(f)      // see localalias.go
		r.cycleOrderVars(f)    // see cyclevar.go
	}

	r.loggerFatals(n)       // see logfatal.go; before other rewrites copy the selectors
	r.iterSeqTypes(n)       // see iterseq.go
	r.modernPkgs(n)         // see modernpkg.go
	r.pkgFloatConsts(n)     // see pkgconst.go
	r.typedConsts(n)        // see typedconst.go; before constRepeats
	r.constRepeats(n)       // see constrepeat.go
	r.minMaxConsts(n)       // see minmax.go
	r.complexConsts(n)      // see complexparts.go
	r.methodExprs(n)        // see methodexpr.go
	r.refuseGenericKeys(n)  // see genericeq.go
	r.boundInstances(n)     // see boundinstance.go
	r.ifaceStructCopies(n)  // see structcopy.go; before the rewrites that wrap such stores
	r.ifaceInLoops(n)       // see ifaceloop.go
	r.sliceComparisons(n)   // see slicecmp.go
	r.appendNils(n)         // see appendnil.go
	jsonUnexportedAll(n)    // see jsonfields.go; before the notes, which read tags
	labelledReturns(n)      // see gotoreturn.go
	r.unnamedStructs(n)     // see namedstruct.go
	r.tupleIndexKeys(n)     // see tupleassign.go
	r.tupleNils(n)          // see tuplenil.go
	recoverValues(n)        // see recovered.go
	r.namedResultReturns(n) // see namedreturn.go
	r.switchCaseLists(n)    // see switchcases.go
	r.switchInits(n)        // see switchinit.go; after switchCaseLists, which moves some inits
	r.selectOperands(n)     // see selectoperands.go
	r.noteOrigins(n)        // see ifaceorigin.go
	r.checkTagCases()       // see ifaceswitch.go; after the notes, which it reads
	r.noteUnnamedStructs(n) // see ifaceeq.go
	r.assertWraps(n)        // see assertwrap.go
	r.sourceStructWraps(n)  // see sourcestructwrap.go
	if len(r.structWraps) > 0 {
		r.selectOperands(n) // again, for sourceStructWraps' calls in select cases: see selectoperands.go
	}
	r.errorConversions(n) // see errorconv.go; after the notes, which read the conversions
	r.nilIfaceAnys(n)     // see nilifaceany.go; so too
	ast.Inspect(n, func(m ast.Node) bool {
		if m != nil {
			r.blankIfaceAssert(m)    // see ifaceimpl.go
			r.compiledIfaceFields(m) // see compiledlit.go
			r.ifaceAssertFields(m)   // see assertiface.go
			r.ifaceMapKey(m)         // see ifacemapkey.go
		}
		switch x := m.(type) {
		case *ast.File:
			x.Decls = r.splitGenericFileDecls(x.Decls) // see typedvarcall.go
			r.noteCellTypes(x)                         // see ifaceguard.go
			r.embeddedIfaceForwarders(x)               // see embedforward.go
		case *ast.TypeAssertExpr:
			r.guardAssert(x)
			r.refuseInstanceAssert(x.Type) // see instanceassert.go
		case *ast.TypeSwitchStmt:
			r.refuseInstanceCases(x)
		case *ast.BlockStmt:
			x.List = r.splitGenericDecls(r.stmts(x.List)) // see typedvarcall.go
		case *ast.CaseClause:
			x.Body = r.splitGenericDecls(r.stmts(x.Body))
		case *ast.CommClause:
			r.commVars(x)
			x.Body = r.splitGenericDecls(r.stmts(x.Body))
		case *ast.RangeStmt:
			r.chanElemRange(x) // see rangechan.go
		case *ast.AssignStmt, *ast.ValueSpec:
			if as, ok := x.(*ast.AssignStmt); ok {
				r.ifaceLitStore(as) // see ifacestore.go
			}
			r.nilIfaceAssign(x) // see niliface.go
			r.structCopies(x)
			r.methodValues(x)
			r.fieldOperands(x) // see fieldoperand.go
			r.shiftCounts(x)   // see shiftcount.go
			r.runeDefaults(x)  // see constexpr.go
			r.anyOperands(x)   // see anyoperand.go
			if vs, ok := x.(*ast.ValueSpec); ok {
				r.typedGenericVars(vs) // see typedvarcall.go; last: the rules above read the value as written
			}
		case *ast.FuncDecl:
			r.nilIfaceFunc(x.Type, x.Body)
			r.anyResults(x.Type, x.Body)  // see anyresult.go
			r.errorParams(x.Type, x.Body) // see errorparam.go
		case *ast.FuncLit:
			r.nilIfaceFunc(x.Type, x.Body)
			r.anyResults(x.Type, x.Body)
			r.errorParams(x.Type, x.Body)
		case *ast.ReturnStmt, *ast.CompositeLit:
			r.funcValues(x) // see funcvalue.go
			r.methodValues(x)
			r.nilIfaceAssign(x)
		case *ast.BinaryExpr:
			r.constValues(x) // see constexpr.go
			r.shiftCounts(x) // see shiftcount.go
			r.shiftTypes(x)  // see shiftoperand.go
			r.compare(x)     // see compare.go
		case *ast.SelectorExpr:
			r.embeddedIfaceMethod(x) // see embediface.go
			r.ifaceConvSelector(x)   // see ifaceconvsel.go
		case *ast.IndexExpr:
			r.instantiable(x.X) // see recursivegeneric.go
		case *ast.IndexListExpr:
			r.instantiable(x.X)
		case *ast.CallExpr:
			parenCallee(x)          // see parencallee.go
			r.dropTypeArg(x)        // see typeargdrop.go
			r.offsetof(x)           // see offsetof.go
			r.unsafeCalls(x)        // see unsafefuncs.go
			r.funcValues(x)         // see funcvalue.go
			r.newValue(x)           // see newexpr.go
			r.nilSpread(x)          // see nilspread.go
			r.constFormat(x)        // see constformat.go
			r.indexedFormat(x)      // see fmtindex.go; after constFormat, before the print rewrites
			r.formatOperands(x)     // see formatoperand.go
			r.runtimeFormat(x)      // see runtimeformat.go; a format in a variable, read by spreadPrint
			r.logPrint(x)           // see logprint.go; first: the fmt rewrites apply to what it makes
			r.appendPrint(x)        // see appendprint.go; so too
			r.logOutput(x)          // see logoutput.go
			r.genericStringers(x)   // see genericstringer.go; first: what it writes is not refused
			r.refuseGenericPrint(x) // see genericprint.go
			r.callResults(x)        // see callresult.go
			r.sourceCallResults(x)  // see sourcetypes.go
			r.sourceNumVerbs(x)
			r.jsonEmbedded(x)         // see jsonfields.go
			r.refuseEncoderCall(x)    // see marshalers.go
			r.encodeOperand(x)        // see encodeoperand.go
			r.deepEqualOperand(x)     // see deepequal.go
			r.templateOperand(x)      // see encodeoperand.go
			r.keepIfaceArgs(x)        // see keepiface.go
			r.jsonPromote(x)          // see jsonembed.go; after the rewrites above read the value
			r.refuseReflectDump(x)    // see dumpprint.go
			r.refuseReflectTypeOf(x)  // see reflecttype.go
			r.dropIfaceConversions(x) // see fmtconv.go; before the print rewrites
			spacing := r.printSpaceHints(x)
			r.typeParamSlicePrint(x)  // see typeparamprint.go
			r.refuseIfaceNested(x)    // see ifacenested.go
			r.refuseFormatters(x)     // see nestedformatter.go
			r.refuseNestedStringer(x) // see nestedstringer.go
			r.ctxKeys(x)              // see ctxkey.go
			r.numVerbs(x)             // see numverb.go
			r.fmtTypes(x)             // see fmttype.go
			r.printSpaced(x, spacing) // see printspace.go
			r.structCopies(x)
			r.methodValues(x)
			r.minMax(x)
			r.panicLine(x)
			r.typeArgs(x)
			r.pkgTypeArgs(x) // see pkgtypeargs.go
			r.errorWrap(x)
			r.asyncCallback(x) // see gostart.go
			r.nilIfaceAssign(x)
			r.genericNilArgs(x)     // see genericnil.go
			r.originCall(x)         // see ifaceorigin.go
			r.negZeroArgs(x)        // see negzeroarg.go
			r.displayArgs(x)        // see displayiface.go
			r.slogArgs(x)           // see slogargs.go
			r.parenIfaceCallArgs(x) // see ifacecallarg.go
		}
		return true
	})
	r.listCallElems(n)      // see listcallelem.go; after typeArgs
	r.promotedPtrAsserts(n) // see promotedassert.go
	r.pkgVars(n)            // see pkgvar.go; last: the rules above read the selectors as written
	return r.err
}

// panicLine marks a call of the panic builtin with its line for the
// traceback: panic(v) becomes panic(_activisPanicAt(line, v)).
func (r *rewriter) panicLine(c *ast.CallExpr) {
	id, ok := c.Fun.(*ast.Ident)
	if !ok || id.Name != "panic" || id.Obj != nil || len(c.Args) != 1 || r.sc.globalType("panic") != nil {
		return
	}
	if inner, ok := c.Args[0].(*ast.CallExpr); ok {
		if f, ok := inner.Fun.(*ast.Ident); ok && f.Name == "_activisPanicAt" {
			return // already marked
		}
	}
	line := r.fset.Position(c.Pos()).Line
	c.Args[0] = &ast.CallExpr{Fun: &ast.Ident{NamePos: c.Pos(), Name: "_activisPanicAt"}, Lparen: c.Lparen,
		Args: []ast.Expr{&ast.BasicLit{ValuePos: c.Lparen, Kind: token.INT, Value: strconv.Itoa(line)}, c.Args[0]}, Rparen: c.Rparen}
}

// stmts rewrites a statement list: range over int and over functions, and
// go statements.
func (r *rewriter) stmts(list []ast.Stmt) []ast.Stmt {
	out := list[:0:0]
	for _, s := range list {
		out = append(out, r.stmt(s))
		if z := r.zeroOnMiss(s); z != nil {
			out = append(out, z)
		}
		if e := r.errorIntoAny(s); e != nil { // see errorparam.go
			out = append(out, e)
		}
	}
	return out
}

// zeroOnMiss works around a yaegi fault: `v, ok := m[k]` and
// `v, ok := x.(T)` leave v as it was when ok is false (in a loop, the
// previous iteration's value) instead of setting the zero value. For such
// a statement it returns `if !ok { _activisZero(&v) }` (naming a blank ok),
// or nil.
func (r *rewriter) zeroOnMiss(s ast.Stmt) ast.Stmt {
	as, ok := s.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
		return nil
	}
	switch x := unparen(as.Rhs[0]).(type) {
	case *ast.IndexExpr:
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return nil
		}
	default:
		return nil
	}
	v, ok := as.Lhs[0].(*ast.Ident)
	if !ok || v.Name == "_" {
		return nil
	}
	okID, isID := as.Lhs[1].(*ast.Ident)
	if !isID {
		return nil
	}
	if okID.Name == "_" {
		if as.Tok != token.DEFINE {
			return nil
		}
		okID = &ast.Ident{NamePos: okID.NamePos, Name: r.fresh("OK")}
		as.Lhs[1] = okID
	}
	pos := as.Pos()
	return &ast.IfStmt{If: pos,
		Cond: &ast.UnaryExpr{OpPos: pos, Op: token.NOT, X: &ast.Ident{NamePos: pos, Name: okID.Name}},
		Body: &ast.BlockStmt{Lbrace: pos, Rbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
			Fun: &ast.Ident{NamePos: pos, Name: "_activisZero"}, Lparen: pos, Rparen: pos,
			Args: []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.Ident{NamePos: pos, Name: v.Name}}}}}}}}
}

func (r *rewriter) stmt(s ast.Stmt) ast.Stmt {
	if out := r.selectBreaks(s); out != s {
		return out
	}
	var label *ast.Ident
	inner := s
	if l, ok := s.(*ast.LabeledStmt); ok {
		label, inner = l.Label, l.Stmt
	}
	switch x := inner.(type) {
	case *ast.RangeStmt:
		if out := r.rangeStmt(x, label); out != nil {
			return out
		}
		return r.loopVars(s)
	case *ast.ForStmt:
		return r.loopVars(s)
	case *ast.TypeSwitchStmt:
		return r.typeSwitch(s, x)
	case *ast.ReturnStmt:
		if out := r.returnGenericCall(x); out != nil { // see returncall.go
			return out
		}
		return r.returnRecv(x)
	case *ast.DeferStmt:
		if label == nil {
			return r.deferStmt(x)
		}
	case *ast.GoStmt:
		return r.goStmt(x) // see gostart.go
	}
	return s
}

func withLabel(label *ast.Ident, s ast.Stmt) ast.Stmt {
	if label == nil {
		return s
	}
	return &ast.LabeledStmt{Label: label, Stmt: s}
}

// rangeStmt rewrites a range statement yaegi cannot run, or returns nil.
func (r *rewriter) rangeStmt(x *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	r.rangeArrayPointer(x) // see rangearrayptr.go
	if out := r.rangeKnownIter(x, label); out != nil {
		return out
	}
	if out := r.rangeString(x, label); out != nil { // see rangestring.go
		return out
	}
	t := r.typeOf(x.X)
	if t == nil {
		// The oracle's type has no positions: the interpreter resolves a
		// package name by the file of its position (`func(yield
		// func(ast.Node) bool)` of ast.Preorder failed to compile).
		if t = r.oracle.funcExpr(x.X); t != nil { // see rangefunc.go
			t = setPositions(t, x.For)
		}
	}
	switch {
	case isIntType(t), r.rangeNamedInt(x): // see rangefunc.go
		return r.rangeInt(x, label)
	case t != nil:
		if ft := funcType(t); ft != nil {
			return r.rangeFunc(x, label, ft)
		}
	}
	return nil
}

// rangeInt turns `for i := range n {…}` into
// `{ _n := n; for i := _n - _n; i < _n; i++ {…} }` (i gets n's type).
func (r *rewriter) rangeInt(x *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	n := ast.NewIdent(r.fresh("N"))
	r.setLocalType(n.Name, r.typeOf(x.X))
	key := x.Key
	tok := x.Tok
	if key == nil || isBlank(key) {
		key = ast.NewIdent(r.fresh("I"))
		tok = token.DEFINE
	}
	zero := &ast.BinaryExpr{X: n, Op: token.SUB, Y: ast.NewIdent(n.Name)}
	loop := &ast.ForStmt{
		For:  x.For,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{key}, Tok: tok, Rhs: []ast.Expr{zero}},
		Cond: &ast.BinaryExpr{X: cloneIdentOrExpr(key), Op: token.LSS, Y: ast.NewIdent(n.Name)},
		Post: &ast.IncDecStmt{X: cloneIdentOrExpr(key), Tok: token.INC},
		Body: x.Body,
	}
	return &ast.BlockStmt{List: []ast.Stmt{
		&ast.AssignStmt{Lhs: []ast.Expr{n}, Tok: token.DEFINE, Rhs: []ast.Expr{x.X}},
		withLabel(label, loop),
	}}
}

// rangeKnownIter rewrites ranging over the iterators of slices and maps
// (slices.All/Values/Backward, maps.Keys/Values/All) to ranging over the
// slice or map itself.
func (r *rewriter) rangeKnownIter(x *ast.RangeStmt, label *ast.Ident) ast.Stmt {
	call, ok := x.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || (pkg.Name != "slices" && pkg.Name != "maps") || !r.sc.isPackage(pkg.Name) {
		return nil
	}
	arg := call.Args[0]
	switch pkg.Name + "." + sel.Sel.Name {
	case "slices.All", "maps.All":
		return withLabel(label, &ast.RangeStmt{For: x.For, Key: x.Key, Value: x.Value, Tok: x.Tok, X: arg, Body: x.Body})
	case "slices.Values", "maps.Values":
		if x.Key == nil {
			return withLabel(label, &ast.RangeStmt{For: x.For, X: arg, Body: x.Body})
		}
		return withLabel(label, &ast.RangeStmt{For: x.For, Key: ast.NewIdent("_"), Value: x.Key, Tok: x.Tok, X: arg, Body: x.Body})
	case "maps.Keys":
		return withLabel(label, &ast.RangeStmt{For: x.For, Key: x.Key, Tok: x.Tok, X: arg, Body: x.Body})
	case "slices.Backward":
		s := ast.NewIdent(r.fresh("S"))
		i := ast.NewIdent(r.fresh("I"))
		body := x.Body
		var pre []ast.Stmt
		if x.Key != nil && !isBlank(x.Key) {
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{x.Key}, Tok: x.Tok, Rhs: []ast.Expr{ast.NewIdent(i.Name)}})
		}
		if x.Value != nil && !isBlank(x.Value) {
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{x.Value}, Tok: x.Tok,
				Rhs: []ast.Expr{&ast.IndexExpr{X: ast.NewIdent(s.Name), Index: ast.NewIdent(i.Name)}}})
		}
		body = &ast.BlockStmt{Lbrace: body.Lbrace, List: append(pre, body.List...), Rbrace: body.Rbrace}
		loop := &ast.ForStmt{
			For: x.For,
			Init: &ast.AssignStmt{Lhs: []ast.Expr{i}, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.BinaryExpr{
				X: &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{ast.NewIdent(s.Name)}}, Op: token.SUB, Y: intLit(1)}}},
			Cond: &ast.BinaryExpr{X: ast.NewIdent(i.Name), Op: token.GEQ, Y: intLit(0)},
			Post: &ast.IncDecStmt{X: ast.NewIdent(i.Name), Tok: token.DEC},
			Body: body,
		}
		return &ast.BlockStmt{List: []ast.Stmt{
			&ast.AssignStmt{Lhs: []ast.Expr{s}, Tok: token.DEFINE, Rhs: []ast.Expr{arg}},
			withLabel(label, loop),
		}}
	}
	return nil
}

// minMax adapts calls of the min and max builtins (supplied by the
// prelude as generic functions) to yaegi's type inference: when one
// argument is an untyped float literal, integer literals become float
// and float literals are converted to float64 so that the type parameter is
// float64, as Go would make it.
func (r *rewriter) minMax(c *ast.CallExpr) {
	id, ok := c.Fun.(*ast.Ident)
	if !ok || (id.Name != "min" && id.Name != "max") || id.Obj != nil || r.sc.globalType(id.Name) != nil {
		return
	}
	if r.minMaxNamed(c) { // see minmax.go
		return
	}
	hasFloat := false
	for _, a := range c.Args {
		if b, ok := unparen(a).(*ast.BasicLit); ok && b.Kind == token.FLOAT {
			hasFloat = true
		}
	}
	if !hasFloat || r.minMaxTypes(c) { // see minmax.go
		return
	}
	for i, a := range c.Args {
		if b, ok := unparen(a).(*ast.BasicLit); ok && (b.Kind == token.INT || b.Kind == token.FLOAT) {
			c.Args[i] = &ast.CallExpr{Fun: ast.NewIdent("float64"), Args: []ast.Expr{a}}
		}
	}
}

// typeOf returns a type expression for e when the syntax (and the session)
// tell it, or nil. It knows enough for the bridges: integers and functions.
func (r *rewriter) typeOf(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return r.typeOf(x.X)
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return ast.NewIdent("int")
		case token.FLOAT:
			return ast.NewIdent("float64")
		case token.STRING:
			return ast.NewIdent("string")
		case token.CHAR:
			return ast.NewIdent("rune")
		}
	case *ast.FuncLit:
		return x.Type
	case *ast.CompositeLit:
		return x.Type
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			if t := r.typeOf(x.X); t != nil {
				return &ast.StarExpr{X: t}
			}
			return nil
		}
		if x.Op == token.SUB || x.Op == token.ADD || x.Op == token.XOR {
			return r.typeOf(x.X)
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR, token.AND_NOT:
			if t := r.typeOf(x.X); t != nil {
				return t
			}
			return r.typeOf(x.Y)
		case token.SHL, token.SHR:
			return r.typeOf(x.X)
		}
	case *ast.Ident:
		return r.identType(x)
	case *ast.CallExpr:
		switch f := unparen(x.Fun).(type) {
		case *ast.Ident:
			if f.Obj == nil {
				switch f.Name {
				case "len", "cap", "copy":
					return ast.NewIdent("int")
				case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "rune", "byte":
					return ast.NewIdent(f.Name)
				}
			}
			if len(x.Args) == 1 && r.isConcreteType(f) {
				return f // a conversion to a declared type
			}
			if ft, ok := r.identType(f).(*ast.FuncType); ok && ft.TypeParams != nil {
				// A result type that names type parameters, with them
				// replaced (or nil); one that names none is the declared
				// one (F[T I](x T) I: typeparam/devirtualize2.go failed
				// with a copy of it).
				if _, isParam := typeParamNames(ft); resultType(ft) != nil && mentions(resultType(ft), isParam) {
					return r.genericResult(x)
				}
			}
			return resultType(r.identType(f))
		case *ast.FuncLit:
			return resultType(f.Type)
		case *ast.SelectorExpr:
			return resultType(r.typeOf(f))
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil {
			return r.sc.globalType(id.Name + "." + x.Sel.Name)
		}
	}
	return nil
}

// identType returns the declared type of an identifier: from its local
// declaration in the cell, or from the session.
func (r *rewriter) identType(id *ast.Ident) ast.Expr {
	if id.Obj == nil {
		if t := r.localTypes[id.Name]; t != nil {
			return t
		}
		return r.sc.globalType(id.Name)
	}
	if r.typing[id.Obj] {
		return nil
	}
	if r.typing == nil {
		r.typing = map[*ast.Object]bool{}
	}
	r.typing[id.Obj] = true
	defer delete(r.typing, id.Obj)
	switch d := id.Obj.Decl.(type) {
	case *ast.Field:
		return d.Type
	case *ast.ValueSpec:
		if d.Type != nil {
			return d.Type
		}
		for i, n := range d.Names {
			if n.Name == id.Name && i < len(d.Values) && len(d.Values) == len(d.Names) {
				return r.typeOf(d.Values[i])
			}
		}
	case *ast.AssignStmt:
		if len(d.Lhs) != len(d.Rhs) {
			return nil
		}
		for i, l := range d.Lhs {
			if li, ok := l.(*ast.Ident); ok && li.Name == id.Name {
				if d.Rhs[i] == ast.Expr(id) {
					return nil
				}
				return r.typeOf(d.Rhs[i])
			}
		}
	case *ast.FuncDecl:
		return d.Type
	}
	return nil
}

// resultType returns the single result type of a function type, or nil.
func resultType(t ast.Expr) ast.Expr {
	ft := funcType(t)
	if ft == nil || ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return nil
	}
	return ft.Results.List[0].Type
}

// funcType returns t as a function type, looking through iter.Seq and
// iter.Seq2 instantiations.
func funcType(t ast.Expr) *ast.FuncType {
	switch x := t.(type) {
	case *ast.FuncType:
		return x
	case *ast.ParenExpr:
		return funcType(x.X)
	case *ast.IndexExpr: // iter.Seq[V]
		if isSeq(x.X, "Seq") {
			return yieldOf(x.Index)
		}
	case *ast.IndexListExpr: // iter.Seq2[K, V]
		if isSeq(x.X, "Seq2") {
			return yieldOf(x.Indices...)
		}
	}
	return nil
}

func isSeq(e ast.Expr, name string) bool {
	s, ok := e.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := s.X.(*ast.Ident)
	return ok && id.Name == "iter" && s.Sel.Name == name
}

// yieldOf builds func(yield func(ts...) bool).
func yieldOf(ts ...ast.Expr) *ast.FuncType {
	var fields []*ast.Field
	for _, t := range ts {
		fields = append(fields, &ast.Field{Type: t})
	}
	yield := &ast.FuncType{Params: &ast.FieldList{List: fields},
		Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}}
	return &ast.FuncType{Params: &ast.FieldList{List: []*ast.Field{{Names: []*ast.Ident{ast.NewIdent("yield")}, Type: yield}}}}
}

// isIntType reports whether t names a predeclared integer type.
func isIntType(t ast.Expr) bool {
	id, ok := t.(*ast.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "rune", "byte":
		return true
	}
	return false
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

func isConstLit(e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return isConstLit(x.X)
	case *ast.BinaryExpr:
		return isConstLit(x.X) && isConstLit(x.Y)
	}
	return false
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

func intLit(n int) *ast.BasicLit {
	return &ast.BasicLit{Kind: token.INT, Value: strconv.Itoa(n)}
}

// cloneIdentOrExpr returns a fresh identifier for an identifier (AST nodes
// must not be shared) and e itself otherwise.
func cloneIdentOrExpr(e ast.Expr) ast.Expr {
	if id, ok := e.(*ast.Ident); ok {
		return ast.NewIdent(id.Name)
	}
	return e
}

// setLocalType records the type of a name the rewriter made.
func (r *rewriter) setLocalType(name string, t ast.Expr) {
	if t == nil {
		return
	}
	if r.localTypes == nil {
		r.localTypes = map[string]ast.Expr{}
	}
	r.localTypes[name] = t
}
