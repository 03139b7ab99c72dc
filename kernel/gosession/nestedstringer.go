package gosession

import (
	"go/ast"
	"go/types"
	"strings"
)

// String and Error methods of session values inside other values.
//
// fmt calls the String or Error method of every operand it prints, and
// of every exported field, element, map key and map value inside it.
// yaegi v0.16.1 gives a type declared in the session the run-time type of
// its underlying type and shows compiled fmt its methods only through a
// wrapper made where the value itself is converted to an interface: an
// operand of a session type prints as Go, but a value inside another one
// printed as its underlying value, without an error (`fmt.Println([]Status{0,
// 1})` with a String method gave `[0 1]`, Go `[todo done]`; a struct with a
// Status field `{a 1}`; a `[]*E` with a pointer-receiver Error method
// pointers).
//
// Where the walk of nestedprint.go can print such an operand as Go (an
// operand of a print function or of %v, %s, %q, %x or %X), it does; otherwise the session
// refuses the call (fmt's Print, Println, Sprint, Sprintln,
// Fprint, Fprintln, Append, Appendln, the Printf family's operands of %v,
// %s, %q, %x and %X without the + or # flags, which the session prints
// itself, and log's Print, Fatal and Panic functions) when an operand's
// type, as the type oracle of typecheck.go tells, holds a value of a
// session type with a String or Error method inside it (through slices,
// arrays, pointers below the top, map keys and values and exported struct
// fields), naming the type and the workaround: print the parts with their
// method, or `%+v`, which the session prints as Go. An operand whose type
// is an interface or unknown is not refused (README lists it). Written
// for this package.

// printFuncs lists the print functions of fmt and log by name: the index
// of their first operand, or for a Printf-like function (printf true) the
// index of its format, whose operands follow it.
var printFuncs = map[string]map[string]struct {
	first  int
	printf bool
}{
	"fmt": {"Print": {0, false}, "Println": {0, false}, "Sprint": {0, false}, "Sprintln": {0, false},
		"Fprint": {1, false}, "Fprintln": {1, false}, "Append": {1, false}, "Appendln": {1, false},
		"Printf": {0, true}, "Sprintf": {0, true}, "Errorf": {0, true}, "Fprintf": {1, true}, "Appendf": {1, true}},
	"log": {"Print": {0, false}, "Println": {0, false}, "Fatal": {0, false}, "Fatalln": {0, false},
		"Panic": {0, false}, "Panicln": {0, false}, "Printf": {0, true}, "Fatalf": {0, true}, "Panicf": {0, true}},
}

// printOperand is an operand of a print call of printFuncs that fmt
// prints with %v, %s, %q, %x or %X without the + or # flags, or as a
// Print function does (verb 'v').
type printOperand struct {
	arg   ast.Expr
	index int // in the call's arguments
	verb  rune
	flags string
}

// printOperands returns the print call c's function as written
// ("fmt.Println") and its operands described above; known is false for a
// Printf-like call whose format is not a literal (then every operand is
// given, as %v).
func (r *rewriter) printOperands(c *ast.CallExpr) (name string, ops []printOperand, known, ok bool) {
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if r.err != nil || r.oracle == nil || !ok || c.Ellipsis.IsValid() {
		return "", nil, false, false
	}
	id, ok := unparen(sel.X).(*ast.Ident)
	if !ok {
		return "", nil, false, false
	}
	fn, ok := printFuncs[r.importPath(id)][sel.Sel.Name]
	if !ok || len(c.Args) <= fn.first {
		return "", nil, false, false
	}
	first := fn.first
	var verbs []fmtVerb
	format := ""
	if fn.printf {
		first++
		if format, verbs, ok = literalFormat(c.Args[fn.first]); !ok {
			verbs = nil // not known: every operand counts
		}
	}
	known = verbs != nil || !fn.printf
	for i, arg := range c.Args[first:] {
		op := printOperand{arg: arg, index: first + i, verb: 'v'}
		if verbs != nil {
			if i >= len(verbs) {
				break
			}
			op.verb, op.flags = verbs[i].verb, verbs[i].flags(format)
			if !strings.ContainsRune("vsqxX", op.verb) || strings.ContainsAny(op.flags, "+#") {
				continue // %+v and %#v: gosyntax.go's walk
			}
		}
		ops = append(ops, op)
	}
	return id.Name + "." + sel.Sel.Name, ops, known, true
}

