package gosession

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/token"
	"go/version"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Go 1.22 loop variables in packages interpreted from source.
//
// yaegi v0.16.1 shares one variable across the iterations of a loop, as Go
// did before 1.22. The go command gives each iteration its own copy of the
// variables a loop statement defines when the module's go.mod says go
// 1.22 or later, and shares them otherwise. A package file of such a
// module whose loop body captures a loop variable in a function literal or
// takes its address (captures, loopvar.go) is served with the loop
// written as the cells' loops are (loopvar.go), on the same lines:
//
//	for k, v := range x {              → for _activisL1_k, _activisL2_v := range x { k, v := _activisL1_k, _activisL2_v; {
//	for i := 0; i < n; i++ {           → for i := 0; i < n; i++ { i := i; {        (the body never changes i)
//	L: for i := 0; i < n; i++ { … }    → { i := 0; _activisP1 := &i; L: for _activisF2 := true; ; _activisF2 = false {
//	                                        i := *_activisP1; _activisP1 = &i; if !_activisF2 { i++ }; if !(i < n) { break }; { … } } }
//
// (the last when the body changes i: the new iteration's copy starts from
// the value the previous one ended with, Go 1.22's copy-back). The body
// keeps a block of its own, where it may declare the variables again. A module
// without a go directive, or one before 1.22, keeps the shared variables,
// as the go command does.

// perIterationLoops is the first language version with a variable per
// loop iteration.
const perIterationLoops = "go1.22"

// moduleGoVersions caches the go version of the module of a directory.
var moduleGoVersions sync.Map // directory -> "go1.N" or ""

// fileGoVersion returns the go version ("go1.22") that the go.mod nearest
// above the package file name states, or "" (no go.mod, or no go line).
func fileGoVersion(name string) string {
	dir := filepath.Dir(name)
	if v, ok := moduleGoVersions.Load(dir); ok {
		return v.(string)
	}
	v := ""
	if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
		v = goDirective(b)
	} else if parent := filepath.Dir(dir); parent != dir {
		v = fileGoVersion(filepath.Join(parent, "x.go"))
	}
	moduleGoVersions.Store(dir, v)
	return v
}

// goDirective returns the version of a go.mod's go line as "go1.N", or "".
func goDirective(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] == "go" && version.IsValid("go"+f[1]) {
			return "go" + f[1]
		}
	}
	return ""
}

// loopVars writes loop statement s (a *ast.RangeStmt or *ast.ForStmt,
// labelled by label when not nil) with a variable per iteration, when its
// body captures one of the variables it defines.
func (w *pkgGoWriter) loopVars(s ast.Stmt, label *ast.LabeledStmt) {
	switch x := s.(type) {
	case *ast.RangeStmt:
		if x.Tok != token.DEFINE {
			return
		}
		vars := definedIdents([]ast.Expr{x.Key, x.Value})
		if len(vars) == 0 || !captures(x.Body, vars) {
			return
		}
		var names, temps []string
		for _, v := range vars {
			t := w.temp("L") + "_"
			w.before[w.off(v.Pos())] += t
			names, temps = append(names, v.Name), append(temps, t+v.Name)
		}
		w.bodyStart(x.Body, " "+strings.Join(names, ", ")+" := "+strings.Join(temps, ", ")+";")
	case *ast.ForStmt:
		init, ok := x.Init.(*ast.AssignStmt)
		if !ok || init.Tok != token.DEFINE {
			return
		}
		vars := definedIdents(init.Lhs)
		if len(vars) == 0 || !captures(x.Body, vars) {
			return
		}
		var names []string
		for _, v := range vars {
			names = append(names, v.Name)
		}
		list := strings.Join(names, ", ")
		if !assigns(x.Body, vars) {
			w.bodyStart(x.Body, " "+list+" := "+list+";")
			return
		}
		w.copyBackLoop(x, label, names)
	}
}

// bodyStart inserts text after the opening brace of body, and opens a
// block of its own for the body's statements, which may declare the loop
// variables again (`x := x - 70`: "no new variables on left side of :=").
func (w *pkgGoWriter) bodyStart(body *ast.BlockStmt, text string) {
	at := w.off(body.Lbrace) + 1
	if len(body.List) == 0 { // nothing to declare (and `{}` has one offset inside)
		w.after[at] += text
		return
	}
	w.after[at] += text + " {"
	w.before[w.off(body.Rbrace)] += "} "
}

// copyBackLoop writes three-clause loop x, whose body changes the loop
// variables names, with Go 1.22's copy-back (see the file comment): the
// header, from its label, is replaced, and a brace closes the block after
// the loop.
func (w *pkgGoWriter) copyBackLoop(x *ast.ForStmt, label *ast.LabeledStmt, names []string) {
	start := x.Pos()
	if label != nil {
		start = label.Pos()
	}
	var ptrs, addrs, derefs []string
	for _, n := range names {
		ptrs, addrs, derefs = append(ptrs, w.temp("P")), append(addrs, "&"+n), nil
	}
	for _, p := range ptrs {
		derefs = append(derefs, "*"+p)
	}
	first := w.temp("First")
	list := strings.Join(names, ", ")
	lo, hi := w.off(start), w.off(x.Body.Lbrace)+1
	if !w.replace(lo, hi, func() string {
		var b strings.Builder
		b.WriteString("{ " + w.node(x.Init) + "; ")
		b.WriteString(strings.Join(ptrs, ", ") + " := " + strings.Join(addrs, ", ") + "; ")
		if label != nil {
			b.WriteString(label.Label.Name + ": ")
		}
		b.WriteString("for " + first + " := true; ; " + first + " = false { ")
		b.WriteString(list + " := " + strings.Join(derefs, ", ") + "; ")
		b.WriteString(strings.Join(ptrs, ", ") + " = " + strings.Join(addrs, ", ") + "; ")
		if x.Post != nil {
			b.WriteString("if !" + first + " { " + w.node(x.Post) + " }; ")
		}
		if x.Cond != nil {
			b.WriteString("if !(" + w.node(x.Cond) + ") { break }; ")
		}
		if len(x.Body.List) == 0 {
			return b.String()
		}
		return b.String() + "{" // the body's own block (bodyStart)
	}) {
		return
	}
	if len(x.Body.List) > 0 {
		w.before[w.off(x.Body.Rbrace)] += "} "
	}
	end := w.off(x.End())
	w.after[end] = " }" + w.after[end]
}
