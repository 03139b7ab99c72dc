package gosession

import (
	"archive/zip"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestMain keeps the notebook module of every test out of the source tree,
// and runs the child process of an import probe.
func TestMain(m *testing.M) {
	if len(os.Args) == 3 && os.Args[1] == "probe-import" { // the child of an import probe (importprobe.go)
		os.Exit(ProbeImport(os.Args[2]))
	}
	dir, err := os.MkdirTemp("", "gosession-modules")
	if err != nil {
		panic(err)
	}
	os.Setenv("ACTIVIS_GO_MODULES", filepath.Join(dir, ".activis-go"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// writeProxyModule writes module path@version with the given files into a
// GOPROXY directory (the file:// protocol of the module proxy).
func writeProxyModule(t *testing.T, proxy, path, version string, files map[string]string) {
	t.Helper()
	dir := filepath.Join(proxy, filepath.FromSlash(path), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := "module " + path + "\n\ngo 1.21\n"
	if m, ok := files["go.mod"]; ok {
		gomod = m
	}
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("list", version+"\n")
	write(version+".info", `{"Version":"`+version+`","Time":"2024-01-01T00:00:00Z"}`)
	write(version+".mod", gomod)
	f, err := os.Create(filepath.Join(dir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	files["go.mod"] = gomod
	for name, src := range files {
		w, err := zw.Create(path + "@" + version + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(src))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// modulesEnv points the session at a fresh notebook module and module
// cache, with GOPROXY set by the caller.
func modulesEnv(t *testing.T, proxy string) {
	t.Setenv("ACTIVIS_GO_MODULES", filepath.Join(t.TempDir(), ".activis-go"))
	t.Setenv("ACTIVIS_GOMODCACHE", filepath.Join(t.TempDir(), "mod"))
	t.Setenv("GOPROXY", proxy)
	t.Setenv("GOFLAGS", "-modcacherw") // so that t.TempDir can remove the cache
}

// TestThirdPartyFromSource imports a package of a module served by a local
// file:// proxy: the first import fetches it (with a message), it is
// recorded in go.mod, a package of it that imports another package of the
// module works, a fresh session imports it without the go tool, and %go get
// of an unknown module fails with the go tool's error.
func TestThirdPartyFromSource(t *testing.T) {
	proxy := t.TempDir()
	writeProxyModule(t, proxy, "example.com/greet", "v1.2.0", map[string]string{
		"greet.go":                "package greet\n\nimport \"example.com/greet/internal/punct\"\n\n// Hello greets.\nfunc Hello(name string) string { return \"hello, \" + name + punct.Bang }\n",
		"internal/punct/punct.go": "package punct\n\n// Bang ends a greeting.\nconst Bang = \"!\"\n",
	})
	modulesEnv(t, "file://"+filepath.ToSlash(proxy))
	t.Setenv("GONOSUMDB", "example.com")
	t.Setenv("GOSUMDB", "off")

	s := newSession(t)
	r, err := run(t, s, "import \"example.com/greet\"\nfmt.Println(greet.Hello(\"go\"))")
	if err != nil {
		t.Fatalf("import: %s\n%s", errString(err), r.stream("stderr"))
	}
	if got := r.stream("stdout"); got != "hello, go!\n" {
		t.Errorf("stdout = %q", got)
	}
	if e := r.stream("stderr"); !strings.Contains(e, "example.com/greet is not downloaded yet") {
		t.Errorf("no fetch message on stderr: %q", e)
	}
	mod, err2 := os.ReadFile(filepath.Join(os.Getenv("ACTIVIS_GO_MODULES"), "go.mod"))
	if err2 != nil || !strings.Contains(string(mod), "example.com/greet v1.2.0") {
		t.Errorf("go.mod = %q %v", mod, err2)
	}

	// A later session in the same directory: no go tool run.
	t.Setenv("PATH", "")
	start := time.Now()
	s2 := newSession(t)
	r, err = run(t, s2, "import \"example.com/greet\"\ngreet.Hello(\"again\")")
	if err != nil || !strings.Contains(r.result(), "hello, again!") {
		t.Fatalf("second session: %v %q", errString(err), r.result())
	}
	if e := r.stream("stderr"); e != "" {
		t.Errorf("second session stderr %q", e)
	}
	t.Logf("second session: new + import + call in %v", time.Since(start))
}

// TestGoGetErrors: usage, and an unknown module names the go tool's error.
func TestGoGetErrors(t *testing.T) {
	modulesEnv(t, "file://"+filepath.ToSlash(t.TempDir()))
	t.Setenv("GOSUMDB", "off")
	s := newSession(t)
	if _, err := run(t, s, "%go fetch x"); err == nil || !strings.Contains(errString(err), "usage: %go get") {
		t.Errorf("usage: %v", errString(err))
	}
	if _, err := run(t, s, "%go get example.com/absent@v1.0.0"); err == nil || !strings.Contains(errString(err), "ModuleError: go get example.com/absent@v1.0.0") {
		t.Errorf("absent module: %v", errString(err))
	}
}

// TestUUIDFromProxy imports github.com/google/uuid through the real Go
// module proxy in a fresh module cache; it skips when the proxy is
// unreachable.
func TestUUIDFromProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads from the Go module proxy")
	}
	proxy := os.Getenv("GOPROXY")
	if proxy == "" || proxy == "off" {
		proxy = "https://proxy.golang.org,direct"
	}
	base := strings.Split(strings.Split(proxy, ",")[0], "|")[0]
	if strings.HasPrefix(base, "http") {
		c := http.Client{Timeout: 10 * time.Second}
		resp, err := c.Get(strings.TrimSuffix(base, "/") + "/github.com/google/uuid/@v/list")
		if err != nil {
			t.Skipf("Go module proxy %s unreachable: %v", base, err)
		}
		resp.Body.Close()
	}
	modulesEnv(t, proxy)
	s := newSession(t)
	start := time.Now()
	// uuid.NameSpaceURL itself reads as the zero UUID in yaegi (a package
	// variable initialised by a call into another file of the package; see
	// README), so the namespace is parsed in the cell; Version's String
	// method formats its receiver wrongly in yaegi (VERSION_{5 …}).
	r, err := run(t, s, "import \"github.com/google/uuid\"\nns := uuid.MustParse(\"6ba7b811-9dad-11d1-80b4-00c04fd430c8\")\nu := uuid.NewSHA1(ns, []byte(\"https://go.dev\"))\nfmt.Println(u.String(), int(u.Version()))")
	if err != nil {
		t.Fatalf("uuid: %s\n%s", errString(err), r.stream("stderr"))
	}
	first := time.Since(start)
	// The compiled github.com/google/uuid v1.6.0 prints this.
	if got := r.stream("stdout"); got != "76d71d1b-203b-51c3-b17d-c090cb0e4e32 5\n" {
		t.Errorf("stdout = %q", got)
	}
	start = time.Now()
	s2 := newSession(t)
	if _, err := run(t, s2, "import \"github.com/google/uuid\"\nuuid.MustParse(\"6ba7b811-9dad-11d1-80b4-00c04fd430c8\").String()"); err != nil {
		t.Fatal(errString(err))
	}
	t.Logf("first import (download into an empty module cache) %v; a later session (new + import + call) %v", first, time.Since(start))
	// Results of its calls print through their String methods
	// (sourcetypes.go): before, the UUID's bytes and Version's number.
	r, err = run(t, s, "fmt.Println(uuid.NewSHA1(ns, []byte(\"https://go.dev\")), u.Version(), uuid.NameSpaceURL)")
	if err != nil {
		t.Fatalf("uuid: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "76d71d1b-203b-51c3-b17d-c090cb0e4e32 VERSION_5 6ba7b811-9dad-11d1-80b4-00c04fd430c8\n"; got != want { // compiled
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

// TestNativeOnlyPackages: a package that needs assembly even with the
// pure-Go tags, reached through a dependency, and a cgo-only package fail
// with errors that say so; a package with a purego fallback works.
func TestNativeOnlyPackages(t *testing.T) {
	proxy := t.TempDir()
	writeProxyModule(t, proxy, "example.com/fast", "v1.0.0", map[string]string{
		"add.go":             "package fast\n\n// Add adds.\nfunc Add(a, b int) int\n",
		"add_amd64.s":        "TEXT ·Add(SB),4,$0-24\n\tRET\n",
		"wrap/wrap.go":       "package wrap\n\nimport \"example.com/fast\"\n\n// Sum adds.\nfunc Sum(a, b int) int { return fast.Add(a, b) }\n",
		"pure/add.go":        "//go:build !purego\n\npackage pure\n\n// Add adds.\nfunc Add(a, b int) int\n",
		"pure/add.s":         "//go:build !purego\n\nTEXT ·Add(SB),4,$0-24\n\tRET\n",
		"pure/add_purego.go": "//go:build purego\n\npackage pure\n\n// Add adds.\nfunc Add(a, b int) int { return a + b }\n",
	})
	writeProxyModule(t, proxy, "example.com/cbind", "v1.0.0", map[string]string{
		"c.go": "package cbind\n\n// #include <stdlib.h>\nimport \"C\"\n\n// N is a number.\nfunc N() int { return int(C.abs(-3)) }\n",
	})
	modulesEnv(t, "file://"+filepath.ToSlash(proxy))
	t.Setenv("GOSUMDB", "off")
	s := newSession(t)
	if _, err := run(t, s, "import \"example.com/fast/wrap\"\nwrap.Sum(1, 2)"); err == nil ||
		!strings.Contains(errString(err), "importing example.com/fast/wrap: package example.com/fast needs assembly (add_amd64.s)") ||
		!strings.Contains(errString(err), "compile it into a kernel: `activis-kernel build --with example.com/fast/...`") {
		t.Errorf("assembly: %s", errString(err))
	}
	r, err := run(t, s, "import \"example.com/fast/pure\"\npure.Add(1, 2)")
	if err != nil || r.result() != "3" {
		t.Errorf("purego fallback: %q %s", r.result(), errString(err))
	}
	if _, err := run(t, s, "import \"example.com/cbind\"\ncbind.N()"); err == nil ||
		!strings.Contains(errString(err), "package example.com/cbind needs cgo") ||
		!strings.Contains(errString(err), "`activis-kernel build --with example.com/cbind/...`") {
		t.Errorf("cgo: %s", errString(err))
	}
}

// TestWrongInterpretedRefused: importing a package of wrongInterpreted
// (github.com/kr/pretty, whose printers printed {<[]int Value> true
// false} for []int{1, 2} interpreted) is refused, naming the package, what
// goes wrong and the kernel build; a package using it imports. The modules
// served stand in for kr/pretty under its path.
func TestWrongInterpretedRefused(t *testing.T) {
	serveModules(t, map[string]map[string]string{
		"github.com/kr/pretty": {
			"go.mod":    "module github.com/kr/pretty\n\ngo 1.22\n",
			"pretty.go": "package pretty\n\nimport \"fmt\"\n\n// Sprint formats a.\nfunc Sprint(a ...any) string { return fmt.Sprint(a...) }\n",
		},
		"example.com/usespretty": {
			"go.mod": "module example.com/usespretty\n\ngo 1.22\n\nrequire github.com/kr/pretty v0.1.0\n",
			"u.go":   "package usespretty\n\nimport \"github.com/kr/pretty\"\n\n// S formats n.\nfunc S(n int) string { return pretty.Sprint(n) }\n",
		},
	})
	s := newSession(t)
	if _, err := run(t, s, "import \"github.com/kr/pretty\"\npretty.Sprint(1)"); err == nil ||
		!strings.Contains(errString(err), "package github.com/kr/pretty is refused: interpreted, its printers hand fmt values of its own type with a Format method") ||
		!strings.Contains(errString(err), "`activis-kernel build --with github.com/kr/pretty/...`") {
		t.Errorf("kr/pretty: %s", errString(err))
	}
	r, err := run(t, s, "import \"example.com/usespretty\"\nusespretty.S(7)")
	if err != nil || r.result() != `"7"` {
		t.Errorf("a package using it: %q %s", r.result(), errString(err))
	}
}

// TestUnixBuildTag: on a Unix system a file marked //go:build unix is
// part of an interpreted package and its //go:build !unix twin is not, as
// for the go command (yaegi alone knew GOOS but not "unix", and took the
// other file: Shell printed "cmd.exe" on Linux, without an error).
func TestUnixBuildTag(t *testing.T) {
	if !unixOS[runtime.GOOS] {
		t.Skipf("%s is not a Unix system", runtime.GOOS)
	}
	serveModules(t, map[string]map[string]string{"example.com/osdep": {
		"go.mod":        "module example.com/osdep\n\ngo 1.22\n",
		"shell_unix.go": "//go:build unix\n\npackage osdep\n\n// Shell is the default shell.\nconst Shell = \"/bin/sh\"\n\n// Sep separates paths.\nfunc Sep() string { return \"/\" }\n",
		"shell_other.go": "//go:build !unix\n\npackage osdep\n\n// Shell is the default shell.\nconst Shell = \"cmd.exe\"\n\n" +
			"// Sep separates paths.\nfunc Sep() string { return `\\` }\n",
	}})
	s := newSession(t)
	r, err := run(t, s, "import \"example.com/osdep\"\nfmt.Println(osdep.Shell, osdep.Sep())")
	if err != nil {
		t.Fatal(errString(err))
	}
	if got := r.stream("stdout"); got != "/bin/sh /\n" {
		t.Errorf("stdout = %q, want %q", got, "/bin/sh /\n")
	}
}

// TestGoGetRetriesChangedGoMod: when `go get` fails because go.mod
// changed while it ran, the import tries once more (a go command on PATH
// that fails the first get that way, then runs the real one).
func TestGoGetRetriesChangedGoMod(t *testing.T) {
	realGo, lookErr := exec.LookPath("go")
	if lookErr != nil {
		t.Skip("no go command")
	}
	serveModules(t, map[string]map[string]string{"example.com/twice": {
		"twice.go": "package twice\n\n// N is two.\nconst N = 2\n",
	}})
	bin := t.TempDir()
	mark := filepath.Join(bin, "failed-once")
	script := "#!/bin/sh\nif [ \"$1\" = get ] && [ ! -e " + mark + " ]; then\n\ttouch " + mark +
		"\n\techo 'go: updating go.mod: existing contents have changed since last read' >&2\n\texit 1\nfi\nexec " + realGo + " \"$@\"\n"
	if werr := os.WriteFile(filepath.Join(bin, "go"), []byte(script), 0o755); werr != nil {
		t.Fatal(werr)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	s := newSession(t)
	r, err := run(t, s, "import \"example.com/twice\"\nfmt.Println(twice.N)")
	if err != nil {
		t.Fatalf("%s\n%s", errString(err), r.stream("stderr"))
	}
	if _, serr := os.Stat(mark); serr != nil || r.stream("stdout") != "2\n" {
		t.Errorf("stdout %q, first get failed: %v", r.stream("stdout"), serr == nil)
	}
}
