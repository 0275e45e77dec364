"""test_faults.py - faults on demand (fault=, delay=, drop=; lib/fault.c,
lib/server-fault.c), seen by real clients: python's smtplib, a raw socket
and smtplab-client.  Every fault is traced before what it causes."""
import os
import smtplib
import subprocess
import time

from harness import SLOW, ServerTest, program

LETTER = "From: a@b.example\r\nTo: bob\r\nSubject: faults\r\n\r\nhello\r\n"


class Faults(ServerTest):
    scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "faults.ini")

    def faults(self, server):
        return [e for e in server.trace() if e["event"] == "fault"]

    def test_nth_rcpt_and_data_end(self):
        """The 1st RCPT gets 450, the 2nd 250; the 1st end of data 451 and
        nothing stored, the 2nd 250 and stored."""
        busy = self.start("busy.example")
        with smtplib.SMTP(busy.ip, busy.port, timeout=10 * SLOW) as s:
            s.ehlo("client.example")
            s.mail("a@b.example")
            self.assertEqual(s.rcpt("bob@busy.example"), (450, b"4.2.1 Mailbox busy"))
            self.assertEqual(s.rcpt("bob@busy.example")[0], 250)
            self.assertEqual(s.data(LETTER), (451, b"4.3.0 Local error in processing"))
            self.assertEqual(busy.messages("bob"), [])
            s.mail("a@b.example")
            self.assertEqual(s.rcpt("bob@busy.example")[0], 250)
            self.assertEqual(s.data(LETTER)[0], 250)
        self.assertEqual(len(busy.messages("bob")), 1)
        seen = [(f["kind"], f["verb"], f["nth"], f.get("code")) for f in self.faults(busy)]
        self.assertEqual(seen, [("reply", "RCPT", 1, 450), ("reply", "DATA-END", 1, 451)])

    def test_421_closes(self):
        gone = self.start("gone.example")
        d = self.dialogue(gone)
        d.cmd("HELO client.example")
        code, lines = d.cmd("MAIL FROM:<a@b.example>")
        self.assertEqual((code, lines), (421, ["Going away"]))      # after HELO: no 4.3.2
        self.assertTrue(d.closed(), "the connection stays open after the 421")

    def test_delay_blocks_nobody_else(self):
        slow = self.start("slow.example")
        d = self.dialogue(slow)
        d.cmd("HELO client.example")
        d.cmd("MAIL FROM:<a@b.example>")
        other = self.dialogue(slow)
        start = time.monotonic()
        d.send("RCPT TO:<bob@slow.example>")
        time.sleep(0.2)
        t0 = time.monotonic()
        self.assertEqual(other.cmd("NOOP")[0], 250)
        self.assertLess(time.monotonic() - t0, 0.3 * SLOW, "another session waited for the delay")
        self.assertEqual(d.reply()[0], 250)
        self.assertGreaterEqual(time.monotonic() - start, 1.5)
        self.assertEqual([(f["kind"], f["ms"]) for f in self.faults(slow)], [("delay", 1500)])

    def test_drop_after_greeting(self):
        rude = self.start("rude.example")
        d = self.dialogue(rude)
        self.assertTrue(d.closed(), "the connection stays open after the greeting")
        # smtplab-client says what happened, with its exit status for a lost connection
        r = subprocess.run([program("smtplab-client"), "--server", rude.address, "--from", "a@b.example",
                            "--to", "bob@rude.example", "--body", "hi"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("clos", (r.stdout + r.stderr).lower())

    def test_drop_mid_data_stores_nothing(self):
        cut = self.start("cut.example")
        d = self.dialogue(cut)
        d.cmd("HELO client.example")
        d.cmd("MAIL FROM:<a@b.example>")
        d.cmd("RCPT TO:<bob@cut.example>")
        self.assertEqual(d.cmd("DATA")[0], 354)
        d.send_raw(b"Subject: cut\r\n\r\nfirst line\r\nsecond line\r\n.\r\n")
        self.assertTrue(d.closed(), "the connection stays open in the middle of the data")
        self.assertTrue(self.wait_for(lambda: any(e["event"] == "close" for e in cut.trace())))
        self.assertEqual(cut.messages("bob"), [])
        close = [e for e in cut.trace() if e["event"] == "close"]
        self.assertEqual(close[0]["reason"], "closed during DATA: mail dropped")

    def test_bad_fault_refused(self):
        path = os.path.join(self.tmp, "bad.ini")
        with open(path, "w") as f:
            f.write("[host a.example]\nlisten=127.0.0.1:2525\nfault=RCPT@0:450 Busy\n")
        r = subprocess.run([program("smtplab-server"), "--scenario", path, "--host", "a.example",
                            "--state", self.state], capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn('[host a.example] fault: "RCPT@0:450 Busy": after @ comes which time', r.stderr)
        self.assertIn(path, r.stderr)
