"""test_security.py - STARTTLS (RFC 3207), TLS from the first byte (RFC
8314) and AUTH (RFC 4954) on labs/scenarios/esmtp.ini, with smtplab-client,
swaks and python's ssl module: verification that succeeds and fails, the
STARTTLS command injection, every AUTH answer, relaying only for users who
logged in, and no secret in any trace."""
import base64
import shutil
import signal
import unittest
import os
import socket
import ssl
import subprocess
import time

from harness import CERTS, SCENARIOS, Dialogue, ServerTest, program, read_trace, tcp_flags, SLOW

CA = os.path.join(CERTS, "ca.crt")
ROGUE = os.path.join(CERTS, "rogue-ca.crt")
PASSWORDS = {"alice": "wonderland", "bob": "builder", "carol": "carol-pw"}


def b64(text):
    return base64.b64encode(text.encode()).decode()


class TlsDialogue(Dialogue):
    """A Dialogue that can switch to TLS after "220 Ready to start TLS"."""

    def starttls(self, name="mail.lab.example", cafile=CA):
        ctx = ssl.create_default_context(cafile=cafile)
        self.sock = ctx.wrap_socket(self.sock, server_hostname=name)
        self.buf = b""


class Security(ServerTest):
    scenario = os.path.join(SCENARIOS, "esmtp.ini")

    def setUp(self):
        super().setUp()
        self.mail = self.start("mail.lab.example")

    def client(self, *args, server=None, user=None):
        cmd = [program("smtplab-client"), "--server", server or self.mail.address,
               "--helo", "client.example", *args]
        if user:
            cmd += ["--user", user, "--password", PASSWORDS[user]]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30 * SLOW)

    def talk(self, tls=False):
        d = TlsDialogue(self.mail.address)
        self.assertEqual(d.reply()[0], 220)
        d.cmd("EHLO client.example")
        if tls:
            self.assertEqual(d.cmd("STARTTLS"), (220, ["2.0.0 Ready to start TLS"]))
            d.starttls()
            d.cmd("EHLO client.example")
        return d

    def mailbox(self, host, user):
        path = os.path.join(self.state, host, "mail", user, "new")
        return os.listdir(path) if os.path.isdir(path) else []

    # ---- STARTTLS ----

    def test_ehlo_offers_starttls_and_auth_only_after_it(self):
        d = self.talk()
        code, lines = d.cmd("EHLO client.example")
        self.assertIn("STARTTLS", lines)
        self.assertNotIn("AUTH PLAIN LOGIN", lines, "no AUTH in the clear (RFC 4954 §4)")
        self.assertEqual(d.cmd("AUTH PLAIN " + b64("\0alice\0wonderland")),
                         (530, ["5.7.0 Must issue a STARTTLS command first"]))
        self.assertEqual(d.cmd("STARTTLS"), (220, ["2.0.0 Ready to start TLS"]))
        d.starttls()
        code, lines = d.cmd("EHLO client.example")
        self.assertEqual(code, 250)
        self.assertIn("AUTH PLAIN LOGIN", lines)
        self.assertNotIn("STARTTLS", lines, "TLS is on: no second STARTTLS")
        self.assertEqual(d.cmd("STARTTLS")[0], 503)

    def test_starttls_forgets_the_ehlo_before_it(self):
        """RFC 3207 §4.2: after TLS the client must say EHLO again."""
        d = self.talk()
        self.assertEqual(d.cmd("STARTTLS")[0], 220)
        d.starttls()
        self.assertEqual(d.cmd("MAIL FROM:<alice@mail.lab.example>"),
                         (503, ["Bad sequence of commands: send HELO first"]))

    def test_starttls_injection_is_not_answered(self):
        """CVE-2011-0411: what was pipelined after STARTTLS in the clear is
        thrown away; no reply to it ever arrives inside TLS."""
        d = TlsDialogue(self.mail.address)
        d.reply()
        d.cmd("EHLO x")
        d.send_raw(b"STARTTLS\r\nEHLO injected\r\n")
        self.assertEqual(d.reply(), (220, ["2.0.0 Ready to start TLS"]))
        d.starttls()
        d.sock.settimeout(1.5 * SLOW)
        with self.assertRaises((socket.timeout, TimeoutError)):
            d.reply()
        d.sock.settimeout(10 * SLOW)
        code, lines = d.cmd("EHLO real.example")
        self.assertEqual(code, 250)
        self.assertEqual(lines[0], "mail.lab.example greets real.example")
        commands = [e["line"] for e in self.mail.trace() if e["event"] == "command"]
        self.assertNotIn("EHLO injected", commands)

    def test_client_starttls_verifies_and_delivers(self):
        r = self.client("--starttls", "--from", "alice@mail.lab.example",
                        "--to", "bob@mail.lab.example", "--body", "secret plans")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("S: 220 2.0.0 Ready to start TLS", r.stdout)
        self.assertIn("-- TLS is on: TLSv1.3", r.stdout)
        self.assertIn("certificate checked", r.stdout)
        self.assertEqual(len(self.mailbox("mail.lab.example", "bob")), 1)
        tls = [e for e in self.mail.trace() if e["event"] == "tls"]
        self.assertEqual(tls[0]["outcome"], "ok")
        self.assertIn("TLSv1.3", tls[0]["protocol"])
        msg = self.mail.maildir("bob")
        received = " ".join(next(iter(msg))["Received"].split())
        self.assertIn("with ESMTPS", received, "RFC 3848: ESMTP with TLS")

    def test_client_refuses_an_untrusted_certificate(self):
        r = self.client("--starttls", "--ca", ROGUE, "--from", "alice@mail.lab.example",
                        "--to", "bob@mail.lab.example", "--body", "x")
        self.assertEqual(r.returncode, 3)
        self.assertIn("certificate verification failed", r.stderr)
        self.assertEqual(self.mailbox("mail.lab.example", "bob"), [])

    def test_client_refuses_a_certificate_for_another_name(self):
        r = self.client("--starttls", "--tls-name", "outside.example", "--from", "alice@mail.lab.example",
                        "--to", "bob@mail.lab.example", "--body", "x")
        self.assertEqual(r.returncode, 3)
        self.assertIn("hostname mismatch", r.stderr)

    def test_insecure_goes_on_and_says_so(self):
        r = self.client("--starttls", "--insecure", "--ca", ROGUE, "--from", "alice@mail.lab.example",
                        "--to", "bob@mail.lab.example", "--body", "x")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("certificate NOT checked", r.stdout)

    def test_starttls_required_but_not_offered(self):
        plain = self.start("plain.lab.example")
        r = self.client("--starttls", "--from", "carol@plain.lab.example",
                        "--to", "carol@plain.lab.example", "--body", "x", server=plain.address)
        self.assertEqual(r.returncode, 5)
        self.assertIn("does not offer STARTTLS", r.stderr)

    def test_implicit_tls_on_the_second_port(self):
        tls_address = self.addresses["mail.lab.example tls"]
        r = self.client("--tls", "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example",
                        "--body", "x", server=tls_address)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(r.stdout.startswith("-- TLS is on"), r.stdout)
        self.assertNotIn("STARTTLS", r.stdout.split("\n", 3)[2], "no STARTTLS offered inside TLS")
        r = subprocess.run(["swaks", "--server", tls_address, "--tlsc", "--tls-verify",
                            "--tls-ca-path", CA,
                            "--helo", "client.example",
                            "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout)
        self.assertEqual(len(self.mailbox("mail.lab.example", "bob")), 2)

    def test_swaks_starttls_and_auth(self):
        for mech in ("PLAIN", "LOGIN"):
            r = subprocess.run(["swaks", "--server", self.mail.address, "--tls", "--tls-verify",
                                "--tls-ca-path", CA, "--helo", "client.example",
                                "--auth", mech, "--auth-user", "alice", "--auth-password", "wonderland",
                                "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example"],
                               capture_output=True, text=True, timeout=30 * SLOW)
            self.assertEqual(r.returncode, 0, r.stdout)
            self.assertIn("235 2.7.0 Authentication successful", r.stdout)
        self.assertEqual(len(self.mailbox("mail.lab.example", "bob")), 2)

    # ---- AUTH ----

    def test_auth_plain_and_login_answers(self):
        d = self.talk(tls=True)
        self.assertEqual(d.cmd("AUTH CRAM-MD5")[0], 504)
        self.assertEqual(d.cmd("AUTH PLAIN not*base64")[0], 501)
        self.assertEqual(d.cmd("AUTH PLAIN " + b64("no nuls here"))[0], 501)
        self.assertEqual(d.cmd("AUTH LOGIN"), (334, ["VXNlcm5hbWU6"]))
        self.assertEqual(d.cmd("*"), (501, ["5.7.0 Authentication cancelled"]))
        self.assertEqual(d.cmd("AUTH PLAIN"), (334, [""]))
        self.assertEqual(d.cmd(b64("\0alice\0wonderland")),
                         (235, ["2.7.0 Authentication successful"]))
        self.assertEqual(d.cmd("AUTH LOGIN")[0], 503, "RFC 4954 §4: once is enough")
        events = [e for e in self.mail.trace() if e["event"] == "auth"]
        self.assertEqual(events[-1], {**events[-1], "mechanism": "PLAIN", "user": "alice",
                                      "outcome": "ok"})

    def test_auth_login_with_the_seeds_dialogue(self):
        d = self.talk(tls=True)
        self.assertEqual(d.cmd("AUTH LOGIN"), (334, ["VXNlcm5hbWU6"]))
        self.assertEqual(d.cmd(b64("bob")), (334, ["UGFzc3dvcmQ6"]))
        self.assertEqual(d.cmd(b64("builder"))[0], 235)

    def test_failed_logins_wait_longer_each_time(self):
        d = self.talk(tls=True)
        waits = []
        for _ in range(2):
            start = time.time()
            self.assertEqual(d.cmd("AUTH PLAIN " + b64("\0alice\0guess")),
                             (535, ["5.7.8 Authentication credentials invalid"]))
            waits.append(time.time() - start)
        # the server really waited (wall time), and the wait grew: 1 s, then 2 s
        # (from its trace; wall times alone vary with the machine's load)
        self.assertGreaterEqual(waits[0], 0.9)
        self.assertGreaterEqual(waits[1], 1.9)
        failures = [e for e in self.mail.trace() if e["event"] == "auth" and e["outcome"] == "failed"]
        self.assertEqual([e["delay"] for e in failures], [1, 2])
        self.assertEqual(d.cmd("AUTH PLAIN " + b64("\0alice\0wonderland"))[0], 235)

    def test_relaying_only_after_auth(self):
        outside = self.start("outside.example")
        r = self.client("--starttls", "--from", "alice@mail.lab.example", "--to", "dave@outside.example",
                        "--body", "x")
        self.assertEqual(r.returncode, 5)
        self.assertIn("550 5.7.1 Relaying denied", r.stderr)
        r = self.client("--starttls", "--auth", "LOGIN", "--from", "alice@mail.lab.example",
                        "--to", "dave@outside.example", "--subject", "relayed", "--body", "x", user="alice")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("C: ***", r.stdout, "LOGIN's answers are masked")
        self.assertTrue(self.wait_for(lambda: len(self.mailbox("outside.example", "dave")) == 1))
        self.assertEqual(next(iter(outside.maildir("dave")))["Subject"], "relayed")

    def test_wrong_password_exit_status_and_no_secret_anywhere(self):
        trace = os.path.join(self.tmp, "client.jsonl")
        r = subprocess.run([program("smtplab-client"), "--server", self.mail.address, "--helo", "c.example",
                            "--starttls", "--user", "alice", "--password", "hunter2", "--trace", trace,
                            "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example", "--body", "x"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 5)
        self.assertIn("535", r.stderr)
        self.client("--starttls", "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example",
                    "--body", "x", user="alice")
        secrets = ["hunter2", "wonderland", b64("hunter2"), b64("wonderland"),
                   base64.b64encode(b"\0alice\0wonderland").decode(),
                   base64.b64encode(b"\0alice\0hunter2").decode()]
        for path in (trace, os.path.join(self.state, "mail.lab.example", "trace.jsonl")):
            with open(path) as f:
                text = f.read()
            for secret in secrets:
                self.assertNotIn(secret, text, path)
        self.assertIn("AUTH PLAIN ***", [e.get("line") for e in read_trace(trace)])

    def test_plaintext_auth_lesson(self):
        """auth-plaintext=true: AUTH without TLS, for the lesson only."""
        plain = self.start("plain.lab.example")
        d = Dialogue(plain.address)
        d.reply()
        code, lines = d.cmd("EHLO client.example")
        self.assertIn("AUTH PLAIN LOGIN", lines)
        self.assertEqual(d.cmd("AUTH PLAIN " + b64("\0carol\0carol-pw"))[0], 235)

    def test_script_mode_with_starttls(self):
        script = os.path.join(self.tmp, "tls.txt")
        with open(script, "w") as f:
            f.write("S: 220\nC: EHLO client.example\nS: 250\nC: STARTTLS\nS: 220\n"
                    "C: EHLO client.example\nS: 250\nC: AUTH LOGIN\nS: 334\nC: " + b64("bob") +
                    "\nS: 334\nC: " + b64("builder") + "\nS: 235\nC: QUIT\nS: 221\n")
        r = subprocess.run([program("smtplab-client"), "--server", self.mail.address, "--script", script],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("-- TLS is on", r.stdout)
        self.assertNotIn(b64("builder"), r.stdout, "the answers to 334 are shown masked")
        self.assertEqual(r.stdout.count("C: ***"), 2)

    def test_tls_and_auth_events_match_the_schema(self):
        import json
        import jsonschema
        from harness import ROOT
        with open(os.path.join(ROOT, "docs", "trace.schema.json"), encoding="utf-8") as f:
            validator = jsonschema.Draft202012Validator(json.load(f))
        trace = os.path.join(self.tmp, "client.jsonl")
        self.client("--starttls", "--trace", trace, "--from", "alice@mail.lab.example",
                    "--to", "bob@mail.lab.example", "--body", "x", user="alice")
        self.assertTrue(self.wait_for(lambda: any(e["event"] == "close" for e in self.mail.trace())))
        events = self.mail.trace() + read_trace(trace)
        kinds = {(e["role"], e["event"]) for e in events}
        for kind in ("tls", "auth"):
            self.assertIn(("server", kind), kinds)
            self.assertIn(("client", kind), kinds)
        for event in events:
            self.assertEqual(sorted(validator.iter_errors(event), key=str), [], event)
        self.assertTrue(list(validator.iter_errors({**events[0], "event": "auth"})))


class CleanTlsClose(ServerTest):
    """After QUIT over TLS the client sends close_notify and closes with a
    FIN, never a reset (RST): it reads the server's end before it closes."""
    scenario = os.path.join(SCENARIOS, "esmtp.ini")

    def peer(self):
        """A one-connection STARTTLS server in python; returns (port, result),
        result filled with what it saw once the client is gone."""
        import threading
        listener = socket.create_server(("127.0.0.1", 0))
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(os.path.join(CERTS, "mail.lab.example.crt"),
                            os.path.join(CERTS, "mail.lab.example.key"))
        result = {}

        def serve():
            conn, _ = listener.accept()
            conn.settimeout(10 * SLOW)
            f = conn.makefile("rb")
            conn.sendall(b"220 peer.example ESMTP\r\n")
            f.readline()
            conn.sendall(b"250-peer.example\r\n250 STARTTLS\r\n")
            f.readline()
            conn.sendall(b"220 go ahead\r\n")
            tls = ctx.wrap_socket(conn, server_side=True)
            tf = tls.makefile("rb")
            for line in iter(tf.readline, b""):
                verb = line.split()[0].upper() if line.split() else b""
                if verb == b"QUIT":
                    tls.sendall(b"221 peer.example closing\r\n")
                    break
                tls.sendall({b"EHLO": b"250 peer.example\r\n", b"DATA": b"354 go\r\n"}.get(verb, b"250 ok\r\n"))
                if verb == b"DATA":
                    for body in iter(tf.readline, b""):
                        if body == b".\r\n":
                            tls.sendall(b"250 stored\r\n")
                            break
            try:
                raw = tls.unwrap()                  # our close_notify, then the client's
                result["close_notify"] = True
                result["end"] = raw.recv(100)       # b"" for a FIN
            except (ssl.SSLError, OSError) as e:
                result["error"] = repr(e)
            listener.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        return listener.getsockname()[1], result, thread

    def test_client_sends_close_notify_and_fin(self):
        port, result, thread = self.peer()
        r = subprocess.run([program("smtplab-client"), "--server", f"127.0.0.1:{port}", "--helo", "c.example",
                            "--starttls", "--insecure", "--from", "a@c.example", "--to", "b@peer.example",
                            "--body", "x"], capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        thread.join(10 * SLOW)
        self.assertEqual(result, {"close_notify": True, "end": b""})

    def test_step_mode_quit_typed_closes_cleanly(self):
        """A QUIT the student types in step mode ends the TLS session as
        cleanly as the one-shot send: close_notify, then FIN."""
        port, result, thread = self.peer()
        r = subprocess.run([program("smtplab-client"), "--server", f"127.0.0.1:{port}", "--helo", "c.example",
                            "--insecure", "--step"],
                           input="EHLO c.example\nSTARTTLS\nEHLO c.example\nQUIT\n",
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("221 peer.example closing", r.stdout)
        thread.join(10 * SLOW)
        self.assertEqual(result, {"close_notify": True, "end": b""})

    @unittest.skipUnless(shutil.which("tcpdump") and os.geteuid() == 0, "needs tcpdump and root to capture")
    def test_no_reset_between_client_and_server(self):
        mail = self.start("mail.lab.example")
        path = os.path.join(self.tmp, "close.pcap")
        proc = subprocess.Popen(["tcpdump", "-i", "lo", "-U", "--immediate-mode", "-Z", "root", "-w", path,
                                 f"tcp port {mail.port}"], stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        self.assertIn("listening", proc.stderr.readline())
        time.sleep(1)
        r = subprocess.run([program("smtplab-client"), "--server", mail.address, "--helo", "client.example",
                            "--starttls", "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example",
                            "--body", "x"], capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=10)
        flags = tcp_flags(path)
        fin, rst = 0x01, 0x04
        self.assertTrue(flags)
        self.assertEqual([f for f in flags if f[1] & rst], [], "no reset either way")
        self.assertEqual(sorted({port == mail.port for port, f in flags if f & fin}), [False, True],
                         "both sides send their FIN")


class RelayStarttls(ServerTest):
    """Opportunistic TLS between MTAs (RFC 3207 §4.1, RFC 7435): the relay
    takes STARTTLS whenever the next hop offers it."""
    scenario = os.path.join(SCENARIOS, "esmtp.ini")

    def send_to_dave(self, mail):
        r = subprocess.run([program("smtplab-client"), "--server", mail.address, "--helo", "client.example",
                            "--starttls", "--user", "alice", "--password", PASSWORDS["alice"],
                            "--from", "alice@mail.lab.example", "--to", "dave@outside.example",
                            "--subject", "over TLS", "--body", "x"],
                           capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def test_relay_hop_uses_starttls(self):
        outside = self.start("outside.example")
        mail = self.start("mail.lab.example")
        self.send_to_dave(mail)
        self.assertTrue(self.wait_for(lambda: len(outside.messages("dave")) == 1))
        received = " ".join(outside.messages("dave")[0].get_all("Received")[0].split())
        self.assertIn("by outside.example with ESMTPS", received, "RFC 3848 §2: ESMTP over TLS")
        self.assertTrue(any(e["event"] == "tls" and e["outcome"] == "ok" for e in outside.trace()))
        relayed = [e for e in mail.trace() if e["role"] == "client" and e["event"] == "tls"]
        self.assertEqual(len(relayed), 1, relayed)
        self.assertEqual(relayed[0]["outcome"], "ok")
        self.assertIs(relayed[0]["verified"], True, "outside.example's certificate is the lab CA's")
        commands = [e["line"] for e in mail.trace() if e["role"] == "client" and e["event"] == "command"]
        self.assertEqual(commands[:3], ["EHLO mail.lab.example", "STARTTLS", "EHLO mail.lab.example"])

    def next_hop(self, cert=None, connections=1):
        """A python next hop offering STARTTLS on a free port, routed to
        from mail.lab.example; cert=(crt, key) does TLS with it, None breaks
        the handshake.  Returns (the lines it read, its thread)."""
        import threading
        listener = socket.create_server(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        seen = []

        def session(conn):
            f = conn.makefile("rb")
            conn.sendall(b"220 hop.example ESMTP\r\n")
            for line in iter(f.readline, b""):
                seen.append(line.decode().strip())
                verb = line.split()[0].upper()
                if verb == b"EHLO":
                    conn.sendall(b"250-hop.example\r\n250 STARTTLS\r\n")
                elif verb == b"STARTTLS" and not cert:
                    conn.sendall(b"220 go ahead\r\n")
                    f.read1(1)                           # the ClientHello
                    conn.sendall(b"this is no TLS record\r\n" * 4)
                    return
                elif verb == b"STARTTLS":
                    conn.sendall(b"220 go ahead\r\n")
                    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
                    ctx.load_cert_chain(*cert)
                    seen.append("(TLS)")
                    return session_after_tls(ctx.wrap_socket(conn, server_side=True))
                elif verb == b"DATA":
                    conn.sendall(b"354 go\r\n")
                    for body in iter(f.readline, b""):
                        if body == b".\r\n":
                            conn.sendall(b"250 stored\r\n")
                            break
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

        def session_after_tls(conn):
            """EHLO again, now without STARTTLS (RFC 3207 §4.2), and the mail."""
            f = conn.makefile("rb")
            for line in iter(f.readline, b""):
                seen.append(line.decode().strip())
                verb = line.split()[0].upper()
                reply = {b"EHLO": b"250 hop.example\r\n", b"DATA": b"354 go\r\n", b"QUIT": b"221 bye\r\n"}
                conn.sendall(reply.get(verb, b"250 ok\r\n"))
                if verb == b"DATA":
                    for body in iter(f.readline, b""):
                        if body == b".\r\n":
                            conn.sendall(b"250 stored\r\n")
                            break
                if verb == b"QUIT":
                    return

        def serve():
            for _ in range(connections):
                conn, _ = listener.accept()
                conn.settimeout(10 * SLOW)
                try:
                    session(conn)
                except (OSError, ssl.SSLError) as e:
                    seen.append(repr(e))
                conn.close()
            listener.close()

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        with open(self.scenario_path, encoding="utf-8") as f:
            text = f.read()
        with open(self.scenario_path, "w", encoding="utf-8") as f:
            f.write(text.replace("routes=*=outside.example", f"routes=*=127.0.0.1:{port}", 1))
        return seen, thread

    def test_unverified_certificate_still_gets_the_mail(self):
        """Opportunistic: a certificate nobody vouches for (self-signed)
        still gets TLS and the mail; the relay's trace says it was not
        verified, and why."""
        key, crt = os.path.join(self.tmp, "self.key"), os.path.join(self.tmp, "self.crt")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", key, "-out", crt, "-days", "1", "-subj", "/CN=hop.example"],
                       check=True, capture_output=True)
        seen, thread = self.next_hop(cert=(crt, key))
        mail = self.start("mail.lab.example")
        self.send_to_dave(mail)
        thread.join(20 * SLOW)
        self.assertIn("(TLS)", seen)
        self.assertIn("RCPT TO:<dave@outside.example>", seen[seen.index("(TLS)"):])
        tls = [e for e in mail.trace() if e["role"] == "client" and e["event"] == "tls"]
        self.assertEqual([(e["outcome"], e["verified"]) for e in tls], [("ok", False)])
        self.assertIn("self-signed", tls[0]["verify_error"])
        self.assertEqual([e["action"] for e in mail.trace() if e["event"] == "queue"][-1], "delivered")

    def test_failed_handshake_falls_back_to_plaintext(self):
        """A next hop that says 220 to STARTTLS and then breaks the
        handshake: the relay says so and delivers in the clear on a new
        connection."""
        seen, thread = self.next_hop(connections=2)
        mail = self.start("mail.lab.example")
        self.send_to_dave(mail)
        thread.join(20 * SLOW)
        self.assertEqual(seen.count("STARTTLS"), 1, seen)
        self.assertIn("RCPT TO:<dave@outside.example>", seen)
        events = mail.trace()
        tls = [e for e in events if e["role"] == "client" and e["event"] == "tls"]
        self.assertEqual([e["outcome"] for e in tls], ["failed"])
        actions = [e["action"] for e in events if e["event"] == "queue"]
        self.assertIn("tls-fallback", actions)
        self.assertEqual(actions[-1], "delivered")


class ShowSecretsTrace(ServerTest):
    """smtplab-net --show-secrets: the host marked auth-plaintext=true traces
    AUTH as sent with what it says (PLAIN and LOGIN); the STARTTLS host
    keeps it masked."""
    scenario = os.path.join(SCENARIOS, "esmtp.ini")

    def test_only_the_plaintext_host_traces_secrets(self):
        net = subprocess.Popen([program("smtplab-net"), self.scenario_path, "--state", self.state,
                                "--show-secrets"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            while not net.stdout.readline().startswith("ready"):
                pass
            for mechanism in ("PLAIN", "LOGIN"):
                r = subprocess.run([program("smtplab-client"), "--server", self.addresses["plain.lab.example"],
                                    "--user", "carol", "--password", "carol-pw", "--auth", mechanism,
                                    "--from", "carol@plain.lab.example", "--to", "carol@plain.lab.example",
                                    "--body", "x"], capture_output=True, text=True, timeout=30 * SLOW)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
                self.assertNotIn("carol-pw", r.stdout, "the client never shows it")
            r = subprocess.run([program("smtplab-client"), "--server", self.addresses["mail.lab.example"],
                                "--starttls", "--user", "alice", "--password", "wonderland",
                                "--from", "alice@mail.lab.example", "--to", "bob@mail.lab.example",
                                "--body", "x"], capture_output=True, text=True, timeout=30 * SLOW)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        finally:
            net.send_signal(signal.SIGTERM)
            out, err = net.communicate(timeout=30 * SLOW)
        self.assertEqual(err, "", "no warning: only plain.lab.example got --show-secrets")
        plain = read_trace(os.path.join(self.state, "plain.lab.example", "trace.jsonl"))
        self.assertEqual([e["secret"] for e in plain if "secret" in e],
                         ['authzid "", authcid "carol", password "carol-pw"',
                          'username "carol"', 'password "carol-pw"'])
        with open(os.path.join(self.state, "mail.lab.example", "trace.jsonl"), encoding="utf-8") as f:
            text = f.read()
        self.assertNotIn("wonderland", text)
        self.assertNotIn('"secret"', text)
