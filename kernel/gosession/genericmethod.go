package gosession

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"
)

// Methods of the same name on two generic types.
//
// yaegi v0.16.1 keeps the methods it instantiates for a generic type
// under the method's name and the type arguments, not the type: after
// `type Opt[T any] struct{…}` and `type Box[T any] struct{…}` each
// declared String in an earlier cell, Box[string]'s String ran Opt[string]'s
// once that had been made (or the other way round): a panic
// ("reflect.Set: value of type struct { V string } is not assignable to
// type struct { Xv string …}") where the types' fields differ, the other
// type's method without an error where they match (Stack[T] and Queue[T]
// with one items field). The session refuses a method declared on a
// generic type when another generic type of the session, or of the cell,
// declares a method of that name, saying to rename one. A cell that
// declares func main runs as a program in one go, where yaegi keeps them
// apart (GOROOT's typeparam/issue48049.go), so it is let through, and the
// later cells that name one of those types are refused instead. Written
// for this package.

// genericMethodClash returns the error refusing the methods of file
// described above, or nil.
func (s *Session) genericMethodClash(st *state, file *ast.File) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	owners := map[string]map[string]bool{} // method -> generic types declaring it
	add := func(m, t string) {
		if owners[m] == nil {
			owners[m] = map[string]bool{}
		}
		owners[m][t] = true
	}
	for t, ms := range st.methods {
		if st.genericTypes[t] == nil {
			continue
		}
		for m := range ms {
			add(m, t)
		}
	}
	if err := usesClash(st, file); err != nil {
		return err
	}
	program := false
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			program = true
		}
	}
	for _, d := range file.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 {
			continue
		}
		rt := fd.Recv.List[0].Type
		if star, ok := rt.(*ast.StarExpr); ok {
			rt = star.X
		}
		switch rt.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
		default:
			continue
		}
		t := typeName(rt)
		add(fd.Name.Name, t)
		if len(owners[fd.Name.Name]) > 1 {
			var others []string
			for o := range owners[fd.Name.Name] {
				if o != t {
					others = append(others, o)
				}
			}
			sort.Strings(others)
			if program {
				if st.genericClash == nil {
					st.genericClash = map[string]string{}
				}
				for _, n := range append(others, t) {
					st.genericClash[n] = fmt.Sprintf("%s and %s both declare a method %s", strings.Join(others, " and "), t, fd.Name.Name)
				}
				continue
			}
			return fmt.Errorf("method %[1]s of the generic type %[2]s: the generic type %[3]s has a method %[1]s too, and the interpreter mixes up "+
				"the methods of two generic types' instances that have the same name and type arguments (%[2]s[string].%[1]s would run %[3]s[string].%[1]s, "+
				"or the other way round); give one of the methods another name (%[1]s%[2]s), or declare one of the types without type parameters: %[4]w",
				fd.Name.Name, t, strings.Join(others, " and "), ErrUnsupported)
		}
	}
	return nil
}

// usesClash returns the error refusing a file that names a generic type of
// st.genericClash (see above), or nil; a file declaring such a type again
// ends its entry.
func usesClash(st *state, file *ast.File) error {
	declared := map[string]bool{}
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					declared[ts.Name.Name] = true
				}
			}
		}
	}
	var err error
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && err == nil && !declared[id.Name] && st.genericClash[id.Name] != "" {
			err = fmt.Errorf("%s: the generic types %s, and outside the program cell that declared them the interpreter mixes up the "+
				"methods of two generic types' instances that have the same name and type arguments; declare the types again with "+
				"the methods renamed: %w", id.Name, st.genericClash[id.Name], ErrUnsupported)
		}
		return err == nil
	})
	if err == nil {
		for n := range declared {
			delete(st.genericClash, n)
		}
	}
	return err
}
