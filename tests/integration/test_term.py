"""test_term.py - smtplab-term logs a user in only where SEND, SOML and SAML
(RFC 821 §3.4) can reach them: every other case is refused at once with one
line that names what is wrong, instead of "logged in" and a wait forever."""
import os
import subprocess

from harness import ServerTest, program, SLOW


class Term(ServerTest):

    def term(self, *args, state=None):
        """smtplab-term that should refuse: (exit status, its one line)."""
        r = subprocess.run([program("smtplab-term"), "--state", state or self.state, *args],
                           capture_output=True, text=True, timeout=10 * SLOW)
        self.assertNotIn("logged in at", r.stdout)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        return r.returncode, lines[0]

    def login(self, user, host="Beta.ARPA"):
        """smtplab-term that logs in, stopped at the end of the test."""
        proc = subprocess.Popen([program("smtplab-term"), "--state", self.state, "--host", host,
                                 user], stdout=subprocess.PIPE, text=True)
        self.addCleanup(self.logout, proc)
        self.assertIn("logged in at", proc.stdout.readline())
        return proc

    def logout(self, proc):
        proc.terminate()
        proc.wait(timeout=10 * SLOW)
        proc.stdout.close()

    def test_a_missing_state_directory_is_refused_and_not_made(self):
        missing = os.path.join(self.tmp, "stat")
        code, line = self.term("--host", "Beta.ARPA", "Jones", state=missing)
        self.assertEqual(code, 2)
        self.assertEqual(line, f"smtplab-term: {missing}: no such state directory (give the "
                               "--state smtplab-server or smtplab-net was started with)")
        self.assertFalse(os.path.exists(missing))

    def test_an_unknown_host_is_refused_naming_the_hosts_there(self):
        self.start("Beta.ARPA")
        code, line = self.term("--host", "Gamma.ARPA", "Jones")
        self.assertEqual(code, 2)
        self.assertEqual(line, f"smtplab-term: no host Gamma.ARPA in {self.state} "
                               "(hosts there: Beta.ARPA)")

    def test_a_host_with_no_server_is_refused(self):
        self.start("Beta.ARPA")
        self.servers.pop().stop()
        code, line = self.term("--host", "Beta.ARPA", "Jones")
        self.assertEqual(code, 1)
        self.assertEqual(line, f"smtplab-term: no smtplab-server is running for Beta.ARPA in "
                               f"{self.state} (start it, or smtplab-net, with --state {self.state})")

    def test_an_unknown_user_is_refused_naming_the_users(self):
        self.start("Beta.ARPA")
        code, line = self.term("--host", "Beta.ARPA", "Green")
        self.assertEqual(code, 2)
        self.assertEqual(line, "smtplab-term: no user Green at Beta.ARPA (users: Jones, Brown)")

    def test_a_second_login_is_refused_naming_the_first(self):
        beta = self.start("Beta.ARPA")
        first = self.login("Jones")
        code, line = self.term("--host", "Beta.ARPA", "Jones")
        self.assertEqual(code, 1)
        self.assertEqual(line, f"smtplab-term: Jones is already logged in at Beta.ARPA "
                               f"(smtplab-term, pid {first.pid}); log out there first (Ctrl-C)")
        # the first terminal still gets what SEND sends
        d = self.dialogue(beta)
        d.cmd("HELO Alpha.ARPA")
        d.cmd("SEND FROM:<Smith@Alpha.ARPA>")
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>"), (250, ["OK"]))
        d.close()

    def test_a_socket_path_too_long_is_refused_naming_it(self):
        """unix(7): a socket's path holds at most 107 bytes; a deep state
        directory is said to be too long, not "Address already in use"."""
        self.start("Beta.ARPA")
        deep = os.path.join(self.tmp, "d" * 100)
        os.symlink(self.state, deep)
        code, line = self.term("--host", "Beta.ARPA", "Jones", state=deep)
        self.assertEqual(code, 1)
        self.assertRegex(line, r"^smtplab-term: " + deep + r"/\S+: \d+ bytes is too long for a "
                         r"socket's path \(at most 107\): use a state directory with a shorter "
                         r"path \(--state\)$")

    def test_a_login_in_any_case_is_the_scenarios_user(self):
        """beta.arpa and jones are Beta.ARPA and Jones: SEND reaches them."""
        beta = self.start("Beta.ARPA")
        term = self.login("jones", host="beta.arpa")
        d = self.dialogue(beta)
        d.cmd("HELO Alpha.ARPA")
        d.cmd("SEND FROM:<Smith@Alpha.ARPA>")
        self.assertEqual(d.cmd("RCPT TO:<Jones@Beta.ARPA>"), (250, ["OK"]))
        d.cmd("DATA")
        d.send("Are you there, Jones?")
        self.assertEqual(d.cmd("."), (250, ["OK"]))
        d.close()
        self.assertIn("--- message at", term.stdout.readline() + term.stdout.readline())
