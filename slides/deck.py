"""deck.py - a deck's Markdown with its placeholders filled from the runs.

A deck (slides/en/DECK.md, slides/zh_CN/DECK.md) is pandoc Markdown: a
title block, then one slide per "## " heading, speaker notes in a
"::: notes" div.  A paragraph that is one placeholder is replaced by what
a run of slides/runs/DECK.ini left behind:

    {{dialogue RUN HOST [role=server|client] [session=N] [from=N] [to=N]}}
        the session's commands and replies (exchanges from..to, counting
        from 1; the greeting is exchange 1)
    {{headers RUN HOST USER [nth=N]}}   the header block a user got
    {{body RUN HOST USER [nth=N] [from=N] [to=N]}}   the body of that letter
                                        (its lines from..to)
    {{figure RUN HOST|*|FILE.pcap [view=ladder|headers|network|states] [session=N]
             [secrets=yes]}}
        the viewer's drawing, exported as SVG (* : every host's trace;
        FILE.pcap: a capture the run wrote into $STATE; secrets=yes: AUTH
        that went in the clear shown decoded)
    {{live RUN}}                        the command that shows it live

and {{reply RUN HOST VERB [nth=N] [which=N]}} anywhere in a line is the
reply HOST gave to its nth command starting with VERB (which=2: the second
reply to it, e.g. DATA's after the data) — a quiz's answer, checked by the
run itself.

A slide whose dialogue or header block is too long for one slide becomes
several, cut between exchanges (a command with its whole reply) or between
header fields (a field with its continuation lines), never inside one:
"Title (1/2)", "Title (2/2)"; text before the block stays on the first,
text after it and the notes on the last."""
import math
import os
import re
import shlex
import subprocess

import runs

CODE_ROWS = 19          # code lines a slide holds below its title (deck.css)
CODE_COLUMNS = 78       # characters a code line holds before it wraps
PROSE_ROWS_PER_LINE = 1.7   # a line of prose takes this many code rows
PROSE_COLUMNS = 80      # characters a prose line holds (wide CJK count twice)

PLACEHOLDER = re.compile(r"^\{\{(dialogue|headers|body|figure|live) ([^}]*)\}\}$")
INLINE_REPLY = re.compile(r"\{\{reply ([^}]*)\}\}")


class DeckError(Exception):
    pass


def parse_args(kind, text, where):
    """(positional words, {key: value}) of a placeholder's arguments."""
    words, opts = [], {}
    for w in shlex.split(text):
        if "=" in w:
            k, v = w.split("=", 1)
            opts[k] = v
        else:
            words.append(w)
    need = {"dialogue": 2, "headers": 3, "body": 3, "figure": 2, "live": 1, "reply": 3}[kind]
    if len(words) != need:
        raise DeckError(f"{where}: {{{{{kind} {text}}}}} needs {need} words before its options")
    return words, opts


def width(text):
    """Columns text takes: wide (CJK) characters count twice."""
    return sum(2 if ord(c) >= 0x1100 else 1 for c in text)


def rows(line, columns):
    return max(1, math.ceil(width(line) / columns))


def prose_rows(lines):
    """Code rows the prose of a slide takes (headings, paragraphs, lists)."""
    n = 0
    for line in lines:
        if line.strip() and not line.startswith((":::", "[▶")):     # the live link floats
            n += rows(line, PROSE_COLUMNS) * PROSE_ROWS_PER_LINE
    return n


