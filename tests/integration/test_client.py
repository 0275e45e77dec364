"""test_client.py - smtplab-client against smtplab-server and against peers
nobody here wrote (python3 aiosmtpd, Postfix's smtp-sink): send mode, exit
statuses, attachments, script mode and step mode (driven in tmux)."""
import email
import email.policy
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import unittest

from harness import ServerTest, free_port, program, SLOW

CLIENT = None


def client(*args, timeout=30):
    return subprocess.run([program("smtplab-client"), *args], capture_output=True, text=True,
                          timeout=timeout * SLOW)


class ClientAgainstSmtplab(ServerTest):

    def send(self, server, *args):
        return client("--server", server.address, "--helo", "Alpha.ARPA",
                      "--from", "Smith@Alpha.ARPA", *args)

    def test_send_prints_the_dialogue_and_delivers(self):
        beta = self.start("Beta.ARPA")
        r = self.send(beta, "--to", "Jones@Beta.ARPA", "--subject", "Lunch", "--body", "At noon?\n.")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "S: 220 Beta.ARPA Simple Mail Transfer Service Ready")
        self.assertIn("C: EHLO Alpha.ARPA", lines)
        self.assertIn("C: RCPT TO:<Jones@Beta.ARPA>", lines)
        self.assertIn("C: ..", lines, "a lone '.' in the body is sent doubled")
        self.assertEqual(lines[-1], "S: 221 2.0.0 Beta.ARPA Service closing transmission channel")
        msg = next(iter(beta.maildir("Jones")))
        self.assertEqual(msg["Subject"], "Lunch")
        self.assertEqual(msg["To"], "Jones@Beta.ARPA")
        self.assertTrue(msg["Message-ID"].endswith("@Alpha.ARPA>"))
        self.assertIsNotNone(msg["Date"])
        self.assertEqual(msg.get_payload().replace("\r\n", "\n"), "At noon?\n.\n")

    def test_exit_status_for_a_refused_recipient_is_5(self):
        beta = self.start("Beta.ARPA")
        r = self.send(beta, "--to", "Jones@Beta.ARPA", "--to", "Green@Beta.ARPA", "--body", "x")
        self.assertEqual(r.returncode, 5)
        self.assertIn("<Green@Beta.ARPA> refused: 550 5.1.1 No such user here", r.stderr)
        self.assertEqual(len(beta.maildir("Jones")), 1, "the good recipient still gets it")

    def test_exit_status_for_a_temporary_failure_is_4(self):
        beta = self.start("Beta.ARPA")
        r = self.send(beta, "--verb", "SEND", "--to", "Brown@Beta.ARPA", "--body", "x")
        self.assertEqual(r.returncode, 4, "SEND to a user not at a terminal: 450")
        self.assertIn("450", r.stderr)

    def test_exit_status_without_a_server_is_3(self):
        port = free_port()
        r = client("--server", f"127.0.0.1:{port}", "--from", "a@b.c", "--to", "d@e.f")
        self.assertEqual(r.returncode, 3)
        self.assertEqual(r.stderr, f"smtplab-client: cannot connect to 127.0.0.1:{port}: "
                                   "Connection refused (is a server running there? smtplab-server "
                                   "or smtplab-net starts one; a private lab network is reached "
                                   "only from inside it)\n")

    def test_a_server_without_a_port_is_a_usage_error(self):
        """The port is never guessed (a lab server is on 2525, a real one on 25)."""
        r = client("--server", "localhost", "--from", "a@b.c", "--to", "d@e.f")
        self.assertEqual((r.returncode, r.stderr), (2, "smtplab-client: --server localhost: "
                                                       "expected ADDR:PORT, e.g. 127.0.0.1:2525\n"))

    def step(self, server, typed, *extra):
        """Step mode with typed on a pipe (no terminal): it must not wait
        for a terminal, and ends with QUIT when the pipe ends."""
        return subprocess.run([program("smtplab-client"), "--server", server.address, "--step",
                               "--lang", "en", *extra], input=typed, capture_output=True,
                              text=True, timeout=20 * SLOW)

    def test_step_reads_commands_from_a_pipe(self):
        beta = self.start("Beta.ARPA")
        r = self.step(beta, "HELO Alpha.ARPA\nMAIL FROM:<Smith@Alpha.ARPA>\nRCPT TO:<Jones@Beta.ARPA>\n"
                            "DATA\nSubject: piped\n\nhello\n.\n")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("S: 250 Beta.ARPA", r.stdout)
        self.assertEqual(r.stdout.splitlines()[-2:], [
            "C: QUIT", "S: 221 Beta.ARPA Service closing transmission channel"])
        self.assertEqual(next(iter(beta.maildir("Jones")))["Subject"], "piped")

    def test_step_lang_alone_is_answered_here(self):
        beta = self.start("Beta.ARPA")
        r = self.step(beta, "lang\nHELO Alpha.ARPA\n")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("Explanations are in English; lang zh switches to Chinese.", r.stdout)
        commands = [e["line"] for e in beta.trace() if e["event"] == "command"]
        self.assertEqual(commands, ["HELO Alpha.ARPA", "QUIT"], "lang never reaches the server")

    def test_step_ctrl_c_says_quit_and_waits_for_221(self):
        beta = self.start("Beta.ARPA")
        proc = subprocess.Popen([program("smtplab-client"), "--server", beta.address, "--step",
                                 "--lang", "en"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        try:
            while "Type help" not in proc.stdout.readline():
                pass
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=20 * SLOW)          # stdin stays open: no Ctrl-D
            out, err = proc.communicate()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        self.assertEqual(proc.returncode, 0, out + err)
        self.assertIn("C: QUIT\nS: 221 Beta.ARPA", out)
        self.assertIn("QUIT", [e["line"] for e in beta.trace() if e["event"] == "command"])

    def test_step_wraps_explanations_to_the_terminal(self):
        """At a terminal 40 columns wide (a Chinese character takes two),
        every explanation line fits, and none of the text is lost."""
        beta = self.start("Beta.ARPA")
        master, slave = os.openpty()
        env = dict(os.environ, COLUMNS="40")
        proc = subprocess.Popen([program("smtplab-client"), "--server", beta.address, "--step",
                                 "--lang", "zh"], stdin=subprocess.PIPE, stdout=slave,
                                stderr=subprocess.PIPE, env=env)
        os.close(slave)
        proc.stdin.write(b"explain 553\n")
        proc.stdin.close()
        out = b""
        deadline = time.time() + 20 * SLOW
        while time.time() < deadline:
            if not select.select([master], [], [], 0.2)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:                      # the client is gone
                break
            if not chunk:
                break
            out += chunk
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=20 * SLOW)
        proc.stderr.close()
        os.close(master)
        text = re.sub(r"\x1b\[[0-9;]*m", "", out.decode()).replace("\r\n", "\n")
        width = lambda line: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
        explained = [line for line in text.splitlines() if line.startswith("   ")]
        self.assertGreater(len(explained), 4)
        self.assertEqual([line for line in explained if width(line) > 40], [])
        self.assertIn("553：5yz", text)
        joined = "".join(line.strip() for line in text.splitlines())
        self.assertIn("有歧义：不止一个用户匹配。", joined)

    def test_bad_arguments_exit_2(self):
        self.assertEqual(client("--server", "x").returncode, 2)
        r = client("--server", "127.0.0.1:1", "--from", "a@b.c", "--to", "d@e.f",
                   "--attach", "/nonexistent/file")
        self.assertEqual(r.returncode, 2)
        self.assertIn("/nonexistent/file", r.stderr)
        r = client("--server", "127.0.0.1:1", "--from", "a@b.c", "--to", "d@e.f",
                   "--header", "X-Evil: a\r\nBcc: victim@x")
        self.assertEqual(r.returncode, 2)

    def test_crlf_in_an_address_is_refused(self):
        beta = self.start("Beta.ARPA")
        r = self.send(beta, "--to", "Jones@Beta.ARPA>\r\nRCPT TO:<Brown@Beta.ARPA", "--body", "x")
        self.assertEqual(r.returncode, 2)
        self.assertIn("CR or LF", r.stderr)
        self.assertEqual(len(beta.maildir("Brown")) if os.path.isdir(
            os.path.join(self.state, "Beta.ARPA", "mail", "Brown")) else 0, 0)

    def test_attachments_round_trip_byte_exact(self):
        beta = self.start("Beta.ARPA")
        blob = os.path.join(self.tmp, "data.bin")
        payload = bytes(range(256)) * 40 + b"\r\n.\r\n\x00end"
        with open(blob, "wb") as f:
            f.write(payload)
        text = os.path.join(self.tmp, "notes.txt")
        with open(text, "w", encoding="utf-8") as f:
            f.write("plain notes\n")
        r = self.send(beta, "--to", "Jones@Beta.ARPA", "--subject", "files",
                      "--body", "two files", "--attach", blob, "--attach", text)
        self.assertEqual(r.returncode, 0, r.stderr)
        path = os.path.join(self.state, "Beta.ARPA", "mail", "Jones", "new")
        with open(os.path.join(path, os.listdir(path)[0]), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        parts = {p.get_filename(): p for p in msg.iter_attachments()}
        self.assertEqual(parts["data.bin"].get_content(), payload)
        self.assertEqual(parts["notes.txt"].get_content_type(), "text/plain")
        self.assertEqual(msg.get_body(("plain",)).get_content().strip(), "two files")

    def test_script_passes_and_fails_where_it_says(self):
        beta = self.start("Beta.ARPA")
        script = os.path.join(self.tmp, "s.txt")
        with open(script, "w") as f:
            f.write("S: 220\nC: HELO Alpha.ARPA\nS: 250\nC: MAIL FROM:<Smith@Alpha.ARPA>\nS: 250\n"
                    "C: RCPT TO:<Green@Beta.ARPA>\nS: 550\nC: RCPT TO:<Jones@Beta.ARPA>\nS: 2xx\n"
                    "C: DATA\nS: 354\nC: Blah blah blah...\nC: ...etc. etc. etc.\nC: .\nS: 250\n"
                    "C: QUIT\nS: 221\n")
        r = client("--server", beta.address, "--script", script)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(r.stdout.splitlines()[-1], f"transcript {script}: 8 replies matched")
        body = next(iter(beta.maildir("Jones"))).get_payload()
        self.assertIn("...etc. etc. etc.", body, "script data is dot-stuffed on the wire")
        with open(script, "w") as f:
            f.write("C: HELO Alpha.ARPA\nS: 250\nC: RCPT TO:<Jones@Beta.ARPA>\nS: 250\n")
        r = client("--server", beta.address, "--script", script)
        self.assertEqual(r.returncode, 1)
        self.assertIn("s.txt:4: expected 250, got 503", r.stderr)

    def test_script_in_rfc821_notation(self):
        """RFC 821 writes S: for the sender and R: for the receiver."""
        beta = self.start("Beta.ARPA")
        script = os.path.join(self.tmp, "rfc.txt")
        with open(script, "w") as f:
            f.write("R: 220 Beta.ARPA Simple Mail Transfer Service Ready\nS: HELO Alpha.ARPA\n"
                    "R: 250 Beta.ARPA\nS: VRFY Jones\nR: 250 Jon Jones <Jones@Beta.ARPA>\nS: QUIT\nR: 221\n")
        r = client("--server", beta.address, "--script", script)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_trace_has_role_client(self):
        beta = self.start("Beta.ARPA")
        trace = os.path.join(self.tmp, "client.jsonl")
        r = self.send(beta, "--to", "Jones@Beta.ARPA", "--body", "x", "--trace", trace)
        self.assertEqual(r.returncode, 0)
        from harness import read_trace
        events = read_trace(trace)
        self.assertTrue(all(e["role"] == "client" and e["host"] == "Alpha.ARPA" for e in events))
        kinds = [e["event"] for e in events]
        for k in ("connect", "command", "reply", "data", "close"):
            self.assertIn(k, kinds)

    def test_count_sends_the_message_n_times_in_one_session(self):
        """--count 3: one EHLO, three mail transactions, one QUIT; three
        messages in the Maildir, each with a Message-ID of its own (RFC
        5322 §3.6.4) and the same Date; both traces fit
        docs/trace.schema.json."""
        import json
        import jsonschema
        from harness import ROOT, read_trace
        beta = self.start("Beta.ARPA")
        trace = os.path.join(self.tmp, "client.jsonl")
        r = self.send(beta, "--to", "Jones@Beta.ARPA", "--subject", "again", "--body", "x",
                      "--count", "3", "--trace", trace)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(len(beta.maildir("Jones")), 3)
        messages = beta.messages("Jones")
        self.assertEqual(len({m["Message-ID"] for m in messages}), 3, "a Message-ID each")
        self.assertEqual(len({m["Date"] for m in messages}), 1, "one Date")
        self.assertTrue(self.wait_for(lambda: any(e["event"] == "close" for e in beta.trace())))
        verbs = [e["verb"] for e in beta.trace() if e["event"] == "command"]
        self.assertEqual(verbs, ["EHLO"] + ["MAIL", "RCPT", "DATA"] * 3 + ["QUIT"])
        with open(os.path.join(ROOT, "docs", "trace.schema.json"), encoding="utf-8") as f:
            validator = jsonschema.Draft202012Validator(json.load(f))
        client_events = read_trace(trace)
        self.assertEqual(sum(e["event"] == "data" for e in client_events), 3)
        for event in client_events + beta.trace():
            self.assertEqual(sorted(validator.iter_errors(event), key=str), [], event)

    def test_eight_bit_text_is_declared_body_8bitmime(self):
        """RFC 6152 §3: a body with bytes over 127 (UTF-8 Chinese) goes
        with BODY=8BITMIME to a server offering 8BITMIME; ASCII without."""
        beta = self.start("Beta.ARPA")
        for body in ("你好，Jones", "hello, Jones"):
            r = self.send(beta, "--to", "Jones@Beta.ARPA", "--body", body)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(self.wait_for(lambda: sum(e["event"] == "close" for e in beta.trace()) == 2))
        mails = [e["line"] for e in beta.trace() if e["event"] == "command" and e["verb"] == "MAIL"]
        self.assertEqual(len(mails), 2)
        self.assertTrue(mails[0].endswith(" BODY=8BITMIME"), mails[0])
        self.assertNotIn("BODY=", mails[1])
        bodies = sorted(m.get_payload(decode=True).decode("utf-8") for m in beta.messages("Jones"))
        self.assertEqual(bodies, ["hello, Jones\n", "你好，Jones\n"])

    def test_count_exit_status_is_the_worst_outcome(self):
        """Green is refused in each of the two transactions: both refusals
        named with their message's number, exit 5, Jones gets both."""
        beta = self.start("Beta.ARPA")
        r = self.send(beta, "--to", "Jones@Beta.ARPA", "--to", "Green@Beta.ARPA", "--body", "x",
                      "--count", "2")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertEqual(r.stderr.splitlines(), [
            f"smtplab-client: message {n}: <Green@Beta.ARPA> refused: 550 5.1.1 No such user here"
            for n in (1, 2)])
        self.assertEqual(len(beta.maildir("Jones")), 2)

    def test_count_and_no_pipelining_arguments(self):
        for args, why in ((["--count", "0"], "--count must be a number of messages"),
                          (["--count", "2", "--step"], "--count goes with sending")):
            r = client("--server", "127.0.0.1:25", "--from", "a@b.c", "--to", "d@e.f", *args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(why, r.stderr)
        r = client("--help")
        self.assertIn("--count=N", r.stdout)
        self.assertIn("--no-pipelining", r.stdout)

    @unittest.skipUnless(shutil.which("tmux"), "tmux is not installed")
    def test_step_mode_in_tmux(self):
        beta = self.start("Beta.ARPA")
        session = f"smtplab{os.getpid()}"
        cmd = f"{program('smtplab-client')} --server {beta.address} --step --lang en; sleep 30"
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "50", cmd],
                       check=True)
        try:
            def keys(*k):
                subprocess.run(["tmux", "send-keys", "-t", session, *k], check=True)

            def screen():
                return subprocess.run(["tmux", "capture-pane", "-p", "-t", session, "-S", "-200"],
                                      capture_output=True, text=True).stdout

            self.assertTrue(self.wait_for(lambda: "smtp>" in screen()))
            keys("helo Alpha.ARPA", "Enter")
            self.assertTrue(self.wait_for(lambda: "S: 250 Beta.ARPA" in screen()))
            keys("explain 553", "Enter")
            self.assertTrue(self.wait_for(lambda: "553: 5yz" in screen()))
            keys("BOGUS", "Enter")
            self.assertTrue(self.wait_for(lambda: "S: 500 Syntax error, command unrecognized" in screen()))
            keys("MAIL FROM:<Smith@Alpha.ARPA>", "Enter")
            keys("RCPT TO:<Jones@Beta.ARPA>", "Enter")
            keys("DATA", "Enter")
            self.assertTrue(self.wait_for(lambda: "data>" in screen()))
            keys("Subject: typed by hand", "Enter")
            keys("", "Enter")
            keys(".", "Enter")
            self.assertTrue(self.wait_for(lambda: screen().count("S: 250 OK") >= 3))
            keys("Up", "Up", "Up", "Up", "Up")       # history: back to "explain 553"
            self.assertTrue(self.wait_for(lambda: screen().rstrip().endswith("smtp> explain 553")))
            keys("C-u", "exit", "Enter")
            self.assertTrue(self.wait_for(lambda: "S: 221" in screen()))
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session])
        msg = next(iter(beta.maildir("Jones")))
        self.assertEqual(msg["Subject"], "typed by hand")


