package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"go/version"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Go statements of third-party packages start their goroutines through
// compiled code too.
//
// A package interpreted from source (modules.go) is read by yaegi through
// the session's source file system (buildFS), not through the cell
// rewriter, so its go statements were yaegi's own: a panic in such a
// goroutine ended the kernel process, and the frame-slot race of
// gostart.go applied. buildFS serves every package file with its go
// statements rewritten as calls of the compiled goStartAt (the export
// `GoAt` of the session's runtime package, imported by the file under the
// name `_activisrt` on its package line):
//
//	go func(x int) { body }(v)
//	  → _activisrt.GoAt("example.com/m/p/f.go:12", func(x int) func() { return func() { body } }(v))
//	go w.run(a, b)
//	  → _activisrt.GoAt("example.com/m/p/f.go:12", func() func() { _activisF, _activisA0, _activisA1 := w.run, a, b; return func() { _activisF(_activisA0, _activisA1) } }())
//
// The function (a method value binds its receiver), and the arguments are
// evaluated at the go statement, as Go specifies; a function declared at
// package level, an imported package's function and a builtin are called
// by name (a generic function cannot be a value without its type
// arguments). The rewrite edits the text, never adding or removing a line,
// so positions in errors stay the file's own.

// pkgRuntimeName is the name under which a rewritten package file imports
// the session's runtime package.
const pkgRuntimeName = "_activisrt"

