#!/usr/bin/python3
"""demo.py - the RFC 821 tour (make demo).

Starts the hosts of labs/scenarios/rfc821.ini that the tour needs, replays
Smith's letter of RFC 821 §3.1 (Jones, Green and Brown at Beta.ARPA) and a
few other §3 examples, printing each dialogue as C:/S: lines, then shows
where the mail and the traces are and stops the servers.
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration"))
from harness import Dialogue, Server, ROOT  # noqa: E402

STATE = os.path.join(ROOT, "demo-state")
SCENARIO = os.path.join(ROOT, "labs", "scenarios", "rfc821.ini")
tty = sys.stdout.isatty()


def show(title, server, lines):
    print(f"\n== {title} ({server.host}, {server.address}) ==")
    d = Dialogue(server.address)
    d.reply()
    for line in lines:
        if line.startswith("DATA:"):
            for text in line[5:].split("\n"):
                d.send("." + text if text.startswith(".") else text)   # RFC 821 §4.5.2
            d.cmd(".")
        else:
            d.cmd(line)
    d.close()
    for line in d.transcript:
        colour = "\033[36m" if line.startswith("C:") else "\033[33m"
        print(f"{colour}{line}\033[0m" if tty else line)


def main():
    shutil.rmtree(STATE, ignore_errors=True)
    servers = {h: Server(SCENARIO, h, STATE) for h in ("Beta.ARPA", "USC-ISIF.ARPA", "USC-ISI.ARPA")}
    try:
        show("RFC 821 §3.1: Smith at Alpha mails Jones, Green and Brown at Beta", servers["Beta.ARPA"], [
            "HELO Alpha.ARPA", "MAIL FROM:<Smith@Alpha.ARPA>", "RCPT TO:<Jones@Beta.ARPA>",
            "RCPT TO:<Green@Beta.ARPA>", "RCPT TO:<Brown@Beta.ARPA>", "DATA",
            "DATA:Blah blah blah...\n...etc. etc. etc.", "QUIT"])
        show("RFC 821 §3.2 and §3.3: forwarding, VRFY and EXPN", servers["USC-ISI.ARPA"], [
            "HELO Alpha.ARPA", "VRFY Smith", "VRFY Jones", "QUIT"])
        show("RFC 821 §3.3: expanding a mailing list", servers["USC-ISIF.ARPA"], [
            "HELO Beta.ARPA", "VRFY Smith", "EXPN Example-People",
            "EXPN Executive-Washroom-List", "QUIT"])
    finally:
        for s in servers.values():
            s.stop()
    beta = os.path.join(STATE, "Beta.ARPA")
    print("\nDelivered mail (Maildir, read it with: mutt -f DIR):")
    for user in sorted(os.listdir(os.path.join(beta, "mail"))):
        new = os.path.join(beta, "mail", user, "new")
        for name in sorted(os.listdir(new)):
            print(f"  {os.path.relpath(os.path.join(new, name), ROOT)}")
    print("Traces (JSON Lines, one event per line):")
    for host in sorted(servers):
        print(f"  {os.path.relpath(os.path.join(STATE, host, 'trace.jsonl'), ROOT)}")
    first = sorted(os.listdir(os.path.join(beta, "mail", "Jones", "new")))[0]
    print("\nJones's copy, as stored:")
    with open(os.path.join(beta, "mail", "Jones", "new", first), encoding="utf-8") as f:
        print("  " + f.read().replace("\r\n", "\n").rstrip().replace("\n", "\n  "))


if __name__ == "__main__":
    main()
