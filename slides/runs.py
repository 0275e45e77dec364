"""runs.py - the runs of the kit that lecture slides are made from.

A deck's runs are in slides/runs/DECK.ini, one group each:

    [run smith]
    scenario = rfc821                      (a shipped scenario, or a file)
    only = Beta.ARPA                       (optional: the hosts to start)
    script =                               (shell lines, run in the kit's
        smtplab-client --server ...         top folder inside the network,
                                            bin/ on PATH, $STATE the state folder)

perform() starts the scenario with smtplab-net in a private network of its
own (the scenario's addresses are then this run's alone), runs the script
inside it, waits until the hosts are quiet (QUIET) and stops the network;
the hosts' traces and Maildirs stay in
the run's state folder, where the placeholders of the decks read them.
live() does the same for a teacher in front of a class, with the viewer
open on the state folder while the script runs (slides/live)."""
import configparser
import json
import os
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SMTPLAB_BIN", os.path.join(ROOT, "bin"))
RUNS = os.path.join(ROOT, "slides", "runs")


class RunError(Exception):
    pass


class Run:
    """One run of a deck: its scenario, hosts and script."""
    def __init__(self, deck, name, scenario, only, script):
        self.deck, self.name, self.scenario, self.only, self.script = deck, name, scenario, only, script

    @property
    def scenario_path(self):
        for path in (os.path.join(RUNS, self.scenario), os.path.join(ROOT, self.scenario),
                     os.path.join(ROOT, "labs", "scenarios", self.scenario + ".ini")):
            if os.path.isfile(path):
                return path
        raise RunError(f"slides/runs/{self.deck}.ini [run {self.name}]: no scenario {self.scenario!r}")

    def net_argv(self, state):
        argv = [os.path.join(BIN, "smtplab-net"), "--private", self.scenario_path, "--state", state]
        for host in self.only:
            argv += ["--only", host]
        return argv

    def shell(self, state):
        """The script as one shell program (bin/ first on PATH, $STATE the
        run's state folder, stop at the first failure), then a wait until
        the hosts are quiet (QUIET)."""
        return (f"set -e\nexport PATH=\"$PWD/bin:$PATH\" STATE={shlex.quote(state)}\n"
                + "\n".join(self.script) + "\n" + QUIET)


# After a run's script: wait until no host's trace has grown for 3 s (at
# most 60 s), so relays and loops finish even on a loaded machine, where
# the script's own "sleep 2" (what a class sees in slides/live) is short.
QUIET = """last=; same=0; n=0
while [ "$same" -lt 15 ] && [ "$n" -lt 300 ]; do
  size=$(cat "$STATE"/*/trace.jsonl 2>/dev/null | wc -c)
  if [ "$size" = "$last" ]; then same=$((same + 1)); else same=0; fi
  last=$size; n=$((n + 1)); sleep 0.2
done
"""


def deck_runs(deck):
    """{name: Run} of slides/runs/DECK.ini (none when it has no file)."""
    path = os.path.join(RUNS, deck + ".ini")
    if not os.path.isfile(path):
        return {}
    cp = configparser.ConfigParser(interpolation=None)
    cp.read(path, encoding="utf-8")
    runs = {}
    for group in cp.sections():
        if not group.startswith("run "):
            raise RunError(f"{path}: [{group}]: only [run NAME] groups")
        name = group[4:].strip()
        g = cp[group]
        script = [line for line in g.get("script", "").strip().split("\n") if line.strip()]
        if "scenario" not in g or not script:
            raise RunError(f"{path}: [run {name}] needs scenario= and script=")
        runs[name] = Run(deck, name, g["scenario"], g.get("only", "").split(), script)
    return runs


def perform(run, state):
    """Run it into state (made anew); raises RunError with what it printed
    when the network or the script fails."""
    subprocess.run(["rm", "-rf", state], check=True)
    os.makedirs(os.path.dirname(state), exist_ok=True)
    r = subprocess.run(run.net_argv(state) + ["--", "sh", "-c", run.shell(state)], cwd=ROOT,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300,
                       errors="replace")
    if r.returncode != 0:
        raise RunError(f"run {run.deck}/{run.name} failed (exit {r.returncode}):\n"
                       f"{(r.stdout + r.stderr)[-3000:]}")
    return r.stdout


