"""test_durability.py - nothing lost, nothing twice: smtplab-server is killed
with SIGKILL again and again under load, and every message that got 250 after
its data is delivered exactly once.  RFC 5321 §6.1: by sending "250 OK" the
receiver-SMTP "is accepting responsibility for delivering or relaying the
message ... It MUST NOT lose the message for frivolous reasons, such as
because the host later crashes".

The load: Postfix's smtp-source sends a few thousand messages over 10
sessions, each to its own recipient ("-N": 17r2x@durable.test is message 17
of round 2), which the host's catch-all user receives; when the server dies,
smtp-source stops, and a new round sends the rest.  Its counter counts a
message when the final "." is sent, before the reply: a round that ends
normally got 250 for each; a round cut short may have had one message per
session waiting for its reply.  So, alongside, python senders send messages
that each carry a unique Message-ID and note exactly which got 250.

The server is killed at random moments spread over the load (when the
Maildir holds a random number of messages) and started again on the same
state folder and port.  Afterwards the Maildir is read with python's
mailbox module.
"""
import collections
import email.parser
import os
import random
import re
import signal
import smtplib
import subprocess
import threading
import time

from harness import SLOW, Server, ServerTest, free_port

SMTP_SOURCE = "/usr/sbin/smtp-source"
HOST = "durable.test"
# smtp-source messages in all; fewer under sanitizers, which are slower.
MESSAGES = 2000 if SLOW == 1 else 600
SESSIONS = 10
KILLS = 4
PYTHON_SENDERS = 2
SCENARIO = """[host {host}]
listen=127.0.0.1:{port}
timeout=60
catch-all=load

[user load@{host}]
name=Load Generator
"""


class Load:
    """smtp-source rounds and python senders against one address: the
    rounds go on until smtp-source counted MESSAGES messages (or stop()),
    the python senders until stop()."""

    def __init__(self, port):
        self.port = port
        self.rounds = {}                 # round -> (messages counted, ended normally)
        self.accepted = set()            # Message-IDs that got 250
        self.sent = set()                # Message-IDs whose data went out
        self.stopping = threading.Event()
        self.source = threading.Thread(target=self.smtp_source_rounds)
        self.senders = [threading.Thread(target=self.python_sender, args=(n,))
                        for n in range(PYTHON_SENDERS)]

    def start(self):
        for t in [self.source, *self.senders]:
            t.start()

    def finish(self):
        """Waits for the smtp-source rounds, then stops the python senders."""
        self.source.join(timeout=200 * SLOW)
        self.stop()

    def stop(self):
        self.stopping.set()
        for t in [self.source, *self.senders]:
            t.join(timeout=60 * SLOW)

    def counted(self):
        """Messages smtp-source counted, in all rounds."""
        return sum(counted for counted, _ in self.rounds.values())

    def smtp_source_rounds(self):
        """One smtp-source after the other until MESSAGES are counted."""
        n = 0
        while self.counted() < MESSAGES and not self.stopping.is_set():
            n += 1
            left = MESSAGES - self.counted()
            proc = subprocess.run(
                [SMTP_SOURCE, "-c", "-N", "-s", str(SESSIONS), "-m", str(left), "-l", "256",
                 "-M", HOST, "-f", f"source@{HOST}", "-t", f"r{n}x@{HOST}",
                 f"127.0.0.1:{self.port}"],
                capture_output=True, text=True, timeout=150 * SLOW)
            counts = re.findall(r"\d+", proc.stdout)
            self.rounds[n] = (int(counts[-1]) if counts else 0, proc.returncode == 0)
            if proc.returncode != 0:
                time.sleep(0.05)         # the server is down: try again soon

    def python_sender(self, sender):
        """Messages with a unique Message-ID each, until stopped; notes
        which got 250 after the data.  None is ever sent twice."""
        i = 0
        smtp = None
        while not self.stopping.is_set():
            try:
                if smtp is None:
                    smtp = smtplib.SMTP("127.0.0.1", self.port, timeout=30 * SLOW)
                    smtp.helo("python.test")
                i += 1
                message_id = f"<{sender}.{i}@python.test>"
                text = (f"Message-ID: {message_id}\r\nSubject: durable {i}\r\n\r\n"
                        f"message {i} of sender {sender}\r\n")
                self.sent.add(message_id)
                smtp.sendmail(f"python@{HOST}", [f"marker@{HOST}"], text)
                self.accepted.add(message_id)
            except (OSError, smtplib.SMTPException):
                smtp = None
                time.sleep(0.02)
        if smtp is not None:
            smtp.close()


