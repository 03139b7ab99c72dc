package gosession

import (
	"context"
	"embed"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
	"github.com/traefik/yaegi/stdlib/unsafe"

	"github.com/activis-go/activis/kernel/gosession/symbols"
	"github.com/activis-go/activis/kernel/gosession/symbols/stdnew"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/display"
)

// DisplayPath is the import path of the display API in interpreted code.
const DisplayPath = "github.com/activis-go/activis/widgets/display"

// WidgetPath is the import path of the widget API (Jupyter widgets) in
// interpreted code; the package is imported as widget in every session.
const WidgetPath = "github.com/activis-go/activis/widgets/widget"

// runtimePath is the import path of the session's own hooks (prelude).
const runtimePath = "activis.internal/runtime"

//go:embed gosrc/*.go.txt
var gosrc embed.FS

// Options configure a Session.
type Options struct {
	// Converters turn values into bundles for display before
	// display.Convert, which is always tried last.
	Converters []display.Converter
	// ProbeImports is the command (and its first arguments) that tries
	// the first import of a package interpreted from source in a child
	// process, given the import path, so that a package that crashes the
	// interpreter fails the import instead of ending the process
	// (importprobe.go); none when empty. The command must call
	// ProbeImport and exit with its code.
	ProbeImports []string
	// Stdio, when not nil, is the process's standard output and error as
	// CaptureStdio captured them: what compiled code writes to them goes
	// to the cells (stdio.go). At most one session may have it.
	Stdio *Stdio
}

// Session is the yaegi implementation of session.Session. Create it with New.
type Session struct {
	opt Options

	mu        sync.Mutex // guards st and cellNames
	st        *state
	cellNames []string // cell names by sequence number (see where)
	cellBases []int    // the interpreter's line 0 of each cell, by sequence number (see where)
	cellSpans []int    // the number of interpreter lines each cell may use

	cur  atomic.Pointer[cell] // the running cell, nil between cells
	last atomic.Pointer[cell] // the latest cell, for goroutines that outlive it

	stdin stdinReader

	ifaces reflectIfaces // stand-ins for interpreted interfaces (reflectiface.go)
}

var _ session.Session = (*Session)(nil)

// state is everything tied to one interpreter; Restart replaces it.
type state struct {
	in *interp.Interpreter
	// interpMu is held for writing while the interpreter compiles, which
	// changes its symbol tables, and for reading while they are read
	// (completion and inspection may run beside a cell).
	interpMu sync.RWMutex

	fset    *token.FileSet
	imports map[string]string // local package name -> import path
	decls   map[string]*decl  // session declarations by user name
	// failedNames maps the names that only groups which failed to
	// compile declared to the cell (failednames.go).
	failedNames map[string]string
	// failedImports maps the names of imports that failed to the cell
	// (failednames.go).
	failedImports map[string]string
	// undefinedNames holds the names a failed compile reported undefined
	// (failednames.go): yaegi keeps a half-made symbol of each.
	undefinedNames map[string]bool
	// unreached maps the names a cell declared after the point where it
	// stopped to the cell (unreached.go).
	unreached map[string]string
	// staleLits maps the variables holding a function literal that calls
	// a function redefined since to the error using them gives
	// (stalelit.go).
	staleLits map[string]string
	// staleTypes holds the types whose declaration uses a constant
	// redefined since (typeconst.go).
	staleTypes map[string]bool
	// genericSeq numbers the declarations of generic functions and of
	// methods of generic types the interpreter holds (genericnames.go);
	// genericNames and genericMixups remember what their passes saw.
	genericSeq                  int
	genericNames, genericMixups genericWalk
	methods                     map[string]map[string]*decl // type name -> method name -> decl
	// typeNames maps a user type name to the interpreter's current name for
	// it (different after a redefinition), typeSrc to its current source.
	typeNames map[string]string
	typeSrc   map[string]string
	// retired holds the old versions of types declared again, by
	// interpreter name, retiredOrder their names, oldest first
	// (retiredtypes.go).
	retired      map[string]*retiredType
	retiredOrder []string
	// instances holds the instances of the session's generic types its
	// groups named (instanceprint.go).
	instances map[string]bool
	methodSrc map[string]map[string]string // type -> method -> source (user names)
	versions  int
	deps      map[string]*funcDep // top-level functions, for redefinition (redefine.go)
	// genericTypes holds the session's generic type declarations, by user
	// name, for the cycle check (recursivegeneric.go).
	genericTypes map[string]*genericInfo
	// types is the type oracle's importer and parsed sources (typecheck.go).
	types *typeEnv
	// anon records the cells' unnamed struct types (ifaceeq.go).
	anon anonStructs
	// runs puts the interpreter's run id back after a stopped cell
	// (runid.go).
	runs *runIDs
	// fields holds the types of the values stored into the interface
	// fields of session structs, by "T.f" with T the interpreter's name,
	// and into the elements of session variables of slice, array and map
	// of interface types, by "[]name" (ifaceflow.go).
	fields map[string][]ast.Expr
	// ctxKeys holds the context keys the cells used (ctxkey.go).
	ctxKeys ctxKeyUses
}

