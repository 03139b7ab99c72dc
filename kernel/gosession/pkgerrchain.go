package gosession

import (
	"go/ast"
	"go/types"
	"hash/fnv"
	"path/filepath"
	"strconv"
	"strings"
)

// errors.Is and errors.Unwrap in package files.
//
// Compiled errors.Is and errors.Unwrap see a value of a type of a package
// interpreted from source only through yaegi's error wrapper, which has
// no Unwrap or Is method (pkgifaceassert.go): in a package declaring
// `func (w *wrapErr) Unwrap() error`, errors.Unwrap(&wrapErr{…}) gave nil
// and errors.Is through it false, without an error. With the package's
// types, in a package that declares an Unwrap or Is method, calls of
// errors.Is and errors.Unwrap are written as calls of the file's own
// versions, declared on its last line, which ask the package's concrete
// types for those methods before asking the value as it is:
//
//	errors.Is(err, ErrBase)  → _activisIs1a2b(err, ErrBase)
//
// errors.As and Unwrap() []error are not covered, nor a chain that passes
// through a compiled wrapper (fmt.Errorf's %w) to a value of the
// package's types, which comes back as yaegi's wrapper (README lists
// them).

// errChainCall rewrites the call c of errors.Is or errors.Unwrap as above.
func (w *pkgGoWriter) errChainCall(c *ast.CallExpr) {
	if w.types == nil || c.Ellipsis.IsValid() {
		return
	}
	sel, ok := unparen(c.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Is" && sel.Sel.Name != "Unwrap" {
		return
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	pn, ok := w.types.info.Uses[id].(*types.PkgName)
	if !ok || pn.Imported().Path() != "errors" {
		return
	}
	if w.errChain == "" {
		unwraps, iss := w.methodTypes("Unwrap", "func() error"), w.methodTypes("Is", "func(error) bool")
		if len(unwraps)+len(iss) == 0 {
			w.errChain = "-"
		} else {
			h := fnv.New32a()
			h.Write([]byte(filepath.Base(w.at)))
			w.errChain = strconv.FormatUint(uint64(h.Sum32()), 36)
			w.errChainFuncs = w.errChainDecls(unwraps, iss)
		}
	}
	if w.errChain == "-" {
		return
	}
	w.replace(w.off(c.Fun.Pos()), w.off(c.Fun.End()), func() string { return "_activis" + sel.Sel.Name + w.errChain })
}

// methodTypes returns the package-level concrete types of the package
// (and pointers to them), as the file names them, with the method name of
// signature sig that implement error.
func (w *pkgGoWriter) methodTypes(name, sig string) []string {
	var out []string
	scope := w.types.pkg.Scope()
	errType := types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		nt, ok := tn.Type().(*types.Named)
		if !ok || types.IsInterface(nt) || nt.TypeParams().Len() > 0 {
			continue
		}
		for _, t := range []types.Type{nt, types.NewPointer(nt)} {
			sel := types.NewMethodSet(t).Lookup(w.types.pkg, name)
			if sel == nil || !types.Implements(t, errType) || sigString(sel.Type().(*types.Signature)) != sig {
				continue
			}
			if s := w.typeText(t); s != "" {
				out = append(out, s)
			}
			break
		}
	}
	return out
}

// errChainDecls returns the declarations of the file's Is and Unwrap.
func (w *pkgGoWriter) errChainDecls(unwraps, iss []string) string {
	var b strings.Builder
	b.WriteString("func _activisUnwrap" + w.errChain + "(err error) error { ")
	for _, t := range unwraps {
		b.WriteString("if v, ok := err.(" + t + "); ok { return v.Unwrap() }; ")
	}
	b.WriteString("if u, ok := err.(interface{ Unwrap() error }); ok { return u.Unwrap() }; return nil }; ")
	b.WriteString("func _activisIs" + w.errChain + "(err, target error) bool { for err != nil { if err == target { return true }; ")
	for _, t := range iss {
		b.WriteString("if v, ok := err.(" + t + "); ok && v.Is(target) { return true }; ")
	}
	b.WriteString("if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) { return true }; err = _activisUnwrap" + w.errChain + "(err) }; return false }")
	return b.String()
}

// errChainText is the declaration text errChainCall needs, for the
// file's last line.
func (w *pkgGoWriter) errChainText() string {
	if w.errChainFuncs == "" {
		return ""
	}
	sep := "\n" // the last line may end in a comment
	if w.zero != "" || w.minMax != "" {
		sep = "; "
	} else if len(w.src) > 0 && w.src[len(w.src)-1] == '\n' {
		sep = ""
	}
	return sep + w.errChainFuncs
}

// sigString writes sig as a func type without parameter names.
func sigString(sig *types.Signature) string {
	var ps, rs []string
	for i := range sig.Params().Len() {
		ps = append(ps, types.TypeString(sig.Params().At(i).Type(), nil))
	}
	for i := range sig.Results().Len() {
		rs = append(rs, types.TypeString(sig.Results().At(i).Type(), nil))
	}
	return "func(" + strings.Join(ps, ", ") + ") " + strings.Join(rs, ", ")
}
