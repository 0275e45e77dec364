"""test_terminal_wait.py - a terminal that stops reading does not stop the
server (RFC 821 §3.4 SEND, issue 15): the message goes to the terminal
from the main loop, so every other session is served meanwhile, and a SEND
the terminal never took goes to the mailbox instead."""
import os
import socket
import time

from harness import ServerTest


class TerminalWait(ServerTest):

    def test_a_terminal_that_does_not_read_stops_nobody(self):
        beta = self.start("Beta.ARPA")
        # Jones "logged in": someone listens on his terminal socket, but
        # never accepts nor reads
        path = os.path.join(self.state, "Beta.ARPA", "terminals", "Jones.sock")
        stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stuck.bind(path)
        stuck.listen(8)
        try:
            sender = self.dialogue(beta)
            sender.cmd("HELO Alpha.ARPA")
            other = self.dialogue(beta)
            other.cmd("HELO Alpha.ARPA")
            self.assertEqual(sender.cmd("SEND FROM:<Smith@Alpha.ARPA>"), (250, ["OK"]))
            self.assertEqual(sender.cmd("RCPT TO:<Jones@Beta.ARPA>"), (250, ["OK"]))
            self.assertEqual(sender.cmd("DATA")[0], 354)
            line = "x" * 70
            sender.send_raw(("Subject: big\r\n\r\n" + (line + "\r\n") * 30000 + ".\r\n").encode())
            time.sleep(0.2)                     # the server is writing to the terminal
            start = time.monotonic()
            self.assertEqual(other.cmd("NOOP"), (250, ["OK"]))
            waited = time.monotonic() - start
            self.assertLess(waited, 0.5, "another session waited for the terminal")
            # the terminal took nothing for a second: the SEND goes to the mailbox
            self.assertEqual(sender.reply(), (250, ["OK"]))
        finally:
            stuck.close()
        box = beta.maildir("Jones")
        self.assertEqual(len(box), 1)
        deliveries = [(e["via"], e["outcome"]) for e in beta.trace() if e["event"] == "delivery"]
        self.assertEqual(len(deliveries), 2, deliveries)
        self.assertEqual(deliveries[0][0], "terminal")
        self.assertIn("took nothing", deliveries[0][1])
        self.assertEqual(deliveries[1], ("mailbox", "delivered"))
