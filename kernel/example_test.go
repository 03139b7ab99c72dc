package kernel_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/gosession"
	"github.com/activis-go/activis/kernel/wire"
)

// A kernel serving the Go session over an in-memory transport, and a front
// end written with package wire: one execute_request, the messages it
// causes on IOPub, and the reply on Shell.
func ExampleKernel_Run() {
	sess, err := gosession.New(gosession.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sess.Close()
	kt, ft := wire.Pipe() // wire.Listen(info) for a real front end
	defer ft.Close()
	codec, _ := wire.NewCodec("hmac-sha256", "secret")
	k, err := kernel.New(kernel.Config{Session: sess, Transport: kt, Codec: codec,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go k.Run(ctx)

	req, _ := wire.NewMessage("execute_request", "front-end", wire.Header{}, map[string]any{
		"code": "fmt.Println(\"hi\")\n1 + 2", "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	})
	frames, _ := codec.Encode(req)
	if err := ft.Send(wire.Shell, frames); err != nil {
		fmt.Println(err)
		return
	}
	for {
		frames, err := ft.Recv(ctx, wire.IOPub)
		if err != nil {
			fmt.Println(err)
			return
		}
		m, err := codec.Decode(frames)
		if err != nil {
			fmt.Println(err)
			return
		}
		var c struct {
			ExecutionState string `json:"execution_state"`
			Text           string
			Data           map[string]any
		}
		m.Decode(&c)
		switch m.Header.MsgType {
		case "status":
			fmt.Println("status", c.ExecutionState)
		case "stream":
			fmt.Printf("stream %q\n", c.Text)
		case "execute_result":
			fmt.Println("execute_result", c.Data["text/plain"])
		default:
			fmt.Println(m.Header.MsgType)
		}
		if c.ExecutionState == "idle" {
			break
		}
	}
	frames, _ = ft.Recv(ctx, wire.Shell)
	reply, _ := codec.Decode(frames)
	var c struct {
		Status         string
		ExecutionCount int `json:"execution_count"`
	}
	reply.Decode(&c)
	fmt.Println(reply.Header.MsgType, c.Status, c.ExecutionCount, reply.Parent.MsgID == req.Header.MsgID)
	// Output:
	// status busy
	// execute_input
	// stream "hi\n"
	// execute_result 3
	// status idle
	// execute_reply ok 1 true
}

// History persisted in a file: a second kernel start (or a restart) is a
// new session that still searches the cells of the first.
func ExampleHistory() {
	dir, err := os.MkdirTemp("", "history")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "history.jsonl")

	first, _ := kernel.NewHistory(file)
	first.Add(1, "x := 40", "")
	first.Add(2, "x + 2", "42")

	second, _ := kernel.NewHistory(file) // the next kernel start
	second.Add(1, "fmt.Println(x)", "")
	fmt.Println("session", second.Session())
	for _, e := range second.Search("x*", 0, false) {
		fmt.Printf("%d/%d %q -> %q\n", e.Session, e.Line, e.Input, e.Output)
	}
	fmt.Println(len(second.Range(-1, 1, 0)), "cells in the previous session")
	// Output:
	// session 2
	// 1/1 "x := 40" -> ""
	// 1/2 "x + 2" -> "42"
	// 2 cells in the previous session
}
