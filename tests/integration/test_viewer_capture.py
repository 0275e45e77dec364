"""test_viewer_capture.py - real captures in the viewer: tcpdump records
smtplab-client talking to smtplab-server, and to a real Postfix, on
loopback; smtplab-viewer reads the capture (libpcap, TCP reassembly) and
draws the same arrows the client's own trace holds."""
import json
import os
import re
import shutil
import signal
import subprocess
import time
import unittest
import zlib

from harness import SCENARIOS, ServerTest, SLOW, free_port, program, tcp_flags
import test_postfix


def pdf_text(path):
    """The text a PDF export draws, one string per text run: cairo writes
    each run as literal strings in a TJ array, in codes that are ASCII for
    ASCII text (its ToUnicode maps say so); good enough to find words."""
    with open(path, "rb") as f:
        data = f.read()
    runs = []
    # Each stream is inflated from its start until zlib says it ended, not
    # cut at "endstream": a stream whose last byte is a CR would lose it.
    for m in re.finditer(rb"(?<!end)stream\r?\n", data):
        inflate = zlib.decompressobj()
        try:
            content = inflate.decompress(data[m.end():])
        except zlib.error:
            continue
        if not inflate.eof:
            continue
        for array in re.findall(rb"\[(.*?)\]\s*TJ", content, re.S):
            parts = re.findall(rb"\(((?:\\.|[^\\)])*)\)", array, re.S)
            text = b"".join(re.sub(rb"\\(.)", rb"\1", p) for p in parts)
            runs.append(text.decode("latin-1"))
    return "\n".join(runs)


def arrows(svg_path):
    """Arrow shafts: the only strokes 2.25 wide (viewer/render/ladder-draw.c)."""
    with open(svg_path, encoding="utf-8") as f:
        return len(re.findall(r"stroke-width:2\.25", f.read()))