// rewritePackageGo returns src, the Go file name of an interpreted
// package, with its go statements started by goStartAt and the function
// literals it passes to compiled packages made by a call of their own (see
// madeByCall: `pkg.F(func(…) {…})` becomes `pkg.F(func() func(…) {
// return func(…) {…} }())` on the same line). A file with neither, or one
// that does not parse (yaegi reports the error), is returned as it is.
func rewritePackageGo(name string, src []byte) []byte {
	var fset *token.FileSet
	var f *ast.File
	pt := packageTypes(name, src) // see pkgtypes.go
	if pt != nil {
		fset, f = pt.fset, pt.files[name]
	} else {
		fset = token.NewFileSet()
		var err error
		if f, err = parser.ParseFile(fset, name, src, 0); err != nil {
			return src
		}
	}
	imports := map[string]string{}
	checked := map[string]string{} // import path -> package name, as the type check found them
	if pt != nil && pt.pkg != nil {
		for _, ip := range pt.pkg.Imports() {
			checked[ip.Path()] = ip.Name()
		}
	}
	for _, im := range f.Imports {
		p, err := strconv.Unquote(im.Path.Value)
		if err != nil {
			continue
		}
		switch {
		case im.Name != nil:
			imports[im.Name.Name] = p
		case checked[p] != "":
			imports[checked[p]] = p
		default:
			imports[importName(p)] = p
		}
	}
	base := fset.File(f.Pos()).Base()
	w := &pkgGoWriter{fset: fset, src: src, base: base, imports: imports, at: packagePosName(name), types: pt,
		before: map[int]string{}, after: map[int]string{}, repl: map[int]pkgRepl{}}
	w.file = f
	w.perIter = version.Compare(fileGoVersion(name), perIterationLoops) >= 0 // see pkgloopvar.go
	w.src = w.renameLocalTypes(f)                                            // see pkglocaltype.go
	var label *ast.LabeledStmt
	labelOn := func(s ast.Stmt) *ast.LabeledStmt { // the label of s, or nil
		if label != nil && label.Stmt == s {
			return label
		}
		return nil
	}
	called := map[ast.Expr]bool{} // the functions of the calls met (pkgmethodvalue.go)
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok {
			w.modernVarInit(g) // see pkgmodern.go
			w.varInitDeps(g)   // see pkgvarinit.go
			w.boolVars(g)      // see boolvar.go
			w.tupleVars(g)     // see tuplevar.go
			w.indexVarTypes(g) // see pkgvartype.go
		}
	}
	w.importRenames(f)              // see pkgimportname.go
	w.blankVars(f)                  // see blankvar.go
	w.ifaceLoops(f)                 // see pkgifaceloop.go
	w.appendNils(f)                 // see pkgappendnil.go
	w.bigConsts(f)                  // see bigconst.go
	w.pkgHoistMethods(f)            // see methodhoist.go
	w.funcTypeFields(f)             // see pkgfuncfield.go
	w.recFuncBoxes(f)               // see pkgrecfunc.go
	w.laterInstanceAliases(f, name) // see pkginstorder.go
	w.cycleOrderDecls(f)            // see pkgcycleorder.go
	w.embedVars(f, name)            // see pkgembed.go
	ast.Inspect(f, func(n ast.Node) bool {
		w.pkgSimpleTupleNils(n) // see tuplenil.go
		switch x := n.(type) {
		case *ast.LabeledStmt:
			label = x
			w.selectBreaks(x) // see pkgselect.go
			return true
		case *ast.SelectStmt:
			if labelOn(x) == nil {
				w.selectOperands(x)
			}
		case *ast.FuncDecl:
			w.namedReturns(x.Type, x.Body) // see pkgreturn.go
			if w.types != nil {
				w.pkgReturnTuples(funcSignature(x, w.types.info)) // see tupleiface.go
			}
			w.zeroResults(x.Type, x.Body)                  // see namedzero.go
			w.nameGenericReceiver(x)                       // see recvname.go
			w.sigAliases(x.Type.TypeParams, x.Type.Params) // see pkgsigalias.go
			w.methodSigAliases(x)
			w.pkgTypeParamLits(x)        // see typeparamlit.go
			w.pkgTypeParamConversions(x) // see typeparamconv.go
		case *ast.TypeSpec:
			w.sigAliases(x.TypeParams, nil)
			w.markStruct(x) // see pkglookalike.go; before its struct's unexportedTags
		case *ast.FuncLit:
			w.namedReturns(x.Type, x.Body)
			if w.types != nil {
				w.pkgReturnTuples(funcSignature(x, w.types.info))
			}
			w.zeroResults(x.Type, x.Body)
		case *ast.DeferStmt:
			if w.deferHang(x) { // see pkgdeferhang.go
				return false
			}
			w.deferArgs(x) // see pkgdefer.go
		case *ast.BlockStmt:
			w.listStmts(x.List) // see pkgtuple.go, pkgstmts.go
		case *ast.CaseClause:
			w.listStmts(x.Body)
			w.caseLabels(x.Body) // see caselabel.go
		case *ast.CommClause:
			w.commMapTuple(x) // see pkgtuple.go
			w.listStmts(x.Body)
			w.caseLabels(x.Body)
		case *ast.SwitchStmt:
			l := labelOn(x)
			w.caseLists(x, l)        // see pkgswitch.go
			w.pkgSwitchInit(x, l)    // see switchinit.go
			w.pkgDefaultLast(x.Body) // see defaultlast.go
		case *ast.RangeStmt, *ast.ForStmt:
			l := labelOn(x.(ast.Stmt))
			w.deferLoopVars(x.(ast.Stmt)) // see pkgdeferlit.go
			if r, ok := x.(*ast.RangeStmt); ok {
				w.rangeArrayPointer(r) // see rangearrayptr.go
				if w.rangeInt(r, l) || w.rangeFunc(r, l) || w.rangeString(r, l) || w.rangeKey(r, l) {
					return true // see pkgrange.go
				}
				w.pkgRangeAssign(r) // see rangeassign.go
			}
			if w.perIter {
				w.loopVars(x.(ast.Stmt), l)
			}
		case *ast.GoStmt:
			w.gos = append(w.gos, x)
		case *ast.TypeAssertExpr:
			w.assertLookalike(x)      // see pkgiface.go
			w.ifaceAssert(x, false)   // see pkgifaceassert.go
			w.heldAssert(x, false)    // see pkgheldassert.go
			w.anyHeldAssert(x, false) // see pkgheldin.go
		case *ast.TypeSwitchStmt:
			if w.typeParamSwitch(x) { // see pkgtypeparamcase.go
				return false
			}
			chained := w.pkgAssertChain(x, labelOn(x)) // see pkgassertchain.go
			if !chained {
				w.bindTypeSwitch(x) // see pkgtypeswitch.go
			}
			w.pkgDefaultLast(x.Body)
			w.switchLookalike(x)
			if !chained {
				w.switchCompiledIface(x) // see pkgifaceassert.go
			}
		case *ast.SelectorExpr:
			if w.sigAlias(x) {
				return false
			}
			w.renameImportUse(x)     // see pkgimportname.go
			w.loggerFatal(x)         // see logfatal.go
			w.modernMember(x)        // see pkgmodern.go
			w.methodValue(x, called) // see pkgmethodvalue.go
			w.methodExpr(x, called)  // see pkgmethodexpr.go
			w.embeddedIfaceMethod(x) // see pkgembediface.go
		case *ast.CallExpr:
			called[unparen(x.Fun)] = true
			w.keepIfaceArgs(x)     // see pkgkeepiface.go
			w.refuseTypeOfClash(x) // see pkgtypeofclash.go
			w.pkgParenCallee(x)    // see parencallee.go
			w.pkgDropTypeArg(x)    // see typeargdrop.go
			w.callbackArgs(x)
			w.recoverValue(x)
			w.negZeroArgs(x)       // see pkgnegzero.go
			w.minMaxCall(x)        // see pkgminmax.go
			w.complexConstCall(x)  // see complexparts.go
			w.printRefusals(x)     // see pkgprint.go
			w.printSpacing(x)      // see pkgprint.go
			w.ctxKey(x)            // see pkgctxkey.go
			w.tupleArgs(x)         // see pkgtupleargs.go; before pkgLogAtLine, whose call it writes
			w.inferredTypeArgs(x)  // see pkggenericcall.go
			w.pkgLogAtLine(x)      // see pkglogat.go
			w.logOutput(x)         // see logoutput.go
			w.pkgSlogArgs(x)       // see pkgslog.go
			w.typeFor(x)           // see pkgmodern.go
			w.reflectIfaceCall(x)  // see reflectiface.go
			w.reflectTypeMethod(x) // see reflectiface.go
			w.reflectOperand(x)    // see pkgreflectarg.go
			w.reflectElem(x)
			w.reflectFieldByName(x) // see pkgfieldname.go
			w.builtinCall(x)        // see pkgbuiltin.go
			w.refuseEncoder(x)      // see pkgencoders.go
			w.deepEqualOperand(x)   // see deepequal.go
			w.pkgTemplateOperand(x) // see encodeoperand.go
			w.errChainCall(x)       // see pkgerrchain.go
			w.asTypeCall(x)         // see pkgastype.go
			w.errorfOperands(x)
			w.parenIfaceCallArgs(x) // see ifacecallarg.go
		case *ast.IndexExpr, *ast.IndexListExpr:
			w.genericValue(x.(ast.Expr), called) // see genericvalue.go
		case *ast.StructType:
			w.unexportedTags(x) // see pkgjsonfields.go
		case *ast.UnaryExpr, *ast.CompositeLit:
			w.pkgListInstanceLit(x.(ast.Expr)) // see listinstancelit.go
		case *ast.GenDecl:
			w.typedConsts(x)  // see pkgtypedconst.go; before constRepeats
			w.constRepeats(x) // see pkgconstrepeat.go
		case *ast.BinaryExpr:
			w.constValue(x)   // see pkgconstexpr.go
			w.compareIface(x) // see pkgcompare.go
			w.pkgShiftType(x) // see shiftoperand.go
		case *ast.AssignStmt:
			if ta, ok := x.Rhs[0].(*ast.TypeAssertExpr); ok && len(x.Lhs) == 2 && len(x.Rhs) == 1 {
				w.ifaceAssert(ta, true)
				w.heldAssert(ta, true)
				w.anyHeldAssert(ta, true)
			}
			w.parenValues(x.Rhs)
			w.fieldOperands(x)
		case *ast.ValueSpec:
			if len(x.Values) == 1 && len(x.Names) == 2 {
				if ta, ok := x.Values[0].(*ast.TypeAssertExpr); ok {
					w.ifaceAssert(ta, true)
					w.heldAssert(ta, true)
					w.anyHeldAssert(ta, true)
				}
			}
			w.parenValues(x.Values)
			w.typedValueOperands(x) // see pkgstmts.go
			w.typedGenericValues(x) // see pkgtypedvar.go; its literal encloses the parentheses above
		case *ast.ReturnStmt:
			w.returnRecv(x)          // see pkgstmts.go
			w.pkgFuncValueReturns(x) // see funcvalue.go
			if len(x.Results) > 1 {
				for _, v := range x.Results {
					if isBuiltinCall(v) {
						w.enclose(v, "(", ")")
					}
				}
			}
		}
		return true
	})
	w.ifaceStructCopies(f)              // see pkgstructcopy.go; after ifaceLoops
	w.mapKeys(f)                        // see pkgmapkey.go
	w.structWraps(f)                    // see pkgstructwrap.go; after the walk
	hook := w.errorHookText()           // see errorhook.go
	promoted := w.promotedForwarders(f) // see pkgpromoted.go
	if len(w.gos) == 0 && len(w.before) == 0 && len(w.after) == 0 && len(w.repl) == 0 && hook == "" && promoted == "" {
		return w.src
	}
	sort.Slice(w.gos, func(i, j int) bool { return w.gos[i].Pos() < w.gos[j].Pos() })
	pkgEnd := w.off(f.Name.End())
	var b strings.Builder
	b.Write(w.src[:pkgEnd])
	if len(w.gos) > 0 || w.recovers || w.runtime {
		b.WriteString("; import " + pkgRuntimeName + ` "` + runtimePath + `"`)
	}
	if w.iterPull {
		b.WriteString(`; import _activisiter "iter"`)
	}
	b.WriteString(w.instImportText())      // see pkginstorder.go
	modern := w.modernDecls()              // see pkgmodern.go
	b.WriteString(w.modernImports(modern)) // see pkgmodern.go
	w.sigAliasDecls(f)                     // see pkgsigalias.go
	b.WriteString(w.text(pkgEnd, len(src)))
	b.WriteString(w.zeroFunc())
	b.WriteString(w.minMaxFuncs())
	b.WriteString(w.errChainText())
	b.WriteString(w.printAnyText())
	b.WriteString(w.pkgWalkText())
	b.WriteString(hook)
	b.WriteString(w.modernText(modern))
	b.WriteString(w.afterText())
	b.WriteString(w.recFuncDecls)
	b.WriteString(promoted)
	return []byte(b.String())
}

