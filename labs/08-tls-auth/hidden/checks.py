"""Lab 08's hidden checks: the corners of PLAIN and LOGIN a careful
receiver gets right, and the causes in diagnosis.txt against the key."""
import os

from grader import check
from authlab import CAROL, CAROL_PW, CASES, b64, diagnoses, expect_reply, logged_out


@check(points=1, hint="RFC 4616 §2: the authzid is the identity to act as; the kit lets a user "
                      "act only as itself, so the authzid must reach the check as it was sent")
def authzid_is_kept(t):
    """PLAIN with authzid carol (carol's own) gets 235; with authzid alice
    (someone else) it gets 535."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH PLAIN " + b64(f"alice\0{CAROL}\0{CAROL_PW}"), 535,
                 "the reply to PLAIN with authzid alice, authcid carol")
    expect_reply(t, d, "AUTH PLAIN " + b64(f"{CAROL}\0{CAROL}\0{CAROL_PW}"), 235,
                 "the reply to PLAIN with authzid carol, authcid carol")


@check(points=1, hint="RFC 4954 §4: LOGIN may carry the user name on the AUTH line as an "
                      "initial response; the next challenge is then the password's")
def login_initial_response(t):
    """AUTH LOGIN <base64 of carol> gets 334 UGFzc3dvcmQ6 at once, then 235."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH LOGIN " + b64(CAROL), 334, "the reply to AUTH LOGIN Y2Fyb2w=",
                 "UGFzc3dvcmQ6")
    expect_reply(t, d, b64(CAROL_PW), 235, "the reply to the password")


@check(points=2, hint="RFC 4616 §2: exactly two NULs, and a user name (authcid) that is not "
                      "empty; anything else is malformed: 501 (RFC 4954 §6)")
def plain_malformed(t):
    """PLAIN messages with no NUL, an empty user name, or a third NUL get
    501 each; the session goes on."""
    d = logged_out(t)
    for text, what in ((f"{CAROL}{CAROL_PW}", "no NUL"), (f"\0\0{CAROL_PW}", "an empty user name"),
                       (f"\0{CAROL}\0{CAROL_PW}\0", "a third NUL")):
        expect_reply(t, d, "AUTH PLAIN " + b64(text), 501, f"the reply to a PLAIN message with {what}")
    expect_reply(t, d, "NOOP", 250, "the reply to NOOP after three refused AUTHs")


@check(points=1, hint="RFC 4648 §4 and §3.3: \"=\" pads only the end, and the length is a "
                      "multiple of 4; a NUL in a user name is not text")
def login_strict_base64(t):
    """LOGIN refuses (501) a user name in base64 with "=" inside, or with a
    NUL in it."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH LOGIN", 334, "the reply to AUTH LOGIN")
    expect_reply(t, d, "Y2=Fyb2w=", 501, "the reply to Y2=Fyb2w= (\"=\" inside)")
    expect_reply(t, d, "AUTH LOGIN", 334, "the reply to AUTH LOGIN")
    expect_reply(t, d, b64("car\0ol"), 501, "the reply to a user name with a NUL in it")


@check(points=3, hint="Part 4 of the handout: 530 asks for STARTTLS, 535 for the right "
                      "password; 550 5.7.1 says \"not for you\": is it the wrong host (no AUTH "
                      "offered at all), or a login that was never tried?")
def diagnosis_causes(t):
    """The cause of each case in diagnosis.txt is the right one."""
    found, problems = diagnoses(t)
    t.expect(not problems, "every line of diagnosis.txt", "CASE REPLY CAUSE", "\n".join(problems))
    key = {}
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "diagnosis-key"),
              encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                case, cause = line.split()
                key[int(case)] = cause
    wrong = [f"case {n}: {found.get(n, (0, 'nothing'))[1]}" for n in CASES
             if found.get(n, (0, None))[1] != key[n]]
    t.expect(not wrong, "the causes in diagnosis.txt", "the right cause for every case",
             "wrong: " + ", ".join(wrong))
