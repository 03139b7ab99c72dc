package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ProtocolVersion is the version of the Jupyter messaging protocol spoken,
// written in every header.
const ProtocolVersion = "5.3"

// Delimiter separates routing identities from the message frames.
const Delimiter = "<IDS|MSG>"

// Header is a message header (and, for replies, the parent header).
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message.
type Message struct {
	// Identities are the ZeroMQ routing prefixes, copied from a request to
	// its replies.
	Identities [][]byte
	Header     Header
	// Parent is the header of the request this message answers; the zero
	// Header encodes as {}.
	Parent   Header
	Metadata map[string]any
	// Content is the JSON content; decode it with Decode.
	Content json.RawMessage
	// Buffers are the binary buffers after the content frame.
	Buffers [][]byte
}

// NewHeader returns a fresh header of msgType for session.
func NewHeader(msgType, session, username string) Header {
	return Header{
		MsgID:    uuid.NewString(),
		Session:  session,
		Username: username,
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// NewMessage returns a message of msgType with content encoded as JSON,
// answering parent (the zero Header when it answers nothing).
func NewMessage(msgType, session string, parent Header, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("wire: encoding %s content: %w", msgType, err)
	}
	if len(c) == 0 || c[0] != '{' {
		return nil, fmt.Errorf("wire: %s content is not a JSON object", msgType)
	}
	return &Message{
		Header:  NewHeader(msgType, session, "kernel"),
		Parent:  parent,
		Content: c,
	}, nil
}

// Decode decodes the message content into v (a pointer to a typed struct).
func (m *Message) Decode(v any) error {
	if len(m.Content) == 0 {
		return fmt.Errorf("%w: %s has no content", ErrMalformed, m.Header.MsgType)
	}
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("%w: %s content: %v", ErrMalformed, m.Header.MsgType, err)
	}
	return nil
}

// Codec encodes and decodes signed multipart messages.
type Codec struct {
	Signer *Signer
}

// NewCodec returns a Codec signing with scheme and key.
func NewCodec(scheme, key string) (*Codec, error) {
	s, err := NewSigner(scheme, key)
	if err != nil {
		return nil, err
	}
	return &Codec{Signer: s}, nil
}

// Encode returns the frames of m: identities, delimiter, signature, header,
// parent header, metadata, content, buffers.
func (c *Codec) Encode(m *Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("wire: encoding header: %w", err)
	}
	parent := []byte("{}")
	if m.Parent != (Header{}) {
		if parent, err = json.Marshal(m.Parent); err != nil {
			return nil, fmt.Errorf("wire: encoding parent header: %w", err)
		}
	}
	meta := []byte("{}")
	if len(m.Metadata) > 0 {
		if meta, err = json.Marshal(m.Metadata); err != nil {
			return nil, fmt.Errorf("wire: encoding metadata of %s: %w", m.Header.MsgType, err)
		}
	}
	content := []byte(m.Content)
	if len(content) == 0 {
		content = []byte("{}")
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), c.Signer.Sign(header, parent, meta, content),
		header, parent, meta, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// Decode parses frames into a Message, verifying the signature first. A
// message with a missing or wrong signature is never decoded: Decode returns
// ErrMissingSignature or ErrBadSignature (wrapped). Frames that are not a
// message give ErrMalformed.
func (c *Codec) Decode(frames [][]byte) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], []byte(Delimiter)) {
		i++
	}
	if i == len(frames) {
		return nil, fmt.Errorf("%w: no %s delimiter in %d frames", ErrMalformed, Delimiter, len(frames))
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d frames after the delimiter, want at least 5", ErrMalformed, len(rest))
	}
	sig, header, parent, meta, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if err := c.Signer.Verify(sig, header, parent, meta, content); err != nil {
		return nil, err
	}
	m := &Message{Identities: frames[:i:i]}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if m.Header.MsgType == "" {
		return nil, fmt.Errorf("%w: header has no msg_type", ErrMalformed)
	}
	if err := json.Unmarshal(parent, &m.Parent); err != nil {
		return nil, fmt.Errorf("%w: parent header: %v", ErrMalformed, err)
	}
	if err := json.Unmarshal(meta, &m.Metadata); err != nil {
		return nil, fmt.Errorf("%w: metadata: %v", ErrMalformed, err)
	}
	if !json.Valid(content) || len(bytes.TrimSpace(content)) == 0 || bytes.TrimSpace(content)[0] != '{' {
		return nil, fmt.Errorf("%w: content of %s is not a JSON object", ErrMalformed, m.Header.MsgType)
	}
	m.Content = json.RawMessage(content)
	if len(rest) > 5 {
		m.Buffers = rest[5:]
	}
	return m, nil
}

// Signature returns the signature frame of a multipart message, or nil when
// the frames have no delimiter or nothing after it.
func Signature(frames [][]byte) []byte {
	for i, f := range frames {
		if bytes.Equal(f, []byte(Delimiter)) {
			if i+1 < len(frames) {
				return frames[i+1]
			}
			return nil
		}
	}
	return nil
}