// callbackArgs marks the function literals among the arguments of c, when
// c calls a function of a compiled package, to be made by a call of their
// own. A literal whose type spans lines is left as it is.
func (w *pkgGoWriter) callbackArgs(c *ast.CallExpr) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok || x.Obj != nil {
		return
	}
	path, ok := w.imports[x.Name]
	if !ok || path == "slices" || path == "maps" {
		return
	}
	if _, compiled := packages().syms[path]; !compiled {
		return
	}
	for _, a := range c.Args {
		lit, ok := a.(*ast.FuncLit)
		if !ok {
			continue
		}
		typ := w.raw(lit.Type)
		if strings.Contains(typ, "\n") {
			continue
		}
		w.enclose(lit, "func() "+typ+" { return ", " }()")
	}
}

// importName returns the package name of an import path without a name:
// the package clause of a package of the GOPATH, else a guess, its last
// element without a major version suffix (`/v2`, `.v3`) or a `go-`
// prefix.
func importName(path string) string {
	if n := goPathName(path); n != "" {
		return n // typeimport.go
	}
	elems := strings.Split(path, "/")
	last := elems[len(elems)-1]
	if len(elems) > 1 && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		last = elems[len(elems)-2]
	}
	if i := strings.Index(last, ".v"); i > 0 {
		last = last[:i]
	}
	last = strings.TrimPrefix(last, "go-")
	return strings.ReplaceAll(last, "-", "_")
}

