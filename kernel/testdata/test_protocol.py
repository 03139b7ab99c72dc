"""Protocol behaviour of the activis kernel beyond the conformance suite,
driven through jupyter_client as a front end does: interrupting a tight loop
with the session surviving, messages with a missing or wrong signature
dropped, stdin, restart, comm_info, and the Jupyter widget protocol 2.1
(comm_open with metadata and buffers, update/echo_update, request_state,
request_states on the control target)."""
import statistics
import struct
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


def comm_msgs(out, msg_type, comm_id=None):
    return [m for m in out if m["msg_type"] == msg_type and (comm_id is None or m["content"]["comm_id"] == comm_id)]


def send_comm(kc, msg_type, content, buffers=None):
    """Send a comm message on shell (with binary buffers) as a front end
    does; return its msg_id."""
    msg = kc.session.msg(msg_type, content)
    kc.session.send(kc.shell_channel.socket, msg, buffers=buffers or [])
    return msg["header"]["msg_id"]


def replies_to(kc, msg_id):
    """The iopub messages parented to msg_id, up to its idle status."""
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out
        if m["msg_type"] != "status":
            out.append(m)


def test_widget_protocol(kernel):
    km, kc = kernel
    drain(kc)
    reply, out = run(kc, 'm := widget.New("export default {render({model, el}){}}", map[string]any{"count": 1, "data": []float32{1, 2, 3}})\nm')
    assert reply["status"] == "ok", reply
    opens = comm_msgs(out, "comm_open")
    assert len(opens) == 1
    op = opens[0]
    cid = op["content"]["comm_id"]
    assert op["content"]["target_name"] == "jupyter.widget"
    assert op["metadata"] == {"version": "2.1.0"}
    state = op["content"]["data"]["state"]
    assert state["_model_name"] == "AnyModel" and state["_model_module"] == "anywidget"
    assert state["count"] == 1 and "data" not in state
    assert op["content"]["data"]["buffer_paths"] == [["data"]]
    assert bytes(op["buffers"][0]) == struct.pack("<3f", 1, 2, 3)
    view = [m for m in out if m["msg_type"] == "execute_result"][0]["content"]["data"]
    assert view["application/vnd.jupyter.widget-view+json"] == {"model_id": cid, "version_major": 2, "version_minor": 1}
    assert "text/plain" in view

    # A view's update with a binary buffer: echoed, parented to it.
    uid = send_comm(kc, "comm_msg", {"comm_id": cid, "data": {"method": "update", "state": {"count": 5, "blob": None}, "buffer_paths": [["blob"]]}}, [b"\x01\x02"])
    out = replies_to(kc, uid)
    echo = comm_msgs(out, "comm_msg", cid)
    assert len(echo) == 1 and echo[0]["content"]["data"]["method"] == "echo_update"
    assert echo[0]["content"]["data"]["state"]["count"] == 5
    assert [bytes(b) for b in echo[0]["buffers"]] == [b"\x01\x02"]
    # The next cell sees it; the kernel's Set sends an update.
    reply, out = run(kc, 'import "fmt"\nfmt.Println(m.Get("count"), m.Get("blob"))\nm.Set("count", 6)')
    assert reply["status"] == "ok", reply
    assert "".join(x["content"]["text"] for x in out if x["msg_type"] == "stream") == "5 [1 2]\n"
    upd = comm_msgs(out, "comm_msg", cid)
    assert len(upd) == 1 and upd[0]["content"]["data"] == {"method": "update", "state": {"count": 6}, "buffer_paths": []}

    # request_state: the whole state and its buffers, parented to the request.
    rid = send_comm(kc, "comm_msg", {"comm_id": cid, "data": {"method": "request_state"}})
    out = replies_to(kc, rid)
    full = comm_msgs(out, "comm_msg", cid)
    assert len(full) == 1
    data = full[0]["content"]["data"]
    assert data["method"] == "update" and data["state"]["count"] == 6 and data["state"]["_esm"]
    assert sorted(map(tuple, data["buffer_paths"])) == [("blob",), ("data",)]
    assert len(full[0]["buffers"]) == 2


