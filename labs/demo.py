#!/usr/bin/python3
"""demo.py - the RFC 821 tour (make demo).

Starts every host of labs/scenarios/rfc821.ini with smtplab-net in a
private network of its own (smtplab-net --private: the scenario's addresses
unchanged, so any number of demos run at once on one machine), replays
RFC 821's examples with smtplab-client (the transcripts in labs/scripts/)
inside it, follows a source-routed letter from host to host through the
traces, shows the header block it arrives with, and stops the network.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("SMTPLAB_BIN", os.path.join(ROOT, "bin"))   # as the tests set it
STATE = os.path.join(ROOT, "demo-state")      # --state changes it
SCENARIO = os.path.join(ROOT, "labs", "scenarios", "rfc821.ini")
SCRIPTS = os.path.join(ROOT, "labs", "scripts")
TTY = sys.stdout.isatty()


def title(text):
    print(f"\n\033[1m== {text} ==\033[0m" if TTY else f"\n== {text} ==", flush=True)


def run_script(address, script, helo="Alpha.ARPA"):
    r = subprocess.run([os.path.join(BIN, "smtplab-client"), "--server", address, "--helo", helo,
                        "--script", os.path.join(SCRIPTS, script)], text=True, timeout=60)
    if r.returncode != 0:
        sys.exit(f"demo: {script} did not go as RFC 821 says (exit {r.returncode})")


def trace(host):
    with open(os.path.join(STATE, host, "trace.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def dialogue(host, role, session=None):
    """The C:/S: lines of host's trace in role ("client": what it said when it
    passed mail on; "server": what it was told), of one session or all."""
    lines = []
    for e in trace(host):
        if e["role"] != role or (session and e["session"] != session):
            continue
        if e["event"] == "command":
            lines.append(f"C: {e['line']}")
        elif e["event"] == "reply":
            for i, line in enumerate(e["lines"]):
                sep = "-" if i + 1 < len(e["lines"]) else " "
                lines.append(f"S: {e['code']}{sep}{line}")
        elif e["event"] == "data":
            lines.append(f"C: ({e['size']} octets of mail data, then \".\")")
    return lines


def relay_dialogue(host):
    """What host said as a client when it passed the mail on."""
    for line in dialogue(host, "client"):
        print(f"  {line}")


def header_block(host, user):
    """The header block of the first message in user's Maildir at host."""
    new = os.path.join(STATE, host, "mail", user, "new")
    with open(os.path.join(new, sorted(os.listdir(new))[0]), encoding="utf-8") as f:
        return f.read().replace("\r\n", "\n").split("\n\n", 1)[0]


def wait_for(predicate, seconds=15):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def scenario_addresses(scenario):
    """{host: "addr:port"} of every [host NAME] group's listen= in scenario."""
    hosts, host = {}, None
    with open(scenario, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*\[host\s+(.+?)\]\s*$", line)
            if m or re.match(r"\s*\[", line):
                host = m.group(1) if m else None
            m = re.match(r"\s*listen\s*=\s*(\S+)\s*$", line)
            if m and host:
                hosts[host] = m.group(1)
    return hosts


def tour(scenario):
    """The tour proper, run inside the lab network while its hosts listen."""
    hosts = scenario_addresses(scenario)
    title("RFC 821 §3.1: Smith at Alpha mails Jones, Green and Brown at Beta")
    run_script(hosts["Beta.ARPA"], "rfc821-3.1-smith.txt")
    title("RFC 821 §3.3: VRFY and EXPN at USC-ISIF")
    run_script(hosts["USC-ISIF.ARPA"], "rfc821-3.3-vrfy-expn.txt", helo="Beta.ARPA")
    title("RFC 821 §3.6: a source route, <@ONE,@TWO:JOE@THREE>")
    run_script(hosts["ONE"], "rfc821-3.6-source-route.txt")
    joe = os.path.join(STATE, "THREE", "mail", "JOE", "new")
    if not wait_for(lambda: os.path.isdir(joe) and os.listdir(joe)):
        sys.exit("demo: the source-routed letter did not arrive")
    for host in ("ONE", "TWO"):
        title(f"{host} passes the letter on (from {host}'s trace)")
        relay_dialogue(host)
    title("The header block at THREE: one Received: line per hop, newest on top")
    print("  " + header_block("THREE", "JOE").replace("\n", "\n  "))


def main():
    global STATE
    parser = argparse.ArgumentParser(description="The RFC 821 tour.")
    parser.add_argument("--state", default=STATE, help="where the hosts keep their state")
    parser.add_argument("--scenario", default=SCENARIO,
                        help="the RFC 821 scenario, or a copy listening elsewhere")
    parser.add_argument("--figures", action="store_true",
                        help="draw the figures even where a display could show the viewer")
    parser.add_argument("--inside", action="store_true",
                        help=argparse.SUPPRESS)   # run by smtplab-net inside the lab network
    args = parser.parse_args()
    STATE = os.path.abspath(args.state)
    scenario = os.path.abspath(args.scenario)
    if args.inside:
        tour(scenario)
        return
    shutil.rmtree(STATE, ignore_errors=True)
    # smtplab-net starts the hosts in a private network, then runs the tour
    # inside it; when the tour ends, every host stops
    r = subprocess.run([os.path.join(BIN, "smtplab-net"), scenario, "--state", STATE, "--private",
                        "--", sys.executable, os.path.abspath(__file__), "--inside",
                        "--state", STATE, "--scenario", scenario], stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        sys.exit(f"demo: the tour failed (exit {r.returncode})")

    print("\nDelivered mail is in Maildirs (read one with: mutt -F labs/muttrc -f DIR):")
    for host in sorted(os.listdir(STATE)):
        mail = os.path.join(STATE, host, "mail")
        for user in sorted(os.listdir(mail)) if os.path.isdir(mail) else []:
            print(f"  {os.path.relpath(os.path.join(mail, user), ROOT)}")
    print("Each host's trace (JSON Lines, docs/trace-format.md): "
          f"{os.path.relpath(STATE, ROOT)}/HOST/trace.jsonl")
    show_in_viewer(args.figures)


def first_session(host):
    """The id of the first connection host's trace holds."""
    return next(e["session"] for e in trace(host) if e["event"] == "connect")


def show_in_viewer(figures_wanted=False):
    """With a display: smtplab-viewer on every trace of the tour.  Without
    one (or with --figures): the tour's figures drawn into STATE/figures/."""
    viewer = os.path.join(BIN, "smtplab-viewer")
    if not figures_wanted and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        subprocess.Popen([viewer, STATE, "--session", first_session("Beta.ARPA")],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        print("\nsmtplab-viewer is open on the traces (Ctrl+? lists its keys).")
        return
    figures = os.path.join(STATE, "figures")
    os.makedirs(figures, exist_ok=True)
    wanted = [("rfc821-3.1-ladder", "ladder", "Beta.ARPA"),
              ("source-route-network", "network", "THREE"),
              ("source-route-headers", "headers", "THREE")]
    for name, view, host in wanted:
        for ext in ("svg", "png"):
            subprocess.run([viewer, "--export", os.path.join(figures, f"{name}.{ext}"), "--view", view,
                            "--session", first_session(host), STATE],
                           stdout=subprocess.DEVNULL, check=True, timeout=60)
    print(f"\nThe viewer drew the tour's figures: {os.path.relpath(figures, ROOT)}/")
    for name, view, host in wanted:
        print(f"  {name}.svg, .png  ({view} view, {host})")


if __name__ == "__main__":
    main()
