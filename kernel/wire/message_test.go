package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	for _, test := range []struct {
		name       string
		key        string
		identities [][]byte
		buffers    [][]byte
	}{
		{"signed, one identity, no buffers", "secret", [][]byte{[]byte("client-1")}, nil},
		{"signed, two identities, buffers", "secret", [][]byte{[]byte("a"), []byte("b")}, [][]byte{{0, 1, 2, 255}, {}, []byte("<IDS|MSG>")}},
		{"unsigned, no identity, buffers", "", nil, [][]byte{{7}}},
	} {
		t.Run(test.name, func(t *testing.T) {
			codec, err := NewCodec("hmac-sha256", test.key)
			if err != nil {
				t.Fatal(err)
			}
			parent := NewHeader("execute_request", "s1", "u")
			m, err := NewMessage("comm_msg", "s2", parent, map[string]any{"comm_id": "c", "data": map[string]any{"x": 1}})
			if err != nil {
				t.Fatal(err)
			}
			m.Identities = test.identities
			m.Buffers = test.buffers
			m.Metadata = map[string]any{"k": "v"}
			frames, err := codec.Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(frames), len(test.identities)+6+len(test.buffers); got != want {
				t.Fatalf("%d frames, want %d", got, want)
			}
			if !bytes.Equal(frames[len(test.identities)], []byte(Delimiter)) {
				t.Errorf("frame %d = %q, want the delimiter", len(test.identities), frames[len(test.identities)])
			}
			if sig := frames[len(test.identities)+1]; (len(sig) == 0) != (test.key == "") {
				t.Errorf("signature %q with key %q", sig, test.key)
			}
			got, err := codec.Decode(frames)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Identities) != len(test.identities) {
				t.Fatalf("identities %q, want %q", got.Identities, test.identities)
			}
			for i := range test.identities {
				if !bytes.Equal(got.Identities[i], test.identities[i]) {
					t.Errorf("identity %d = %q, want %q", i, got.Identities[i], test.identities[i])
				}
			}
			if got.Header != m.Header || got.Parent != parent {
				t.Errorf("headers %+v / %+v, want %+v / %+v", got.Header, got.Parent, m.Header, parent)
			}
			if got.Header.Version != ProtocolVersion {
				t.Errorf("version %q", got.Header.Version)
			}
			if len(got.Buffers) != len(test.buffers) {
				t.Fatalf("%d buffers, want %d", len(got.Buffers), len(test.buffers))
			}
			for i := range test.buffers {
				if !bytes.Equal(got.Buffers[i], test.buffers[i]) {
					t.Errorf("buffer %d = %v, want %v", i, got.Buffers[i], test.buffers[i])
				}
			}
			var content struct {
				CommID string          `json:"comm_id"`
				Data   struct{ X int } `json:"data"`
			}
			if err := got.Decode(&content); err != nil || content.CommID != "c" || content.Data.X != 1 {
				t.Errorf("content %+v, err %v", content, err)
			}
			if got.Metadata["k"] != "v" {
				t.Errorf("metadata %v", got.Metadata)
			}
		})
	}
}

func TestEncodeEmptyParent(t *testing.T) {
	codec, _ := NewCodec("", "")
	m, _ := NewMessage("status", "s", Header{}, map[string]string{"execution_state": "idle"})
	frames, err := codec.Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	if string(frames[3]) != "{}" || string(frames[4]) != "{}" {
		t.Errorf("parent %s metadata %s, want {} {}", frames[3], frames[4])
	}
}

func TestDecodeRejects(t *testing.T) {
	signed, _ := NewCodec("hmac-sha256", "secret")
	wrongKey, _ := NewCodec("hmac-sha256", "guess")
	unsigned, _ := NewCodec("hmac-sha256", "")
	m, _ := NewMessage("execute_request", "s", Header{}, map[string]any{"code": "1"})
	m.Identities = [][]byte{[]byte("id")}
	good, _ := signed.Encode(m)
	noSig, _ := unsigned.Encode(m)
	badSig, _ := wrongKey.Encode(m)
	tampered := clone(good)
	tampered[6] = []byte(`{"code":"os.Exit(1)"}`)
	header := func(h string) [][]byte {
		f := clone(noSig)
		f[3] = []byte(h)
		return f
	}
	for _, test := range []struct {
		name   string
		codec  *Codec
		frames [][]byte
		want   error
	}{
		{"missing signature", signed, noSig, ErrMissingSignature},
		{"wrong key", signed, badSig, ErrBadSignature},
		{"tampered content", signed, tampered, ErrBadSignature},
		{"no delimiter", signed, [][]byte{[]byte("id"), []byte("x")}, ErrMalformed},
		{"too few frames", signed, good[:5], ErrMalformed},
		{"empty", signed, nil, ErrMalformed},
		{"header not JSON", unsigned, header("{"), ErrMalformed},
		{"header without type", unsigned, header(`{"msg_id":"1"}`), ErrMalformed},
		{"header with wrong types", unsigned, header(`{"msg_id":1,"msg_type":"x"}`), ErrMalformed},
		{"content not an object", unsigned, func() [][]byte { f := clone(noSig); f[6] = []byte(`[1]`); return f }(), ErrMalformed},
	} {
		if _, err := test.codec.Decode(test.frames); !errors.Is(err, test.want) {
			t.Errorf("%s: Decode error %v, want %v", test.name, err, test.want)
		}
	}
	// The good message and the unsigned one on an unsigned codec decode.
	if _, err := signed.Decode(good); err != nil {
		t.Errorf("good message: %v", err)
	}
	if _, err := unsigned.Decode(good); err != nil {
		t.Errorf("signed message on an unsigned codec: %v", err)
	}
}

func TestDecodeContentTyped(t *testing.T) {
	m := &Message{Header: Header{MsgType: "execute_request"}, Content: json.RawMessage(`{"code": 5}`)}
	var c struct {
		Code string `json:"code"`
	}
	if err := m.Decode(&c); !errors.Is(err, ErrMalformed) {
		t.Errorf("Decode of a number into a string: %v, want ErrMalformed", err)
	}
}

func clone(f [][]byte) [][]byte {
	out := make([][]byte, len(f))
	for i := range f {
		out[i] = append([]byte(nil), f[i]...)
	}
	return out
}
