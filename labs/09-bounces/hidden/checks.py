"""Lab 09's hidden checks: the notice routed back along a source-routed
reverse-path (RFC 821 §3.6), only the failed recipient named, a notice
handed in by hand never answered, and a 4yz that clears up."""

from grader import check
from bounce_helpers import (LAB, body, commands, notices, queue_empty,
                            queue_events, send)

ALL = ("HOSTW.ARPA", "HOSTX.ARPA", "HOSTZ.ARPA")


@check(points=2, hint="RFC 821 §3.6: HOSTY sends the notice \"MAIL FROM:<>\" to "
                      "\"RCPT TO:<@HOSTX.ARPA:JOE@HOSTW.ARPA>\" - back along the reverse-path")
def notice_routed_back_along_the_reverse_path(t):
    """RFC 821 §3.6 on rfc821.ini: JOE's letter to <@HOSTY.ARPA:SAM@HOSTZ.ARPA>
    through HOSTX fails at HOSTZ; HOSTY's notice comes to HOSTX as
    MAIL FROM:<> RCPT TO:<@HOSTX.ARPA:JOE@HOSTW.ARPA>, and reaches JOE."""
    t.start_net("rfc821", only=("HOSTW.ARPA", "HOSTX.ARPA", "HOSTY.ARPA", "HOSTZ.ARPA"))
    send(t, "<JOE@HOSTW.ARPA>", ["<@HOSTY.ARPA:SAM@HOSTZ.ARPA>"])
    notices(t)
    t.expect_equal(["MAIL FROM:<JOE@HOSTW.ARPA>", "MAIL FROM:<>"], commands(t, "HOSTX.ARPA", "MAIL"),
                   "the MAIL commands HOSTX was sent: JOE's letter, then HOSTY's notice")
    t.expect_equal(["RCPT TO:<@HOSTX.ARPA:JOE@HOSTW.ARPA>"],
                   [c for c in commands(t, "HOSTX.ARPA", "RCPT") if "JOE" in c],
                   "the RCPT command of the notice HOSTX was sent")


@check(points=2, hint="RFC 5321 §6.1: a notice about the recipients that failed - the "
                      "others were delivered and are not mentioned")
def only_the_failed_recipient_is_named(t):
    """A letter to ANN (exists) and SAM (does not): ANN gets it, and JOE's
    one notice names SAM, not ANN."""
    t.start_net(LAB, only=ALL)
    send(t, "<JOE@HOSTW.ARPA>", ["<ANN@HOSTZ.ARPA>", "<SAM@HOSTZ.ARPA>"])
    t.wait(lambda: t.maildir("HOSTZ.ARPA", "ANN"), "the letter in ANN's mailbox")
    queue_empty(t)
    got = notices(t)
    t.expect_equal(1, len(got), "the notices JOE got")
    text = body(got[0])
    t.expect("SAM@HOSTZ.ARPA" in text and "ANN@HOSTZ.ARPA" not in text.split("header of your")[0],
             "who the notice says was lost", "SAM@HOSTZ.ARPA only", text)


@check(points=2, hint="RFC 5321 §4.5.5: mail with the null reverse-path is never answered "
                      "with a notice, wherever it came from")
def a_null_sender_is_never_answered(t):
    """MAIL FROM:<> handed to HOSTX for SAM@HOSTZ.ARPA: HOSTZ refuses it, and
    HOSTX sends nothing anywhere about it."""
    t.start_net(LAB, only=ALL)
    send(t, "<>", ["<SAM@HOSTZ.ARPA>"])
    bounced = t.wait(lambda: [e for e in t.trace("HOSTX.ARPA") if e["event"] == "bounce"],
                     "HOSTX's bounce event")
    t.expect_equal(False, bounced[0]["notice"], "the notice member of HOSTX's bounce event")
    queue_empty(t)
    t.expect_equal([], [e["id"] for e in queue_events(t, "HOSTX.ARPA", "queued") if "notice" in e["id"]],
                   "the notices HOSTX queued")


@check(points=2, timeout=40, hint="RFC 5321 §4.2.1: a 4yz says \"not now\", not \"never\": "
                                  "the retry delivers (smtp_relay_fate)")
def transient_reply_then_delivered(t):
    """HOSTR answers the first RCPT with 451, the next with 250
    (fault=RCPT@1:451 ...): CAROL gets the letter on a later try, and JOE
    gets no notice."""
    t.start_net(LAB, only=("HOSTW.ARPA", "HOSTX.ARPA", "HOSTR.ARPA"))
    send(t, "<JOE@HOSTW.ARPA>", ["<CAROL@HOSTR.ARPA>"])
    t.wait(lambda: t.maildir("HOSTR.ARPA", "CAROL"), "the letter in CAROL's mailbox at HOSTR", timeout=15)
    queue_empty(t)
    t.expect_equal(2, len(commands(t, "HOSTR.ARPA", "RCPT")), "the RCPT commands HOSTR was sent")
    t.expect_equal([], t.maildir("HOSTW.ARPA", "JOE"), "the notices JOE got")
