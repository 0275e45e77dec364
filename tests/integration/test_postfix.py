"""test_postfix.py - a real MTA nobody here wrote: Postfix (Debian's
package), started on loopback by the test, relays mail to smtplab and
accepts mail relayed by smtplab."""
import mailbox
import os
import shutil
import subprocess
import time
import unittest

from harness import ServerTest, free_port, program, SLOW

MAIN_CF = """compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = postfix.test
mydestination =
mynetworks = 127.0.0.0/8
smtp_bind_address = 127.0.0.1
transport_maps = inline:{{ beta.arpa=smtp:[{beta_ip}]:{beta_port} }}
virtual_mailbox_domains = postfix.test
virtual_mailbox_base = {d}/mail
virtual_mailbox_maps = inline:{{ joe@postfix.test=joe/ }}
virtual_uid_maps = static:{uid}
virtual_gid_maps = static:{gid}
maillog_file_prefixes = {d}
maillog_file = {d}/maillog
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
disable_dns_lookups = yes
"""


@unittest.skipUnless(shutil.which("postfix") and os.geteuid() == 0,
                     "needs Debian's postfix package and root to start an instance")
class Postfix(ServerTest):

    def setUp(self):
        self.pf_port = free_port()
        super().setUp()

    @property
    def extra(self):
        return {"Beta.ARPA": {"routes": f"postfix.test=127.0.0.1:{self.pf_port}",
                              "relay-allow": "127.0.0.0/8", "retry": "1"}}

    def start_postfix(self, beta_address):
        import pwd
        d = os.path.join(self.tmp, "postfix")
        conf = os.path.join(d, "conf")
        for sub in ("conf", "queue", "data", "mail"):
            os.makedirs(os.path.join(d, sub))
        pw = pwd.getpwnam("postfix")
        os.chmod(self.tmp, 0o755)                # Postfix's daemons run as postfix
        os.chown(os.path.join(d, "data"), pw.pw_uid, pw.pw_gid)
        os.chown(os.path.join(d, "mail"), pw.pw_uid, pw.pw_gid)
        with open(os.path.join(conf, "main.cf"), "w") as f:
            ip, port = beta_address.rsplit(":", 1)
            f.write(MAIN_CF.format(d=d, beta_ip=ip, beta_port=port, uid=pw.pw_uid, gid=pw.pw_gid))
        with open("/etc/postfix/master.cf") as f:
            master = f.read().replace("smtp      inet  n       -       y       -       -       smtpd",
                                      f"127.0.0.1:{self.pf_port} inet n - n - - smtpd")
        with open(os.path.join(conf, "master.cf"), "w") as f:
            f.write(master)
        # postfix only runs a configuration the system's main.cf lists
        old = subprocess.run(["postconf", "-h", "alternate_config_directories"],
                             capture_output=True, text=True).stdout.strip()
        subprocess.run(["postconf", "-e", f"alternate_config_directories = {old} {conf}".strip()],
                       check=True)
        self.addCleanup(subprocess.run, ["postconf", "-e", f"alternate_config_directories = {old}"])
        subprocess.run(["postfix", "-c", conf, "check"], capture_output=True)
        r = subprocess.run(["postfix", "-c", conf, "start"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, open(os.path.join(d, "maillog")).read()
                         if os.path.exists(os.path.join(d, "maillog")) else r.stderr)
        self.addCleanup(subprocess.run, ["postfix", "-c", conf, "stop"], capture_output=True)
        self.assertTrue(self.wait_for(lambda: subprocess.run(
            ["ss", "-ltn", f"sport = :{self.pf_port}"], capture_output=True, text=True).stdout.count("LISTEN")))
        return d

    def test_postfix_relays_to_smtplab_and_smtplab_relays_to_postfix(self):
        beta = self.start("Beta.ARPA")
        d = self.start_postfix(beta.address)

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
        box = os.path.join(d, "mail", "joe")
        self.assertTrue(self.wait_for(lambda: os.path.isdir(os.path.join(box, "new"))
                                      and len(os.listdir(os.path.join(box, "new"))) == 1, timeout=20),
                        open(os.path.join(d, "maillog")).read())
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
