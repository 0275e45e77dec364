"""test_postfix.py - a real MTA nobody here wrote: Postfix (Debian's
package), started on loopback by the test, relays mail to smtplab and
accepts mail relayed by smtplab."""
import mailbox
import os
import subprocess
import unittest

import postfix_instance
from harness import ServerTest, free_port, program, SLOW

EXTRA_CF = """transport_maps = inline:{{ beta.arpa=smtp:[{beta_ip}]:{beta_port} }}
virtual_mailbox_domains = postfix.test
virtual_mailbox_maps = inline:{{ joe@postfix.test=joe/ }}
"""


@unittest.skipIf(postfix_instance.available(), postfix_instance.available())
class Postfix(ServerTest):

    def setUp(self):
        self.pf_port = free_port()
        super().setUp()

    @property
    def extra(self):
        return {"Beta.ARPA": {"routes": f"postfix.test=127.0.0.1:{self.pf_port}",
                              "relay-allow": "127.0.0.0/8", "retry": "1"}}

    def start_postfix(self, beta_address):
        ip, port = beta_address.rsplit(":", 1)
        pf = postfix_instance.PostfixInstance(os.path.join(self.tmp, "postfix"), self.pf_port,
                                              EXTRA_CF.format(beta_ip=ip, beta_port=port))
        self.addCleanup(pf.stop)        # before the test's folder goes (harness.py)
        error = pf.start()
        self.assertIsNone(error, error)
        return pf

    def test_postfix_relays_to_smtplab_and_smtplab_relays_to_postfix(self):
        beta = self.start("Beta.ARPA")
        pf = self.start_postfix(beta.address)

        # Postfix -> smtplab: mail for Jones@Beta.ARPA handed to Postfix
        r = subprocess.run([program("smtplab-client"), "--server", f"127.0.0.1:{self.pf_port}",
                            "--helo", "client.test", "--from", "smith@alpha.arpa",
                            "--to", "Jones@Beta.ARPA", "--subject", "via postfix", "--body", "one"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(self.wait_for(lambda: os.path.isdir(
            os.path.join(self.state, "Beta.ARPA", "mail", "Jones", "new"))
            and len(beta.maildir("Jones")) == 1, timeout=20))
        msg = next(iter(beta.maildir("Jones")))
        received = [" ".join(x.split()) for x in msg.get_all("Received")]
        self.assertTrue(received[0].startswith("from postfix.test ([127.0.0.1]) by Beta.ARPA"))
        self.assertIn("by postfix.test (Postfix)", received[1])

        # smtplab -> Postfix: Beta.ARPA relays joe@postfix.test by its routes=
        r = subprocess.run([program("smtplab-client"), "--server", beta.address, "--helo", "Alpha.ARPA",
                            "--from", "Smith@Alpha.ARPA", "--to", "joe@postfix.test",
                            "--subject", "to postfix", "--body", "two"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        box = pf.maildir("joe")
        self.assertTrue(self.wait_for(lambda: os.path.isdir(os.path.join(box, "new"))
                                      and len(os.listdir(os.path.join(box, "new"))) == 1, timeout=20),
                        pf.log())
        msg = next(iter(mailbox.Maildir(box, create=False)))
        self.assertEqual(msg["Subject"], "to postfix")
        # Beta.ARPA put itself on the reverse-path (RFC 821 §3.6); Postfix,
        # following RFC 5321 Appendix C, keeps only the mailbox
        sent = [e["line"] for e in beta.trace() if e["role"] == "client" and e["event"] == "command"]
        self.assertTrue(any(line.startswith("MAIL FROM:<@Beta.ARPA:Smith@Alpha.ARPA>") for line in sent))
        self.assertEqual(msg["Return-Path"], "<Smith@Alpha.ARPA>")
        received = [" ".join(x.split()) for x in msg.get_all("Received")]
        self.assertIn("by postfix.test (Postfix)", received[0])
        self.assertTrue(received[1].startswith("from Alpha.ARPA ([127.0.0.1]) by Beta.ARPA"))