// packagePosName is the name of a package file in messages: its path
// under the GOPATH's src directory (the import path and the file), else
// the name as it is.
func packagePosName(name string) string {
	rel, err := filepath.Rel(filepath.Join(goPath(), "src"), name)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(name)
	}
	return filepath.ToSlash(rel)
}

// pkgGoWriter writes the rewritten text of a package file.
type pkgGoWriter struct {
	fset    *token.FileSet
	src     []byte
	base    int
	gos     []*ast.GoStmt     // by position
	imports map[string]string // package name -> import path
	at      string            // the file's name in messages
	n       int               // temporaries made
	// before and after hold text inserted before and after the byte at
	// an offset (callbackArgs, parenValues, recoverValue).
	before, after map[int]string
	// repl holds text that replaces the bytes from an offset (pkgloopvar.go).
	repl     map[int]pkgRepl
	marks    []int           // the offsets of before, after and repl, sorted (plain)
	recovers bool            // a recover() call is rewritten (recoverValue)
	runtime  bool            // the text calls the runtime package otherwise (pkgrange.go)
	iterPull bool            // the text calls the session's iter.Pull (pkgrangefunc.go)
	modern   map[string]bool // the members of modern.go.txt the file uses (pkgmodern.go)
	perIter  bool            // the module's loops have a variable per iteration (pkgloopvar.go)
	zero     string          // the name of the file's zero function (pkgstmts.go)
	minMax   string          // the suffix of the file's min and max functions (pkgminmax.go)
	// errChain is the suffix of the file's Is, As and Unwrap ("-": none
	// needed), errChainFuncs their declarations, errChainUsed whether the
	// file calls them (pkgerrchain.go).
	errChain, errChainFuncs string
	errChainUsed            bool
	// printAny is the suffix of the file's print helpers, "" where it
	// needs none (pkgprintany.go).
	printAny string
	// after1 is the suffix of the file's _activisAfter, "" where it needs
	// none (pkgvarinit.go); bodies indexes the package's function bodies
	// for it (funcBody).
	after1 string
	// file is the file written; logicLeft its calls in left operands of
	// || and && (negzeroarg.go's logicLeftCalls), made on first use.
	file *ast.File
	// paramFlags holds the variables telling whether a function's type
	// parameter is an interface type (pkgcompare.go's paramFlag).
	paramFlags map[paramFlagKey]string
	logicLeft  map[*ast.CallExpr]bool
	// initIndex and initCalls hold the package's initialisers that call a
	// function, in Go's order (pkgvarinit.go's initOrder).
	initIndex map[types.Object]int
	initCalls []*types.Initializer
	bodies    map[types.Object]*ast.BlockStmt
	// walkTable is the suffix of the file's table of the package's types
	// and its callback for FmtWalk, "" where it needs none (pkgfmtwalk.go).
	walkTable string
	// concrete caches concreteTypes (pkgtypes.go); nil until asked.
	concrete []*types.Named
	// deferVars holds the loop variables passed to deferred literals (pkgdeferlit.go).
	deferVars map[*ast.DeferStmt][]pkgDeferVar
	// types is the type check of the file's package, or nil (pkgtypes.go).
	types *pkgTypes
	// literalSpecs holds the const specs typedConsts wrote as literals
	// (pkgtypedconst.go), which constRepeats leaves alone.
	literalSpecs map[*ast.ValueSpec]bool
	// localRenamed holds the local types renamed and their new names
	// (pkglocaltype.go).
	localRenamed map[types.Object]string
	// sigSels holds the selectors of generic signatures written as
	// aliases, and their names (pkgsigalias.go).
	sigSels map[*ast.SelectorExpr]string
	// litsDone holds the literals written by pkgListInstanceLit.
	litsDone map[*ast.CompositeLit]bool
	// recFuncDecls holds the functions boxing values of the package's
	// recursive func types that the file declares (pkgrecfunc.go);
	// instImports the imports the file's instance aliases name, by path
	// (pkginstorder.go).
	recFuncDecls string
	instImports  map[string]string
	// renamedImports holds the new names of imports by path
	// (pkgimportname.go).
	renamedImports map[string]string
	// marked holds the tag keys of the file's struct types told apart
	// from their lookalikes (pkglookalike.go).
	marked map[*ast.StructType]string
	// instances holds printInstances' answer, once asked (pkgprintany.go).
	instances []fileInstance
	// allInstances holds structInstances' instances, once asked.
	allInstances []fileInstance
	// deferred holds the calls of the file's defer and go statements
	// (pkgtupleargs.go's deferredCall), once asked.
	deferred map[*ast.CallExpr]bool
	// synth holds the operands written by rewrites that are not in the
	// file (pkgrepl.go's synthOperand), by the node standing for them.
	synth map[ast.Node]*synthOperand
	// inCall holds the operands pkgifaceloop.go's encloseOnce enclosed
	// (in a call or a slice of their own).
	inCall map[ast.Expr]bool
}

