#!/usr/bin/python3
"""autograder.py - a Gradescope autograder for one lab (make autograder LAB=NN).

    autograder.py LAB OUTDIR      writes OUTDIR/NN-name-autograder.zip

The zip holds what Gradescope's "zip file upload" asks for: setup.sh (run
once when the image is built: installs the packages, builds the kit) and
run_autograder (run per submission: grades /autograder/submission and
writes /autograder/results/results.json), beside kit/, the kit with this
lab's hidden checks and without any lab's answers (wrong/, solution/) or
the kit's own tests.  Gradescope unpacks it into /autograder/source.

AUTOGRADER_ROOT (default /autograder) moves that layout elsewhere: the
kit's tests run run_autograder in a scratch root that way.
"""
import os
import stat
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import starter                     # noqa: E402

# What the programs build with and what the labs' checks run.
PACKAGES = ("build-essential pkg-config libglib2.0-dev libjson-glib-dev libssl-dev libedit-dev "
            "python3 iproute2 util-linux netcat-openbsd swaks msmtp mutt tcpdump "
            "ca-certificates make patch")

SETUP = """#!/bin/sh
# setup.sh - Gradescope runs this once, as root, when it builds the image.
set -e
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PKGS="{packages}"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${{Status}}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends $missing
fi
make -C "$ROOT/source/kit" -j"$(nproc)" programs
"""

RUN = """#!/bin/sh
# run_autograder - Gradescope runs this for every submission: the student's
# files are in $ROOT/submission, the results go to $ROOT/results/results.json.
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
mkdir -p "$ROOT/results"
python3 "$ROOT/source/kit/labs/grader/grade.py" --lab "$ROOT/source/kit/labs/{folder}" \\
	--submission "$ROOT/submission" --results "$ROOT/results" \\
	--work "${{TMPDIR:-/tmp}}/smtplab-grade-{folder}"
# the score is in results.json; the grader's exit status is not Gradescope's business
exit 0
"""


def kit_members(lab_dir):
    """(path in the kit, path in the zip) of every file the autograder needs."""
    info = starter.lab_info(lab_dir)
    for rel in starter.kit_files():
        parts = rel.split(os.sep)
        if rel.startswith(starter.LEFT_OUT):
            continue
        if parts[0] == "labs" and len(parts) > 2 and parts[1][:2].isdigit():
            if parts[1] != info["folder"] or parts[2] in ("wrong", "solution"):
                continue
        yield os.path.join(starter.KIT, rel), os.path.join("kit", rel)


def add_script(z, name, text):
    zi = zipfile.ZipInfo(name)
    zi.external_attr = (stat.S_IFREG | 0o755) << 16
    z.writestr(zi, text)


def make(lab, outdir):
    lab_dir = starter.find_lab(lab)
    info = starter.lab_info(lab_dir)
    packages = " ".join([PACKAGES, info.get("packages", "")]).strip()
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, f"{info['folder']}-autograder.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        add_script(z, "setup.sh", SETUP.format(packages=packages))
        add_script(z, "run_autograder", RUN.format(folder=info["folder"]))
        for src, arc in kit_members(lab_dir):
            z.write(src, arc)
    return path


def main(argv):
    if len(argv) != 2 or not argv[0]:
        sys.exit("usage: make autograder LAB=NN   (autograder.py LAB OUTDIR)")
    try:
        print(make(argv[0], argv[1]))
    except starter.LabError as e:
        sys.exit(f"autograder: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
