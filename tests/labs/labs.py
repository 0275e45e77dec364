"""labs.py - make check's proof that every lab does what a teacher needs
(tests/run.py's "labs:" stage).  For every labs/NN-name/:

  reference    the kit's own code gets full marks, and the results it
               writes are Gradescope's results.json shape and JUnit XML;
  starter      the untouched starter (the stubs, starter/ files) loses,
               naming the failing checks;
  wrong NAME   each typical wrong solution (wrong/NAME.patch applied to the
               reference's files) loses every check its "Loses:" line names;
  the guide    every command of labs/README.md and README.zh_CN.md runs;
  autograder   make autograder's zip works in Gradescope's layout;
  grade-all    a class of three is graded into grades.csv;
  mutt         lab 08's muttrc and msmtprc send a letter through the
               submission host, and mutt, driven in tmux, shows it;
  bundle       make labs' student bundle holds no reference region, no
               hidden check, no wrong/ or solution/; it builds (the first
               lab's from nothing, the others over the kit's objects, so
               only what differs is compiled), its make grade runs and
               loses, and every command of both handouts runs as written.

Each lab's tasks run side by side with other labs' (they wait on their
networks far more than they compute)."""
import concurrent.futures
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRADER = os.path.join(ROOT, "labs", "grader")
sys.path.insert(0, GRADER)
import autograder       # noqa: E402
import handout          # noqa: E402
import starter          # noqa: E402

GRADE = [sys.executable, os.path.join(GRADER, "grade.py"), "--jobs", "8"]
SCRATCH = os.path.join(tempfile.gettempdir(), f"smtplab-labs-test-{os.getuid()}")
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


class Failed(Exception):
    pass


def grade(lab, work, submission=None, only=()):
    """Run the grader; (exit status, its output, results.json as a dict)."""
    results = os.path.join(work, "results")
    argv = GRADE + ["--lab", lab, "--results", results, "--work", os.path.join(work, "grade")]
    if submission:
        argv += ["--submission", submission]
    for name in only:
        argv += ["--only", name]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=900, errors="replace")
    try:
        with open(os.path.join(results, "results.json"), encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        doc = None
    return r.returncode, r.stdout + r.stderr, doc


def check_gradescope_shape(doc, junit_path):
    """results.json as Gradescope documents it; junit.xml that parses with
    one testcase per test."""
    if not isinstance(doc, dict) or not isinstance(doc.get("tests"), list) or not doc["tests"]:
        raise Failed(f"results.json has no tests list: {doc!r:.300}")
    allowed = {"score", "execution_time", "output", "visibility", "stdout_visibility",
               "extra_data", "tests", "leaderboard"}
    if set(doc) - allowed:
        raise Failed(f"results.json has keys Gradescope does not know: {set(doc) - allowed}")
    for t in doc["tests"]:
        for key, kind in (("name", str), ("score", (int, float)), ("max_score", (int, float)),
                          ("output", str), ("visibility", str), ("status", str)):
            if not isinstance(t.get(key), kind):
                raise Failed(f"results.json test {t.get('name')}: {key} is {t.get(key)!r}")
        if t["visibility"] not in VISIBILITY or t["status"] not in ("passed", "failed"):
            raise Failed(f"results.json test {t['name']}: visibility/status {t['visibility']}/{t['status']}")
    if doc.get("score") != sum(t["score"] for t in doc["tests"]):
        raise Failed("results.json score is not the sum of its tests' scores")
    suite = ET.parse(junit_path).getroot().find("testsuite")
    cases = suite.findall("testcase") if suite is not None else []
    if len(cases) != len(doc["tests"]):
        raise Failed(f"junit.xml has {len(cases)} testcases for {len(doc['tests'])} tests")
    if int(suite.get("failures")) != sum(1 for t in doc["tests"] if t["status"] == "failed"):
        raise Failed("junit.xml's failures count disagrees with results.json")


def test_reference(lab, work):
    status, out, doc = grade(lab, work)
    if status != 0 or not doc or doc["score"] != sum(t["max_score"] for t in doc["tests"]):
        raise Failed(f"the reference does not get full marks (exit {status}):\n{out[-3000:]}")
    check_gradescope_shape(doc, os.path.join(work, "results", "junit.xml"))
    hidden = [t for t in doc["tests"] if t["visibility"] != "visible"]
    if not hidden:
        raise Failed("no hidden check: every lab keeps some cases from the students")
    return f"{doc['score']} points, {len(doc['tests'])} checks ({len(hidden)} hidden)"


def reference_files(info, dest, only=None):
    """The reference's versions of the files a student hands in (or of
    those of only), into dest."""
    for name in (only or info["submit"]):
        src = os.path.join(ROOT, name) if "/" in name else os.path.join(info["dir"], "solution", name)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, name)), exist_ok=True)
            shutil.copy(src, os.path.join(dest, name))


