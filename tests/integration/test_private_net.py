"""test_private_net.py - smtplab-net --private: a lab network of one's own.

Forty students share one lab server and every scenario listens on the same
fixed addresses (127.0.0.11:2525).  With --private each smtplab-net runs its
hosts in a network namespace of its own, with those addresses unchanged,
then a shell or a command inside it.  These tests run the stock rfc821.ini
(fixed addresses) twice at once, and check what a student sees when an
address is taken.
"""
import glob
import mailbox
import os
import subprocess
import sys
import unittest

from harness import ROOT, SCENARIOS, SLOW, ServerTest, Server, program

RFC821 = os.path.join(SCENARIOS, "rfc821.ini")

# Sent inside the private network: Smith's letter to Jones at Beta.ARPA,
# at the scenario's own address.
SEND = """
import smtplib, sys
with smtplib.SMTP("127.0.0.11", 2525, local_hostname="Alpha.ARPA", timeout=30) as s:
    s.sendmail("Smith@Alpha.ARPA", ["Jones@Beta.ARPA"],
               "Subject: %s\\r\\n\\r\\nfrom lab %s\\r\\n" % (sys.argv[1], sys.argv[1]))
"""


def private_net(state, *command, only=("Beta.ARPA", "Alpha.ARPA")):
    """smtplab-net rfc821.ini --private, running command inside (a Popen)."""
    args = [program("smtplab-net"), RFC821, "--state", state, "--private"]
    for host in only:
        args += ["--only", host]
    return subprocess.Popen(args + ["--", *command], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def servers_of(state):
    """The smtplab-server processes still running with state."""
    found = []
    for cmdline in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(cmdline, "rb") as f:
                args = f.read().split(b"\0")
        except OSError:
            continue
        if any(a.endswith(b"smtplab-server") for a in args) and state.encode() in args:
            found.append(cmdline)
    return found


class PrivateNetwork(ServerTest):

    def test_two_labs_on_the_same_addresses_at_once(self):
        """Two students' networks both listen on 127.0.0.11:2525, and each
        finds only its own letter in its own Maildir."""
        states = [os.path.join(self.tmp, name) for name in ("lab-a", "lab-b")]
        runs = [private_net(state, sys.executable, "-c", SEND, name)
                for state, name in zip(states, ("lab-a", "lab-b"))]
        for run in runs:
            out, err = run.communicate(timeout=60 * SLOW)
            self.assertEqual(run.returncode, 0, out + err)
            self.assertIn("Beta.ARPA            127.0.0.11:2525", out)
        for state, name in zip(states, ("lab-a", "lab-b")):
            box = mailbox.Maildir(os.path.join(state, "Beta.ARPA", "mail", "Jones"), factory=None,
                                  create=False)
            subjects = [m["Subject"] for m in box]
            self.assertEqual(subjects, [name], f"{state} holds {subjects}")

    def test_command_status_is_returned_and_every_host_stops(self):
        state = os.path.join(self.tmp, "lab")
        run = private_net(state, "sh", "-c", "exit 7")
        out, err = run.communicate(timeout=60 * SLOW)
        self.assertEqual(run.returncode, 7, out + err)
        self.assertIn("ready: 2 hosts", out)
        self.assertEqual(servers_of(state), [], "a host outlived smtplab-net")

    def test_inside_is_a_network_of_its_own(self):
        """What listens inside is not reachable from outside, and the
        command is told where it is (SMTPLAB_NET)."""
        state = os.path.join(self.tmp, "lab")
        probe = ("import os, socket\n"
                 "print('net:', os.environ['SMTPLAB_NET'])\n"
                 "socket.create_connection(('127.0.0.11', 2525), timeout=5).close()\n"
                 "print('inside: connected')\n")
        run = private_net(state, sys.executable, "-c", probe)
        out, err = run.communicate(timeout=60 * SLOW)
        self.assertEqual(run.returncode, 0, out + err)
        self.assertIn("net: RFC 821 examples", out)
        self.assertIn("inside: connected", out)
        trace = os.path.join(state, "Beta.ARPA", "trace.jsonl")
        with open(trace, encoding="utf-8") as f:
            self.assertIn('"event":"connect"', f.read().replace(" ", ""))

    def test_missing_command_is_reported(self):
        state = os.path.join(self.tmp, "lab")
        run = private_net(state, "/nonexistent/cmd")
        out, err = run.communicate(timeout=60 * SLOW)
        self.assertEqual(run.returncode, 127, out + err)
        self.assertIn("smtplab-net: cannot run /nonexistent/cmd", err)
        self.assertEqual(servers_of(state), [])

    def test_address_in_use_names_who_holds_it(self):
        """Without --private, a student whose address is taken is told by
        whom: the program and its pid."""
        first = self.start("Beta.ARPA")
        proc = subprocess.run([program("smtplab-server"), "--scenario", self.scenario_path,
                               "--host", "Beta.ARPA", "--state", os.path.join(self.tmp, "other")],
                              capture_output=True, text=True, timeout=30 * SLOW)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn(f"{first.address}", proc.stderr)
        self.assertIn("Address already in use", proc.stderr)
        self.assertIn(f"held by smtplab-server (pid {first.proc.pid})", proc.stderr)


class TwoDemos(unittest.TestCase):

    def test_two_demos_at_once(self):
        """make demo's tour twice at the same time on one machine."""
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, SMTPLAB_BIN=os.path.dirname(program("smtplab-net")))
            runs = [subprocess.Popen([sys.executable, os.path.join(ROOT, "labs", "demo.py"),
                                      "--figures", "--state", os.path.join(tmp, name)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=env) for name in ("a", "b")]
            for run in runs:
                out, _ = run.communicate(timeout=300 * SLOW)
                self.assertEqual(run.returncode, 0, out[-3000:])
                self.assertIn("The header block at THREE", out)
            for name in ("a", "b"):
                joe = os.path.join(tmp, name, "THREE", "mail", "JOE", "new")
                self.assertEqual(len(os.listdir(joe)), 1)


if __name__ == "__main__":
    unittest.main()
