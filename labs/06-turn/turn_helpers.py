"""turn_helpers.py - what lab 06's checks share: leaving a letter at
HOSTB.ARPA, where it is held (hold-for=), and asking for it with TURN."""
import mailbox
import os

HOSTA = "127.0.0.27:2525"
HOSTB = "127.0.0.28:2525"
LAB = "turn.ini"            # HOSTB with turn-auth=required
PASSWORDS = {"hosta": "hosta-secret", "hostc": "hostc-secret", "mallory": "mallory-secret"}


def held(t):
    """The queue files HOSTB holds (STATE/HOSTB.ARPA/queue/*.queue)."""
    folder = os.path.join(t.state, "HOSTB.ARPA", "queue")
    return sorted(f for f in os.listdir(folder) if f.endswith(".queue")) if os.path.isdir(folder) else []


def leave_letter(t, rcpt, subject):
    """Smith@Alpha.ARPA mails rcpt through HOSTB, which holds it."""
    before = len(held(t))
    steps = t.send_mail(HOSTB, "<Smith@Alpha.ARPA>", [f"<{rcpt}>"],
                        f"From: Smith@Alpha.ARPA\nTo: {rcpt}\nSubject: {subject}\n\nWaiting at HOSTB.\n")
    end = [r for c, r in steps if c == "."]
    t.expect(end and end[0].code == 250, f"HOSTB's reply to the end of the letter for {rcpt}",
             "250", end[0] if end else steps[-1][1])
    t.wait(lambda: len(held(t)) > before, f"the letter for {rcpt} held in HOSTB's queue",
           expected="a new file in STATE/HOSTB.ARPA/queue")


def turn(t, helo, user=None):
    """smtplab-client --turn as helo, logged in as user when given: its
    Result and the subjects of what it received, sorted."""
    box = os.path.join(t.tmp, f"turned-{helo}-{user}-{len(os.listdir(t.tmp))}")
    login = ["--user", user, "--password", PASSWORDS[user]] if user else []
    r = t.client("--server", HOSTB, "--helo", helo, "--turn", "--maildir", box, *login)
    got = sorted(m["Subject"] for m in mailbox.Maildir(box, create=False)) if os.path.isdir(box) else []
    return r, got


def turn_reply(r):
    """The reply code HOSTB gave to TURN, from the client's S: lines."""
    lines = r.out.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "C: TURN" and i + 1 < len(lines) and lines[i + 1].startswith("S: "):
            return lines[i + 1][3:].strip()
    return "no reply to TURN (the client's output ends: " + " / ".join(lines[-3:]) + ")"


def expect_collected(t, helo, user, subject):
    """TURN as helo (logged in as user) gets 250 and the one held letter
    subject, and HOSTB's queue empties."""
    r, got = turn(t, helo, user)
    who = f"HELO {helo}" + (f", AUTH as {user}" if user else "")
    t.expect_equal("250", turn_reply(r)[:3], f"HOSTB's reply to TURN ({who})")
    t.expect_equal([subject], got, f"the letters received after TURN ({who})")
    t.wait(lambda: not held(t), "HOSTB's queue after the TURN", expected="empty")
