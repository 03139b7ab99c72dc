package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/activis-go/activis/install"
	"github.com/activis-go/activis/kernel/kerneltest"
	"github.com/activis-go/activis/kernel/wire"
)

func TestCommands(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	for _, test := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"version"}, 0, "activis-kernel 0.1.0 (Jupyter protocol 5.3"},
		{nil, 2, ""},
		{[]string{"--bogus"}, 2, ""},
		{[]string{"install", "--user", "--prefix", "/x"}, 1, ""},
		{[]string{"install", "--user"}, 0, "installed kernelspec activis"},
		{[]string{"uninstall"}, 0, "removed kernelspec activis"},
		{[]string{"uninstall"}, 1, ""},
		{[]string{filepath.Join(t.TempDir(), "missing.json")}, 1, ""},
	} {
		var out, errb bytes.Buffer
		if code := run(test.args, &out, &errb); code != test.code || !strings.Contains(out.String(), test.out) {
			t.Errorf("%q: exit %d output %q (stderr %q), want %d %q", test.args, code, out.String(), errb.String(), test.code, test.out)
		}
	}
}

// TestInstallFrontendCommand: install writes the bundled widget extensions
// (or says the binary has none), says to restart the server, never writes a
// second copy, and uninstall removes what it wrote; --no-frontend skips them;
// doctor reports the result.
func TestInstallFrontendCommand(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("JUPYTER_PATH", "")
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
	if e, ok := install.FindAnywidget(); ok {
		t.Skipf("this machine has an anywidget front end system-wide (%s in %s)", e, e.Dir)
	}
	cmd := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 0 {
			t.Fatalf("%q: exit %d, stderr %s", args, code, errb.String())
		}
		return out.String()
	}
	out := cmd("install", "--no-frontend")
	if strings.Contains(out, "JupyterLab extension") || strings.Contains(out, "not installed") {
		t.Errorf("install --no-frontend mentions extensions:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(data, "labextensions")); err == nil {
		t.Error("install --no-frontend wrote labextensions")
	}
	out = cmd("install")
	if len(install.Bundled()) == 0 {
		if !strings.Contains(out, "built without the JupyterLab front end") || !strings.Contains(out, "pip install anywidget") {
			t.Errorf("install from a binary without a front end:\n%s", out)
		}
		return
	}
	for _, want := range []string{
		"installed JupyterLab extension @jupyter-widgets/jupyterlab-manager 5.0.16 in " + filepath.Join(data, "labextensions", "@jupyter-widgets", "jupyterlab-manager"),
		"installed JupyterLab extension @activis-go/anywidget 0.11.0",
		"anywidget front end: @activis-go/anywidget 0.11.0",
		"restart the Jupyter server",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("install output lacks %q:\n%s", want, out)
		}
	}
	out = cmd("install")
	if strings.Contains(out, "installed JupyterLab extension") || strings.Contains(out, "restart") || strings.Count(out, "(not installed again)") != 2 {
		t.Errorf("second install:\n%s", out)
	}
	if out = cmd("doctor"); !strings.Contains(out, "renders: live widgets: the ActiVis explorer") {
		t.Errorf("doctor after install:\n%s", out)
	}
	out = cmd("uninstall")
	if strings.Count(out, "removed JupyterLab extension") != 2 || !strings.Contains(out, "removed kernelspec activis") {
		t.Errorf("uninstall:\n%s", out)
	}
	if ents, _ := os.ReadDir(filepath.Join(data, "labextensions")); len(ents) != 0 {
		t.Errorf("left in labextensions: %v", ents)
	}
	if out = cmd("doctor"); !strings.Contains(out, "kernelspec: not installed") || !strings.Contains(out, "renders: static views only") {
		t.Errorf("doctor after uninstall:\n%s", out)
	}
}

