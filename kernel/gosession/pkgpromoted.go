package gosession

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Methods promoted from embedded fields of compiled types.
//
// yaegi v0.16.1 does not find a method that a struct type declared in
// interpreted code gets from an embedded field of a compiled type (an
// embedded *csv.Writer, *bytes.Buffer, time.Duration, sync.Mutex) when it
// is called through an interface: github.com/gocarina/gocsv's SafeCSVWriter
// embeds a *csv.Writer, and its encoder's `writer.Error()` through its
// CSVWriter interface panicked, "method not found: Error", so
// gocsv.Marshal failed on every call; `var s fmt.Stringer = Stamp{…}` for
// a struct embedding time.Duration panicked the same at s.String(), and a
// *Counter embedding sync.Mutex was "cannot use type *main.Counter as type
// main.Locker". Called on the struct itself the promoted method works.
//
// So each such struct type gets the promoted methods declared, forwarding
// to the field, as Go's promotion defines them: a method in the value's
// method set gets a value receiver, one only in the pointer's a pointer
// receiver, after the file's last line:
//
//	type SafeCSVWriter struct { *csv.Writer; m sync.Mutex }
//	→ func (_activisR SafeCSVWriter) Error() error { return _activisR.Writer.Error() }
//
// Only exported methods one embedding level down (forwardable), of a
// compiled named type that is not an interface (embediface.go handles
// those), for struct types that are not generic, and only where the file
// can name every type of the signature. Written for this package.

// promotedForwarders returns the declarations of the promoted methods of
// the package-level struct types declared in f (see above).
func (w *pkgGoWriter) promotedForwarders(f *ast.File) string {
	if w.types == nil {
		return ""
	}
	var b strings.Builder
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			if ts.TypeParams != nil || ts.Assign.IsValid() {
				continue
			}
			tn, ok := w.types.info.Defs[ts.Name].(*types.TypeName)
			if !ok {
				continue
			}
			named, ok := tn.Type().(*types.Named)
			if !ok {
				continue
			}
			for _, fw := range promotedCompiled(named, w.types.pkg) {
				if text := w.forwarderText(ts.Name.Name, fw); text != "" {
					b.WriteString(text)
				}
			}
		}
	}
	return b.String()
}

// compiledPromotion is a method a struct type gets from an embedded field of
// a compiled type: the field, the method, whether the value's method set
// has it (else only the pointer's), and its selection (embedforward.go
// writes the cells' forwarders from it).
type compiledPromotion struct {
	field *types.Var
	fn    *types.Func
	value bool
	sel   *types.Selection // in the pointer's method set
}

// promotedCompiled returns the exported methods named (a struct type of
// package own) gets from embedded fields of compiled named non-interface
// types, one level down (see above).
func promotedCompiled(named *types.Named, own *types.Package) []compiledPromotion {
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	valueSet := types.NewMethodSet(named)
	var out []compiledPromotion
	ptrSet := types.NewMethodSet(types.NewPointer(named))
	for i := range ptrSet.Len() {
		sel := ptrSet.At(i)
		fn, ok := sel.Obj().(*types.Func)
		if !ok || len(sel.Index()) != 2 || !forwardable(fn) {
			continue
		}
		field := st.Field(sel.Index()[0])
		if !field.Embedded() || !compiledConcrete(field.Type(), own) {
			continue
		}
		out = append(out, compiledPromotion{field: field, fn: fn, value: valueSet.Lookup(fn.Pkg(), fn.Name()) != nil, sel: sel})
	}
	return out
}

// forwardable reports whether the promoted method fn gets a forwarder:
// exported, and not a Format that is not fmt.Formatter's (time.Time's
// Format(string) string), which the interpreter, matching fmt's
// interfaces by name, would give fmt to call as Format(fmt.State, rune):
// printing a struct embedding time.Time fails either way, and without
// the forwarder it names the method ("method not found: Format").
func forwardable(fn *types.Func) bool {
	if !fn.Exported() {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && (fn.Name() != "Format" || sig.Params().Len() == 2 && sig.Results().Len() == 0)
}

// compiledConcrete reports whether t is a named type of a compiled
// package (or a pointer to one) that is not an interface.
func compiledConcrete(t types.Type, own *types.Package) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || !compiledPackage(n.Obj().Pkg(), own) {
		return false
	}
	return !types.IsInterface(n)
}

// forwarderText writes the declaration of fw for the type typeName, or ""
// where the file cannot name a type of its signature.
func (w *pkgGoWriter) forwarderText(typeName string, fw compiledPromotion) string {
	sig, ok := fw.fn.Type().(*types.Signature)
	if !ok {
		return ""
	}
	recv := typeName
	if !fw.value {
		recv = "*" + typeName
	}
	var params, args []string
	for i := range sig.Params().Len() {
		t := sig.Params().At(i).Type()
		name := "_activisA" + strconv.Itoa(i)
		arg := name
		if sig.Variadic() && i == sig.Params().Len()-1 {
			t = t.(*types.Slice).Elem()
			text := w.typeText(t)
			if text == "" {
				return ""
			}
			params = append(params, name+" ..."+text)
			args = append(args, arg+"...")
			continue
		}
		text := w.typeText(t)
		if text == "" {
			return ""
		}
		params = append(params, name+" "+text)
		args = append(args, arg)
	}
	var results []string
	for i := range sig.Results().Len() {
		text := w.typeText(sig.Results().At(i).Type())
		if text == "" {
			return ""
		}
		results = append(results, text)
	}
	call := "_activisR." + fw.field.Name() + "." + fw.fn.Name() + "(" + strings.Join(args, ", ") + ")"
	if len(results) > 0 {
		call = "return " + call
	}
	return "\nfunc (_activisR " + recv + ") " + fw.fn.Name() + "(" + strings.Join(params, ", ") + ") (" + strings.Join(results, ", ") + ") { " + call + " }"
}