AIOSMTPD = """
import asyncio, json, sys
from aiosmtpd.controller import Controller
class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"
    async def handle_DATA(self, server, session, envelope):
        with open(sys.argv[2], "a") as f:
            f.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                "data": envelope.content.decode("utf-8", "replace")}) + "\\n")
        return "250 stored"
c = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
sys.stdin.read()
c.stop()
"""


class ClientAgainstPeers(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-peer-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_against_aiosmtpd(self):
        port = free_port()
        out = os.path.join(self.tmp, "received.jsonl")
        peer = subprocess.Popen(["/usr/bin/python3", "-c", AIOSMTPD, str(port), out],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(peer.stdout.readline().strip(), "ready")
            r = client("--server", f"127.0.0.1:{port}", "--from", "smith@alpha.example",
                       "--to", "jones@beta.example", "--to", "nobody@beta.example",
                       "--subject", "via aiosmtpd", "--body", ".leading dot\nsecond line")
            self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
            self.assertIn("nobody@beta.example> refused: 550", r.stderr)
        finally:
            peer.communicate("", timeout=10)
        import json
        with open(out) as f:
            got = [json.loads(line) for line in f]
        self.assertEqual(len(got), 1)
        self.assertEqual(got[0]["from"], "smith@alpha.example")
        self.assertEqual(got[0]["to"], ["jones@beta.example"])
        self.assertIn("\r\n.leading dot\r\nsecond line\r\n", got[0]["data"])
        self.assertIn("Subject: via aiosmtpd", got[0]["data"])

    @unittest.skipUnless(os.path.exists("/usr/sbin/smtp-sink"), "Postfix smtp-sink is not installed")
    def test_against_smtp_sink(self):
        port = free_port()
        dump = os.path.join(self.tmp, "sink")
        os.mkdir(dump)
        sink = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "root", "-d", dump + "/%M%S.",
                                 f"127.0.0.1:{port}", "10"], stderr=subprocess.PIPE)
        try:
            time.sleep(0.3)
            r = client("--server", f"127.0.0.1:{port}", "--from", "smith@alpha.example",
                       "--to", "jones@beta.example", "--subject", "via smtp-sink", "--body", "hello sink")
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("C: EHLO", r.stdout)
            self.assertTrue(any("PIPELINING" in line for line in r.stdout.splitlines()))
        finally:
            sink.terminate()
            sink.wait(timeout=10)
        files = os.listdir(dump)
        self.assertEqual(len(files), 1)
        with open(os.path.join(dump, files[0]), encoding="utf-8", errors="replace") as f:
            dumped = f.read()
        self.assertIn("Subject: via smtp-sink", dumped)
        self.assertIn("hello sink", dumped)