// parenValues puts in parentheses the composite literals, receives and
// calls among two or more values of an assignment or declaration, as
// parenMultiComposites does for cells (multicomposite.go).
func (w *pkgGoWriter) parenValues(values []ast.Expr) {
	if len(values) < 2 {
		return
	}
	for _, v := range values {
		switch x := v.(type) {
		case *ast.CompositeLit, *ast.CallExpr:
		case *ast.UnaryExpr:
			if x.Op != token.ARROW {
				continue
			}
		default:
			continue
		}
		w.enclose(v, "(", ")")
	}
}

// recoverValue writes a recover() call as the package runtime's
// Recovered(recover()), as recoverValues does for cells (recovered.go).
func (w *pkgGoWriter) recoverValue(c *ast.CallExpr) {
	if f, ok := c.Fun.(*ast.Ident); !ok || f.Name != "recover" || f.Obj != nil || len(c.Args) != 0 {
		return
	}
	w.recovers = true
	w.enclose(c, pkgRuntimeName+".Recovered(", ")")
}

func (w *pkgGoWriter) off(p token.Pos) int { return int(p) - w.base }

// text returns src[lo:hi] with the outermost go statements in it
// rewritten (goText rewrites the ones nested in them) and the insertions
// made.
func (w *pkgGoWriter) text(lo, hi int) string {
	var b strings.Builder
	at := lo
	for _, g := range w.gos {
		s, e := w.off(g.Pos()), w.off(g.End())
		if s < at || e > hi || w.replaced(at, s) {
			continue // before, nested in one written, outside, or in a replacement
		}
		w.plain(&b, at, s)
		b.WriteString(w.goText(g))
		at = e
	}
	w.plain(&b, at, hi)
	return b.String()
}

