"""Lab 04's public checks: a letter source-routed through ONE and TWO to
JOE@THREE (labs/scenarios/rfc821.ini), looked at on the wire (each host's
trace) and in JOE's mailbox at THREE, the last host."""
from grader import check

ONE = "127.0.0.24:2525"
HOPS = ("ONE", "TWO", "THREE")
SMITH = "<Smith@Alpha.ARPA>"
LETTER = "From: Smith@Alpha.ARPA\nTo: JOE@THREE\nSubject: by way of ONE and TWO\n\nHello Joe.\n"


def relay(t, forward_path, reverse_path=SMITH, data=LETTER):
    """Send one letter to ONE and wait until JOE has it at THREE."""
    t.start_net("rfc821", only=HOPS)
    steps = t.send_mail(ONE, reverse_path, [forward_path], data)
    rcpt = [r for c, r in steps if c and c.startswith("RCPT")][0]
    t.expect(rcpt.code == 250, f"ONE's reply to RCPT TO:{forward_path}", "250", rcpt)
    end = [r for c, r in steps if c == "."]
    t.expect(end and end[0].code == 250, "ONE's reply to the end of the mail data", "250",
             end[0] if end else "no DATA")
    return t.wait(lambda: t.maildir("THREE", "JOE"), "the letter in JOE's mailbox at THREE",
                  timeout=20, expected="delivered within 20 s")[0]


def received_by(t, host, verb):
    """The lines host was sent as a server that begin with verb."""
    return [e["line"].split(">")[0] + ">" for e in t.trace(host)
            if e["role"] == "server" and e["event"] == "command" and e["line"].startswith(verb)]


@check(points=2, hint="RFC 821 §3.6: each host on the route passes the mail to the next one, "
                      "and the last host delivers it")
def relay_reaches_joe(t):
    """<@ONE,@TWO:JOE@THREE> sent to ONE reaches JOE's mailbox at THREE."""
    relay(t, "<@ONE,@TWO:JOE@THREE>")


@check(points=2, hint="RFC 821 §3.6: a relay \"deletes its own identifier from the "
                      "forward-path\" before it passes the mail on (smtp_route_next_hop)")
def forward_path_loses_each_hop(t):
    """TWO is asked RCPT TO:<@TWO:JOE@THREE>, THREE RCPT TO:<JOE@THREE>."""
    relay(t, "<@ONE,@TWO:JOE@THREE>")
    t.expect_equal(["RCPT TO:<@TWO:JOE@THREE>"], received_by(t, "TWO", "RCPT"),
                   "the RCPT commands ONE sent to TWO")
    t.expect_equal(["RCPT TO:<JOE@THREE>"], received_by(t, "THREE", "RCPT"),
                   "the RCPT commands TWO sent to THREE")


@check(points=2, hint="RFC 821 §3.6: \"the SMTP adds its own identifier to the "
                      "reverse-path\" - in front, so the way back starts with the last relay "
                      "(smtp_route_reverse_path)")
def reverse_path_grows(t):
    """TWO is told MAIL FROM:<@ONE:Smith@Alpha.ARPA>, THREE <@TWO,@ONE:…>."""
    relay(t, "<@ONE,@TWO:JOE@THREE>")
    t.expect_equal(["MAIL FROM:<@ONE:Smith@Alpha.ARPA>"], received_by(t, "TWO", "MAIL"),
                   "the MAIL command ONE sent to TWO")
    t.expect_equal(["MAIL FROM:<@TWO,@ONE:Smith@Alpha.ARPA>"], received_by(t, "THREE", "MAIL"),
                   "the MAIL command TWO sent to THREE")


@check(points=1, hint="RFC 821 §4.1.2 (RETURN PATH): the final delivery puts the "
                      "reverse-path it was given on top, as Return-Path:")
def return_path_at_the_last_host(t):
    """JOE's copy starts with Return-Path: <@TWO,@ONE:Smith@Alpha.ARPA>."""
    letter = relay(t, "<@ONE,@TWO:JOE@THREE>")
    t.expect_equal("<@TWO,@ONE:Smith@Alpha.ARPA>", letter["Return-Path"],
                   "the Return-Path: of JOE's copy")


@check(points=3, hint="RFC 821 §4.1.2 (TIME STAMP): every host \"inserts at the beginning "
                      "of the mail data a time stamp line\" - so the newest is on top "
                      "(smtp_message_prepend)")
def one_received_per_hop_newest_first(t):
    """JOE's copy has three Received: lines, by THREE, TWO, ONE in that order,
    above the letter's own header."""
    letter = relay(t, "<@ONE,@TWO:JOE@THREE>")
    by = [" ".join(v.split()).split(" by ")[1].split()[0] if " by " in " ".join(v.split()) else v
          for v in letter.get_all("Received", [])]
    t.expect_equal(["THREE", "TWO", "ONE"], by, "the hosts named after \"by\" in the "
                   "Received: lines of JOE's copy, top to bottom")
    names = [k for k in letter.keys()]
    t.expect(names.index("Received") < names.index("From"),
             "where the Received: lines are", "above From: and Subject:", " / ".join(names))
