"""replay.py - a lab 01 transcript: its sessions, replayed one by one.

A transcript holds several sessions, one per server; each starts with a
comment line naming the server's address ("# Server: ADDR:PORT", or a
"# Run it: ... --server ADDR:PORT" line as in labs/scripts/*.txt), then
C:/S: lines in the format of labs/scripts/*.txt (client/script.c reads them):

    # Server: 127.0.0.14:2525 (USC-ISI.ARPA)
    S: 220 USC-ISI.ARPA Simple Mail Transfer Service Ready
    C: HELO Alpha.ARPA
    S: 250 USC-ISI.ARPA

Each session is replayed with "smtplab-client --server ADDR --script FILE"
(FILE keeps the transcript's line numbers, so a mismatch names the line of
transcript.txt).  The checks (checks.py, hidden/checks.py) use this module;
a student can run it against a running network too:

    ../../bin/smtplab-net --private rfc821 --state /tmp/lab01 -- python3 replay.py transcript.txt
"""
import os
import re
import subprocess
import sys

# "# Server: ADDR:PORT", or the "Run it:" line of labs/scripts/*.txt
SERVER = re.compile(r"^#\s*(?:Server:\s*|Run it:.*--server\s+)(\S+)")


class Session:
    """One session of the transcript: where it starts, the server it talks
    to, and its steps as (lineno, command or None, data lines or None,
    [(lineno, reply line)]); the greeting is the step with neither."""
    def __init__(self, lineno, address):
        self.lineno, self.address = lineno, address
        self.lines = {}            # lineno -> the transcript's line
        self.steps = []
        self.run = None            # the replay's Result, once replayed

    def text(self, total):
        """The session alone, other lines left empty (line numbers kept)."""
        return "\n".join(self.lines.get(n, "") for n in range(1, total + 1)) + "\n"

    def commands(self):
        """(lineno, command, expected code, reply lines) for each command."""
        for lineno, command, data, replies in self.steps:
            if command is not None:
                yield lineno, command, replies[0][1][:3] if replies else "", replies

    def data_steps(self):
        """(lineno, data lines, expected code) of each mail data it sends."""
        for lineno, command, data, replies in self.steps:
            if data is not None:
                yield lineno, data, replies[0][1][:3] if replies else ""


def parse_steps(session):
    """The steps of session, read the way client/script.c reads a script:
    after a reply 354 to DATA the C: lines are mail data up to "C: .";
    the client dot-stuffs them on the wire (RFC 821 §4.5.2)."""
    steps = [[session.lineno, None, None, []]]
    in_data = False
    for n, raw in sorted(session.lines.items()):
        kind, body = raw[:2], raw[2:].rstrip()
        body = body[1:] if body.startswith(" ") else body
        last = steps[-1]
        if kind == "C:" and in_data:
            in_data = body != "."
            if in_data:
                last[2].append(body)
        elif kind == "C:":
            steps.append([n, body, None, []])
        elif kind == "S:" and (not last[3] or last[3][-1][1][3:4] == "-"):
            last[3].append((n, body))          # script.c reads one reply a step
            verb = (last[1] or "").split(" ")[0].upper()
            if len(last[3]) == 1 and verb == "DATA" and body.startswith("354"):
                in_data = True
                steps.append([n, None, [], []])
    session.steps = steps


def sessions(path):
    """The sessions of the transcript at path, and its number of lines."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    found = []
    for n, line in enumerate(lines, 1):
        m = SERVER.match(line)
        if m:
            found.append(Session(n, m.group(1)))
        elif found:
            found[-1].lines[n] = line
    for s in found:
        parse_steps(s)
    return found, len(lines)


def replay(path, run_client, tmp):
    """Replay each session of path with run_client(address, script) (which
    returns an object with .exit, .out, .err); sets session.run."""
    found, total = sessions(path)
    base = os.path.basename(path)
    for i, s in enumerate(found, 1):
        script = os.path.join(tmp, f"session-{i}", base)
        os.makedirs(os.path.dirname(script), exist_ok=True)
        with open(script, "w", encoding="utf-8") as f:
            f.write(s.text(total))
        s.run = run_client(s.address, script)
        s.run.out = s.run.out.replace(script, base)
        s.run.err = s.run.err.replace(script, base)
    return found


def exchanges(events):
    """A host's trace as its sessions' exchanges, in order: for each session
    id a list of [command line, reply code, reply lines]; the greeting and
    the reply to the end of mail data have command None and "." ."""
    out = {}
    for e in events:
        if e.get("role") != "server":
            continue
        ex = out.setdefault(e["session"], [])
        if e["event"] == "command":
            ex.append([e["line"], None, []])
        elif e["event"] == "reply":
            if ex and ex[-1][1] is None:
                ex[-1][1:] = [e["code"], e["lines"]]
            else:
                after_354 = ex and ex[-1][1] == 354
                ex.append(["." if after_354 else None, e["code"], e["lines"]])
    return out


def served(state, found):
    """Pair each replayed session with the server's side of it: the k-th
    session of the transcript to an address is the k-th session in the
    trace of the host listening there.  Sets session.host and
    session.served (the exchanges, as exchanges() gives them)."""
    import json
    by_ip = {}
    for host in sorted(os.listdir(state)):
        path = os.path.join(state, host, "trace.jsonl")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
        ex = exchanges(events)
        for e in events:
            if e.get("role") == "server" and e["event"] == "connect":
                by_ip.setdefault(e["local"], []).append((e["ts"], host, ex.get(e["session"], [])))
    for group in by_ip.values():
        group.sort()
    taken = {}
    for s in found:
        ip = s.address.rsplit(":", 1)[0]
        k = taken.get(ip, 0)
        group = by_ip.get(ip, [])
        s.host, s.served = (group[k][1], group[k][2]) if k < len(group) else (None, [])
        taken[ip] = k + 1
    return found


def replayed(t, name="transcript.txt"):
    """For a check: start a fresh RFC 821 network, replay every session of
    the submitted transcript, and pair it with the servers' traces."""
    path = t.submitted(name)
    found, _ = sessions(path)
    t.expect(found, f"sessions in {name}", "a line '# Server: ADDR:PORT' before each session",
             "none")
    t.start_net("rfc821")
    found = replay(path, lambda address, script: t.client("--server", address, "--script",
                                                          script), t.tmp)
    return served(t.state, found)


class Run:
    def __init__(self, exit, out, err):
        self.exit, self.out, self.err = exit, out, err


def main(argv):
    if len(argv) != 2:
        print("usage: python3 replay.py TRANSCRIPT (inside the network of rfc821.ini)",
              file=sys.stderr)
        return 2
    client = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                          "bin", "smtplab-client")

    def run_client(address, script):
        p = subprocess.run([client, "--server", address, "--script", script],
                           capture_output=True, text=True, timeout=30, errors="replace")
        return Run(p.returncode, p.stdout, p.stderr)

    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        found = replay(argv[1], run_client, tmp)
    if not found:
        print(f"{argv[1]}: no session (a session starts with '# Server: ADDR:PORT')")
        return 1
    failed = 0
    for i, s in enumerate(found, 1):
        last = (s.run.out.strip().splitlines() or [""])[-1]
        why = s.run.err.strip().replace("smtplab-client: ", "")
        print(f"session {i} ({s.address}, line {s.lineno}): "
              + (last if s.run.exit == 0 else why or f"exit {s.run.exit}"))
        failed += s.run.exit != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
