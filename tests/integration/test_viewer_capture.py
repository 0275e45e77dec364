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

from harness import ServerTest, SLOW, free_port, program
import test_postfix


def arrows(svg_path):
    """Arrow shafts: the only strokes 2.25 wide (viewer/render/ladder-draw.c)."""
    with open(svg_path, encoding="utf-8") as f:
        return len(re.findall(r"stroke-width:2\.25", f.read()))


@unittest.skipUnless(shutil.which("tcpdump") and os.geteuid() == 0, "needs tcpdump and root to capture")
class Capture(ServerTest):
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

    def stop(self, proc):
        time.sleep(0.5)
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

    def test_capture_of_smtplab_server(self):
        beta = self.start("Beta.ARPA")
        proc, pcap = self.capture(beta.port)
        wanted = self.send(beta.address, "Jones@Beta.ARPA", os.path.join(self.tmp, "client.jsonl"))
        self.stop(proc)
        self.assertEqual(arrows(self.export(pcap)), wanted)
        self.export(pcap, "--view", "headers")

    @unittest.skipUnless(shutil.which("postfix"), "needs Debian's postfix package")
    def test_capture_of_postfix(self):
        self.pf_port = free_port()
        beta = self.start("Beta.ARPA")
        test_postfix.Postfix.start_postfix(self, beta.address)
        proc, pcap = self.capture(self.pf_port)
        wanted = self.send(f"127.0.0.1:{self.pf_port}", "Jones@Beta.ARPA", os.path.join(self.tmp, "pf.jsonl"))
        self.stop(proc)
        self.assertEqual(arrows(self.export(pcap)), wanted)
