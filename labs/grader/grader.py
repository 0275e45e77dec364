"""grader.py - what a lab's checks are written with.

A lab's checks.py (and hidden/checks.py) define checks with @check; each
check is a function of one argument, the Context `t`, that drives the
programs of the kit being graded inside a private network of its own and
states what it expects with t.expect... A check passes when it returns
without a failed expectation; the first failure ends it.

    from grader import check

    @check(points=2, hint="RFC 821 §3.6: the next hop is the route's first host")
    def next_hop_is_first_host(t):
        '''A source-routed letter goes to the route's first host.'''
        t.start_net("rfc821")
        ...

The check's name is the function's with "_" turned into "-"; checks run in
the order they are defined.  grade.py runs each one (see its header)."""
import email
import email.policy
import json
import mailbox
import os
import re
import signal
import socket
import subprocess
import time

CHECKS = []          # every @check of the files loaded, in order


class Check:
    def __init__(self, func, points, hint, timeout, hidden):
        self.func = func
        self.name = func.__name__.replace("_", "-")
        self.points = points
        self.hint = hint
        self.timeout = timeout
        self.hidden = hidden
        self.doc = " ".join((func.__doc__ or "").split())


def check(points=1, hint="", timeout=30):
    """Register the decorated function as a check worth points."""
    def register(func):
        CHECKS.append(Check(func, points, hint, timeout, hidden=False))
        return func
    return register


class CheckFailed(Exception):
    """An expectation that did not hold: what, expected, got."""
    def __init__(self, what, expected, got):
        super().__init__(what)
        self.what, self.expected, self.got = what, expected, got


class Result:
    """A program's run: exit status, standard output and error; for
    smtplab-client also the reply codes it printed ("S: 250 ..." lines)."""
    def __init__(self, argv, exit, out, err):
        self.argv, self.exit, self.out, self.err = argv, exit, out, err
        self.replies = [int(m.group(1)) for m in re.finditer(r"^S: (\d{3})[ ]", out, re.M)]

    def __repr__(self):
        return f"exit {self.exit}: {(self.out + self.err).strip()[-400:]}"


class Reply:
    """One SMTP reply: its code (an int) and its lines' texts."""
    def __init__(self, code, lines):
        self.code, self.lines = code, lines

    @property
    def text(self):
        return "\n".join(self.lines)

    def __str__(self):
        if self.code is None:
            return "(connection closed)"
        return "\n".join(f"{self.code}{'-' if i + 1 < len(self.lines) else ' '}{line}"
                         for i, line in enumerate(self.lines))

    __repr__ = __str__


