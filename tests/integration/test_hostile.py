"""test_hostile.py - the worst input a teaching server gets, each case with
the exact reply it must give (issue 6): over-long lines, NUL, CR and 8-bit
bytes in commands, every SMTP smuggling ending, pipelined floods, 10,000
RCPTs, oversize mail, bad AUTH, commands out of order, garbage after QUIT,
half-closed sockets, and nmap's smtp-open-relay address forms with a null
and a foreign sender.  After each refusal the session goes on (or, where
the RFC says so, ends) and nothing is delivered that should not be."""
import os
import socket
import time

from harness import Dialogue, ServerTest, SLOW

HELO = "HELO Alpha.ARPA"
MAIL = "MAIL FROM:<Smith@Alpha.ARPA>"
RCPT = "RCPT TO:<Jones@Beta.ARPA>"

# (name, commands before, the raw bytes, the exact reply) - after HELO,
# so the replies are RFC 821's texts without enhanced status codes.
COMMAND_CASES = [
    ("unknown verb", [], b"FROB\r\n", (500, ["Syntax error, command unrecognized"])),
    ("empty line", [], b"\r\n", (500, ["Syntax error, command unrecognized: a command starts with "
                                       "a verb of letters, then a space"])),
    ("513-octet command", [], b"NOOP " + b"x" * 506 + b"\r\n", (500, ["Line too long"])),
    ("512-octet command", [], b"NOOP " + b"x" * 505 + b"\r\n", (250, ["OK"])),
    ("4,000-octet command", [], b"VRFY " + b"y" * 4000 + b"\r\n", (500, ["Line too long"])),
    ("NUL in a verb", [], b"NO\x00OP\r\n", (500, ["Syntax error, command unrecognized: "
                                                   "NUL byte in command"])),
    ("NUL in an argument", [], b"VRFY Jo\x00nes\r\n", (500, ["Syntax error, command unrecognized: "
                                                          "NUL byte in command"])),
    ("8-bit byte", [], b"VRFY J\xc3\xb6nes\r\n", (500, ["Syntax error, command unrecognized: the command "
                                                     "holds a control or 8-bit byte (0xC3)"])),
    ("bare CR inside", [], b"NO\rOP\r\n", (500, ["Syntax error, command unrecognized: the command holds "
                                                 "a control or 8-bit byte (0x0D)"])),
    ("bare LF ending", [], b"NOOP\n", (500, ["Syntax error: a command ends with CRLF, not a bare LF "
                                            "(RFC 5321 section 2.3.8)"])),
    ("escape byte", [], b"NOOP \x1b[2J\r\n", (500, ["Syntax error, command unrecognized: the command "
                                                  "holds a control or 8-bit byte (0x1B)"])),
    ("RCPT before MAIL", [], RCPT.encode() + b"\r\n", (503, ["Bad sequence of commands: MAIL first"])),
    ("DATA before RCPT", [MAIL], b"DATA\r\n", (503, ["Bad sequence of commands: no valid recipients yet"])),
    ("MAIL twice", [MAIL], MAIL.encode() + b"\r\n",
     (503, ["Bad sequence of commands: a mail transaction is already open (RSET first)"])),
    ("QUIT with an argument", [], b"QUIT now\r\n",
     (501, ["Syntax error in parameters or arguments: QUIT takes no argument"])),
    ("HELO without a domain", [], b"HELO\r\n",
     (501, ["Syntax error in parameters or arguments: HELO needs an argument"])),
    ("null forward-path", [MAIL], b"RCPT TO:<>\r\n",
     (501, ["Syntax error in path: the null path <> is only for MAIL FROM"])),
    ("local part of 65 octets", [], b"MAIL FROM:<" + b"a" * 65 + b"@Alpha.ARPA>\r\n",
     (501, ["Local part too long (more than 64 octets)"])),
    ("path of 257 octets", [], b"MAIL FROM:<a@" + b"b" * 250 + b".ARPA>\r\n",
     (501, ["Path too long (more than 256 octets)"])),
    ("two @ in a mailbox", [MAIL], b"RCPT TO:<user@elsewhere.example@Beta.ARPA>\r\n",
     (501, ["Syntax error in mailbox: more than one '@'"])),
    ("unknown user", [MAIL], b"RCPT TO:<Green@Beta.ARPA>\r\n", (550, ["No such user here"])),
    ("parameters after HELO", [], MAIL.encode() + b" SIZE=10\r\n",
     (555, ["MAIL FROM parameters not recognized: say EHLO to use them"])),
    ("VRFY of nobody", [], b"VRFY Nobody\r\n", (550, ["String does not match anything"])),
    ("TURN refused", [], b"TURN\r\n", (502, ["Command not implemented: this host does not TURN"])),
    ("STARTTLS without a certificate", [], b"STARTTLS\r\n",
     (502, ["Command not implemented: this host has no certificate (STARTTLS)"])),
    ("AUTH on a host without it", [], b"AUTH PLAIN AGEAYg==\r\n",
     (502, ["Command not implemented: this host has no AUTH"])),
]

