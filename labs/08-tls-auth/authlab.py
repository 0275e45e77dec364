"""What lab 08's public and hidden checks share: a dialogue with the
plaintext host, base64 as a student types it, msmtp run on a setup, and
diagnosis.txt read."""
import base64
import os
import re
import shutil

PLAIN_HOST = "plain.lab.example"
PLAIN = "127.0.0.31:2525"          # AUTH in the clear: the lesson's host (esmtp.ini)
OUTSIDE = "outside.example"
CAROL, CAROL_PW = "carol", "carol-pw"
CAUSES = ("port", "starttls", "password", "auth")
CASES = (1, 2, 3, 4)


def b64(text):
    """What "echo -n TEXT | base64" prints."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def logged_out(t, *hosts):
    """The esmtp network's hosts started, a dialogue with the plaintext
    host greeted and past EHLO, nobody logged in."""
    t.start_net("esmtp", only=hosts or (PLAIN_HOST,))
    d = t.dial(PLAIN)
    greeting = d.reply()
    t.expect(greeting.code == 220, f"the greeting of {PLAIN_HOST}", "220", greeting)
    ehlo = d.command("EHLO student.example")
    t.expect(ehlo.code == 250 and any(l.upper().startswith("AUTH") for l in ehlo.lines),
             "the EHLO reply", "250 with an AUTH line", ehlo)
    return d


def expect_reply(t, d, line, code, what, starts=None):
    """Send line; its reply must have code (and text that starts with starts)."""
    r = d.command(line)
    ok = r.code == code and (starts is None or r.text.startswith(starts))
    t.expect(ok, what, f"{code} {starts or ''}".strip(), r)
    return r


def msmtp(t, config, to, letter, cwd):
    """Run msmtp with config (a copy only the grader may read: msmtp
    refuses a password in a file others can read) in cwd; its Result."""
    copy = os.path.join(t.tmp, os.path.basename(config) + ".copy")
    shutil.copyfile(config, copy)
    os.chmod(copy, 0o600)
    return t.run(["msmtp", "-C", copy, to], input=letter, cwd=cwd, timeout=40)


def server_message(result):
    """The code of the reply msmtp reported ("server message: 530 ..."), or None."""
    m = re.search(r"server message: (\d{3})", result.err)
    return int(m.group(1)) if m else None


def diagnoses(t):
    """diagnosis.txt read: ({case: (code, cause)}, [problems])."""
    found, problems = {}, []
    with open(t.submitted("diagnosis.txt"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if len(words) < 3 or not words[0].isdigit() or not re.fullmatch(r"\d{3}", words[1]):
                problems.append(f"line {n}: {line!r} is not CASE REPLY CAUSE")
                continue
            case, code, cause = int(words[0]), int(words[1]), words[2].lower()
            if cause not in CAUSES:
                problems.append(f"line {n}: cause {words[2]!r} is not one of {', '.join(CAUSES)}")
            found[case] = (code, cause)
    return found, problems
