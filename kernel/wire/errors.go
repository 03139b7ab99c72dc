package wire

import "errors"

// Errors returned by Decode and Verify; callers test them with errors.Is.
var (
	// ErrMissingSignature: signing is enabled and the message has none.
	ErrMissingSignature = errors.New("wire: missing signature")
	// ErrBadSignature: the signature does not match the message.
	ErrBadSignature = errors.New("wire: bad signature")
	// ErrMalformed: the frames are not a Jupyter message (no delimiter,
	// too few frames, or JSON that does not decode).
	ErrMalformed = errors.New("wire: malformed message")
	// ErrUnknownScheme: the connection file names a signature scheme this
	// package does not implement.
	ErrUnknownScheme = errors.New("wire: unknown signature scheme")
	// ErrClosed: the transport is closed.
	ErrClosed = errors.New("wire: transport closed")
)