class WireServer:
    """A receiver that offers PIPELINING (or not) and keeps every chunk
    recv() returned: with a client that waits for replies, one chunk is one
    write of the client.  It answers like Postfix: 503 to a MAIL inside a
    transaction, 554 to DATA with no valid recipient; the RCPTs numbered in
    refuse (counting from 1 over the whole session) get 550."""

    def __init__(self, pipelining=True, refuse=()):
        import threading
        self.pipelining = pipelining
        self.refuse = set(refuse)
        self.writes = []
        self.messages = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.address = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def answer(self, line, t):
        verb = line[:4].upper()
        if t["in_data"]:
            if line == ".":
                t.update(in_data=False, mail=False, accepted=0)
                self.messages += 1
                return "250 2.0.0 queued"
            return None
        if verb == "EHLO":
            return "250-wire.example\r\n250 PIPELINING" if self.pipelining else "250 wire.example"
        if verb == "MAIL":
            if t["mail"]:
                return "503 5.5.1 Error: nested MAIL command"
            t["mail"] = True
            return "250 2.1.0 Ok"
        if verb == "RCPT":
            t["rcpts"] += 1
            if not t["mail"]:
                return "503 5.5.1 Error: need MAIL command"
            if t["rcpts"] in self.refuse:
                return "550 5.1.1 no such user"
            t["accepted"] += 1
            return "250 2.1.5 Ok"
        if verb == "DATA":
            if not t["accepted"]:
                return "554 5.5.1 Error: no valid recipients"
            t["in_data"] = True
            return "354 End data with <CR><LF>.<CR><LF>"
        if verb == "RSET":
            t.update(mail=False, accepted=0)
            return "250 2.0.0 Ok"
        if verb == "QUIT":
            return "221 2.0.0 Bye"
        return "502 5.5.2 Error: command not recognized"

    def run(self):
        conn, _ = self.sock.accept()
        conn.settimeout(20 * SLOW)
        conn.sendall(b"220 wire.example ESMTP\r\n")
        t = {"in_data": False, "mail": False, "accepted": 0, "rcpts": 0}
        buf = b""
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                self.writes.append(data.decode("utf-8", "replace"))
                buf += data
                replies = []
                while b"\r\n" in buf:
                    line, buf = buf.split(b"\r\n", 1)
                    reply = self.answer(line.decode("utf-8", "replace"), t)
                    if reply:
                        replies.append(reply + "\r\n")
                conn.sendall("".join(replies).encode())
                if replies and replies[-1].startswith("221"):
                    return
        except OSError:
            pass
        finally:
            conn.close()
            self.sock.close()


