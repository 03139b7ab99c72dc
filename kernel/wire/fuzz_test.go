package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// Fuzz targets for what the kernel reads from its sockets: the multipart
// message decoder and the signature check. `make fuzz` runs each for
// FUZZTIME; plain `go test` runs the seeds (f.Add and testdata/fuzz).

const fuzzKey = "fuzz-key"

// splitFrames cuts b into frames at every "|" byte, so that the fuzzer
// chooses the number and the contents of the frames.
func splitFrames(b []byte) [][]byte { return bytes.Split(b, []byte("|")) }

// FuzzDecode feeds arbitrary frames to Decode: it must return a message
// or an error wrapping ErrMalformed, ErrMissingSignature or
// ErrBadSignature, never panic, and never accept frames whose signature
// is not the HMAC of the four signed frames.
func FuzzDecode(f *testing.F) {
	codec, err := NewCodec("hmac-sha256", fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	m, err := NewMessage("execute_request", "s", Header{}, map[string]any{"code": "x := 1"})
	if err != nil {
		f.Fatal(err)
	}
	m.Identities = [][]byte{[]byte("client")}
	frames, err := codec.Encode(m)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bytes.Join(frames, []byte("|")))
	f.Add([]byte("<IDS|MSG>|deadbeef|{}|{}|{}|{}"))
	f.Add([]byte("a|b|c"))
	f.Fuzz(func(t *testing.T, b []byte) {
		frames := splitFrames(b)
		got, err := codec.Decode(frames)
		if err != nil {
			if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrMissingSignature) && !errors.Is(err, ErrBadSignature) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		// Accepted: the signature must be right and the content an object.
		i := 0
		for !bytes.Equal(frames[i], []byte(Delimiter)) {
			i++
		}
		r := frames[i+1:]
		if want := codec.Signer.Sign(r[1], r[2], r[3], r[4]); !bytes.EqualFold(r[0], want) {
			t.Fatalf("accepted signature %q, want %q", r[0], want)
		}
		var obj map[string]any
		if err := json.Unmarshal(got.Content, &obj); err != nil {
			t.Fatalf("accepted content %q: %v", got.Content, err)
		}
		if got.Header.MsgType == "" {
			t.Fatal("accepted a header without msg_type")
		}
	})
}

// FuzzDecodeSigned signs the fuzzer's header, parent, metadata and content
// correctly, so that the decoding behind the signature check is exercised:
// whatever it accepts must encode and decode to the same message.
func FuzzDecodeSigned(f *testing.F) {
	codec, err := NewCodec("hmac-sha256", fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"msg_id":"1","session":"s","username":"u","date":"2024-01-01T00:00:00Z","msg_type":"kernel_info_request","version":"5.3"}`), []byte(`{}`), []byte(`{}`), []byte(`{"a":[1,2]}`))
	f.Add([]byte(`{"msg_type":""}`), []byte(`null`), []byte(`[]`), []byte(` {"x":"\u00e9"} `))
	f.Add([]byte(`{"msg_type":"x"}`), []byte(`{"msg_type":1}`), []byte(`{"k":{}}`), []byte(`{`))
	f.Fuzz(func(t *testing.T, header, parent, meta, content []byte) {
		sig := codec.Signer.Sign(header, parent, meta, content)
		frames := [][]byte{[]byte(Delimiter), sig, header, parent, meta, content}
		m, err := codec.Decode(frames)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("correctly signed frames rejected with %v, want ErrMalformed", err)
			}
			return
		}
		again, err := codec.Encode(m)
		if err != nil {
			t.Fatalf("re-encoding an accepted message: %v", err)
		}
		m2, err := codec.Decode(again)
		if err != nil {
			t.Fatalf("decoding a re-encoded message: %v", err)
		}
		if m2.Header != m.Header || m2.Parent != m.Parent || !bytes.Equal(m2.Content, m.Content) {
			t.Fatalf("round trip changed the message: %+v → %+v", m, m2)
		}
	})
}

// FuzzVerify: Verify accepts exactly the signature Sign computes (in
// either hex case) and rejects everything else without panicking.
func FuzzVerify(f *testing.F) {
	s, err := NewSigner("hmac-sha256", fuzzKey)
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("00"), []byte("{}"), []byte("{}"), []byte("{}"), []byte("{}"))
	f.Add(s.Sign([]byte("h"), []byte("p"), []byte("m"), []byte("c")), []byte("h"), []byte("p"), []byte("m"), []byte("c"))
	f.Add([]byte("zz"), []byte(""), []byte(""), []byte(""), []byte(""))
	f.Fuzz(func(t *testing.T, sig, header, parent, meta, content []byte) {
		err := s.Verify(sig, header, parent, meta, content)
		want := s.Sign(header, parent, meta, content)
		if right := bytes.EqualFold(sig, want); right != (err == nil) {
			t.Fatalf("Verify(%q) = %v; the signature is %q", sig, err, want)
		}
		if err != nil && !errors.Is(err, ErrMissingSignature) && !errors.Is(err, ErrBadSignature) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		if err := s.Verify(want, header, parent, meta, content); err != nil {
			t.Fatalf("own signature rejected: %v", err)
		}
	})
}
