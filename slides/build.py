#!/usr/bin/python3
"""build.py - make slides: the lecture decks, made from real runs of the kit.

Every deck is a Markdown source in each language (slides/en/DECK.md,
slides/zh_CN/DECK.md) whose dialogues, header blocks, figures and quiz
answers are placeholders (slides/deck.py).  The build performs the deck's
runs (slides/runs/DECK.ini), each in a private network of its own, fills
the placeholders from what the hosts traced and delivered, and writes per
deck and language:

  slides/build/LANG/DECK.html   one self-contained file (style, script and
                                figures inside: works offline, from a USB stick)
  slides/build/LANG/DECK.pdf    one page a slide (headless Chromium prints the HTML)
  slides/build/LANG/DECK.pptx   PowerPoint (pandoc; LibreOffice Impress opens it)
  slides/build/LANG/DECK.md     the filled Markdown, readable as it is

  slides/build.py [--out DIR] [--deck DECK]... [--lang en|zh_CN]... [--no-pdf] [--no-pptx]
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import deck     # noqa: E402
import runs     # noqa: E402
from browser import Browser, BrowserError, chromium  # noqa: E402

LANGS = ("en", "zh_CN")
KEYS = {"en": "→ next · ← back · N notes · slides/live DECK RUN shows a run live",
        "zh_CN": "→ 下一页 · ← 上一页 · N 讲稿 · slides/live 讲义 运行名：现场演示"}


def decks():
    """The decks, by name (the English sources are the list)."""
    return sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(HERE, "en", "*.md")))


def pdf(browser, html, out):
    """html printed by headless Chromium, one page a slide (deck.css @page)."""
    browser.open("file://" + html)
    browser.pdf(out)


def build_deck(name, langs, out, browser, want_pptx):
    """Perform the deck's runs, then write it in each language."""
    states = {}
    for run_name, run in runs.deck_runs(name).items():
        state = os.path.join(out, "state", name, run_name)
        runs.perform(run, state)
        states[run_name] = state
    made = []
    for lang in langs:
        src = os.path.join(HERE, lang, name + ".md")
        if not os.path.isfile(src):
            raise deck.DeckError(f"slides/{lang}/{name}.md is missing (every deck is in both languages)")
        dest = os.path.join(out, lang)
        figures = os.path.join(dest, "figures")
        os.makedirs(figures, exist_ok=True)
        builder = deck.Builder(name, states, figures, lang, want_pptx)
        with open(src, encoding="utf-8") as f:
            text = builder.fill(f.read())
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        md = os.path.join(dest, name + ".md")
        with open(md, "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(dest, name + ".blocks.json"), "w", encoding="utf-8") as f:
            json.dump({"states": states, "blocks": builder.blocks}, f, indent=1)
        html = os.path.join(dest, name + ".html")
        html_lang = lang.replace("_", "-")
        subprocess.run(["pandoc", md, "-f", "markdown", "-t", "html5", "--section-divs",
                        "--self-contained", "--template", os.path.join(HERE, "template.html"),
                        "-V", f"css={os.path.join(HERE, 'deck.css')}",
                        "-V", f"js={os.path.join(HERE, 'deck.js')}",
                        "-V", f"lang={html_lang}", "-V", f"keys={KEYS[lang]}",
                        "-M", f"date={stamp}", "-o", html],
                       check=True, timeout=180, cwd=dest)
        made.append(html)
        if want_pptx:
            pptx_md = os.path.join(dest, name + ".pptx.md")
            with open(pptx_md, "w", encoding="utf-8") as f:
                f.write(text.replace(".svg){.figure}", ".png)"))
            subprocess.run(["pandoc", pptx_md, "-o", os.path.join(dest, name + ".pptx")],
                           check=True, timeout=180, cwd=dest)
            os.unlink(pptx_md)
        if browser:
            pdf(browser, html, os.path.join(dest, name + ".pdf"))
    return made


def main():
    parser = argparse.ArgumentParser(description="Lecture decks from real runs of smtplab.")
    parser.add_argument("--out", default=os.path.join(HERE, "build"))
    parser.add_argument("--deck", action="append", help="only this deck (repeatable)")
    parser.add_argument("--lang", action="append", choices=LANGS, help="only this language")
    parser.add_argument("--no-pdf", action="store_true", help="no PDF (no Chromium needed)")
    parser.add_argument("--no-pptx", action="store_true", help="no PowerPoint")
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    names = args.deck or decks()
    unknown = sorted(set(names) - set(decks()))
    if unknown:
        sys.exit(f"slides: no deck {', '.join(unknown)} (decks: {', '.join(decks())})")
    if not args.no_pdf and not chromium():
        sys.exit("slides: no chromium to print the PDFs (sudo apt-get install chromium), "
                 "or use --no-pdf")
    browser = None
    try:
        browser = None if args.no_pdf else Browser()
        for name in names:
            for html in build_deck(name, args.lang or LANGS, out, browser, not args.no_pptx):
                print(f"slides: {os.path.relpath(html)}")
    except (deck.DeckError, runs.RunError, BrowserError) as e:
        sys.exit(f"slides: {e}")
    finally:
        if browser:
            browser.close()


if __name__ == "__main__":
    main()
