package gosession

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"time"

	"github.com/activis-go/activis/kernel/session"
)

// segment is a magic line or a stretch of Go code of a cell. Go code keeps
// its cell line numbers: earlier lines are blank.
type segment struct {
	magic string
	code  string
}

// isMagicLine reports whether a cell line is a magic: %name, !command,
// ?name, or name? alone.
func isMagicLine(line string) bool {
	t := strings.TrimRight(line, " \t\r")
	if t == "" {
		return false
	}
	switch t[0] {
	case '%', '!', '?':
		return true
	}
	if strings.HasSuffix(t, "?") && !strings.ContainsAny(t, " \t(){}\"'`") {
		return true
	}
	return false
}

// splitMagics cuts a cell into magic lines and Go code.
func splitMagics(code string) []segment {
	lines := strings.Split(code, "\n")
	var segs []segment
	start := -1
	flushGo := func(end int) {
		if start < 0 {
			return
		}
		segs = append(segs, segment{code: strings.Repeat("\n", start) + strings.Join(lines[start:end], "\n")})
		start = -1
	}
	var open byte // '*' inside a block comment, '`' inside a raw string
	for i, l := range lines {
		if open == 0 && isMagicLine(l) {
			flushGo(i)
			segs = append(segs, segment{magic: strings.TrimSpace(l)})
			continue
		}
		if start < 0 {
			start = i
		}
		open = continuedToken(l, open)
	}
	flushGo(len(lines))
	return segs
}

// continuedToken returns what a Go line of a cell leaves open for the
// next line: '*' for a block comment, '`' for a raw string, or 0, given
// what was open before it. A line inside one is never a magic: a raw
// string holding "%d items" or "!important" at the start of a line, or a
// block comment of program output ("!+output"), split the cell there and
// ran the line as a magic (a shell command for "!").
func continuedToken(line string, open byte) byte {
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch open {
		case '*':
			if c == '*' && i+1 < len(line) && line[i+1] == '/' {
				open, i = 0, i+1
			}
			continue
		case '`':
			if c == '`' {
				open = 0
			}
			continue
		}
		switch c {
		case '/':
			if i+1 < len(line) && line[i+1] == '/' {
				return 0
			}
			if i+1 < len(line) && line[i+1] == '*' {
				open, i = '*', i+1
			}
		case '`':
			open = '`'
		case '"', '\'':
			// An interpreted string or rune literal ends on its line.
			for i++; i < len(line) && line[i] != c; i++ {
				if line[i] == '\\' {
					i++
				}
			}
		}
	}
	return open
}

// magic runs one magic line. With rest set, the magic consumed the rest of
// the cell (%time).
func (s *Session) magic(c *cell, m string, next []segment) (session.ExecuteResult, bool) {
	switch {
	case strings.HasPrefix(m, "!"):
		return session.ExecuteResult{Err: s.shell(c, strings.TrimSpace(m[1:]))}, false
	case strings.HasPrefix(m, "?") || strings.HasSuffix(m, "?"):
		name := strings.Trim(m, "? ")
		detail := 0
		if strings.HasPrefix(m, "??") || strings.HasSuffix(m, "??") {
			detail = 1
		}
		text, ok := s.doc(name, detail)
		if !ok {
			text = fmt.Sprintf("No documentation found for %s.", name)
		}
		return pageResult(text), false
	}
	name, arg, _ := strings.Cut(strings.TrimLeft(m, "%"), " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "help":
		return pageResult(helpText), false
	case "time":
		start := time.Now()
		var res session.ExecuteResult
		if arg != "" {
			if e := s.runGo(c, arg); e != nil {
				res.Err = e
			}
		}
		if res.Err == nil {
			for i, seg := range next {
				if seg.magic != "" {
					r, rest := s.magic(c, seg.magic, next[i+1:])
					if r.Err != nil || rest {
						res = r
						break
					}
					continue
				}
				if e := s.runGo(c, seg.code); e != nil {
					res.Err = e
					break
				}
			}
		}
		c.out.Stream("stdout", fmt.Sprintf("time: %v\n", time.Since(start).Round(time.Microsecond)))
		return res, true
	case "who":
		c.out.Stream("stdout", s.who())
		return session.ExecuteResult{}, false
	case "env":
		return session.ExecuteResult{Err: s.env(c, arg)}, false
	case "go":
		return session.ExecuteResult{Err: s.goMagic(c, arg)}, false
	}
	msg := fmt.Sprintf("unknown magic %%%s; %%help lists the magics", name)
	return session.ExecuteResult{Err: &session.ExecError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}}, false
}

// pageResult returns a pager payload, as IPython's ? does.
func pageResult(text string) session.ExecuteResult {
	return session.ExecuteResult{Payload: []map[string]any{{
		"source": "page",
		"data":   map[string]any{"text/plain": text},
		"start":  0,
	}}}
}

