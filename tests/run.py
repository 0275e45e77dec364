#!/usr/bin/python3
"""run.py - runs every smtplab test and ends with "N passed, N failed, N
skipped", after naming each skipped test and why.

  1. the GTest unit tests (build/tests/test-*), each test path counted;
  2. the same under AddressSanitizer + UndefinedBehaviorSanitizer (build-san/);
  3. the same under valgrind (memcheck: errors and definite leaks fail);
  4. each libFuzzer harness (build-fuzz/fuzz-NAME, fuzz/fuzz-NAME.c) on its
     seed corpus fuzz/corpus/NAME/, then fuzzing for a few seconds: one test
     each (make fuzz runs them longer);
  5. the viewer's widget tests (build/tests-ui/ui-test-*) under xvfb-run;
  6. the integration tests (tests/integration/test_*.py) against bin/;
  7. the integration tests again against the sanitized programs, in a
     second process that runs beside all the rest;
  8. lint:unused-exports: no function libsmtplab.a exports goes unused by
     the rest of the kit (mk/unused-exports.py, mk/unused-exports.allow);
  9. labs: every lab's grader against the reference, the starter and its
     typical wrong solutions, and its student bundle (tests/labs/labs.py),
     in a third process beside all the rest;
 10. slides: every lecture deck built in both languages from real runs,
     its dialogues checked against the traces, and looked at in headless
     Chromium (tests/slides/slides.py), in a fourth process.

  tests/run.py [--quick] [PATTERN]   --quick skips 2, 3, 4 and 7; PATTERN
  keeps only tests whose name contains it.

The sanitized integration run (7) writes everything it prints to
build-san/integration.log, the labs (9) to build/labs.log, the slides
(10) to build/slides.log; a test that
fails there is shown with its details, and a run that dies shows the end
of its log.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
# the sanitized programs ignore only leaks of system libraries (tests/lsan.supp)
os.environ["LSAN_OPTIONS"] = f"suppressions={ROOT}/tests/lsan.supp:print_suppressions=0"
# GLib's slice allocator hides a leaked GPtrArray from LeakSanitizer and
# valgrind alike; every allocation goes through malloc so both see it.  Not
# for the fuzzers: json-glib 1.6 itself leaks the nodes of a line that is
# two JSON values ("[1][2]"), which the fuzzers feed it on purpose.
os.environ["G_SLICE"] = "always-malloc"
FUZZ_ENV = {k: v for k, v in os.environ.items() if k != "G_SLICE"}
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

passed = 0
failed = []
skipped = []        # (name, why)


def record(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
    else:
        failed.append(name)
        print(f"FAIL {name}\n{detail}", flush=True)


def record_skip(name, why):
    skipped.append((name, why))
    print(f"SKIP {name}: {why}", flush=True)


def run_gtest(binary, label, wrapper=()):
    """Runs one GTest binary with --tap, counting each test path."""
    env = dict(os.environ, G_DEBUG="fatal-criticals", MALLOC_CHECK_="3")
    env["ASAN_OPTIONS"] = "detect_leaks=1:abort_on_error=0"
    proc = subprocess.run([*wrapper, binary, "--tap"], capture_output=True, text=True,
                          env=env, timeout=600)
    seen = 0
    for line in proc.stdout.splitlines():
        m = re.match(r"(not ok|ok) \d+ (\S+)(?: # SKIP\s*(.*))?", line)
        if m:
            seen += 1
            if m.group(1) == "ok" and m.group(3) is not None:
                record_skip(f"{label}{m.group(2)}", m.group(3) or "g_test_skip()")
            else:
                record(f"{label}{m.group(2)}", m.group(1) == "ok", proc.stdout[-2000:])
    if proc.returncode != 0 or seen == 0:
        record(f"{label}{os.path.basename(binary)} (exit {proc.returncode})", False,
               proc.stdout[-3000:] + proc.stderr[-3000:])


def unit_tests(build, label, wrapper=()):
    for binary in sorted(glob.glob(f"{build}/tests/test-*")):
        if PATTERN in binary or PATTERN in label:
            run_gtest(binary, label, wrapper)


# Seconds each fuzzer runs after its seed corpus in make check.
FUZZ_CHECK_SECONDS = 5


def fuzz_tests():
    """Runs each libFuzzer harness on its seed corpus, then fuzzes a few
    seconds (learnt inputs go to a scratch folder).  An input that fails is
    kept as build-fuzz/crash-NAME-*; run the harness on it to see why."""
    for source in sorted(glob.glob("fuzz/fuzz-*.c")):
        name = os.path.basename(source)[len("fuzz-"):-len(".c")]
        label = f"fuzz:{name}"
        if PATTERN not in label:
            continue
        binary = f"build-fuzz/fuzz-{name}"
        if not os.access(binary, os.X_OK):
            record(label, False, f"{binary} is missing (make fuzz-build)")
            continue
        with tempfile.TemporaryDirectory(prefix="smtplab-fuzz-") as scratch:
            proc = subprocess.run(
                [binary, f"-max_total_time={FUZZ_CHECK_SECONDS}", "-timeout=10",
                 "-dict=fuzz/smtp.dict", f"-artifact_prefix=build-fuzz/crash-{name}-",
                 scratch, f"fuzz/corpus/{name}"],
                capture_output=True, text=True, errors="replace", timeout=120,
                env=FUZZ_ENV)
        record(label, proc.returncode == 0, proc.stderr[-3000:])


def lint_tests():
    """Checks of the source tree itself."""
    label = "lint:unused-exports"
    if PATTERN in label:
        proc = subprocess.run([sys.executable, "mk/unused-exports.py", "build/libsmtplab.a"],
                              capture_output=True, text=True, timeout=120)
        record(label, proc.returncode == 0,
               "exported and used by no other file (use it, make it static, or say why in "
               f"mk/unused-exports.allow):\n{proc.stdout}{proc.stderr}")


def ui_tests(build, label):
    """The viewer's widget tests on a virtual display (Xvfb), drawn without GL.
    (Its model runs under ASan and valgrind above, its program under ASan in
    the integration tests; GTK itself under ASan would add minutes.)"""
    wrapper = ["env", "GSK_RENDERER=cairo", "xvfb-run", "-a", "-s", "-screen 0 1920x1080x24"]
    for binary in sorted(glob.glob(f"{build}/tests-ui/ui-test-*")):
        if PATTERN in binary or PATTERN in label:
            run_gtest(binary, label, wrapper)


class Result(unittest.TextTestResult):
    """Counts each integration test as it ends."""

    def __init__(self, *args, label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label

    def addSuccess(self, test):
        super().addSuccess(test)
        record(self.label + test.id(), True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        record(self.label + test.id(), False, self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super().addError(test, err)
        record(self.label + test.id(), False, self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        record_skip(self.label + test.id(), reason)


def integration_tests(label, bin_dir, only=None):
    os.environ["SMTPLAB_BIN"] = os.path.join(ROOT, bin_dir)
    loader = unittest.TestLoader()
    suite = unittest.TestSuite()
    for path in sorted(glob.glob("tests/integration/test_*.py")):
        name = os.path.splitext(os.path.basename(path))[0]
        if only and name not in only:
            continue
        module = __import__(name)
        for test in iter_tests(loader.loadTestsFromModule(module)):
            if PATTERN in test.id():
                suite.addTest(test)
    runner = unittest.TextTestRunner(stream=sys.stdout, verbosity=1,
                                     resultclass=lambda *a, **k: Result(*a, label=label, **k))
    runner.run(suite)


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


SANITIZED_LOG = "build-san/integration.log"
LABS_LOG = "build/labs.log"
SLIDES_LOG = "build/slides.log"


def start_background(kind, log):
    """A stage that waits on sockets, timers and its own builds most of the
    time, in a process of its own beside everything else, so make check
    takes minutes less: "asan" (the integration tests against the
    sanitized programs), "labs" (tests/labs/labs.py) or "slides"
    (tests/slides/slides.py).  What it prints
    goes to log.  Returns the process, the file its results go to, and
    the log."""
    out = tempfile.NamedTemporaryFile(prefix=f"smtplab-{kind}-", suffix=".json", delete=False)
    out.close()
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w", encoding="utf-8") as f:
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__),
                                 f"--background={kind}", out.name,
                                 *([PATTERN] if PATTERN else [])],
                                stdout=f, stderr=subprocess.STDOUT)
    return proc, out.name, log


def log_tail(path, size=6000):
    """The last size characters of the log at path."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()[-size:]
    except OSError as e:
        return str(e)


