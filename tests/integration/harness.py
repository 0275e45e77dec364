"""harness.py - what the integration tests share: start smtplab hosts on free
ports, talk SMTP line by line, and read what was delivered.

Programs come from $SMTPLAB_BIN (default: bin/ at the top of the tree), so the
same tests run against the plain and the sanitized build.  A test runs from
any folder; paths are relative to the repository root.
"""
import atexit
import configparser
import json
import mailbox
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SMTPLAB_BIN", os.path.join(ROOT, "bin"))
SCENARIOS = os.path.join(ROOT, "labs", "scenarios")
# A wrapper to run servers under (e.g. "valgrind --error-exitcode=99 ...").
WRAPPER = os.environ.get("SMTPLAB_WRAPPER", "").split()
# The lab's certificates (made by make into certs/), for every program run.
CERTS = os.path.join(ROOT, "certs")
os.environ.setdefault("SMTPLAB_CERTS", CERTS)
# tmux (step mode, mutt) talks to a server of the tests' own: one started
# elsewhere runs its windows in another network namespace (tests/run.py
# gives the tests a private one), where the tests' servers are not.
os.environ.pop("TMUX", None)
os.environ["TMUX_TMPDIR"] = tempfile.mkdtemp(prefix="smtplab-tmux-")
atexit.register(lambda: (subprocess.run(["tmux", "kill-server"], capture_output=True)
                         if shutil.which("tmux") else None,
                         shutil.rmtree(os.environ["TMUX_TMPDIR"], True)))
# Sanitizers or valgrind make everything slower.
SLOW = 5 if (WRAPPER or "san" in BIN) else 1


def program(name):
    return os.path.join(BIN, name)


