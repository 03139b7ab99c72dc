package gosession_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/activis-go/activis/kernel/gosession"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// printOutput is a session.Output that prints every message a cell sends,
// as a kernel would forward them to the front end.
type printOutput struct{}

func (printOutput) Stream(name, text string) { fmt.Printf("stream %s: %q\n", name, text) }
func (printOutput) Result(b display.Bundle) {
	fmt.Printf("execute_result: %v %q\n", slices.Sorted(maps.Keys(b.Data)), b.Data["text/plain"])
}
func (printOutput) Display(b display.Bundle) error {
	fmt.Printf("display_data: %v\n", slices.Sorted(maps.Keys(b.Data)))
	return nil
}
func (printOutput) Update(b display.Bundle) error { return nil }
func (printOutput) Clear(wait bool) error         { return nil }
func (printOutput) Input(prompt string, password bool) (string, error) {
	return "", errors.New("no stdin")
}
func (printOutput) Comms() comm.Registry { return nil }

// Three cells in one session: printed output and a trailing expression,
// a display call, and a cell that does not compile.
func ExampleSession_Execute() {
	s, err := gosession.New(gosession.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for i, code := range []string{
		"import \"fmt\"\n\ntype point struct{ X, Y int }\n\nfor i := range 2 {\n\tfmt.Println(\"i =\", i)\n}\npoint{1, 2}",
		"display.Display(display.Markdown(\"*hello*\"))",
		"p := point{3}",
	} {
		fmt.Printf("In[%d]\n", i+1)
		res := s.Execute(context.Background(), session.ExecuteRequest{Code: code, Count: i + 1}, printOutput{})
		if res.Err != nil {
			fmt.Printf("error: %s: %s\n", res.Err.Name, res.Err.Value)
		}
	}
	// Output:
	// In[1]
	// stream stdout: "i = 0\n"
	// stream stdout: "i = 1\n"
	// execute_result: [text/plain] "{X:1 Y:2}"
	// In[2]
	// display_data: [text/markdown text/plain]
	// In[3]
	// error: CompileError: In[3] line 1: too few values in struct literal
}

// The top-level items of a cell, as the session evaluates them in order.
func ExampleSplit() {
	items, err := gosession.Split(`import "math"

// Point is a point of the plane.
type Point struct{ X, Y float64 }

func (p Point) Norm() float64 { return math.Hypot(p.X, p.Y) }

p := Point{3, 4}
for i := 0; i < 2; i++ { p.X++ }
p.Norm()`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range items {
		fmt.Printf("line %d %-6s %q\n", it.Line, it.Kind, it.Src)
	}
	// Output:
	// line 1 import "import \"math\""
	// line 3 decl   "// Point is a point of the plane.\ntype Point struct{ X, Y float64 }"
	// line 6 decl   "func (p Point) Norm() float64 { return math.Hypot(p.X, p.Y) }"
	// line 8 stmt   "p := Point{3, 4}"
	// line 9 stmt   "for i := 0; i < 2; i++ { p.X++ }"
	// line 10 expr   "p.Norm()"
}