class ClientToAHeloOnlyHost(ServerTest):
    """USC-ISIF.ARPA answers EHLO with 502, as an RFC 821 host would."""
    extra = {"USC-ISIF.ARPA": {"fault": "EHLO:502 5.5.1 Command not recognized"}}

    def test_eight_bit_text_to_a_helo_only_host_goes_in_base64(self):
        """RFC 6152 §3: a host that knows no EHLO (502) offers no 8BITMIME,
        so the client sends the UTF-8 text in base64 (RFC 2045 §6.8) and
        says so; the Maildir holds the same text, decoded."""
        old = self.start("USC-ISIF.ARPA")
        r = client("--server", old.address, "--helo", "Alpha.ARPA", "--from", "Smith@Alpha.ARPA",
                   "--to", "Postel@USC-ISIF.ARPA", "--body", "你好，Jones\n第二行")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("C: HELO Alpha.ARPA", r.stdout.splitlines())
        self.assertEqual(r.stderr, "smtplab-client: the server does not offer 8BITMIME (RFC 6152): "
                                   "the text goes in base64\n")
        [message] = old.messages("Postel")
        self.assertEqual(message["Content-Transfer-Encoding"], "base64")
        self.assertTrue(all(b < 128 for b in message.as_bytes()), "seven bits only")
        self.assertEqual(message.get_payload(decode=True).decode("utf-8"), "你好，Jones\r\n第二行\r\n")


