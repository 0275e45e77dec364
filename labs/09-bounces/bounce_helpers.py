"""bounce_helpers.py - what lab 09's checks share: JOE's letter sent to the
relay HOSTX.ARPA, the commands a host was sent, the notices that came
back, and a stand-in HOSTZ that answers RCPT with a 4yz."""
import os
import socket
import threading

HOSTX = "127.0.0.21:2525"
HOSTZ_ADDRESS = ("127.0.0.23", 2525)
LAB = "bounces.ini"


def send(t, reverse_path, forward_paths, subject="lunch"):
    """The letter from reverse_path to forward_paths, handed to HOSTX."""
    steps = t.send_mail(HOSTX, reverse_path, forward_paths,
                        f"From: JOE@HOSTW.ARPA\nSubject: {subject}\n\nSam, lunch?\n", helo="HOSTW.ARPA")
    end = [r for c, r in steps if c == "."]
    t.expect(end and end[0].code == 250, "HOSTX's reply to the end of the letter", "250",
             end[0] if end else steps[-1][1])


def commands(t, host, verb, role="server"):
    """The command lines host was sent (role server) or sent (role client)
    that begin with verb, ESMTP parameters left out."""
    return [e["line"].split(" SIZE=")[0] for e in t.trace(host)
            if e["role"] == role and e["event"] == "command" and e["line"].startswith(verb)]


def queue_events(t, host, action):
    return [e for e in t.trace(host) if e["event"] == "queue" and e["action"] == action]


def notices(t, user="JOE", timeout=20):
    """The notices in user's mailbox at HOSTW, once one has come."""
    return t.wait(lambda: t.maildir("HOSTW.ARPA", user), f"a notice in {user}'s mailbox at HOSTW",
                  timeout=timeout, expected=f"one within {timeout} s")


def body(message):
    return message.get_payload(decode=True).decode("utf-8", "replace")


def queue_empty(t, host="HOSTX.ARPA", timeout=15):
    """Wait until host is done with every entry it queued (delivered,
    expired or dropped) and its queue folder holds no file."""
    folder = os.path.join(t.state, host, "queue")

    def settled():
        done = {e["id"] for e in t.trace(host) if e["event"] == "queue"
                and e["action"] in ("delivered", "expired")}
        files = [f for f in os.listdir(folder) if f.endswith(".queue")] if os.path.isdir(folder) else []
        return not files and all(e["id"] in done for e in queue_events(t, host, "queued"))
    t.wait(settled, f"{host}'s queue to empty", timeout=timeout,
           expected=f"every queued entry done and no file left in {host}/queue")


class Refuser:
    """A stand-in for HOSTZ: answers RCPT with reply (a 4yz) the first
    times times (every time when None), then 250, and takes the mail."""

    def __init__(self, reply, times=None):
        self.reply, self.times, self.rcpts = reply, times, 0
        self.server = socket.create_server(HOSTZ_ADDRESS)
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn, conn.makefile("rwb") as f:
                self._session(f)

    def _session(self, f):
        def say(line):
            f.write(line.encode() + b"\r\n")
            f.flush()
        say("220 HOSTZ.ARPA stand-in")
        in_data = False
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    say("250 OK")
                continue
            verb = line[:4].upper()
            if verb == "RCPT":
                self.rcpts += 1
                refuse = self.times is None or self.rcpts <= self.times
                say(self.reply if refuse else "250 OK")
            elif verb == "DATA":
                in_data = True
                say("354 Start mail input")
            elif verb == "QUIT":
                say("221 Bye")
                return
            else:
                say("250 OK")
