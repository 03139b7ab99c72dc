package gosession

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// Program-like cells: package main with func main.
//
// yaegi v0.16.1 runs a package's main function after every later compile
// once main is defined, so a cell declaring func main() printed its output
// again with every later cell. The session renames a cell's main to
// _activisMain (and calls of main in later cells with it) and runs it once,
// at the end of the cell, when the cell is a program: only imports and
// declarations. A cell with statements runs main only where it calls it.
//
// In a program, package-level variables may be used by functions declared
// before them, and may be initialised by calls of functions declared after
// them. The session runs a `var` of a cell as a statement (yaegi fails on
// package-level vars that use variables of earlier cells), in order, which
// broke both. When a cell has such a forward reference, its var
// declarations whose initialisers use no variable of an earlier cell are
// compiled with the cell's other declarations in one unit, where yaegi
// orders package-level initialisation by dependency as Go does. Written
// for this package.

// mainName is the interpreter's name for the session's main function.
const mainName = "_activisMain"

// programItems returns items with the var declarations of the cell turned
// into declarations when a function refers to a later var or a var to a
// later function, or, in a cell of declarations only, to a later var (see
// the file comment).
func (s *Session) programItems(st *state, items []Item) []Item {
	type info struct {
		defines []string
		refs    map[string]bool
		isVar   bool
		isFunc  bool
	}
	infos := make([]info, len(items))
	for i, it := range items {
		if it.Kind != DeclItem && !(it.Kind == StmtItem && isVarItem(it.Src)) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+it.Src, 0)
		if err != nil {
			return items
		}
		in := info{refs: map[string]bool{}, isVar: it.Kind == StmtItem}
		for _, d := range f.Decls {
			switch x := d.(type) {
			case *ast.FuncDecl:
				// A method refers to later vars as a function does (it
				// defines no name of the cell's scope).
				in.isFunc = true
				if x.Recv == nil {
					in.defines = append(in.defines, x.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range x.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok && x.Tok == token.VAR {
						for _, n := range vs.Names {
							in.defines = append(in.defines, n.Name)
						}
					}
				}
			}
		}
		// The names the item uses but does not declare: not a method's
		// local variable that has a later var's name (`for _, it := range
		// d.items` in a method, beside a later `var it Item = root`).
		for _, id := range f.Unresolved {
			in.refs[id.Name] = true
		}
		infos[i] = in
	}
	// A var referring to a later var counts only in a cell of declarations.
	declsOnly := true
	for _, it := range items {
		if it.Kind == StmtItem && !isVarItem(it.Src) {
			declsOnly = false
		}
	}
	forward := false
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			if !(infos[i].isFunc && infos[j].isVar || infos[i].isVar && (infos[j].isFunc || infos[j].isVar && declsOnly)) {
				continue
			}
			for _, name := range infos[j].defines {
				if infos[i].refs[name] {
					forward = true
				}
			}
		}
	}
	if !forward {
		return items
	}
	g := globals(st)
	s.mu.Lock()
	defer s.mu.Unlock()
	own := map[string]bool{}
	for _, in := range infos {
		for _, n := range in.defines {
			own[n] = true
		}
	}
	out := append([]Item(nil), items...)
	var stmts []int // var items that stay statements
	for i := range out {
		if !infos[i].isVar {
			continue
		}
		earlier := false
		for name := range infos[i].refs {
			if own[name] {
				continue
			}
			if d := st.decls[name]; d != nil && d.Kind == "var" {
				earlier = true
			} else if v, ok := g[name]; ok && d == nil && v.IsValid() && v.Kind() != reflect.Func {
				earlier = true
			}
		}
		if !earlier {
			out[i].Kind = DeclItem
		} else {
			stmts = append(stmts, i)
		}
	}
	// A var that stays a statement moves up to just before the first item
	// that uses it, when it uses nothing declared in between.
	for _, j := range stmts {
		at := -1
		for i := 0; i < j && at < 0; i++ {
			for _, n := range infos[j].defines {
				if infos[i].refs[n] {
					at = i
				}
			}
		}
		if at < 0 {
			continue
		}
		for k := at; k < j; k++ {
			for _, n := range infos[k].defines {
				if infos[j].refs[n] {
					at = -1
				}
			}
		}
		if at < 0 {
			continue
		}
		moved := out[j]
		copy(out[at+1:j+1], out[at:j])
		out[at] = moved
		in := infos[j]
		copy(infos[at+1:j+1], infos[at:j])
		infos[at] = in
	}
	return out
}

// isVarItem reports whether a statement item is a var declaration.
func isVarItem(src string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return false
	}
	gd, ok := f.Decls[0].(*ast.GenDecl)
	return ok && gd.Tok == token.VAR
}

// isProgram reports whether a cell's items are only imports and
// declarations.
func isProgram(items []Item) bool {
	for _, it := range items {
		if it.Kind != ImportItem && it.Kind != DeclItem && !(it.Kind == StmtItem && isVarItem(it.Src)) {
			return false
		}
	}
	return true
}

// renameMain renames a declared func main() of file to mainName, and the
// calls of main when the session has one (see the file comment). It
// reports whether file declares main.
func (s *Session) renameMain(st *state, file *ast.File, isDecl bool) bool {
	declared := false
	for _, d := range file.Decls {
		if !isDecl {
			break // file is the statements' func main() wrapper
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" && fd.Type.Params.NumFields() == 0 && fd.Type.Results == nil {
			fd.Name.Name = mainName
			declared = true
		}
	}
	s.mu.Lock()
	has := st.decls[mainName] != nil
	s.mu.Unlock()
	if !has && !declared {
		return false
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "main" && (id.Obj == nil || id.Obj.Kind == ast.Fun) {
				id.Name = mainName
			}
		}
		return true
	})
	return declared
}

// adjacent reports whether no item lies between the byte offsets end and
// start of a cell (items may be out of text order, see programItems).
func adjacent(items []Item, end, start int) bool {
	if start < end {
		return false
	}
	for _, it := range items {
		if it.Start >= end && it.Start < start {
			return false
		}
	}
	return true
}

// userMain shows the session's main function as main in an error.
func userMain(e *session.ExecError) *session.ExecError {
	if e == nil {
		return nil
	}
	e.Value = strings.ReplaceAll(e.Value, mainName, "main")
	for i, l := range e.Traceback {
		e.Traceback[i] = strings.ReplaceAll(l, mainName, "main")
	}
	return e
}
