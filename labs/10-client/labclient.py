"""labclient.py - what lab 10's checks share: which client is graded, how
it is run, and what the server's trace says it did.

Which client is graded (README.md, "Two tracks, one grader"):
  - while lib/client-next.c still holds the words "LAB 10 STUB", your
    any-language client: the executable client if you made one,
    else client.py (run with python3);
  - otherwise smtplab-client, built with your lib/client-next.c.
Every client is run with the same options (README.md, the same section);
smtplab-client gets the message as --subject and --body-file instead of
standard input.
"""
import os

MX = "mx.lab10.example"            # the server that waits for each command
MX_ADDR = "127.0.0.100:2525"
PIPE = "pipe.lab10.example"        # the server that offers PIPELINING
PIPE_ADDR = "127.0.0.101:2525"
HELO = "client.lab10.example"
SENDER = "student@client.lab10.example"
SCENARIO = "client.ini"

STUB_MARK = "LAB 10 STUB"
REPLY_TIMEOUT = 10                 # --timeout: seconds a client waits for a reply


def graded(t):
    """("c", smtplab-client) or ("any", argv of the student's client)."""
    with open(os.path.join(t.kit, "lib", "client-next.c"), encoding="utf-8") as f:
        if STUB_MARK not in f.read():
            return "c", [t.bin("smtplab-client")]
    for name, argv in (("client", []), ("client.py", ["python3"])):
        for folder in (os.path.join(t.kit, "labs", os.path.basename(t.lab)), t.lab):
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                return "any", argv + [path]
    t.fail("a client to grade", "your lib/client-next.c without its stub, or a client.py",
           "the stub in lib/client-next.c and no client.py or client")


def message(subject, body):
    """The message as the any-language client reads it on standard input."""
    return f"From: <{SENDER}>\nSubject: {subject}\n\n{body}"


def send(t, server, recipients, subject="Lab 10", body="Hello from lab 10.\n",
         starttls=False, timeout=25):
    """Run the graded client once: --server server, one --to per recipient,
    --timeout REPLY_TIMEOUT (so a client waiting for a reply that never
    comes says so before the check's time is up); its Result."""
    track, argv = graded(t)
    args = ["--server", server, "--helo", HELO, "--from", SENDER, "--timeout", str(REPLY_TIMEOUT)]
    for r in recipients:
        args += ["--to", r]
    ca = os.path.join(t.kit, "certs", "ca.crt")
    if track == "c":
        body_file = os.path.join(t.tmp, "body.txt")
        with open(body_file, "w", encoding="utf-8") as f:
            f.write(body)
        args += ["--subject", subject, "--body-file", body_file]
        if starttls:
            args += ["--starttls", "--ca", ca]
        return t.run(argv + args, timeout=timeout)
    if starttls:
        args += ["--starttls", "--cafile", ca]
    return t.run(argv + args, input=message(subject, body), timeout=timeout)


def said(result):
    """The end of what the client printed, for a failure's "got"."""
    text = (result.out + result.err).strip()
    return f"exit status {result.exit}" + (f"; it printed:\n{text[-600:]}" if text else "")


def sessions(t, host):
    """The server's sessions at host, each a list of its trace events."""
    by_id = {}
    for e in t.trace(host):
        if e.get("role") == "server":
            by_id.setdefault(e["session"], []).append(e)
    return list(by_id.values())


def verbs(events):
    """The verbs of the commands the server read, in order."""
    return [e.get("verb") or e["line"].split(" ")[0].upper()
            for e in events if e["event"] == "command"]


def dialogue(events, last=14):
    """The session as C:/S: lines (the last few), for a failure's "got"."""
    lines = []
    for e in events:
        if e["event"] == "command":
            lines.append("C: " + e["line"])
        elif e["event"] == "reply":
            lines.append(f"S: {e['code']} {e['lines'][0] if e['lines'] else ''}")
        elif e["event"] == "data":
            lines.append(f"C: ({e.get('size')} octets of mail data)")
        elif e["event"] in ("tls", "close", "fault"):
            lines.append(f"-- {e['event']}: " + ", ".join(
                f"{k}={v}" for k, v in e.items()
                if k not in ("ts", "v", "host", "role", "session", "event")))
    return "\n".join(lines[-last:]) or "(no session)"


def one_session(t, host, result):
    """The single session the client had with host (fails if none)."""
    found = sessions(t, host)
    t.expect(found, f"a session at {host}", "your client to connect", said(result))
    return found[-1]


def body_of(msg):
    """A stored message's body, with LF line ends."""
    payload = msg.get_payload(decode=True) or b""
    return payload.decode("utf-8", "replace").replace("\r\n", "\n")
