"""test_errors.py - the command line of every program (issue 14): --version
and --help the same way everywhere, one meaning per short option, and each
bad input refused with one line that names the file, host, address or
option at fault, with the exit status the program documents."""
import os
import pty
import select
import subprocess
import tempfile
import time
import unittest

from harness import ROOT, SCENARIOS, SLOW, program, scenario_with_free_ports

PROGRAMS = ["smtplab-server", "smtplab-client", "smtplab-net", "smtplab-term", "smtplab-viewer"]


def run(name, *args, env=None, timeout=20):
    return subprocess.run([program(name), *args], capture_output=True, text=True, env=env,
                          timeout=timeout * SLOW)


def one_line(test, r, status):
    """r ended with status and exactly one line on stderr: that line."""
    test.assertEqual(r.returncode, status, r.stdout + r.stderr)
    lines = r.stderr.strip().splitlines()
    test.assertEqual(len(lines), 1, r.stderr)
    return lines[0]


def version():
    with open(os.path.join(ROOT, "lib", "program.h"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#define SMTPLAB_VERSION"):
                return line.split('"')[1]
    raise AssertionError("no SMTPLAB_VERSION in lib/program.h")


class CommandLine(unittest.TestCase):

    def test_version_everywhere(self):
        for name in PROGRAMS:
            for option in ("--version", "-V"):
                r = run(name, option)
                self.assertEqual((r.returncode, r.stdout, r.stderr),
                                 (0, f"{name} {version()}\n", ""), f"{name} {option}")

    def test_help_everywhere_has_a_summary_and_exit_statuses(self):
        for name in PROGRAMS:
            r = run(name, "--help")
            self.assertEqual(r.returncode, 0, name)
            self.assertIn("Exit status: 0 ", r.stdout, name)
            self.assertIn("-V, --version", r.stdout, name)

    def test_the_same_option_is_worded_the_same(self):
        state = "-d, --state=DIR     State directory (default ./smtplab-state)"
        for name in ("smtplab-server", "smtplab-net", "smtplab-term"):
            self.assertIn(" ".join(state.split()), " ".join(run(name, "--help").stdout.split()), name)
        for name in ("smtplab-server", "smtplab-client"):
            self.assertIn("Write the trace (JSON Lines) to FILE", run(name, "--help-all").stdout)

    def test_short_options_mean_one_thing(self):
        """-s is --server (client) only, -t is --to only: smtplab-server's
        --scenario and --trace and the viewer's --session have no short form."""
        for name, option in (("smtplab-server", "-s"), ("smtplab-server", "-t"),
                             ("smtplab-viewer", "-s")):
            line = one_line(self, run(name, option, "x"), 2)
            self.assertEqual(line, f"{name}: Unknown option {option} (see --help)")
        r = run("smtplab-client", "-s", "127.0.0.1", "-f", "a@b.c", "-t", "d@e.f")
        self.assertIn("--server 127.0.0.1: expected ADDR:PORT", one_line(self, r, 2))


class Scenarios(unittest.TestCase):
    """A scenario's mistakes name the file, the group and the key."""

    def server(self, text):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "lab.ini")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            r = run("smtplab-server", "--scenario", path, "--host", "A",
                    "--state", os.path.join(tmp, "state"), timeout=5)
            return one_line(self, r, 2).replace(path, "FILE")

    def test_a_boolean_that_is_not_true_or_false(self):
        self.assertEqual(self.server("[host A]\nlisten=127.0.0.1:0\ntls=yes\n"),
                         'smtplab-server: FILE: [host A] tls: "yes" is not a boolean: '
                         'write true or false')

    def test_a_port_that_is_not_a_number(self):
        self.assertEqual(self.server("[host A]\nlisten=127.0.0.1:25x25\n"),
                         'smtplab-server: FILE: [host A] listen: 127.0.0.1:25x25: bad port "25x25" '
                         '(a number from 0 to 65535)')

    def test_a_group_twice(self):
        self.assertEqual(self.server("[host A]\nlisten=127.0.0.1:0\n\n[host A]\ntimeout=5\n"),
                         "smtplab-server: FILE: [host A] appears twice, on lines 1 and 4: "
                         "put its keys in one group")


class HashPassword(unittest.TestCase):
    """--hash-password at a terminal: a prompt, no echo, asked twice."""

    def at_terminal(self, *typed):
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(program("smtplab-server"), [program("smtplab-server"), "--hash-password"])
        seen = b""
        try:
            for text in typed:
                seen += self.read_until(fd, b": ")
                os.write(fd, text.encode() + b"\n")
            while True:
                chunk = self.read_until(fd, None)
                if not chunk:
                    break
                seen += chunk
        finally:
            status = self.wait(pid)
            os.close(fd)
        return status, seen.decode().replace("\r\n", "\n")

    def wait(self, pid):
        """The child's exit status; killed (and the test failed) if it hangs."""
        deadline = time.time() + 10 * SLOW
        while time.time() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        self.fail("smtplab-server --hash-password still waits for input")

    def read_until(self, fd, end):
        got = b""
        deadline = time.time() + 10 * SLOW
        while time.time() < deadline and (end is None or not got.endswith(end)):
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 1024)
                except OSError:             # the child is gone
                    return got
                if not chunk:
                    return got
                got += chunk
            elif end is None and got:
                return got
        return got

    def test_prompts_twice_without_echo(self):
        status, seen = self.at_terminal("wonderland", "wonderland")
        self.assertEqual(status, 0, seen)
        self.assertNotIn("wonderland", seen)
        self.assertTrue(seen.startswith("Password: \nPassword again: \npbkdf2-sha256$"), seen)

    def test_two_different_passwords_hash_nothing(self):
        status, seen = self.at_terminal("wonderland", "wunderland")
        self.assertEqual(status, 2)
        self.assertIn("smtplab-server: --hash-password: the two passwords differ; nothing hashed",
                      seen)
        self.assertNotIn("pbkdf2", seen)

    def test_a_pipe_gives_one_line(self):
        r = subprocess.run([program("smtplab-server"), "--hash-password"], input="builder\n",
                           capture_output=True, text=True, timeout=10 * SLOW)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertRegex(r.stdout, r"^pbkdf2-sha256\$\d+\$[^$]+\$[^$]+\n$")


