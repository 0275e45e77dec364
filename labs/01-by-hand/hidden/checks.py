"""Lab 01 - SMTP by hand: the hidden checks of transcript.txt."""

from grader import check
from replay import replayed


@check(points=1, hint="RFC 821 §4.1.1 and §3.5: the sender ends every session with QUIT, "
       "and the receiver answers 221 before it closes the channel. A mail transaction's "
       "data ends with a line holding only '.' (§4.5.2); without it, QUIT is a line of the letter.")
def every_session_quits(t):
    """Every session of the transcript ends with QUIT, and the server answers 221."""
    for s in replayed(t):
        where = f"the session at line {s.lineno} ({s.host or s.address})"
        last = s.served[-1] if s.served else None
        got = "nothing" if last is None else \
            f"the connection closed after {last[0] or 'the greeting'} -> {last[1]}"
        t.expect(last is not None and (last[0] or "").upper() == "QUIT" and last[1] == 221,
                 f"the end of {where}", "QUIT answered 221", got)


def words(text):
    return " ".join(text.split())


@check(points=1, hint="RFC 821 §4.2: the code is for the program, the text for the human "
       "reading it; copy the text your server really sent (or leave it out and write the code).")
def reply_texts_as_served(t):
    """Where the transcript gives a reply's text, it is the text the server sent."""
    for s in replayed(t):
        for i, (lineno, command, data, replies) in enumerate(s.steps):
            if i >= len(s.served) or not replies:
                continue
            sent = s.served[i][2]
            written = [body[4:] for n, body in replies]
            if not any(written):
                continue
            t.expect([words(x) for x in written] == [words(x) for x in sent[:len(written)]]
                     and len(written) <= len(sent),
                     f"the reply text at line {replies[0][0]} of transcript.txt",
                     " / ".join(sent), " / ".join(written))
