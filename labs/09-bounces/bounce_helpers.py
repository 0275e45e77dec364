"""bounce_helpers.py - what lab 09's checks share: JOE's letter sent to the
relay HOSTX.ARPA, the commands a host was sent, the notices that came
back, and HOSTX's queue."""
import os

HOSTX = "127.0.0.21:2525"
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