def test_starter(lab, work):
    info = starter.lab_info(lab)
    files = starter.starter_files(lab)
    sub = os.path.join(work, "submission")
    for name in info["submit"]:
        rel = name if "/" in name else os.path.join("labs", info["folder"], name)
        if rel in files:
            src, data = files[rel]
            os.makedirs(os.path.dirname(os.path.join(sub, name)), exist_ok=True)
            with open(os.path.join(sub, name), "wb") as f:
                if data is None:
                    with open(src, "rb") as g:
                        data = g.read()
                f.write(data)
    if not os.path.isdir(sub):
        raise Failed(f"the starter has none of the files a student hands in ({info['submit']})")
    status, out, doc = grade(lab, work, sub)
    failing = [t["name"] for t in (doc or {}).get("tests", []) if t["status"] == "failed"]
    if status != 1 or not failing or "FAIL" not in out:
        raise Failed(f"the starter is not caught (exit {status}, failing {failing}):\n{out[-3000:]}")
    return f"{doc['score']}/{sum(t['max_score'] for t in doc['tests'])}, failing {', '.join(failing)}"


def test_wrong(lab, patch, work):
    info = starter.lab_info(lab)
    with open(patch, encoding="utf-8") as f:
        first = f.readline()
    m = re.match(r"Loses:\s*(.+)", first)
    if not m:
        raise Failed(f"{patch}: the first line is not \"Loses: check-name ...\"")
    loses = m.group(1).split()
    sub = os.path.join(work, "submission")
    touched = None
    if info.get("alternatives") == "true":      # one track's file: the one the patch changes
        with open(patch, encoding="utf-8") as f:
            touched = sorted(set(re.findall(r"^\+\+\+ b/(\S+)", f.read(), re.M)))
    reference_files(info, sub, touched)
    r = subprocess.run(["patch", "-p1", "-s", "-d", sub, "-i", patch], capture_output=True, text=True)
    if r.returncode != 0:
        raise Failed(f"{patch} does not apply to the reference: {r.stdout}{r.stderr}")
    status, out, doc = grade(lab, work, sub, only=loses)
    results = {t["name"]: t["status"] for t in (doc or {}).get("tests", [])}
    kept = [n for n in loses if results.get(n) != "failed"]
    if status != 1 or kept:
        raise Failed(f"{os.path.basename(patch)} still passes {kept or 'everything'} "
                     f"(exit {status}):\n{out[-3000:]}")
    return f"loses {', '.join(loses)}"


def region_lines(info):
    """Distinctive lines of the lab's reference regions (each at least 20
    characters and found nowhere else in its file)."""
    lines = []
    for path, regs in starter.all_regions(ROOT).items():
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read().split("\n")
        for lab, name, first, last in regs:
            if lab != info["number"]:
                continue
            outside = set(l.strip() for l in text[:first] + text[last + 1:])
            lines += [(path, l.strip()) for l in text[first + 1:last]
                      if len(l.strip()) >= 20 and l.strip() not in outside]
    return lines


def hidden_lines(info):
    """Distinctive lines of the lab's hidden checks (a bundle must not hold
    them; their names may appear in a handout's prose)."""
    path = os.path.join(info["dir"], "hidden", "checks.py")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f if len(l.strip()) >= 30 and not l.strip().startswith(("#", '"""'))]
    with open(os.path.join(info["dir"], "checks.py"), encoding="utf-8") as f:
        public = set(l.strip() for l in f)             # helpers both files share
    return [l for l in lines if l not in public]