class NetTable(unittest.TestCase):

    def test_the_table_shows_the_implicit_tls_port(self):
        """RFC 8314: a host with listen-tls= takes TLS from the first byte
        on a second port; smtplab-net's table shows it below listen=."""
        with tempfile.TemporaryDirectory() as tmp:
            path, addresses = scenario_with_free_ports(os.path.join(SCENARIOS, "esmtp.ini"), tmp)
            net = subprocess.Popen([program("smtplab-net"), path, "--state", os.path.join(tmp, "s"),
                                    "--only", "mail.lab.example"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
            try:
                lines = []
                while not lines or not lines[-1].startswith("ready"):
                    line = net.stdout.readline()
                    self.assertTrue(line, net.stderr.read() if net.poll() is not None else "")
                    lines.append(line.rstrip("\n"))
            finally:
                net.terminate()
                net.communicate(timeout=20 * SLOW)
            tls = addresses["mail.lab.example tls"]
            self.assertEqual([l.split() for l in lines[1:3]],
                             [["mail.lab.example", addresses["mail.lab.example"]], [tls, "(TLS)"]])


class Viewer(unittest.TestCase):
    TRACE = os.path.join(ROOT, "tests", "viewer", "data", "relay")

    def test_no_display_is_one_line_and_not_success(self):
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        line = one_line(self, run("smtplab-viewer", self.TRACE, env=env), 1)
        self.assertEqual(line, "smtplab-viewer: no display (DISPLAY/WAYLAND_DISPLAY unset); "
                               "use --export FILE TRACE to render without a window")

    def test_export_to_a_file_that_cannot_be_written(self):
        line = one_line(self, run("smtplab-viewer", "--export", "/nonexistent/x.png", self.TRACE), 1)
        self.assertEqual(line, "smtplab-viewer: cannot write /nonexistent/x.png: "
                               "No such file or directory")


if __name__ == "__main__":
    unittest.main()
