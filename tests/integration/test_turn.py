"""test_turn.py - TURN (RFC 821 §3.8) and ETRN (RFC 1985): HOSTX holds the
mail for HOSTW.ARPA until HOSTW connects and asks for it."""
import mailbox
import os
import subprocess

from harness import Dialogue, ServerTest, program, read_trace, SCENARIOS, SLOW


def hold_a_letter(test, holder, subject, rcpt="JOE@HOSTW.ARPA"):
    """Smith@Alpha.ARPA mails rcpt through holder, which holds it (hold-for=)."""
    held = sum(e["event"] == "queue" and e["action"] == "held" for e in holder.trace())
    d = test.dialogue(holder)
    d.cmd("EHLO Alpha.ARPA")
    d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")
    test.assertEqual(d.cmd(f"RCPT TO:<{rcpt}>")[0], 250)
    d.cmd("DATA")
    d.send(f"Subject: {subject}")
    d.send("")
    d.send("held for you")
    test.assertEqual(d.cmd("."), (250, ["2.0.0 OK"]))
    d.cmd("QUIT")
    d.close()
    test.assertTrue(test.wait_for(lambda: held < sum(
        e["event"] == "queue" and e["action"] == "held" for e in holder.trace())))


class Turn(ServerTest):
    extra = {"HOSTX.ARPA": {"hold-for": "HOSTW.ARPA", "turn": "true", "retry": "1"}}

    def hold_a_letter(self, hostx, subject):
        hold_a_letter(self, hostx, subject)

    def test_turn_swaps_roles_and_delivers_held_mail(self):
        hostx = self.start("HOSTX.ARPA")
        self.hold_a_letter(hostx, "first")
        self.hold_a_letter(hostx, "second")
        box = os.path.join(self.tmp, "joe-maildir")
        trace = os.path.join(self.tmp, "hostw.jsonl")
        r = subprocess.run([program("smtplab-client"), "--server", hostx.address, "--helo", "HOSTW.ARPA",
                            "--turn", "--maildir", box, "--trace", trace],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("C: TURN", r.stdout)
        self.assertIn("roles swapped", r.stdout)
        self.assertIn("2 messages received", r.stdout)
        got = sorted(m["Subject"] for m in mailbox.Maildir(box, create=False))
        self.assertEqual(got, ["first", "second"])
        msg = next(iter(mailbox.Maildir(box, create=False)))
        self.assertEqual(msg["Return-Path"], "<@HOSTX.ARPA:Smith@Alpha.ARPA>")
        self.assertTrue(" ".join(msg["Received"].split()).startswith("from HOSTX.ARPA"))
        roles = [(e["role"], e["event"]) for e in read_trace(trace)]
        self.assertIn(("client", "command"), roles)
        self.assertIn(("server", "command"), roles, "after TURN the client traces as the server")
        server_cmds = [e["line"] for e in read_trace(trace) if e["role"] == "server" and e["event"] == "command"]
        self.assertEqual(server_cmds[0], "EHLO HOSTX.ARPA")
        self.assertTrue(any(e["event"] == "turn" for e in hostx.trace()))
        self.assertTrue(self.wait_for(lambda: os.listdir(
            os.path.join(self.state, "HOSTX.ARPA", "queue")) == []))

    def test_turn_refused_with_502_where_the_scenario_says_so(self):
        beta = self.start("Beta.ARPA")
        d = self.dialogue(beta)
        d.cmd("HELO Alpha.ARPA")
        self.assertEqual(d.cmd("TURN")[0], 502)

    def test_etrn_starts_delivery_on_a_new_connection(self):
        hostx = self.start("HOSTX.ARPA")
        hostw = self.start("HOSTW.ARPA")
        self.hold_a_letter(hostx, "via etrn")
        self.assertFalse(os.path.isdir(os.path.join(self.state, "HOSTW.ARPA", "mail", "JOE")))
        d = self.dialogue(hostx)
        code, lines = d.cmd("EHLO HOSTW.ARPA")
        self.assertIn("ETRN", lines)
        self.assertIn("TURN", lines)
        self.assertEqual(d.cmd("ETRN HOSTW.ARPA"), (250, ["2.0.0 OK, queuing for node HOSTW.ARPA started"]))
        self.assertEqual(d.cmd("ETRN Beta.ARPA")[0], 459)
        self.assertTrue(self.wait_for(lambda: os.path.isdir(
            os.path.join(self.state, "HOSTW.ARPA", "mail", "JOE", "new"))
            and len(hostw.maildir("JOE")) == 1))
        self.assertEqual(d.cmd("ETRN HOSTW.ARPA"), (251, ["2.1.5 OK, no messages waiting for node HOSTW.ARPA"]))


class TurnBetweenServers(Turn):
    """RFC 821 §3.8 between two smtplab-servers: HOSTW.ARPA (turn-poll=)
    connects to HOSTX.ARPA now and then, says TURN, and receives what
    HOSTX holds for it as its own receiver session."""
    extra = {"HOSTX.ARPA": {"hold-for": "HOSTW.ARPA", "turn": "true", "retry": "1"},
             "HOSTW.ARPA": {"turn-poll": "HOSTX.ARPA", "retry": "1"}}

    def test_turn_swaps_roles_and_delivers_held_mail(self):
        hostx = self.start("HOSTX.ARPA")
        self.hold_a_letter(hostx, "held for HOSTW")
        hostw = self.start("HOSTW.ARPA")
        self.assertTrue(self.wait_for(lambda: len(hostw.messages("JOE")) == 1, timeout=15))
        msg = next(iter(hostw.maildir("JOE")))
        self.assertEqual(msg["Subject"], "held for HOSTW")
        self.assertEqual(msg["Return-Path"], "<@HOSTX.ARPA:Smith@Alpha.ARPA>")
        w = hostw.trace()
        self.assertIn("TURN", [e["line"] for e in w if e["event"] == "command" and e["role"] == "client"])
        self.assertIn("EHLO HOSTX.ARPA",
                      [e["line"] for e in w if e["event"] == "command" and e["role"] == "server"])
        self.assertTrue(self.wait_for(lambda: os.listdir(
            os.path.join(self.state, "HOSTX.ARPA", "queue")) == []))

    test_turn_refused_with_502_where_the_scenario_says_so = None
    test_etrn_starts_delivery_on_a_new_connection = None


class TurnInTheStockScenario(ServerTest):
    """labs/scenarios/rfc821.ini as shipped: HOSTB.ARPA ("program-B" of RFC
    821 §4.1.1) holds the mail for HOSTA.ARPA ("program-A") until HOSTA says
    TURN, or asks with ETRN (RFC 1985); nobody else's mail waits."""

    def test_hostb_holds_for_hosta_until_turn(self):
        hostb = self.start("HOSTB.ARPA")
        hold_a_letter(self, hostb, "held at HOSTB", rcpt="JOE@HOSTA.ARPA")
        box = os.path.join(self.tmp, "hosta-maildir")
        r = subprocess.run([program("smtplab-client"), "--server", hostb.address, "--helo", "HOSTA.ARPA",
                            "--turn", "--maildir", box], capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("1 message received", r.stdout)
        msg = next(iter(mailbox.Maildir(box, create=False)))
        self.assertEqual(msg["Subject"], "held at HOSTB")
        self.assertEqual(msg["Return-Path"], "<@HOSTB.ARPA:Smith@Alpha.ARPA>")

    def test_etrn_sends_hosta_its_mail(self):
        hostb, hosta = self.start("HOSTB.ARPA"), self.start("HOSTA.ARPA")
        hold_a_letter(self, hostb, "asked for with ETRN", rcpt="JOE@HOSTA.ARPA")
        d = self.dialogue(hostb)
        self.assertIn("ETRN", d.cmd("EHLO HOSTA.ARPA")[1])
        self.assertEqual(d.cmd("ETRN HOSTA.ARPA"), (250, ["2.0.0 OK, queuing for node HOSTA.ARPA started"]))
        self.assertTrue(self.wait_for(lambda: len(hosta.messages("JOE")) == 1))
        self.assertEqual(hosta.messages("JOE")[0]["Subject"], "asked for with ETRN")

    def test_etrn_of_many_letters_uses_few_connections(self):
        """25 held letters released at once: HOSTB opens at most 10
        connections to HOSTA, and the letters that wait follow in the same
        sessions (RFC 5321 §3.3), each one delivered once."""
        hostb, hosta = self.start("HOSTB.ARPA"), self.start("HOSTA.ARPA")
        for n in range(25):
            hold_a_letter(self, hostb, f"letter {n}", rcpt="JOE@HOSTA.ARPA")
        d = self.dialogue(hostb)
        d.cmd("EHLO HOSTA.ARPA")
        self.assertEqual(d.cmd("ETRN HOSTA.ARPA")[0], 250)
        self.assertTrue(self.wait_for(lambda: len(hosta.messages("JOE")) == 25, timeout=30))
        subjects = sorted(m["Subject"] for m in hosta.messages("JOE"))
        self.assertEqual(subjects, sorted(f"letter {n}" for n in range(25)))
        # HOSTA's sessions from HOSTB: when each began and ended, and its MAILs
        spans, mails = {}, {}
        for e in hosta.trace():
            if e["role"] != "server":
                continue
            start, end = spans.get(e["session"], (e["ts"], e["ts"]))
            spans[e["session"]] = (min(start, e["ts"]), max(end, e["ts"]))
            if e["event"] == "command" and e["verb"] == "MAIL":
                mails[e["session"]] = mails.get(e["session"], 0) + 1
        self.assertEqual(sum(mails.values()), 25)
        self.assertGreater(max(mails.values()), 1, "no session carried a second letter")
        edges = sorted([(s, 1) for s, _ in spans.values()] + [(e, -1) for _, e in spans.values()],
                       key=lambda x: (x[0], x[1]))
        open_now = most = 0
        for _, step in edges:
            open_now += step
            most = max(most, open_now)
        self.assertLessEqual(most, 10, "more than 10 connections at once")



class TurnAfterAuth(ServerTest):
    """turn-auth=required (labs/06-turn/turn.ini): HOSTB.ARPA holds the mail
    of HOSTA.ARPA and HOSTC.ARPA and turns only for a client that logged in
    (530 before AUTH, RFC 4954 §6), handing over only what that user may
    take (turn-for=), whatever name it gave in HELO (RFC 2645's idea)."""
    scenario = os.path.join(os.path.dirname(SCENARIOS), "06-turn", "turn.ini")

    def turn(self, hostb, helo, *login):
        box = os.path.join(self.tmp, f"box-{len(os.listdir(self.tmp))}")
        r = subprocess.run([program("smtplab-client"), "--server", hostb.address, "--helo", helo,
                            "--turn", "--maildir", box, *login],
                           capture_output=True, text=True, timeout=30 * SLOW)
        got = sorted(m["Subject"] for m in mailbox.Maildir(box, create=False)) \
            if os.path.isdir(box) else []
        return r, got

    def queued(self):
        return len(os.listdir(os.path.join(self.state, "HOSTB.ARPA", "queue")))

    def test_an_impostor_is_asked_to_log_in_and_gets_nothing(self):
        hostb = self.start("HOSTB.ARPA")
        hold_a_letter(self, hostb, "for HOSTA only", rcpt="JOE@HOSTA.ARPA")
        d = self.dialogue(hostb)
        self.assertIn("TURN", d.cmd("EHLO HOSTA.ARPA")[1], "TURN is offered: it works after AUTH")
        self.assertEqual(d.cmd("TURN"), (530, ["5.7.0 Authentication required"]))
        self.assertEqual(d.cmd("QUIT")[0], 221)
        r, got = self.turn(hostb, "HOSTA.ARPA")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("refused TURN: 530", r.stderr + r.stdout)
        self.assertEqual(got, [])
        self.assertEqual(self.queued(), 1, "the letter is still held")

    def test_each_user_takes_only_its_own(self):
        hostb = self.start("HOSTB.ARPA")
        hold_a_letter(self, hostb, "for HOSTA", rcpt="JOE@HOSTA.ARPA")
        hold_a_letter(self, hostb, "for HOSTC", rcpt="ANN@HOSTC.ARPA")
        r, got = self.turn(hostb, "HOSTA.ARPA", "--user", "mallory", "--password", "mallory-secret")
        self.assertEqual((r.returncode, got), (0, []), r.stdout + r.stderr)
        r, got = self.turn(hostb, "dialup.example", "--user", "hosta", "--password", "hosta-secret")
        self.assertEqual((r.returncode, got), (0, ["for HOSTA"]), r.stdout + r.stderr)
        self.assertTrue(self.wait_for(lambda: self.queued() == 1))
        turns = [e for e in hostb.trace() if e["event"] == "turn"]
        self.assertEqual([(e["peer"], e.get("user"), e.get("domain")) for e in turns],
                         [("HOSTA.ARPA", "mallory@HOSTB.ARPA", None),
                          ("dialup.example", "hosta@HOSTB.ARPA", "HOSTA.ARPA")])
        r, got = self.turn(hostb, "HOSTA.ARPA", "--user", "hostc", "--password", "hostc-secret")
        self.assertEqual((r.returncode, got), (0, ["for HOSTC"]), r.stdout + r.stderr)

    def test_etrn_needs_no_login(self):
        """ETRN sends to the domain's own host, never to the asker."""
        hostb, hosta = self.start("HOSTB.ARPA"), self.start("HOSTA.ARPA")
        hold_a_letter(self, hostb, "by ETRN", rcpt="JOE@HOSTA.ARPA")
        d = self.dialogue(hostb)
        d.cmd("EHLO mallory.example")
        self.assertEqual(d.cmd("ETRN HOSTA.ARPA")[0], 250)
        self.assertTrue(self.wait_for(lambda: len(hosta.messages("JOE")) == 1))