// TestBinary builds activis-kernel, starts it on a connection file and
// drives the five channels as a front end does.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "activis-kernel")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	info, err := wire.LocalConnectionInfo("integration-key")
	if err != nil {
		t.Fatal(err)
	}
	conn := filepath.Join(dir, "kernel.json")
	if err := wire.WriteConnectionFile(conn, info); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd := exec.Command(bin, conn)
	cmd.Env = append(os.Environ(), "ACTIVIS_HISTORY=off")
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Kill()
		if t.Failed() {
			t.Logf("kernel log:\n%s", logs.String())
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	c, err := kerneltest.Dial(ctx, info)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	// shell + iopub
	rep, out, err := c.Request(ctx, wire.Shell, "kernel_info_request", struct{}{})
	if err != nil {
		t.Fatal(err)
	}
	var ki struct {
		Status          string `json:"status"`
		ProtocolVersion string `json:"protocol_version"`
		Banner          string `json:"banner"`
	}
	if err := rep.Decode(&ki); err != nil || ki.Status != "ok" || ki.ProtocolVersion != "5.3" {
		t.Fatalf("kernel_info_reply %+v %v", ki, err)
	}
	if len(out) != 0 {
		t.Errorf("kernel_info iopub outputs %v", out)
	}
	// control
	if rep, _, err := c.Request(ctx, wire.Control, "kernel_info_request", struct{}{}); err != nil || rep.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("control kernel_info: %v", err)
	}
	// unsigned and mis-signed messages are dropped
	m, _ := c.NewRequest("kernel_info_request", struct{}{})
	for _, codec := range []*wire.Codec{{}, mustCodec(t, "wrong-key")} {
		frames, _ := codec.Encode(m)
		c.SendFrames(wire.Shell, frames)
	}

	if strings.Contains(ki.Banner, "not wired") {
		t.Log("kernel/gosession is not wired into this build: skipping the execute, stdin and interrupt parts")
	} else {
		driveSession(ctx, t, c, cmd.Process)
	}
	if p := c.Pending(wire.Shell); len(p) != 0 {
		t.Errorf("replies to dropped messages: %d", len(p))
	}
	if hb, ok := c.Transport().(wire.Pinger); !ok {
		t.Error("no heartbeat on the zmq transport")
	} else if echo, err := hb.Ping(ctx, []byte("ping")); err != nil || string(echo) != "ping" {
		t.Errorf("heartbeat: %q %v", echo, err)
	}
	if _, _, err := c.Request(ctx, wire.Control, "shutdown_request", map[string]any{"restart": false}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("kernel exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("kernel still running 5 s after shutdown_request")
	}
}

func driveSession(ctx context.Context, t *testing.T, c *kerneltest.Client, proc *os.Process) {
	res, err := c.Execute(ctx, "import \"fmt\"\nfmt.Println(\"hello, world\")")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "ok" || res.Stdout() != "hello, world\n" {
		t.Errorf("hello: %s %q %v", res.Status, res.Stdout(), res.Types())
	}
	if res, err = c.Execute(ctx, "x := 20\nx + 22"); err != nil || res.Status != "ok" || res.Data("execute_result")["text/plain"] != "42" {
		t.Errorf("execute_result: %v %v", res, err)
	}
	// stdin
	exec, _ := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("var name string\nfmt.Scanln(&name)\nfmt.Println(\"hi\", name)"))
	req, err := c.Wait(ctx, wire.Stdin, kerneltest.ChildOf(exec.Header.MsgID))
	if err != nil {
		t.Fatal(err)
	}
	reply, _ := c.NewRequest("input_reply", map[string]string{"value": "gopher"})
	reply.Parent = req.Header
	c.SendMessage(wire.Stdin, reply)
	if _, err := c.Reply(ctx, wire.Shell, exec.Header.MsgID); err != nil {
		t.Fatal(err)
	}
	out, _ := c.IOPub(ctx, exec.Header.MsgID)
	if got := (&kerneltest.Result{Outputs: out}).Stdout(); got != "hi gopher\n" {
		t.Errorf("stdin round trip printed %q", got)
	}
	// interrupt a tight loop; state survives
	loop, _ := c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("for {}"))
	time.Sleep(300 * time.Millisecond)
	began := time.Now()
	if _, _, err := c.Request(ctx, wire.Control, "interrupt_request", struct{}{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Reply(ctx, wire.Shell, loop.Header.MsgID); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("for {} stopped %v after the interrupt", d)
	}
	c.IOPub(ctx, loop.Header.MsgID)
	if res, err = c.Execute(ctx, "x"); err != nil || res.Data("execute_result")["text/plain"] != "20" {
		t.Errorf("state after interrupt: %v %v", res, err)
	}
	// SIGINT does the same as interrupt_request.
	loop, _ = c.Send(wire.Shell, "execute_request", kerneltest.NewExecute("x = 21\nfor {}"))
	time.Sleep(300 * time.Millisecond)
	began = time.Now()
	if err := proc.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Reply(ctx, wire.Shell, loop.Header.MsgID); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(began); d > time.Second {
		t.Errorf("for {} stopped %v after SIGINT", d)
	}
	c.IOPub(ctx, loop.Header.MsgID)
	if res, err = c.Execute(ctx, "x"); err != nil || res.Data("execute_result")["text/plain"] != "21" {
		t.Errorf("state after SIGINT: %v %v", res, err)
	}
}

func mustCodec(t *testing.T, key string) *wire.Codec {
	c, err := wire.NewCodec("hmac-sha256", key)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