def test_bundle(lab, work, fresh):
    info = starter.lab_info(lab)
    path = starter.bundle(lab, work)
    top = f"smtplab-{info['folder']}/"
    with tarfile.open(path) as tar:
        members = {m.name[len(top):]: m for m in tar.getmembers()}
        texts = {n: tar.extractfile(m).read().decode("utf-8", "replace")
                 for n, m in members.items() if m.isfile()}
        tar.extractall(work)
    lab_rel = f"labs/{info['folder']}/"
    private = [n for n in members if n.startswith(lab_rel) and
               n[len(lab_rel):].split("/")[0] in starter.PRIVATE]
    if private or any(n.startswith("tests/") for n in members):
        raise Failed(f"the bundle holds {private or 'tests/'}")
    for name, text in texts.items():
        if not name.startswith(tuple(d + "/" for d in starter.CODE_DIRS)):
            continue
        for line in text.split("\n"):
            m = starter.BEGIN.match(line)
            if m and m.group(1) == info["number"]:
                raise Failed(f"the bundle's {name} still has the region LAB {m.group(1)} {m.group(2)}")
    hidden = hidden_lines(info)
    for name, text in texts.items():
        found = [l for l in hidden if l in text]
        if len(found) > 2:
            raise Failed(f"the bundle's {name} holds lines of hidden/checks.py: {found[:3]}")
    stub_lines = set()
    for stub in glob.glob(os.path.join(lab, "stubs", "*.c")):
        with open(stub, encoding="utf-8") as f:
            stub_lines |= set(l.strip() for l in f)
    for src, line in region_lines(info):
        if line not in stub_lines and line in set(l.strip() for l in texts.get(src, "").split("\n")):
            raise Failed(f"the bundle's {src} holds the reference line {line!r}")
    tree = os.path.join(work, top)
    if not fresh:                       # the kit's objects, older than the stubs
        for d in ("build", "bin", "certs"):
            if os.path.isdir(os.path.join(ROOT, d)):
                shutil.copytree(os.path.join(ROOT, d), os.path.join(tree, d), symlinks=True,
                                ignore=shutil.ignore_patterns("labs", "labs-test"))
    lab_dir = os.path.join(tree, "labs", info["folder"])
    r = subprocess.run(["make", "-C", lab_dir, "grade"], capture_output=True, text=True,
                       timeout=900, errors="replace")
    out = r.stdout + r.stderr
    if r.returncode == 0 or "Score:" not in out or "FAIL" not in out:
        raise Failed(f"make grade in the bundle (exit {r.returncode}) should run and lose:\n{out[-3000:]}")
    for readme in ("README.md", "README.zh_CN.md"):
        ok, log = handout.run(os.path.join(lab_dir, readme))
        differs = handout.same_commands(os.path.join(lab_dir, readme))
        if not ok or differs:
            raise Failed(f"{readme}'s commands: {differs or 'one failed'}\n{log[-3000:]}")
    blocks = len(handout.blocks(os.path.join(lab_dir, "README.md")))
    return f"{len(members)} files, {'built from nothing' if fresh else 'built'}, {blocks} command blocks run in each handout"


def test_autograder(lab, work):
    """make autograder's zip, unpacked as Gradescope does into a scratch
    root's autograder/source; setup.sh, then run_autograder on the
    reference's files and on a wrong solution, in that layout."""
    info = starter.lab_info(lab)
    path = autograder.make(lab, work)
    root = os.path.join(work, "root", "autograder")
    with zipfile.ZipFile(path) as z:
        for zi in z.infolist():
            dest = z.extract(zi, os.path.join(root, "source"))
            mode = zi.external_attr >> 16 & 0o777
            if mode:
                os.chmod(dest, mode)
    members = set(z.namelist())
    for name in ("setup.sh", "run_autograder", f"kit/labs/{info['folder']}/hidden/checks.py"):
        if name not in members:
            raise Failed(f"the autograder zip has no {name}")
    if any("/wrong/" in n or "/solution/" in n or n.startswith("kit/tests/") for n in members):
        raise Failed("the autograder zip holds answers or the kit's tests")
    env = dict(os.environ, AUTOGRADER_ROOT=root, TMPDIR=work)
    r = subprocess.run(["sh", os.path.join(root, "source", "setup.sh")], env=env,
                       capture_output=True, text=True, timeout=900, errors="replace")
    if r.returncode != 0:
        raise Failed(f"setup.sh failed:\n{(r.stdout + r.stderr)[-3000:]}")
    scores = []
    for wrong in (None, sorted(glob.glob(os.path.join(lab, "wrong", "*.patch")))[0]):
        sub = os.path.join(root, "submission")
        shutil.rmtree(sub, ignore_errors=True)
        shutil.rmtree(os.path.join(root, "results"), ignore_errors=True)
        reference_files(info, sub)
        if wrong:
            subprocess.run(["patch", "-p1", "-s", "-d", sub, "-i", wrong], check=True)
        r = subprocess.run([os.path.join(root, "source", "run_autograder")], env=env,
                           capture_output=True, text=True, timeout=900, errors="replace")
        try:
            with open(os.path.join(root, "results", "results.json"), encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError):
            raise Failed(f"run_autograder wrote no results.json:\n{(r.stdout + r.stderr)[-3000:]}")
        check_gradescope_shape(doc, os.path.join(root, "results", "junit.xml"))
        scores.append((doc["score"], sum(t["max_score"] for t in doc["tests"])))
    if scores[0][0] != scores[0][1] or scores[1][0] >= scores[1][1]:
        raise Failed(f"run_autograder scored the reference {scores[0]} and a wrong solution {scores[1]}")
    return f"reference {scores[0][0]}/{scores[0][1]}, a wrong solution {scores[1][0]}/{scores[1][1]}"


