// Package kerneltest provides a fake Jupyter front end for tests of the
// activis kernel, as net/http/httptest does for HTTP handlers.
//
// NewServer runs a kernel.Kernel for a Session on an in-memory transport and
// connects a Client to it; Dial connects a Client to a kernel process
// listening on a connection file (the real binary), over ZeroMQ. A Client
// sends signed requests and collects replies and iopub messages by parent:
//
//	// given: ctx context.Context, sess session.Session
//	srv := kerneltest.NewServer(sess, kernel.Config{})
//	defer srv.Close()
//	res, err := srv.Client.Execute(ctx, `fmt.Println("hi")`)
//	// res.Status == "ok", res.Stdout() == "hi\n", res.Types() == [execute_input stream]
//
// Raw frames can be sent with SendFrames to check that malformed or
// mis-signed messages are dropped.
package kerneltest
