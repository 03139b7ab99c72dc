package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Values of third-party packages' types printed by the cells' walk.
//
// yaegi v0.16.1 keeps a value with methods held in an interface inside
// another value in its own wrapper, for a package interpreted from source
// as for the session's types: in a cell, `fmt.Println(p.Holder{"a",
// p.Square{2}, nil})` for a struct of the package whose field S is of its
// interface Shape printed `{a {0x7c72564edc0 {0x7c724fc46c0 0x7c7256544d8
// 409}} []}` (Go `{a {2} []}`), so did `[]p.Shape{s}`, and a field holding
// a value of its type with a String method printed the wrapper instead of
// the method's result, all without an error. The walk of nestedprint.go
// prints such values as Go does, from a table of the types it meets; the
// table now also holds the types of packages interpreted from source that
// the printed value's type reaches (through fields, elements and those
// types' underlying types), and the concrete types of those packages and
// of the packages the session imports from source that an interface
// inside may hold: their names as the checker writes them (`p.Square`, by
// the package's name, as yaegi's wrapper records a dynamic type), their
// underlying types, and, for an exported type with a String or Error
// method, a case of the stringer callback that calls it through the
// cell's import (`case "p.Circle": if x, ok := v.(p.Circle); ok { … }`).
// A value of an unexported type with such a method, which a cell cannot
// name, met inside an interface makes the print panic, naming it; one the
// static type reaches keeps nestedstringer.go's refusal. A value whose
// type itself has a String, Error or Format method is left to fmt, which
// calls it. Written for this package.

// sourceWalk is what the walk needs for a value of a type reaching
// third-party types: the types for its table, and the import name the cell
// uses for each of their packages.
type sourceWalk struct {
	types []*types.Named
	names map[*types.Package]string
}

// sourceWalkFor returns the third-party types the walk needs to print a
// value of type t (see above), or nil when t reaches none, or reaches a
// type the walk cannot take: a generic instance, an unexported type with
// a String or Error method, two packages of one name.
func (r *rewriter) sourceWalkFor(t types.Type) *sourceWalk {
	if r.oracle == nil || r.oracle.pkg == nil {
		return nil
	}
	reached := map[*types.Named]bool{}
	pkgs := map[*types.Package]bool{}
	holdsIface, bad := false, false
	walkType(t, typePolicy{mapKeys: true, visit: func(t types.Type, depth int) walkStep {
		switch x := t.(type) {
		case *types.Interface:
			holdsIface = true // below the top, or the top's dynamic value (heldprint.go)
			return walkSkip
		case *types.Named:
			p := x.Obj().Pkg()
			if p == nil || !sourceModule(p.Path()) {
				if types.IsInterface(x) {
					holdsIface = true
					return walkSkip
				}
				if isSessionNamed(x) {
					return walkDescend // in the table already; its parts may reach third-party types
				}
				return walkSkip // a compiled type: fmt prints it
			}
			if x.TypeArgs().Len() > 0 {
				bad = true
				return walkFound
			}
			pkgs[p] = true
			reached[x] = true
			if types.IsInterface(x) {
				holdsIface = true
				return walkSkip
			}
			if depth > 0 && (!x.Obj().Exported() && textMethod(x) != "" || hasFormat(types.NewPointer(x))) {
				bad = true // a method the cell cannot call, or Format, which the walk does not apply
				return walkFound
			}
		}
		return walkDescend
	}})
	if bad || len(reached) == 0 && !holdsIface {
		return nil
	}
	if holdsIface {
		for _, p := range r.sourcePackages() { // sourceiface.go
			pkgs[p] = true
		}
	}
	sw := &sourceWalk{names: map[*types.Package]string{}}
	byName := map[string]*types.Package{}
	for p := range pkgs {
		if q := byName[p.Name()]; q != nil && q != p {
			return nil // the walk names types by their package's name
		}
		byName[p.Name()] = p
		sw.names[p] = r.oracle.names[p.Path()]
		if !holdsIface {
			continue
		}
		for _, n := range concreteTypesOf(p) { // pkgtypes.go
			if types.NewMethodSet(types.NewPointer(n)).Len() > 0 {
				if hasFormat(types.NewPointer(n)) {
					return nil // an interface may hold it: Format, which the walk does not apply
				}
				reached[n] = true // a value an interface may hold
			} else if st, isStruct := n.Underlying().(*types.Struct); isStruct && n.Obj().Exported() {
				// Without methods yaegi holds it as its unnamed struct: the
				// walk names that run-time type where it is this type's alone
				// (`%#v` of an any holding a p.Point printed struct { X int; … }),
				// and refuses where a cell wrote an unnamed struct like it.
				r.noteSourceLookalike(walkTypeName(n), st)
				reached[n] = true
			}
		}
	}
	if len(reached) == 0 {
		return nil
	}
	for n := range reached {
		sw.types = append(sw.types, n)
	}
	sort.Slice(sw.types, func(i, j int) bool { return sw.name(sw.types[i]) < sw.name(sw.types[j]) })
	return sw
}

