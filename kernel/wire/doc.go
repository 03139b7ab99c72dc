// Package wire is the transport layer of the activis Jupyter kernel: it reads
// connection files, signs and verifies messages with the file's HMAC scheme,
// turns messages into ZeroMQ multipart frames and back (identities, the
// "<IDS|MSG>" delimiter, binary buffers), and carries those frames on the five
// Jupyter channels.
//
// The layer knows nothing about Go interpretation: the dispatcher in package
// kernel builds on it, and the interpreter never sees it.
//
// # Messages
//
// A Message holds the routing identities, the header, the parent header,
// metadata, the content as raw JSON (decoded by the receiver into a typed
// struct with Message.Decode) and binary buffers. A Codec encodes a Message
// into frames and decodes frames into a Message, checking the signature:
//
//	// given: path string, msg *wire.Message
//	info, err := wire.ReadConnectionFile(path)
//	codec, err := wire.NewCodec(info.SignatureScheme, info.Key)
//	frames, err := codec.Encode(msg)
//	back, err := codec.Decode(frames) // errors.Is(err, wire.ErrBadSignature) ...
//
// An empty key disables signing: Encode writes an empty signature and Decode
// accepts any.
//
// # Transports
//
// A Transport moves raw multipart messages on the channels. Listen opens the
// kernel side over ZeroMQ (go-zeromq/zmq4, pure Go): ROUTER sockets for shell,
// control and stdin, a PUB socket for iopub and a REP socket for the
// heartbeat, which Listen echoes on its own goroutine. Dial opens the front-end
// side (DEALER, SUB, REQ), used by tests and benchmarks. Pipe connects a kernel
// and a front end in memory for unit tests.
package wire
