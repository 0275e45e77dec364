#!/usr/bin/python3
"""grade.py - grade a lab: build the kit with a student's files, run every
check in a private network of its own under a time limit, print each
result with what was expected, what came back and a hint, and the score.

    grade.py --lab labs/04-relay [--submission DIR] [--results DIR] [--only NAME]

Without --submission it grades the tree the lab stands in (in the kit's
repository: the reference; in a student's bundle: their work).  With it,
the lab's starter is written to a work folder, the submitted files are put
in (each found in DIR at its kit path or by its base name) and the kit is
built there.  Writes results.json (Gradescope's format) and junit.xml to
the results folder; exits 0 only with full marks, 1 otherwise, 2 on a
usage error.

Each check runs as `grade.py --run-one NAME` inside `unshare` (a user and
network namespace, loopback up): the scenario's fixed addresses are this
check's alone, so graders of a whole class run side by side.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grader                      # noqa: E402
import starter                     # noqa: E402

JOBS = str(os.cpu_count() or 2)
TTY = sys.stdout.isatty()


def load_checks(lab_dir):
    """The checks of lab_dir/checks.py then hidden/checks.py (hidden ones
    marked so); the hidden file is simply absent from a student's copy."""
    grader.CHECKS.clear()
    if lab_dir not in sys.path:          # a lab's own helper modules (labclient.py, ...)
        sys.path.insert(0, lab_dir)
    for rel, hidden in (("checks.py", False), (os.path.join("hidden", "checks.py"), True)):
        path = os.path.join(lab_dir, rel)
        if not os.path.isfile(path):
            continue
        first = len(grader.CHECKS)
        with open(path, encoding="utf-8") as f:
            code = compile(f.read(), path, "exec")
        exec(code, {"__name__": "checks", "__file__": path})
        for c in grader.CHECKS[first:]:
            c.hidden = hidden
    names = [c.name for c in grader.CHECKS]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise starter.LabError(f"{lab_dir}: two checks named {', '.join(sorted(dup))}")
    return list(grader.CHECKS)


# --- the tree under grade ---------------------------------------------------
def put_submission(info, submission, tree):
    """Copy the submitted files into tree; returns (found, missing) names."""
    found, missing = [], []
    for name in info["submit"]:
        for cand in (os.path.join(submission, name), os.path.join(submission, os.path.basename(name))):
            if os.path.isfile(cand):
                dest = os.path.join(tree, name) if "/" in name else \
                    os.path.join(tree, "labs", info["folder"], name)
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                with open(cand, "rb") as f:
                    data = f.read()
                if starter.write_if_changed(dest, data):
                    os.chmod(dest, os.stat(cand).st_mode & 0o777 | 0o600)
                found.append(name)
                break
        else:
            missing.append(name)
    return found, missing


def build(tree, log):
    """make the programs and probes in tree; None or the compiler's complaint."""
    with open(log, "w") as out:
        r = subprocess.run(["make", "-C", tree, "-j" + JOBS, "--no-print-directory", "programs"],
                           stdout=out, stderr=subprocess.STDOUT)
    if r.returncode == 0:
        return None
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    errors = [line for line in lines if "error" in line or "undefined reference" in line]
    return "\n".join((errors or lines)[-15:])


# --- running one check --------------------------------------------------------
def private_network():
    """The unshare command that gives a check a network of its own, or exit
    with the reason (graders need user namespaces, or root)."""
    tried = []
    for argv in (["unshare", "--user", "--map-root-user", "--net"], ["unshare", "--net"]):
        r = subprocess.run(argv + ["true"], capture_output=True, text=True)
        if r.returncode == 0:
            return argv
        tried.append(f"{' '.join(argv)}: {r.stderr.strip()}")
    sys.exit("grade: cannot make a private network for the checks (" + "; ".join(tried) +
             "); the grader needs unprivileged user namespaces "
             "(sysctl kernel.unprivileged_userns_clone=1) or root")