class ClientRunOnTheWire(unittest.TestCase):
    """--count and --no-pipelining as the receiver sees them, write by
    write (RFC 2920 §3.1)."""

    MAIL = "MAIL FROM:<a@alpha.example>\r\n"
    RCPT = "RCPT TO:<b@beta.example>\r\n"
    GROUP = MAIL + RCPT + "DATA\r\n"

    def run_client(self, wire, *extra):
        r = client("--server", wire.address, "--helo", "alpha.example", "--from", "a@alpha.example",
                   "--to", "b@beta.example", "--body", "x", *extra)
        wire.thread.join(timeout=10 * SLOW)
        return r

    def test_pipelined_run_one_write_a_message(self):
        """MAIL, RCPT and DATA in one write; each next group right after
        the "." in the same write as the message; one write a message."""
        wire = WireServer()
        r = self.run_client(wire, "--count", "3")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(wire.messages, 3)
        w = wire.writes
        self.assertEqual(w[0], "EHLO alpha.example\r\n")
        self.assertEqual(w[1], self.GROUP)
        for message in w[2:4]:
            self.assertIn("\r\nx\r\n.\r\n" + self.GROUP, message)
            self.assertTrue(message.endswith("\r\n.\r\n" + self.GROUP), message)
        self.assertTrue(w[4].endswith("\r\nx\r\n.\r\n"), w[4])
        self.assertEqual(w[5:], ["QUIT\r\n"])

    def test_no_pipelining_one_command_a_write(self):
        """--no-pipelining, though PIPELINING is offered: each command
        alone in its write, after the reply to the one before."""
        wire = WireServer()
        r = self.run_client(wire, "--count", "2", "--no-pipelining")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(wire.messages, 2)
        commands = [w for w in wire.writes if not w.startswith("Date:")]
        self.assertEqual(commands, ["EHLO alpha.example\r\n"]
                         + [self.MAIL, self.RCPT, "DATA\r\n"] * 2 + ["QUIT\r\n"])
        self.assertEqual(len(wire.writes), len(commands) + 2, "the two messages")

    def test_refused_recipient_mid_run_pipelined(self):
        """The second transaction's only recipient is refused: DATA gets
        554, so no message is sent; the third begins with RSET (the
        second still holds its MAIL, RFC 5321 §4.1.4) in its group."""
        wire = WireServer(refuse=[2])
        r = self.run_client(wire, "--count", "3")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertEqual(wire.messages, 2)
        self.assertEqual(wire.writes[3], "RSET\r\n" + self.GROUP)
        self.assertNotIn("nested MAIL", r.stdout)
        self.assertEqual(r.stderr.splitlines(), [
            "smtplab-client: message 2: <b@beta.example> refused: 550 5.1.1 no such user",
            "smtplab-client: message 2: DATA refused: 554 5.5.1 Error: no valid recipients"])

    def test_refused_recipient_mid_run_unpipelined(self):
        """The same without pipelining: no DATA after the refusal, RSET,
        then the next transaction, one command a write."""
        wire = WireServer(refuse=[2])
        r = self.run_client(wire, "--count", "3", "--no-pipelining")
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertEqual(wire.messages, 2)
        commands = [w for w in wire.writes if not w.startswith("Date:")]
        self.assertEqual(commands, ["EHLO alpha.example\r\n", self.MAIL, self.RCPT, "DATA\r\n",
                                    self.MAIL, self.RCPT, "RSET\r\n",
                                    self.MAIL, self.RCPT, "DATA\r\n", "QUIT\r\n"])