class KillNine(ServerTest):
    """kill -9 during a load of smtp-source: no loss, no duplicates."""

    def setUp(self):
        super().setUp()
        self.port = free_port()
        self.scenario_path = os.path.join(self.tmp, "durable.ini")
        with open(self.scenario_path, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(host=HOST, port=self.port))

    def kill_nine(self, server):
        """SIGKILL; the server must still be running until then."""
        if server.proc.poll() is not None:
            self.fail(f"the server died by itself: {server.stop()}")
        server.proc.send_signal(signal.SIGKILL)
        code, err = server.stop()
        self.assertEqual(code, -signal.SIGKILL, err)
        self.assertNotIn("ERROR", err)
        self.assertNotIn("runtime error", err)

    def delivered(self):
        """Counts of each smtp-source recipient and each python Message-ID
        in the catch-all user's Maildir."""
        recipients = collections.Counter()
        message_ids = collections.Counter()
        parser = email.parser.BytesHeaderParser()
        mailbox = self.servers[-1].maildir("load")
        for key in mailbox.keys():
            with mailbox.get_file(key) as f:
                headers = parser.parse(f)
            m = re.search(r"for <([^@>]+)@", headers["Received"])
            self.assertIsNotNone(m, headers["Received"])
            if m.group(1) == "marker":
                message_ids[headers["Message-ID"]] += 1
            else:
                recipients[m.group(1)] += 1
        return recipients, message_ids

    def wait_for_messages(self, count):
        """Waits until the Maildir holds count messages."""
        new = os.path.join(self.state, HOST, "mail", "load", "new")
        self.assertTrue(self.wait_for(lambda: os.path.isdir(new) and len(os.listdir(new)) >= count,
                                      timeout=60), f"fewer than {count} messages arrived")

    def test_kill_nine_under_load(self):
        self.assertTrue(os.access(SMTP_SOURCE, os.X_OK), "smtp-source (postfix) is missing")
        server = Server(self.scenario_path, HOST, self.state)
        load = Load(self.port)
        load.start()
        try:
            for count in sorted(random.sample(range(MESSAGES // 10, MESSAGES), KILLS)):
                self.wait_for_messages(count)
                self.kill_nine(server)
                server = None
                server = Server(self.scenario_path, HOST, self.state)
            load.finish()
        finally:
            load.stop()
            if server:
                self.servers.append(server)  # tearDown stops it and checks it stops cleanly
        self.assertGreaterEqual(load.counted(), MESSAGES, f"smtp-source rounds: {load.rounds}")
        self.assertGreater(len(load.rounds), 1, "no kill hit smtp-source")
        recipients, message_ids = self.delivered()

        twice = [r for r, n in recipients.items() if n > 1]
        twice += [m for m, n in message_ids.items() if n > 1]
        self.assertEqual(twice, [], "delivered more than once")

        lost = load.accepted - set(message_ids)
        self.assertEqual(lost, set(), "got 250 but not delivered")
        self.assertLessEqual(set(message_ids), load.sent)
        self.assertGreater(len(load.accepted), 0)

        for n, (counted, ended_normally) in load.rounds.items():
            delivered = sum(1 for r in recipients if r.endswith(f"r{n}x"))
            in_flight = 0 if ended_normally else SESSIONS
            self.assertLessEqual(delivered, counted, f"round {n}")
            self.assertGreaterEqual(delivered, counted - in_flight,
                                    f"round {n}: {counted} counted, {delivered} delivered")
