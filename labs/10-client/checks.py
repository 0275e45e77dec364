"""Lab 10's public checks: the graded client (labclient.py says which)
sends mail to the servers of client.ini; each check reads what the server
saw in its trace (STATE/HOST/trace.jsonl) and what reached the mailboxes."""

from grader import check
from labclient import (MX, MX_ADDR, PIPE, PIPE_ADDR, SCENARIO, body_of,
                       dialogue, one_session, said, send, verbs)

ANN, BEN = f"ann@{MX}", f"ben@{MX}"
NOBODY, NEMO = f"nobody@{MX}", f"nemo@{MX}"


@check(points=2, hint="RFC 5321 §3.3 and §4.1.1: EHLO (or HELO), MAIL FROM:, one RCPT TO: "
                      "per recipient, DATA, the message and \".\", then QUIT (§4.1.1.10)")
def command_order(t):
    """Two recipients, both accepted: the server reads EHLO, MAIL, RCPT, RCPT,
    DATA and QUIT, in that order, and both mailboxes get the message."""
    t.start_net(SCENARIO)
    r = send(t, MX_ADDR, [ANN, BEN])
    events = one_session(t, MX, r)
    got = verbs(events)
    if got[:1] == ["HELO"]:
        got[0] = "EHLO"
    t.expect(got == ["EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"], "the commands the server read",
             "EHLO (or HELO), MAIL, RCPT, RCPT, DATA, QUIT", dialogue(events))
    for user in ("ann", "ben"):
        t.expect(len(t.maildir(MX, user)) == 1, f"{user}'s mailbox", "one message",
                 f"{len(t.maildir(MX, user))} messages")
    t.expect_equal(0, r.exit, "the client's exit status (0: everyone got it)")


@check(points=2, hint="RFC 5321 §2.3.8: every line you send, command or mail data, ends with "
                      "CRLF (\\r\\n); a bare LF is refused (Python: write \"\\r\\n\" yourself)")
def crlf_line_ends(t):
    """Commands and mail data end each line with CRLF: the server never
    answers "bare LF" and takes the message."""
    t.start_net(SCENARIO)
    r = send(t, MX_ADDR, [ANN], body="line one\nline two\n")
    events = one_session(t, MX, r)
    for e in events:
        text = " ".join(e.get("lines", [])) if e["event"] == "reply" else ""
        t.expect(not ("bare" in text and e["code"] >= 500), "every line to end with CRLF",
                 "no reply about a bare CR or LF", dialogue(events))
    t.expect(len(t.maildir(MX, "ann")) == 1, "ann's mailbox", "the message", said(r))


@check(points=2, hint="RFC 5321 §4.5.2: before sending a line that starts with \".\", add one "
                      "more \".\" (the server takes it off); only \".\" alone ends the data (§4.1.1.4)")
def dot_stuffing(t):
    """A message with lines that start with "." (one is "." alone) arrives
    in the mailbox exactly as it was written."""
    t.start_net(SCENARIO)
    body = "Dots ahead:\n.\n..two\n.hidden line\n. spaced\nend\n"
    r = send(t, MX_ADDR, [ANN], subject="Dots", body=body)
    box = t.maildir(MX, "ann")
    t.expect(len(box) == 1, "ann's mailbox", "the message", said(r))
    t.expect_equal(body, body_of(box[0]), "the body that arrived")


@check(points=2, hint="RFC 5321 §3.3: DATA only when at least one RCPT got 250 or 251; when every "
                      "recipient was refused, end the transaction with RSET (§4.1.1.5) or QUIT")
def rset_when_no_recipient_accepted(t):
    """Every recipient refused (550): no DATA; RSET or QUIT comes next, and
    the exit status says the failure was permanent (5)."""
    t.start_net(SCENARIO)
    r = send(t, MX_ADDR, [NOBODY, NEMO])
    events = one_session(t, MX, r)
    got = verbs(events)
    t.expect("DATA" not in got, "what followed two refused recipients", "RSET or QUIT, no DATA",
             dialogue(events))
    t.expect(got.count("RCPT") == 2 and got[got.index("RCPT") + 2:][:1] in (["RSET"], ["QUIT"]),
             "the command after the last RCPT", "RSET or QUIT", dialogue(events))
    t.expect_equal(5, r.exit, "the client's exit status (5: a permanent failure)")


@check(points=2, hint="RFC 5321 §3.3: a refused RCPT refuses that recipient only; go on with the "
                      "others and send the mail if any was accepted, then report the refusal")
def refused_recipient_others_get_mail(t):
    """ann, nobody (refused 550) and ben: RCPT for all three, the message to
    ann and ben, and exit status 5 for the one refused."""
    t.start_net(SCENARIO)
    r = send(t, MX_ADDR, [ANN, NOBODY, BEN])
    events = one_session(t, MX, r)
    got = verbs(events)
    t.expect(got.count("RCPT") == 3 and "DATA" in got, "the transaction",
             "three RCPTs, then DATA", dialogue(events))
    for user in ("ann", "ben"):
        t.expect(len(t.maildir(MX, user)) == 1, f"{user}'s mailbox", "one message",
                 f"{len(t.maildir(MX, user))} messages; " + said(r))
    t.expect_equal(5, r.exit, "the client's exit status (5: someone was refused for good)")


@check(points=2, hint="RFC 3207 §4.2: after the TLS handshake the client MUST forget what the "
                      "server said before and say EHLO again; check the certificate (--cafile)")
def ehlo_again_after_starttls(t):
    """With --starttls: EHLO, STARTTLS, the handshake, EHLO again, then the
    transaction inside TLS; the message arrives."""
    t.start_net(SCENARIO)
    r = send(t, MX_ADDR, [ANN], starttls=True)
    events = one_session(t, MX, r)
    got = verbs(events)
    tls = [e for e in events if e["event"] == "tls"]
    t.expect(tls and tls[0].get("outcome") == "ok", "the TLS handshake", "outcome ok",
             dialogue(events))
    t.expect(got[:4] == ["EHLO", "STARTTLS", "EHLO", "MAIL"], "the commands around STARTTLS",
             "EHLO, STARTTLS, (TLS), EHLO, MAIL ...", dialogue(events))
    t.expect(len(t.maildir(MX, "ann")) == 1, "ann's mailbox", "the message", said(r))


@check(points=1, hint="RFC 2920 §3.1: with PIPELINING, MAIL, the RCPTs and DATA may go in one "
                      "write, but each still once; wait for DATA's 354 before the message")
def pipelining_server(t):
    """A server that offers PIPELINING: each command is sent once (MAIL, one
    RCPT, DATA) and the message arrives as it was written."""
    t.start_net(SCENARIO)
    body = "Sent pipelined.\n"
    r = send(t, PIPE_ADDR, [f"cat@{PIPE}"], body=body)
    events = one_session(t, PIPE, r)
    got = verbs(events)
    t.expect([v for v in got if v in ("MAIL", "RCPT", "DATA")] == ["MAIL", "RCPT", "DATA"],
             "the transaction", "MAIL, RCPT, DATA, each once", dialogue(events))
    box = t.maildir(PIPE, "cat")
    t.expect(len(box) == 1, "cat's mailbox", "the message", said(r))
    # a command sent again after the 354 lands in the mail data, not in
    # the trace's verbs: the message must arrive exactly as written
    t.expect_equal(body, body_of(box[0]),
                   "the body that arrived (a command sent after the 354 becomes mail data)")