// who lists the session's variables, functions and types.
func (s *Session) who() string {
	st := s.state()
	g := globals(st)
	s.mu.Lock()
	defer s.mu.Unlock()
	var lines []string
	for name, v := range g {
		if strings.HasPrefix(name, "_") || !v.IsValid() {
			continue
		}
		lines = append(lines, fmt.Sprintf("%-16s var   %s", name, v.Type()))
	}
	for name, d := range st.decls {
		if _, ok := g[name]; ok || d.Kind == "var" {
			continue
		}
		lines = append(lines, fmt.Sprintf("%-16s %-5s %s", name, d.Kind, firstLine(d.Sig)))
	}
	if len(lines) == 0 {
		return "No variables, functions or types declared yet.\n"
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// environ returns the interpreter's environment.
func (s *Session) environ() []string {
	v, err := s.state().eval("_activisEnviron()")
	if err != nil || !v.IsValid() {
		return nil
	}
	env, _ := v.Interface().([]string)
	return env
}

// env implements %env: list, show one variable, or set one (NAME=VALUE).
func (s *Session) env(c *cell, arg string) *session.ExecError {
	env := s.environ()
	switch {
	case arg == "":
		sort.Strings(env)
		c.out.Stream("stdout", strings.Join(env, "\n")+"\n")
	case strings.ContainsAny(arg, "= "):
		k, v, _ := strings.Cut(strings.Replace(arg, " ", "=", 1), "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if _, err := s.state().eval(fmt.Sprintf("_activisSetenv(%s, %s)", quote(k), quote(v))); err != nil {
			return &session.ExecError{Name: "error", Value: err.Error(), Traceback: []string{err.Error()}}
		}
		c.out.Stream("stdout", fmt.Sprintf("env: %s=%s\n", k, v))
	default:
		for _, kv := range env {
			if k, v, _ := strings.Cut(kv, "="); k == arg {
				c.out.Stream("stdout", v+"\n")
				return nil
			}
		}
		c.out.Stream("stderr", fmt.Sprintf("env: %s is not set\n", arg))
	}
	return nil
}

// shell runs a !command with sh, streaming its output as it comes. An
// interrupt kills the command.
func (s *Session) shell(c *cell, command string) *session.ExecError {
	ctx, cancel := context.WithCancel(c.ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
	cmd.Env = s.environ()
	cmd.Stdout = streamTo{c.out, "stdout"}
	cmd.Stderr = streamTo{c.out, "stderr"}
	err := cmd.Run()
	if ctx.Err() != nil {
		return s.stopError(c, ctx.Err())
	}
	if err != nil {
		c.out.Stream("stderr", fmt.Sprintf("!%s: %v\n", command, err))
	}
	return nil
}

// streamTo writes to one stream of an Output.
type streamTo struct {
	out  session.Output
	name string
}

func (w streamTo) Write(p []byte) (int, error) {
	w.out.Stream(w.name, string(p))
	return len(p), nil
}

var _ io.Writer = streamTo{}

const helpText = `Go (ActiVis) kernel — interpreted Go (yaegi v0.16.1)

A cell is Go as at a REPL: imports, type/func/var/const declarations,
statements and a trailing expression whose value is shown. Declarations
persist; re-running a cell that redefines a func, type or var replaces it.
Packages used without an import (fmt.Println, strings.Fields, mat.NewDense)
are imported for you when the name is unambiguous.

Magics
  %help            this page
  ?name, name?     documentation of a package member or session declaration
                   (??name or name?? also shows a declaration's source)
  %time [stmt]     time the rest of the cell (or stmt)
  %who             session variables, functions and types
  %env             list the environment; %env NAME; %env NAME=VALUE
  %go get MOD[@V]  download a module (Go module proxy) for import from source;
                   an unknown import is fetched the same way
  !command         run a shell command, output streamed

Display API (package display, imported already)
  display.Display(v) string        show v (returns a display id)
  display.Update(id, v)            replace the output with that id
  display.Clear(wait bool)         clear the cell's output
  display.Progress(title)          a progress bar (activis.Progress)
  display.HTML(s), Markdown(s), SVG(s), LaTeX(s), Text(s), PNG(b), JPEG(b),
  JSON(v), MIME{"mime/type": data}  values that render richly
  image.Image values render as PNG; large slices/maps/structs are truncated.

Go 1.26 syntax on a Go 1.22 interpreter
  range over int, range over func iterators, min/max/clear, slices.Max,
  slices.Sort, slices.Sorted, maps.Keys, ... work. A range-over-func loop
  body cannot use return or goto (collect with slices.Collect instead).
  os.Stdout/os.Stderr are streams with Write, WriteString, Sync, Fd and
  Name, os.Stdin an io.Reader; none is an *os.File.

Interpreted code is for glue; heavy work belongs in compiled packages
(activis, gonum): an interpreted loop is 10-100x slower than compiled Go.
Interrupt stops a running cell (even "for {}") and keeps the session.
`