// decl records a session-level declaration for completion and inspection.
type decl struct {
	Name string
	Kind string // "func", "method", "type", "var", "const"
	Sig  string // the declaration's header, e.g. "func f(x int) int"
	Doc  string
	Src  string
	Type ast.Expr // func type, declared or inferred type; may be nil
	Recv string   // receiver type name of a method
	// Bin is the compiled type of a variable defined from a compiled value
	// (a result of a compiled function, a field of a compiled struct), or
	// nil; see binTyper.
	Bin reflect.Type
	// Static is the static type the type oracle gave a variable whose
	// Type the syntax does not show (typecheck.go), or nil.
	Static ast.Expr
	// Origins holds the static types of the values an interface variable
	// was defined with and that the session's cells have stored into it
	// since, where the syntax or the oracle shows them (typecheck.go,
	// varOrigins; ifaceflow.go), or nil.
	Origins []ast.Expr
	// Assigned records that the variable is assigned after its
	// definition, by its own group or a later one (ifaceflow.go).
	Assigned bool
}

// New starts a session with a fresh interpreter.
func New(opt Options) (*Session, error) {
	s := &Session{opt: opt}
	s.stdin.s = s
	st, err := s.newState()
	if err != nil {
		return nil, err
	}
	s.st = st
	opt.Stdio.attach(s)
	return s, nil
}

