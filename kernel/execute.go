package kernel

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/activis-go/activis/kernel/session"
)

// handleExecute does the bookkeeping of execute_request around
// Session.Execute: the execution count (only store_history runs count),
// execute_input, the error message, history, the reply, and aborting the
// queued execute requests after an error when stop_on_error is set.
func (k *Kernel) handleExecute(ctx context.Context, r *request) error {
	var c executeRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	store := boolOr(c.StoreHistory, true) && !c.Silent
	k.execMu.Lock()
	defer k.execMu.Unlock()
	k.mu.Lock()
	if store {
		k.count++
	}
	count := k.count
	cellCtx, cancel := context.WithCancel(ctx)
	k.cancel = cancel
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		k.cancel = nil
		k.mu.Unlock()
		cancel()
	}()

	if !c.Silent {
		k.publish(r.msg.Header, "execute_input", executeInput{Code: c.Code, ExecutionCount: count}, nil)
	}
	out := newCellOutput(k, r, cellCtx, count, c.Silent, boolOr(c.AllowStdin, true))
	res := k.runCell(cellCtx, session.ExecuteRequest{
		Code:         c.Code,
		Silent:       c.Silent,
		StoreHistory: store,
		AllowStdin:   boolOr(c.AllowStdin, true),
		Count:        count,
	}, out)
	out.finish()

	if store {
		if err := k.history.Add(count, c.Code, out.resultText()); err != nil {
			k.log.Warn("history", "err", err)
		}
	}
	payload := res.Payload
	if payload == nil {
		payload = []map[string]any{}
	}
	if e := res.Err; e != nil {
		tb := e.Traceback
		if tb == nil {
			tb = []string{}
		}
		if !c.Silent {
			k.publish(r.msg.Header, "error", errorContent{Ename: e.Name, Evalue: e.Value, Traceback: tb}, nil)
			if boolOr(c.StopOnError, true) {
				k.abortQueued()
			}
		}
		return k.reply(r, executeErrorReply{
			executeReply: executeReply{Status: "error", ExecutionCount: count, Payload: payload, UserExpressions: map[string]any{}},
			errorContent: errorContent{Ename: e.Name, Evalue: e.Value, Traceback: tb},
		})
	}
	return k.reply(r, executeReply{Status: "ok", ExecutionCount: count, Payload: payload, UserExpressions: map[string]any{}})
}

// runCell calls Session.Execute, turning a panic into an error result.
func (k *Kernel) runCell(ctx context.Context, req session.ExecuteRequest, out session.Output) (res session.ExecuteResult) {
	defer func() {
		if p := recover(); p != nil {
			k.log.Error("session panicked", "panic", p)
			res = session.ExecuteResult{Err: &session.ExecError{
				Name:      "panic",
				Value:     fmt.Sprint(p),
				Traceback: append([]string{fmt.Sprintf("panic: %v", p), ""}, strings.Split(string(debug.Stack()), "\n")...),
			}}
		}
	}()
	return k.sess.Execute(ctx, req, out)
}

// abortQueued marks the requests already queued on shell: the execute
// requests among them are answered with status "aborted" instead of running
// (as ipykernel does after an error with stop_on_error); the others are
// served as usual.
func (k *Kernel) abortQueued() {
	k.abortN = len(k.queue)
}

// aborted reports whether r must be aborted, and answers it if so. Only the
// shell goroutine calls it.
func (k *Kernel) aborted(r *request) bool {
	if k.abortN == 0 {
		return false
	}
	k.abortN--
	if r.msg.Header.MsgType != "execute_request" {
		return false
	}
	k.publish(r.msg.Header, "status", statusContent{"busy"}, nil)
	k.reply(r, statusReply{Status: "aborted"})
	k.publish(r.msg.Header, "status", statusContent{"idle"}, nil)
	return true
}