# nmap's smtp-open-relay forms (its script's list, with [ip] the server's
# address literal, srvname its name, domain a stranger's) and the exact
# refusal; none of them may be accepted for relaying.
RELAY_CASES = [
    ("user%domain@[ip]", "<victim%elsewhere.example@[{ip}]>", (550, ["No such user here"])),
    ('"user@domain"@[ip]', '<"victim@elsewhere.example"@[{ip}]>', (550, ["No such user here"])),
    ("@[ip]:user@domain", "<@[{ip}]:victim@elsewhere.example>", (550, ["Relaying denied"])),
    ("domain!user@[ip]", "<elsewhere.example!victim@[{ip}]>", (550, ["No such user here"])),
    ("domain!user@srvname", "<elsewhere.example!victim@Beta.ARPA>", (550, ["No such user here"])),
    ("user%domain@srvname", "<victim%elsewhere.example@Beta.ARPA>", (550, ["No such user here"])),
    ("user@domain", "<victim@elsewhere.example>", (550, ["Relaying denied"])),
    ('"user@domain"', '<"victim@elsewhere.example">', (501, ["Syntax error in mailbox: missing '@'"])),
    ("user%domain", "<victim%elsewhere.example>", (501, ["Syntax error in mailbox: missing '@'"])),
    ("domain!user", "<elsewhere.example!victim>", (501, ["Syntax error in mailbox: missing '@'"])),
    ("@srvname:user@domain", "<@Beta.ARPA:victim@elsewhere.example>", (550, ["Relaying denied"])),
]

# The SMTP smuggling endings (issue 6): none of them may end the data.
SMUGGLING = [b"\n.\n", b"\r.\r", b"\r.\n", b"\n.\r", b"\n.\r\n", b"\r\n.\n", b"\r.\r\n",
             b"\r\n.\r", b"\r\n\x00.\r\n", b"\r\n.\r\r\n", b"\r\r\n.\r\r\n"]
BARE = (554, ["Transaction failed: bare CR or LF in mail data; lines must end with CRLF "
              "(RFC 5321 section 2.3.8)"])
NUL = (554, ["Transaction failed: NUL byte in mail data"])


