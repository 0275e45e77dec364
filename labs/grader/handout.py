#!/usr/bin/python3
"""handout.py - run every command of a lab's handout, as written.

Only fenced blocks marked ```sh are commands.  A ```sh block followed at
once by a block marked ```input is run with that text as its standard
input (what the student types).  The blocks run in order in one bash with
-e, in the lab's folder, inside a private network (user and network
namespaces, loopback up), so the handout's fixed addresses are its own;
jobs it left in the background are stopped at the end.

    handout.py README.md [README.zh_CN.md ...]   run each; exit 1 if one fails
    handout.py --blocks README.md                print the blocks it would run

A block marked ```sh tty is a full-screen program a student runs in a
terminal (mutt): it runs in one (script(1), TERM=xterm), the ```input
after it typed as its keys.  A block marked ```sh may-fail shows a
command that fails on the starter: its status is ignored.

A handout whose commands differ from the English one's (README.md) beside
it fails too: both languages tell a student to type the same thing.
"""
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```\s*([A-Za-z_-]*)((?:\s+[A-Za-z_-]+)*)\s*$")


def blocks(path):
    """[(sh text, input text or None, line, may fail, in a terminal)] of
    the handout at path (the markers: the module's comment)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fenced, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        j = i + 1
        while j < len(lines) and not lines[j].startswith("```"):
            j += 1
        fenced.append((m.group(1), "\n".join(lines[i + 1:j]), i + 1, j, m.group(2).split()))
        i = j + 1
    out = []
    for n, (kind, text, first, last, words) in enumerate(fenced):
        if kind != "sh":
            continue
        typed = None
        if n + 1 < len(fenced) and fenced[n + 1][0] == "input" \
                and not "".join(lines[last + 1:fenced[n + 1][2] - 1]).strip():
            typed = fenced[n + 1][1] + "\n"
        out.append((text, typed, first, "may-fail" in words, "tty" in words))
    return out


def script(path, tmp):
    """The bash script that runs the blocks of path, each announced."""
    parts = ["set -e", "trap 'rc=$?; kill $(jobs -p) 2>/dev/null || true; wait; exit $rc' EXIT"]
    for n, (text, typed, line, may_fail, tty) in enumerate(blocks(path)):
        parts.append(f"echo '>>> {os.path.basename(path)}:{line}' >&2")
        stdin = "/dev/null"
        if typed is not None:
            stdin = os.path.join(tmp, f"input-{n}")
            with open(stdin, "w", encoding="utf-8") as f:
                f.write(typed)
        if tty:
            # the block in a terminal of its own: script(1) gives it one
            block = os.path.join(tmp, f"block-{n}.sh")
            with open(block, "w", encoding="utf-8") as f:
                f.write(f"set -e\n{text}\n")
            screen = os.path.join(tmp, f"block-{n}.screen")
            text = (f"TERM=xterm script -qec 'bash {block}' /dev/null > {screen} "
                    f"|| {{ rc=$?; tail -c 2000 {screen} | cat -v >&2; exit $rc; }}")
        if may_fail:
            parts.append(f"set +e\n{{\n{text}\n}} < {stdin}\nset -e")
        else:
            parts.append(f"{{\n{text}\n}} < {stdin}")
    return "\n".join(parts) + "\n"


def run(path, timeout=600):
    """Run the handout's commands; (ok, output)."""
    with tempfile.TemporaryDirectory(prefix="handout-") as tmp:
        body = os.path.join(tmp, "run.sh")
        with open(body, "w", encoding="utf-8") as f:
            f.write(script(os.path.abspath(path), tmp))
        argv = ["unshare", "--user", "--map-root-user", "--net", "sh", "-c",
                f"ip link set lo up && exec bash {body}"]
        try:
            r = subprocess.run(argv, cwd=os.path.dirname(os.path.abspath(path)),
                               capture_output=True, text=True, timeout=timeout,
                               errors="replace", start_new_session=True)
        except subprocess.TimeoutExpired as e:
            return False, f"still running after {timeout} s\n{e.stderr or ''}"
        return r.returncode == 0, r.stdout + r.stderr


def same_commands(path):
    """None, or how path's commands differ from README.md's beside it."""
    english = os.path.join(os.path.dirname(path), "README.md")
    if os.path.abspath(path) == os.path.abspath(english) or not os.path.exists(english):
        return None
    mine = [(t, i) for t, i, *_ in blocks(path)]
    theirs = [(t, i) for t, i, *_ in blocks(english)]
    if mine == theirs:
        return None
    for n, (a, b) in enumerate(zip(mine, theirs)):
        if a != b:
            return f"block {n + 1} differs from README.md's:\n{a[0]}\n---\n{b[0]}"
    return f"{len(mine)} command blocks, README.md has {len(theirs)}"


def main(argv):
    if argv[:1] == ["--blocks"]:
        for path in argv[1:]:
            for text, typed, line, *_ in blocks(path):
                print(f"--- {path}:{line}\n{text}" + (f"\n--- input\n{typed}" if typed else ""))
        return 0
    bad = 0
    for path in argv:
        differs = same_commands(path)
        ok, out = run(path)
        if differs:
            ok, out = False, out + "\n" + differs
        print(f"{'ok' if ok else 'FAILED'}: {path} ({len(blocks(path))} command blocks)")
        if not ok:
            print(out[-4000:])
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1:]))
