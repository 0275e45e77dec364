"""test_readme_tour.py - the README's five-minute tour, run as written.

Each block of the tour follows a comment that says how a student uses it,
"<!-- tour: step N, HOW -->":

  starts the lab network    one command: smtplab-net ... --private.  The test
                            runs it as written, plus "-- CMD" (the same
                            network, with CMD instead of the shell), where CMD
                            is this file again, which runs every later block
                            up to the next network inside that network.
  in the lab shell          commands for sh, one by one, each must exit 0
                            unless its line ends in "# fails".  "# " lines
                            under a command are lines its output must hold, in
                            that order.  A command ending in "&" runs in the
                            background; "kill %N" stops the Nth of them.
  typed into nc             "$ nc ..." sessions: the lines that are not replies
                            go to nc -C, and each reply line must be exactly
                            what the server sent.  A line "..." stands for
                            more lines of the same reply.
  printed by PROGRAM        lines the background PROGRAM must have printed, one
                            after another.
  in mutt                   run in tmux, with a HOME that has no ~/Mail: no
                            question, and Enter shows Return-Path:, Received:,
                            an empty line and the body, in that order.  A
                            mailbox not there yet is looked at again.
  typed into smtplab-client --step
                            run in tmux; each "smtp> " line is typed at its
                            prompt, and the program must end with status 0.
  opens a window            run under xvfb-run: it must still be up after a
                            few seconds.

In expected output, "…" stands for any text (times and ids change).  The
only rewriting: /tmp/lab and /tmp/esmtp become folders of a temporary one.
Programs run from the top of the tree (bin/ as in the README); with
$SMTPLAB_BIN set elsewhere, from a copy of the tree whose bin/ is that.
"""
import json
import os
import re
import select
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
README = os.path.join(ROOT, "README.md")
BIN = os.environ.get("SMTPLAB_BIN", os.path.join(ROOT, "bin"))
SLOW = 5 if "san" in BIN else 1
MARK = re.compile(r"<!-- tour: step (\d+), (.+?) -->\n```[a-z]*\n(.*?)\n```", re.S)
REPLY = re.compile(r"^\d{3}[ -]")
UNSHARE = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
NETWORK, SHELL, NC, MUTT, STEP, WINDOW = (
    "starts the lab network", "in the lab shell", "typed into nc", "in mutt",
    "typed into smtplab-client --step", "opens a window")


def tour_blocks(text):
    """[(step, how, lines)] of the tour section of the README, in order."""
    section = text.split("## A five-minute tour", 1)[1].split("\n## ", 1)[0]
    blocks = [(int(n), how, body.split("\n")) for n, how, body in MARK.findall(section)]
    return section, blocks


def matches(expected, line):
    """Does line read as expected, where "…" in expected is any text?"""
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, line) is not None


def holds_in_order(expected, lines):
    """Do lines hold every expected line, in order (others may come between)?"""
    i = 0
    for line in lines:
        if i < len(expected) and matches(expected[i], line):
            i += 1
    return i == len(expected)


def holds_together(expected, lines):
    """Do lines hold the expected lines one right after the other?"""
    return any(all(matches(e, line) for e, line in zip(expected, lines[i:]))
               for i in range(len(lines) - len(expected) + 1))


class Failure(Exception):
    pass


# ---- inside the lab network ----