class Hostile(ServerTest):

    def setUp(self):
        super().setUp()
        self.beta = self.start("Beta.ARPA")

    def fresh(self, hello=HELO):
        d = self.dialogue(self.beta)
        self.assertEqual(d.cmd(hello)[0], 250)
        return d

    def jones(self):
        path = os.path.join(self.state, "Beta.ARPA", "mail", "Jones", "new")
        return os.listdir(path) if os.path.isdir(path) else []

    def test_command_cases(self):
        for name, before, raw, expected in COMMAND_CASES:
            with self.subTest(name):
                d = self.fresh()
                for line in before:
                    self.assertLess(d.cmd(line)[0], 400, line)
                d.send_raw(raw)
                self.assertEqual(d.reply(), expected)
                self.assertEqual(d.cmd("NOOP"), (250, ["OK"]), "the session goes on")
                d.close()

    def test_open_relay_forms_with_null_and_foreign_senders(self):
        ip = self.beta.ip
        for sender in ("<>", "<spammer@attacker.example>"):
            for name, rcpt, expected in RELAY_CASES:
                with self.subTest(f"{name} from {sender}"):
                    d = self.fresh()
                    self.assertEqual(d.cmd(f"MAIL FROM:{sender}")[0], 250)
                    self.assertEqual(d.cmd("RCPT TO:" + rcpt.format(ip=ip)), expected)
                    d.close()
        self.assertEqual(os.listdir(os.path.join(self.state, "Beta.ARPA", "queue")), [])

    def test_own_address_literal_is_local(self):
        """RFC 5321 §4.1.3: [ip] is this host, not a relay."""
        d = self.fresh()
        d.cmd(MAIL)
        self.assertEqual(d.cmd(f"RCPT TO:<Jones@[{self.beta.ip}]>"), (250, ["OK"]))

    def test_smuggling_endings_never_end_the_data(self):
        for ending in SMUGGLING:
            with self.subTest(repr(ending)):
                d = self.fresh()
                d.cmd(MAIL)
                d.cmd(RCPT)
                self.assertEqual(d.cmd("DATA")[0], 354)
                smuggled = (b"MAIL FROM:<evil@attacker.example>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                            b"DATA\r\nSubject: smuggled\r\n\r\nowned\r\n")
                d.send_raw(b"Subject: honest\r\n\r\nhello" + ending + smuggled + b".\r\n")
                self.assertEqual(d.reply(), NUL if b"\x00" in ending else BARE)
                self.assertEqual(d.cmd("NOOP"), (250, ["OK"]), "one reply, nothing smuggled through")
                d.close()
        self.assertEqual(self.jones(), [])

    def test_clean_ending_after_a_smuggling_attempt_still_works(self):
        d = self.fresh()
        d.cmd(MAIL)
        d.cmd(RCPT)
        d.cmd("DATA")
        d.send_raw(b"Subject: honest\r\n\r\nhello\r\n.\r\n")
        self.assertEqual(d.reply(), (250, ["OK"]))
        self.assertEqual(len(self.jones()), 1)

    def test_pipelined_flood_gets_every_reply_in_order(self):
        d = self.fresh()
        d.send_raw(b"NOOP\r\n" * 2000 + b"VRFY Jones\r\n")
        for _ in range(2000):
            self.assertEqual(d.reply(), (250, ["OK"]))
        self.assertEqual(d.reply(), (250, ["Jon Jones <Jones@Beta.ARPA>"]))

    def test_ten_thousand_rcpts(self):
        """RFC 5321 §4.5.3.1.10: 100 accepted, each one beyond answered 452,
        none silently dropped; the mail goes to the 100."""
        d = self.fresh()
        d.cmd(MAIL)
        d.send_raw(b"".join(b"RCPT TO:<Jones@Beta.ARPA>\r\n" for _ in range(10000)))
        codes = [d.reply() for _ in range(10000)]
        self.assertEqual(codes[:100], [(250, ["OK"])] * 100)
        self.assertEqual(codes[100:], [(452, ["Too many recipients"])] * 9900)
        self.assertEqual(d.cmd("DATA")[0], 354)
        d.send("Subject: many")
        self.assertEqual(d.cmd("."), (250, ["OK"]))
        self.assertEqual(len(self.jones()), 1, "one mailbox, one copy")

    def test_oversize_message(self):
        d = self.fresh("EHLO Alpha.ARPA")
        self.assertEqual(d.cmd(MAIL + " SIZE=20000000"),
                         (552, ["5.3.4 Message size exceeds fixed maximum message size (10485760)"]))
        d.cmd(MAIL)
        d.cmd(RCPT)
        d.cmd("DATA")
        line = b"x" * 998 + b"\r\n"
        d.send_raw(line * (10485760 // 1000 + 10))
        self.assertEqual(d.cmd("."), (552, ["5.3.4 Too much mail data"]))
        self.assertEqual(d.cmd("NOOP"), (250, ["2.0.0 OK"]))
        self.assertEqual(self.jones(), [])

    def test_text_line_over_1000_octets(self):
        d = self.fresh()
        d.cmd(MAIL)
        d.cmd(RCPT)
        d.cmd("DATA")
        d.send_raw(b"y" * 1001 + b"\r\n")
        self.assertEqual(d.cmd("."), (500, ["Line too long"]))
        self.assertEqual(self.jones(), [])

    def test_garbage_after_quit(self):
        d = self.fresh()
        d.send_raw(b"QUIT\r\nNOOP\r\nMAIL FROM:<x@y>\r\n")
        self.assertEqual(d.reply(), (221, ["Beta.ARPA Service closing transmission channel"]))
        self.assertTrue(d.closed(), "nothing after QUIT is answered")

    def test_half_closed_socket_mid_data(self):
        """The client shuts its sending side in the middle of the data:
        nothing is delivered and the server closes too."""
        d = self.fresh()
        d.cmd(MAIL)
        d.cmd(RCPT)
        d.cmd("DATA")
        d.send_raw(b"Subject: cut\r\n\r\nhalf a letter")
        d.sock.shutdown(socket.SHUT_WR)
        self.assertTrue(d.closed())
        self.assertTrue(self.wait_for(lambda: any(
            e["event"] == "close" and "DATA" in e["reason"] for e in self.beta.trace())))
        self.assertEqual(self.jones(), [])

    def test_half_closed_socket_after_a_command(self):
        """A command without its CRLF and then the end: not a command."""
        d = self.fresh()
        d.send_raw(b"QUIT")
        d.sock.shutdown(socket.SHUT_WR)
        self.assertTrue(d.closed())

    def test_trickling_client_does_not_hold_others_back(self):
        slow = self.fresh()
        slow.send_raw(b"MAIL FROM:<Sm")
        start = time.time()
        other = Dialogue(self.beta.address)
        self.assertEqual(other.reply()[0], 220)
        self.assertEqual(other.cmd(HELO)[0], 250)
        self.assertLess(time.time() - start, 1.0 * SLOW)
        slow.send_raw(b"ith@Alpha.ARPA>\r\n")
        self.assertEqual(slow.reply(), (250, ["OK"]))


class HostileAuth(ServerTest):
    """Bad AUTH input on the ESMTP lab host (after STARTTLS-less plaintext
    AUTH, which plain.lab.example allows for the lesson)."""
    from harness import SCENARIOS as _dir
    scenario = os.path.join(_dir, "esmtp.ini")

    def test_bad_auth_input(self):
        plain = self.start("plain.lab.example")
        cases = [
            (b"AUTH PLAIN !!!!\r\n", (501, ["5.5.2 Cannot decode the PLAIN response (base64 of "
                                            "authzid NUL user NUL password)"])),
            (b"AUTH PLAIN Zm9v\r\n", (501, ["5.5.2 Cannot decode the PLAIN response (base64 of "
                                            "authzid NUL user NUL password)"])),
            (b"AUTH PLAIN Zm9=v\r\n", (501, ["5.5.2 Cannot decode the PLAIN response (base64 of "
                                             "authzid NUL user NUL password)"])),
            (b"AUTH GSSAPI\r\n", (504, ["5.5.4 Unrecognized authentication type: GSSAPI"])),
            (b"AUTH PLAIN a b\r\n", (501, ["5.5.4 Syntax error: AUTH <mechanism> [<initial-response>]"])),
            (b"AUTH\r\n", (501, ["5.5.4 Syntax error in parameters or arguments: AUTH needs an argument"])),
        ]
        for raw, expected in cases:
            with self.subTest(raw):
                d = Dialogue(plain.address)
                d.reply()
                d.cmd("EHLO client.example")
                d.send_raw(raw)
                self.assertEqual(d.reply(), expected)
                self.assertEqual(d.cmd("NOOP"), (250, ["2.0.0 OK"]))
        d = Dialogue(plain.address)
        d.reply()
        d.cmd("EHLO client.example")
        self.assertEqual(d.cmd("AUTH LOGIN"), (334, ["VXNlcm5hbWU6"]))
        self.assertEqual(d.cmd("not base64!"), (501, ["5.5.2 Cannot decode the response (base64 expected)"]))
        self.assertEqual(d.cmd("NOOP"), (250, ["2.0.0 OK"]), "the exchange is over")


class MaxConnections(ServerTest):
    extra = {"Beta.ARPA": {"max-connections": "3"}}

    def test_one_too_many_gets_421(self):
        """RFC 5321 §4.3.2: a server may refuse a connection with 421."""
        beta = self.start("Beta.ARPA")
        held = [self.dialogue(beta) for _ in range(3)]
        d = Dialogue(beta.address)
        self.assertEqual(d.reply(), (421, ["Beta.ARPA Service not available, closing transmission "
                                           "channel (too many connections)"]))
        self.assertTrue(d.closed())
        held[0].cmd("QUIT")
        held[0].close()
        self.assertTrue(self.wait_for(lambda: sum(
            e["event"] == "close" for e in beta.trace()) >= 2))
        self.assertEqual(self.dialogue(beta).cmd(HELO)[0], 250, "a place is free again")