def test_grade_all(lab, work):
    """labs/grade-all on a class of three: the reference, a wrong solution,
    and a student who handed in the wrong file."""
    info = starter.lab_info(lab)
    klass = os.path.join(work, "class")
    reference_files(info, os.path.join(klass, "ada"))
    reference_files(info, os.path.join(klass, "bo"))
    wrong = sorted(glob.glob(os.path.join(lab, "wrong", "*.patch")))[0]
    subprocess.run(["patch", "-p1", "-s", "-d", os.path.join(klass, "bo"), "-i", wrong], check=True)
    os.makedirs(os.path.join(klass, "cy"))
    with open(os.path.join(klass, "cy", "notes.txt"), "w") as f:
        f.write("not what was asked\n")
    out = os.path.join(work, "grades")
    r = subprocess.run([os.path.join(ROOT, "labs", "grade-all"), lab, klass, "--out", out],
                       capture_output=True, text=True, timeout=900, errors="replace")
    with open(os.path.join(out, "grades.csv"), newline="", encoding="utf-8") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    full = rows["ada"]["out of"]
    if rows["ada"]["score"] != full or not int(rows["bo"]["score"]) < int(full) \
            or rows["cy"]["score"] != "0":
        raise Failed(f"grades.csv: {rows}\n{r.stdout}{r.stderr}")
    with open(os.path.join(out, "cy.txt"), encoding="utf-8") as f:
        if "missing" not in f.read():
            raise Failed("cy's report does not say which files were missing")
    return f"ada {rows['ada']['score']}/{full}, bo {rows['bo']['score']}, cy 0"


def pane(session, want, timeout=15):
    """The text of tmux session's screen once it shows every string of
    want (or fail, showing it)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = subprocess.run(["tmux", "-L", session, "capture-pane", "-p", "-t", session],
                                capture_output=True, text=True).stdout
        if all(w in screen for w in want):
            return screen
        if time.monotonic() > deadline:
            raise Failed(f"mutt's screen never showed {want}:\n{screen}")
        time.sleep(0.2)


def test_mutt(lab, work):
    """Lab 08's everyday side as a student does it: mutt, set up by the
    lab's muttrc, hands a letter to msmtp (msmtprc: STARTTLS, the lab CA,
    AUTH) in the lab's network; then mutt, in a terminal (tmux), lists it,
    opens it with its Received: lines, and quits."""
    state = os.path.join(work, "state")
    subject = "Read me with mutt"
    r = subprocess.run([os.path.join(ROOT, "bin", "smtplab-net"), "--private", "esmtp", "--state", state,
                        "--only", "mail.lab.example", "--only", "outside.example", "--", "sh", "-c",
                        f"echo 'Sent with mutt and msmtp.' | mutt -F muttrc -s '{subject}' "
                        "dave@outside.example && sleep 1"],
                       cwd=lab, capture_output=True, text=True, timeout=120, errors="replace")
    box = os.path.join(state, "outside.example", "mail", "dave")
    if r.returncode != 0 or not glob.glob(os.path.join(box, "new", "*")):
        raise Failed(f"mutt + msmtp did not deliver to dave (exit {r.returncode}):\n{(r.stdout + r.stderr)[-2000:]}")
    session = f"smtplab-mutt-{os.getpid()}"
    subprocess.run(["tmux", "-L", session, "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                    "-c", lab, f"TERM=xterm mutt -F muttrc -f {box}"], check=True)
    try:
        pane(session, [subject, "1 "])
        subprocess.run(["tmux", "-L", session, "send-keys", "-t", session, "Enter"], check=True)
        pane(session, ["Sent with mutt and msmtp.", "with ESMTPSA", "Received:"])
        subprocess.run(["tmux", "-L", session, "send-keys", "-t", session, "q", "q"], check=True)
        deadline = time.monotonic() + 10
        while subprocess.run(["tmux", "-L", session, "has-session", "-t", session],
                             capture_output=True).returncode == 0:
            if time.monotonic() > deadline:
                raise Failed("mutt did not leave on q, q")
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "-L", session, "kill-server"], capture_output=True)
    return "msmtp delivered, mutt listed it, showed it \"with ESMTPSA\" and quit"


def test_guide(work):
    """Every command of the teacher's guide, in both languages, as written."""
    for readme in ("README.md", "README.zh_CN.md"):
        path = os.path.join(ROOT, "labs", readme)
        ok, log = handout.run(path)
        differs = handout.same_commands(path)
        if not ok or differs:
            raise Failed(f"labs/{readme}'s commands: {differs or 'one failed'}\n{log[-3000:]}")
    return f"{len(handout.blocks(os.path.join(ROOT, 'labs', 'README.md')))} command blocks run in each language"


