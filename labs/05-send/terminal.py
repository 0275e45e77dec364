"""terminal.py - what lab 05's public and hidden checks share: Beta.ARPA
started and Jones logged in at a terminal (smtplab-term)."""
import os
import subprocess


def log_in_jones(t):
    """Beta.ARPA started, Jones logged in; returns the file his terminal prints to."""
    t.start_net("rfc821", only=("Beta.ARPA",))
    screen = os.path.join(t.tmp, "jones-terminal.txt")
    term = t.spawn(["smtplab-term", "--state", t.state, "--host", "Beta.ARPA", "Jones"],
                   stdout=open(screen, "w"), stderr=subprocess.STDOUT)
    sock = os.path.join(t.state, "Beta.ARPA", "terminals", "Jones.sock")
    t.wait(lambda: os.path.exists(sock) or term.poll() is not None,
           "Jones logged in (smtplab-term)", timeout=20)
    t.expect(term.poll() is None, "smtplab-term", "Jones logged in", open(screen).read())
    return screen
