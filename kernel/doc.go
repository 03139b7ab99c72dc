// Package kernel is the dispatcher of the Go (ActiVis) Jupyter kernel: it
// serves the Jupyter messaging protocol (5.3) on top of the wire layer in
// kernel/wire and hands language work to a Session (kernel/gosession is the
// yaegi implementation). Session is the contract of package kernel/session,
// which imports neither the wire nor ZeroMQ: the wire code never reaches the
// interpreter and the interpreter never reaches the wire code, directly or
// through another package. TestImportRules checks these rules and the
// module's other layering (activis reaches neither widgets nor kernel;
// widgets never reaches kernel) with the go command's dependency graph.
//
// The layers follow xeus and ipykernel: the wire layer moves signed frames;
// the Kernel owns a dispatch table keyed by msg_type and does the
// bookkeeping every language would repeat (busy/idle around every request,
// execute_input, execution counts that only count store_history runs,
// history, comm routing, replies, catching failures per message); a Session
// only executes, completes, inspects and judges completeness.
//
// # Serving
//
//	// given: ctx context.Context, sess session.Session, path, historyFile string
//	info, _ := wire.ReadConnectionFile(path)
//	tr, _ := wire.Listen(info)
//	codec, _ := wire.NewCodec(info.SignatureScheme, info.Key)
//	hist, _ := kernel.NewHistory(historyFile)
//	k, _ := kernel.New(kernel.Config{Session: sess, Transport: tr, Codec: codec, History: hist})
//	err := k.Run(ctx) // until shutdown_request
//
// Shell requests are served one at a time; control requests (interrupt,
// shutdown, kernel_info, ...) on their own goroutine, so they are answered
// while a cell runs. An interrupt cancels the context given to
// Session.Execute. A message with a missing or wrong signature, or one that
// does not decode, is logged and dropped; a handler that fails or panics is
// logged and answered with an error reply.
//
// # Output
//
// Each execute_request gets an Output: stream text is batched and sent at
// least every 100 ms while the cell runs and before the reply, capped per
// cell (Config.StreamLimit) with a note of what was dropped; displays,
// updates, clears and the execute_result go out in order with the streams;
// Input asks the front end on the stdin channel. Messages keep the request
// as parent even when a goroutine the cell started writes after the cell.
//
// # Comms
//
// Kernel.Comms (and Output.Comms) is a widgets/comm Registry: Go packages
// register targets there; a comm_open on an unknown target is logged and
// closed.
//
// Tests drive a Kernel with the fake front end of package kerneltest.
package kernel