def live(run, state, viewer=True):
    """The run in front of a class: the network starts, the viewer opens on
    its state folder, and the script runs (each command shown first); the
    network stops when the viewer is closed."""
    # printf, not dash's echo, which would turn a \n or \t in a command into a
    # line break or a tab on the screen
    shown = "\n".join(f"printf '%s\\n' {shlex.quote('$ ' + line)}\n{line}" for line in run.script)
    body = f"export PATH=\"$PWD/bin:$PATH\" STATE={shlex.quote(state)}\n"
    if viewer:
        body += f"smtplab-viewer {shlex.quote(state)} &\nsleep 2\n"
    body += shown + "\n"
    body += "wait\n" if viewer else ""
    subprocess.run(["rm", "-rf", state], check=True)
    return subprocess.call(run.net_argv(state) + ["--", "sh", "-c", body], cwd=ROOT)


# --- what a run left behind ------------------------------------------------

def trace(state, host):
    """The events of host's trace."""
    path = os.path.join(state, host, "trace.jsonl")
    if not os.path.isfile(path):
        raise RunError(f"no trace of {host} in {state}")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def sessions(state, host, role):
    """The ids of host's connections in role, in the order they began
    (a queue's events have session ids of their own, and no connect)."""
    return [e["session"] for e in trace(state, host) if e["role"] == role and e["event"] == "connect"]


def exchanges(state, host, role="server", session=1):
    """The session's dialogue as exchanges: [[line, ...]], each a command
    ("C: ...") with the whole reply to it ("S: ...") and any replies that
    follow before the next command (pipelined ones), the greeting alone
    first.  session counts from 1 among host's sessions in role."""
    ids = sessions(state, host, role)
    if not 1 <= session <= len(ids):
        raise RunError(f"{host} has {len(ids)} {role} sessions in {state}, not {session}")
    out = []
    for e in trace(state, host):
        if e["role"] != role or e["session"] != ids[session - 1]:
            continue
        if e["event"] == "command":
            out.append([f"C: {e['line']}"])
        elif e["event"] == "data":
            out.append([f"C: ({e['size']} octets of mail data, then \".\")"])
        elif e["event"] == "reply":
            lines = [f"S: {e['code']}{'-' if i + 1 < len(e['lines']) else ' '}{line}"
                     for i, line in enumerate(e["lines"])]
            if out:             # with its command, or after the replies before it
                out[-1] += lines    # (PIPELINING: MAIL, RCPT, DATA, then three replies)
            else:
                out.append(lines)   # the greeting
    return out


def message(state, host, user, nth=1):
    """(header block, body) of user's nth message at host (oldest first)."""
    new = os.path.join(state, host, "mail", user, "new")
    names = sorted(os.listdir(new), key=lambda n: os.path.getmtime(os.path.join(new, n))) \
        if os.path.isdir(new) else []
    if len(names) < nth:
        raise RunError(f"{user} at {host} has {len(names)} messages in {state}, not {nth}")
    with open(os.path.join(new, names[nth - 1]), encoding="utf-8", errors="replace") as f:
        head, _, body = f.read().replace("\r\n", "\n").partition("\n\n")
    return head, body


def body_lines(state, host, user, nth=1):
    """The body of user's nth message at host, line by line."""
    return message(state, host, user, nth)[1].rstrip("\n").split("\n")


def header_fields(state, host, user, nth=1):
    """The header block of user's nth message at host (oldest first), as
    fields: [[line, continuation line, ...]]."""
    head = message(state, host, user, nth)[0]
    fields = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t") and fields:
            fields[-1].append(line)
        else:
            fields.append([line])
    return fields


def reply_to(state, host, verb, nth=1, which=1):
    """The reply host sent to the nth command that began with verb (its
    last line, with the code); which=2 is the second reply before the
    next command (DATA's, after the mail data)."""
    events = [e for e in trace(state, host) if e["role"] == "server"]
    seen = 0
    for i, e in enumerate(events):
        if e["event"] == "command" and e["line"].upper().startswith(verb.upper()):
            seen += 1
            if seen == nth:
                replies = []
                for f in events[i + 1:]:
                    if f["session"] != e["session"]:
                        continue
                    if f["event"] == "command":
                        break
                    if f["event"] == "reply":
                        replies.append(f"{f['code']} {f['lines'][-1]}")
                if len(replies) >= which:
                    return replies[which - 1]
    raise RunError(f"{host} never answered {verb!r} #{nth} (reply {which}) in {state}")


if __name__ == "__main__":
    sys.exit(__doc__)