// newState creates an interpreter with the standard library, the generated
// symbols, the session's display and runtime hooks and the prelude.
func (s *Session) newState() (*state, error) {
	var stdout io.Writer = streamWriter{s: s, name: "stdout"}
	var stderr io.Writer = streamWriter{s: s, name: "stderr"}
	stdoutFile := &OutputStream{w: streamWriter{s: s, name: "stdout"}, fd: 1, name: "/dev/stdout"} // os.Stdout (io.go)
	stderrFile := &OutputStream{w: streamWriter{s: s, name: "stderr"}, fd: 2, name: "/dev/stderr"}
	var stdin io.Reader = &s.stdin
	flags := newFlagSession(stderr) // flagpkg.go
	routeDefaultLog(stderr)         // defaultlog.go
	bfs := &buildFS{}
	in := interp.New(interp.Options{
		Stdin:  stdin,
		Stdout: stdout,
		Stderr: stderr,
		Args:   []string{"activis-kernel"},
		Env:    os.Environ(),
		// Third-party packages from source (modules.go).
		GoPath:               goPath(),
		BuildTags:            interpTags(runtime.GOOS),
		SourcecodeFilesystem: bfs, // buildfs.go
	})
	uses := []interp.Exports{
		stdlib.Symbols,
		stdnew.Symbols, // Go 1.23-1.26's additions (symbols/stdnew)
		{"os/exec/exec": unrestricted.Symbols["os/exec/exec"]},
		symbols.Symbols,
		unsafe.Symbols,
		syscall.Symbols,
		iterExports(),    // iterpkgs.go
		fatalExports(),   // fatal.go
		logExports(),     // logfatal.go
		slogExports(),    // defaultlog.go
		s.printExports(), // print.go
		weakExports(),    // weakpkg.go
		logAtMapTypes(),  // pkglogat.go
		unsafeExports(),  // unsafefuncs.go
		{
			// os.Stdin/Stdout/Stderr are the cell's streams (an io.Reader
			// and OutputStreams, io.go: they are not files).
			"os/os": {
				"Stdin":  reflect.ValueOf(&stdin).Elem(),
				"Stdout": reflect.ValueOf(&stdoutFile).Elem(),
				"Stderr": reflect.ValueOf(&stderrFile).Elem(),
				"Args":   reflect.ValueOf(&flags.args).Elem(),
			},
			"flag/flag":              flags.exports(),
			DisplayPath + "/display": s.displayExports(),
			activisPath + "/activis": s.activisExports(),
			runtimePath + "/runtime": {
				"Clear":             reflect.ValueOf(clearValue),
				"GoPanic":           reflect.ValueOf(s.goPanic),
				"Go":                reflect.ValueOf(s.goStart),   // gostart.go
				"GoAt":              reflect.ValueOf(s.goStartAt), // pkgsource.go
				"Guard":             reflect.ValueOf(s.guard),
				"GuardPanic":        reflect.ValueOf(s.guardPanic), // guard.go
				"GuardedMethod":     reflect.ValueOf(guardedMethod),
				"SetFinalizer":      reflect.ValueOf(s.setFinalizer),
				"PanicAt":           reflect.ValueOf(s.panicAt),
				"UniqueID":          reflect.ValueOf(uniqueID),       // iterpkgs.go
				"Recovered":         reflect.ValueOf(recoveredValue), // recovered.go
				"NegZero":           reflect.ValueOf(negZero),        // minmax.go
				"ShiftCount":        reflect.ValueOf(shiftCount),     // shiftcount.go
				"RuneStarts":        reflect.ValueOf(runeStarts),     // rangestring.go
				"ErrUnwrap":         reflect.ValueOf(errUnwrap),      // errorchain.go
				"ErrCompiled":       reflect.ValueOf(errCompiled),
				"ErrEqual":          reflect.ValueOf(errEqual),
				"ErrIs":             reflect.ValueOf(errIs),
				"ErrAs":             reflect.ValueOf(errAs),
				"AsError":           reflect.ValueOf(asError),
				"AsStringer":        reflect.ValueOf(asStringer), // pkgprintany.go
				"HeldInstance":      reflect.ValueOf(heldInstance),
				"Unwrap":            reflect.ValueOf(unwrapAny),
				"UnwrapDeep":        reflect.ValueOf(unwrapDeep), // encodeoperand.go
				"DeepEqual":         reflect.ValueOf(deepEqual),  // deepequal.go
				"ParamEqual":        reflect.ValueOf(paramEqual), // pkgcompare.go
				"ParamIface":        reflect.ValueOf(paramIface),
				"ValueElem":         reflect.ValueOf(valueElem),        // pkgreflectarg.go
				"ValueFieldByName":  reflect.ValueOf(valueFieldByName), // pkgfieldname.go
				"TypeFieldByName":   reflect.ValueOf(typeFieldByName),
				"HeldType":          reflect.ValueOf(heldType),
				"Plain":             reflect.ValueOf(ifacePlain), // numverb.go
				"Text":              reflect.ValueOf(ifaceText),  // pkgprint.go, pkgprintany.go
				"MethodPanic":       reflect.ValueOf(ifaceMethodPanic),
				"Verbatim":          reflect.ValueOf(ifaceVerbatim), // nestedprint.go, pkgprint.go
				"FmtWalk":           reflect.ValueOf(pkgFmtWalk),    // pkgfmtwalk.go
				"AsLogValuer":       reflect.ValueOf(asLogValuer),   // pkgslog.go
				"TypeName":          reflect.ValueOf(heldTypeName),  // pkgtypeverb.go
				"TypeNameIn":        reflect.ValueOf(typeNameIn),
				"LogAtFile":         reflect.ValueOf(logAtFile), // pkglogat.go
				"LogAtFilef":        reflect.ValueOf(logAtFilef),
				"LoggerAtFile":      reflect.ValueOf(loggerAtFile),
				"LoggerAtFilef":     reflect.ValueOf(loggerAtFilef),
				"CtxKey":            reflect.ValueOf(ctxKeyOf),    // pkgctxkey.go
				"LogOutputAt":       reflect.ValueOf(logOutputAt), // logoutput.go
				"LoggerOutputAt":    reflect.ValueOf(loggerOutputAt),
				"ErrRefuse":         reflect.ValueOf(errRefuse),
				"CellDefer":         reflect.ValueOf(s.cellDefer), // celldefer.go
				"CellRecover":       reflect.ValueOf(s.cellRecover),
				"Implements":        reflect.ValueOf(ifaceImplements), // pkgifaceassert.go
				"Refused":           reflect.ValueOf(refusedValue),    // pkgtypeparamcase.go
				"IfaceType":         reflect.ValueOf(s.ifaceType),     // reflectiface.go
				"TypeImplements":    reflect.ValueOf(s.typeImplements),
				"TypeAssignableTo":  reflect.ValueOf(s.typeAssignableTo),
				"TypeConvertibleTo": reflect.ValueOf(s.typeConvertibleTo),
				"TypeKind":          reflect.ValueOf(s.typeKind),
				"TypeString":        reflect.ValueOf(s.typeString),
				"TypeNameOf":        reflect.ValueOf(s.typeName),
				"TypeNumMethod":     reflect.ValueOf(s.typeNumMethod),
				"RefuseType":        reflect.ValueOf(refuseType), // pkgtypeofclash.go
				"WrapStruct":        reflect.ValueOf(wrapStruct), // pkgstructwrap.go
				"WrapHeld":          reflect.ValueOf(wrapHeld),
				"HeldIn":            reflect.ValueOf(heldIn), // pkgheldin.go
				"HeldInComposite":   reflect.ValueOf(heldInComposite),
			},
		},
	}
	twins := map[string]reflect.Value{}
	ifaceTwinExports(twins) // ifacetwin.go, for pkgifaceassert.go
	uses = append(uses, interp.Exports{runtimePath + "/runtime": twins})
	uses, err := guardWrappers(uses) // guardwrap.go
	if err != nil {
		return nil, err
	}
	for _, u := range uses {
		if err := in.Use(u); err != nil {
			return nil, fmt.Errorf("gosession: loading symbols: %w", err)
		}
	}
	for _, name := range []string{"iter.go.txt", "unique.go.txt", "weak.go.txt", "structs.go.txt", "slices.go.txt", "maps.go.txt", "prelude.go.txt", "errors.go.txt", "print.go.txt", "modern.go.txt"} {
		src, err := gosrc.ReadFile("gosrc/" + name)
		if err != nil {
			return nil, fmt.Errorf("gosession: %w", err)
		}
		if _, err := evalSafe(in, string(src)); err != nil {
			return nil, fmt.Errorf("gosession: evaluating %s: %w", name, err)
		}
	}
	st := &state{
		in:        in,
		fset:      in.FileSet(),
		imports:   map[string]string{},
		decls:     map[string]*decl{},
		methods:   map[string]map[string]*decl{},
		typeNames: map[string]string{},
		typeSrc:   map[string]string{},
		methodSrc: map[string]map[string]string{},
		types:     newTypeEnv(),
		runs:      newRunIDs(in),
	}
	// The display API is there without an import.
	if _, err := evalSafe(in, `import "`+DisplayPath+`"`); err != nil {
		return nil, fmt.Errorf("gosession: importing display: %w", err)
	}
	st.imports["display"] = DisplayPath
	// So is the widget API.
	if _, err := evalSafe(in, `import "`+WidgetPath+`"`); err != nil {
		return nil, fmt.Errorf("gosession: importing widget: %w", err)
	}
	st.imports["widget"] = WidgetPath
	st.qualifyGenerics() // the prelude's packages (slices, maps, iter, …)
	bfs.declared = func() {
		// between yaegi's declaration pass over a package's files and
		// the compilation of their bodies (buildfs.go)
		layoutCheck(qualifyGenerics(st.in, &st.genericSeq, false, nil))
	}
	return st, nil
}

