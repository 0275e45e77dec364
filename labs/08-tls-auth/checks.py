"""Lab 08's public checks: AUTH PLAIN and LOGIN typed by hand to the
plaintext host of labs/scenarios/esmtp.ini (your lib/sasl.c answers them),
the shipped mutt + msmtp setup through the submission host, and your
diagnoses and fixed setup on corp.ini."""
import os

from grader import check
from authlab import (CAROL, CAROL_PW, CASES, OUTSIDE, PLAIN_HOST, b64, diagnoses,
                     expect_reply, logged_out, msmtp, server_message)

LETTER = "Subject: Lab 08\n\nDear Dave, this went out through the submission host.\n"


@check(points=2, hint="RFC 4616 §2: PLAIN's message is base64 of authzid NUL authcid NUL "
                      "password; RFC 4954 §4: it may come on the AUTH line (smtp_sasl_plain_decode)")
def plain_on_the_auth_line(t):
    """AUTH PLAIN with carol's message on the AUTH line gets 235, and then
    carol may relay to outside.example."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH PLAIN " + b64(f"\0{CAROL}\0{CAROL_PW}"), 235,
                 "the reply to AUTH PLAIN <base64 of NUL carol NUL carol-pw>")
    expect_reply(t, d, f"MAIL FROM:<{CAROL}@{PLAIN_HOST}>", 250, "the reply to MAIL after the login")
    expect_reply(t, d, f"RCPT TO:<dave@{OUTSIDE}>", 250,
                 "the reply to RCPT TO:<dave@outside.example> (relaying, for a user who logged in)")


@check(points=1, hint="RFC 4954 §4: AUTH PLAIN without an initial response gets \"334 \" "
                      "(an empty challenge); the client's next line is the message")
def plain_after_an_empty_challenge(t):
    """AUTH PLAIN alone gets 334; carol's message on its own line gets 235."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH PLAIN", 334, "the reply to AUTH PLAIN alone")
    expect_reply(t, d, b64(f"\0{CAROL}\0{CAROL_PW}"), 235, "the reply to carol's PLAIN message")


@check(points=2, hint="LOGIN: 334 VXNlcm5hbWU6 (\"Username:\") is answered with base64 of the "
                      "user name, 334 UGFzc3dvcmQ6 (\"Password:\") with base64 of the password "
                      "(smtp_sasl_login_decode, smtp_sasl_server_step)")
def login_user_then_password(t):
    """The seed's dialogue: AUTH LOGIN, 334 VXNlcm5hbWU6, the user name,
    334 UGFzc3dvcmQ6, the password, 235."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH LOGIN", 334, "the reply to AUTH LOGIN", "VXNlcm5hbWU6")
    expect_reply(t, d, b64(CAROL), 334, "the reply to the user name (base64 of carol)",
                 "UGFzc3dvcmQ6")
    expect_reply(t, d, b64(CAROL_PW), 235, "the reply to the password (base64 of carol-pw)")


@check(points=1, hint="RFC 4954 §6: 535 5.7.8 when the credentials are wrong; the user name "
                      "and password must be the ones the client sent, decoded")
def wrong_password_535(t):
    """carol with a wrong password gets 535, by PLAIN and by LOGIN."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH PLAIN " + b64(f"\0{CAROL}\0not-her-password"), 535,
                 "the reply to AUTH PLAIN with a wrong password")
    expect_reply(t, d, "AUTH LOGIN", 334, "the reply to AUTH LOGIN")
    expect_reply(t, d, b64(CAROL), 334, "the reply to the user name")
    expect_reply(t, d, b64("carol-PW"), 535, "the reply to a wrong password (carol-PW)")


@check(points=1, hint="RFC 4954 §4: a client that answers a 334 with \"*\" cancels; the server "
                      "MUST reply 501 (the kit: \"501 5.7.0 Authentication cancelled\") - "
                      "\"*\" is not base64 to decode")
