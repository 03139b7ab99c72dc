package kernel

import "github.com/activis-go/activis/kernel/session"

// Deprecated aliases of the session contract, kept while importers move to
// package kernel/session.
type (
	// Session is session.Session.
	Session = session.Session
	// ExecuteRequest is session.ExecuteRequest.
	ExecuteRequest = session.ExecuteRequest
	// Output is session.Output.
	Output = session.Output
	// ExecuteResult is session.ExecuteResult.
	ExecuteResult = session.ExecuteResult
	// ExecError is session.ExecError.
	ExecError = session.ExecError
	// Completion is session.Completion.
	Completion = session.Completion
	// Inspection is session.Inspection.
	Inspection = session.Inspection
	// LanguageInfo is session.LanguageInfo.
	LanguageInfo = session.LanguageInfo
	// HelpLink is session.HelpLink.
	HelpLink = session.HelpLink
)
