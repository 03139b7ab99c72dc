package activis

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"
)

// ErrExpr is returned (wrapped, with the subset's name and the position in
// the expression) when a subset expression does not compile or fails on an
// instance. errors.As with *file.Error (github.com/expr-lang/expr/file)
// recovers the line and column.
var ErrExpr = errors.New("bad subset expression")

// Expr is a subset expression compiled against a run's instances (their
// classes, attributes and tensors); evaluate it with Eval or Members.
type Expr struct {
	src     string
	prog    *vm.Program
	classes []any // class names boxed once, so setting label does not allocate
	uses    map[string]bool
	attrs   []*Attribute // attributes exposed as variables
}

// attrVariable reports whether an attribute is exposed as a variable of
// its own: its name must be an identifier that is neither one of the
// environment's names nor an expr builtin or keyword; others are reachable
// through attr() and text().
func attrVariable(name string) bool {
	switch name {
	case "label", "predicted", "correct", "id", "index", "words",
		"score", "act", "attr", "text", "tokens",
		"in", "not", "and", "or", "matches", "contains", "startsWith", "endsWith",
		"true", "false", "nil", "let", "if", "else":
		return false
	}
	if _, ok := builtin.Index[name]; ok {
		return false
	}
	for k, r := range name {
		if !(r == '_' || unicode.IsLetter(r) && r < unicode.MaxASCII || k > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return name != ""
}

// CompileExpr compiles a subset expression against r's instances. A syntax
// or type error, an unknown name, and an unknown class, attribute or
// tensor written as a string literal are errors wrapping ErrExpr that give
// the position (line:column) and a caret under the offending text.
func CompileExpr(src string, r *Run) (*Expr, error) {
	if r == nil || r.Instances == nil {
		return nil, errors.New("compile expression: no instances")
	}
	in := r.Instances
	e := &Expr{src: src, uses: map[string]bool{}}
	for _, c := range in.Classes {
		e.classes = append(e.classes, c)
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrExpr, err)
	}
	chk := &nameChecker{run: r, src: src, uses: e.uses}
	ast.Walk(&tree.Node, chk)
	if chk.err != nil {
		return nil, fmt.Errorf("%w: %w", ErrExpr, chk.err)
	}
	for _, a := range in.Attrs {
		if attrVariable(a.Name) {
			e.attrs = append(e.attrs, a)
		}
	}
	env := e.newEnv(r, new(int))
	prog, err := expr.Compile(src, expr.Env(env.vars), expr.AsBool(), expr.DisableBuiltin("now"), expr.DisableBuiltin("date"))
	if err != nil {
		var fe *file.Error
		if !errors.As(err, &fe) {
			// Errors about the whole expression (e.g. not a bool) point
			// at its start.
			fe = &file.Error{Message: err.Error(), Prev: err}
			fe.Bind(file.NewSource(src))
			err = fe
		}
		if hint := hiddenAttrHint(tree, in); hint != "" {
			return nil, fmt.Errorf("%w: %w (%s)", ErrExpr, err, hint)
		}
		return nil, fmt.Errorf("%w: %w", ErrExpr, err)
	}
	e.prog = prog
	return e, nil
}

// String returns the expression's source.
func (e *Expr) String() string { return e.src }

// hiddenAttrHint explains a compile error caused by an attribute whose name
// an expr builtin or an environment name hides (e.g. an attribute "split"
// is expr's split function): it names the attribute and says to reach it
// through text() or attr().
func hiddenAttrHint(tree *parser.Tree, in *Instances) string {
	hidden := map[string]bool{}
	for _, a := range in.Attrs {
		if !attrVariable(a.Name) {
			hidden[a.Name] = true
		}
	}
	if len(hidden) == 0 {
		return ""
	}
	v := &identCollector{names: map[string]bool{}}
	ast.Walk(&tree.Node, v)
	for name := range v.names {
		if hidden[name] {
			if a := in.Attribute(name); a != nil && a.Kind == Numeric {
				return fmt.Sprintf("the attribute %q is hidden by the built-in name %s; write attr(%q)", name, name, name)
			}
			return fmt.Sprintf("the attribute %q is hidden by the built-in name %s; write text(%q)", name, name, name)
		}
	}
	return ""
}

// identCollector gathers the identifiers and called names of an expression.
type identCollector struct{ names map[string]bool }

func (c *identCollector) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		c.names[x.Value] = true
	case *ast.BuiltinNode:
		c.names[x.Name] = true
	}
}

