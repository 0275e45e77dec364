"""test_bad_input.py - every bad input gets a clear reply (the right code and
a short reason), the session goes on, and nothing is lost or half-delivered."""
import os
import socket
import time

from harness import Dialogue, ServerTest


class BadInput(ServerTest):
    extra = {"Beta.ARPA": {"timeout": "2"}}

    def ready(self):
        self.beta = self.start("Beta.ARPA")
        d = self.dialogue(self.beta)
        self.assertEqual(d.cmd("HELO Alpha.ARPA")[0], 250)
        return d

    def mail_count(self, user):
        path = os.path.join(self.state, "Beta.ARPA", "mail", user, "new")
        return len(os.listdir(path)) if os.path.isdir(path) else 0

    def test_unknown_verb_is_500(self):
        d = self.ready()
        self.assertEqual(d.cmd("FOO bar"), (500, ["Syntax error, command unrecognized"]))
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]))

    def test_verbs_are_case_insensitive(self):
        d = self.ready()
        self.assertEqual(d.cmd("mail from:<Smith@Alpha.ARPA>"), (250, ["OK"]))
        self.assertEqual(d.cmd("rCpT To:<Jones@Beta.ARPA>"), (250, ["OK"]))

    def test_bad_argument_syntax_is_501(self):
        d = self.ready()
        code, text = d.cmd("MAIL FROM:<Smith@>")
        self.assertEqual(code, 501)
        self.assertTrue(text[0], "a reason is given")
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")[0], 250)
        self.assertEqual(d.cmd("RCPT TO:<>")[0], 501)
        self.assertEqual(d.cmd("RCPT TO:<user@host@relay>")[0], 501)
        self.assertEqual(d.cmd("HELO")[0], 501)
        self.assertEqual(d.cmd("DATA now")[0], 501)

    def test_bad_sequence_is_503(self):
        self.beta = self.start("Beta.ARPA")
        d = self.dialogue(self.beta)
        code, text = d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        self.assertEqual((code, text), (503, ["Bad sequence of commands: send HELO first"]))
        d.cmd("HELO Alpha.ARPA")
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>")[0], 503, "RCPT before MAIL")
        self.assertEqual(d.cmd("DATA")[0], 503, "DATA before MAIL")
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")[0], 250)
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")[0], 503, "MAIL twice")
        self.assertEqual(d.cmd("DATA")[0], 503, "DATA without recipients")
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>")[0], 250)
        self.assertEqual(d.cmd("RSET"), (250, ["OK"]))
        self.assertEqual(d.cmd("DATA")[0], 503, "RSET ended the transaction")

    def test_command_line_over_512_octets_is_500_and_session_goes_on(self):
        d = self.ready()
        self.assertEqual(d.cmd("NOOP " + "x" * 600), (500, ["Line too long"]))
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]))
        self.assertEqual(d.cmd("VRFY " + "y" * 5000), (500, ["Line too long"]))
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]))

    def test_command_of_exactly_512_octets_is_accepted(self):
        d = self.ready()
        line = "NOOP " + "x" * (512 - 2 - 5)
        self.assertEqual(len(line) + 2, 512)
        self.assertEqual(d.cmd(line), (250, ["OK"]))

    def test_nul_byte_in_command_is_500(self):
        d = self.ready()
        d.send_raw(b"NO\x00OP\r\n")
        code, _ = d.reply()
        self.assertEqual(code, 500)
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]))

    def test_eight_bit_command_is_500(self):
        d = self.ready()
        d.send_raw("VRFY J\u00f6nes\r\n".encode("utf-8"))
        self.assertEqual(d.reply()[0], 500)

    def test_text_line_over_1000_octets_refuses_the_message(self):
        d = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        d.cmd("RCPT TO:<Jones@Beta.ARPA>")
        d.cmd("DATA")
        d.send("Subject: long")
        d.send("")
        d.send("z" * 1200)
        d.send("after the long line")
        self.assertEqual(d.cmd("."), (500, ["Line too long"]))
        self.assertEqual(self.mail_count("Jones"), 0)
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]), "the session goes on")

    def test_nul_in_mail_data_refuses_the_message(self):
        d = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        d.cmd("RCPT TO:<Jones@Beta.ARPA>")
        d.cmd("DATA")
        d.send_raw(b"one\x00two\r\n.\r\n")
        self.assertEqual(d.reply()[0], 554)
        self.assertEqual(self.mail_count("Jones"), 0)

    def test_bare_lf_dot_does_not_end_the_data(self):
        """RFC 5321 §4.1.1.4: only CRLF.CRLF ends the data (no smuggling)."""
        d = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        d.cmd("RCPT TO:<Jones@Beta.ARPA>")
        d.cmd("DATA")
        d.send_raw(b"Subject: x\r\n\r\nhello\n.\nMAIL FROM:<evil@x>\r\n.\r\n")
        code, _ = d.reply()
        self.assertEqual(code, 554)
        self.assertEqual(self.mail_count("Jones"), 0)
        self.assertEqual(d.cmd("NOOP"), (250, ["OK"]), "no reply to a smuggled command")

    def test_recipient_limit_answers_452_beyond_100(self):
        d = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        for i in range(100):
            self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>")[0], 250, f"recipient {i + 1}")
        self.assertEqual(d.cmd("RCPT TO:<Brown@Beta.ARPA>"), (452, ["Too many recipients"]))
        d.cmd("DATA")
        d.send("x")
        self.assertEqual(d.cmd(".")[0], 250)
        self.assertEqual(self.mail_count("Jones"), 1, "one copy per mailbox")

    def test_closed_connection_mid_data_delivers_nothing(self):
        d = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        d.cmd("RCPT TO:<Jones@Beta.ARPA>")
        d.cmd("DATA")
        d.send("Subject: half a letter")
        d.send("")
        d.send("and then the line drops")
        d.close()
        self.assertTrue(self.wait_for(lambda: any(
            e["event"] == "close" for e in self.beta.trace())))
        self.assertEqual(self.mail_count("Jones"), 0)
        tmp = os.path.join(self.state, "Beta.ARPA", "tmp")
        self.assertEqual(os.listdir(tmp), [], "nothing left half-written")
        close = [e for e in self.beta.trace() if e["event"] == "close"][0]
        self.assertIn("DATA", close["reason"])

    def test_idle_timeout_is_421(self):
        d = self.ready()
        start = time.time()
        code, text = d.reply()
        self.assertEqual(code, 421)
        self.assertIn("Beta.ARPA", text[0])
        self.assertGreaterEqual(time.time() - start, 1.5)
        self.assertTrue(d.closed())

    def test_a_stalled_session_does_not_hold_up_others(self):
        slow = self.ready()
        slow.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        slow.cmd("RCPT TO:<Jones@Beta.ARPA>")
        slow.cmd("DATA")
        slow.send_raw(b"Subject: I stop here without a line end")
        fast = Dialogue(self.beta.address)
        self.assertEqual(fast.reply()[0], 220)
        fast.cmd("HELO Alpha.ARPA")
        fast.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        fast.cmd("RCPT TO:<Brown@Beta.ARPA>")
        fast.cmd("DATA")
        fast.send("quick")
        self.assertEqual(fast.cmd(".")[0], 250)
        self.assertEqual(self.mail_count("Brown"), 1)

    def test_pipelined_commands_get_replies_in_order(self):
        d = self.ready()
        d.send_raw(b"MAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                   b"RCPT TO:<Green@Beta.ARPA>\r\nDATA\r\nhi\r\n.\r\nNOOP\r\n")
        self.assertEqual([d.reply()[0] for _ in range(6)], [250, 250, 550, 354, 250, 250])
        self.assertEqual(self.mail_count("Jones"), 1)

    def test_too_many_errors_end_the_session(self):
        d = self.ready()
        for _ in range(19):
            self.assertEqual(d.cmd("BOGUS")[0], 500)
        d.send("BOGUS")
        self.assertEqual(d.reply()[0], 500)
        self.assertEqual(d.reply()[0], 421)
        self.assertTrue(d.closed())

    def test_relaying_is_denied(self):
        d = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        for rcpt in ["<nobody@hotmail.com>", "<@Beta.ARPA:joe@elsewhere.org>",
                     '<"joe@elsewhere.org"@Beta.ARPA>', "<joe%elsewhere.org@Beta.ARPA>",
                     "<elsewhere!joe@Beta.ARPA>"]:
            code, text = d.cmd(f"RCPT TO:{rcpt}")
            self.assertIn(code, (550,), rcpt)

    def test_garbage_after_quit_is_ignored(self):
        d = self.ready()
        d.send_raw(b"QUIT\r\nMAIL FROM:<x@y>\r\n")
        self.assertEqual(d.reply()[0], 221)
        self.assertTrue(d.closed())