// plain writes src[lo:hi] with the insertions and replacements in it.
func (w *pkgGoWriter) plain(b *strings.Builder, lo, hi int) {
	if w.marks == nil {
		w.marks = []int{}
		for _, m := range []map[int]string{w.before, w.after} {
			for at := range m {
				w.marks = append(w.marks, at)
			}
		}
		for at := range w.repl {
			w.marks = append(w.marks, at)
		}
		sort.Ints(w.marks)
		// an offset with an insertion and a replacement is one mark: met
		// twice, its insertion was written twice
		w.marks = slices.Compact(w.marks)
	}
	i, replacedTo := lo, -1
	for k := sort.SearchInts(w.marks, lo); k < len(w.marks) && w.marks[k] <= hi; k++ {
		m := w.marks[k]
		if m < i {
			continue // replaced, or a mark met twice
		}
		b.Write(w.src[i:m])
		i = m
		if m > lo && m != replacedTo {
			b.WriteString(w.after[m]) // (a replacement's text holds the insertions at its end)
		}
		if m == hi {
			break
		}
		b.WriteString(w.before[m])
		if r, ok := w.repl[m]; ok && r.end <= hi {
			b.WriteString(r.text())
			i, replacedTo = r.end, r.end
		}
	}
	b.Write(w.src[i:hi])
}

// node returns the rewritten text of n.
func (w *pkgGoWriter) node(n ast.Node) string { return w.text(w.off(n.Pos()), w.off(n.End())) }

// raw returns the source of n as the file has it, without the writers'
// rewrites (node writes them): for a rewrite that replaces n itself.
func (w *pkgGoWriter) raw(n ast.Node) string { return string(w.src[w.off(n.Pos()):w.off(n.End())]) }

