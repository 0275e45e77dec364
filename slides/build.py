#!/usr/bin/python3
"""build.py - make slides: lecture slides made from a real run of the kit.

Runs the RFC 821 tour of `make demo` (labs/demo.py) into slides/build/state,
so every dialogue, figure and header on the slides is what the programs
really did in that run, then writes the deck as Markdown and turns it into
PowerPoint with pandoc (which LibreOffice Impress opens too):

  slides/build/rfc821.md     the deck's text, readable as it is
  slides/build/rfc821.pptx   the slides, with the viewer's figures

  slides/build.py [--out DIR] [--scenario FILE]
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "labs"))
import demo  # noqa: E402  (the tour, and its readers of traces and Maildirs)

LINES_PER_SLIDE = 6            # what a slide shows at pandoc's code size


def code_slides(title, lines, note=""):
    """One slide of a dialogue, or several if it is long."""
    parts = [lines[i:i + LINES_PER_SLIDE] for i in range(0, len(lines), LINES_PER_SLIDE)] or [[]]
    out = []
    for n, part in enumerate(parts):
        suffix = f" ({n + 1}/{len(parts)})" if len(parts) > 1 else ""
        out.append(f"## {title}{suffix}\n\n```\n" + "\n".join(part) + "\n```\n")
        if note and n == len(parts) - 1:
            out[-1] += f"\n{note}\n"
    return out


def figure_slide(title, png):
    """A figure alone (pandoc would move a caption to a slide of its own)."""
    return f"## {title}\n\n![]({png})\n"


def cell(text):
    """Text for a Markdown table cell: <CRLF> is not an HTML tag."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def reply_codes():
    """Every reply code the servers sent in the run (every host that wrote a
    trace), how often, and its first text."""
    hosts = sorted(h for h in os.listdir(demo.STATE)
                   if os.path.isfile(os.path.join(demo.STATE, h, "trace.jsonl")))
    seen = {}
    for host in hosts:
        for e in demo.trace(host):
            if e["role"] == "server" and e["event"] == "reply":
                count, text = seen.get(e["code"], (0, e["lines"][-1]))
                seen[e["code"]] = (count + 1, text)
    rows = [f"| {code} | {count} | {cell(text)} |" for code, (count, text) in sorted(seen.items())]
    return ("## Every reply code of this run\n\n| code | times | first text seen |\n|---|---|---|\n"
            + "\n".join(rows) + "\n")


def deck():
    beta = demo.first_session("Beta.ARPA")
    isif = demo.first_session("USC-ISIF.ARPA")
    figures = os.path.join(demo.STATE, "figures")
    slides = [
        "---\ntitle: SMTP as RFC 821 tells it\n"
        f"subtitle: every line from a run of smtplab, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n---\n",
    ]
    smith = demo.dialogue("Beta.ARPA", "server", beta)
    refused = [line for line in smith if line.startswith("S: 550")]
    slides += code_slides("§3.1: Smith at Alpha mails Jones, Green and Brown at Beta", smith,
                          "A recipient refused at RCPT (550) does not stop the mail to the others."
                          if refused else "")
    slides.append(figure_slide("§3.1 as a ladder (smtplab-viewer, Beta.ARPA's trace)",
                               os.path.join(figures, "rfc821-3.1-ladder.png")))
    slides += code_slides("§3.3: VRFY and EXPN at USC-ISIF",
                          demo.dialogue("USC-ISIF.ARPA", "server", isif))
    slides.append(figure_slide("§3.6: a source route, \\<@ONE,@TWO:JOE@THREE\\>",
                               os.path.join(figures, "source-route-network.png")))
    for host in ("ONE", "TWO"):
        slides += code_slides(f"{host} passes the letter on (its trace, as a client)",
                              demo.dialogue(host, "client"))
    slides += code_slides("The header block at THREE", demo.header_block("THREE", "JOE").split("\n"),
                          "One Received: line per hop, newest on top; Return-Path: keeps the route back.")
    slides.append(figure_slide("The headers, hop by hop (smtplab-viewer, THREE's trace)",
                               os.path.join(figures, "source-route-headers.png")))
    slides.append(reply_codes())
    return "\n".join(slides)


def main():
    parser = argparse.ArgumentParser(description="Lecture slides from a real run of smtplab.")
    parser.add_argument("--out", default=os.path.join(ROOT, "slides", "build"))
    parser.add_argument("--scenario", default=demo.SCENARIO,
                        help="the RFC 821 scenario, or a copy listening elsewhere")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    state = os.path.join(out, "state")
    r = subprocess.run([sys.executable, os.path.join(ROOT, "labs", "demo.py"), "--state", state,
                        "--scenario", args.scenario, "--figures"], stdout=subprocess.DEVNULL,
                       timeout=300)
    if r.returncode != 0:
        sys.exit(f"slides: the tour failed (exit {r.returncode})")
    demo.STATE = state
    md = os.path.join(out, "rfc821.md")
    with open(md, "w", encoding="utf-8") as f:
        f.write(deck())
    pptx = os.path.join(out, "rfc821.pptx")
    subprocess.run(["pandoc", md, "-o", pptx], check=True, timeout=120)
    print(f"slides: {os.path.relpath(pptx)} (text: {os.path.relpath(md)})")


if __name__ == "__main__":
    main()
