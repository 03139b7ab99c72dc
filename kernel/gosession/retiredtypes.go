package gosession

import (
	"go/ast"
	"maps"
	"slices"
	"strings"
)

// The versions of a type a later cell declared again.
//
// A type declared again with other fields or methods gets a fresh name in
// the interpreter (names.go's renameTypes: `Sample_v1`), and the values
// made before keep the old type, with its old methods, as README says:
// `data[0].String()` calls the String of the cell that made data. Printing
// those values lost the methods altogether: the print rewrites dispatch on
// the session's types by their interpreter names (stringerCallback,
// typeTable, methodTextAs), which listed only the current versions, so
// after a cell declared `func (s Sample) String() string` again,
// `fmt.Println(data)` printed `[{1 cat}]` where Go prints the String's
// text (`[#1(cat)]`, the old method's), without an error. The session now
// keeps the old versions (retire) and the print rewrites list them too
// (printTypes). The type check lost them too: a variable's recorded type
// names the version it was made with (`[]Sample`), whose declaration the
// new one replaced, so the check of a later cell knew nothing of the
// variable ("undefined: Sample") and the print rewrites that need its type
// (nestedprint.go's walk of a []Sample) left it to fmt. The session's
// source for the check (typecheck.go's snapshotSource) holds the old
// declarations too; the old methods were there already. The newest
// maxRetired are kept; a value of an older one prints its fields, as
// before. Written for this package.

// maxRetired bounds the old versions the print rewrites list: each adds
// its cases to every print call a cell makes.
const maxRetired = 32

// retiredType is an old version of a session type: its declaration as
// the session recorded it (Name the user's name, Src the declaration
// under the interpreter's name).
type retiredType struct {
	decl *decl
}

// retire records the current version of the user's type name, which a
// cell is declaring again. It holds s.mu (see renameTypes).
func (st *state) retire(user string) {
	name, ok := st.typeNames[user]
	d := st.decls[user]
	if !ok || d == nil || d.Kind != "type" || d.Type == nil ||
		strings.HasPrefix(d.Sig, "type "+user+"[") || strings.HasPrefix(d.Sig, "type "+user+" =") {
		return
	}
	if _, iface := d.Type.(*ast.InterfaceType); iface {
		return
	}
	if st.retired == nil {
		st.retired = map[string]*retiredType{}
	}
	if st.retired[name] != nil {
		return
	}
	st.retired[name] = &retiredType{decl: d}
	st.retiredOrder = append(st.retiredOrder, name)
	if len(st.retiredOrder) > maxRetired {
		delete(st.retired, st.retiredOrder[0])
		st.retiredOrder = st.retiredOrder[1:]
	}
}

// retiredTypes lists the old versions of the session's types, with the
// methods they were declared with.
func (sc sessionScope) retiredTypes() []*namedType {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	all := map[string]*namedType{}
	for name, rt := range sc.st.retired {
		all[name] = &namedType{name: name, user: rt.decl.Name, under: rt.decl.Type, methods: map[string]bool{}, ptrMethods: map[string]bool{}}
	}
	for recv, ms := range sc.st.methods {
		if all[recv] == nil {
			continue
		}
		for m, d := range ms {
			if _, ptr := pointerReceiver(d.Sig); ptr {
				addMethod(all, &ast.StarExpr{X: ast.NewIdent(recv)}, m, d.Type)
			} else {
				addMethod(all, ast.NewIdent(recv), m, d.Type)
			}
		}
	}
	return slices.Collect(maps.Values(all))
}

// printTypes returns the session's types (sessionTypes) with their old
// versions, by interpreter name, for the print rewrites.
func (r *rewriter) printTypes() map[string]*namedType {
	all := r.sessionTypes()
	if r.retired == nil {
		r.retired = []*namedType{}
		if k, ok := r.sc.(interface{ retiredTypes() []*namedType }); ok {
			r.retired = k.retiredTypes()
		}
	}
	if len(r.retired) == 0 {
		return all
	}
	out := maps.Clone(all)
	for _, t := range r.retired {
		if out[t.name] == nil {
			out[t.name] = t
		}
	}
	return out
}
