package gosession

import (
	"fmt"
	"go/types"
	"sort"
	"strings"
)

// The errors walk through a third-party package's own error types.
//
// The cells' errors.Is, errors.As and errors.Unwrap (errorchain.go) walk a
// chain by asserting each error to the types they know, which a cell can
// only name when they are exported: github.com/pkg/errors' Wrap returns an
// unexported *withStack, github.com/hashicorp/go-multierror's Unwrap an
// unexported chain, and compiled errors.Is sees them through yaegi's
// wrapper, which has no Unwrap method. So `errors.Is(pkgerrors.Wrap(err,
// "loading"), err)` was false in a cell, and so was errors.Is of a
// multierror holding err (Go: true), without an error. A package
// interpreted from source that declares error types with Unwrap, Is or As
// methods (errorHookTypes) is given, in the file declaring the first of
// them, an exported function that does the walk's step for its values,
// as the cells' step does for the session's (the package's types are
// named there, exported or not):
//
//	func Activis_ErrorStep(e, t error, p any) (next error, multi []error, kind int, eq, is, as bool)
//
// with kind -1 for an error that is not of those types; the cells' step
// asks each such package imported in the session after its own types.
// A struct type with those methods on value receivers is asserted as
// itself and through its pointer (its values reach an error in a wrapper
// that asserts back, pkgstructwrap.go). Written for this package.

// errorHookName is the exported function the package rewrite adds.
const errorHookName = "Activis_ErrorStep"

// errorHookTypes returns the types of p the hook asserts errors to (T or
// *T, sorted by name): concrete types whose method set has Error and one
// of Unwrap, Is or As with the errors package's signatures.
func errorHookTypes(p *types.Package) []types.Type {
	var out []types.Type
	for _, n := range concreteTypesOf(p) { // pkgtypes.go
		for _, t := range []types.Type{n, types.NewPointer(n)} {
			sig := hookSigs(t)
			if sig("Error") == "func() string" && errorMethods(sig) != "" {
				out = append(out, t)
				if _, isStruct := n.Underlying().(*types.Struct); !isStruct {
					break // a pointer to it is a value of its own
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// hookSigs is typeMethodSigs with `As(interface{}) bool` read as the
// errors package's `As(any) bool`.
func hookSigs(t types.Type) func(string) string {
	sig := typeMethodSigs(t)
	return func(name string) string {
		return strings.ReplaceAll(sig(name), "interface{}", "any")
	}
}

// errorHookText returns the hook's declaration for the file's last line
// when this file declares the first of the package's hook types, else "".
func (w *pkgGoWriter) errorHookText() string {
	if w.types == nil {
		return ""
	}
	hooked := w.types.hookTypes() // pkgtypes.go: once per package, not per file
	if len(hooked) == 0 || w.types.pkg.Scope().Lookup(errorHookName) != nil {
		return ""
	}
	first := hooked[0]
	if p, ok := first.(*types.Pointer); ok {
		first = p.Elem()
	}
	if f := w.fset.File(first.(*types.Named).Obj().Pos()); f == nil || f.Base() != w.base {
		return ""
	}
	var b strings.Builder
	b.WriteString("\nfunc " + errorHookName + "(_activisE, _activisT error, _activisP any) (error, []error, int, bool, bool, bool) {\n")
	b.WriteString("\t_activisEq, _activisIs, _activisAs := false, false, false\n")
	for _, t := range hooked {
		name := types.TypeString(t, types.RelativeTo(w.types.pkg))
		fmt.Fprintf(&b, "\tif _activisX, _activisOK := _activisE.(%s); _activisOK {\n", name)
		if types.Comparable(t) {
			fmt.Fprintf(&b, "\t\tif _activisY, _activisOK := _activisT.(%s); _activisOK {\n\t\t\t_activisEq = _activisX == _activisY\n\t\t}\n", name)
		}
		b.WriteString(errorMethods(hookSigs(t)))
		b.WriteString("\t}\n")
	}
	b.WriteString("\treturn nil, nil, -1, false, false, false\n}\n")
	return b.String()
}

// errorHookCalls returns the cells' step's calls of the hooks of the
// packages interpreted from source that the session imports (see above).
func (r *rewriter) errorHookCalls() string {
	var b strings.Builder
	for _, p := range r.sourcePackages() { // sourceiface.go
		if len(errorHookTypes(p)) == 0 || p.Scope().Lookup(errorHookName) != nil {
			continue
		}
		fmt.Fprintf(&b, "\tif _activisN, _activisM, _activisK, _activisQ, _activisI, _activisA := %s.%s(_activisE, _activisT, _activisP); _activisK >= 0 {\n"+
			"\t\treturn _activisN, _activisM, _activisK, _activisQ, _activisI, _activisA\n\t}\n", r.oracle.names[p.Path()], errorHookName)
	}
	return b.String()
}
