"""Lab 01 - SMTP by hand: the public checks of transcript.txt.

Every check replays the transcript on a fresh RFC 821 network (replay.py),
then asks two things: does the transcript say it, and did the server say
it too (its trace, its mailboxes)?"""
import os

from grader import check
from replay import replayed


def where(s):
    return f"the session at line {s.lineno} ({s.host or s.address})"


def pairs(s):
    """(lineno, command, code written, server's [line, code, lines] or None)
    for each command of session s, in order."""
    for i, (lineno, command, data, replies) in enumerate(s.steps):
        if command is None:
            continue
        written = replies[0][1][:3] if replies else ""
        yield lineno, command, written, s.served[i] if i < len(s.served) else None


def verb_of(line):
    return line.split(" ")[0].upper()


def answered(t, found, verb, code, what):
    """The (session, lineno, command, reply lines) of a `verb` the transcript
    expects to be answered `code` and the server did answer so; else the
    check fails saying what the transcript and the server said."""
    written, seen = [], []
    for s in found:
        for lineno, command, want, got in pairs(s):
            if verb_of(command) != verb:
                continue
            written.append(f"line {lineno}: {command} -> {want or '(no S: line)'}")
            if got is None:
                seen.append(f"{command}: never sent ({s.run.err.strip() or 'the replay stopped'})")
                continue
            seen.append(f"{command} -> {got[1]} {' '.join(got[2])}")
            if want == str(code) and got[1] == code:
                return s, lineno, command, got[2]
    if not any(w.endswith(f"-> {code}") for w in written):
        t.fail(f"{'an' if verb[0] in 'AEIOU' else 'a'} {verb} in transcript.txt answered {code} ({what})",
               f"C: {verb} ... followed by S: {code} ...",
               "; ".join(written) or f"no {verb} at all")
    t.fail(f"the server's answer to your {verb} ({what})", f"{code}",
           "; ".join(seen) or "nothing")


@check(points=2, hint="Run each session with smtplab-client --script and copy the replies "
       "the server really gives (RFC 821 §4.2: a reply starts with its 3-digit code). "
       "python3 replay.py transcript.txt inside the network names the line.")
def transcript_replays(t):
    """Every session of transcript.txt replays with smtplab-client --script against a
    fresh RFC 821 network, every reply the one you wrote (exit status 0)."""
    for s in replayed(t):
        t.expect(s.run.exit == 0, f"{where(s)} replayed with --script",
                 "every reply as written (exit status 0)",
                 s.run.err.strip().replace("smtplab-client: ", "") or f"exit {s.run.exit}")


@check(points=1, hint="RFC 821 §3.3 and §4.2: 251 User not local; will forward to "
       "<forward-path>. USC-ISI.ARPA (127.0.0.14:2525) forwards some of its users.")
def vrfy_will_forward_251(t):
    """A VRFY answered 251: the user is not here, but the server forwards the mail."""
    answered(t, replayed(t), "VRFY", 251, "user not local; will forward")


@check(points=1, hint="RFC 821 §3.3 and §4.2: 551 User not local; please try "
       "<forward-path>. A moved user: the server will not forward, the sender must.")
def vrfy_not_local_551(t):
    """A VRFY answered 551: the user has moved, and the server says where to try."""
    answered(t, replayed(t), "VRFY", 551, "user not local; please try")


@check(points=1, hint="RFC 821 §3.3: 553 User ambiguous, when a string matches more "
       "than one user. USC-ISIQ.ARPA (127.0.0.16:2525) has two users of one name.")
def vrfy_ambiguous_553(t):
    """A VRFY answered 553: the name matches more than one user."""
    answered(t, replayed(t), "VRFY", 553, "user ambiguous")


@check(points=2, hint="RFC 821 §3.3 and §4.2: EXPN answers a list with a multi-line "
       "reply, \"250-\" on every line but the last; write every line of it. "
       "USC-ISIF.ARPA (127.0.0.13:2525) has the list Example-People.")
def expn_lists_members(t):
    """An EXPN of a mailing list, answered 250 with one line per member, every line of
    the reply written in the transcript."""
    found = replayed(t)
    s, lineno, command, lines = answered(t, found, "EXPN", 250, "the members of a list")
    written = next(r for n, c, d, r in s.steps if n == lineno)
    t.expect(len(lines) > 1, f"the reply to {command} (line {lineno})",
             "a list: a multi-line reply, one member per line", f"one line: {lines}")
    t.expect(len(written) == len(lines), f"the reply to {command} in transcript.txt "
             f"(line {lineno})", f"all {len(lines)} lines the server sent",
             f"{len(written)} S: line(s)")


