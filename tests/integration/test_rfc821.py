"""test_rfc821.py - every example dialogue of RFC 821 §3 that the seeds quote,
replayed against the hosts of labs/scenarios/rfc821.ini: each reply code and
text, and what ends up in the mailboxes."""
import os
import select
import subprocess
import time

from harness import Dialogue, ServerTest, program


class Rfc821Examples(ServerTest):

    def test_3_1_smith_mails_jones_green_and_brown(self):
        """§3.1: Jones and Brown get the letter, Green has no mailbox."""
        beta = self.start("Beta.ARPA")
        d = self.dialogue(beta)
        self.assertEqual(d.cmd("HELO Alpha.ARPA"), (250, ["Beta.ARPA"]))
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA>"), (250, ["OK"]))
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>"), (250, ["OK"]))
        self.assertEqual(d.cmd("RCPT TO:<Green@Beta.ARPA>"), (550, ["No such user here"]))
        self.assertEqual(d.cmd("RCPT TO:<Brown@Beta.ARPA>"), (250, ["OK"]))
        self.assertEqual(d.cmd("DATA"), (354, ["Start mail input; end with <CRLF>.<CRLF>"]))
        d.send("Blah blah blah...")
        d.send("....etc. etc. etc.")   # §4.5.2: a leading "." is doubled on the wire
        self.assertEqual(d.cmd("."), (250, ["OK"]))
        self.assertEqual(d.cmd("QUIT"), (221, ["Beta.ARPA Service closing transmission channel"]))
        d.close()

        for user in ("Jones", "Brown"):
            box = beta.maildir(user)
            self.assertEqual(len(box), 1, user)
            msg = next(iter(box))
            self.assertEqual(msg["Return-Path"], "<Smith@Alpha.ARPA>")
            self.assertRegex(" ".join(msg["Received"].split()),
                             r"^from Alpha\.ARPA \(\[127\.0\.0\.1\]\) by Beta\.ARPA with SMTP id \w+;")
            # §3.1's mail data has no header block: it stays the body, after
            # the empty line that ends the trace lines (RFC 5322 §2.1)
            self.assertEqual(msg.keys(), ["Return-Path", "Received"])
            self.assertEqual(msg.defects, [], "no empty line between Received: and the body")
            self.assertEqual(msg.get_payload(), "Blah blah blah...\n...etc. etc. etc.\n")
        self.assertFalse(os.path.exists(os.path.join(self.state, "Beta.ARPA", "mail", "Green")))

        # the close is traced just after the 221 went out
        self.assertTrue(self.wait_for(lambda: "close" in [e["event"] for e in beta.trace()]))
        events = [e["event"] for e in beta.trace()]
        for wanted in ("connect", "command", "reply", "data", "message", "delivery", "close"):
            self.assertIn(wanted, events)
        message = [e for e in beta.trace() if e["event"] == "message"][0]
        self.assertEqual(message["hop"], 1)
        self.assertEqual(message["headers"][0][0], "Received")

    def test_3_2_forwarding_251(self):
        """§3.2: USC-ISI knows Postel moved and will forward (251): the mail
        really goes on to USC-ISIF, with USC-ISI in the reverse-path (§3.6)."""
        isi = self.start("USC-ISI.ARPA")
        isif = self.start("USC-ISIF.ARPA")
        d = self.dialogue(isi)
        d.cmd("HELO Alpha.ARPA")
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        self.assertEqual(d.cmd("RCPT TO:<Postel@USC-ISI.ARPA>"),
                         (251, ["User not local; will forward to <Postel@USC-ISIF.ARPA>"]))
        self.assertEqual(d.cmd("DATA")[0], 354)
        d.send("Subject: forwarded")
        d.send("")
        d.send("Hello Jon.")
        self.assertEqual(d.cmd("."), (250, ["OK"]))
        self.assertTrue(self.wait_for(lambda: os.path.isdir(
            os.path.join(self.state, "USC-ISIF.ARPA", "mail", "Postel", "new"))
            and len(isif.maildir("Postel")) == 1))
        msg = next(iter(isif.maildir("Postel")))
        self.assertEqual(msg["Return-Path"], "<@USC-ISI.ARPA:Smith@Alpha.ARPA>")
        received = [" ".join(r.split()) for r in msg.get_all("Received")]
        self.assertEqual(len(received), 2)
        self.assertTrue(received[0].startswith("from USC-ISI.ARPA ([127.0.0.14]) by USC-ISIF.ARPA"))
        self.assertTrue(received[1].startswith("from Alpha.ARPA ([127.0.0.1]) by USC-ISI.ARPA"))
        self.assertIn("Hello Jon.", msg.get_payload())
        self.assertTrue(self.wait_for(lambda: os.listdir(
            os.path.join(self.state, "USC-ISI.ARPA", "queue")) == []), "the spool file is gone")

    def test_3_2_moved_551(self):
        """§3.2: USC-ISIB refuses Paul's mail and says where to try (551)."""
        isib = self.start("USC-ISIB.ARPA")
        d = self.dialogue(isib)
        d.cmd("HELO Alpha.ARPA")
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        self.assertEqual(d.cmd("RCPT TO:<Paul@USC-ISIB.ARPA>"),
                         (551, ["User not local; please try <Mockapetris@USC-ISIF.ARPA>"]))
        self.assertEqual(d.cmd("DATA")[0], 503, "no recipient was accepted")

    def test_3_3_vrfy_examples(self):
        """§3.3: the five VRFY answers, each from the host that gives it."""
        cases = [
            ("USC-ISIF.ARPA", "VRFY Smith", 250, "Fred Smith <Smith@USC-ISIF.ARPA>"),
            ("USC-ISI.ARPA", "VRFY Smith", 251, "User not local; will forward to <Smith@USC-ISIQ.ARPA>"),
            ("Alpha.ARPA", "VRFY Jones", 550, "String does not match anything"),
            ("USC-ISI.ARPA", "VRFY Jones", 551, "User not local; please try <Jones@USC-ISIQ.ARPA>"),
            ("USC-ISIQ.ARPA", "VRFY Gourzenkyinplatz", 553, "User ambiguous"),
        ]
        servers = {}
        for host, line, code, text in cases:
            if host not in servers:
                servers[host] = self.start(host)
            d = self.dialogue(servers[host])
            d.cmd("HELO Beta.ARPA")
            self.assertEqual(d.cmd(line), (code, [text]), f"{line} at {host}")
            d.close()

    def test_3_3_expn_examples(self):
        """§3.3: EXPN Example-People lists six members; the washroom list is private."""
        isif = self.start("USC-ISIF.ARPA")
        d = self.dialogue(isif)
        d.cmd("HELO Beta.ARPA")
        self.assertEqual(d.cmd("EXPN Example-People"), (250, [
            "Jon Postel <Postel@USC-ISIF.ARPA>",
            "Fred Fonebone <Fonebone@USC-ISIQ.ARPA>",
            "Sam Q. Smith <SQSmith@USC-ISIQ.ARPA>",
            "Quincy Smith <@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>",
            "<joe@foo-unix.ARPA>",
            "<xyz@bar-unix.ARPA>"]))
        self.assertIn("250-Jon Postel <Postel@USC-ISIF.ARPA>", d.transcript[-6])
        self.assertEqual(d.cmd("EXPN Executive-Washroom-List"), (550, ["Access Denied to You"]))

    def test_3_5_opening_and_closing(self):
        """§3.5: the greeting, HELO and QUIT with the hosts' own names."""
        bbn = self.start("BBN-UNIX.ARPA")
        d = Dialogue(bbn.address)
        self.assertEqual(d.reply(), (220, ["BBN-UNIX.ARPA Simple Mail Transfer Service Ready"]))
        self.assertEqual(d.cmd("HELO USC-ISIF.ARPA"), (250, ["BBN-UNIX.ARPA"]))
        self.assertEqual(d.cmd("QUIT"), (221, ["BBN-UNIX.ARPA Service closing transmission channel"]))
        self.assertTrue(d.closed())

    def test_3_4_send_soml_saml(self):
        """§3.4: SEND reaches a logged-in user's terminal and is refused (450)
        for one who is not; SOML falls back to the mailbox; SAML does both."""
        beta = self.start("Beta.ARPA")
        term = subprocess.Popen([program("smtplab-term"), "--state", self.state,
                                 "--host", "Beta.ARPA", "Jones"],
                                stdout=subprocess.PIPE, text=True)
        seen = ""
        try:
            self.assertIn("logged in", term.stdout.readline())
            d = self.dialogue(beta)
            d.cmd("HELO Alpha.ARPA")
            self.assertEqual(d.cmd("SEND FROM:<Smith@Alpha.ARPA>"), (250, ["OK"]))
            self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>"), (250, ["OK"]))
            code, _ = d.cmd("RCPT TO:<Brown@Beta.ARPA>")
            self.assertEqual(code, 450, "Brown is not at a terminal")
            d.cmd("DATA")
            d.send("Are you there, Jones?")
            self.assertEqual(d.cmd("."), (250, ["OK"]))

            self.assertEqual(d.cmd("SOML FROM:<Smith@Alpha.ARPA>"), (250, ["OK"]))
            self.assertEqual(d.cmd("RCPT TO:<Brown@Beta.ARPA>"), (250, ["OK"]))
            d.cmd("DATA")
            d.send("Brown reads this in his mailbox.")
            self.assertEqual(d.cmd("."), (250, ["OK"]))

            self.assertEqual(d.cmd("SAML FROM:<Smith@Alpha.ARPA>"), (250, ["OK"]))
            self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>"), (250, ["OK"]))
            d.cmd("DATA")
            d.send("Jones sees this twice: terminal and mailbox.")
            self.assertEqual(d.cmd("."), (250, ["OK"]))
            d.cmd("QUIT")
            # the terminal prints a message once it has read it all: wait for
            # the last one before logging Jones out (a loaded machine is slow)
            deadline = time.monotonic() + 10
            while "Jones sees this twice" not in seen and time.monotonic() < deadline:
                if select.select([term.stdout.fileno()], [], [], 0.5)[0]:
                    seen += os.read(term.stdout.fileno(), 65536).decode()
        finally:
            term.terminate()
            out = seen + term.communicate(timeout=10)[0]
        self.assertIn("Are you there, Jones?", out)
        self.assertIn("Jones sees this twice", out)
        self.assertNotIn("Brown reads this", out)
        jones = [m.get_payload() for m in beta.maildir("Jones")]
        self.assertEqual(len(jones), 1, "SEND stays out of the mailbox, SAML goes in")
        self.assertIn("Jones sees this twice", jones[0])
        brown = [m.get_payload() for m in beta.maildir("Brown")]
        self.assertEqual(len(brown), 1)
        self.assertIn("Brown reads this in his mailbox.", brown[0])

    def test_3_6_null_reverse_path_notice(self):
        """§3.6: an undeliverable-mail notice comes with MAIL FROM:<> and is
        delivered with an empty Return-Path."""
        hostw = self.start("HOSTW.ARPA")
        d = self.dialogue(hostw)
        d.cmd("HELO HOSTY.ARPA")
        self.assertEqual(d.cmd("MAIL FROM:<>"), (250, ["OK"]))
        self.assertEqual(d.cmd("RCPT TO:<JOE@HOSTW.ARPA>"), (250, ["OK"]))
        d.cmd("DATA")
        for line in ["Date: 23 Oct 81 11:22:33", "From: SMTP@HOSTY.ARPA",
                     "To: JOE@HOSTW.ARPA", "Subject: Mail System Problem", "",
                     "  Sorry JOE, your message to SAM@HOSTZ.ARPA lost.",
                     "  HOSTZ.ARPA said this:", '   "550 No Such User"']:
            d.send(line)
        self.assertEqual(d.cmd("."), (250, ["OK"]))
        msg = next(iter(hostw.maildir("JOE")))
        self.assertEqual(msg["Return-Path"], "<>")
        self.assertEqual(msg["Subject"], "Mail System Problem")

    def test_3_8_turn_refused(self):
        """§3.8: a receiver that will not swap roles answers TURN with 502."""
        beta = self.start("Beta.ARPA")
        d = self.dialogue(beta)
        d.cmd("HELO Alpha.ARPA")
        self.assertEqual(d.cmd("TURN")[0], 502)
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]))

