"""slides.py - make check's proof that the lecture decks are what a class
will see (tests/run.py's "slides:" stage).  For every deck of slides/en/:

  builds       its runs are performed and it is written in English and in
               Chinese: HTML and PDF (PowerPoint too for one deck);
  from runs    every dialogue, header block and body on a slide is, line
               for line and in order, what the run's trace or Maildir
               holds, and the blocks cut from one source leave nothing out;
  in Chromium  (each language) headless Chromium opens the HTML: no slide
               has anything outside its 1280x720 box, no image is broken,
               Chinese is drawn with glyphs, not boxes; the title slide, a
               dialogue slide and a figure slide are kept as screenshots
               (tests/artefacts/slides/) and are not blank; the PDF has
               one page a slide; nothing in the HTML is fetched from the
               network (it works offline);
  live         slides/live DECK RUN performs the run a slide names and
               shows its commands (without a display: no viewer).

  python3 tests/slides/slides.py [PATTERN]"""
import contextlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "slides"))
import build            # noqa: E402
import check            # noqa: E402
import runs             # noqa: E402
from browser import Browser  # noqa: E402

# a folder of this run's own: two make checks on one machine do not meet
SCRATCH = tempfile.mkdtemp(prefix="smtplab-slides-test-")
ARTEFACTS = os.path.join(ROOT, "tests", "artefacts", "slides")


class Failed(Exception):
    pass


# PowerPoint (pandoc, and a PNG of every figure) is made and checked for
# this deck only: the others differ only in text, and make check's time
# is better spent elsewhere
PPTX_DECK = "02-transaction"


def test_build(deck, browser):
    """The deck in both languages: HTML and PDF (and PowerPoint, PPTX_DECK)."""
    made = build.build_deck(deck, build.LANGS, SCRATCH, browser, deck == PPTX_DECK)
    for html_path in made:
        for ext in (".pdf", ".md", ".blocks.json") + ((".pptx",) if deck == PPTX_DECK else ()):
            if not os.path.isfile(html_path[:-5] + ext):
                raise Failed(f"no {os.path.basename(html_path[:-5] + ext)}")
    return f"{len(made)} languages: HTML, PDF" + (", PowerPoint" if deck == PPTX_DECK else "")


def source_lines(states, block):
    """What block's source holds: every line of the dialogue's chosen
    exchanges, of the header block, or of the body."""
    state = states[block["run"]]
    if block["kind"] == "dialogue":
        ex = runs.exchanges(state, block["host"], block["role"], block["session"])
        return [line for g in ex[block["from"] - 1:block["to"]] for line in g]
    if block["kind"] == "headers":
        return [line for f in runs.header_fields(state, block["host"], block["user"], block["nth"])
                for line in f]
    return runs.body_lines(state, block["host"], block["user"], block["nth"])[block["from"] - 1:block["to"]]


def rendered_blocks(html_path):
    """The text of every code block of the HTML deck, as lines."""
    with open(html_path, encoding="utf-8") as f:
        text = f.read()
    out = []
    for m in re.finditer(r'<pre class="(dialogue|letter)"><code>(.*?)</code></pre>', text, re.S):
        out.append(html.unescape(re.sub(r"<[^>]+>", "", m.group(2))).split("\n"))
    return out


def test_from_runs(deck, lang):
    """Every block on the slides is its source, in order, with nothing
    left out between the slides it was cut over."""
    base = os.path.join(SCRATCH, lang, deck)
    with open(base + ".blocks.json", encoding="utf-8") as f:
        manifest = json.load(f)
    shown = rendered_blocks(base + ".html")
    blocks = manifest["blocks"]
    if len(shown) != len(blocks):
        raise Failed(f"{len(shown)} code blocks in the HTML, {len(blocks)} made from runs")
    by_source = {}
    for block, lines in zip(blocks, shown):
        if lines != block["lines"]:
            raise Failed(f"slide {block['slide']!r}: the HTML shows {lines[:3]}..., "
                         f"the build made {block['lines'][:3]}...")
        key = json.dumps({k: v for k, v in block.items() if k not in ("lines", "slide")}, sort_keys=True)
        by_source.setdefault(key, []).extend(lines)
    for key, lines in by_source.items():
        source = source_lines(manifest["states"], json.loads(key))
        if lines != source:
            raise Failed(f"{key}: the slides show {len(lines)} lines, the run has {len(source)}; "
                         f"first difference: {next((a, b) for a, b in zip(lines + [None], source + [None]) if a != b)}")
    return f"{len(blocks)} blocks from {len(by_source)} sources, line for line"


def not_blank(png):
    """The screenshot has something on it (ImageMagick: more than a few
    colours, and some spread)."""
    r = subprocess.run(["convert", png, "-format", "%k %[fx:standard_deviation]", "info:"],
                       capture_output=True, text=True, timeout=60)
    colours, spread = r.stdout.split()
    return int(colours) > 8 and float(spread) > 0.02, f"{colours} colours, spread {spread}"


