"""Lab 02's public checks: paths given to the parser through the probe
(probe.c prints a path's parts, or the reply its error gets), exact
replies of a real server, and RFC 821's §3.6 dialogue."""
import os

from grader import check
from parsing import parses




@check(points=1, hint="RFC 821 §4.1.2: <mailbox> ::= <local-part> \"@\" <domain>")
def plain_mailbox(t):
    """<Smith@Alpha.ARPA> and <JOE@THREE> parse into local part and domain."""
    parses(t, [("<Smith@Alpha.ARPA>", "ok route= local=Smith domain=Alpha.ARPA"),
               ("<JOE@THREE>", "ok route= local=JOE domain=THREE")])


@check(points=1, hint="RFC 821 §4.1.2: <dot-string> ::= <string> | <string> \".\" "
                      "<dot-string> - dots only between non-empty strings")
def dot_strings(t):
    """<Fred.Smith@x> parses; <a..b@x> is refused."""
    parses(t, [("<Fred.Smith@x>", "ok route= local=Fred.Smith domain=x"),
               ("<a..b@x>", "501 Syntax error in mailbox: bad local part")])


@check(points=1, hint="RFC 821 §4.1.2: <quoted-string> ::= \"\"\" <qtext> \"\"\" - a space "
                      "is allowed inside the quotes")
def quoted_local_part(t):
    """<"Fred Smith"@Alpha.ARPA> keeps its quotes in the local part."""
    parses(t, [('<"Fred Smith"@Alpha.ARPA>', 'ok route= local="Fred Smith" domain=Alpha.ARPA')])


@check(points=2, hint="RFC 821 §3.6 and §4.1.2: <path> ::= \"<\" [ <a-d-l> \":\" ] <mailbox> "
                      "\">\", the route's hosts first host first")
def source_route(t):
    """<@ONE,@TWO:JOE@THREE> has the route ONE, TWO."""
    parses(t, [("<@ONE,@TWO:JOE@THREE>", "ok route=ONE,TWO local=JOE domain=THREE")])


@check(points=2, hint="RFC 821 §4.2.2: 501 \"Syntax error in parameters or arguments\" - "
                      "say which part was wrong")
def malformed_route_501(t):
    """RCPT TO:<@ONE,TWO:JOE@THREE> gets 501 with the reason, and the session goes on."""
    t.start_net("rfc821", only=("ONE",))
    d = t.dial("127.0.0.24:2525")
    d.reply()
    d.command("HELO Alpha.ARPA")
    t.expect_equal(250, d.command("MAIL FROM:<Smith@Alpha.ARPA>").code, "the reply to MAIL FROM")
    r = d.command("RCPT TO:<@ONE,TWO:JOE@THREE>")
    t.expect_equal("501 Syntax error in source route: expected ',@' or ':'", str(r),
                   "the reply to RCPT TO:<@ONE,TWO:JOE@THREE>")
    t.expect_equal(250, d.command("NOOP").code, "the reply to NOOP after it")


@check(points=2, hint="RFC 821 §3.6's example, replayed by smtplab-client --script: every "
                      "host must parse the route it is given")
def rfc821_section_3_6(t):
    """labs/scripts/rfc821-3.6-source-route.txt replays and JOE gets the letter."""
    t.start_net("rfc821", only=("ONE", "TWO", "THREE"))
    script = os.path.join(t.kit, "labs", "scripts", "rfc821-3.6-source-route.txt")
    r = t.client("--server", "127.0.0.24:2525", "--helo", "Alpha.ARPA", "--script", script)
    t.expect_equal(0, r.exit, f"smtplab-client --script's exit status ({r.out.strip()[-200:]})")
    t.wait(lambda: t.maildir("THREE", "JOE"), "the letter in JOE's mailbox at THREE", timeout=20)