class FakeServer:
    """A receiver that misbehaves on purpose: it answers the client's lines
    from a script of (what the line starts with, bytes to send back) and
    then does what the last step says ("close" or "hang")."""

    def __init__(self, steps, then="close"):
        import threading
        self.steps = steps
        self.then = then
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.address = "127.0.0.1:%d" % self.sock.getsockname()[1]
        self.seen = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        conn, _ = self.sock.accept()
        conn.settimeout(20 * SLOW)
        buf = b""
        try:
            for expect, answer in self.steps:
                while expect is not None:
                    if b"\n" not in buf:
                        data = conn.recv(65536)
                        if not data:
                            return
                        buf += data
                        continue
                    line, buf = buf.split(b"\n", 1)
                    self.seen.append(line.rstrip(b"\r").decode("utf-8", "replace"))
                    if self.seen[-1].upper().startswith(expect):
                        break
                conn.sendall(answer)
            if self.then == "hang":
                while conn.recv(65536):
                    pass
        except OSError:
            pass
        finally:
            conn.close()
            self.sock.close()


GREET = (None, b"220 fake.example ESMTP\r\n")
EHLO = ("EHLO", b"250 fake.example\r\n")
MAIL = ("MAIL", b"250 OK\r\n")
RCPT = ("RCPT", b"250 OK\r\n")
DATA = ("DATA", b"354 go ahead\r\n")


