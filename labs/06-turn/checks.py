"""Lab 06's public checks: the role swap of RFC 821 §3.8 and ETRN (RFC
1985) on the stock rfc821.ini, then the attack on TURN and its fix on the
lab's turn.ini, where HOSTB.ARPA has turn-auth=required."""

from grader import check
from turn_helpers import (HOSTB, LAB, expect_collected, held, leave_letter,
                          turn, turn_reply)


@check(points=2, hint="RFC 821 §3.8: after 250 to TURN the client is the receiver and "
                      "the server sends it the mail it holds for it, on the same connection")
def turn_swaps_roles(t):
    """On rfc821.ini (no turn-auth), a client saying HELO HOSTA.ARPA and TURN
    receives the letter HOSTB held for HOSTA, and HOSTB's queue empties."""
    t.start_net("rfc821", only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "held for HOSTA")
    expect_collected(t, "HOSTA.ARPA", None, "held for HOSTA")


@check(points=2, hint="RFC 1985: ETRN <domain> makes the server start sending what it "
                      "holds for domain, to that domain's own host, on a new connection")
def etrn_starts_delivery(t):
    """On rfc821.ini, ETRN HOSTA.ARPA gets 250 and the held letter reaches
    JOE's mailbox at HOSTA."""
    t.start_net("rfc821", only=("HOSTA.ARPA", "HOSTB.ARPA"))
    leave_letter(t, "JOE@HOSTA.ARPA", "asked for with ETRN")
    d = t.dial(HOSTB)
    d.reply()
    d.command("EHLO HOSTA.ARPA")
    r = d.command("ETRN HOSTA.ARPA")
    t.expect_equal(250, r.code, "HOSTB's reply to ETRN HOSTA.ARPA")
    letters = t.wait(lambda: t.maildir("HOSTA.ARPA", "JOE"), "the letter in JOE's mailbox at HOSTA",
                     timeout=15, expected="delivered within 15 s")
    t.expect_equal("asked for with ETRN", letters[0]["Subject"], "the Subject: of JOE's letter")


@check(points=3, hint="RFC 4954 §6: \"530 5.7.0 Authentication required\" answers a command "
                      "that policy allows only after AUTH; under turn-auth=required TURN is one "
                      "(smtp_turn_auth_refusal)")
def impostor_is_refused(t):
    """On turn.ini, a client that says HELO HOSTA.ARPA and TURN without
    logging in gets 530 and nothing; HOSTB still holds HOSTA's letter."""
    t.start_net(LAB, only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "for HOSTA only")
    r, got = turn(t, "HOSTA.ARPA")
    t.expect_equal("530 5.7.0 Authentication required", turn_reply(r), "HOSTB's reply to TURN before AUTH")
    t.expect_equal([], got, "the letters the impostor received")
    t.expect_equal(1, len(held(t)), "the letters HOSTB still holds")


@check(points=2, hint="RFC 2645's idea: after AUTH the server hands over the mail of the "
                      "domains that user may take (turn-for=, smtp_directory_may_turn)")
def real_peer_gets_its_mail(t):
    """On turn.ini, HOSTA's mail host logged in as hosta receives HOSTA's
    letter after TURN, and HOSTB's queue empties."""
    t.start_net(LAB, only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "for HOSTA")
    expect_collected(t, "HOSTA.ARPA", "hosta", "for HOSTA")


@check(points=3, hint="RFC 2645's idea: who logged in decides, not that someone did, nor "
                      "the HELO name (smtp_turn_domain: only the user's turn-for= domains)")
def other_user_gets_nothing(t):
    """On turn.ini, mallory (a user of HOSTB who may take nothing) logs in,
    says HELO HOSTA.ARPA and TURN: no letter; HOSTB still holds HOSTA's."""
    t.start_net(LAB, only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "for HOSTA only")
    r, got = turn(t, "HOSTA.ARPA", "mallory")
    t.expect_equal([], got, "the letters mallory received")
    t.expect_equal(1, len(held(t)), "the letters HOSTB still holds")