def free_port(ip="127.0.0.1"):
    """A TCP port nobody listens on at ip right now."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


def scenario_with_free_ports(src, dst_dir, extra=None):
    """Copies scenario src into dst_dir with every host's port replaced by a
    free one (same address), so tests never collide.  extra: {host: {key:
    value}} added to host groups.  Returns (path, {host: "addr:port"})."""
    with open(src, encoding="utf-8") as f:
        text = f.read()
    addresses = {}
    out = []
    host = None
    for line in text.splitlines():
        m = re.match(r"\s*\[host\s+(.+?)\]\s*$", line)
        if m:
            host = m.group(1)
        elif re.match(r"\s*\[", line):
            host = None
        m = re.match(r"\s*listen-tls\s*=\s*(.+?):(\d+)\s*$", line)
        if m and host:                       # RFC 8314's second port: "HOST tls"
            ip = m.group(1).strip("[]")
            addr = f"{ip}:{free_port(ip)}"
            addresses[host + " tls"] = addr
            line = f"listen-tls={addr}"
        m = re.match(r"\s*listen\s*=\s*(.+?):(\d+)\s*$", line)
        if m and host:
            ip = m.group(1).strip("[]")
            port = free_port(ip)
            addr = f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"
            addresses[host] = addr
            line = f"listen={addr}"
            for key, value in (extra or {}).get(host, {}).items():
                line += f"\n{key}={value}"
        out.append(line)
    path = os.path.join(dst_dir, os.path.basename(src))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    return path, addresses


class Server:
    """One smtplab-server process, started and waited for ('ready')."""

    def __init__(self, scenario, host, state, extra_args=()):
        self.host = host
        self.state = state
        cmd = WRAPPER + [program("smtplab-server"), "--scenario", scenario,
                         "--host", host, "--state", state, *extra_args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline()
        if "ready" not in line:
            self.proc.kill()
            raise RuntimeError(f"{host} did not start: {line!r} {self.proc.stderr.read()}")
        self.address = line.split()[-1]
        ip, port = self.address.rsplit(":", 1)
        self.ip, self.port = ip.strip("[]"), int(port)

    def stop(self, sig=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20 * SLOW)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        err = self.proc.stderr.read()
        self.proc.stdout.close()
        self.proc.stderr.close()
        return self.proc.returncode, err

    def trace(self):
        return read_trace(os.path.join(self.state, self.host, "trace.jsonl"))

    def maildir(self, user):
        return mailbox.Maildir(os.path.join(self.state, self.host, "mail", user),
                               factory=None, create=False)

    def messages(self, user):
        """The messages in user's Maildir: none until the Maildir is whole
        (the server makes its new/ last)."""
        if not os.path.isdir(os.path.join(self.state, self.host, "mail", user, "new")):
            return []
        return list(self.maildir(user))


def tcp_flags(pcap):
    """The TCP flags of every packet of a pcap file (Ethernet or Linux
    cooked link, IPv4), with who sent it: [(src_port, flags)].  A file
    tcpdump is still writing is read up to its last whole packet."""
    import struct
    with open(pcap, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    link = struct.unpack("<I", data[20:24])[0]
    skip = {1: 14, 113: 16}[link]
    out, at = [], 24
    while at + 16 <= len(data):
        caplen = struct.unpack("<I", data[at + 8:at + 12])[0]
        if at + 16 + caplen > len(data):
            break
        ip = data[at + 16 + skip:at + 16 + caplen]
        at += 16 + caplen
        if len(ip) < 20 or ip[9] != 6:
            continue
        tcp = ip[(ip[0] & 0x0F) * 4:]
        out.append((struct.unpack(">H", tcp[0:2])[0], tcp[13]))
    return out


def read_trace(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Dialogue:
    """A line-by-line SMTP conversation, as a person would have with telnet."""

    def __init__(self, address, timeout=10):
        ip, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((ip.strip("[]"), int(port)), timeout=timeout * SLOW)
        self.buf = b""
        self.transcript = []

    def _line(self):
        while b"\r\n" not in self.buf:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("server closed the connection")
            self.buf += data
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line.decode("utf-8", "replace")

    def reply(self):
        """Reads one (possibly multi-line) reply: (code, [text lines])."""
        lines = []
        while True:
            line = self._line()
            self.transcript.append("S: " + line)
            lines.append(line[4:])
            if len(line) < 4 or line[3] != "-":
                return int(line[:3]), lines

    def send(self, line):
        self.transcript.append("C: " + line)
        self.sock.sendall(line.encode("utf-8") + b"\r\n")

    def send_raw(self, data):
        self.sock.sendall(data)

    def cmd(self, line):
        self.send(line)
        return self.reply()

    def closed(self, timeout=5):
        """True when the server has closed the connection."""
        self.sock.settimeout(timeout * SLOW)
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return False

    def close(self):
        self.sock.close()


class ServerTest(unittest.TestCase):
    """A test case with a temporary state folder and servers stopped at the end."""

    scenario = os.path.join(SCENARIOS, "rfc821.ini")
    extra = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-test-")
        # the first cleanup registered runs last: what a test starts later
        # (a Postfix, say) can still stop with its files in place
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.state = os.path.join(self.tmp, "state")
        self.scenario_path, self.addresses = scenario_with_free_ports(
            self.scenario, self.tmp, self.extra)
        self.servers = []

    def tearDown(self):
        problems = []
        for s in self.servers:
            code, err = s.stop()
            if code != 0 or "ERROR" in err or "runtime error" in err or "==ERROR" in err:
                problems.append(f"{s.host}: exit {code}: {err}")
        self.assertEqual(problems, [], "a server did not stop cleanly")

    def start(self, host, *extra_args):
        server = Server(self.scenario_path, host, self.state, extra_args)
        self.servers.append(server)
        return server

    def dialogue(self, server, greeting=220):
        d = Dialogue(server.address)
        code, _ = d.reply()
        self.assertEqual(code, greeting)
        return d

    def wait_for(self, predicate, timeout=10):
        end = time.time() + timeout * SLOW
        while time.time() < end:
            if predicate():
                return True
            time.sleep(0.05)
        return predicate()