// textMethod returns the method fmt calls for a value of n or *n: Error
// before String, "" for neither.
func textMethod(n *types.Named) string {
	if m := stringMethod(n); m != "" { // nestedstringer.go
		return m
	}
	return stringMethod(types.NewPointer(n))
}

// name returns n as the table and yaegi's wrapper name it (p.Square).
func (sw *sourceWalk) name(n *types.Named) string { return walkTypeName(n) }

// walkTypeName is the name the walk's table gives n (p.Square).
func walkTypeName(n *types.Named) string { return types.TypeString(n, sessionQualifier) }

// cellType returns n as the cell writes it, through its import, or nil
// for a type the cell cannot name.
func (sw *sourceWalk) cellType(pos token.Pos, n *types.Named) ast.Expr {
	imp := sw.names[n.Obj().Pkg()]
	if !n.Obj().Exported() || imp == "" || imp == "_" || imp == "." {
		return nil
	}
	return &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: imp}, Sel: &ast.Ident{NamePos: pos, Name: n.Obj().Name()}}
}

// tableEntries returns the walk's table entries of the types (five each,
// as typeTable's, with the flag x: the name is qualified already).
func (sw *sourceWalk) tableEntries(pos token.Pos) []ast.Expr {
	if sw == nil {
		return nil
	}
	str := func(s string) ast.Expr {
		return &ast.BasicLit{ValuePos: pos, Kind: token.STRING, Value: strconv.Quote(s)}
	}
	var out []ast.Expr
	for _, n := range sw.types {
		name := sw.name(n)
		if types.IsInterface(n) {
			out = append(out, str(name), str(name), &ast.Ident{NamePos: pos, Name: "nil"}, str("interface{}"), str("ix"))
			continue
		}
		flags := "x" + walkFlags(n) // pkgfmtwalk.go
		var ptr ast.Expr = &ast.Ident{NamePos: pos, Name: "nil"}
		if ct := sw.cellType(pos, n); ct != nil {
			ptr = &ast.CallExpr{Fun: &ast.ParenExpr{X: &ast.StarExpr{Star: pos, X: ct}}, Lparen: pos,
				Args: []ast.Expr{&ast.Ident{NamePos: pos, Name: "nil"}}, Rparen: pos}
		}
		out = append(out, str(name), str(name), ptr, str(types.TypeString(n.Underlying(), sessionQualifier)), str(flags))
	}
	for _, n := range sw.types {
		// The session's types name it through the cell's import, which
		// may differ from the package's name: an alias entry.
		if imp := sw.names[n.Obj().Pkg()]; imp != "" && imp != n.Obj().Pkg().Name() {
			out = append(out, str(imp+"."+n.Obj().Name()), str(sw.name(n)), &ast.Ident{NamePos: pos, Name: "nil"}, str(""), str("a"))
		}
	}
	return out
}

// hasStringers reports whether a type of the walk has a String or Error
// method.
func (sw *sourceWalk) hasStringers() bool {
	if sw == nil {
		return false
	}
	for _, n := range sw.types {
		if !types.IsInterface(n) && textMethod(n) != "" {
			return true
		}
	}
	return false
}

// stringerCases returns the stringer callback's cases (stringerCallback)
// for the exported types with a String or Error method: the key, the type
// to assert to and the method.
func (sw *sourceWalk) stringerCases(pos token.Pos) (keys []string, typs []ast.Expr, methods []string) {
	if sw == nil {
		return nil, nil, nil
	}
	for _, n := range sw.types {
		m := textMethod(n)
		ct := sw.cellType(pos, n)
		if m == "" || ct == nil || types.IsInterface(n) {
			continue
		}
		ms := types.NewMethodSet(n)
		if fmtErrorMethod(ms.Lookup(nil, m)) {
			keys, typs, methods = append(keys, sw.name(n)), append(typs, ct), append(methods, m)
		}
		keys, typs, methods = append(keys, "*"+sw.name(n)), append(typs, &ast.StarExpr{Star: pos, X: sw.cellType(pos, n)}), append(methods, m)
	}
	return keys, typs, methods
}