def test_widget_controls_and_request_states(kernel):
    km, kc = kernel
    drain(kc)
    reply, out = run(kc, 's := widget.NewIntSlider("n", 0, 10, 3)\nb := widget.NewHBox(s, widget.NewButton("go"))\nb')
    assert reply["status"] == "ok", reply
    opened = []
    for op in comm_msgs(out, "comm_open"):
        st = op["content"]["data"]["state"]
        for v in list(st.values()) + [c for c in st.get("children", [])]:
            if isinstance(v, str) and v.startswith("IPY_MODEL_"):
                assert v[len("IPY_MODEL_"):] in opened, f"{st['_model_name']} refers to {v} before its comm_open"
        opened.append(op["content"]["comm_id"])
    names = [op["content"]["data"]["state"]["_model_name"] for op in comm_msgs(out, "comm_open")]
    assert names.count("LayoutModel") == 3 and "SliderStyleModel" in names and "ButtonStyleModel" in names
    assert names[-1] == "HBoxModel"
    slider = [op for op in comm_msgs(out, "comm_open") if op["content"]["data"]["state"]["_model_name"] == "IntSliderModel"][0]
    st = slider["content"]["data"]["state"]
    assert st["_model_module"] == "@jupyter-widgets/controls" and st["_model_module_version"] == "2.0.0"
    assert (st["value"], st["min"], st["max"], st["step"]) == (3, 0, 10, 1)

    # request_states on the control comm lists every live model at once.
    send_comm(kc, "comm_open", {"comm_id": "ctl-1", "target_name": "jupyter.widget.control", "data": {}})
    began = time.monotonic()
    rid = send_comm(kc, "comm_msg", {"comm_id": "ctl-1", "data": {"method": "request_states"}})
    out = replies_to(kc, rid)
    assert time.monotonic() - began < 2
    us = comm_msgs(out, "comm_msg", "ctl-1")
    assert len(us) == 1 and us[0]["content"]["data"]["method"] == "update_states"
    states = us[0]["content"]["data"]["states"]
    assert set(opened) <= set(states)
    assert states[slider["content"]["comm_id"]]["model_name"] == "IntSliderModel"

    # comm_info filtered by the widget target lists the widget comms only.
    msg_id = kc.comm_info(target_name="jupyter.widget")
    rep = kc.get_shell_msg(timeout=TIMEOUT)
    assert rep["parent_header"]["msg_id"] == msg_id
    comms = rep["content"]["comms"]
    assert set(opened) <= set(comms) and "ctl-1" not in comms
    assert all(c["target_name"] == "jupyter.widget" for c in comms.values())

    # A view moves the slider: the observer and Value see it.
    run(kc, 'var moved []int\ns.OnChange(func(v int) { moved = append(moved, v) })')
    sid = slider["content"]["comm_id"]
    uid = send_comm(kc, "comm_msg", {"comm_id": sid, "data": {"method": "update", "state": {"value": 8}, "buffer_paths": []}})
    replies_to(kc, uid)
    reply, out = run(kc, "fmt.Println(s.Value(), moved)")
    assert "".join(x["content"]["text"] for x in out if x["msg_type"] == "stream") == "8 [8]\n"


def test_widget_round_trip_times(kernel):
    """Times through jupyter_client (no browser): a view's update until its
    echo_update arrives (the kernel has applied it), and a custom message
    answered by the kernel; printed with -s."""
    km, kc = kernel
    drain(kc)
    reply, out = run(kc, 'e := widget.New("", map[string]any{"n": 0})\ne.OnMessage(func(c map[string]any, _ [][]byte) { e.Set("n", c["n"]) })\ne')
    cid = comm_msgs(out, "comm_open")[0]["content"]["comm_id"]
    times = {"update->echo_update": [], "custom->kernel Set->update": []}
    for i in range(30):
        began = time.perf_counter()
        uid = send_comm(kc, "comm_msg", {"comm_id": cid, "data": {"method": "update", "state": {"n": i}, "buffer_paths": []}})
        assert comm_msgs(replies_to(kc, uid), "comm_msg", cid)[0]["content"]["data"]["method"] == "echo_update"
        times["update->echo_update"].append(time.perf_counter() - began)
        began = time.perf_counter()
        uid = send_comm(kc, "comm_msg", {"comm_id": cid, "data": {"method": "custom", "content": {"n": 1000 + i}}})
        got = comm_msgs(replies_to(kc, uid), "comm_msg", cid)
        assert got[0]["content"]["data"] == {"method": "update", "state": {"n": 1000 + i}, "buffer_paths": []}
        times["custom->kernel Set->update"].append(time.perf_counter() - began)
    for k, v in times.items():
        print(f"{k}: median {statistics.median(v)*1e3:.2f} ms, max {max(v)*1e3:.2f} ms over {len(v)}")


def test_compiled_code_output(kernel):
    """What compiled code writes to the process's file descriptors 1 and 2
    (go/ast's Print, syscall.Write) reaches the cell, in order with the
    cell's own prints, not the kernel's terminal (gosession's stdio.go)."""
    km, kc = kernel
    drain(kc)
    reply, out = run(kc, 'import (\n\t"fmt"\n\t"go/ast"\n\t"syscall"\n)\n\nast.Print(nil, []int{1})\nfmt.Println("after")\nsyscall.Write(2, []byte("raw stderr\\n"))')
    assert reply["status"] == "ok", reply
    stdout = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
    stderr = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")
    assert stdout == "     0  []int (len = 1) {\n     1  .  0: 1\n     2  }\nafter\n"
    assert stderr == "raw stderr\n"
