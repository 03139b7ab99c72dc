package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Case clauses that list several expressions, in package files.
//
// A package interpreted from source gets the fix of switchcases.go: yaegi
// ran only the first computed expression of a case list (`case id(1),
// id(2):` took no case for 2). A switch with such a list is served, on the
// same lines, with each list written as one boolean expression:
//
//	switch init; tag { case e1, e2: … }  → { init; switch _activisT1 := (tag); { case _activisT1 == (e1) || _activisT1 == (e2): … } }
//	switch { case c1, c2: … }            → switch { case (c1) || (c2): … }
//
// (a label moves to the inner switch). The tag's copy takes the tag's
// type; an untyped constant tag takes its default type.
//
// So is, with the package's types, a switch on an interface with cases:
// a constant case panicked (`switch v { case 1: }` for an any v,
// "reflect.Value.Convert: value of type interface {} cannot be converted
// to type int"; it is compared with any(…) of it, as in cells), and
// yaegi took no case for `case nil:` and a nil tag, nor for the second
// of `case Circle{2}, Circle{3}:`, and panicked on `case Circle{1}:` and
// `case unit:` (a `var unit = &Sq{1}`), "reflect.Value.Convert: value of
// type interp.valueInterface cannot be converted", or failed the
// package's import with a nil dereference where they met. Each such case
// is compared as pkgcompare.go compares an interface with a value
// (ifaceValueEqLit, ifacesEqLit).

// caseLists rewrites switch statement sw, labelled by label when not nil,
// as above.
func (w *pkgGoWriter) caseLists(sw *ast.SwitchStmt, label *ast.LabeledStmt) {
	computed := false
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		for _, e := range cc.List[min(1, len(cc.List)):] {
			if !plainCaseExpr(e, func(name string) bool { return w.imports[name] != "" }) { // switchcases.go
				computed = true
			}
		}
	}
	it := w.ifaceTag(sw)
	if !computed && it == nil {
		return
	}
	tag := ""
	if sw.Tag != nil {
		tag = w.temp("T")
		if !w.replaceSwitchHeader(sw, label, sw.Init, sw.Body.Lbrace, func() string {
			return "switch " + tag + " := (" + w.node(sw.Tag) + ");"
		}) {
			return
		}
	}
	for _, st := range sw.Body.List {
		cc := st.(*ast.CaseClause)
		for i, e := range cc.List {
			open, closing := "(", ")"
			if tag != "" {
				open = tag + " == ("
				tv := w.caseType(e)
				switch lit := w.ifaceCaseLit(it, tv); {
				case tv.IsNil():
					open, closing = tag+" == ", "" // yaegi's import panicked on == (nil)
				case lit != "":
					open = lit + "(" + tag + ", "
				case it != nil && tv.Value != nil && w.lookalikeConst(it, tv.Type):
					// any(Color(3)) == any(3) in yaegi, which gives Color
					// the run-time type int
					msg := w.where(e.Pos()) + ": the case " + types.ExprString(e) + " of a switch on " + types.TypeString(it, w.pkgQualifier) +
						": the interpreter (yaegi v0.16.1) gives the package's type " + types.TypeString(tv.Type, w.pkgQualifier) +
						" the run-time type of its underlying type, so it cannot tell the case from a plain value of that type; " +
						"switch on a value of that type, or compile the package into the kernel instead: activis-kernel build --with MODULE"
					open, closing = "func() bool { panic("+strconv.Quote(msg)+") }() || "+tag+" == any(", ")"
				case it != nil && tv.Value != nil:
					// `if t == "yes" || t == 2.5` for an any t panicked in
					// yaegi, "reflect: call of reflect.Value.Bool on
					// string Value"; with any(…) it is right
					open = tag + " == any("
				}
			}
			w.enclose(e, open, closing)
			if i+1 < len(cc.List) {
				between := string(w.src[w.off(e.End()):w.off(cc.List[i+1].Pos())])
				if c := strings.IndexByte(between, ','); c >= 0 {
					at := w.off(e.End()) + c
					w.replace(at, at+1, func() string { return " ||" })
				}
			}
		}
	}
}

// replaceSwitchHeader replaces the header of the switch statement s
// (labelled by label when not nil), from its label to its opening brace
// lbrace, by head() and the brace, on the same line; an init statement,
// when not nil, moves before it, in a block that closes after the
// switch, and the label stays on the switch. Shared by the rewrites of
// switches in package files (pkgassertchain.go, switchinit.go). It
// reports whether it did (another rewrite may have taken the header).
func (w *pkgGoWriter) replaceSwitchHeader(s ast.Stmt, label *ast.LabeledStmt, init ast.Stmt, lbrace token.Pos, head func() string) bool {
	start := s.Pos()
	if label != nil {
		start = label.Pos()
	}
	if !w.replace(w.off(start), w.off(lbrace)+1, func() string {
		var b strings.Builder
		if init != nil {
			b.WriteString("{ " + w.node(init) + "; ")
		}
		if label != nil {
			b.WriteString(label.Label.Name + ": ")
		}
		b.WriteString(head() + " {")
		return b.String()
	}) {
		return false
	}
	if init != nil {
		end := w.off(s.End())
		w.after[end] = " }" + w.after[end]
	}
	return true
}

// ifaceTag returns the interface type of the tag of sw (not a type
// parameter) when sw has a case, or nil.
func (w *pkgGoWriter) ifaceTag(sw *ast.SwitchStmt) types.Type {
	if w.types == nil || sw.Tag == nil {
		return nil
	}
	t := w.types.typeOf(sw.Tag)
	if _, param := t.(*types.TypeParam); param || t == nil || !types.IsInterface(t) {
		return nil
	}
	for _, st := range sw.Body.List {
		if len(st.(*ast.CaseClause).List) > 0 {
			return t
		}
	}
	return nil
}

// ifaceCaseLit returns the literal comparing the tag, of the interface
// type it, with a case the type check records as tv (pkgcompare.go), ""
// where the interpreter's == is right (nil, a type without methods, a
// basic constant).
func (w *pkgGoWriter) ifaceCaseLit(it types.Type, tv types.TypeAndValue) string {
	if it == nil || tv.IsNil() || tv.Type == nil {
		return ""
	}
	if types.IsInterface(tv.Type) {
		if _, param := tv.Type.(*types.TypeParam); param {
			return ""
		}
		return w.ifacesEqLit(it, tv.Type, 0) // pkgdeepeq.go
	}
	return w.ifaceValueEqLit(it, tv.Type, false)
}

// caseType returns the type check's record of the case expression e (the
// zero record without the package's types).
func (w *pkgGoWriter) caseType(e ast.Expr) types.TypeAndValue {
	if w.types == nil {
		return types.TypeAndValue{}
	}
	return w.types.info.Types[e]
}

// lookalikeConst reports whether a constant of type t, a type of the
// package without methods and of a basic underlying type, can meet a plain
// value of that underlying type in an interface of type it (an empty one).
func (w *pkgGoWriter) lookalikeConst(it, t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() != w.types.pkg || types.NewMethodSet(types.NewPointer(n)).Len() > 0 {
		return false
	}
	_, basic := n.Underlying().(*types.Basic)
	return basic && isEmptyIface(it)
}