// sourceNestedPrint prints operand op of the print call c, of type t, by
// the walk with the third-party types it reaches where fmt would print
// yaegi's wrappers or miss String methods inside it (see above), and
// reports whether it did.
func (r *rewriter) sourceNestedPrint(c *ast.CallExpr, op printOperand, t types.Type, known bool) bool {
	if !known {
		return false
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && textMethod(n) != "" {
		return false // fmt calls it at the top
	}
	if ms := types.NewMethodSet(t); ms.Lookup(nil, "Format") != nil || ms.Lookup(nil, "Error") != nil || ms.Lookup(nil, "String") != nil {
		return false
	}
	own := func(n *types.Named) bool { return isSessionNamed(n) || isSourceNamed(n) }
	if !ifaceInsideOf(t, own) {
		if n, _ := nestedStringerNamed(t, own); n == nil || !isSourceNamed(n) {
			return false
		}
	}
	sw := r.sourceWalkFor(t)
	if sw == nil || !plainVReadableOf(t, own) {
		return false
	}
	return r.nestedPrintWith(c, op.index, t, op.verb, op.flags, sw)
}

// sourceGoSyntax returns the walk's call for operand e, of type t, of %+v
// (plus) or %#v with flags, where t reaches third-party types fmt would
// print wrongly there: a struct with unexported fields (yaegi's `Xvalue`),
// a String or Error method below the top, an interface inside, and for
// %#v any of their named types (yaegi's run-time type has no name: `%#v`
// of a p.Point printed `struct { X int; Y int }{X:1, Y:2}`); nil to leave
// e to the other rules.
func (r *rewriter) sourceGoSyntax(e ast.Expr, t types.Type, plus bool, flags string) ast.Expr {
	own := func(n *types.Named) bool { return isSessionNamed(n) || isSourceNamed(n) }
	if sourceTypeIn(t) == "" && !ifaceInsideOf(t, own) && (plus || !sourceNamedIn(t) && !types.IsInterface(t)) {
		return nil
	}
	ms := types.NewMethodSet(t)
	if ms.Lookup(nil, "Format") != nil || plus && (ms.Lookup(nil, "Error") != nil || ms.Lookup(nil, "String") != nil) ||
		!plus && (ms.Lookup(nil, "GoString") != nil || strings.Trim(flags, "#") != "") {
		return nil // fmt calls the method; a padded %#v keeps its refusal
	}
	sw := r.sourceWalkFor(t)
	if sw == nil || !plainVReadableOf(t, own) {
		return nil
	}
	static, err := parser.ParseExpr(types.TypeString(t, sessionQualifier))
	if err != nil {
		return nil
	}
	helper, hflags := "GoSyntax", ""
	if plus {
		helper, hflags = "PlusV", strings.ReplaceAll(flags, "+", "")
	}
	if call := r.goSyntaxCall(e, static, helper, hflags, sw); call != e {
		return call
	}
	return nil // no runtime: the refusal stays
}

// sourceNamedIn tells whether t holds a named type of a package
// interpreted from source, whose name %#v prints.
func sourceNamedIn(t types.Type) bool { return sourceNamedName(t) != "" }

// sourceNamedName returns the first named type of a package interpreted
// from source that t holds, as the cells' walk names it, or "".
func sourceNamedName(t types.Type) (name string) {
	walkType(t, typePolicy{mapKeys: true, chans: true, visit: func(u types.Type, _ int) walkStep {
		if n, ok := types.Unalias(u).(*types.Named); ok && isSourceNamed(n) {
			name = walkTypeName(n)
			return walkFound
		}
		return walkDescend
	}})
	return name
}

// hasGoSyntaxMethod tells whether fmt prints %#v of a value of type t
// through its own method (GoString or Format).
func hasGoSyntaxMethod(t types.Type) bool {
	ms := types.NewMethodSet(t)
	return ms.Lookup(nil, "GoString") != nil || ms.Lookup(nil, "Format") != nil
}

// noteSourceLookalike marks the package's struct type named name, of
// struct type st, as looking like an unnamed struct type a cell wrote
// with the same fields (ifaceeq.go's anonStructs), so that the walk
// refuses to name a value of that run-time type rather than take the
// cell's `struct{ X, Y int }{5, 6}` for a p.Point.
func (r *rewriter) noteSourceLookalike(name string, st *types.Struct) {
	k, ok := r.sc.(interface{ anonRegistry() *anonStructs })
	if !ok {
		return
	}
	a := k.anonRegistry()
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.seen[sourceAnonKey(st)]; ok {
		if a.like == nil {
			a.like = map[string]string{}
		}
		a.like[name] = s
	}
}

// byteRune matches the names byte and rune in a type string.
var byteRune = regexp.MustCompile(`\b(byte|rune)\b`)

// sourceAnonKey spells st as anonKey (ifaceeq.go) spells a cell's struct
// type: field names and types, byte and rune as uint8 and int32, named
// types by their package's name.
func sourceAnonKey(st *types.Struct) string {
	var b strings.Builder
	b.WriteString("struct{")
	for i := range st.NumFields() {
		f := st.Field(i)
		ft := byteRune.ReplaceAllStringFunc(types.TypeString(f.Type(), func(p *types.Package) string { return p.Name() }),
			func(w string) string { return map[string]string{"byte": "uint8", "rune": "int32"}[w] })
		tag := ""
		if t := st.Tag(i); t != "" {
			tag = " `" + t + "`"
		}
		if f.Embedded() {
			b.WriteString("embedded " + f.Name() + " " + ft + tag + "; ")
			continue
		}
		b.WriteString(f.Name() + " " + ft + tag + "; ")
	}
	b.WriteString("}")
	return b.String()
}
