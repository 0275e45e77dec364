"""test_interop.py - smtplab-server with SMTP clients nobody here wrote:
swaks, python's smtplib, curl (smtp://) and msmtp.  Each sends a letter to
Jones and Brown at Beta.ARPA; the mail is then read back with python's
mailbox module, as a mail reader would, and compared with what was sent."""
import os
import shutil
import smtplib
import subprocess
import email
import email.policy
from email.message import EmailMessage

from harness import ServerTest, SLOW


class Interop(ServerTest):

    def setUp(self):
        super().setUp()
        self.beta = self.start("Beta.ARPA")

    def delivered(self, user):
        """The messages in user's Maildir at Beta.ARPA, parsed."""
        box = self.beta.maildir(user)
        return [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
                for key in box.keys()]

    def assert_stamped(self, msg, sender):
        """Beta.ARPA put Return-Path (RFC 821 §4.1.2) and Received on top."""
        self.assertEqual(msg["Return-Path"], f"<{sender}>")
        self.assertIn("by Beta.ARPA", " ".join(msg["Received"].split()))
        keys = list(msg.keys())
        self.assertEqual(keys[:2], ["Return-Path", "Received"])

    def test_swaks(self):
        r = subprocess.run(["swaks", "--server", self.beta.address, "--helo", "Alpha.ARPA",
                            "--from", "Smith@Alpha.ARPA", "--to", "Jones@Beta.ARPA,Brown@Beta.ARPA",
                            "--header", "Subject: from swaks",
                            "--body", "Blah blah blah...\n.leading dot\n"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("<-  250 2.0.0 OK", r.stdout)
        for user in ("Jones", "Brown"):
            [msg] = self.delivered(user)
            self.assert_stamped(msg, "Smith@Alpha.ARPA")
            self.assertEqual(msg["Subject"], "from swaks")
            # swaks dot-stuffed the line with a leading dot; the server took
            # the extra dot off again (RFC 821 §4.5.2)
            self.assertIn("Blah blah blah...\n.leading dot\n",
                          msg.get_payload().replace("\r\n", "\n"))

    def test_swaks_unknown_user_is_550(self):
        r = subprocess.run(["swaks", "--server", self.beta.address, "--helo", "Alpha.ARPA",
                            "--from", "Smith@Alpha.ARPA", "--to", "Green@Beta.ARPA"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("<** 550 5.1.1 No such user here", r.stdout)
        self.assertFalse(os.path.exists(os.path.join(self.state, "Beta.ARPA", "mail", "Green")))

    def test_python_smtplib(self):
        ip, port = self.beta.ip, self.beta.port
        msg = EmailMessage()
        msg["From"] = "Smith@Alpha.ARPA"
        msg["To"] = "Jones@Beta.ARPA, Green@Beta.ARPA"
        msg["Subject"] = "from smtplib"
        msg.set_content("Dear Jones,\n\n. a line that starts with a dot\n..two dots\n")
        msg.add_attachment(bytes(range(256)), maintype="application",
                           subtype="octet-stream", filename="bytes.bin")
        with smtplib.SMTP(ip, port, local_hostname="Alpha.ARPA", timeout=30 * SLOW) as s:
            code, _ = s.ehlo("Alpha.ARPA")
            self.assertEqual(code, 250)
            self.assertTrue(s.has_extn("size"))
            self.assertTrue(s.has_extn("pipelining"))
            refused = s.send_message(msg)
            # Green is refused at RCPT; smtplib reports it and sends to Jones
            self.assertEqual(refused, {"Green@Beta.ARPA": (550, b"5.1.1 No such user here")})
            self.assertEqual(s.vrfy("Jones"), (250, b"2.0.0 Jon Jones <Jones@Beta.ARPA>"))
            self.assertEqual(s.noop()[0], 250)
        [got] = self.delivered("Jones")
        self.assert_stamped(got, "Smith@Alpha.ARPA")
        self.assertEqual(got["Subject"], "from smtplib")
        parts = list(got.iter_parts())
        self.assertEqual(parts[0].get_content(),
                         "Dear Jones,\n\n. a line that starts with a dot\n..two dots\n")
        self.assertEqual(parts[1].get_filename(), "bytes.bin")
        self.assertEqual(parts[1].get_content(), bytes(range(256)))

    def test_python_smtplib_helo_only(self):
        """An RFC 821 client: HELO, no extensions, still delivered."""
        with smtplib.SMTP(self.beta.ip, self.beta.port, timeout=30 * SLOW) as s:
            self.assertEqual(s.helo("Alpha.ARPA")[0], 250)
            s.sendmail("Smith@Alpha.ARPA", ["Brown@Beta.ARPA"],
                       "Subject: plain\r\n\r\nRFC 821 only.\r\n")
        [got] = self.delivered("Brown")
        self.assertEqual(got["Subject"], "plain")
        self.assertEqual(got.get_payload().replace("\r\n", "\n"), "RFC 821 only.\n")

    def test_curl(self):
        letter = os.path.join(self.tmp, "letter.txt")
        with open(letter, "wb") as f:
            f.write(b"From: Smith@Alpha.ARPA\r\nTo: Jones@Beta.ARPA\r\nSubject: from curl\r\n\r\n"
                    b"Sent with curl smtp://\r\n.\r\nThe line above was a lone dot.\r\n")
        r = subprocess.run(["curl", "-sS", "--url", f"smtp://{self.beta.address}/Alpha.ARPA",
                            "--mail-from", "Smith@Alpha.ARPA", "--mail-rcpt", "Jones@Beta.ARPA",
                            "--mail-rcpt", "Brown@Beta.ARPA", "--upload-file", letter],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        for user in ("Jones", "Brown"):
            [msg] = self.delivered(user)
            self.assert_stamped(msg, "Smith@Alpha.ARPA")
            self.assertEqual(msg["Subject"], "from curl")
            self.assertEqual(msg.get_payload().replace("\r\n", "\n"),
                             "Sent with curl smtp://\n.\nThe line above was a lone dot.\n")

    def test_curl_refused_recipient(self):
        r = subprocess.run(["curl", "-sS", "--url", f"smtp://{self.beta.address}/Alpha.ARPA",
                            "--mail-from", "Smith@Alpha.ARPA", "--mail-rcpt", "Green@Beta.ARPA",
                            "--upload-file", "/dev/null"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 55, r.stderr)      # CURLE_SEND_ERROR: RCPT failed
        self.assertIn("550", r.stderr)

    def test_msmtp(self):
        if not shutil.which("msmtp"):
            self.fail("msmtp is not installed (mk/deps.sh installs it)")
        letter = (b"From: Smith@Alpha.ARPA\nTo: Jones@Beta.ARPA\nSubject: from msmtp\n\n"
                  b"Sent with msmtp.\n.dot first\n")
        r = subprocess.run(["msmtp", "--host", self.beta.ip, "--port", str(self.beta.port),
                            "--domain", "Alpha.ARPA", "--auth=off", "--tls=off",
                            "--from", "Smith@Alpha.ARPA", "--", "Jones@Beta.ARPA"],
                           input=letter, capture_output=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        [msg] = self.delivered("Jones")
        self.assert_stamped(msg, "Smith@Alpha.ARPA")
        self.assertEqual(msg["Subject"], "from msmtp")
        self.assertEqual(msg.get_payload().replace("\r\n", "\n"), "Sent with msmtp.\n.dot first\n")
        received = " ".join(msg["Received"].split())
        self.assertTrue(received.startswith("from Alpha.ARPA ([127.0.0.1]) by Beta.ARPA with ESMTP id "),
                        received)
