package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Values of the package's types printed through an empty interface.
//
// yaegi v0.16.1 holds a value of a type with methods of a package
// interpreted from source, once stored in an `any`, in its own wrapper
// (the value and the syntax node that made it), and hands compiled fmt
// that wrapper: in a package with `func (b *Book) About() string`,
// `var i any = &Book{"Rust 101"}; fmt.Println(i)` printed
// `{0x2a61203ab40 {0x2a61245d1c0 0x2a612b1e590 406}}` (Go `&{Rust 101}`),
// and so did an element of a `[]any` given with `xs...`, without an
// error. With the package's types, such an operand of a print call
// (printFuncs, for %v %s %q %x %X and Print) goes through the file's own
// function, declared on its last line, which gives a value of one of the
// package's types with an Error or String method to fmt through the
// session runtime's AsError or AsStringer (whose parameters get yaegi's
// wrappers that keep those methods), and any other value through Unwrap
// (the value the wrapper holds). A value of a type with a basic underlying
// type must also be held as that type (HeldType), since a plain value of
// the underlying type asserts to it:
//
//	fmt.Println(i)      → fmt.Println(_activisPV1a2b(i))
//	fmt.Println(xs...)  → fmt.Println(_activisPVs1a2b(xs)...)
//
// A type the interpreter cannot tell from another of the package's types
// (same underlying type) is not asserted, nor is one with a Format
// method; values inside other values (a map[string]any printed whole)
// are not reached.

// asStringer returns s: given to it, a value of a package's type reaches
// compiled code in the interpreter's fmt.Stringer wrapper, with its String
// method (pkgprintany.go).
func asStringer(s fmt.Stringer) fmt.Stringer { return s }

// unwrapAny returns the value yaegi's interface wrapper v holds, v itself
// when it is not one (ifacert.go's ifaceUnwrap).
func unwrapAny(v any) any {
	inner, _ := ifaceUnwrap(v)
	return inner
}

// heldType returns the name of the type yaegi keeps with a value in its
// interface wrapper v ("" for any other v): a value of a type of the
// package with a basic underlying type asserts to any of the package's
// types of that underlying type, and a plain value of it to each.
func heldType(v any) string {
	_, typ := ifaceUnwrap(v)
	return typ
}

// printAnyOperand writes the print operand arg of the call, of type t, as
// above when t is an empty interface (or, spread, a slice of one).
func (w *pkgGoWriter) printAnyOperand(arg ast.Expr, t types.Type, spread bool) {
	if t == nil {
		return
	}
	if spread {
		s, ok := t.Underlying().(*types.Slice)
		if !ok {
			return
		}
		t = s.Elem()
	}
	if _, isParam := t.(*types.TypeParam); isParam || !types.IsInterface(t) || !t.Underlying().(*types.Interface).Empty() {
		return
	}
	if w.printAny == "" {
		w.printAny = w.fileSuffix()
	}
	w.runtime = true
	name := "_activisPV" + w.printAny
	if spread {
		name = "_activisPVs" + w.printAny
	}
	w.enclose(arg, name+"(", ")")
}

