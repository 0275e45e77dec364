"""Lab 02's hidden checks: the edges of each rule, and a fuzz run of the
parser built with AddressSanitizer."""
import os
import random
import time

from grader import check
from parsing import parses

BAD_LOCAL = "501 Syntax error in mailbox: bad local part"




@check(points=1, hint="RFC 821 §4.1.2: <char> ::= <c> | \"\\\" <x> - a backslash makes the "
                      "next character ordinary")
def escapes_in_a_dot_string(t):
    """<a\\ b@x> and <a\\@b@x> parse, escapes kept."""
    parses(t, [("<a\\ b@x>", "ok route= local=a\\ b domain=x"),
               ("<a\\@b@x>", "ok route= local=a\\@b domain=x")])


@check(points=1, hint="RFC 821 §4.1.2: a <string> is at least one <char>, so no dot begins "
                      "or ends a dot-string")
def dot_string_edges(t):
    """<.a@x> and <a.@x> are refused; <a.b.c@x> parses."""
    parses(t, [("<.a@x>", BAD_LOCAL), ("<a.@x>", BAD_LOCAL),
               ("<a.b.c@x>", "ok route= local=a.b.c domain=x")])


@check(points=1, hint="RFC 821 §4.1.2: <qtext> may hold \"\\\" <x>; a quote left open is "
                      "no quoted string")
def quoted_escapes(t):
    """<"a\\"b"@x> parses; <"a b@x> is refused."""
    parses(t, [('<"a\\"b"@x>', 'ok route= local="a\\"b" domain=x'), ('<"a b@x>', BAD_LOCAL)])


@check(points=2, hint="RFC 821 §4.1.2: <a-d-l> ::= <at-domain> { \",\" <at-domain> }, each "
                      "a whole <domain> (a name, #number or [dotted quad])")
def route_edges(t):
    """One-hop routes, address literals in a route, empty and unended routes."""
    parses(t, [("<@ONE:JOE@THREE>", "ok route=ONE local=JOE domain=THREE"),
               ("<@[127.0.0.1],@#123:a@b>", "ok route=[127.0.0.1],#123 local=a domain=b"),
               ("<@ONE,@:J@T>", "501 Syntax error in source route: bad domain"),
               ("<@ONE,@TWO>", "501 Syntax error in source route: expected ',@' or ':'"),
               ("<@ONE:>", BAD_LOCAL)])


@check(points=1, hint="RFC 821 §4.1.2 <mailbox>, and RFC 5321 §4.5.3.1.1: a local part is "
                      "at most 64 octets")
def mailbox_edges(t):
    """No '@', two '@', no domain, and a local part one octet too long."""
    parses(t, [("<ab>", "501 Syntax error in mailbox: missing '@'"),
               ("<a@b@c>", "501 Syntax error in mailbox: more than one '@'"),
               ("<a@>", "501 Syntax error in mailbox: bad domain"),
               ("<" + "a" * 64 + "@x>", "ok route= local=" + "a" * 64 + " domain=x"),
               ("<" + "a" * 65 + "@x>", "501 Local part too long (more than 64 octets)")])


SEEDS = ["<Smith@Alpha.ARPA>", "<@ONE,@TWO:JOE@THREE>", '<"Fred Smith"@Alpha.ARPA>',
         "<a\\ b@x>", '<"a\\"b"@x>', "<@[127.0.0.1],@#123:a@b>", "<>", "<x@[1.2.3.4]>"]
PIECES = ["@", ",", ":", ".", "\\", '"', "<", ">", "[", "]", "#", " ", "a", "ONE", "\x7f", "\t"]


def mutants(rng, n):
    """n inputs made from the seeds: cut, doubled, with pieces put in or taken out."""
    out = []
    for _ in range(n):
        s = rng.choice(SEEDS)
        for _ in range(rng.randint(1, 4)):
            i = rng.randint(0, len(s))
            op = rng.randint(0, 3)
            if op == 0:
                s = s[:i]                                  # cut short: ends inside anything
            elif op == 1:
                s = s[:i] + rng.choice(PIECES) + s[i:]
            elif op == 2:
                s = s[:i] + s[i + 1:]
            else:
                s = s[:i] + s[i:] * rng.randint(1, 3)
        out.append(s.replace("\n", ""))
    return out


@check(points=3, timeout=420, hint="Every read of the text must stop at its end (the NUL): "
                                   "AddressSanitizer reports a read past it; and a path that "
                                   "parses must print back as it was written")
def fuzz_under_asan(t):
    """20 s of mutated paths through the parser built with ASan and UBSan."""
    r = t.run(["make", "-C", t.kit, "SAN=1", "build-san/labs/02-parser/probe"], timeout=360)
    t.expect(r.exit == 0, "the parser to build with -fsanitize=address,undefined", "exit 0", r)
    probe = os.path.join(t.kit, "build-san", "labs", "02-parser", "probe")
    rng = random.Random(821)
    deadline = time.monotonic() + 20
    rounds = 0
    while time.monotonic() < deadline:
        batch = mutants(rng, 2000)
        r = t.run([probe, "--fuzz"], input="\n".join(batch) + "\n", timeout=60,
                  env=dict(os.environ, ASAN_OPTIONS="detect_leaks=0"))
        rounds += 1
        if r.exit != 0:
            bad = [line for line in r.err.split("\n") if "ERROR" in line or "runtime error" in line]
            t.fail("the parser on mutated paths (one batch of 2000)",
                   "no sanitizer report, every parsed path printed back as written",
                   (r.out.strip() or "\n".join(bad[:3]) or r.err[-600:])
                   + "\n(the batch: " + repr([b for b in batch if "\\" in b][:5]) + " ...)")
    t.expect(rounds > 0, "fuzz rounds", "at least one", rounds)
