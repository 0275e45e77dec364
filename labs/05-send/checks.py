"""Lab 05's public checks: Beta.ARPA of RFC 821's network, with Jones
logged in at a terminal (smtplab-term) and Brown not; SEND, SOML and SAML
sent by hand, the terminal's screen and both users' mailboxes read."""
import time

from grader import check
from terminal import log_in_jones

BETA = "127.0.0.11:2525"
JONES, BROWN = "<Jones@Beta.ARPA>", "<Brown@Beta.ARPA>"




def screen_shows(t, screen, words, timeout=10):
    """Wait until Jones's terminal has printed words."""
    return t.wait(lambda: words in open(screen, encoding="utf-8", errors="replace").read(),
                  f"\"{words}\" on Jones's terminal", timeout=timeout,
                  expected="printed there")


def send(t, verb, recipients, subject):
    """One transaction opened with verb (SEND, SOML, SAML, MAIL): the RCPT
    replies, then the reply to the end of the data."""
    d = t.dial(BETA)
    d.reply()
    d.command("HELO Alpha.ARPA")
    t.expect_equal(250, d.command(f"{verb} FROM:<Smith@Alpha.ARPA>").code, f"the reply to {verb} FROM")
    replies = [str(d.command(f"RCPT TO:{r}")) for r in recipients]
    end = None
    if any(r.startswith("250") for r in replies):
        d.command("DATA")
        d.send_raw(f"Subject: {subject}\r\n\r\n{subject}, by {verb}.\r\n.\r\n".encode())
        end = d.reply()
    d.command("QUIT")
    return replies, end


def in_mailbox(t, user, subject):
    return [m for m in t.maildir("Beta.ARPA", user) if m["Subject"] == subject]


@check(points=2, hint="RFC 821 §3.4: SEND \"to the user's terminal\" only - not the mailbox")
def send_reaches_the_terminal(t):
    """SEND to Jones, logged in: on his terminal, not in his mailbox."""
    screen = log_in_jones(t)
    replies, end = send(t, "SEND", [JONES], "Lunch at noon")
    t.expect_equal(["250 OK"], replies, "the reply to RCPT TO:<Jones@Beta.ARPA>")
    t.expect(end and end.code == 250, "the reply to the end of the data", "250", end)
    screen_shows(t, screen, "Lunch at noon")
    time.sleep(0.5)
    t.expect_equal([], [m["Subject"] for m in in_mailbox(t, "Jones", "Lunch at noon")],
                   "the letter in Jones's mailbox")


@check(points=2, hint="RFC 821 §4.1.1 (SEND): \"If the user is not active ... the reply "
                      "450 may be returned to a RCPT command\"")
def send_to_a_user_not_at_a_terminal(t):
    """SEND to Brown, not logged in: 450, and nothing delivered."""
    log_in_jones(t)
    replies, end = send(t, "SEND", [BROWN], "Are you there")
    t.expect_equal(["450 Requested mail action not taken: user not logged in at a terminal"],
                   replies, "the reply to RCPT TO:<Brown@Beta.ARPA>")
    t.expect_equal([], in_mailbox(t, "Brown", "Are you there"), "Brown's mailbox")


@check(points=2, hint="RFC 821 §3.4: SOML, \"Send Or MaiL\": the terminal if the user is "
                      "active there, otherwise the mailbox - never both")
def soml_terminal_or_mailbox(t):
    """SOML to Jones: his terminal only; to Brown: his mailbox."""
    screen = log_in_jones(t)
    replies, _ = send(t, "SOML", [JONES, BROWN], "Seminar moved")
    t.expect_equal(["250 OK", "250 OK"], replies, "the replies to RCPT TO Jones and Brown")
    screen_shows(t, screen, "Seminar moved")
    t.wait(lambda: in_mailbox(t, "Brown", "Seminar moved"), "the letter in Brown's mailbox")
    time.sleep(0.5)
    t.expect_equal(0, len(in_mailbox(t, "Jones", "Seminar moved")),
                   "copies in Jones's mailbox (he was at his terminal)")


@check(points=2, hint="RFC 821 §3.4: SAML, \"Send And MaiL\": the terminal if the user is "
                      "active, and the mailbox always")
def saml_terminal_and_mailbox(t):
    """SAML to Jones: terminal and mailbox; to Brown: mailbox."""
    screen = log_in_jones(t)
    replies, _ = send(t, "SAML", [JONES, BROWN], "Fire drill")
    t.expect_equal(["250 OK", "250 OK"], replies, "the replies to RCPT TO Jones and Brown")
    screen_shows(t, screen, "Fire drill")
    t.wait(lambda: in_mailbox(t, "Jones", "Fire drill"), "the letter in Jones's mailbox")
    t.wait(lambda: in_mailbox(t, "Brown", "Fire drill"), "the letter in Brown's mailbox")
