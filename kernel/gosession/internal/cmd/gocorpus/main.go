// Command gocorpus runs GOROOT's test programs marked `// run` (test/*.go
// and test/typeparam/*.go whose build constraints hold on linux/amd64) in
// the kernel's Go session and in plain yaegi (interp.New with the standard
// library and unsafe symbols), each program in a fresh child process (a
// fresh session: the program's source as one cell) with a timeout, and
// compares what it prints (stdout and stderr) with the program's .out file,
// or with nothing when it has none (such programs check themselves and
// panic on a failure). Each run is classified:
//
//	pass   no error, output as expected
//	error  a compile error, a panic, a non-zero exit or the timeout
//	wrong  no error, but the output differs: a silently wrong result
//	unspec the output differs where the Go specification leaves the
//	       behaviour unspecified (listed in unspecified, with the reason)
//
// It prints a table, the totals, and the programs plain yaegi passes that
// the kernel does not.
//
// With -packages it runs the same programs, and the standard library's
// examples, as packages imported from source instead (packages.go).
//
// Usage:
//
//	go run ./kernel/gosession/internal/cmd/gocorpus [-packages] [-goroot DIR] [-run REGEXP] [-timeout 90s] [-j 2] [-v]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// errMarker starts the line a child writes on stderr when the program
// failed with an error.
const errMarker = "\x00gocorpus-error: "

func main() {
	one := flag.String("one", "", "(child) run this program")
	mode := flag.String("mode", "kernel", "(child) kernel or yaegi")
	goroot := flag.String("goroot", runtime.GOROOT(), "the Go tree whose test/ directory is run")
	match := flag.String("run", "", "only programs whose path (e.g. typeparam/map.go) matches this regexp")
	timeout := flag.Duration("timeout", 90*time.Second, "per program and mode")
	jobs := flag.Int("j", 2, "programs run at the same time")
	verbose := flag.Bool("v", false, "print each program's result and first error line")
	stdoutOnly := flag.Bool("stdout", false, "(child) only the standard output")
	packages := flag.Bool("packages", false, "run the package corpora (packages.go) instead of the programs as cells")
	flag.Parse()
	if *one != "" && *mode == "package" {
		os.Exit(packageChild(*one, flag.Args(), *stdoutOnly))
	}
	if *one != "" && *mode == "cells" {
		os.Exit(cellsChild(*one, flag.Args()))
	}
	if *one != "" {
		os.Exit(child(*one, *mode))
	}
	run := corpus
	if *packages {
		run = packageCorpus
	}
	if err := run(*goroot, *match, *timeout, *jobs, *verbose); err != nil {
		fmt.Fprintln(os.Stderr, "gocorpus:", err)
		os.Exit(1)
	}
}

// unspecified lists the programs whose expected output depends on what the
// Go specification leaves to the implementation, with the reason; a
// difference there is reported as "unspec", not as a wrong result.
var unspecified = map[string]string{
	"slicecap.go": "reads string data pointers through unsafe: an empty substring s[len(s):] " +
		"has a nil data pointer in the interpreter (reflect.Value.Slice), the string's own in compiled Go; " +
		"the Go specification does not define it",
}

// program is one test program.
type program struct {
	rel, path string
	want      string
}

// result is one run.
type result struct {
	class string // pass, error, wrong
	note  string // first error line, or the first differing output line
}

// programs lists the `// run` programs whose constraints hold.
func programs(goroot string, match *regexp.Regexp) ([]program, error) {
	var ps []program
	for _, pat := range []string{"test/*.go", "test/typeparam/*.go"} {
		files, err := filepath.Glob(filepath.Join(goroot, pat))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if !runAction(string(src)) {
				continue
			}
			rel, _ := filepath.Rel(filepath.Join(goroot, "test"), f)
			if match != nil && !match.MatchString(rel) {
				continue
			}
			want, _ := os.ReadFile(strings.TrimSuffix(f, ".go") + ".out")
			ps = append(ps, program{rel: filepath.ToSlash(rel), path: f, want: string(want)})
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].rel < ps[j].rel })
	return ps, nil
}

// runAction reports whether the program's action line (its first comment
// line) is exactly "// run" and the //go:build line of its header (before
// the package clause), if any, holds for linux/amd64 with gc.
func runAction(src string) bool {
	action := ""
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "package "):
			return action == "// run"
		case constraint.IsGoBuild(line):
			if !constraintHolds(line) {
				return false
			}
		case action == "" && strings.HasPrefix(line, "//") && !constraint.IsPlusBuild(line):
			action = line
		}
	}
	return false
}

