"""Lab 09's public checks, on the lab's bounces.ini: JOE at HOSTW.ARPA
mails through the relay HOSTX.ARPA, and what HOSTX does when the next host
refuses for good (HOSTZ: 5yz), for now (HOSTQ: 4yz), or is not there."""

from grader import check
from bounce_helpers import (LAB, body, commands, notices, queue_empty,
                            queue_events, send)

ALL = ("HOSTW.ARPA", "HOSTX.ARPA", "HOSTZ.ARPA")


@check(points=2, hint="RFC 821 §3.6 and RFC 5321 §6.1: the notice tells the sender which "
                      "recipient failed and what the remote host said (smtp_bounce_notice)")
def notice_names_recipient_and_reply(t):
    """JOE's letter to SAM@HOSTZ.ARPA (no such user) brings JOE a notice
    that names SAM@HOSTZ.ARPA and quotes HOSTZ's reply, 550 5.1.1 No such
    user here."""
    t.start_net(LAB, only=ALL)
    send(t, "<JOE@HOSTW.ARPA>", ["<SAM@HOSTZ.ARPA>"])
    text = body(notices(t)[0])
    t.expect("SAM@HOSTZ.ARPA" in text, "the failed recipient in the notice's text",
             "SAM@HOSTZ.ARPA", text)
    t.expect("550 5.1.1 No such user here" in text, "HOSTZ's reply in the notice's text",
             "550 5.1.1 No such user here", text)


@check(points=3, hint="RFC 5321 §6.1 and §4.5.5: a notice is sent with the null "
                      "reverse-path, MAIL FROM:<>, to the reverse-path of the failed mail "
                      "(smtp_bounce_envelope)")
def notice_has_null_reverse_path(t):
    """HOSTX sends the notice to HOSTW with MAIL FROM:<> and RCPT
    TO:<JOE@HOSTW.ARPA>; JOE's copy has Return-Path: <>."""
    t.start_net(LAB, only=ALL)
    send(t, "<JOE@HOSTW.ARPA>", ["<SAM@HOSTZ.ARPA>"])
    notice = notices(t)[0]
    t.expect_equal(["MAIL FROM:<>"], commands(t, "HOSTW.ARPA", "MAIL"),
                   "the MAIL command HOSTX sent to HOSTW")
    t.expect_equal(["RCPT TO:<JOE@HOSTW.ARPA>"], commands(t, "HOSTW.ARPA", "RCPT"),
                   "the RCPT command HOSTX sent to HOSTW")
    t.expect_equal("<>", notice["Return-Path"], "the Return-Path: of JOE's notice")


@check(points=3, hint="RFC 5321 §4.5.5: a notice that cannot be delivered is dropped, never "
                      "answered by another notice - that way lie mail loops "
                      "(smtp_bounce_envelope gives no envelope for \"<>\")")
def failing_notice_is_dropped(t):
    """NOBODY@HOSTW.ARPA (no such user) mails SAM@HOSTZ.ARPA: HOSTX's notice
    to NOBODY is refused too, and HOSTX drops it: one notice sent, no
    notice about the notice, and HOSTX's queue empties."""
    t.start_net(LAB, only=ALL)
    send(t, "<NOBODY@HOSTW.ARPA>", ["<SAM@HOSTZ.ARPA>"])
    t.wait(lambda: commands(t, "HOSTW.ARPA", "RCPT"), "the notice offered to HOSTW")
    queue_empty(t)
    t.expect_equal(["RCPT TO:<NOBODY@HOSTW.ARPA>"], commands(t, "HOSTW.ARPA", "RCPT"),
                   "the RCPT commands HOSTW was sent (one notice, no notice of a notice)")
    dropped = [e for e in t.trace("HOSTX.ARPA") if e["event"] == "bounce" and e["reverse_path"] == "<>"]
    t.expect(dropped and dropped[0]["notice"] is False, "HOSTX's bounce event for the refused notice",
             "notice: false", dropped)


@check(points=2, timeout=40, hint="RFC 5321 §4.5.4.1: a host that does not answer is tried "
                                  "again later, and past the queue's lifetime the sender gets "
                                  "a notice (RFC 5321 §6.1)")
def unreachable_host_retried_then_bounced(t):
    """HOSTZ is down: HOSTX tries again and again (queue action deferred),
    gives up after queue-lifetime=6 s (expired), and JOE's notice names
    ANN@HOSTZ.ARPA."""
    t.start_net(LAB, only=("HOSTW.ARPA", "HOSTX.ARPA"))
    send(t, "<JOE@HOSTW.ARPA>", ["<ANN@HOSTZ.ARPA>"])
    text = body(notices(t, timeout=25)[0])
    t.expect(len(queue_events(t, "HOSTX.ARPA", "deferred")) >= 2, "HOSTX's tries before it gave up",
             "at least 2 deferred", len(queue_events(t, "HOSTX.ARPA", "deferred")))
    t.expect(queue_events(t, "HOSTX.ARPA", "expired"), "HOSTX's queue event when it gave up",
             "expired", "none")
    t.expect("ANN@HOSTZ.ARPA" in text, "the recipient in the notice", "ANN@HOSTZ.ARPA", text)


@check(points=3, timeout=40, hint="RFC 5321 §4.2.1: 4yz is a transient failure - try again "
                                  "later (§4.5.4.1); only past the queue's lifetime does it "
                                  "become a notice (smtp_relay_fate)")
def transient_reply_retried_then_bounced(t):
    """HOSTQ answers every RCPT with 451 (fault=RCPT:451 ...): HOSTX tries
    at least three times, then gives up, and JOE's notice names
    BOB@HOSTQ.ARPA and quotes the 451."""
    t.start_net(LAB, only=("HOSTW.ARPA", "HOSTX.ARPA", "HOSTQ.ARPA"))
    send(t, "<JOE@HOSTW.ARPA>", ["<BOB@HOSTQ.ARPA>"])
    text = body(notices(t, timeout=25)[0])
    rcpts = commands(t, "HOSTQ.ARPA", "RCPT")
    t.expect(len(rcpts) >= 3, "the RCPT commands HOSTQ was sent", "at least 3 (2 retries)", rcpts)
    t.expect("BOB@HOSTQ.ARPA" in text and "451 4.3.0 Try again later" in text,
             "the recipient and HOSTQ's last reply in the notice",
             "BOB@HOSTQ.ARPA and 451 4.3.0 Try again later", text)