def run_one(args):
    """Inside the private network: bring loopback up, run one check, write
    its result as JSON."""
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    check = {c.name: c for c in load_checks(args.lab)}[args.run_one]
    info = starter.lab_info(args.lab)
    t = grader.Context(args.kit, args.lab, args.submission, args.tmp, info["folder"])
    result = {"passed": False}
    try:
        check.func(t)
        result["passed"] = True
    except grader.CheckFailed as e:
        result.update(what=e.what, expected=str(e.expected), got=str(e.got))
    except Exception:                                   # the check itself broke
        result.update(what="the check to run", expected="no error",
                      got=traceback.format_exc(limit=3))
    finally:
        t.cleanup()
    with open(args.result, "w") as f:
        json.dump(result, f)


def run_check(check, netns, args, tree, workdir):
    """Run check in its own namespace under its time limit; its result."""
    # short: a host's sockets live under it (a Unix socket's path is at most 107 bytes)
    tmp = tempfile.mkdtemp(prefix="smtplab-check-")
    result_file = os.path.join(tmp, "result.json")
    argv = netns + [sys.executable, os.path.abspath(__file__), "--run-one", check.name,
                    "--lab", args.lab, "--kit", tree, "--tmp", tmp, "--result", result_file]
    if args.submission:
        argv += ["--submission", args.submission]
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True, text=True, errors="replace")
    try:
        out, _ = p.communicate(timeout=check.timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        result = {"passed": False, "what": "the check to finish",
                  "expected": f"within {check.timeout} s", "got": "still running: stopped"}
    else:
        try:
            with open(result_file) as f:
                result = json.load(f)
        except (OSError, ValueError):
            result = {"passed": False, "what": "the check to finish",
                      "expected": "a result", "got": (out or "").strip()[-600:] or "nothing"}
    try:
        os.killpg(p.pid, signal.SIGKILL)           # whatever it left behind
    except ProcessLookupError:
        pass
    result["seconds"] = round(time.monotonic() - start, 2)
    if args.keep:
        result["kept"] = tmp
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


# --- reports ------------------------------------------------------------------
def explain(check, result):
    """The lines under a failed check: what, expected, got, hint."""
    def block(label, text):
        text = str(text).rstrip("\n").split("\n")
        return [f"    {label:9} {text[0]}"] + [f"    {'':9} {t}" for t in text[1:]]
    lines = block("checked:", result.get("what", ""))
    lines += block("expected:", result.get("expected", ""))
    lines += block("got:", result.get("got", ""))
    if check.hint:
        lines += block("hint:", check.hint)
    return "\n".join(lines)


def write_results(results_dir, info, rows, seconds, summary):
    """results.json (Gradescope) and junit.xml (CI, Autolab) in results_dir."""
    os.makedirs(results_dir, exist_ok=True)
    tests = []
    for n, (check, r) in enumerate(rows, 1):
        tests.append({
            "name": check.name,
            "number": f"{info['number']}.{n}",
            "score": check.points if r["passed"] else 0,
            "max_score": check.points,
            "status": "passed" if r["passed"] else "failed",
            "output": (check.doc + ("\n" + explain(check, r) if not r["passed"] else "")).strip(),
            "visibility": "after_due_date" if check.hidden else "visible",
        })
    doc = {"score": sum(t["score"] for t in tests), "execution_time": round(seconds),
           "output": summary, "visibility": "visible", "stdout_visibility": "hidden",
           "tests": tests}
    with open(os.path.join(results_dir, "results.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
    suite = ET.Element("testsuite", name=f"lab-{info['folder']}", tests=str(len(rows)),
                       failures=str(sum(1 for _, r in rows if not r["passed"])),
                       time=f"{seconds:.2f}")
    for check, r in rows:
        case = ET.SubElement(suite, "testcase", classname=f"labs.{info['folder']}",
                             name=check.name, time=str(r.get("seconds", 0)))
        if not r["passed"]:
            failure = ET.SubElement(case, "failure", message=r.get("what", ""))
            failure.text = explain(check, r)
    root = ET.Element("testsuites")
    root.append(suite)
    ET.ElementTree(root).write(os.path.join(results_dir, "junit.xml"),
                               encoding="utf-8", xml_declaration=True)


def mark(passed):
    word = "PASS" if passed else "FAIL"
    if TTY:
        return f"\033[{32 if passed else 31}m{word}\033[0m"
    return word


def print_row(check, r):
    score = check.points if r["passed"] else 0
    print(f"{mark(r['passed'])} {score}/{check.points}  {check.name}"
          + (" (hidden)" if check.hidden else ""), flush=True)
    if not r["passed"]:
        print(explain(check, r), flush=True)


def grade(args):
    info = starter.lab_info(args.lab)
    kit = os.path.dirname(os.path.dirname(args.lab))
    results_dir = args.results or os.path.join(kit, "build", "labs", info["folder"], "results")
    work = args.work or os.path.join(kit, "build", "labs", info["folder"], "work")
    os.makedirs(work, exist_ok=True)
    checks = load_checks(args.lab)
    if args.only:
        checks = [c for c in checks if c.name in args.only]
        if not checks:
            sys.exit(f"grade: no check named {', '.join(args.only)} in {args.lab}")
    start = time.monotonic()
    print(f"Lab {info['number']}: {info.get('title', info['folder'])}", flush=True)
    broken = None
    if args.submission:
        if not os.path.isdir(args.submission):
            sys.exit(f"grade: SUBMISSION {args.submission} is not a folder")
        tree = os.path.join(work, "tree")
        starter.write_tree(args.lab, tree, kit, build_from=kit)
        found, missing = put_submission(info, args.submission, tree)
        print(f"Submission {args.submission}: " + (", ".join(found) or "nothing") +
              (f" (missing: {', '.join(missing)})" if missing else ""), flush=True)
        if not found:
            broken = {"what": "your files", "expected": "one of " + ", ".join(info["submit"]),
                      "got": f"none in {args.submission}"}
    else:
        tree = kit
    if not broken:
        print("Building the kit ...", flush=True)
        error = build(tree, os.path.join(work, "build.log"))
        if error:
            broken = {"what": "the kit to build with your files", "expected": "no error",
                      "got": error}
    netns = private_network()
    rows = []
    # the checks run side by side (each waits on its own network far more
    # than it computes), reported in order
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [None if broken else pool.submit(run_check, c, netns, args, tree, work)
                   for c in checks]
        for check, future in zip(checks, futures):
            r = dict(broken, passed=False) if broken else future.result()
            rows.append((check, r))
            print_row(check, r)
    total = sum(c.points for c, _ in rows)
    score = sum(c.points for c, r in rows if r["passed"])
    failed = [c.name for c, r in rows if not r["passed"]]
    summary = f"Score: {score}/{total}" + (f"; failed: {', '.join(failed)}" if failed else "")
    print(summary)
    if not any(c.hidden for c in checks) and not args.only:
        print("(Hidden checks are not in this copy: your teacher's grader runs more.)")
    write_results(results_dir, info, rows, time.monotonic() - start, summary)
    print(f"Results: {os.path.join(results_dir, 'results.json')}, junit.xml")
    return 0 if score == total else 1


def main():
    p = argparse.ArgumentParser(description="Grade a smtplab lab.")
    p.add_argument("--lab", required=True, help="the lab folder (labs/NN-name)")
    p.add_argument("--submission", help="a folder with the student's files")
    p.add_argument("--results", help="where results.json and junit.xml go")
    p.add_argument("--work", help="scratch folder (default build/labs/NN-name/work)")
    p.add_argument("--only", action="append", help="run only this check (repeatable)")
    p.add_argument("--jobs", type=int, default=2 * (os.cpu_count() or 2),
                   help="checks run at once (default twice the cores)")
    p.add_argument("--keep", action="store_true", help="keep each check's scratch folder")
    p.add_argument("--run-one", help=argparse.SUPPRESS)
    p.add_argument("--kit", help=argparse.SUPPRESS)
    p.add_argument("--tmp", help=argparse.SUPPRESS)
    p.add_argument("--result", help=argparse.SUPPRESS)
    args = p.parse_args()
    args.lab = os.path.abspath(args.lab)
    if args.submission:
        args.submission = os.path.abspath(args.submission)
    if args.run_one:
        return run_one(args)
    try:
        return grade(args)
    except starter.LabError as e:
        print(f"grade: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
