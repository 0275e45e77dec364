"""parsing.py - what lab 02's public and hidden checks share."""


def parses(t, table, *flags):
    """Each (path text, what the probe must print) of table, in one run."""
    r = t.probe(*flags, input="".join(text + "\n" for text, _ in table))
    t.expect(r.exit == 0, "the probe to run", "exit 0", r)
    got = r.out.split("\n")
    for n, (text, want) in enumerate(table):
        t.expect_equal(want, got[n] if n < len(got) else "(nothing)", f"the parse of {text}")
