package gosession

import (
	"encoding"
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"sync"
	"time"
)

// The flag package of a session.
//
// Compiled flag functions work on the process's flag.CommandLine and parse
// the process's os.Args: in a kernel that is the kernel's own command line,
// so flag.Parse() in a cell gave flag.Args() == [the connection file]
// without an error, and flags defined by the cell were parsed from the
// kernel's arguments, not from the os.Args the cell set. And a FlagSet made
// with flag.ExitOnError ended the kernel process on a bad flag (os.Exit(2)
// in compiled code).
//
// A session has its own command line instead: os.Args (the session's,
// "activis-kernel" until a cell assigns it), a CommandLine flag set and
// Usage, and the flag package's functions work on the CommandLine the
// session holds when they are called, as Go's do. flag.Parse parses
// os.Args[1:]; a bad flag prints the error and the usage and ends the cell
// as os.Exit(2) does (-h as os.Exit(0)). A FlagSet the cell makes with
// flag.ExitOnError is made with flag.PanicOnError: its Parse panics with
// the error instead of ending the kernel. Written for this package.

// flagSession is a session's command line: os.Args, flag.CommandLine and
// flag.Usage as the cell sees them.
type flagSession struct {
	args  []string
	cl    *flag.FlagSet
	usage func()
	out   io.Writer
	mu    sync.Mutex
	exits map[*flag.FlagSet]bool // made with ExitOnError
}

// newFlagSession returns the command line of a new session, whose flag
// output goes to stderr.
func newFlagSession(stderr io.Writer) *flagSession {
	f := &flagSession{args: []string{"activis-kernel"}, out: stderr, exits: map[*flag.FlagSet]bool{}}
	f.cl = f.newFlagSet(f.args[0], flag.ExitOnError)
	f.cl.Usage = func() { f.usage() }
	f.usage = func() {
		fmt.Fprintf(f.cl.Output(), "Usage of %s:\n", f.args[0])
		f.cl.PrintDefaults()
	}
	return f
}

// newFlagSet is flag.NewFlagSet for the session: ExitOnError becomes
// PanicOnError (see the file comment); output goes to the cell's stderr.
func (f *flagSession) newFlagSet(name string, h flag.ErrorHandling) *flag.FlagSet {
	exit := h == flag.ExitOnError
	if exit {
		h = flag.PanicOnError
	}
	fs := flag.NewFlagSet(name, h)
	fs.SetOutput(f.out)
	if exit {
		f.mu.Lock()
		f.exits[fs] = true
		f.mu.Unlock()
	}
	return fs
}

// parse is flag.Parse: the session's CommandLine parses os.Args[1:]; a
// set made with ExitOnError ends the cell as os.Exit does.
func (f *flagSession) parse() {
	cl := f.cl
	f.mu.Lock()
	exit := f.exits[cl]
	f.mu.Unlock()
	if exit {
		defer func() {
			v := recover()
			err, isErr := v.(error)
			switch {
			case isErr && errors.Is(err, flag.ErrHelp):
				panic("os.Exit(0)")
			case isErr:
				panic("os.Exit(2)")
			case v != nil:
				panic(v)
			}
		}()
	}
	var args []string
	if len(f.args) > 0 {
		args = f.args[1:]
	}
	_ = cl.Parse(args) // as Go's flag.Parse, which returns no error
}

// exports returns the flag and os symbols of the session.
func (f *flagSession) exports() map[string]reflect.Value {
	return map[string]reflect.Value{
		"CommandLine":   reflect.ValueOf(&f.cl).Elem(),
		"Usage":         reflect.ValueOf(&f.usage).Elem(),
		"NewFlagSet":    reflect.ValueOf(f.newFlagSet),
		"Parse":         reflect.ValueOf(f.parse),
		"Parsed":        reflect.ValueOf(func() bool { return f.cl.Parsed() }),
		"Arg":           reflect.ValueOf(func(i int) string { return f.cl.Arg(i) }),
		"Args":          reflect.ValueOf(func() []string { return f.cl.Args() }),
		"NArg":          reflect.ValueOf(func() int { return f.cl.NArg() }),
		"NFlag":         reflect.ValueOf(func() int { return f.cl.NFlag() }),
		"Lookup":        reflect.ValueOf(func(name string) *flag.Flag { return f.cl.Lookup(name) }),
		"Set":           reflect.ValueOf(func(name, value string) error { return f.cl.Set(name, value) }),
		"Visit":         reflect.ValueOf(func(fn func(*flag.Flag)) { f.cl.Visit(fn) }),
		"VisitAll":      reflect.ValueOf(func(fn func(*flag.Flag)) { f.cl.VisitAll(fn) }),
		"PrintDefaults": reflect.ValueOf(func() { f.cl.PrintDefaults() }),
		"Var":           reflect.ValueOf(func(v flag.Value, name, usage string) { f.cl.Var(v, name, usage) }),
		"Func":          reflect.ValueOf(func(name, usage string, fn func(string) error) { f.cl.Func(name, usage, fn) }),
		"BoolFunc":      reflect.ValueOf(func(name, usage string, fn func(string) error) { f.cl.BoolFunc(name, usage, fn) }),
		"TextVar": reflect.ValueOf(func(p encoding.TextUnmarshaler, name string, value encoding.TextMarshaler, usage string) {
			f.cl.TextVar(p, name, value, usage)
		}),
		"Bool":       reflect.ValueOf(func(name string, value bool, usage string) *bool { return f.cl.Bool(name, value, usage) }),
		"BoolVar":    reflect.ValueOf(func(p *bool, name string, value bool, usage string) { f.cl.BoolVar(p, name, value, usage) }),
		"Int":        reflect.ValueOf(func(name string, value int, usage string) *int { return f.cl.Int(name, value, usage) }),
		"IntVar":     reflect.ValueOf(func(p *int, name string, value int, usage string) { f.cl.IntVar(p, name, value, usage) }),
		"Int64":      reflect.ValueOf(func(name string, value int64, usage string) *int64 { return f.cl.Int64(name, value, usage) }),
		"Int64Var":   reflect.ValueOf(func(p *int64, name string, value int64, usage string) { f.cl.Int64Var(p, name, value, usage) }),
		"Uint":       reflect.ValueOf(func(name string, value uint, usage string) *uint { return f.cl.Uint(name, value, usage) }),
		"UintVar":    reflect.ValueOf(func(p *uint, name string, value uint, usage string) { f.cl.UintVar(p, name, value, usage) }),
		"Uint64":     reflect.ValueOf(func(name string, value uint64, usage string) *uint64 { return f.cl.Uint64(name, value, usage) }),
		"Uint64Var":  reflect.ValueOf(func(p *uint64, name string, value uint64, usage string) { f.cl.Uint64Var(p, name, value, usage) }),
		"Float64":    reflect.ValueOf(func(name string, value float64, usage string) *float64 { return f.cl.Float64(name, value, usage) }),
		"Float64Var": reflect.ValueOf(func(p *float64, name string, value float64, usage string) { f.cl.Float64Var(p, name, value, usage) }),
		"String":     reflect.ValueOf(func(name, value, usage string) *string { return f.cl.String(name, value, usage) }),
		"StringVar":  reflect.ValueOf(func(p *string, name, value, usage string) { f.cl.StringVar(p, name, value, usage) }),
		"Duration": reflect.ValueOf(func(name string, value time.Duration, usage string) *time.Duration {
			return f.cl.Duration(name, value, usage)
		}),
		"DurationVar": reflect.ValueOf(func(p *time.Duration, name string, value time.Duration, usage string) {
			f.cl.DurationVar(p, name, value, usage)
		}),
	}
}