class CaptureTools(ServerTest):
    """tcpdump on loopback, and the viewer's export of what it caught."""
    extra = {}

    def capture(self, port):
        """Starts tcpdump on loopback for port; returns (process, path)."""
        path = os.path.join(self.tmp, f"smtp-{port}.pcap")
        proc = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "--immediate-mode", "-Z", "root", "-w", path,
                                 f"tcp port {port}"],
                                stderr=subprocess.PIPE, text=True)
        self.assertIn("listening", proc.stderr.readline())
        time.sleep(1)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        return proc, path

    def stop(self, proc, pcap):
        """Stops tcpdump once pcap holds both ends' FIN: tcpdump drops what
        it has not yet written when it is interrupted."""
        def fins():
            return sum(flags & 0x01 for _, flags in tcp_flags(pcap))      # FIN
        self.assertTrue(self.wait_for(lambda: fins() >= 2), f"no close in {pcap}")
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)

    def send(self, address, to, trace):
        r = subprocess.run([program("smtplab-client"), "--server", address, "--helo", "Alpha.ARPA",
                            "--from", "Smith@Alpha.ARPA", "--to", to, "--subject", "captured",
                            "--body", "hello\n.a line that starts with a dot", "--trace", trace],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        with open(trace, encoding="utf-8") as f:
            return sum(json.loads(line)["event"] in ("command", "reply") for line in f)

    def export(self, pcap, *args):
        out = os.path.join(self.tmp, f"capture-{len(args)}.svg")
        r = subprocess.run([program("smtplab-viewer"), "--export", out, pcap, *args],
                           capture_output=True, text=True, timeout=60 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        return out


@unittest.skipUnless(shutil.which("tcpdump") and os.geteuid() == 0, "needs tcpdump and root to capture")
class Capture(CaptureTools):
    def test_capture_of_smtplab_server(self):
        beta = self.start("Beta.ARPA")
        proc, pcap = self.capture(beta.port)
        wanted = self.send(beta.address, "Jones@Beta.ARPA", os.path.join(self.tmp, "client.jsonl"))
        self.stop(proc, pcap)
        self.assertEqual(arrows(self.export(pcap)), wanted)
        self.export(pcap, "--view", "headers")

    @unittest.skipUnless(shutil.which("postfix"), "needs Debian's postfix package")
    def test_capture_of_postfix(self):
        self.pf_port = free_port()
        beta = self.start("Beta.ARPA")
        test_postfix.Postfix.start_postfix(self, beta.address)
        proc, pcap = self.capture(self.pf_port)
        wanted = self.send(f"127.0.0.1:{self.pf_port}", "Jones@Beta.ARPA", os.path.join(self.tmp, "pf.jsonl"))
        self.stop(proc, pcap)
        self.assertEqual(arrows(self.export(pcap)), wanted)


@unittest.skipUnless(shutil.which("tcpdump") and os.geteuid() == 0, "needs tcpdump and root to capture")
class PlaintextLesson(CaptureTools):
    """esmtp.ini's plaintext lesson: a capture of AUTH at plain.lab.example
    (auth-plaintext=true) shows the password only with --show-secrets; AUTH
    after STARTTLS at mail.lab.example never, switch or not."""
    scenario = os.path.join(SCENARIOS, "esmtp.ini")

    def login(self, address, user, password, host, *args):
        r = subprocess.run([program("smtplab-client"), "--server", address, "--helo", "client.example",
                            "--user", user, "--password", password, *args,
                            "--from", f"{user}@{host}", "--to", f"{user}@{host}", "--body", "hi"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def traced_whole(self, server):
        """Wait until server's trace holds the session's close: a server
        under ASan may still be writing it when the client has its 221."""
        self.assertTrue(self.wait_for(lambda: any(e["event"] == "close" for e in server.trace())),
                        f"no close in {server.host}'s trace")

    def text(self, path, *args):
        out = os.path.join(self.tmp, f"lesson-{len(args)}.pdf")
        r = subprocess.run([program("smtplab-viewer"), "--export", out, path, *args],
                           capture_output=True, text=True, timeout=60 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        return pdf_text(out)

    def test_capture_of_the_plaintext_host(self):
        plain = self.start("plain.lab.example", "--show-secrets")
        proc, pcap = self.capture(plain.port)
        self.login(plain.address, "carol", "carol-pw", "plain.lab.example")
        self.stop(proc, pcap)
        self.traced_whole(plain)
        masked = self.text(pcap)
        self.assertIn("AUTH PLAIN ***", masked)
        self.assertNotIn("carol-pw", masked)
        shown = self.text(pcap, "--show-secrets")
        self.assertIn("AUTH PLAIN AGNhcm9sAGNhcm9sLXB3", shown)
        self.assertIn('(authzid "", authcid "carol", password "carol-pw")', shown)
        # the server's own trace, written with --show-secrets, says the same
        trace = os.path.join(self.state, "plain.lab.example", "trace.jsonl")
        secrets = [e.get("secret") for e in plain.trace() if e["event"] == "command"]
        self.assertIn('authzid "", authcid "carol", password "carol-pw"', secrets)
        self.assertNotIn("carol-pw", self.text(trace))
        self.assertIn("carol-pw", self.text(trace, "--show-secrets"))

    def test_auth_after_starttls_stays_masked(self):
        mail = self.start("mail.lab.example", "--show-secrets")
        proc, pcap = self.capture(mail.port)
        self.login(mail.address, "alice", "wonderland", "mail.lab.example", "--starttls")
        self.stop(proc, pcap)
        self.traced_whole(mail)
        shown = self.text(pcap, "--show-secrets")
        self.assertIn("encrypted from here on", shown)
        self.assertNotIn("wonderland", shown)
        trace = os.path.join(self.state, "mail.lab.example", "trace.jsonl")
        with open(trace, encoding="utf-8") as f:
            self.assertNotIn("wonderland", f.read(), "no auth-plaintext=true: masked anyway")
        self.assertIn("AUTH PLAIN ***", self.text(trace, "--show-secrets"))


def write_pcap(path, segments, cut=0):
    """A pcap (Ethernet, IPv4) of TCP segments [(from_client, payload)]
    between 10.0.0.1:40000 and 10.0.0.2:25; the last cut bytes left off."""
    import struct
    ends = {True: ([10, 0, 0, 1], 40000), False: ([10, 0, 0, 2], 25)}
    seq = {True: 1000, False: 5000}
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
    for n, (client, payload) in enumerate(segments):
        (src, sport), (dst, dport) = ends[client], ends[not client]
        tcp = struct.pack(">HHIIBBHHH", sport, dport, seq[client], 0, 5 << 4, 0x18, 65535, 0, 0)
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 0, 0, 64, 6, 0, bytes(src), bytes(dst))
        frame = b"\0" * 12 + b"\x08\x00" + ip + tcp + payload
        seq[client] += len(payload)
        out += struct.pack("<IIII", 1700000000, n * 1000, len(frame), len(frame)) + frame
    with open(path, "wb") as f:
        f.write(out[:len(out) - cut])


class CutShort(unittest.TestCase):
    """A capture cut inside a packet record (tcpdump killed) is drawn up to
    the cut, and --export says so on stderr."""

    def test_export_warns(self):
        import tempfile
        tmp = tempfile.mkdtemp(prefix="smtplab-test-")
        self.addCleanup(shutil.rmtree, tmp, True)
        pcap = os.path.join(tmp, "cut.pcap")
        write_pcap(pcap, [(False, b"220 Beta.ARPA ready\r\n"), (True, b"HELO Alpha.ARPA\r\n"),
                          (False, b"250 Beta.ARPA\r\n"), (True, b"QUIT\r\n")], cut=3)
        out = os.path.join(tmp, "cut.svg")
        r = subprocess.run([program("smtplab-viewer"), "--export", out, pcap],
                           capture_output=True, text=True, timeout=60 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"smtplab-viewer: capture cut short after 3 packets: {pcap}\n", r.stderr)
        self.assertEqual(arrows(out), 3, "the greeting, HELO and its 250; QUIT was cut")
        write_pcap(pcap, [(False, b"220 Beta.ARPA ready\r\n"), (True, b"HELO Alpha.ARPA\r\n")])
        r = subprocess.run([program("smtplab-viewer"), "--export", out, pcap],
                           capture_output=True, text=True, timeout=60 * SLOW)
        self.assertNotIn("cut short", r.stderr)
