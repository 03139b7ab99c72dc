package kernel_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// importRule says that no package matched by From may depend, directly or
// through other packages, on a package whose import path has a prefix in
// Forbidden.
type importRule struct {
	From      string // a go list pattern, relative to the module root
	Forbidden []string
	Why       string
}

// importRules are the layering rules of the module (kernel → widgets →
// activis → gonum; the interpreter apart from the wire).
var importRules = []importRule{
	{
		From:      "./kernel/wire/...",
		Forbidden: []string{"github.com/traefik/yaegi", "github.com/activis-go/activis/kernel/gosession"},
		Why:       "the wire layer moves signed frames and never links the interpreter",
	},
	{
		From:      "./kernel/gosession/...",
		Forbidden: []string{"github.com/go-zeromq/zmq4", "github.com/activis-go/activis/kernel/wire"},
		Why:       "the interpreter implements kernel/session and never links the wire or ZeroMQ",
	},
	{
		From:      "./kernel/session/...",
		Forbidden: []string{"github.com/go-zeromq/zmq4", "github.com/activis-go/activis/kernel/wire", "github.com/traefik/yaegi"},
		Why:       "the session contract is free of the wire and of any interpreter",
	},
	{
		From: "./activis/...",
		Forbidden: []string{
			"github.com/activis-go/activis/kernel",
			"github.com/activis-go/activis/widgets",
			"github.com/go-zeromq/zmq4",
			"github.com/traefik/yaegi",
		},
		Why: "the core library is usable from any Go program, without Jupyter",
	},
	{
		From:      "./widgets/...",
		Forbidden: []string{"github.com/activis-go/activis/kernel", "github.com/go-zeromq/zmq4", "github.com/traefik/yaegi"},
		Why:       "widgets turn values into MIME bundles and widget models; the kernel depends on them, not the reverse",
	},
}

// goTool returns the go command that built this test.
func goTool() string {
	if root := runtime.GOROOT(); root != "" {
		return filepath.Join(root, "bin", "go")
	}
	return "go"
}

// violations lists "pkg → dep" for every package of pattern that depends on
// a forbidden prefix.
func violations(t *testing.T, pattern string, forbidden []string) []string {
	t.Helper()
	cmd := exec.Command(goTool(), "list", "-deps", "-test=false",
		"-f", `{{.ImportPath}}{{range .Deps}} {{.}}{{end}}`, pattern)
	cmd.Dir = ".." // the module root
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list %s: %v\n%s", pattern, err, ee.Stderr)
		}
		t.Fatalf("go list %s: %v", pattern, err)
	}
	var bad []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg := fields[0]
		if !strings.HasPrefix(pkg, "github.com/activis-go/activis/") {
			continue // a dependency's own dependencies are its business
		}
		for _, dep := range fields[1:] {
			for _, f := range forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					bad = append(bad, pkg+" → "+dep)
				}
			}
		}
	}
	return bad
}

// TestImportRules checks the module's layering with the go command's own
// view of the dependency graph (direct and indirect imports).
func TestImportRules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	for _, r := range importRules {
		t.Run(strings.Trim(r.From, "./"), func(t *testing.T) {
			for _, v := range violations(t, r.From, r.Forbidden) {
				t.Errorf("%s: %s", v, r.Why)
			}
		})
	}
}

// TestImportRulesCatch checks that the rules see a real dependency: package
// kernel does link ZeroMQ, so a rule forbidding it there must report it.
func TestImportRulesCatch(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list over the module")
	}
	got := violations(t, "./kernel", []string{"github.com/go-zeromq/zmq4"})
	if len(got) == 0 {
		t.Fatal("a rule forbidding zmq4 in package kernel reported nothing; the check is blind")
	}
}