def star_cancels(t):
    """"*" in answer to LOGIN's 334 gets 501 5.7.0 Authentication cancelled;
    the session goes on, and a new AUTH logs in."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH LOGIN", 334, "the reply to AUTH LOGIN")
    expect_reply(t, d, "*", 501, "the reply to \"*\" (cancel)", "5.7.0")
    expect_reply(t, d, "AUTH PLAIN " + b64(f"\0{CAROL}\0{CAROL_PW}"), 235,
                 "the reply to AUTH PLAIN after the cancelled exchange")


@check(points=1, hint="RFC 4954 §6: 501 when a response cannot be decoded (RFC 4648: base64 "
                      "has an alphabet of 64 characters and \"=\" only at the end)")
def not_base64_501(t):
    """A response that is not base64 gets 501, by PLAIN and by LOGIN."""
    d = logged_out(t)
    expect_reply(t, d, "AUTH PLAIN carol:carol-pw", 501, "the reply to AUTH PLAIN carol:carol-pw")
    expect_reply(t, d, "AUTH LOGIN", 334, "the reply to AUTH LOGIN")
    expect_reply(t, d, "carol", 501, "the reply to a user name sent as it is, not in base64")


@check(points=2, hint="The handout's \"Part 3\": msmtp does STARTTLS, then AUTH PLAIN; your "
                      "PLAIN decoding is what mail.lab.example runs")
def mutt_and_msmtp_send(t):
    """mutt, set up by the lab's muttrc, hands a letter to msmtp (msmtprc):
    STARTTLS and AUTH at mail.lab.example, and dave gets it, stamped
    "with ESMTPSA" (TLS and a login, RFC 3848)."""
    t.start_net("esmtp", only=("mail.lab.example", OUTSIDE))
    r = t.run(["mutt", "-F", "muttrc", "-s", "Lab 08 by mutt", f"dave@{OUTSIDE}"],
              input="Sent with mutt and msmtp.\n", cwd=t.lab, timeout=40)
    t.expect(r.exit == 0, "mutt's exit status", "0 (msmtp sent it)", r)
    box = t.wait(lambda: t.maildir(OUTSIDE, "dave"), "the letter in dave's mailbox", timeout=20)
    stamps = " ".join(box[0].get_all("Received", []))
    t.expect("with ESMTPSA" in " ".join(stamps.split()), "the Received: lines of dave's copy",
             "one by mail.lab.example \"with ESMTPSA\"", stamps)


@check(points=2, hint="Run each case with msmtp -C cases/N.msmtprc (handout, Part 4) and copy "
                      "the code of the reply msmtp shows (\"server message: ...\")")
def diagnosis_reply_codes(t):
    """For each of the four cases, diagnosis.txt has the reply code the
    server really gave."""
    found, problems = diagnoses(t)
    t.expect(not problems, "every line of diagnosis.txt", "CASE REPLY CAUSE", "\n".join(problems))
    t.start_net("corp.ini")
    for n in CASES:
        t.expect(n in found, f"a line for case {n} in diagnosis.txt", f"{n} REPLY CAUSE", "none")
        r = msmtp(t, os.path.join(t.lab, "cases", f"{n}.msmtprc"), f"dave@{OUTSIDE}",
                  LETTER, t.lab)
        t.expect_equal(server_message(r), found[n][0], f"the reply code of case {n}")


@check(points=2, hint="RFC 6409: send on the submission port 587 with STARTTLS (RFC 3207) and "
                      "AUTH (RFC 4954), as wang, with the authorization code")
def fixed_setup_sends(t):
    """fixed.msmtprc sends Wang's letter through smtp.corp.example: dave
    gets it, after STARTTLS and a login as wang."""
    t.start_net("corp.ini")
    r = msmtp(t, t.submitted("fixed.msmtprc"), f"dave@{OUTSIDE}", LETTER, t.lab)
    t.expect(r.exit == 0, "msmtp -C fixed.msmtprc", "exit 0: sent", r)
    box = t.wait(lambda: t.maildir(OUTSIDE, "dave"), "the letter in dave's mailbox", timeout=20)
    events = t.trace("smtp.corp.example")
    logins = [e for e in events if e["event"] == "auth" and e.get("outcome") == "ok"]
    t.expect(logins and logins[0].get("user") == "wang", "smtp.corp.example's trace",
             "a login (auth ok) as wang", logins or "no login")
    t.expect(any(e["event"] == "tls" for e in events), "smtp.corp.example's trace",
             "a TLS handshake before the login", "none")
    t.expect(len(box) == 1, "dave's mailbox", "one letter", f"{len(box)} letters")