// eval evaluates src in the state's interpreter (see evalSafe).
func (st *state) eval(src string) (reflect.Value, error) {
	st.interpMu.Lock()
	defer st.interpMu.Unlock()
	defer st.qualifyGenerics()
	return evalSafe(st.in, src)
}

// compile compiles node, gives the generics it declared names of their
// own and reports the generic types whose instances it mixed up
// (genericnames.go), holding interpMu.
func (st *state) compile(node ast.Node) (prog *interp.Program, mixups string, err error) {
	st.interpMu.Lock()
	defer st.interpMu.Unlock()
	prog, err = compileSafe(st.in, node)
	st.qualifyGenerics()
	return prog, st.methodMixups(), err
}

// qualifyGenerics gives the generic functions and the methods of generic
// types the interpreter has compiled names of their own and drops the
// instances made under plain names (genericnames.go); the caller holds
// interpMu for writing.
func (st *state) qualifyGenerics() {
	layoutCheck(qualifyGenerics(st.in, &st.genericSeq, true, &st.genericNames))
}

// layoutCheck panics with problem, a description of what genericnames.go
// could not read in yaegi's structures, unless it is "" (the pinned yaegi
// has the layout: TestGenericInstanceKeys).
func layoutCheck(problem string) {
	if problem != "" {
		panic("gosession: yaegi's layout is not the one genericnames.go reads: " + problem)
	}
}

// methodMixups returns the generic types whose instances the last compile
// gave each other's methods, and removes those instances
// (genericnames.go); "" for none. The caller holds interpMu for writing.
func (st *state) methodMixups() string {
	mixups, problem := genericMethodMixups(st.in, &st.genericMixups)
	layoutCheck(problem)
	return mixups
}

// evalSafe evaluates src, turning a panic inside yaegi into an error.
func evalSafe(in *interp.Interpreter, src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("interpreter panic: %v", r)
		}
	}()
	return in.Eval(src)
}