class Dialogue:
    """A line-by-line SMTP dialogue over one TCP connection (CRLF ends)."""
    def __init__(self, address, timeout=10):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.file = self.sock.makefile("rb")

    def send(self, line):
        """Send line with CRLF (bytes are sent as they are, with CRLF)."""
        data = line if isinstance(line, bytes) else line.encode("utf-8")
        self.sock.sendall(data + b"\r\n")

    def send_raw(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode("utf-8"))

    def reply(self):
        """The next whole reply (all its lines); code None when closed."""
        lines, code = [], None
        while True:
            raw = self.file.readline()
            if not raw:
                return Reply(code, lines)
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if len(line) < 3 or not line[:3].isdigit():
                return Reply(None, lines + [line])
            code = int(line[:3])
            lines.append(line[4:])
            if line[3:4] != "-":
                return Reply(code, lines)

    def command(self, line):
        self.send(line)
        return self.reply()

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Context:
    """What a check sees: the kit under grade, the lab, a scratch folder,
    and helpers to run its programs and to state expectations."""

    def __init__(self, kit, lab, submission, tmp, lab_name):
        self.kit, self.lab, self.submission, self.tmp = kit, lab, submission, tmp
        self.lab_name = lab_name
        self.state = None
        self._procs = []

    # --- programs ---------------------------------------------------------
    def bin(self, name):
        """Path of the kit's program name (bin/NAME of the tree under grade)."""
        return os.path.join(self.kit, "bin", name)

    def run(self, argv, input=None, timeout=20, cwd=None, env=None):
        """Run argv (a list; argv[0] "smtplab-…" means the kit's program) and
        return its Result; a program that outlives timeout is killed and
        fails the check."""
        argv = [self.bin(argv[0]) if argv[0].startswith("smtplab-") else argv[0]] + list(argv[1:])
        try:
            p = subprocess.run(argv, input=input, capture_output=True, text=True,
                               timeout=timeout, cwd=cwd or self.tmp, env=env,
                               errors="replace")
        except subprocess.TimeoutExpired:
            self.fail(f"{os.path.basename(argv[0])} to finish", f"within {timeout} s",
                      "still running: killed")
        return Result(argv, p.returncode, p.stdout, p.stderr)

    def client(self, *args, input=None, timeout=20):
        """smtplab-client with args; its Result (replies: the codes it got)."""
        return self.run(["smtplab-client"] + list(args), input=input, timeout=timeout)

    def probe(self, *args, input=None, timeout=20):
        """The lab's probe program (probe.c), built with the kit."""
        path = os.path.join(self.kit, "build", "labs", self.lab_name, "probe")
        return self.run([path] + list(args), input=input, timeout=timeout)

    def spawn(self, argv, **kwargs):
        """Start argv in the background (stopped when the check ends)."""
        argv = [self.bin(argv[0]) if argv[0].startswith("smtplab-") else argv[0]] + list(argv[1:])
        p = subprocess.Popen(argv, cwd=kwargs.pop("cwd", self.tmp), **kwargs)
        self._procs.append(p)
        return p

    def start_net(self, scenario, only=(), state=None, show_secrets=False):
        """Start every host of scenario (a shipped name such as "rfc821", or a
        file of the lab) with smtplab-net and wait for its ready line;
        returns the state folder (also t.state)."""
        path = self.scenario(scenario)
        self.state = state or os.path.join(self.tmp, "state")
        argv = ["smtplab-net", path, "--state", self.state]
        for host in only:
            argv += ["--only", host]
        if show_secrets:
            argv.append("--show-secrets")
        p = self.spawn(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seen = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = p.stdout.readline()
            if not line:
                break
            seen.append(line.rstrip())
            if line.startswith("ready"):
                return self.state
        self.fail(f"the network of {os.path.basename(path)} to start", "a ready line",
                  "\n".join(seen[-5:]) or "nothing")

    def scenario(self, name):
        """Path of a scenario: a lab file (relative to the lab folder) or a
        shipped one by name (labs/scenarios/NAME.ini of the kit)."""
        for path in (os.path.join(self.lab, name), os.path.join(self.kit, name),
                     os.path.join(self.kit, "labs", "scenarios", name + ".ini")):
            if os.path.isfile(path):
                return path
        raise FileNotFoundError(f"no scenario {name!r} in {self.lab} or labs/scenarios/")

    def dial(self, address, timeout=10):
        """A Dialogue with address ("ADDR:PORT"), retried while it starts."""
        deadline = time.monotonic() + 5
        while True:
            try:
                return Dialogue(address, timeout)
            except OSError as e:
                if time.monotonic() > deadline:
                    self.fail(f"a connection to {address}", "the server to accept", str(e))
                time.sleep(0.1)

    def send_mail(self, address, reverse_path, forward_paths, data, helo="Alpha.ARPA"):
        """One mail transaction typed by hand: HELO, MAIL FROM:<reverse_path>,
        RCPT TO:<…> for each forward path, DATA, data (a str; lines are
        dot-stuffed and ended by CRLF here), QUIT.  Returns [(command,
        Reply)], the greeting's command being None; it stops at a refused
        HELO or MAIL and skips DATA when every RCPT was refused."""
        d = self.dial(address)
        steps = [(None, d.reply())]
        for command in (f"HELO {helo}", f"MAIL FROM:{reverse_path}"):
            steps.append((command, d.command(command)))
            if steps[-1][1].code != 250:
                d.close()
                return steps
        accepted = 0
        for path in forward_paths:
            steps.append((f"RCPT TO:{path}", d.command(f"RCPT TO:{path}")))
            accepted += steps[-1][1].code in (250, 251)
        if accepted:
            steps.append(("DATA", d.command("DATA")))
            if steps[-1][1].code == 354:
                lines = data.replace("\r\n", "\n").rstrip("\n").split("\n")
                d.send_raw("".join(("." + l if l.startswith(".") else l) + "\r\n" for l in lines))
                steps.append((".", d.command(".")))
        steps.append(("QUIT", d.command("QUIT")))
        d.close()
        return steps

    def stop(self, proc, sig=signal.SIGTERM, timeout=10):
        """Stop a process started with spawn and wait for it."""
        if proc.poll() is None:
            proc.send_signal(sig)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def cleanup(self):
        for p in reversed(self._procs):
            self.stop(p)

    # --- what the network did ---------------------------------------------
    def trace(self, host):
        """The events of host's trace (STATE/HOST/trace.jsonl), as dicts."""
        path = os.path.join(self.state, host, "trace.jsonl")
        if not os.path.exists(path):
            return []
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def maildir(self, host, user):
        """The messages in user's Maildir at host, oldest first."""
        path = os.path.join(self.state, host, "mail", user)
        if not os.path.isdir(path):
            return []
        box = mailbox.Maildir(path, factory=None, create=False)
        keys = sorted(box.keys(), key=lambda k: os.path.getmtime(
            os.path.join(path, box._lookup(k))))
        return [email.message_from_bytes(box.get_bytes(k), policy=email.policy.compat32)
                for k in keys]

    def wait(self, predicate, what, timeout=10, expected="within the time limit"):
        """Poll predicate() until it returns a true value (returned), or fail."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                self.fail(what, expected, f"not after {timeout} s")
            time.sleep(0.1)

    def submitted(self, name):
        """Path of the submitted file name: in the lab folder of the tree
        under grade (a student's copy or the submission put there); when
        the lab grades the tree it stands in, else its reference solution."""
        places = [os.path.join(self.kit, "labs", self.lab_name, name)]
        if not self.submission:          # the tree the lab stands in: its own answer
            places += [os.path.join(self.lab, name), os.path.join(self.lab, "solution", name)]
        for path in places:
            if os.path.isfile(path):
                return path
        self.fail(f"the file {name}", "in your submission", "no such file")

    # --- expectations -----------------------------------------------------
    def fail(self, what, expected, got):
        raise CheckFailed(what, expected, got)

    def expect(self, condition, what, expected, got):
        if not condition:
            self.fail(what, expected, got)

    def expect_equal(self, expected, got, what):
        if expected != got:
            self.fail(what, expected, got)