// printAnyText is the declaration of the functions printAnyOperand
// calls, for the file's last line.
func (w *pkgGoWriter) printAnyText() string {
	if w.printAny == "" {
		return ""
	}
	rt, sfx := pkgRuntimeName, w.printAny
	var errs, strs []string
	for _, n := range w.ownPrintTypes() {
		_, isStruct := n.Underlying().(*types.Struct)
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			ms := types.NewMethodSet(t)
			s := w.typeText(t)
			if s == "" {
				continue
			}
			if t != n && !isStruct && w.sameUnderlying(n) {
				continue // pointers to look-alikes are not told apart
			}
			cond := "ok"
			if t == n && !isStruct {
				// a plain value of the underlying type asserts to it too
				cond = "ok && " + rt + ".HeldType(v) == " + strconv.Quote(w.types.pkg.Name()+"."+n.Obj().Name())
			}
			test := "if x, ok := v.(" + s + "); " + cond + " { return " + rt
			if t != n {
				// a nil pointer: its method is called as fmt calls it (pkgprint.go's nilReceiverOperand)
				if m := stringMethod(t); m != "" {
					pre, post := methodTextCall(rt, m, true) // ptrstring.go
					test = "if x, ok := v.(" + s + "); " + cond + " && x == nil { return " + pre + "x" + post + " }; " + test
				}
			}
			if fmtErrorMethod(ms.Lookup(w.types.pkg, "Error")) {
				errs = append(errs, test+".AsError(x) }; ")
			} else if fmtErrorMethod(ms.Lookup(w.types.pkg, "String")) { // a `String() string`
				strs = append(strs, test+".AsStringer(x) }; ")
			}
		}
	}
	for _, n := range w.printInstances() {
		// an instance of the package's generic struct types (`Box[int]`),
		// whose String or Error method fmt did not see in an `any`
		s := w.typeText(n)
		ms := types.NewMethodSet(n)
		test := "if x, ok := v.(" + s + "); ok && " + rt + ".HeldInstance(v, " + strconv.Quote(s) + ", " + strconv.Quote(w.types.pkg.Name()) + ") { return " + rt
		if fmtErrorMethod(ms.Lookup(w.types.pkg, "Error")) {
			errs = append(errs, test+".AsError(x) }; ")
		} else if fmtErrorMethod(ms.Lookup(w.types.pkg, "String")) {
			strs = append(strs, test+".AsStringer(x) }; ")
		}
	}
	var b strings.Builder
	b.WriteString("\nfunc _activisPV" + sfx + "(v any) any { ")
	for _, s := range append(errs, strs...) {
		b.WriteString(s)
	}
	b.WriteString("return " + rt + ".Unwrap(v) }; ")
	b.WriteString("func _activisPVs" + sfx + "(vs []any) []any { out := make([]any, len(vs)); for i := range vs { out[i] = _activisPV" + sfx + "(vs[i]) }; return out }")
	return b.String()
}

// ownPrintTypes returns the package's concrete named types that the
// interpreter tells apart in an interface and that have no Format method:
// a struct type of its own underlying type, and any other type (whose
// value printAnyText asks HeldType for the name the wrapper records, so
// that `type Name string` with a String method prints through it beside
// a `type ctxKey string`; it printed the plain string).
func (w *pkgGoWriter) ownPrintTypes() []*types.Named {
	var out []*types.Named
	for _, n := range w.concreteTypes() {
		_, isStruct := n.Underlying().(*types.Struct)
		if (!isStruct || !w.sameUnderlying(n)) && types.NewMethodSet(types.NewPointer(n)).Lookup(w.types.pkg, "Format") == nil {
			out = append(out, n)
		}
	}
	return out
}

// printInstances returns the instances of the package's generic struct
// types with value methods that the file names outside generic functions
// (see findInstances), with type arguments that hold no type parameter,
// in the order of their text.
func (w *pkgGoWriter) printInstances() []*types.Named {
	if w.instances == nil {
		w.instances = w.findInstances(instanceMethodStruct, false) // sourcestructwrap.go
	}
	return w.instancesBefore(w.instances, token.NoPos)
}

// structInstances is printInstances with the instances without methods
// too, which %T names (pkgtypeverb.go), named in the file before pos.
func (w *pkgGoWriter) structInstances(pos token.Pos) []*types.Named {
	if w.allInstances == nil {
		w.allInstances = w.findInstances(func(n *types.Named) bool {
			_, isStruct := n.Underlying().(*types.Struct)
			return isStruct && n.TypeArgs().Len() > 0
		}, true)
	}
	return w.instancesBefore(w.allInstances, pos)
}

// fileInstance is an instance findInstances found, and where the file
// names it first.
type fileInstance struct {
	n     *types.Named
	first token.Pos
}

// instancesBefore returns the instances of all first named before pos
// (NoPos: anywhere in the file).
func (w *pkgGoWriter) instancesBefore(all []fileInstance, pos token.Pos) []*types.Named {
	out := []*types.Named{}
	for _, in := range all {
		if pos == token.NoPos || in.first < pos {
			out = append(out, in.n)
		}
	}
	return out
}