// refuseNestedStringer fails the rewrite for a print call of c with an
// operand holding a session value with a String or Error method inside
// it, or prints it as Go (see above).
func (r *rewriter) refuseNestedStringer(c *ast.CallExpr) {
	call, ops, known, ok := r.printOperands(c)
	if !ok {
		return
	}
	for _, op := range ops {
		t := r.oracle.typeOf(op.arg)
		if t == nil {
			continue
		}
		if r.sourceNestedPrint(c, op, t, known) { // sourcewalk.go
			continue
		}
		if n, method := nestedStringerNamed(t, func(n *types.Named) bool { return isSessionNamed(n) || isSourceNamed(n) }); n != nil && isSourceNamed(n) {
			name := n.Obj().Name()
			// The walk of nestedprint.go knows the session's types only.
			r.fail(op.arg.Pos(), "%s of a value of type %s, which holds %s values (with their %s method) inside it: the interpreter "+
				"cannot make compiled fmt call a method of a type of a package interpreted from source inside another value, "+
				"so it would silently print the underlying value; print the parts with their method (x.%s())",
				call, types.TypeString(t, sessionQualifier), name, method, method)
			return
		}
		name, method := nestedStringer(t)
		if name == "" && known && r.nestedIfaceHolder(t) {
			r.nestedPrint(c, op.index, t, op.verb, op.flags) // interfaces inside may hold session values: nestedprint.go
			continue
		}
		if name != "" {
			if known && r.nestedPrint(c, op.index, t, op.verb, op.flags) {
				continue // printed as Go: nestedprint.go
			}
			r.fail(op.arg.Pos(), "%s of a value of type %s, which holds %s values (with their %s method) inside it: the interpreter "+
				"cannot make compiled fmt call a method of a type declared in the session inside another value, so it would "+
				"silently print the underlying value; print the parts with their method (x.%s()), or use %%+v, which the "+
				"session prints as Go", call, types.TypeString(t, sessionQualifier), name, method, method)
			return
		}
	}
}

// nestedStringer returns a session type with a String or Error method
// (and the method) that t holds inside it, below depth 0 (an operand of
// the type itself, or a pointer to it, prints right); "" when there is
// none. Unexported fields do not count: fmt does not call their methods.
func nestedStringer(t types.Type) (typ, method string) { return nestedStringerOf(t, isSessionNamed) }

// isSourceNamed reports whether n is a concrete type of a package
// interpreted from source (a third-party package, whose types the cells'
// type oracle checks from source: typeimport.go), whose methods compiled
// fmt cannot call inside another value either: `fmt.Println([]uuid.UUID{u})`
// printed the UUIDs' bytes (refuseNestedStringer refuses it).
func isSourceNamed(n *types.Named) bool {
	p := n.Obj().Pkg()
	if p == nil || p.Name() == "main" || types.IsInterface(n) {
		return false
	}
	return sourceModule(p.Path())
}

// nestedStringerOf is nestedStringer for the types that own tells are
// interpreted (the session's, or a package file's own: pkgprint.go).
func nestedStringerOf(t types.Type, own func(*types.Named) bool) (typ, method string) {
	n, method := nestedStringerNamed(t, own)
	if n == nil {
		return "", ""
	}
	return n.Obj().Name(), method
}

// nestedStringerNamed is nestedStringerOf returning the type found.
func nestedStringerNamed(t types.Type, own func(*types.Named) bool) (found *types.Named, method string) {
	walkType(t, typePolicy{
		mapKeys: true,
		field: func(_ *types.Named, s *types.Struct, i int) walkStep {
			if s.Field(i).Exported() {
				return walkDescend
			}
			return walkSkip
		},
		visit: func(t types.Type, depth int) walkStep {
			switch x := t.(type) {
			case *types.Pointer:
				n, ok := types.Unalias(x.Elem()).(*types.Named)
				ok = ok && own(n)
				if depth == 0 {
					if ok && stringMethod(x) != "" {
						return walkSkip // fmt calls (*T).String and prints nothing inside
					}
					return walkThrough
				}
				if ok {
					if m := stringMethod(types.NewPointer(n)); m != "" {
						found, method = n, m
						return walkFound
					}
				}
			case *types.Named:
				if !own(x) {
					return walkSkip
				}
				m := stringMethod(x)
				if m != "" && depth > 0 {
					found, method = x, m
					return walkFound
				}
				if m != "" {
					return walkSkip // fmt calls it and prints nothing inside
				}
			}
			return walkDescend
		},
	})
	return found, method
}

// isSessionNamed reports whether n is a non-interface type declared in
// the session.
func isSessionNamed(n *types.Named) bool {
	if n.Obj().Pkg() == nil || n.Obj().Pkg().Name() != "main" {
		return false
	}
	_, isIface := n.Underlying().(*types.Interface)
	return !isIface
}

// stringMethod returns "Error" or "String" when t's method set has that
// method with fmt's signature (Error first, as fmt tries it first), or "".
func stringMethod(t types.Type) string {
	ms := types.NewMethodSet(t)
	for _, name := range []string{"Error", "String"} {
		if fmtErrorMethod(ms.Lookup(nil, name)) { // ptrstring.go
			return name
		}
	}
	return ""
}
