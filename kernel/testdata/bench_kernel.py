"""Benchmarks the activis kernel beside Debian's ipykernel in the same run:

* startup: time from starting the kernel process to its first
  kernel_info_reply (median of STARTS starts);
* execute round trip: `x := 1` then `x+1` (ipykernel: `x = 1`, `x+1`),
  each timed from sending execute_request to the reply and the idle status
  (median of ROUNDS), via jupyter_client.

Run with `make bench-kernel` (needs the kernelspec `activis` on JUPYTER_PATH
and python3-ipykernel; it is a bench-only dependency).
"""
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

ROUNDS = int(os.environ.get("ROUNDS", "200"))
STARTS = int(os.environ.get("STARTS", "5"))
TIMEOUT = 60


def wait_idle(kc, msg_id):
    while True:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                and m["content"]["execution_state"] == "idle":
            return


def execute(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    wait_idle(kc, msg_id)
    dt = time.perf_counter() - t0
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r}: {reply['content']}")
    return dt


def startup(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    dt = time.perf_counter() - t0
    return km, kc, dt


def bench(name, assign, use):
    starts = []
    for _ in range(STARTS):
        km, kc, dt = startup(name)
        starts.append(dt)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    km, kc, _ = startup(name)
    try:
        kc.wait_for_ready(timeout=TIMEOUT)
        for _ in range(5):  # warm up
            execute(kc, assign)
            execute(kc, use)
        a, b = [], []
        for _ in range(ROUNDS):
            a.append(execute(kc, assign))
            b.append(execute(kc, use))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "startup_ms": statistics.median(starts) * 1e3,
        "assign_ms": statistics.median(a) * 1e3,
        "use_ms": statistics.median(b) * 1e3,
        "pair_ms": statistics.median([x + y for x, y in zip(a, b)]) * 1e3,
    }


def main():
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    os.environ.setdefault("ACTIVIS_HISTORY", "off")
    rows = [("activis (Go, yaegi)", bench("activis", "x := 1", "x+1"))]
    try:
        rows.append(("ipykernel (Python)", bench("python3", "x = 1", "x+1")))
    except Exception as e:  # no ipykernel: report ours alone
        print(f"ipykernel baseline unavailable: {e}", file=sys.stderr)
    print(f"execute round trip: median of {ROUNDS}; startup to kernel_info_reply: median of {STARTS}")
    print(f"{'kernel':<22}{'startup ms':>12}{'x := 1 ms':>12}{'x+1 ms':>10}{'pair ms':>10}")
    for name, r in rows:
        print(f"{name:<22}{r['startup_ms']:>12.1f}{r['assign_ms']:>12.2f}{r['use_ms']:>10.2f}{r['pair_ms']:>10.2f}")


if __name__ == "__main__":
    main()
