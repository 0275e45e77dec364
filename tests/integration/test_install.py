"""test_install.py - the kit installed for a class and used by a student who
is not root (issue 14, "Installed for a class").

`make install PREFIX=/usr DESTDIR=TMP` installs no private key.  Then, as
the unprivileged user nobody (setpriv) with a home of its own, the
installed smtplab-server runs the shipped esmtp scenario found by name
(smtplab-net the shipped rfc821) and makes the student's own lab CA and host key on first use; the
installed smtplab-client, with no --ca, trusts that CA, verifies the
server's certificate, logs in and delivers.  The source tree's certs/ is
not used (its CA does not verify the server), and the student's rogue CA
fails as the lesson says.

Needs root (make install, setpriv) and runs the scenario's fixed address
127.0.0.30:2525 in a private network namespace (unshare -n)."""
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
import unittest

from harness import BIN, ROOT, SLOW

STUDENT = "nobody"
PREFIX = "/usr"

# The student's session, run as root inside `unshare -n`: every program
# runs as the student (setpriv) with nothing of the test's environment.
SESSION = r"""
set -u
ip link set lo up
as_student() {   # in a subshell: ( as_student PROGRAM ARGS... ), its pid the program's
    exec setpriv --reuid="$STUDENT" --regid="$STUDENT_GROUP" --clear-groups \
        env -i HOME="$STUDENT_HOME" PATH="$KIT/bin:/usr/bin:/bin" LANG=C.UTF-8 \
        ASAN_OPTIONS="$ASAN_OPTIONS" LSAN_OPTIONS="$LSAN_OPTIONS" "$@"
}
wait_for() {   # wait_for PID PATTERN FILE: until FILE has PATTERN or PID ends
    tries=0
    until grep -q "$2" "$3" || [ $tries -ge $((100 * SLOW)) ]; do
        kill -0 "$1" 2>/dev/null || break
        tries=$((tries + 1)); sleep 0.1
    done
}
send() {   # send NAME [ARGS...]: one message from alice to bob, output in NAME.*
    name=$1; shift
    ( as_student smtplab-client --server 127.0.0.30:2525 --starttls --helo student.example \
        --user alice --password wonderland --from alice@mail.lab.example \
        --to bob@mail.lab.example --subject "$name" --body "over TLS: $name" "$@" \
    ) > "$OUT/$name.out" 2>&1
    echo $? > "$OUT/$name.rc"
}
( as_student smtplab-server --scenario no-such-lab --host mail.lab.example ) \
    > "$OUT/unknown.out" 2>&1
echo $? > "$OUT/unknown.rc"
( as_student smtplab-server --scenario esmtp --host mail.lab.example \
    --state "$STUDENT_HOME/state" ) > "$OUT/server.out" 2> "$OUT/server.err" &
server=$!
wait_for $server " ready on " "$OUT/server.out"
send verified
send source-tree-ca --ca "$SOURCE_CA"
send rogue-ca --ca "$STUDENT_HOME/.local/share/smtplab/certs/rogue-ca.crt"
kill -TERM $server
wait $server
echo $? > "$OUT/server.rc"
( as_student smtplab-net rfc821 --state "$STUDENT_HOME/net" --only Beta.ARPA ) \
    > "$OUT/net.out" 2>&1 &
net=$!
wait_for $net "^ready: " "$OUT/net.out"
kill -TERM $net
wait $net
echo $? > "$OUT/net.rc"
"""


def why_not():
    """Why this machine cannot run the test, or None."""
    if os.geteuid() != 0:
        return "needs root: make install into a DESTDIR, then setpriv to an unprivileged user"
    for tool in ("make", "setpriv", "unshare", "ip"):
        if not shutil.which(tool):
            return f"needs {tool}"
    try:
        uid = pwd.getpwnam(STUDENT).pw_uid
    except KeyError:
        return f"needs the user {STUDENT}"
    if not uid_mapped(uid):
        return f"runs in a user namespace where {STUDENT} (uid {uid}) does not exist (unshare -r)"
    return None


def uid_mapped(uid):
    """Does this process's user namespace have uid (/proc/self/uid_map)?"""
    with open("/proc/self/uid_map", encoding="ascii") as f:
        for line in f:
            inside, _, count = (int(n) for n in line.split())
            if inside <= uid < inside + count:
                return True
    return False


