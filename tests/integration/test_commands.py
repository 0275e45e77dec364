"""test_commands.py - HELP, NOOP, RSET, EHLO and the ESMTP parameters of MAIL."""
from harness import ServerTest


class Commands(ServerTest):

    def ready(self, hello="EHLO Alpha.ARPA"):
        beta = self.start("Beta.ARPA")
        d = self.dialogue(beta)
        code, lines = d.cmd(hello)
        self.assertEqual(code, 250)
        return d, lines

    def test_help_lists_the_verbs_and_explains_one(self):
        d, _ = self.ready()
        code, lines = d.cmd("HELP")
        self.assertEqual(code, 214)
        verbs = " ".join(lines).split()
        for verb in "HELO MAIL RCPT DATA RSET SEND SOML SAML VRFY EXPN HELP NOOP QUIT TURN EHLO".split():
            self.assertIn(verb, verbs)
        code, lines = d.cmd("help rcpt")
        self.assertEqual(code, 214)
        # after EHLO every line carries an enhanced status code (RFC 2034)
        self.assertEqual(lines[0], "2.0.0 RCPT TO:<forward-path>")
        self.assertEqual(lines[-1], "2.0.0 RFC 821 section 3.1, section 3.6, section 4.1.1")
        self.assertTrue(all(len(line) <= 82 and line.isascii() for line in lines))
        self.assertEqual(d.cmd("HELP FROBNICATE"), (504, ["5.5.4 HELP topic unknown: FROBNICATE"]))
        d.cmd("HELO Alpha.ARPA")
        self.assertEqual(d.cmd("help rcpt")[1][0], "RCPT TO:<forward-path>", "after HELO: RFC 821 text")

    def test_ehlo_lists_extensions(self):
        _, lines = self.ready()
        self.assertEqual(lines[0], "Beta.ARPA greets Alpha.ARPA")
        for keyword in ("EXPN", "HELP", "SEND", "SOML", "SAML", "8BITMIME", "SIZE 10485760", "PIPELINING",
                        "ENHANCEDSTATUSCODES"):
            self.assertIn(keyword, lines[1:])

    def test_size_parameter_refused_early(self):
        d, _ = self.ready()
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA> SIZE=99999999")[0], 552)
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA> SIZE=1000 BODY=8BITMIME"), (250, ["2.1.0 OK"]))
        self.assertEqual(d.cmd("RSET"), (250, ["2.0.0 OK"]))
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA> SIZE=ten")[0], 501)
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA> BODY=BINARYMIME")[0], 501)
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA> FOO=1")[0], 555)

    def test_parameters_need_ehlo(self):
        d, _ = self.ready("HELO Alpha.ARPA")
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA> SIZE=10")[0], 555)
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")[0], 250)
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA> NOTIFY=NEVER")[0], 555)

    def test_helo_resets_the_transaction(self):
        d, _ = self.ready()
        d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
        d.cmd("RCPT TO:<Jones@Beta.ARPA>")
        self.assertEqual(d.cmd("HELO Alpha.ARPA"), (250, ["Beta.ARPA"]))
        self.assertEqual(d.cmd("DATA")[0], 503)

    def test_noop_with_argument_and_helo_with_bad_domain(self):
        d, _ = self.ready()
        self.assertEqual(d.cmd("NOOP anything"), (250, ["2.0.0 OK"]))
        self.assertEqual(d.cmd("HELO bad..domain")[0], 501)
        self.assertEqual(d.cmd("HELO [127.0.0.1]"), (250, ["Beta.ARPA"]))
