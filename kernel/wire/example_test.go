package wire_test

import (
	"errors"
	"fmt"

	"github.com/activis-go/activis/kernel/wire"
)

func ExampleCodec() {
	codec, err := wire.NewCodec("hmac-sha256", "secret")
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := wire.NewMessage("comm_msg", "session-1", wire.Header{}, map[string]any{"comm_id": "c", "data": map[string]any{}})
	m.Identities = [][]byte{[]byte("front-end")}
	m.Buffers = [][]byte{{0xCA, 0xFE}}
	frames, _ := codec.Encode(m)
	fmt.Printf("%d frames: identity, %s, signature, header, parent, metadata, content, 1 buffer\n", len(frames), frames[1])

	back, err := codec.Decode(frames)
	fmt.Println(back.Header.MsgType, len(back.Buffers), err)

	frames[6] = []byte(`{"comm_id":"other"}`) // tampered
	_, err = codec.Decode(frames)
	fmt.Println(errors.Is(err, wire.ErrBadSignature))
	// Output:
	// 8 frames: identity, <IDS|MSG>, signature, header, parent, metadata, content, 1 buffer
	// comm_msg 1 <nil>
	// true
}
