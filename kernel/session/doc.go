// Package session is the contract between the Go (ActiVis) kernel's
// dispatcher (package kernel) and a language implementation (package
// kernel/gosession runs Go through yaegi): the Session interface a language
// implements, the Output a running cell writes to, and the request and reply
// values they exchange.
//
// It is the interpreter interface of xeus (`xinterpreter.hpp`) and the
// do_execute / do_complete half of ipykernel: a Session only executes,
// completes, inspects and judges completeness; the dispatcher does the
// bookkeeping (busy/idle, execute_input, execution counts, history, replies).
//
// The package imports neither the wire layer (kernel/wire) nor ZeroMQ, so an
// interpreter built on it links neither; TestImportRules in package kernel
// checks that. It refers only to the Jupyter runtime contracts a cell's
// code uses directly, which live in the widgets layer because notebook cells
// and widgets import them: widgets/display (a MIME Bundle and the Publisher
// of display_data, update_display_data and clear_output) and widgets/comm
// (the comm Registry). The dispatcher implements those contracts for the
// front end it serves.
//
// Fragment: a minimal Session that echoes its cell.
//
//	type echo struct{}
//
//	func (echo) Execute(ctx context.Context, req session.ExecuteRequest, out session.Output) session.ExecuteResult {
//		out.Stream("stdout", req.Code)
//		return session.ExecuteResult{}
//	}
//
// A complete one, served by a fake front end, is in the package's example.
package session
