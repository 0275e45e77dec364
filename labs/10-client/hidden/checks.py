"""Lab 10's hidden checks: the graded client against servers with faults
(faults.ini) and one more message with dots."""

from grader import check
from labclient import (MX, MX_ADDR, SCENARIO, body_of, dialogue, one_session,
                       said, send, verbs)

FAULTS = "faults.ini"


def faulty(t, name, addr_last, **kwargs):
    """Send to ann at the faults.ini host name (127.0.0.N:2525); the Result
    and the server's session."""
    t.start_net(FAULTS, only=[name])
    r = send(t, f"127.0.0.{addr_last}:2525", [f"ann@{name}"], **kwargs)
    return r, one_session(t, name, r)


def no_traceback(t, r):
    t.expect("Traceback" not in r.err, "your client's error message",
             "one clear line, not a Python traceback", r.err.strip()[-600:])


@check(points=2, hint="RFC 5321 §3.2: a server that does not know EHLO answers 500 or 502; "
                      "then the client says HELO instead")
def helo_after_ehlo_refused(t):
    """EHLO answered 502: the client says HELO and the mail still goes."""
    r, events = faulty(t, "helo.lab10.example", 110)
    got = verbs(events)
    t.expect(got[:2] == ["EHLO", "HELO"] and "DATA" in got, "the greeting commands",
             "EHLO, then HELO after the 502, then the transaction", dialogue(events))
    t.expect_equal(0, r.exit, "the client's exit status")


@check(points=1, hint="RFC 5321 §3.3: a MAIL refused (5yz) ends the transaction: no RCPT, "
                      "no DATA; QUIT and report the refusal")
def mail_refused_ends_transaction(t):
    """MAIL answered 550: no RCPT or DATA after it, exit status 5."""
    r, events = faulty(t, "nosender.lab10.example", 115)
    got = verbs(events)
    t.expect("RCPT" not in got and "DATA" not in got, "what followed MAIL's 550",
             "QUIT (or RSET), no RCPT, no DATA", dialogue(events))
    t.expect_equal(5, r.exit, "the client's exit status (5: a permanent failure)")


@check(points=1, hint="RFC 5321 §4.1.1.4: only a 354 asks for the message; after any other "
                      "reply to DATA the transaction is over: QUIT and report it")
def data_refused_sends_no_message(t):
    """DATA answered 554: the message is not sent (its lines would arrive
    as commands); QUIT, and exit status 5."""
    r, events = faulty(t, "nodata.lab10.example", 116)
    got = verbs(events)
    after = got[got.index("DATA") + 1:] if "DATA" in got else got
    t.expect("DATA" in got and all(v in ("QUIT", "RSET") for v in after),
             "what followed DATA's 554", "QUIT (or RSET), no message", dialogue(events))
    t.expect_equal(5, r.exit, "the client's exit status (5: a permanent failure)")


@check(points=2, hint="RFC 5321 §3.8: 421 means the server is closing the channel: stop, "
                      "report a temporary failure (exit 4), send nothing more but QUIT")
def reply_421_ends_session(t):
    """RCPT answered 421: no more transaction commands; the client ends on
    its own with exit status 4 (temporary) and one clear line."""
    r, events = faulty(t, "busy.lab10.example", 111)
    got = verbs(events)
    after = got[got.index("RCPT") + 1:] if "RCPT" in got else got
    t.expect(all(v in ("QUIT", "RSET") for v in after), "what followed the 421",
             "nothing (or QUIT)", dialogue(events))
    no_traceback(t, r)
    t.expect_equal(4, r.exit, "the client's exit status (4: try again later)")


@check(points=2, hint="RFC 5321 §4.2.1 and §4.5.4.1: a 4yz after the data means the message "
                      "was NOT taken, but may be later: report it as temporary (exit 4)")
def temporary_failure_at_end_of_data(t):
    """The server answers 451 to the final ".": the client exits 4."""
    r, events = faulty(t, "tempfail.lab10.example", 112)
    t.expect("DATA" in verbs(events), "the transaction", "DATA and the message", dialogue(events))
    no_traceback(t, r)
    t.expect_equal(4, r.exit, "the client's exit status (4: try again later)")


@check(points=2, timeout=40, hint="RFC 5321 §4.5.3.2: a client waits minutes for a reply "
                                  "(5 for MAIL and RCPT, 10 after the data), not one second")
def slow_reply_is_waited_for(t):
    """RCPT's reply takes 2 s: the client waits for it and the mail goes."""
    r, events = faulty(t, "slow.lab10.example", 113)
    t.expect(len(t.maildir("slow.lab10.example", "ann")) == 1, "ann's mailbox", "the message",
             said(r) + "\n" + dialogue(events))
    t.expect_equal(0, r.exit, "the client's exit status")


@check(points=2, hint="RFC 5321 §3.8: a connection can break at any time; say so in one line "
                      "on stderr and exit 3, never hang or print a traceback")
def dropped_connection_reported(t):
    """The server hangs up in the middle of the data: the client ends at
    once with exit status 3 and says why on stderr."""
    r, events = faulty(t, "drop.lab10.example", 114)
    no_traceback(t, r)
    t.expect(r.err.strip(), "your client's standard error", "a line saying the connection broke",
             "nothing")
    t.expect_equal(3, r.exit, "the client's exit status (3: the connection broke)")


@check(points=1, hint="RFC 5321 §3.8: the server may close before your first command; "
                      "report it in one line and exit 3")
def dropped_after_greeting_reported(t):
    """The server hangs up right after its 220: exit status 3 and one line
    on stderr, no traceback, no hang."""
    r, _ = faulty(t, "gone.lab10.example", 117)
    no_traceback(t, r)
    t.expect(r.err.strip(), "your client's standard error", "a line saying the connection broke",
             "nothing")
    t.expect_equal(3, r.exit, "the client's exit status (3: the connection broke)")


@check(points=1, hint="RFC 5321 §4.5.2: every line that starts with \".\" gets one more, the "
                      "first and the last of the body too, and a last line without newline ends with CRLF")
def dot_stuffing_edges(t):
    """A body whose first line is "." and whose last line, "..", has no
    newline arrives intact (with the newline added)."""
    t.start_net(SCENARIO)
    body = ".\nmiddle\n.."
    r = send(t, MX_ADDR, [f"ann@{MX}"], subject="Edges", body=body)
    box = t.maildir(MX, "ann")
    t.expect(len(box) == 1, "ann's mailbox", "the message", said(r))
    t.expect_equal(body + "\n", body_of(box[0]), "the body that arrived")