class Builder:
    """Fills one deck in one language; figures go to figures_dir."""

    def __init__(self, deck, states, figures_dir, lang, pngs=True):
        self.deck, self.states, self.figures, self.lang = deck, states, figures_dir, lang
        self.pngs = pngs        # PNG copies of the figures, for PowerPoint
        self.runs = runs.deck_runs(deck)
        self.blocks = []        # what each code block was made from (the test re-reads it)

    def state(self, run, where):
        if run not in self.runs:
            raise DeckError(f"{where}: no [run {run}] in slides/runs/{self.deck}.ini")
        return self.states[run]

    # --- placeholders -----------------------------------------------------
    def dialogue(self, words, opts, where):
        run, host = words
        role, session = opts.get("role", "server"), int(opts.get("session", 1))
        ex = runs.exchanges(self.state(run, where), host, role, session)
        first, last = int(opts.get("from", 1)), int(opts.get("to", len(ex)))
        chosen = ex[first - 1:last]
        if not chosen:
            raise DeckError(f"{where}: exchanges {first}..{last} of {len(ex)}")
        source = {"kind": "dialogue", "run": run, "host": host, "role": role,
                  "session": session, "from": first, "to": last}
        return chosen, source

    def headers(self, words, opts, where):
        run, host, user = words
        fields = runs.header_fields(self.state(run, where), host, user, int(opts.get("nth", 1)))
        return fields, {"kind": "headers", "run": run, "host": host, "user": user,
                        "nth": int(opts.get("nth", 1))}

    def body(self, words, opts, where):
        run, host, user = words
        nth = int(opts.get("nth", 1))
        lines = runs.body_lines(self.state(run, where), host, user, nth)
        first, last = int(opts.get("from", 1)), int(opts.get("to", len(lines)))
        return [[line] for line in lines[first - 1:last]], \
            {"kind": "body", "run": run, "host": host, "user": user, "nth": nth, "from": first, "to": last}

    def figure(self, words, opts, where):
        run, host = words
        state = self.state(run, where)
        view = opts.get("view", "ladder")
        name = f"{self.deck}-{run}-{host.replace('*', 'all')}-{view}-{opts.get('session', 1)}-{self.lang}.svg"
        out = os.path.join(self.figures, name)
        if host == "*":
            source = state                          # every host's trace
        elif host.endswith(".pcap"):
            source = os.path.join(state, host)      # a capture the run made
        else:
            source = os.path.join(state, host, "trace.jsonl")
        argv = [os.path.join(runs.BIN, "smtplab-viewer"), "--lang", self.lang.split("_")[0],
                "--export", out, source, "--view", view]
        if opts.get("secrets") == "yes":
            argv.append("--show-secrets")           # the plaintext lesson: AUTH decoded
        if "session" in opts and host != "*" and not host.endswith(".pcap"):
            argv += ["--session", runs.sessions(state, host, opts.get("role", "server"))
                     [int(opts["session"]) - 1]]
        for path in (out, out[:-4] + ".png")[:2 if self.pngs else 1]:   # the PNG for PowerPoint
            argv[argv.index("--export") + 1] = path
            r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
            if r.returncode != 0 or not os.path.isfile(path):
                raise DeckError(f"{where}: smtplab-viewer --export failed: {r.stderr.strip()}")
        return f"![]({out}){{.figure}}"

    def live(self, words, where):
        self.state(words[0], where)
        return f"[▶ slides/live {self.deck} {words[0]}](#){{.live}}"

    def reply(self, m, where):
        words, opts = parse_args("reply", m.group(1), where)
        run, host, verb = words
        return "`" + runs.reply_to(self.state(run, where), host, verb, int(opts.get("nth", 1)),
                                   int(opts.get("which", 1))) + "`"

    # --- slides -----------------------------------------------------------
    def fill(self, text):
        """The deck's Markdown with every placeholder filled."""
        head, slides = split_slides(text)
        out = [head]
        for n, slide in enumerate(slides):
            out += self.slide(slide, f"{self.deck} slide {n + 1}")
        return "\n".join(out)

    def slide(self, lines, where):
        title, body = lines[0], lines[1:]
        body = [INLINE_REPLY.sub(lambda m: self.reply(m, where), line) for line in body]
        block, at = None, None
        for i, line in enumerate(body):
            m = PLACEHOLDER.match(line.strip())
            if not m:
                continue
            kind = m.group(1)
            words, opts = parse_args(kind, m.group(2), where)
            if kind == "figure":
                body[i] = self.figure(words, opts, where)
            elif kind == "live":
                body[i] = self.live(words, where)
            elif block is not None:
                raise DeckError(f"{where}: one dialogue, header block or body a slide")
            else:                               # dialogue, headers or body
                block, at = getattr(self, kind)(words, opts, where), i
        if block is None:
            return ["\n".join([title] + body)]
        groups, source = block
        before, after = body[:at], body[at + 1:]
        notes_at = next((i for i, l in enumerate(after) if l.startswith("::: notes")), len(after))
        pages = paginate(groups, prose_rows(before), prose_rows(after[:notes_at]), where)
        out = []
        for k, page in enumerate(pages):
            suffix = f" ({k + 1}/{len(pages)})" if len(pages) > 1 else ""
            lines = [title + suffix]
            lines += before if k == 0 else [""]
            code = [line for group in page for line in group]
            lines += ["```{.dialogue}" if source["kind"] == "dialogue" else "```{.letter}", *code, "```"]
            lines += after if k == len(pages) - 1 else [""]
            self.blocks.append(dict(source, lines=code, slide=title.lstrip("# ") + suffix))
            out.append("\n".join(lines))
        return out


def split_slides(text):
    """(the title block and anything before the first slide, [slide lines])."""
    lines = text.split("\n")
    starts = [i for i, l in enumerate(lines) if l.startswith("## ")]
    if not starts:
        raise DeckError("a deck needs slides (## headings)")
    head = "\n".join(lines[:starts[0]])
    return head, [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]


def paginate(groups, before, after, where):
    """groups ([[line]]: an exchange, a header field) onto pages of at most
    CODE_ROWS rows, the first page less the before rows of prose it
    carries and the last the after rows; never splitting a group."""
    cost = [sum(rows(line, CODE_COLUMNS) for line in g) for g in groups]
    if max(cost) > CODE_ROWS:
        raise DeckError(f"{where}: one exchange of {max(cost)} rows does not fit a slide")
    pages, page, used = [], [], 0
    for g, c in zip(groups, cost):
        budget = CODE_ROWS - (before if not pages else 0)
        if page and used + c > budget:
            pages.append(page)
            page, used = [], 0
        page.append((g, c))
        used += c
    pages.append(page)
    # the last page carries the text after the block too
    while True:
        last = pages[-1]
        budget = CODE_ROWS - after - (before if len(pages) == 1 else 0)
        if sum(c for _, c in last) <= budget or len(last) == 1:
            break
        moved = [last.pop()]
        while len(last) > 1 and sum(c for _, c in moved) + last[-1][1] <= CODE_ROWS - after \
                and sum(c for _, c in last) > budget:
            moved.insert(0, last.pop())
        pages.append(moved)
    return [[g for g, _ in page] for page in pages]