// findInstances finds the instances of the package's generic types that
// keep takes, named in the file outside the bodies of generic functions
// and methods, with where each is named first, in the order of their
// text. yaegi makes an instance where it compiles the code naming it, so
// an assertion to one made only later, in a generic function never
// instantiated (`var x Opt[int]` in a `func F[T any]()`) or in another
// file of the package, failed the package's import ("type not found:
// Box[int]"); the file's print function and walk table (its last line)
// take those the file names, %T's assertions those named before them.
// Left out too, with twins, is an instance whose struct type another type
// of the package has, or may have: a concrete type, another instance, or
// another generic struct type with the same field names, whose values
// are not told apart held bare in an `any` (yaegi gives them one run-time
// type; the print function asks the runtime's HeldInstance instead, which
// reads the instance's name in yaegi's wrapper).
func (w *pkgGoWriter) findInstances(keep func(*types.Named) bool, twins bool) []fileInstance {
	var generic []ast.Node
	for _, f := range w.types.files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && genericFuncDecl(fd) {
				generic = append(generic, fd)
			}
		}
	}
	inFile := func(p token.Pos) bool { return w.file.Pos() <= p && p < w.file.End() }
	first := map[string]token.Pos{}
	named := map[string]*types.Named{}
	for id, in := range w.types.info.Instances {
		n, ok := in.Type.(*types.Named)
		if !ok || n.Obj().Pkg() != w.types.pkg || !keep(n) || !inFile(id.Pos()) ||
			slices.ContainsFunc(generic, func(fd ast.Node) bool { return fd.Pos() <= id.Pos() && id.Pos() < fd.End() }) {
			continue
		}
		bound := true
		for a := range n.TypeArgs().Types() {
			bound = bound && !holdsTypeParam(a, map[types.Type]bool{}) // typeargs.go
		}
		s := w.typeText(n)
		if !bound || s == "" {
			continue
		}
		if p, ok := first[s]; !ok || id.Pos() < p {
			first[s], named[s] = id.Pos(), n
		}
	}
	out := []fileInstance{}
	for _, s := range slices.Sorted(maps.Keys(named)) {
		if n := named[s]; !twins || !w.instanceLookalike(n) {
			out = append(out, fileInstance{n, first[s]})
		}
	}
	return out
}

// instanceLookalike reports whether another type of the package may have
// the struct type of the instance n (see findInstances).
func (w *pkgGoWriter) instanceLookalike(n *types.Named) bool {
	for _, o := range w.concreteTypes() {
		if types.Identical(o.Underlying(), n.Underlying()) {
			return true
		}
	}
	fields := func(t types.Type) string {
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		var b strings.Builder
		for f := range st.Fields() {
			b.WriteString(f.Name() + ";")
		}
		return b.String()
	}
	scope := w.types.pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if o, ok := tn.Type().(*types.Named); ok && o != n.Origin() && o.TypeParams().Len() > 0 && fields(o) == fields(n.Origin()) {
			return true
		}
	}
	for _, in := range w.types.info.Instances {
		if o, ok := in.Type.(*types.Named); ok && o.Origin() == n.Origin() && !types.Identical(o, n) && types.Identical(o.Underlying(), n.Underlying()) {
			return true // Opt[T] and Opt[U] with identical struct types, T = U alias
		}
	}
	return false
}

// genericFuncDecl reports whether fd declares a generic function or a
// method of a generic type.
func genericFuncDecl(fd *ast.FuncDecl) bool {
	if fd.Type.TypeParams != nil && len(fd.Type.TypeParams.List) > 0 {
		return true
	}
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return false
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// heldInstance reports whether v holds, in yaegi's wrapper, a value of
// the instance name (the package pkg's `Box[int]`, as the type checker
// writes it in the package): the wrapper records `Box·86[int]`. A value
// held bare (its type has no methods) is not one: another type's values
// have its run-time type.
func heldInstance(v any, name, pkg string) bool {
	_, typ := ifaceUnwrap(v) // ifacert.go
	if !genericNumber.MatchString(typ) && !strings.Contains(typ, "[") {
		return false
	}
	norm := func(s string) string { return strings.ReplaceAll(s, " ", "") }
	typ = unqualified(untypedArgs.Replace(genericNumber.ReplaceAllString(typ, "")), pkg) // gosyntax.go
	return norm(typ) == norm(unqualified(name, pkg))
}
