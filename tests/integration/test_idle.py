"""test_idle.py - 500 idle connections do not keep a new client waiting.

A single-threaded server must never let a connection that says nothing hold
the others back (RFC 5321 §4.5.3.2.7 lets it close idle ones only after
minutes).  Here 500 clients connect to Beta.ARPA, read the greeting and sit
there; a new client still gets its 220 within a second and sends a letter,
and the idle ones are still served afterwards.  (Of three new clients the
quickest counts: a loaded test machine may hold one back, idle connections
would hold back all three.)

Beta.ARPA gets max-connections=600 (docs/scenario-format.md), so the test
does not depend on the default staying above 500.  The test process raises
its own limit of open files if 500 sockets would not fit.
"""
import resource
import socket
import time

from harness import SLOW, ServerTest

IDLE = 500


def raise_open_files(needed):
    """Raises RLIMIT_NOFILE (soft) to needed, if the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        limit = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def read_line(sock):
    """One CRLF-ended line from sock."""
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = sock.recv(1)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data.decode("ascii", "replace")


class IdleConnections(ServerTest):
    """500 silent clients, one busy one."""

    extra = {"Beta.ARPA": {"max-connections": str(IDLE + 100)}}

    def setUp(self):
        super().setUp()
        self.idle = []

    def tearDown(self):
        for sock in self.idle:
            sock.close()
        super().tearDown()

    def test_greeting_within_a_second(self):
        limit = raise_open_files(IDLE + 200)
        self.assertGreaterEqual(limit, IDLE + 200, "cannot open enough files")
        server = self.start("Beta.ARPA")
        for _ in range(IDLE):
            sock = socket.create_connection((server.ip, server.port), timeout=10 * SLOW)
            self.idle.append(sock)
        for sock in self.idle:
            self.assertTrue(read_line(sock).startswith("220 "))

        # three new clients in turn: a server held back by the idle ones
        # keeps all three waiting; a busy test machine may delay one
        waits = []
        for _ in range(3):
            start = time.monotonic()
            d = self.dialogue(server)            # asserts the 220
            waits.append(time.monotonic() - start)
            d.close()
        self.assertLess(min(waits), 1.0, f"greetings took {waits} s")
        self.assertLess(max(waits), 5.0 * SLOW, f"greetings took {waits} s")

        d = self.dialogue(server)
        self.assertEqual(d.cmd("HELO Alpha.ARPA")[0], 250)
        self.assertEqual(d.cmd("MAIL FROM:<Smith@Alpha.ARPA>")[0], 250)
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>")[0], 250)
        self.assertEqual(d.cmd("DATA")[0], 354)
        d.send_raw(b"Subject: not kept waiting\r\n\r\nHello past 500 idle clients.\r\n.\r\n")
        self.assertEqual(d.reply()[0], 250)
        self.assertEqual(d.cmd("QUIT")[0], 221)
        d.close()
        subjects = [m["Subject"] for m in server.maildir("Jones")]
        self.assertEqual(subjects, ["not kept waiting"])

        # the idle ones were kept, not dropped: each still answers
        for sock in self.idle[::50]:
            sock.sendall(b"NOOP\r\n")
            self.assertTrue(read_line(sock).startswith("250 "))
