package session

import (
	"context"

	"github.com/activis-go/activis/widgets/comm"
	"github.com/activis-go/activis/widgets/display"
)

// Session is the language side of the kernel. The dispatcher does the
// bookkeeping (busy/idle, execute_input, execution counts, history, replies);
// a Session only executes, completes and inspects code.
type Session interface {
	// Execute runs one cell. It returns when the cell finishes or ctx is
	// cancelled (interrupt); in both cases the session's earlier state
	// survives. Output produced while running goes through out.
	Execute(ctx context.Context, req ExecuteRequest, out Output) ExecuteResult
	// Complete returns completions for code at cursor (a rune offset).
	Complete(code string, cursor int) Completion
	// Inspect returns documentation for the name at cursor; detail is 0 or 1.
	Inspect(code string, cursor, detail int) Inspection
	// IsComplete reports "complete", "incomplete" (with an indent), "invalid"
	// or "unknown" for code typed so far.
	IsComplete(code string) (status, indent string)
	// Info describes the language.
	Info() LanguageInfo
	// Restart replaces the interpreter by a fresh one.
	Restart() error
	// Close releases the session.
	Close() error
}

// ExecuteRequest is the part of an execute_request a Session needs.
type ExecuteRequest struct {
	Code         string
	Silent       bool
	StoreHistory bool
	AllowStdin   bool
	// Count is the execution count this cell will be shown with.
	Count int
}

// Output carries what a running cell produces to the front end, tagged with
// the request that started the cell. It is safe for concurrent use.
type Output interface {
	display.Publisher
	// Stream sends text on "stdout" or "stderr".
	Stream(name, text string)
	// Result sends the execute_result of the cell.
	Result(b display.Bundle)
	// Input asks the front end for a line of input (input_request); it fails
	// when the request did not allow stdin.
	Input(prompt string, password bool) (string, error)
	// Comms is the session's comm registry.
	Comms() comm.Registry
}

// ExecuteResult is the outcome of one cell.
type ExecuteResult struct {
	// Err is nil when the cell succeeded.
	Err *ExecError
	// Payload holds execute_reply payloads (e.g. a pager page).
	Payload []map[string]any
}

// ExecError describes a failed cell for the error message and reply.
type ExecError struct {
	Name      string
	Value     string
	Traceback []string
}

// Completion is a complete_reply's content.
type Completion struct {
	Matches     []string
	CursorStart int
	CursorEnd   int
	Metadata    map[string]any
}

// Inspection is an inspect_reply's content.
type Inspection struct {
	Found    bool
	Data     map[string]any
	Metadata map[string]any
}

// LanguageInfo is kernel_info_reply's language_info and banner.
type LanguageInfo struct {
	Name, Version, Mimetype, FileExtension, PygmentsLexer, CodemirrorMode string
	Banner                                                                string
	HelpLinks                                                             []HelpLink
}

// HelpLink is one entry of kernel_info_reply's help_links.
type HelpLink struct {
	Text, URL string
}