// where names position p in messages and run-time helpers: the file as
// messages name it and the line ("example.com/m/f.go:12").
func (w *pkgGoWriter) where(p token.Pos) string {
	return w.at + ":" + strconv.Itoa(w.fset.Position(p).Line)
}

// goText returns the replacement of go statement g (same lines).
func (w *pkgGoWriter) goText(g *ast.GoStmt) string {
	var b strings.Builder
	b.WriteString(pkgRuntimeName + ".GoAt(" + strconv.Quote(w.where(g.Go)) + ", ")
	call := g.Call
	if lit, ok := call.Fun.(*ast.FuncLit); ok {
		// func(params) func() { return func() { body } }(args), or with
		// results func(params) func() { return func() { func() results { body }() } }(args)
		params := w.off(lit.Type.Params.End())
		b.WriteString(w.text(w.off(g.Call.Pos()), params))
		if lit.Type.Results == nil || len(lit.Type.Results.List) == 0 {
			b.WriteString(" func() { return func()")
			b.WriteString(w.text(params, w.off(lit.Body.End())))
			b.WriteString(" }")
		} else {
			b.WriteString(" func() { return func() { func()")
			b.WriteString(w.text(params, w.off(lit.Body.End())))
			b.WriteString("() } }")
		}
		b.WriteString(w.text(w.off(lit.Body.End()), w.off(call.End())))
		b.WriteString(")")
		return b.String()
	}
	var names, values []string
	fun := ""
	switch f := call.Fun.(type) {
	case *ast.Ident:
		if f.Obj != nil && f.Obj.Kind == ast.Var {
			fun = ""
		} else {
			fun = f.Name // a function, a builtin, or declared in another file
			if w.isBuiltin(f) && pkgBuiltins[f.Name] != "" {
				fun = pkgRuntimeName + "." + pkgBuiltins[f.Name] // see pkgbuiltin.go
			}
		}
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok && x.Obj == nil && w.imports[x.Name] != "" {
			fun = w.node(f)
		}
	}
	if fun == "" {
		v := w.temp("F")
		names, values = append(names, v), append(values, w.node(call.Fun))
		fun = v
	}
	args := make([]string, len(call.Args))
	tuple := "" // `go show(two())`: the results, in temporaries of their own
	if n := w.tupleLen(call); n > 0 {
		args = make([]string, n)
		for i := range args {
			args[i] = w.temp("A")
		}
		tuple = strings.Join(args, ", ") + " := " + w.node(call.Args[0]) + "; "
	} else {
		for i, a := range call.Args {
			if l, ok := a.(*ast.BasicLit); ok {
				args[i] = w.node(l)
				continue
			}
			v := w.temp("A")
			names, values = append(names, v), append(values, w.node(a))
			args[i] = v
		}
	}
	b.WriteString("func() func() { ")
	if len(names) > 0 {
		b.WriteString(strings.Join(names, ", ") + " := (" + strings.Join(values, "), (") + "); ")
	}
	b.WriteString(tuple)
	b.WriteString("return func() { " + fun + "(" + strings.Join(args, ", "))
	if call.Ellipsis.IsValid() {
		b.WriteString("...")
	}
	b.WriteString(") } }())")
	// Lines of the call the temporaries do not hold (between arguments).
	b.WriteString(strings.Repeat("\n", w.lines(g)-strings.Count(b.String(), "\n")))
	return b.String()
}

// tupleLen returns the number of results of call's only argument when it
// is a call of several results (given whole, `go show(two())`), or 0: the
// go statement's arguments, each put in a temporary, would not compile
// ("not enough arguments in call to show", the package's import failed).
func (w *pkgGoWriter) tupleLen(call *ast.CallExpr) int {
	if w.types == nil {
		return 0
	}
	if _, t := wholeTuple(w.types.info, call); t != nil { // tupleargs.go
		return t.Len()
	}
	return 0
}

// lines is the number of line breaks in go statement g.
func (w *pkgGoWriter) lines(g *ast.GoStmt) int {
	return strings.Count(w.raw(g), "\n")
}

// temp returns a fresh temporary name.
func (w *pkgGoWriter) temp(kind string) string {
	w.n++
	return "_activis" + kind + strconv.Itoa(w.n)
}