// nameChecker walks an expression's syntax tree and reports the first
// literal class, attribute or tensor name the run does not have.
type nameChecker struct {
	run  *Run
	src  string
	uses map[string]bool
	err  error
}

func (c *nameChecker) fail(n ast.Node, err error) {
	if c.err != nil {
		return
	}
	fe := &file.Error{Location: n.Location(), Message: err.Error()}
	fe.Bind(file.NewSource(c.src))
	fe.Prev = err
	c.err = fe
}

func isIdent(n ast.Node, names ...string) bool {
	id, ok := n.(*ast.IdentifierNode)
	if !ok {
		return false
	}
	for _, name := range names {
		if id.Value == name {
			return true
		}
	}
	return false
}

func (c *nameChecker) class(n ast.Node) {
	if s, ok := n.(*ast.StringNode); ok && s.Value != "" {
		if _, err := c.run.Instances.ClassIndex(s.Value); err != nil {
			c.fail(n, err)
		}
	}
}

// Visit implements ast.Visitor.
func (c *nameChecker) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		c.uses[n.Value] = true
	case *ast.BinaryNode:
		switch n.Operator {
		case "==", "!=":
			if isIdent(n.Left, "label", "predicted") {
				c.class(n.Right)
			}
			if isIdent(n.Right, "label", "predicted") {
				c.class(n.Left)
			}
		case "in", "not in":
			if arr, ok := n.Right.(*ast.ArrayNode); ok && isIdent(n.Left, "label", "predicted") {
				for _, el := range arr.Nodes {
					c.class(el)
				}
			}
		}
	case *ast.CallNode:
		id, ok := n.Callee.(*ast.IdentifierNode)
		if !ok || len(n.Arguments) == 0 {
			return
		}
		arg, lit := n.Arguments[0].(*ast.StringNode)
		if !lit {
			return
		}
		switch id.Value {
		case "score":
			c.class(arg)
		case "attr", "text":
			if err := c.run.Instances.CheckAttr(arg.Value); err != nil {
				c.fail(arg, err)
			}
		case "act":
			a, err := c.run.Tensor(arg.Value)
			if err != nil {
				c.fail(arg, err)
				return
			}
			if len(n.Arguments) > 1 {
				if k, ok := n.Arguments[1].(*ast.IntegerNode); ok && (k.Value < 0 || k.Value >= a.Dim()) {
					c.fail(k, fmt.Errorf("neuron %d out of range [0,%d) of tensor %q: %w", k.Value, a.Dim(), arg.Value, ErrRange))
				}
			}
		}
	}
}

// exprEnv is one goroutine's evaluation environment: the variables map
// handed to the VM, and the cursor its functions read.
type exprEnv struct {
	vars map[string]any
	cur  *int
}

// newEnv builds an environment whose functions read instance *cur of r.
func (e *Expr) newEnv(r *Run, cur *int) *exprEnv {
	in := r.Instances
	vars := map[string]any{
		"label":     "",
		"predicted": "",
		"correct":   false,
		"id":        "",
		"index":     0,
		"words":     []string(nil),
		"score": func(class string) float64 {
			return r.At(*cur).Score(class)
		},
		"act": func(tensor string, neuron int) float64 {
			return r.At(*cur).Act(tensor, neuron)
		},
		"attr": func(name string) float64 {
			return in.At(*cur).Attr(name)
		},
		"text": func(name string) string {
			return in.At(*cur).Text(name)
		},
		"tokens": Tokens,
	}
	for _, a := range e.attrs {
		if a.Kind == Numeric {
			vars[a.Name] = 0.0
		} else {
			vars[a.Name] = ""
		}
	}
	return &exprEnv{vars: vars, cur: cur}
}