def test_in_chromium(deck, lang, browser):
    base = os.path.join(SCRATCH, lang, deck)
    result = check.measure(browser, base + ".html")
    bad = check.problems(result)
    if bad:
        raise Failed("\n".join(bad))
    if lang == "zh_CN" and not result["cjk"]:
        raise Failed("the Chinese deck has no Chinese text")
    # the filled Markdown's slides (split at "## "), and which slides hold
    # a block made from a run (blocks.json) and a figure
    with open(base + ".md", encoding="utf-8") as f:
        slides_md = f.read().split("\n## ")[1:]
    with open(base + ".blocks.json", encoding="utf-8") as f:
        block_slides = {b["slide"] for b in json.load(f)["blocks"]}
    dialogue = next((i for i, s in enumerate(slides_md) if s.split("\n", 1)[0] in block_slides), None)
    figure = next((i for i, s in enumerate(slides_md) if "{.figure}" in s), None)
    os.makedirs(ARTEFACTS, exist_ok=True)
    shots = []
    for what, n in (("title", 1), ("dialogue", dialogue), ("figure", figure)):
        if n is None:
            raise Failed(f"the deck has no {what} slide to look at")
        png = check.screenshot(browser, n + (2 if what != "title" else 0),
                               os.path.join(ARTEFACTS, f"{deck}-{lang}-{what}.png"))
        ok, why = not_blank(png)
        if not ok:
            raise Failed(f"the {what} slide looks blank ({why}): {png}")
        shots.append(os.path.basename(png))
    with open(base + ".html", encoding="utf-8") as f:
        remote = re.findall(r'(?:src|href)="(https?:[^"]*)"', f.read())
    if remote:
        raise Failed(f"the HTML fetches {remote[:3]}: it would not work offline")
    with open(base + ".pdf", "rb") as f:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", f.read()))
    if pages != len(result["slides"]):
        raise Failed(f"the PDF has {pages} pages for {len(result['slides'])} slides")
    pptx = "not made"
    if deck == PPTX_DECK:
        pptx = check_pptx(base, result)
    return f"{len(result['slides'])} slides inside their boxes, PDF {pages} pages, PowerPoint {pptx}, " \
           f"screenshots {', '.join(shots)}"


def check_pptx(base, result):
    """PowerPoint: every slide's title, in order (pandoc gives a table and
    the text after it a slide each, so there may be more slides)."""
    with zipfile.ZipFile(base + ".pptx") as z:
        names = sorted((n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[0]))
        texts = [html.unescape("".join(re.findall(r"<a:t>([^<]*)</a:t>", z.read(n).decode())))
                 for n in names]
    at = 0
    for title in [s["title"] for s in result["slides"]]:
        while at < len(texts) and not texts[at].startswith(title.strip()):
            at += 1
        if at == len(texts):
            raise Failed(f"the PowerPoint has no slide {title!r} in its place")
    return len(names)


def test_live(deck, run):
    """slides/live without a display: the run's commands, shown, then run."""
    state = os.path.join(SCRATCH, "live")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    r = subprocess.run([os.path.join(ROOT, "slides", "live"), deck, run, "--state", state],
                       capture_output=True, text=True, timeout=300, env=env, errors="replace")
    script = runs.deck_runs(deck)[run].script
    if r.returncode != 0:
        raise Failed(f"slides/live {deck} {run} (exit {r.returncode}):\n{(r.stdout + r.stderr)[-2000:]}")
    shown = r.stdout.splitlines()
    for line in script:      # as written: a \n in a printf stays two characters
        if f"$ {line}" not in shown:
            raise Failed(f"slides/live {deck} {run} did not show the command as written: "
                         f"$ {line}\n{r.stdout[-2000:]}")
    if not runs.sessions(state, "Beta.ARPA", "server"):
        raise Failed(f"slides/live left no session in {state}")
    return f"{len(script)} commands shown and run, without a display"


def run(record, pattern=""):
    decks = [d for d in build.decks() if pattern in f"slides: {d}" or not pattern]
    with (Browser() if decks else contextlib.nullcontext()) as browser:
        for deck in decks:
            tests = [(f"slides: {deck} builds", test_build, (deck, browser))]
            for lang in build.LANGS:
                tests += [(f"slides: {deck} {lang} from runs", test_from_runs, (deck, lang)),
                          (f"slides: {deck} {lang} in Chromium", test_in_chromium, (deck, lang, browser))]
            for name, func, args in tests:
                try:
                    detail = func(*args)
                    print(f"ok   {name}: {detail}", flush=True)
                    record(name, True)
                except Failed as e:
                    record(name, False, str(e))
                    if func is test_build:
                        break
                except Exception as e:                  # noqa: BLE001 - reported as a failure
                    record(name, False, f"{type(e).__name__}: {e}")
                    if func is test_build:
                        break
    if not pattern or pattern in "slides: live":
        try:
            print(f"ok   slides: live: {test_live('02-transaction', 'dots')}", flush=True)
            record("slides: live", True)
        except Failed as e:
            record("slides: live", False, str(e))
    print(f"(the decks built for the test: {SCRATCH})", flush=True)


if __name__ == "__main__":
    bad = []
    run(lambda name, ok, detail="": (ok or bad.append(name), None if ok else print(f"FAIL {name}\n{detail}")),
        sys.argv[1] if len(sys.argv) > 1 else "")
    print(f"{len(bad)} failed")
    sys.exit(1 if bad else 0)
