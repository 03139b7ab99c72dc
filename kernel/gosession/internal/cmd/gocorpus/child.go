package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unsafe"

	"github.com/activis-go/activis/kernel/gosession"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// child runs one program in mode and returns the process exit code: the
// program's output goes to stdout, an error to stderr after errMarker.
func child(path, mode string) int {
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprint(os.Stderr, errMarker, err, "\n")
		return 3
	}
	if mode == "yaegi" {
		err = runYaegi(string(src), os.Stdout)
	} else {
		err = runKernel(string(src), os.Stdout)
	}
	if err != nil {
		fmt.Fprint(os.Stderr, errMarker, strings.ReplaceAll(err.Error(), "\n", " | "), "\n")
		return 3
	}
	return 0
}

// runYaegi is plain yaegi: the standard library and unsafe.
func runYaegi(src string, w io.Writer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	in := interp.New(interp.Options{Stdout: w, Stderr: w, Args: []string{"prog"}})
	if err := in.Use(stdlib.Symbols); err != nil {
		return err
	}
	if err := in.Use(unsafe.Symbols); err != nil {
		return err
	}
	_, err = in.Eval(src)
	return err
}

// runKernel runs the program as one cell of a fresh kernel session.
func runKernel(src string, w io.Writer) error {
	s, err := gosession.New(gosession.Options{})
	if err != nil {
		return err
	}
	res := s.Execute(context.Background(), session.ExecuteRequest{Code: src}, &output{w: w})
	if res.Err != nil {
		return fmt.Errorf("%s: %s", res.Err.Name, res.Err.Value)
	}
	return nil
}

// output writes a cell's streams to w (Go's test harness compares
// stdout and stderr together) and ignores displays.
type output struct {
	mu         sync.Mutex
	w          io.Writer
	stdoutOnly bool
}

func (o *output) Display(display.Bundle) error { return nil }
func (o *output) Update(display.Bundle) error  { return nil }
func (o *output) Clear(bool) error             { return nil }
func (o *output) Result(display.Bundle)        {}
func (o *output) Comms() comm.Registry         { return nil }
func (o *output) Input(string, bool) (string, error) {
	return "", fmt.Errorf("no stdin in the corpus")
}
func (o *output) Stream(name, text string) {
	if o.stdoutOnly && name != "stdout" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	io.WriteString(o.w, text)
}