// displayExports binds the display API of interpreted code to this
// session: Display, Update, Clear and Progress act on the running cell's
// output (or the latest cell's, from goroutines that outlive it).
func (s *Session) displayExports() map[string]reflect.Value {
	exp := map[string]reflect.Value{}
	for k, v := range symbols.Symbols[DisplayPath+"/display"] {
		exp[k] = v
	}
	exp["Display"] = reflect.ValueOf(func(v any) string { return s.host().Display(v) })
	exp["Update"] = reflect.ValueOf(func(id string, v any) { s.host().Update(id, v) })
	exp["Clear"] = reflect.ValueOf(func(wait bool) { s.host().Clear(wait) })
	exp["Progress"] = reflect.ValueOf(func(title string) *display.ProgressBar { return s.host().Progress(title) })
	return exp
}

// host returns the display host of the running (or latest) cell.
func (s *Session) host() *display.Host {
	if c := s.cell(); c != nil {
		return c.host
	}
	return &display.Host{Converters: s.converters()}
}

// cell returns the running cell, or the latest one.
func (s *Session) cell() *cell {
	if c := s.cur.Load(); c != nil {
		return c
	}
	return s.last.Load()
}

// state returns the current interpreter state.
func (s *Session) state() *state {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

// Info describes the language for kernel_info_reply.
func (s *Session) Info() session.LanguageInfo {
	return session.LanguageInfo{
		Name:           "go",
		Version:        strings.TrimPrefix(runtime.Version(), "go"),
		Mimetype:       "text/x-go",
		FileExtension:  ".go",
		PygmentsLexer:  "go",
		CodemirrorMode: "go",
		Banner: "Go (ActiVis): interpreted Go (yaegi v0.16.1) with the standard library, gonum and ActiVis.\n" +
			"Type %help for magics and the display API.",
		HelpLinks: []session.HelpLink{
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "gonum", URL: "https://pkg.go.dev/gonum.org/v1/gonum"},
			{Text: "yaegi", URL: "https://github.com/traefik/yaegi"},
		},
	}
}

// Restart replaces the interpreter by a fresh one; all declarations are
// forgotten.
func (s *Session) Restart() error {
	st, err := s.newState()
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

// Close releases the session. Goroutines started by cells are stopped at
// their next interpreted step.
func (s *Session) Close() error {
	if c := s.cur.Load(); c != nil {
		c.cancel()
	}
	return nil
}

// cell is the running state of one Execute.
type cell struct {
	out    session.Output
	host   *display.Host
	ctx    context.Context
	cancel context.CancelFunc
	name   string
	seq    int
	base   int // the interpreter's line 0 of the cell (see where)

	mu     sync.Mutex
	goErr  *session.ExecError // a panic in a goroutine the cell started
	frames []string           // yaegi's panic frame lines, innermost first
	exited atomic.Bool        // os.Exit(0) ended the cell
	// declaredMain is set when the cell declared func main (program.go).
	declaredMain bool
	// groupTypes is the type oracle of the statement group running, or nil
	// (generic.go types top-level definitions from generic calls with it).
	groupTypes *typeOracle
	// panicLine and panicVal are the interpreter line and value of the
	// latest panic call (see Session.panicAt).
	panicLine int
	panicVal  any
	bars      map[string]*taskBar // automatic progress bars by task
	// defers are the calls deferred at the top level of the cell, under
	// mu (celldefer.go).
	defers []deferred
	// panicking is the panic of the cell's top-level code in flight while
	// its defers run, and recovered whether one of them recovered it,
	// under mu (celldefer.go).
	panicking *cellPanic
	recovered bool
}

// takePanicLine returns the line of the latest panic call when it panicked
// with v (0 otherwise) and forgets it.
func (c *cell) takePanicLine(v any) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	line, pv := c.panicLine, c.panicVal
	c.panicLine, c.panicVal = 0, nil
	if line == 0 || !sameValue(pv, v) {
		return 0
	}
	return line
}

// sameValue reports whether a and b are the same panic value (yaegi
// panics with the reflect.Value of the value).
func sameValue(a, b any) (same bool) {
	if rv, ok := b.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
		b = rv.Interface()
	}
	defer func() {
		if recover() != nil { // not comparable: the types decide
			same = reflect.TypeOf(a) == reflect.TypeOf(b)
		}
	}()
	return a == b
}

func (c *cell) addFrame(line string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.frames) < 50 {
		c.frames = append(c.frames, line)
	}
}

func (c *cell) takeFrames() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	f := c.frames
	c.frames = nil
	return f
}
