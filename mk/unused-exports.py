#!/usr/bin/python3
"""unused-exports.py - the functions libsmtplab.a exports that no other file
of the kit uses, so dead code in lib/ does not come back.

  mk/unused-exports.py [build/libsmtplab.a]

Reads the archive's exported functions with nm (one object per lib/*.c),
then looks for each name, as a word, in the kit's C sources (every folder
but tests/, fuzz/ and the build's), comments and strings left out, and not in the file that defines it.  mk/unused-exports.allow
names the ones that stay for now, each with why; a line there that no
longer applies is named too (a note, not a failure).  A header's macro that calls
it (#define SMTP_TLS_ERROR (smtp_tls_error_quark ())) or its
G_DEFINE_AUTOPTR_CLEANUP_FUNC uses it wherever the macro or g_autoptr of
the type is used.  The tests do not count: a
function only a test calls is not used by the kit.  Prints one line per
unused function not in the allow list, "lib/FILE.c: NAME", and exits 1 when
there is any; 0 and "no unused exported functions" otherwise.  tests/run.py runs it."""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Not the kit: its tests, its fuzzers, and what the build makes.
NOT_USERS = ("tests", "fuzz", "build", "build-san", "build-fuzz", "bin", "certs")


def exported(archive, paths):
    """{name: path of its .c} of the functions the archive defines globally
    (the source found among paths by the object's name, lib/ first)."""
    out = subprocess.run(["nm", "-g", "--defined-only", "-P", "-A", archive],
                         capture_output=True, text=True, check=True).stdout
    ordered = sorted(paths, key=lambda p: (not p.startswith("lib"), p))
    names = {}
    for line in out.splitlines():
        # "build/libsmtplab.a[conn.o]: smtp_conn_new T 0000 0010"
        m = re.match(r".*\[(.+)\.o\]:? (\S+) T ", line)
        if m:
            source = next((p for p in ordered if os.path.basename(p) == m.group(1) + ".c"),
                          m.group(1) + ".c")
            names[m.group(2)] = source
    return names


def code_of(path):
    """The C source at path without its comments and string literals."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', " ", text, flags=re.DOTALL)


def sources():
    """{path relative to the root: code} of the kit's C files, tests left out."""
    out = {}
    for path in glob.glob(os.path.join(ROOT, "**", "*.c"), recursive=True):
        rel = os.path.relpath(path, ROOT)
        if rel.split(os.sep)[0] not in NOT_USERS:
            out[rel] = code_of(path)
    return out


def aliases():
    """{function: [words]}: the header macros that call a function, and the
    g_autoptr types a function frees, each a word whose use is the
    function's."""
    out = {}
    for path in glob.glob(os.path.join(ROOT, "*", "**", "*.h"), recursive=True):
        text = code_of(path)
        for macro, body in re.findall(r"^#\s*define\s+(\w+)(.*)$", text, re.MULTILINE):
            for word in re.findall(r"\b\w+\b", body):
                out.setdefault(word, []).append(macro)
        for kind, fn in re.findall(r"G_DEFINE_AUTOPTR_CLEANUP_FUNC\s*\(\s*(\w+)\s*,\s*(\w+)", text):
            out.setdefault(fn, []).append(f"g_autoptr({kind})")
    return out


def unused(archive):
    """[(file, name)] of the exported functions no other file uses."""
    words = {}
    code = sources()
    for path, text in code.items():
        text = re.sub(r"g_autoptr\s*\(\s*(\w+)\s*\)", r"g_autoptr(\1)", text)
        for word in set(re.findall(r"g_autoptr\(\w+\)|\b[A-Za-z_]\w*\b", text)):
            words.setdefault(word, set()).add(path)
    alias = aliases()
    found = []
    for name, where in exported(archive, code).items():
        users = set(words.get(name, ()))
        for word in alias.get(name, ()):
            users |= words.get(word, set())
        if not users - {where}:
            found.append((where, name))
    return sorted(found)


ALLOW = os.path.join(ROOT, "mk", "unused-exports.allow")


def allowed():
    """The names of mk/unused-exports.allow (first word of each line)."""
    with open(ALLOW, encoding="utf-8") as f:
        return {line.split()[0] for line in f if line.strip() and not line.startswith("#")}


def main():
    archive = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "libsmtplab.a")
    if not os.path.exists(archive):
        sys.exit(f"unused-exports: {archive} is missing (make)")
    found = unused(archive)
    allow = allowed()
    for name in sorted(allow - {name for _, name in found}):
        print(f"note: {name} is used now or gone: remove it from mk/unused-exports.allow")
    bad = [(where, name) for where, name in found if name not in allow]
    for where, name in bad:
        print(f"{where}: {name}")
    if not bad:
        print("no unused exported functions")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