def collect_background(proc, path, log):
    """Waits for a background stage and counts its results here; a run
    that died without results fails with the end of its log."""
    global passed
    proc.wait()
    try:
        with open(path, encoding="utf-8") as f:
            results = json.load(f)
    except (OSError, ValueError):
        results = {"passed": 0, "skipped": [],
                   "failed": [[f"{log}: a stage that died (exit {proc.returncode}, no results)",
                               f"the end of {log}:\n{log_tail(log)}"]]}
    os.unlink(path)
    if log in (LABS_LOG, SLIDES_LOG):   # what each test proved, in make check's own output
        print("".join(l for l in log_tail(log, 1 << 20).splitlines(True) if l.startswith("ok ")),
              end="", flush=True)
    passed += results["passed"]
    for name, why in results["skipped"]:
        record_skip(name, why)
    for name, detail in results["failed"]:
        record(name, False, detail)
    if results["failed"]:
        print(f"(the whole output of that stage: {log})", flush=True)


args = [a for a in sys.argv[1:] if not a.startswith("--")]
QUICK = "--quick" in sys.argv
start = time.time()


def enter_private_network():
    """Moves this process (and so every test it runs) into a network
    namespace of its own with lo up, as smtplab-net --private does
    (net/private.c): the scenarios' fixed addresses (127.0.0.11:2525) are
    then ours alone, so two make check runs, or a make check beside a
    student's lab, share a machine.  Root keeps its powers (no user
    namespace: the power-loss test mounts, Postfix runs); anyone else gets a
    user namespace with the same uid.  Done in this process with ctypes,
    before any thread: a program run for it would lose the capability to
    bring lo up.  Returns None, or why it could not."""
    import ctypes
    import fcntl
    import socket
    import struct
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    siocgifflags, siocsifflags, iff_up, iff_running = 0x8913, 0x8914, 0x1, 0x40
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(clone_newnet | (0 if uid == 0 else clone_newuser)) != 0:
        return os.strerror(ctypes.get_errno())
    if uid != 0:
        for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                           ("gid_map", f"{gid} {gid} 1")):
            with open(f"/proc/self/{name}", "w", encoding="ascii") as f:
                f.write(text)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        ifreq = fcntl.ioctl(s, siocgifflags, struct.pack("16sH22x", b"lo", 0))
        flags = struct.unpack("16sH22x", ifreq)[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH22x", b"lo", flags | iff_up | iff_running))
    return None


why_not_private = enter_private_network()
if why_not_private:
    print(f"run.py: no private network ({why_not_private}): the tests use this machine's "
          "loopback, and a second make check or a lab on the same addresses may collide",
          flush=True)

BACKGROUND = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--background=")), None)
if BACKGROUND:
    # the child of start_background: results into a file
    result_file = args.pop(0)
    PATTERN = args[0] if args else ""
    details = {}
    real_record = record

    def record(name, ok, detail=""):      # noqa: F811 - keeps the details too
        details[name] = detail
        real_record(name, ok, detail)
    if BACKGROUND == "asan":
        integration_tests("asan:", "build-san/bin")
    else:       # "labs" or "slides": tests/labs/labs.py, tests/slides/slides.py
        sys.path.insert(0, os.path.join(ROOT, "tests", BACKGROUND))
        __import__(BACKGROUND).run(record, PATTERN)
    with open(result_file, "w", encoding="utf-8") as f:
        json.dump({"passed": passed, "skipped": skipped,
                   "failed": [[n, details.get(n, "")] for n in failed]}, f)
    sys.exit(0)

PATTERN = args[0] if args else ""
background = [start_background("labs", LABS_LOG), start_background("slides", SLIDES_LOG)]
if not QUICK:
    background.append(start_background("asan", SANITIZED_LOG))
unit_tests("build", "unit:")
if not QUICK:
    unit_tests("build-san", "asan:")
    unit_tests("build", "valgrind:", ["valgrind", "-q", "--error-exitcode=99",
                                      "--leak-check=full", "--errors-for-leak-kinds=definite"])
    fuzz_tests()
ui_tests("build", "ui:")
integration_tests("", "bin")
lint_tests()
for stage in background:
    collect_background(*stage)

if QUICK:
    print("\nnot run (--quick): asan: and valgrind: unit tests, fuzz:, the asan: integration run")
print(f"\n{len(skipped)} skipped:" if skipped else "",
      *(f"{name}: {why}" for name, why in skipped), sep="\n  ")
print(f"\n{len(failed)} failing:" if failed else "", *failed, sep="\n  ")
print(f"time: {time.time() - start:.0f} s")
print(f"{passed} passed, {len(failed)} failed, {len(skipped)} skipped")
sys.exit(1 if failed else 0)
