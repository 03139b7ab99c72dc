"""Protocol behaviour of the activis kernel beyond the conformance suite,
driven through jupyter_client as a front end does: interrupting a tight loop
with the session surviving, messages with a missing or wrong signature
dropped, stdin, restart, and comm_info."""
import time
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session
from jupyter_client.utils import run_sync

TIMEOUT = 30


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_new_kernel(kernel_name="activis")
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def get(channel, timeout):
    """Next message on a channel (the channels' get_msg is a coroutine in
    jupyter_client 7)."""
    return run_sync(channel.get_msg)(timeout=timeout)


def drain(kc):
    for ch in (kc.shell_channel, kc.iopub_channel, kc.stdin_channel, kc.control_channel):
        while True:
            try:
                get(ch, 0.05)
            except Empty:
                break


def run(kc, code, **kw):
    """Execute code; return (reply content, iopub messages)."""
    msg_id = kc.execute(code, **kw)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
        out.append(msg)
    return reply["content"], out


def result_text(out):
    for m in out:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def test_interrupt_tight_loop_keeps_state(kernel):
    km, kc = kernel
    drain(kc)
    reply, _ = run(kc, "kept := 41")
    assert reply["status"] == "ok"
    msg_id = kc.execute("for {}")
    time.sleep(0.5)
    began = time.monotonic()
    km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    elapsed = time.monotonic() - began
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error"
    assert elapsed < 1.0, f"the loop stopped {elapsed:.2f} s after the interrupt"
    drain(kc)
    reply, out = run(kc, "kept + 1")
    assert reply["status"] == "ok"
    assert result_text(out) == "42"


@pytest.mark.parametrize("key", [b"", b"not-the-key"], ids=["unsigned", "mis-signed"])
def test_bad_signature_dropped(kernel, key):
    km, kc = kernel
    drain(kc)
    run(kc, "hits := 0")
    rogue = Session(key=key, signature_scheme="hmac-sha256")
    msg = rogue.msg("execute_request", {
        "code": "hits++", "silent": False, "store_history": True,
        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True,
    })
    rogue.send(kc.shell_channel.socket, msg)
    with pytest.raises(Empty):
        kc.get_shell_msg(timeout=1.0)
    reply, out = run(kc, "hits")
    assert reply["status"] == "ok"
    assert result_text(out) == "0", "a message with a bad signature was executed"


def test_stdin(kernel):
    km, kc = kernel
    drain(kc)
    msg_id = kc.execute('import "fmt"\nvar name string\nfmt.Scanln(&name)\nfmt.Println("hi", name)', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=TIMEOUT)
    assert req["msg_type"] == "input_request"
    kc.input("gopher")
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "ok"
    text = ""
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream":
            text += m["content"]["text"]
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    assert "hi gopher" in text


def test_stdin_not_allowed(kernel):
    km, kc = kernel
    drain(kc)
    reply, _ = run(kc, 'import "fmt"\nvar s string\n_, err := fmt.Scanln(&s)\nerr', allow_stdin=False)
    with pytest.raises(Empty):
        kc.get_stdin_msg(timeout=0.5)
    # Either the read fails (err shown) or the cell fails; never a hang.
    assert reply["status"] in ("ok", "error")


def test_comm_info_and_unknown_target(kernel):
    km, kc = kernel
    drain(kc)
    msg_id = kc.comm_info()
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "ok"
    assert isinstance(reply["content"]["comms"], dict)
    msg = kc.session.msg("comm_open", {"comm_id": "c-unknown", "target_name": "no.such.target", "data": {}})
    kc.shell_channel.send(msg)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["msg_type"] == "comm_close" and m["content"]["comm_id"] == "c-unknown":
            break
    else:
        pytest.fail("no comm_close for a comm on an unknown target")


def test_output_cap(kernel):
    km, kc = kernel
    drain(kc)
    began = time.monotonic()
    reply, out = run(kc, 'import (\n\t"fmt"\n\t"strings"\n)\n\ns := strings.Repeat("x", 1<<20)\nfor i := 0; i < 100; i++ {\n\tfmt.Print(s)\n}')
    elapsed = time.monotonic() - began
    assert reply["status"] == "ok"
    text = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
    notes = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    assert len(text) <= 1 << 20
    assert "bytes of output dropped" in notes
    assert elapsed < 10, f"printing 100 MB took {elapsed:.1f} s"


def test_restart_in_process(kernel):
    km, kc = kernel
    drain(kc)
    run(kc, "before := 1")
    msg = kc.session.msg("shutdown_request", {"restart": True})
    kc.control_channel.send(msg)
    reply = get(kc.control_channel, TIMEOUT)
    assert reply["content"] == {"status": "ok", "restart": True}
    drain(kc)
    reply, out = run(kc, "before")
    assert reply["status"] == "error", "a variable survived the restart"
    assert reply["execution_count"] == 1