def tasks(pattern=""):
    """[(name, function, args)] of every lab's tests, in order."""
    out = []
    labs = starter.labs(ROOT)
    for n, lab in enumerate(labs):
        folder = os.path.basename(lab)
        work = os.path.join(SCRATCH, folder)
        out.append((f"labs: {folder} reference full marks", test_reference, (lab, f"{work}/reference")))
        out.append((f"labs: {folder} starter loses", test_starter, (lab, f"{work}/starter")))
        for patch in sorted(glob.glob(os.path.join(lab, "wrong", "*.patch"))):
            name = os.path.basename(patch)[:-6]
            out.append((f"labs: {folder} wrong {name}", test_wrong, (lab, patch, f"{work}/wrong-{name}")))
        out.append((f"labs: {folder} bundle", test_bundle, (lab, f"{work}/bundle", n == 0)))
    relay = [lab for lab in labs if os.path.basename(lab) == "04-relay"]
    if relay:
        out.append(("labs: autograder in Gradescope's layout", test_autograder,
                    (relay[0], os.path.join(SCRATCH, "autograder"))))
        out.append(("labs: grade-all a class", test_grade_all,
                    (relay[0], os.path.join(SCRATCH, "grade-all"))))
    tls = [lab for lab in labs if os.path.basename(lab) == "08-tls-auth"]
    if tls:
        out.append(("labs: 08-tls-auth mutt reads what msmtp sent", test_mutt,
                    (tls[0], os.path.join(SCRATCH, "mutt"))))
    out.append(("labs: the teacher's guide", test_guide, (os.path.join(SCRATCH, "guide"),)))
    return [t for t in out if pattern in t[0]]


def run(record, pattern="", workers=4):
    """Run every lab test, record each (name, ok, detail) in order."""
    chosen = tasks(pattern)
    if not chosen:
        return
    for _, _, args in chosen:
        shutil.rmtree(args[-1] if isinstance(args[-1], str) else args[-2], ignore_errors=True)

    def one(task):
        name, func, args = task
        os.makedirs(args[-1] if isinstance(args[-1], str) else args[-2], exist_ok=True)
        try:
            return True, func(*args)
        except Failed as e:
            return False, str(e)
        except Exception as e:                       # noqa: BLE001 - reported as a failure
            return False, f"{type(e).__name__}: {e}"
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for task, future in zip(chosen, [pool.submit(one, t) for t in chosen]):
            ok, detail = future.result()
            if ok:
                print(f"ok   {task[0]}: {detail}", flush=True)
            record(task[0], ok, "" if ok else detail)
    if not pattern:
        print(f"(the labs' scratch folders: {SCRATCH})", flush=True)


if __name__ == "__main__":
    bad = []
    run(lambda name, ok, detail="": (ok or bad.append(name), None if ok else print(f"FAIL {name}\n{detail}")),
        sys.argv[1] if len(sys.argv) > 1 else "")
    print(f"{len(bad)} failed")
    sys.exit(1 if bad else 0)
