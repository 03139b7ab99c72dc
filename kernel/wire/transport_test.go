package wire

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

func TestConnectionFile(t *testing.T) {
	info, err := LocalConnectionInfo("k")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "kernel.json")
	if err := WriteConnectionFile(path, info); err != nil {
		t.Fatal(err)
	}
	got, err := ReadConnectionFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *info {
		t.Errorf("read %+v, want %+v", got, info)
	}
	if ep := got.Endpoint(IOPub); ep != "tcp://127.0.0.1:"+strconv.Itoa(info.IOPubPort) {
		t.Errorf("endpoint %s", ep)
	}
	for _, bad := range []string{
		`{`,
		`{"transport":"tcp","ip":"","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`,
		`{"transport":"udp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`,
		`{"transport":"tcp","ip":"127.0.0.1","shell_port":0,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5}`,
		`{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"signature_scheme":"hmac-foo"}`,
	} {
		os.WriteFile(path, []byte(bad), 0o600)
		if _, err := ReadConnectionFile(path); err == nil {
			t.Errorf("ReadConnectionFile(%s) succeeded", bad)
		}
	}
	if _, err := ReadConnectionFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file read")
	}
}

func TestPipe(t *testing.T) {
	k, f := Pipe()
	defer k.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	exchange(ctx, t, k, f)
	if echo, err := f.(Pinger).Ping(ctx, []byte("ping")); err != nil || string(echo) != "ping" {
		t.Errorf("Ping = %q, %v", echo, err)
	}
	f.Close()
	if _, err := k.Recv(ctx, Shell); !errors.Is(err, ErrClosed) {
		t.Errorf("Recv after Close: %v, want ErrClosed", err)
	}
}

func TestZMQ(t *testing.T) {
	info, err := LocalConnectionInfo("secret")
	if err != nil {
		t.Fatal(err)
	}
	k, err := Listen(info)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	f, err := Dial(info, "front-1")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if echo, err := f.(Pinger).Ping(ctx, []byte("beat")); err != nil || string(echo) != "beat" {
		t.Fatalf("heartbeat echo = %q, %v", echo, err)
	}
	exchange(ctx, t, k, f)
}

// exchange sends a request from the front end on shell, control and stdin,
// answers it from the kernel through the request's identities, and publishes
// on iopub until the front end sees it (a SUB socket misses messages sent
// before its subscription reaches the PUB socket).
func exchange(ctx context.Context, t *testing.T, k, f Transport) {
	t.Helper()
	codec, _ := NewCodec("hmac-sha256", "secret")
	for _, ch := range []Channel{Shell, Control, Stdin} {
		m, _ := NewMessage("kernel_info_request", "front", Header{}, struct{}{})
		m.Buffers = [][]byte{{1, 2, 3}}
		frames, _ := codec.Encode(m)
		if err := f.Send(ch, frames); err != nil {
			t.Fatalf("%s: send: %v", ch, err)
		}
		got, err := k.Recv(ctx, ch)
		if err != nil {
			t.Fatalf("%s: kernel recv: %v", ch, err)
		}
		req, err := codec.Decode(got)
		if err != nil {
			t.Fatalf("%s: decode: %v", ch, err)
		}
		if len(req.Buffers) != 1 || !bytes.Equal(req.Buffers[0], []byte{1, 2, 3}) {
			t.Errorf("%s: buffers %v", ch, req.Buffers)
		}
		rep, _ := NewMessage("kernel_info_reply", "kernel", req.Header, map[string]string{"status": "ok"})
		rep.Identities = req.Identities
		rep.Buffers = [][]byte{{9}}
		frames, _ = codec.Encode(rep)
		if err := k.Send(ch, frames); err != nil {
			t.Fatalf("%s: reply: %v", ch, err)
		}
		got, err = f.Recv(ctx, ch)
		if err != nil {
			t.Fatalf("%s: front recv: %v", ch, err)
		}
		back, err := codec.Decode(got)
		if err != nil {
			t.Fatalf("%s: decode reply: %v", ch, err)
		}
		if back.Parent.MsgID != req.Header.MsgID || len(back.Buffers) != 1 || back.Buffers[0][0] != 9 {
			t.Errorf("%s: reply %+v", ch, back)
		}
	}
	st, _ := NewMessage("status", "kernel", Header{}, map[string]string{"execution_state": "idle"})
	frames, _ := codec.Encode(st)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	got := make(chan [][]byte, 1)
	go func() {
		f, err := f.Recv(ctx, IOPub)
		if err == nil {
			got <- f
		}
	}()
	for {
		if err := k.Send(IOPub, frames); err != nil {
			t.Fatalf("iopub send: %v", err)
		}
		select {
		case f := <-got:
			if m, err := codec.Decode(f); err != nil || m.Header.MsgType != "status" {
				t.Errorf("iopub: %v %v", m, err)
			}
			return
		case <-tick.C:
		case <-ctx.Done():
			t.Fatal("no iopub message")
		}
	}
}
