"""benchlib.py - what the benches of make bench share (bench/throughput,
idle, relay, client): a free port, waiting for a listener, a process's
processor time, how much of the time this machine lets a process run,
Postfix's smtp-sink, and a target as bench/report reads it."""
import os
import socket
import subprocess
import sys
import time

SMTP_SINK = "/usr/sbin/smtp-sink"


def free_port():
    """A TCP port nothing uses on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, host="127.0.0.1", seconds=10):
    """Returns once something accepts on host:port; exits after seconds."""
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection((host, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"bench: nothing listens on {host}:{port}")


def process_cpu(pid):
    """The user and system seconds a running process has used (/proc);
    (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def cpu_share(seconds=2.0):
    """How much of the time a process that never sleeps really runs here
    now, and its longest pause (s).  On a machine of its own it runs all
    the time; a virtual machine whose host lets it run only part of the
    time pauses every process, for all to see in the rates."""
    start = last = time.monotonic()
    lost = longest = 0.0
    while last - start < seconds:
        now = time.monotonic()
        if now - last > 0.001:
            lost += now - last
            longest = max(longest, now - last)
        last = now
    return 1 - lost / (last - start), longest


def start_sink(port, backlog):
    """Postfix's smtp-sink on 127.0.0.1:port, listening: it answers 250 and
    throws the data away.  The caller terminates it."""
    cmd = [SMTP_SINK]
    if os.getuid() == 0:
        cmd += ["-u", "nobody"]          # smtp-sink will not run as root
    sink = subprocess.Popen(cmd + [f"127.0.0.1:{port}", str(backlog)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port)
    return sink


def target(ident, what, value, rounds, op, limit, unit, digits=3):
    """One target of issue 18 as bench/report reads it: the measured value
    (a median of the rounds, say) against its limit, and every round."""
    met = value <= limit if op == "<=" else value >= limit
    return {"id": ident, "what": what, "value": round(value, digits), "unit": unit, "op": op,
            "target": limit, "met": met, "rounds": [round(v, digits) for v in rounds]}