@unittest.skipIf(why_not(), why_not())
class InstalledForAClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="smtplab-install-")
        os.chmod(cls.tmp, 0o755)              # the student reads the kit
        cls.destdir = os.path.join(cls.tmp, "dest")
        cls.kit = cls.destdir + PREFIX
        build = os.path.basename(os.path.dirname(os.path.realpath(BIN)))
        sanitized = ["SAN=1"] if build == "build-san" else []
        make = subprocess.run(["make", "-C", ROOT, "--no-print-directory", "install",
                               f"PREFIX={PREFIX}", f"DESTDIR={cls.destdir}", *sanitized],
                              capture_output=True, text=True, timeout=1800)
        if make.returncode != 0:
            shutil.rmtree(cls.tmp, True)
            raise AssertionError(f"make install failed:\n{make.stdout[-2000:]}{make.stderr[-2000:]}")
        cls.home = os.path.join(cls.tmp, "home")
        cls.out = os.path.join(cls.tmp, "out")
        student = pwd.getpwnam(STUDENT)
        for folder in (cls.home, cls.out):
            os.mkdir(folder, 0o700)
            os.chown(folder, student.pw_uid, student.pw_gid)
        env = {
            "PATH": os.environ["PATH"], "STUDENT": STUDENT, "STUDENT_GROUP": str(student.pw_gid),
            "STUDENT_HOME": cls.home, "KIT": cls.kit, "OUT": cls.out, "SLOW": str(SLOW),
            "SOURCE_CA": os.path.join(ROOT, "certs", "ca.crt"),
            "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", ""),
            "LSAN_OPTIONS": os.environ.get("LSAN_OPTIONS", ""),
        }
        cls.session = subprocess.run(["unshare", "-n", "sh", "-c", SESSION], env=env,
                                     capture_output=True, text=True, timeout=120 * SLOW)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def output(self, name):
        with open(os.path.join(self.out, name), encoding="utf-8", errors="replace") as f:
            return f.read()

    def rc(self, name):
        return int(self.output(name + ".rc"))

    def certs(self, *name):
        return os.path.join(self.home, ".local", "share", "smtplab", "certs", *name)

    # ---- what make install leaves ----

    def test_no_private_key_is_installed(self):
        installed = [os.path.relpath(os.path.join(d, f), self.destdir)
                     for d, _, files in os.walk(self.destdir) for f in files]
        self.assertIn("usr/bin/smtplab-server", installed)
        self.assertIn("usr/share/smtplab/scenarios/esmtp.ini", installed)
        self.assertEqual([f for f in installed if f.endswith(".key")], [])
        self.assertFalse(os.path.exists(os.path.join(self.kit, "share", "smtplab", "certs")))

    def test_nothing_of_the_source_tree_beside_the_install(self):
        """the installed programs cannot fall back on the tree they were built in"""
        self.assertFalse(os.path.exists(os.path.join(self.kit, "certs")))
        self.assertFalse(os.path.exists(os.path.join(self.kit, "labs")))

    # ---- the student's session ----

    def test_unknown_scenario_lists_the_installed_ones(self):
        self.assertEqual(self.rc("unknown"), 2)
        scenarios = os.path.join(self.kit, "share", "smtplab", "scenarios")
        self.assertEqual(self.output("unknown.out"),
                         f"smtplab-server: no scenario file or name no-such-lab (looked in "
                         f"{scenarios}; the scenarios there: esmtp, rfc821)\n")

    def test_server_starts_by_name_as_the_student(self):
        self.assertIn("mail.lab.example ready on 127.0.0.30:2525", self.output("server.out"),
                      self.output("server.err") + self.session.stderr)
        self.assertEqual(self.rc("server"), 0, self.output("server.err"))

    def test_net_starts_a_shipped_scenario_by_name(self):
        out = self.output("net.out")
        self.assertIn("Beta.ARPA            127.0.0.11:2525", out)
        self.assertIn("ready: 1 hosts of RFC 821 examples", out)
        self.assertEqual(self.rc("net"), 0, out)

    def test_student_has_a_lab_ca_and_key_of_their_own(self):
        student = pwd.getpwnam(STUDENT)
        folder = os.stat(self.certs())
        self.assertEqual((folder.st_uid, stat.S_IMODE(folder.st_mode)), (student.pw_uid, 0o700))
        for key in ("ca.key", "rogue-ca.key", "mail.lab.example.key"):
            st = os.stat(self.certs(key))
            self.assertEqual((st.st_uid, stat.S_IMODE(st.st_mode)), (student.pw_uid, 0o600), key)
        verify = subprocess.run(["openssl", "verify", "-CAfile", self.certs("ca.crt"),
                                 self.certs("mail.lab.example.crt")], capture_output=True, text=True)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)

    def test_client_verifies_the_server_and_delivers(self):
        out = self.output("verified.out")
        self.assertEqual(self.rc("verified"), 0, out)
        self.assertIn("certificate checked", out)
        self.assertIn("235 2.7.0 Authentication successful", out)
        new = os.path.join(self.home, "state", "mail.lab.example", "mail", "bob", "new")
        mails = os.listdir(new)
        self.assertEqual(len(mails), 1, "only the verified session delivers")
        with open(os.path.join(new, mails[0]), encoding="utf-8") as f:
            mail = f.read()
        self.assertIn("over TLS: verified", mail)
        self.assertIn("with ESMTPSA", mail, "RFC 3848: TLS and AUTH in the Received: line")

    def test_source_tree_ca_does_not_verify_the_server(self):
        """the server's certificate is the student's own, not certs/ of the tree"""
        self.assertEqual(self.rc("source-tree-ca"), 3)
        self.assertIn("certificate verification failed", self.output("source-tree-ca.out"))

    def test_rogue_ca_fails_verification(self):
        self.assertEqual(self.rc("rogue-ca"), 3)
        self.assertIn("certificate verification failed: unable to get local issuer certificate",
                      self.output("rogue-ca.out"))


if __name__ == "__main__":
    unittest.main()
