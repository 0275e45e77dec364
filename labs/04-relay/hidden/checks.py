"""Lab 04's hidden checks: routes that start elsewhere or name a host
twice, the null reverse-path of a notice, a letter with no header, and
RFC 821's own §3.6 dialogue."""
import os

from grader import check

ONE = "127.0.0.24:2525"
HOPS = ("ONE", "TWO", "THREE")
THREE = "127.0.0.26:2525"


def rcpts_at(t, host):
    return [e["line"].split(">")[0] + ">" for e in t.trace(host)
            if e["role"] == "server" and e["event"] == "command" and e["line"].startswith("RCPT")]


def delivered(t):
    return t.wait(lambda: t.maildir("THREE", "JOE"), "the letter in JOE's mailbox at THREE",
                  timeout=20, expected="delivered within 20 s")[0]


def hops(letter):
    return len(letter.get_all("Received", []))


@check(points=2, hint="RFC 821 §3.6: only hops that name this host come off; a route "
                      "whose first hop is another host goes there unchanged")
def route_starting_elsewhere(t):
    """ONE sends <@TWO:JOE@THREE> to TWO as it is."""
    t.start_net("rfc821", only=HOPS)
    t.send_mail(ONE, "<Smith@Alpha.ARPA>", ["<@TWO:JOE@THREE>"], "Subject: via TWO\n\nhi\n")
    letter = delivered(t)
    t.expect_equal(["RCPT TO:<@TWO:JOE@THREE>"], rcpts_at(t, "TWO"), "what TWO was asked")
    t.expect_equal(3, hops(letter), "Received: lines in JOE's copy (ONE, TWO, THREE)")


@check(points=2, hint="RFC 821 §3.6 and smtp_route_is_this_host: a host takes off every "
                      "hop at the front that names it (its name in any case, or a domain it "
                      "serves), not just one")
def host_named_twice(t):
    """<@ONE,@one,@TWO:JOE@THREE> at ONE goes to TWO as <@TWO:JOE@THREE>."""
    t.start_net("rfc821", only=HOPS)
    t.send_mail(ONE, "<Smith@Alpha.ARPA>", ["<@ONE,@one,@TWO:JOE@THREE>"], "Subject: twice\n\nhi\n")
    letter = delivered(t)
    t.expect_equal(["RCPT TO:<@TWO:JOE@THREE>"], rcpts_at(t, "TWO"), "what TWO was asked")
    t.expect_equal(3, hops(letter), "Received: lines in JOE's copy (ONE, TWO, THREE)")


@check(points=1, hint="RFC 821 §3.6: a notice travels with the null reverse-path <>, which "
                      "no relay extends (nothing may answer a notice)")
def null_reverse_path_stays_null(t):
    """MAIL FROM:<> relayed through ONE and TWO is still <> at THREE."""
    t.start_net("rfc821", only=HOPS)
    t.send_mail(ONE, "<>", ["<@ONE,@TWO:JOE@THREE>"], "Subject: a notice\n\nundeliverable\n")
    letter = delivered(t)
    mails = [e["line"].split(">")[0] + ">" for e in t.trace("THREE")
             if e["role"] == "server" and e["event"] == "command" and e["line"].startswith("MAIL")]
    t.expect_equal(["MAIL FROM:<>"], mails, "the MAIL command THREE was sent")
    t.expect_equal("<>", letter["Return-Path"], "the Return-Path: of JOE's copy")


@check(points=1, hint="RFC 5322 §2.1: a header ends at the first empty line - a letter "
                      "typed with no header is all body, so the stamp needs an empty line "
                      "after it")
def stamp_on_a_letter_without_header(t):
    """A letter of two plain lines sent to THREE keeps them as its body."""
    t.start_net("rfc821", only=HOPS)
    t.send_mail(THREE, "<Smith@Alpha.ARPA>", ["<JOE@THREE>"], "Hello Joe:\nno header here.\n")
    letter = delivered(t)
    t.expect_equal(1, hops(letter), "Received: lines of JOE's copy")
    t.expect_equal([], [type(d).__name__ for d in letter.defects],
                   "what a mail reader finds wrong with JOE's copy (an empty line must "
                   "end the header before the body \"Hello Joe:\")")
    t.expect_equal("Hello Joe:\nno header here.\n", letter.get_payload(),
                   "the body of JOE's copy")


@check(points=2, hint="RFC 821 §3.6's example: the sender's dialogue with ONE, replayed "
                      "by smtplab-client --script")
def rfc821_section_3_6_dialogue(t):
    """labs/scripts/rfc821-3.6-source-route.txt replays to the end."""
    t.start_net("rfc821", only=HOPS)
    script = os.path.join(t.kit, "labs", "scripts", "rfc821-3.6-source-route.txt")
    r = t.client("--server", ONE, "--helo", "Alpha.ARPA", "--script", script)
    t.expect_equal(0, r.exit, "smtplab-client --script's exit status (0: every reply matched)")
    letter = delivered(t)
    t.expect_equal(3, hops(letter), "Received: lines in JOE's copy")