// constraintHolds reports whether a //go:build line holds for linux/amd64
// with gc.
func constraintHolds(line string) bool {
	expr, err := constraint.Parse(line)
	return err == nil && expr.Eval(func(tag string) bool {
		switch tag {
		case "linux", "amd64", "gc", "unix", "cgo":
			return true
		}
		return false
	})
}

// matchRegexp compiles the -run pattern; nil for an empty one.
func matchRegexp(match string) (*regexp.Regexp, error) {
	if match == "" {
		return nil, nil
	}
	return regexp.Compile(match)
}

func corpus(goroot, match string, timeout time.Duration, jobs int, verbose bool) error {
	re, err := matchRegexp(match)
	if err != nil {
		return err
	}
	ps, err := programs(goroot, re)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return fmt.Errorf("no `// run` programs in %s/test", goroot)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	modes := []string{"yaegi", "kernel"}
	res := make([]map[string]result, len(ps))
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(jobs, 1))
	start := time.Now()
	for i, p := range ps {
		res[i] = map[string]result{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			r := map[string]result{}
			for _, m := range modes {
				r[m] = runOne(self, p, m, timeout)
			}
			res[i] = r
			if verbose {
				fmt.Fprintf(os.Stderr, "%-40s yaegi %-5s kernel %-5s %s\n", p.rel, r["yaegi"].class, r["kernel"].class, r["kernel"].note)
			}
		}()
	}
	wg.Wait()

	count := map[string]map[string]int{}
	for _, m := range modes {
		count[m] = map[string]int{}
	}
	var lost []string
	for i, p := range ps {
		for _, m := range modes {
			count[m][res[i][m].class]++
		}
		if res[i]["yaegi"].class == "pass" && res[i]["kernel"].class != "pass" {
			lost = append(lost, fmt.Sprintf("  %s: kernel %s: %s", p.rel, res[i]["kernel"].class, res[i]["kernel"].note))
		}
	}
	n := len(ps)
	fmt.Printf("GOROOT %s, %d programs marked // run (test/ and test/typeparam), timeout %v, %v\n\n", goroot, n, timeout, time.Since(start).Round(time.Second))
	fmt.Printf("%-12s %14s %22s %24s %14s\n", "", "pass", "fail with error", "silently wrong", "unspecified")
	for _, m := range modes {
		name := map[string]string{"yaegi": "plain yaegi", "kernel": "kernel"}[m]
		c := count[m]
		fmt.Printf("%-12s %6d (%4.1f%%) %14d (%4.1f%%) %16d (%4.1f%%) %14d\n", name,
			c["pass"], pct(c["pass"], n), c["error"], pct(c["error"], n), c["wrong"], pct(c["wrong"], n), c["unspec"])
	}
	fmt.Printf("\nplain yaegi passes, the kernel does not: %d\n", len(lost))
	for _, l := range lost {
		fmt.Println(l)
	}
	fmt.Println("\nsilently wrong in the kernel:")
	for i, p := range ps {
		if r := res[i]["kernel"]; r.class == "wrong" {
			fmt.Printf("  %s: %s\n", p.rel, r.note)
		}
	}
	fmt.Println("\ndifferent where Go leaves the behaviour unspecified, in the kernel:")
	for i, p := range ps {
		if r := res[i]["kernel"]; r.class == "unspec" {
			fmt.Printf("  %s: %s\n", p.rel, r.note)
		}
	}
	return nil
}

func pct(a, n int) float64 { return 100 * float64(a) / float64(n) }

// runOne runs p in a child process in mode and classifies the outcome.
func runOne(self string, p program, mode string, timeout time.Duration) result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, "-one", p.path, "-mode", mode)
	cmd.Dir = filepath.Dir(p.path)
	cmd.WaitDelay = time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ctx.Err() != nil {
		return result{"error", fmt.Sprintf("timeout after %v", timeout)}
	}
	if i := strings.Index(errb.String(), errMarker); i >= 0 {
		return result{"error", firstLine(errb.String()[i+len(errMarker):])}
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return result{"error", fmt.Sprintf("exit %d: %s", ee.ExitCode(), firstLine(errb.String()+out.String()))}
	} else if err != nil {
		return result{"error", err.Error()}
	}
	if got := out.String(); got != p.want {
		if why, ok := unspecified[p.rel]; ok {
			return result{"unspec", diffNote(got, p.want) + ": " + why}
		}
		return result{"wrong", diffNote(got, p.want)}
	}
	return result{"pass", ""}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 240 {
		s = s[:240] + "…"
	}
	return s
}

// diffNote names the first line where got and want differ.
func diffNote(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return firstLine(fmt.Sprintf("output line %d: got %q, want %q", i+1, a, b))
		}
	}
	return "output differs"
}
