"""test_viewer_export.py - smtplab-viewer --export draws without a display:
the SVG of a session has one arrow per command and per reply of that
session, PNG and PDF are written, bad input is survived."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import ROOT, SLOW, program

DATA = os.path.join(ROOT, "tests", "viewer", "data")


def export(out, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run([program("smtplab-viewer"), "--export", out, *args], capture_output=True,
                          text=True, timeout=60 * SLOW, env=env)


def events(path, session):
    with open(path, encoding="utf-8") as f:
        return [e for e in map(json.loads, f) if e["session"] == session]


def arrows(svg_path):
    """Arrow shafts: the only strokes 2.25 wide (viewer/render/ladder-draw.c)."""
    with open(svg_path, encoding="utf-8") as f:
        return len(re.findall(r"stroke-width:2\.25", f.read()))


class Export(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-export-")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_svg_has_one_arrow_per_command_and_reply(self):
        trace = os.path.join(DATA, "relay", "Beta.ARPA", "trace.jsonl")
        session = events(trace, json.loads(open(trace).readline())["session"])
        out = os.path.join(self.tmp, "beta.svg")
        r = export(out, trace, "--session", session[0]["session"])
        self.assertEqual(r.returncode, 0, r.stderr)
        wanted = sum(e["event"] in ("command", "reply") for e in session)
        self.assertEqual(wanted, 16)
        self.assertEqual(arrows(out), wanted)

    def test_every_session_of_the_relay(self):
        for host in ("ONE", "TWO", "THREE", "USC-ISIF.ARPA"):
            trace = os.path.join(DATA, "relay", host, "trace.jsonl")
            ids = sorted({e["session"] for e in map(json.loads, open(trace))
                          if e["event"] == "connect"})
            for sid in ids:
                out = os.path.join(self.tmp, f"{sid}.svg")
                r = export(out, trace, "--session", sid)
                self.assertEqual(r.returncode, 0, r.stderr)
                wanted = sum(e["event"] in ("command", "reply") for e in events(trace, sid))
                self.assertEqual(arrows(out), wanted, f"{host} {sid}")

    def test_turn_draws_both_directions(self):
        """TURN: the session after the swap is drawn in the same ladder."""
        out = os.path.join(self.tmp, "turn.svg")
        r = export(out, os.path.join(DATA, "turn", "HOSTW.ARPA", "trace.jsonl"))
        self.assertEqual(r.returncode, 0, r.stderr)
        trace = os.path.join(DATA, "turn", "HOSTW.ARPA", "trace.jsonl")
        every = [e for e in map(json.loads, open(trace)) if e["event"] in ("command", "reply")]
        self.assertEqual(arrows(out), len(every))

    def highlighted(self, png):
        """Which of three state boxes is filled (the current state): the
        colour inside each box's left edge (viewer/render/state-draw.c's
        places, scale 3)."""
        boxes = {"GREETED": "30,118", "QUIT": "30,383", "RCPT": "770,383"}
        lit = []
        for name, at in boxes.items():
            r = subprocess.run(["convert", png, "-format", f"%[pixel:p{{{at}}}]", "info:"],
                               capture_output=True, text=True, timeout=60)
            if r.stdout.strip() not in ("srgb(255,255,255)", "white", "srgba(0,0,0,0)", "none"):
                lit.append(name)
        return lit

    def test_states_of_a_session_end_where_it_ended(self):
        """--view states: RFC 821 §4.3's diagram, the receiver's last state
        filled: QUIT after a whole session, RCPT for one cut after RCPT."""
        trace = os.path.join(DATA, "relay", "Beta.ARPA", "trace.jsonl")
        sid = json.loads(open(trace).readline())["session"]
        whole = os.path.join(self.tmp, "whole.png")
        r = export(whole, trace, "--session", sid, "--view", "states")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("the states of session", r.stdout)
        self.assertEqual(self.highlighted(whole), ["QUIT"])
        cut = os.path.join(self.tmp, "cut.jsonl")
        with open(trace) as f, open(cut, "w") as out:
            rcpt = False                           # up to the first RCPT's reply
            for line in f:
                out.write(line)
                e = json.loads(line)
                if e["session"] != sid:
                    continue
                if e["event"] == "command" and e["line"].startswith("RCPT"):
                    rcpt = True
                elif rcpt and e["event"] == "reply":
                    break
        part = os.path.join(self.tmp, "part.png")
        r = export(part, cut, "--session", sid, "--view", "states")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.highlighted(part), ["RCPT"])
        svg = os.path.join(self.tmp, "states.svg")
        self.assertEqual(export(svg, trace, "--view", "states").returncode, 0)
        self.assertIn("<svg", open(svg, encoding="utf-8").read())

    def test_starttls_and_auth_of_a_real_session(self):
        """mail.lab.example (labs/scenarios/esmtp.ini): STARTTLS, AUTH LOGIN, a letter."""
        trace = os.path.join(DATA, "esmtp", "mail.lab.example", "trace.jsonl")
        sid = json.loads(open(trace).readline())["session"]
        out = os.path.join(self.tmp, "esmtp.svg")
        r = export(out, trace)
        self.assertEqual(r.returncode, 0, r.stderr)
        wanted = sum(e["event"] in ("command", "reply") for e in events(trace, sid))
        self.assertEqual(arrows(out), wanted)

    def test_png_and_pdf(self):
        trace = os.path.join(DATA, "relay", "ONE", "trace.jsonl")
        for ext, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF")):
            out = os.path.join(self.tmp, "one" + ext)
            r = export(out, trace)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(out, "rb") as f:
                self.assertEqual(f.read(4), magic)

    def test_bad_input_is_survived(self):
        good = open(os.path.join(DATA, "relay", "Beta.ARPA", "trace.jsonl"), encoding="utf-8").read()
        lines = good.splitlines(True)
        bad = os.path.join(self.tmp, "bad.jsonl")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("garbage\n" + "".join(lines[:5]) + '{"ts":"2026-11-26T01:26:07.4Z","v":7,"host":"Beta.ARPA",'
                    f'"role":"server","session":"{json.loads(lines[0])["session"]}","event":"hologram"}}\n'
                    + "".join(lines[5:]) + lines[0][:40])
        out = os.path.join(self.tmp, "bad.svg")
        r = export(out, bad)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("1 line skipped", r.stderr)
        self.assertIn("incomplete line", r.stderr)
        self.assertIn("unknown", r.stderr)
        self.assertEqual(arrows(out), 16)

    def test_empty_file_and_wrong_arguments(self):
        empty = os.path.join(self.tmp, "empty.jsonl")
        open(empty, "w").close()
        r = export(os.path.join(self.tmp, "x.svg"), empty)
        self.assertEqual(r.returncode, 1)
        self.assertIn("no session", r.stderr)
        r = export(os.path.join(self.tmp, "x.gif"), empty)
        self.assertEqual(r.returncode, 2)
        r = export(os.path.join(self.tmp, "x.svg"), os.path.join(self.tmp, "missing.jsonl"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("missing.jsonl", r.stderr)
