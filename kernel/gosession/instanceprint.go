package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
)

// Instances of the session's generic types with a String or Error method,
// printed from an interface.
//
// yaegi v0.16.1 keeps a value of an instance of a generic type stored in
// an `any` without its methods: `var o any = Opt[int]{3}` then
// `fmt.Println(o)` printed `{3}` where Go prints `Opt(3)` (plain yaegi
// too), so did a value made into an `any` inside generic code
// (`heap.Pop(q)` of a `*PQ[Pair[string, float64]]` whose Pop returns an
// element: `{z 0.5}` for `z=0.5`), and `fmt.Println(xs...)` of an []any
// holding one printed yaegi's wrapper (`{0xc000… {0x… 0x… 409}}`), each
// without an error. The print rewrites of fmttype.go, which call the
// String or Error method of the session value an interface holds by
// asserting it to each session type, listed the session's declared types
// only. They now also assert to the instances the session has seen
// (printInstances): the instances of generic types with such a method
// that the type check found in the types of a group's expressions, kept
// by the session once the group compiled (state.instances). The
// assertion tells instances apart: generic struct types carry their
// name in a tag as other struct types do (structmark.go), so no other
// type of the session has their run-time type. An instance no checked
// code of the session named prints its fields, as before. Inside a value
// printed whole (`fmt.Println([]any{o, p})`) the walk of nestedprint.go
// prints it: its table lists the instances seen (instanceRoots) and it
// reads yaegi's name of the instance in its wrapper (instanceName,
// misnamedStruct). Written for this package.

// instancesSeen returns the instances of the session's generic types,
// written as the session's source writes them (`Opt[int]`,
// `Pair[string, float64]`), that the type check of the group found in
// the types of its expressions, through pointers, elements, map keys and
// type arguments; instances naming a type parameter are left out.
func (r *rewriter) instancesSeen() []string {
	if r.oracle == nil || r.oracle.pkg == nil {
		return nil
	}
	if r.instanceTexts != nil {
		return r.instanceTexts // the rewrite's, read again by record
	}
	seen := map[string]bool{}
	var policy typePolicy
	policy = typePolicy{
		mapKeys: true,
		field:   func(*types.Named, *types.Struct, int) walkStep { return walkSkip },
		visit: func(t types.Type, _ int) walkStep {
			n, ok := types.Unalias(t).(*types.Named)
			if !ok || n.Obj().Pkg() != r.oracle.pkg || n.TypeArgs().Len() == 0 {
				return walkDescend
			}
			if holdsTypeParam(n, map[types.Type]bool{}) {
				return walkSkip
			}
			if e := r.oracle.expr(n); e != nil {
				seen[types.ExprString(e)] = true
			}
			for i := range n.TypeArgs().Len() {
				walkType(n.TypeArgs().At(i), policy)
			}
			return walkDescend
		},
	}
	for _, tv := range r.oracle.info.Types {
		if tv.Type != nil {
			walkType(tv.Type, policy)
		}
	}
	r.instanceTexts = sortedKeys(seen)
	return r.instanceTexts
}

// printInstances returns the instances of the session's generic types
// with a String or Error method that the session has seen (see above),
// at pos.
func (r *rewriter) printInstances(pos token.Pos) []genericInst {
	var out []genericInst
	for _, in := range r.genericInstances(pos, r.seenInstanceExprs()) { // genericinst.go
		// Not the instances of a generic type the group declares: its
		// methods, which may print its instances, are compiled with the
		// instances, and a String calling String failed ("undefined
		// selector: String").
		if !in.g.cell && (in.g.fmtMethod(false) != "" || in.g.fmtMethod(true) != "") {
			out = append(out, in)
		}
	}
	return out
}

// seenInstanceExprs returns the instances the session and the group have
// seen (see above) that name only packages the group names, parsed once.
func (r *rewriter) seenInstanceExprs() []ast.Expr {
	if !r.genericTypes() {
		return nil
	}
	if r.seenInstances == nil {
		names := map[string]bool{}
		if k, ok := r.sc.(interface{ knownInstances() []string }); ok {
			for _, s := range k.knownInstances() {
				names[s] = true
			}
		}
		for _, s := range r.instancesSeen() {
			names[s] = true
		}
		r.seenInstances = []ast.Expr{}
		var used map[string]bool
		if r.root != nil {
			used = pkgRefs(r.root) // typecheck.go
		}
		for _, s := range sortedKeys(names) {
			if e, err := parser.ParseExpr(s); err == nil && packagesUsed(e, used) {
				r.seenInstances = append(r.seenInstances, e)
			}
		}
	}
	return r.seenInstances
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// knownInstances returns the instances the session has seen (see above).
func (sc sessionScope) knownInstances() []string {
	sc.s.mu.Lock()
	defer sc.s.mu.Unlock()
	return sortedKeys(sc.st.instances)
}

// noteInstances keeps the instances the group rw rewrote names, once it
// compiled. It holds s.mu (see record).
func (st *state) noteInstances(rw *rewriter) {
	if rw == nil {
		return
	}
	for _, s := range rw.instancesSeen() {
		if st.instances == nil {
			st.instances = map[string]bool{}
		}
		st.instances[s] = true
	}
}

// printMethods reports whether a value the session prints from an
// interface may need a method of the session called: a type of the
// session, or an instance it has seen, has methods.
func (r *rewriter) printMethods(pos token.Pos) bool {
	for _, t := range r.printTypes() { // retiredtypes.go
		if t.hasMethods() {
			return true
		}
	}
	return len(r.printInstances(pos)) > 0
}

// typeNameInstances returns the instances of the session's generic types
// the session has seen (see above), of the types the group does not
// declare, at pos: %T asserts a value to each.
func (r *rewriter) typeNameInstances(pos token.Pos) []genericInst {
	var out []genericInst
	for _, in := range r.genericInstances(pos, r.seenInstanceExprs()) {
		if !in.g.cell {
			out = append(out, in)
		}
	}
	return out
}

// packagesUsed reports whether every package e names (`time` of
// `G[S, time.Duration]`) is among used, the packages the group names:
// yaegi resolves a package name through the imports of the group's own
// file, and a group that names no time failed ("undefined: time").
func packagesUsed(e ast.Expr, used map[string]bool) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, isSel := n.(*ast.SelectorExpr); isSel {
			if id, isID := sel.X.(*ast.Ident); isID && !used[id.Name] {
				ok = false
			}
			return false
		}
		return ok
	})
	return ok
}