class ClientAgainstBadServers(unittest.TestCase):
    """Issue 3's bad input: each case ends with a one-line reason and the
    exit status of its kind, and nothing hangs."""

    def send(self, fake, *extra):
        start = time.time()
        r = client("--server", fake.address, "--from", "a@alpha.example", "--to", "b@beta.example",
                   "--body", "x", *extra)
        fake.thread.join(timeout=10 * SLOW)
        self.assertLess(time.time() - start, 20 * SLOW)
        return r

    def assert_reason(self, r, status, words):
        self.assertEqual(r.returncode, status, r.stdout + r.stderr)
        reason = r.stderr.strip().splitlines()
        self.assertEqual(len(reason), 1, r.stderr)
        self.assertIn(words, reason[0])

    def test_refused_connection(self):
        r = client("--server", f"127.0.0.1:{free_port()}", "--from", "a@b.c", "--to", "d@e.f")
        self.assert_reason(r, 3, "cannot connect")

    def test_unreachable_address_times_out(self):
        # 192.0.2.0/24 is TEST-NET-1 (RFC 5737): nothing answers there
        r = client("--server", "192.0.2.1:25", "--timeout", "1", "--from", "a@b.c", "--to", "d@e.f")
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)

    def test_server_closes_mid_data(self):
        fake = FakeServer([GREET, EHLO, MAIL, RCPT, DATA, ("X-NEVER", b"")])
        fake.steps[-1] = ("DATE:", b"")          # close once the header starts arriving
        r = self.send(fake)
        self.assert_reason(r, 3, "closed")

    def test_421_mid_transaction_is_temporary(self):
        """RFC 5321 §3.8: 421 and the channel closed is a temporary failure
        (exit 4, the 421 named), not a broken connection (3)."""
        fake = FakeServer([GREET, EHLO, MAIL, ("RCPT", b"421 fake.example closing\r\n")])
        r = self.send(fake)
        self.assert_reason(r, 4, "421 fake.example closing")

    def test_refused_data_is_named(self):
        """RFC 5321 §3.3: DATA refused ends the transaction; the reason is
        the one line on stderr, and no message follows."""
        fake = FakeServer([GREET, EHLO, MAIL, RCPT, ("DATA", b"554 5.5.0 No data here\r\n"),
                           ("QUIT", b"221 bye\r\n")])
        r = self.send(fake)
        self.assert_reason(r, 5, "DATA refused: 554 5.5.0 No data here")
        self.assertEqual(fake.seen[-2:], ["DATA", "QUIT"])

    def test_malformed_reply_line(self):
        fake = FakeServer([GREET, ("EHLO", b"hello there\r\n")])
        r = self.send(fake)
        self.assert_reason(r, 3, "malformed reply")

    def test_over_long_reply_line(self):
        fake = FakeServer([GREET, ("EHLO", b"250 " + b"x" * 5000 + b"\r\n")])
        r = self.send(fake)
        self.assert_reason(r, 3, "longer than 512 octets")

    def test_unknown_reply_code_is_read_by_its_first_digit(self):
        """RFC 5321 §4.2: a client must act on the first digit of a code it
        does not know; 299 is a success, 499 a temporary failure."""
        fake = FakeServer([GREET, EHLO, ("MAIL", b"299 odd but fine\r\n"),
                           ("RCPT", b"499 try later\r\n"), ("RSET", b"250 OK\r\n"),
                           ("QUIT", b"221 bye\r\n")])
        r = self.send(fake)
        self.assertEqual(r.returncode, 4, r.stdout + r.stderr)
        self.assertIn("499 try later", r.stderr)
        self.assertEqual(fake.seen[1:], ["MAIL FROM:<a@alpha.example>", "RCPT TO:<b@beta.example>",
                                         "RSET", "QUIT"])

    def test_unknown_positive_codes_carry_the_mail(self):
        fake = FakeServer([GREET, EHLO, ("MAIL", b"280 fine\r\n"), ("RCPT", b"252 fine too\r\n"),
                           ("DATA", b"399 send it\r\n"), (".", b"259 kept\r\n"),
                           ("QUIT", b"221 bye\r\n")])
        r = self.send(fake)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("S: 259 kept", r.stdout)

    def test_mail_refused_is_told_before_the_recipients_it_refused(self):
        """With PIPELINING the RCPTs go out before MAIL's reply: the MAIL
        refusal, which caused the rest, is printed first."""
        fake = FakeServer([GREET, ("EHLO", b"250-fake.example\r\n250 PIPELINING\r\n"),
                           ("MAIL", b"553 sender rejected\r\n"), ("RCPT", b"503 need MAIL\r\n"),
                           ("DATA", b"503 need RCPT\r\n"), ("QUIT", b"221 bye\r\n")])
        r = self.send(fake)
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertEqual(r.stderr.splitlines(), [
            "smtplab-client: sender refused: 553 sender rejected",
            "smtplab-client: <b@beta.example> refused: 503 need MAIL"])

    def test_mail_refused_is_not_success(self):
        fake = FakeServer([GREET, EHLO, ("MAIL", b"553 sender rejected\r\n"),
                           ("QUIT", b"221 bye\r\n")])
        r = self.send(fake)
        self.assertEqual(r.returncode, 5, r.stdout + r.stderr)
        self.assertIn("553 sender rejected", r.stderr)

    def test_silent_server_times_out(self):
        fake = FakeServer([GREET, ("EHLO", b"")], then="hang")
        r = self.send(fake, "--timeout", "1")
        self.assert_reason(r, 3, "no reply from the server in time")
