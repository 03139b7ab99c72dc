package kerneltest_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/kerneltest"
	"github.com/activis-go/activis/kernel/session"
	"github.com/activis-go/activis/widgets/display"
)

// shout is a tiny Session: it prints each cell upper-cased and shows its
// length as the result.
type shout struct{}

func (shout) Execute(_ context.Context, req session.ExecuteRequest, out session.Output) session.ExecuteResult {
	out.Stream("stdout", strings.ToUpper(req.Code)+"\n")
	out.Result(display.Bundle{Data: map[string]any{"text/plain": fmt.Sprint(len(req.Code))}})
	return session.ExecuteResult{}
}
func (shout) Complete(string, int) session.Completion     { return session.Completion{} }
func (shout) Inspect(string, int, int) session.Inspection { return session.Inspection{} }
func (shout) IsComplete(string) (string, string)          { return "complete", "" }
func (shout) Info() session.LanguageInfo                  { return session.LanguageInfo{Name: "shout"} }
func (shout) Restart() error                              { return nil }
func (shout) Close() error                                { return nil }

func ExampleNewServer() {
	srv := kerneltest.NewServer(shout{}, kernel.Config{})
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	res, err := srv.Client.Execute(ctx, "hello")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Status, res.Count, res.Types())
	fmt.Print(res.Stdout())
	fmt.Println(res.Data("execute_result")["text/plain"])
	// Output:
	// ok 1 [execute_input stream execute_result]
	// HELLO
	// 5
}
