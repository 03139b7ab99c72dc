package kernel

import (
	"context"
	"fmt"
	"runtime"
	"unicode/utf8"

	"github.com/activis-go/activis/kernel/wire"
)

func (k *Kernel) handleKernelInfo(_ context.Context, r *request) error {
	li := k.sess.Info()
	def := func(s, d string) string {
		if s == "" {
			return d
		}
		return s
	}
	links := []helpLink{}
	for _, l := range li.HelpLinks {
		links = append(links, helpLink{Text: l.Text, URL: l.URL})
	}
	if len(links) == 0 {
		links = append(links, helpLink{Text: "Go documentation", URL: "https://go.dev/doc/"})
	}
	return k.reply(r, kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       wire.ProtocolVersion,
		Implementation:        Implementation,
		ImplementationVersion: Version,
		LanguageInfo: languageInfo{
			Name:           def(li.Name, "go"),
			Version:        def(li.Version, runtime.Version()[2:]),
			Mimetype:       def(li.Mimetype, "text/x-go"),
			FileExtension:  def(li.FileExtension, ".go"),
			PygmentsLexer:  def(li.PygmentsLexer, "go"),
			CodemirrorMode: def(li.CodemirrorMode, "go"),
		},
		Banner:    def(li.Banner, fmt.Sprintf("Go (ActiVis) kernel %s", Version)),
		Debugger:  false,
		HelpLinks: links,
	})
}

// cursor returns the cursor position of a request: pos, or the end of code
// when the front end sent none; clamped to the code.
func cursor(code string, pos *int) int {
	n := utf8.RuneCountInString(code)
	if pos == nil || *pos > n {
		return n
	}
	return max(*pos, 0)
}

func (k *Kernel) handleComplete(_ context.Context, r *request) error {
	var c completeRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	pos := cursor(c.Code, c.CursorPos)
	res := k.sess.Complete(c.Code, pos)
	if res.Matches == nil {
		res.Matches = []string{}
	}
	if res.Metadata == nil {
		res.Metadata = map[string]any{}
	}
	if len(res.Matches) == 0 && res.CursorEnd == 0 && res.CursorStart == 0 {
		res.CursorStart, res.CursorEnd = pos, pos
	}
	return k.reply(r, completeReply{Status: "ok", Matches: res.Matches, CursorStart: res.CursorStart, CursorEnd: res.CursorEnd, Metadata: res.Metadata})
}

func (k *Kernel) handleInspect(_ context.Context, r *request) error {
	var c inspectRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	detail := min(max(c.DetailLevel, 0), 1)
	res := k.sess.Inspect(c.Code, cursor(c.Code, c.CursorPos), detail)
	if res.Data == nil || !res.Found {
		res.Data = map[string]any{}
	}
	if res.Metadata == nil {
		res.Metadata = map[string]any{}
	}
	return k.reply(r, inspectReply{Status: "ok", Found: res.Found && len(res.Data) > 0, Data: res.Data, Metadata: res.Metadata})
}

func (k *Kernel) handleIsComplete(_ context.Context, r *request) error {
	var c isCompleteRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	status, indent := k.sess.IsComplete(c.Code)
	switch status {
	case "complete", "invalid", "unknown":
		indent = ""
	case "incomplete":
	default:
		status, indent = "unknown", ""
	}
	return k.reply(r, isCompleteReply{Status: status, Indent: indent})
}

func (k *Kernel) handleHistory(_ context.Context, r *request) error {
	var c historyRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	var entries []HistoryEntry
	switch c.HistAccessType {
	case "tail":
		n := 10
		if c.N != nil {
			n = *c.N
		}
		entries = k.history.Tail(n)
	case "range":
		stop := 0
		if c.Stop != nil {
			stop = *c.Stop
		}
		entries = k.history.Range(c.Session, c.Start, stop)
	case "search":
		n := 0
		if c.N != nil {
			n = *c.N
		}
		entries = k.history.Search(c.Pattern, n, c.Unique)
	default:
		return fmt.Errorf("history_request: unknown hist_access_type %q", c.HistAccessType)
	}
	rows := make([]any, 0, len(entries))
	for _, e := range entries {
		if c.Output {
			rows = append(rows, []any{e.Session, e.Line, []any{e.Input, e.Output}})
		} else {
			rows = append(rows, []any{e.Session, e.Line, e.Input})
		}
	}
	return k.reply(r, historyReply{Status: "ok", History: rows})
}

func (k *Kernel) handleConnect(_ context.Context, r *request) error {
	rep := connectReply{Status: "ok"}
	if c := k.conn; c != nil {
		rep.ShellPort, rep.IOPubPort, rep.StdinPort, rep.HBPort, rep.ControlPort = c.ShellPort, c.IOPubPort, c.StdinPort, c.HBPort, c.ControlPort
	}
	return k.reply(r, rep)
}

func (k *Kernel) handleInterrupt(_ context.Context, r *request) error {
	k.Interrupt()
	return k.reply(r, statusReply{Status: "ok"})
}

// handleShutdown answers, then either restarts the session in this process
// (fresh interpreter, execution count and history session) or stops Run.
func (k *Kernel) handleShutdown(_ context.Context, r *request) error {
	var c shutdownRequest
	if err := r.msg.Decode(&c); err != nil {
		return err
	}
	if !c.Restart {
		k.reply(r, shutdownReply{Status: "ok", Restart: false})
		k.publish(r.msg.Header, "shutdown_reply", shutdownReply{Status: "ok", Restart: false}, nil)
		k.Interrupt()
		k.stop()
		return nil
	}
	k.Interrupt()
	k.execMu.Lock() // wait for the interrupted cell
	err := k.sess.Restart()
	k.mu.Lock()
	k.count = 0
	k.mu.Unlock()
	k.history.NewSession()
	k.comms.closeAll()
	k.execMu.Unlock()
	if err != nil {
		return fmt.Errorf("restarting the session: %w", err)
	}
	k.reply(r, shutdownReply{Status: "ok", Restart: true})
	k.publish(r.msg.Header, "shutdown_reply", shutdownReply{Status: "ok", Restart: true}, nil)
	return nil
}
