"""Lab 05's hidden checks: MAIL never reaches a terminal, a SEND to two
users where one is away, and a SAML to a user not logged in."""
import time

from grader import check
from terminal import log_in_jones

BETA = "127.0.0.11:2525"




def subjects(t, user):
    return [m["Subject"] for m in t.maildir("Beta.ARPA", user)]


@check(points=1, hint="RFC 821 §3.4: MAIL delivers to the mailbox, whether or not the user "
                      "is at a terminal")
def mail_never_reaches_a_terminal(t):
    """MAIL to Jones, logged in: his mailbox, and nothing on his terminal."""
    screen = log_in_jones(t)
    t.send_mail(BETA, "<Smith@Alpha.ARPA>", ["<Jones@Beta.ARPA>"], "Subject: Minutes\n\nminutes\n")
    t.wait(lambda: "Minutes" in subjects(t, "Jones"), "the letter in Jones's mailbox")
    time.sleep(0.5)
    shown = open(screen).read()
    t.expect("Minutes" not in shown, "what Jones's terminal printed", "no letter", shown)


@check(points=2, hint="RFC 821 §4.1.1: each RCPT of a SEND is answered for its own user - "
                      "a 450 for one does not stop the others")
def send_to_two_one_away(t):
    """SEND to Jones (logged in) and Brown (not): 250 and 450, Jones's terminal gets it."""
    screen = log_in_jones(t)
    d = t.dial(BETA)
    d.reply()
    d.command("HELO Alpha.ARPA")
    d.command("SEND FROM:<Smith@Alpha.ARPA>")
    t.expect_equal(250, d.command("RCPT TO:<Jones@Beta.ARPA>").code, "the reply for Jones")
    t.expect_equal(450, d.command("RCPT TO:<Brown@Beta.ARPA>").code, "the reply for Brown")
    d.command("DATA")
    d.send_raw(b"Subject: Coffee\r\n\r\nCoffee?\r\n.\r\n")
    t.expect_equal(250, d.reply().code, "the reply to the end of the data")
    t.wait(lambda: "Coffee" in open(screen).read(), "the letter on Jones's terminal")
    t.expect_equal([], subjects(t, "Brown"), "Brown's mailbox")


@check(points=1, hint="RFC 821 §3.4: SAML to a user who is not active is plain mail")
def saml_to_a_user_away(t):
    """SAML to Brown alone: accepted, in his mailbox."""
    log_in_jones(t)
    d = t.dial(BETA)
    d.reply()
    d.command("HELO Alpha.ARPA")
    d.command("SAML FROM:<Smith@Alpha.ARPA>")
    t.expect_equal("250 OK", str(d.command("RCPT TO:<Brown@Beta.ARPA>")), "the reply for Brown")
    d.command("DATA")
    d.send_raw(b"Subject: Notes\r\n\r\nnotes\r\n.\r\n")
    t.expect_equal(250, d.reply().code, "the reply to the end of the data")
    t.wait(lambda: "Notes" in subjects(t, "Brown"), "the letter in Brown's mailbox")