class Tour:
    """Runs the blocks of one network, as a student in its shell would."""

    def __init__(self, root, tmp):
        self.root, self.tmp = root, tmp
        self.env = dict(os.environ, HOME=os.path.join(tmp, "home"), TERM="xterm-256color")
        os.makedirs(self.env["HOME"], exist_ok=True)
        self.jobs = []          # [(command, Popen, output file)]
        self.tmux = None        # the tmux of the last block that needed one

    def run(self, blocks):
        try:
            for step, how, lines in blocks:
                print(f"step {step}, {how}", flush=True)
                handler = {SHELL: self.shell, NC: self.nc, MUTT: self.mutt, STEP: self.step,
                           WINDOW: self.window}.get(how)
                if handler:
                    handler(lines)
                elif how.startswith("printed by "):
                    self.printed(how[len("printed by "):], lines)
                else:
                    raise Failure(f"step {step}: no way to run a block {how!r}")
        finally:
            for _, job, out in self.jobs:
                if job.poll() is None:
                    job.terminate()
                    job.wait(timeout=10)
                out.close()
            self.stop_tmux()

    # in the lab shell

    def shell(self, lines):
        """a block for sh: foreground commands, "&" jobs and "kill %N" """
        for command, expected in shell_commands(lines):
            if command.endswith("&"):
                self.background(command[:-1].strip(), expected)
            elif re.fullmatch(r"kill %(\d+)(\s+#.*)?", command):
                self.kill(int(re.match(r"kill %(\d+)", command).group(1)))
            else:
                self.foreground(command, expected)

    def foreground(self, command, expected):
        """command must exit 0 (or not, with "# fails") and print expected"""
        fails = re.search(r"#\s*fails\b[^'\"]*$", command) is not None
        r = subprocess.run(["sh", "-c", command], cwd=self.root, env=self.env, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60 * SLOW)
        if (r.returncode != 0) != fails or not holds_in_order(expected, r.stdout.splitlines()):
            raise Failure(f"{command}\nexit {r.returncode} ({'non-zero' if fails else '0'} wanted),"
                          f" output should hold {expected}:\n{r.stdout}")

    def background(self, command, expected):
        """command &: it must stay up and print the expected lines"""
        out = open(os.path.join(self.tmp, f"job{len(self.jobs) + 1}.out"), "w+")
        job = subprocess.Popen(["sh", "-c", f"exec {command}"], cwd=self.root, env=self.env,
                               stdout=out, stderr=subprocess.STDOUT, text=True)
        self.jobs.append((command, job, out))
        n = len(self.jobs)
        end = time.time() + 10 * SLOW
        while not holds_in_order(expected, self.output(n).splitlines()) and time.time() < end:
            time.sleep(0.1)
        if job.poll() is not None or not holds_in_order(expected, self.output(n).splitlines()):
            raise Failure(f"{command} & should stay up and print {expected}: {self.output(n)}")

    def output(self, n):
        """what background job n printed so far"""
        out = self.jobs[n - 1][2]
        out.flush()
        out.seek(0)
        return out.read()

    def kill(self, n):
        """kill %n: job n must still be running"""
        command, job, _ = self.jobs[n - 1]
        if job.poll() is not None:
            raise Failure(f"kill %{n}: {command} had already stopped")
        job.terminate()
        job.wait(timeout=10 * SLOW)

    def printed(self, program, lines):
        """the background program printed lines, one after another"""
        for n, (command, job, _) in enumerate(self.jobs, 1):
            if command.split()[0].endswith("/" + program):
                end = time.time() + 10 * SLOW
                while not holds_together(lines, self.output(n).splitlines()) and time.time() < end:
                    time.sleep(0.1)
                if not holds_together(lines, self.output(n).splitlines()):
                    raise Failure(f"{program} should have printed\n" + "\n".join(lines)
                                  + f"\nbut printed\n{self.output(n)}")
                return
        raise Failure(f"no {program} runs in the background")

    # typed into nc

    def nc(self, lines):
        """one or more "$ nc ..." sessions"""
        sessions = []
        for line in lines:
            if line.startswith("$ "):
                sessions.append((line[2:], []))
            elif not sessions:
                raise Failure(f"a line before the first '$ nc': {line!r}")
            else:
                sessions[-1][1].append(line)
        for command, dialogue in sessions:
            self.nc_session(command, dialogue)

    def nc_session(self, command, dialogue):
        """client lines to nc -C, each reply line exactly as the README has it"""
        argv = shlex.split(command)
        if argv[:2] != ["nc", "-C"]:
            raise Failure(f"not an nc -C session: {command}")
        nc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
        reader = LineReader(nc.stdout.fileno())
        try:
            for i, line in enumerate(dialogue):
                if line == "...":
                    self.skip_reply(reader, dialogue[i + 1:], command)
                elif REPLY.match(line) and i > 0 and dialogue[i - 1] == "...":
                    continue                    # skip_reply read it already
                elif REPLY.match(line):
                    got = reader.line(10 * SLOW)
                    if got != line:
                        raise Failure(f"{command}: after {dialogue[:i][-1:]} the README says\n"
                                      f"  {line}\nthe server said\n  {got}")
                else:
                    nc.stdin.write(line.encode() + b"\n")
                    nc.stdin.flush()
            nc.stdin.close()                    # Ctrl-D
            nc.wait(timeout=10 * SLOW)
            rest = reader.rest()
            if rest:
                raise Failure(f"{command}: the server said more than the README shows: {rest!r}")
        finally:
            if nc.poll() is None:
                nc.kill()
                nc.wait()

    @staticmethod
    def skip_reply(reader, after, command):
        """ "...": lines of the same reply, up to the README's next reply line
        (or up to the reply's last line when the README goes on with a command)."""
        wanted = after[0] if after and REPLY.match(after[0]) else None
        while True:
            got = reader.line(10 * SLOW)
            if got is None:
                raise Failure(f"{command}: the reply ended before {wanted!r}")
            if got == wanted or (wanted is None and REPLY.match(got) and got[3] == " "):
                return

    # in tmux: mutt and step mode

    def in_tmux(self, command):
        """command in a fresh tmux window; then 'tour-exit STATUS' is printed"""
        self.stop_tmux()
        # a socket of our own: in a user namespace /tmp/tmux-0 belongs to somebody else
        self.tmux = ["tmux", "-S", os.path.join(self.tmp, f"tmux-{time.monotonic_ns()}")]
        shell = f"cd {shlex.quote(self.root)} && {command}; echo tour-exit $?; sleep 600"
        subprocess.run(self.tmux + ["new-session", "-d", "-x", "100", "-y", "40", "sh", "-c", shell],
                       env=self.env, check=True)

    def stop_tmux(self):
        if self.tmux:
            subprocess.run(self.tmux + ["kill-server"], capture_output=True)

    def screen(self, history=False):
        return subprocess.run(self.tmux + ["capture-pane", "-p"] + (["-S", "-"] if history else []),
                              capture_output=True, text=True).stdout

    def keys(self, *keys, literal=False):
        subprocess.run(self.tmux + ["send-keys"] + (["-l"] if literal else []) + list(keys),
                       check=True)

    def wait_screen(self, predicate, what, history=False):
        end = time.time() + 15 * SLOW
        while time.time() < end:
            screen = self.screen(history)
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise Failure(f"waiting for {what}, the screen shows:\n{self.screen(history)}")

    def mutt(self, lines):
        """no question at start; the letter opens with its trace lines"""
        (command, _), = shell_commands(lines)
        end = time.time() + 10 * SLOW
        while True:
            self.in_tmux(command)
            index = self.wait_screen(lambda s: "Msgs:" in s or "tour-exit" in s or "Create it?" in s,
                                     "mutt's index")
            # mail relayed a moment ago may not be there yet: look again
            if "tour-exit" not in index or time.time() > end:
                break
            time.sleep(0.2)
        if "Create it?" in index or "tour-exit" in index:
            raise Failure(f"{command}: mutt did not open the mailbox at once:\n{index}")
        self.keys("Enter")
        pager = self.wait_screen(lambda s: "Return-Path:" in s, "the letter")
        header = pager.splitlines()[1:]
        names = [line.split(":", 1)[0] for line in header if line and not line[0].isspace()]
        blank = header.index("") if "" in header else -1
        if names[:2] != ["Return-Path", "Received"] or blank < 0 or not header[blank + 1].strip():
            raise Failure(f"{command}: the letter should open with Return-Path:, Received:, "
                          f"an empty line and the body:\n{pager}")
        self.keys("q")
        self.keys("q")
        self.wait_screen(lambda s: "tour-exit 0" in s, "mutt to end with status 0")

    def step(self, lines):
        """each "smtp> " line typed at the prompt; the client ends with 0"""
        command = lines[0][2:]
        self.in_tmux(command)
        typed = 0
        for line in lines[1:]:
            text = line[len("smtp> "):]
            self.wait_screen(lambda s: s.count("smtp>") > typed, "the smtp> prompt", True)
            self.keys(text, literal=True)
            self.keys("Enter")
            typed += 1
            self.wait_screen(lambda s: f"C: {text}" in s, f"C: {text}", True)
        screen = self.wait_screen(lambda s: "tour-exit" in s, "the client to end", True)
        if "tour-exit 0" not in screen:
            raise Failure(f"{command} ended with an error:\n{screen}")

    # opens a window

    def window(self, lines):
        """the program stays up on a virtual display"""
        (command, _), = shell_commands(lines)
        if not shutil.which("xvfb-run"):
            print(f"  (no xvfb-run: {command} not tried)")
            return
        log = open(os.path.join(self.tmp, "window.out"), "w+")
        app = subprocess.Popen(["xvfb-run", "-a", "sh", "-c", command], cwd=self.root,
                               env=self.env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
        time.sleep(3 * SLOW)
        alive = app.poll() is None
        if alive:
            os.killpg(app.pid, 15)
        app.wait(timeout=30)
        log.seek(0)
        text = log.read()
        log.close()
        if not alive and "Xvfb failed to start" in text:
            print(f"  (no virtual display here: {command} not tried)")
        elif not alive:
            raise Failure(f"{command} did not stay open:\n{text}")


def shell_commands(lines):
    """[(command, expected output lines)]: continued lines joined, "# "
    lines under a command are its expected output."""
    commands, pending = [], ""
    for line in lines:
        if pending:
            line, pending = pending + line.lstrip(), ""
        if line.endswith("\\"):
            pending = line[:-1].rstrip() + " "
        elif line.startswith("# ") and commands:
            commands[-1][1].append(line[2:])
        elif line.strip():
            commands.append((line, []))
    return commands


class LineReader:
    """Lines from a pipe, each waited for at most a given time."""

    def __init__(self, fd):
        self.fd, self.buf = fd, b""

    def line(self, timeout):
        end = time.time() + timeout
        while b"\n" not in self.buf:
            ready, _, _ = select.select([self.fd], [], [], max(0, end - time.time()))
            chunk = os.read(self.fd, 4096) if ready else b""
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r").decode()

    def rest(self):
        while select.select([self.fd], [], [], 0)[0]:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                break
            self.buf += chunk
        return self.buf.decode()


def inside(job_file):
    """This file, run by smtplab-net --private -- ...: one network's blocks."""
    with open(job_file, encoding="utf-8") as f:
        job = json.load(f)
    net = None
    if job.get("start"):                     # smtplab-net without --private
        net = subprocess.Popen(["sh", "-c", "exec " + job["start"]], cwd=job["root"],
                               stdout=subprocess.PIPE, text=True)
        for line in net.stdout:
            if line.startswith("ready"):
                break
        else:
            sys.exit(f"{job['start']} did not start")
    try:
        Tour(job["root"], job["tmp"]).run(job["blocks"])
    except Failure as e:
        sys.exit(f"FAIL {e}")
    finally:
        if net:
            net.terminate()
            net.wait(timeout=30)
    if net and net.returncode != 0:
        sys.exit(f"FAIL {job['start']} stopped with status {net.returncode}")
    print("tour: all steps ran as written")


# ---- the test ----

def private_network_supported(root):
    r = subprocess.run([os.path.join(root, "bin", "smtplab-net"), "--help"],
                       capture_output=True, text=True)
    return "--private" in r.stdout


class ReadmeTour(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-tour-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        with open(README, encoding="utf-8") as f:
            self.section, self.blocks = tour_blocks(f.read())
        self.root, self.env = ROOT, dict(os.environ)
        if os.path.realpath(BIN) != os.path.realpath(os.path.join(ROOT, "bin")):
            self.root = os.path.join(self.tmp, "tree")
            os.makedirs(self.root)
            for name in os.listdir(ROOT):
                if name != "bin":
                    os.symlink(os.path.join(ROOT, name), os.path.join(self.root, name))
            os.symlink(BIN, os.path.join(self.root, "bin"))
            self.env.setdefault("SMTPLAB_CERTS", os.path.join(ROOT, "certs"))

    def rewrite(self, text):
        return (text.replace("/tmp/lab", os.path.join(self.tmp, "lab"))
                    .replace("/tmp/esmtp", os.path.join(self.tmp, "esmtp")))

    def test_every_block_of_the_tour_is_marked(self):
        fences = self.section.count("\n```") // 2
        self.assertEqual(fences, len(self.blocks), "a block of the tour has no <!-- tour: ... -->")
        steps = [n for n, _, _ in self.blocks]
        self.assertEqual(sorted(set(steps)), list(range(1, max(steps) + 1)))
        for n in set(steps):
            self.assertIn(f"**{n}. ", self.section, f"step {n} has no heading")
        self.assertEqual(self.blocks[0][1], NETWORK, "step 1 starts the lab network")

    def test_the_tour_runs_as_written(self):
        private = private_network_supported(self.root)
        if not private and subprocess.run(UNSHARE + ["true"], capture_output=True).returncode != 0:
            self.skipTest("no network namespaces here (unshare -n), and no smtplab-net --private")
        groups = []
        for step, how, lines in self.blocks:
            lines = [self.rewrite(line) for line in lines]
            if how == NETWORK:
                groups.append((step, lines[0], []))
            else:
                groups[-1][2].append((step, how, lines))
        for n, (step, network, blocks) in enumerate(groups):
            job = {"root": self.root, "tmp": os.path.join(self.tmp, f"network{n}"), "blocks": blocks}
            os.makedirs(job["tmp"])
            job_file = os.path.join(job["tmp"], "job.json")
            me = [sys.executable, os.path.abspath(__file__), "--inside", job_file]
            if private:
                argv = shlex.split(network) + ["--"] + me
            else:
                # until smtplab-net has --private: the same, by hand
                self.assertIn("--private", network)
                job["start"] = network.replace(" --private", "")
                argv = UNSHARE + ["sh", "-c", 'ip link set lo up && exec "$@"', "sh"] + me
            with open(job_file, "w", encoding="utf-8") as f:
                json.dump(job, f)
            r = subprocess.run(argv, cwd=self.root, env=self.env, capture_output=True, text=True,
                               timeout=300 * SLOW)
            self.assertEqual(r.returncode, 0, f"step {step}, {network}:\n{r.stdout}{r.stderr}")
            self.assertIn("all steps ran as written", r.stdout)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--inside"]:
        inside(sys.argv[2])
    else:
        unittest.main()
