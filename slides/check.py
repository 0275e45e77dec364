#!/usr/bin/python3
"""check.py - look at a built deck the way a class will see it: headless
Chromium opens the HTML, measures every slide (deck.js's deckCheck(): text or
figures outside the slide's box, broken images, Chinese drawn as glyphs
and not as boxes) and takes screenshots of the slides asked for.

    slides/check.py DECK.html [--shots DIR] [--slide N]...
        prints one line per problem; exit 1 if there is one

Used by tests/slides/test_slides.py, and by anyone writing a deck."""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from browser import Browser  # noqa: E402


def measure(browser, html):
    """deck.js's measurements of every slide of html: a dict with slides
    ([{n, title, overflow}]), images ([{src, ok}]) and cjk (None, or
    {text, glyphs})."""
    browser.open("file://" + os.path.abspath(html))
    return browser.evaluate("deckCheck()")


def screenshot(browser, n, out):
    """Slide n (from 1) of the deck the browser has open as a 1280x720 PNG
    at out."""
    browser.evaluate(f"deckShow({n})")
    return browser.screenshot(out)


def problems(result):
    """One line per problem in measure()'s result."""
    out = []
    for s in result["slides"]:
        for what in s["overflow"]:
            out.append(f"slide {s['n']} ({s['title']}): outside the slide: {what}")
    for img in result["images"]:
        if not img["ok"]:
            out.append(f"a broken image: {img['src']}")
    if result["cjk"] and not result["cjk"]["glyphs"]:
        out.append(f"Chinese drawn as boxes (no CJK font?): {result['cjk']['text']}")
    return out


def main():
    parser = argparse.ArgumentParser(description="Check a built deck in headless Chromium.")
    parser.add_argument("html")
    parser.add_argument("--shots", help="where screenshots go")
    parser.add_argument("--slide", type=int, action="append", default=[], help="a slide to shoot")
    args = parser.parse_args()
    with Browser() as browser:
        result = measure(browser, args.html)
        bad = problems(result)
        for line in bad:
            print(line)
        if args.shots:
            os.makedirs(args.shots, exist_ok=True)
            base = os.path.basename(args.html)[:-5]
            for n in args.slide or range(1, len(result["slides"]) + 1):
                print(screenshot(browser, n, os.path.join(args.shots, f"{base}-{n:02d}.png")))
    print(f"{len(result['slides'])} slides, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
