package gosession

import (
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// //go:embed in package files.
//
// yaegi v0.16.1 ignores the //go:embed directive: a variable it fills is
// left empty, without an error. github.com/go-echarts/go-echarts embeds
// its HTML templates as strings (`//go:embed chart.tpl` over `var
// ChartTpl string`), so a chart's Render wrote nothing and returned nil.
// A string or []byte variable of a package file, with the directive and
// one file pattern, gets the file's contents as its value, on its line:
//
//	//go:embed chart.tpl
//	var ChartTpl string
//	→ var ChartTpl string = "{{- define \"chart\" }}\n…"
//
// An embed.FS variable (or a directive that names no file, several files
// or a directory) panics where the package is initialised, naming the
// file, the line and the workaround, instead of reading as empty. A cell,
// which has no package directory, is refused before it runs (cellEmbed).
// Written for this package.

// embedVars gives the //go:embed variables of the declarations of f,
// the file name, their contents (see above).
func (w *pkgGoWriter) embedVars(f *ast.File, name string) {
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR || g.Lparen.IsValid() || len(g.Specs) != 1 {
			continue
		}
		patterns := embedPatterns(w.src[:w.off(g.Pos())])
		if patterns == nil {
			continue
		}
		spec := g.Specs[0].(*ast.ValueSpec)
		if len(spec.Names) != 1 || len(spec.Values) != 0 || spec.Type == nil {
			continue
		}
		end := w.off(spec.Type.End())
		kind := embedKind(spec.Type)
		var data []byte
		var problem string
		switch {
		case kind == "":
			problem = "a //go:embed variable of type " + w.raw(spec.Type) + " is not filled by the interpreter (the session fills string and []byte ones)"
		case len(patterns) != 1:
			problem = "a //go:embed " + kind + " variable names more than one file"
		default:
			var err error
			data, err = os.ReadFile(filepath.Join(filepath.Dir(name), filepath.FromSlash(patterns[0])))
			if err != nil {
				problem = "the file of //go:embed " + patterns[0] + " cannot be read: " + err.Error()
			}
		}
		if problem != "" {
			w.runtime = true
			msg := w.where(spec.Pos()) + ": " + problem + "; compile the package into the kernel instead: activis-kernel build --with MODULE"
			w.after[end] += " = func() " + w.raw(spec.Type) + " { panic(" + pkgRuntimeName + ".Refused(" + strconv.Quote(msg) + ")) }()"
			continue
		}
		lit := strconv.Quote(string(data))
		if kind == "[]byte" {
			lit = "[]byte(" + lit + ")"
		}
		w.after[end] += " = " + lit
	}
}

// embedPatterns returns the patterns of the //go:embed lines of the
// comment lines that end before, the text before a declaration (the
// files are parsed without comments), or nil for none.
func embedPatterns(before []byte) []string {
	lines := strings.Split(string(before), "\n")
	if len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1] // the declaration's own line, before it
	}
	var out []string
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(line, "//") {
			break
		}
		rest, ok := embedDirective(line)
		if !ok {
			continue
		}
		if out == nil {
			out = []string{}
		}
		for _, p := range strings.Fields(rest) {
			if u, err := strconv.Unquote(p); err == nil {
				p = u
			}
			out = append(out, p)
		}
	}
	return out
}

// embedKind returns "string" or "[]byte" for the type expression of a
// //go:embed variable of that type, "" for another (embed.FS).
func embedKind(t ast.Expr) string {
	switch x := t.(type) {
	case *ast.Ident:
		if x.Name == "string" {
			return "string"
		}
	case *ast.ArrayType:
		if id, ok := x.Elt.(*ast.Ident); ok && x.Len == nil && (id.Name == "byte" || id.Name == "uint8") {
			return "[]byte"
		}
	}
	return ""
}

// embedDirective returns what follows //go:embed on the trimmed line, and
// whether the line is that directive.
func embedDirective(line string) (rest string, ok bool) {
	rest, ok = strings.CutPrefix(line, "//go:embed")
	return rest, ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// cellEmbed refuses a cell with a //go:embed line (see above), naming the
// line and the workaround; nil for none.
func cellEmbed(c *cell, src string) *session.ExecError {
	for i, line := range strings.Split(src, "\n") {
		if rest, ok := embedDirective(strings.TrimSpace(line)); ok {
			msg := fmt.Sprintf("%s line %d: //go:embed in a cell: the interpreter would leave the variable empty (a cell has no package directory); "+
				"read the file instead, b, err := os.ReadFile(%q): %v", c.name, i+1, strings.TrimSpace(rest), ErrUnsupported)
			return &session.ExecError{Name: "unsupported", Value: msg, Traceback: []string{"unsupported: " + msg}}
		}
	}
	return nil
}