// set points the environment at instance i, filling only the variables
// the expression uses.
func (e *Expr) set(env *exprEnv, r *Run, i int) {
	in := r.Instances
	*env.cur = i
	v := env.vars
	if e.uses["label"] {
		v["label"] = e.className(in.Labels[i])
	}
	if e.uses["predicted"] {
		v["predicted"] = e.className(in.Predicted[i])
	}
	if e.uses["correct"] {
		v["correct"] = in.Labels[i] >= 0 && in.Labels[i] == in.Predicted[i]
	}
	if e.uses["id"] {
		v["id"] = in.IDs[i]
	}
	if e.uses["index"] {
		v["index"] = i
	}
	if e.uses["words"] {
		var words []string
		for _, a := range in.Attrs {
			if a.Kind == Text {
				words = append(words, Tokens(a.Str[i])...)
			}
		}
		v["words"] = words
	}
	for _, a := range e.attrs {
		if !e.uses[a.Name] {
			continue
		}
		if a.Kind == Numeric {
			v[a.Name] = a.Num[i]
		} else {
			v[a.Name] = a.Str[i]
		}
	}
}

func (e *Expr) className(c int) any {
	if c < 0 || c >= len(e.classes) {
		return ""
	}
	return e.classes[c]
}

// Eval evaluates the expression on instance i of r (the run it was
// compiled against, or one with the same classes and attributes).
func (e *Expr) Eval(r *Run, i int) (bool, error) {
	if i < 0 || i >= r.Len() {
		return false, fmt.Errorf("instance %d out of range [0,%d): %w", i, r.Len(), ErrRange)
	}
	env := e.newEnv(r, new(int))
	var machine vm.VM
	return e.eval(&machine, env, r, i)
}

func (e *Expr) eval(machine *vm.VM, env *exprEnv, r *Run, i int) (bool, error) {
	e.set(env, r, i)
	out, err := machine.Run(e.prog, env.vars)
	if err != nil {
		return false, fmt.Errorf("%w: instance %d (id %q): %w", ErrExpr, i, r.Instances.IDs[i], err)
	}
	b, ok := out.(bool)
	if !ok {
		return false, fmt.Errorf("%w: instance %d: result %T is not a bool", ErrExpr, i, out)
	}
	return b, nil
}

// Members evaluates the expression on every instance of r, in parallel
// over the cores, and returns the instances where it is true.
func (e *Expr) Members(r *Run) (*IndexSet, error) {
	n := r.Len()
	out := NewIndexSet(n)
	threads := max(min(runtime.GOMAXPROCS(0), n/4096), 1)
	// Ranges are multiples of 64 so that workers write disjoint words of
	// the one pre-sized bitset.
	words := (n + 63) / 64
	errs := make([]error, threads)
	var wg sync.WaitGroup
	for t := 0; t < threads; t++ {
		lo, hi := t*words/threads*64, min((t+1)*words/threads*64, n)
		wg.Add(1)
		go func(t, lo, hi int) {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[t] = fmt.Errorf("%w: %v", ErrExpr, p)
				}
			}()
			env := e.newEnv(r, new(int))
			var machine vm.VM
			for i := lo; i < hi; i++ {
				ok, err := e.eval(&machine, env, r, i)
				if err != nil {
					errs[t] = err
					return
				}
				if ok {
					out.bits.Set(uint(i)) // disjoint words per worker
				}
			}
		}(t, lo, hi)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// Tokens splits s into lower-cased words (runs of letters, digits and
// apostrophes), the vocabulary of `words` in subset expressions.
func Tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}
