"""Lab 06's hidden checks: the HELO name means nothing once a client has
logged in, each user takes only its own domain's mail, a failed login is
no login, and the default (no turn-auth=) still believes HELO."""

from grader import check
from turn_helpers import (HOSTB, LAB, expect_collected, held, leave_letter,
                          turn, turn_reply)


@check(points=2, hint="RFC 2645's idea: the login names the client, not HELO; a dial-up "
                      "host may call itself anything (smtp_turn_domain must not read helo)")
def peer_may_give_any_helo(t):
    """hosta logs in with HELO dialup.example and still gets HOSTA's letter."""
    t.start_net(LAB, only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "for HOSTA")
    expect_collected(t, "dialup.example", "hosta", "for HOSTA")


@check(points=2, hint="RFC 2645's idea: each user takes only the domains it may take "
                      "(turn-for=), whatever it says in HELO")
def each_user_only_its_domain(t):
    """Letters held for HOSTA and HOSTC; hostc, saying HELO HOSTA.ARPA, gets
    HOSTC's only, and HOSTA's stays held."""
    t.start_net(LAB, only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "for HOSTA")
    leave_letter(t, "ANN@HOSTC.ARPA", "for HOSTC")
    r, got = turn(t, "HOSTA.ARPA", "hostc")
    t.expect_equal(["for HOSTC"], got, "the letters hostc received")
    t.wait(lambda: len(held(t)) == 1, "the letters HOSTB still holds", expected="1 (HOSTA's)")


@check(points=1, hint="RFC 4954 §6: a 535 leaves the client unauthenticated; TURN is "
                      "still 530 (auth_mailbox is NULL after a failed AUTH)")
def failed_login_is_no_login(t):
    """AUTH with a wrong password (535), then TURN: 530, and nothing leaves."""
    t.start_net(LAB, only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "for HOSTA only")
    d = t.dial(HOSTB)
    d.reply()
    d.command("EHLO HOSTA.ARPA")
    # AUTH PLAIN of "\0hosta\0guess"
    t.expect_equal(535, d.command("AUTH PLAIN AGhvc3RhAGd1ZXNz").code, "the reply to a wrong password")
    r = d.command("TURN")
    t.expect_equal((530, "5.7.0 Authentication required"), (r.code, r.lines[0] if r.lines else ""),
                   "the reply to TURN after a failed AUTH")
    t.expect_equal(1, len(held(t)), "the letters HOSTB still holds")


@check(points=1, hint="RFC 821 §3.8: without turn-auth= the old TURN stays as it was - the "
                      "HELO name decides (smtp_turn_domain calls smtp_turn_held_domain)")
def default_still_believes_helo(t):
    """On rfc821.ini, HELO Beta.ARPA and TURN get nothing of HOSTA's letter,
    HELO HOSTA.ARPA gets it."""
    t.start_net("rfc821", only=("HOSTB.ARPA",))
    leave_letter(t, "JOE@HOSTA.ARPA", "held for HOSTA")
    r, got = turn(t, "Beta.ARPA")
    t.expect_equal(("250", []), (turn_reply(r)[:3], got), "TURN after HELO Beta.ARPA")
    expect_collected(t, "HOSTA.ARPA", None, "held for HOSTA")