def transactions(s):
    """The mail transactions of session s: for each MAIL, the written and
    served (command, code) of its RCPTs and the data step."""
    out = []
    for i, (lineno, command, data, replies) in enumerate(s.steps):
        got = s.served[i] if i < len(s.served) else None
        written = replies[0][1][:3] if replies else ""
        if command is not None and verb_of(command) == "MAIL":
            out.append({"line": lineno, "rcpt": [], "data": None})
        elif out and command is not None and verb_of(command) == "RCPT":
            out[-1]["rcpt"].append((command, written, got and got[1]))
        elif out and data is not None:
            out[-1]["data"] = (lineno, data, written, got and got[1])
    return out


def mailbox_of(t, host, rcpt):
    """The delivered letters of the mailbox RCPT TO:<...> names at host."""
    local = rcpt.split("<", 1)[-1].split(":")[-1].split("@")[0]
    folder = os.path.join(t.state, host, "mail")
    names = os.listdir(folder) if os.path.isdir(folder) else []
    user = next((n for n in names if n.lower() == local.lower()), local)
    return user, t.maildir(host, user)


@check(points=2, hint="RFC 821 §3.1: a 550 refuses only that recipient; the transaction "
       "goes on, and the data goes to the recipients accepted. Beta.ARPA "
       "(127.0.0.11:2525) has Jones and Brown, not Green.")
def one_recipient_refused(t):
    """One mail transaction to two recipients: the server refuses one (550), accepts the
    other (250), and the letter is delivered to that one's mailbox."""
    found = replayed(t)
    tried = []
    for s in found:
        for tr in transactions(s):
            refused = [r for r in tr["rcpt"] if r[1] == "550"]
            accepted = [r for r in tr["rcpt"] if r[1] == "250"]
            tried.append(f"line {tr['line']}: " + ", ".join(f"{c} -> {w}" for c, w, g in tr["rcpt"]))
            if not (refused and accepted and tr["data"] and tr["data"][2] == "250"):
                continue
            t.expect(all(g == 550 for c, w, g in refused) and all(g == 250 for c, w, g in accepted),
                     f"the server's answers to the RCPTs of line {tr['line']}",
                     "550 and 250 as written",
                     ", ".join(f"{c} -> {g or 'never sent'}" for c, w, g in tr["rcpt"]))
            t.expect(tr["data"][3] == 250, f"the server's reply to the end of the data "
                     f"(line {tr['data'][0]})", "250", tr["data"][3] or "never sent")
            user, letters = mailbox_of(t, s.host, accepted[0][0])
            t.expect(letters, f"the letter in {user}'s mailbox at {s.host}",
                     "delivered (the accepted recipient still gets it)", "no letter")
            return
    t.fail("a mail transaction in transcript.txt", "MAIL, a RCPT answered 550, a RCPT "
           "answered 250, DATA, the data ended by '.' and answered 250",
           "; ".join(tried) or "no MAIL command")


@check(points=2, hint="RFC 821 §4.5.2: the sender doubles a period at the start of a "
       "line, the receiver takes one off. With nc you type the second period yourself; "
       "in a transcript the client adds it: write the line as the letter reads.")
def dot_line_arrives_once(t):
    """The letter has a line beginning with one period: the client sends it as ".." on
    the wire, and the mailbox holds it with one period again."""
    found = replayed(t)
    dotted = [(s, n, line) for s in found for n, data, w in s.data_steps()
              for line in data if line.startswith(".")]
    t.expect(dotted, "a line of mail data in transcript.txt that begins with '.'",
             "C: .something (between DATA's 354 and the final C: .)", "none")
    one = [(s, n, line) for s, n, line in dotted if not line.startswith("..")]
    t.expect(one, "a data line written with one period",
             "C: .something (the client doubles it on the wire)",
             "; ".join(f"C: {line} (arrives as {line!r})" for s, n, line in dotted))
    for s, n, line in one:
        t.expect(f"C: .{line}" in s.run.out.splitlines(), f"the line {line!r} on the wire",
                 f"C: .{line} (dot-stuffed by the client)", s.run.err.strip() or "not sent")
        got = []
        folder = os.path.join(t.state, s.host or "-", "mail")
        for user in sorted(os.listdir(folder) if os.path.isdir(folder) else []):
            for letter in t.maildir(s.host, user):
                body = letter.get_payload()
                lines = body.splitlines() if isinstance(body, str) else []
                if line in lines:
                    return
                got += [f"{user}: {x!r}" for x in lines if x.lstrip(".") == line.lstrip(".")]
        t.fail(f"the line {line!r} in the delivered letter at {s.host}",
               f"{line!r}, one period", "; ".join(got) or "no such line in any mailbox")
