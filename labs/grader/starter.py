"""starter.py - the student's copy of the kit, made from the reference.

The reference code marks each region a lab replaces:

    /* LAB 04 BEGIN next-hop */
    ...the reference...
    /* LAB 04 END */

A lab's starter is the kit with its own regions replaced by the lab's
stubs/NAME.c (code that compiles and says what to write), other labs'
marker lines removed, and the lab folder without hidden/, wrong/ and
solution/; files of starter/ take their place in the lab folder.

    python3 starter.py bundle OUTDIR [LAB...]   write OUTDIR/NN-name.tar.gz
    python3 starter.py tree DEST LAB            write the starter tree to DEST
    python3 starter.py regions                  list every region of the kit
"""
import configparser
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time

GRADER = os.path.dirname(os.path.abspath(__file__))
KIT = os.path.dirname(os.path.dirname(GRADER))

BEGIN = re.compile(r"^\s*/\* LAB (\d\d) BEGIN ([a-z0-9-]+) \*/\s*$")
END = re.compile(r"^\s*/\* LAB (\d\d) END \*/\s*$")
CODE_DIRS = ("lib", "server", "client", "term", "net", "viewer")
# Never in a student's copy: the kit's own tests and decks, and any lab's answers.
PRIVATE = ("hidden", "wrong", "solution")
LEFT_OUT = ("tests/", "slides/", ".ci/", ".gitignore")


class LabError(Exception):
    pass


def lab_info(lab_dir):
    """The [lab] group of lab_dir/lab.ini, with number, name, submit list."""
    ini = configparser.ConfigParser(interpolation=None)
    path = os.path.join(lab_dir, "lab.ini")
    if not ini.read(path, encoding="utf-8") or "lab" not in ini:
        raise LabError(f"{path}: no [lab] group")
    info = dict(ini["lab"])
    info["dir"] = os.path.abspath(lab_dir)
    info["folder"] = os.path.basename(os.path.abspath(lab_dir))
    info["submit"] = info.get("submit", "").split()
    if info["folder"][:2] != info.get("number", ""):
        raise LabError(f"{path}: number={info.get('number')} but the folder is {info['folder']}")
    return info


def labs(kit=KIT):
    """Every lab folder of the kit (labs/NN-name with a lab.ini), in order."""
    return sorted(d for d in glob.glob(os.path.join(kit, "labs", "[0-9][0-9]-*"))
                  if os.path.isfile(os.path.join(d, "lab.ini")))


def find_lab(spec, kit=KIT):
    """The lab folder named by spec: "04", "04-relay" or a path."""
    if os.path.isdir(spec):
        return os.path.abspath(spec)
    for d in labs(kit):
        if os.path.basename(d) == spec or os.path.basename(d)[:2] == spec.zfill(2):
            return d
    raise LabError(f"no lab {spec!r} in {os.path.join(kit, 'labs')}")


def kit_files(kit=KIT):
    """The kit's own files (relative paths): git's list when it is a clone,
    else (a bundle, a copy, or no git to ask) every file outside the build
    folders."""
    if os.path.exists(os.path.join(kit, ".git")):         # a clone, or a worktree
        # safe.directory: root grading a clone a student owns (git refuses
        # to read another user's repository unless told it is safe)
        r = subprocess.run(["git", "-c", f"safe.directory={os.path.abspath(kit)}", "-C", kit,
                            "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           capture_output=True)
        if r.returncode == 0:
            return sorted(f for f in r.stdout.decode().split("\0")
                          if f and os.path.isfile(os.path.join(kit, f)))
    skip = {"build", "build-san", "build-fuzz", "bin", ".git"}
    files = []
    for root, dirs, names in os.walk(kit):
        rel = os.path.relpath(root, kit)
        dirs[:] = sorted(d for d in dirs if not (rel == "." and (d in skip or d.endswith("-state")))
                         and d != "__pycache__" and d != "results" and d != "work")
        files += [os.path.normpath(os.path.join(rel, n)) for n in sorted(names)
                  if not n.endswith((".tar.gz", ".pyc"))]
    return files


def regions(text, path):
    """[(lab, name, first line, last line)] of the LAB markers in text."""
    out, open_ = [], None
    for n, line in enumerate(text.split("\n")):
        b, e = BEGIN.match(line), END.match(line)
        if b:
            if open_:
                raise LabError(f"{path}:{n + 1}: LAB {b.group(1)} BEGIN inside LAB {open_[0]} {open_[1]}")
            open_ = (b.group(1), b.group(2), n)
        elif e:
            if not open_ or open_[0] != e.group(1):
                raise LabError(f"{path}:{n + 1}: LAB {e.group(1)} END without its BEGIN")
            out.append((open_[0], open_[1], open_[2], n))
            open_ = None
    if open_:
        raise LabError(f"{path}: LAB {open_[0]} BEGIN {open_[1]} has no END")
    return out


def all_regions(kit=KIT):
    """{path: [(lab, name, first, last)]} for every marked source file."""
    found = {}
    for d in CODE_DIRS:
        for path in sorted(glob.glob(os.path.join(kit, d, "**", "*.[ch]"), recursive=True)):
            with open(path, encoding="utf-8") as f:
                r = regions(f.read(), path)
            if r:
                found[os.path.relpath(path, kit)] = r
    return found


def starter_text(text, path, number, stubs_dir):
    """text with lab number's regions replaced by their stubs and every
    other lab's marker lines removed."""
    lines = text.split("\n")
    out, i = [], 0
    for lab, name, first, last in regions(text, path):
        out += lines[i:first]
        if lab == number:
            stub = os.path.join(stubs_dir, name + ".c")
            if not os.path.isfile(stub):
                raise LabError(f"{path}: region LAB {lab} {name} has no stub {stub}")
            with open(stub, encoding="utf-8") as f:
                out += f.read().rstrip("\n").split("\n")
        else:
            out += lines[first + 1:last]
        i = last + 1
    out += lines[i:]
    return "\n".join(out)


def starter_files(lab_dir, kit=KIT):
    """{relative path: (source file, bytes or None to copy it as is)} of
    the lab's starter."""
    info = lab_info(lab_dir)
    lab_rel = os.path.join("labs", info["folder"])
    stubs = os.path.join(lab_dir, "stubs")
    marked = all_regions(kit)
    used = {name for regs in marked.values() for lab, name, *_ in regs if lab == info["number"]}
    if os.path.isdir(stubs):
        for stub in os.listdir(stubs):
            if stub[:-2] not in used:
                raise LabError(f"{os.path.join(stubs, stub)}: no region LAB {info['number']} {stub[:-2]} in the kit")
    files = {}
    for rel in kit_files(kit):
        parts = rel.split(os.sep)
        if rel.startswith(LEFT_OUT):
            continue
        if parts[0] == "labs" and len(parts) > 2 and re.match(r"\d\d-", parts[1]):
            if parts[1] != info["folder"] or parts[2] in PRIVATE + ("starter",):
                continue
        if rel in marked:
            with open(os.path.join(kit, rel), encoding="utf-8") as f:
                text = starter_text(f.read(), rel, info["number"], stubs)
            files[rel] = (os.path.join(kit, rel), text.encode())
        else:
            files[rel] = (os.path.join(kit, rel), None)
    starter = os.path.join(lab_dir, "starter")
    if os.path.isdir(starter):
        for name in sorted(os.listdir(starter)):
            files[os.path.join(lab_rel, name)] = (os.path.join(starter, name), None)
    return files


def write_tree(lab_dir, dest, kit=KIT, build_from=None):
    """Write the lab's starter tree to dest.  With build_from (a built kit),
    its build outputs are copied too, with their times, so only what
    differs is compiled again: build-san/ (a hundred megabytes) only for a
    lab whose checks run the sanitized build (sanitized=yes in lab.ini)."""
    for rel, (src, data) in starter_files(lab_dir, kit).items():
        path = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if data is None and not os.path.exists(path):
            shutil.copy2(src, path)      # with its time, so make keeps its object
            continue
        if data is None:
            with open(src, "rb") as f:
                data = f.read()
        if write_if_changed(path, data):
            shutil.copymode(src, path)
    if build_from:
        sanitized = lab_info(lab_dir).get("sanitized") == "yes"
        for d in ("build", "bin", "certs") + (("build-san",) if sanitized else ()):
            src = os.path.join(build_from, d)
            if os.path.isdir(src) and not os.path.exists(os.path.join(dest, d, ".copied")):
                shutil.copytree(src, os.path.join(dest, d), symlinks=True, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("labs"))
                open(os.path.join(dest, d, ".copied"), "w").close()


def write_if_changed(path, data):
    """Write data to path unless it holds it already (a new time makes make
    compile it again; an old copy keeps its object)."""
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    with open(path, "wb") as f:
        f.write(data)
    return True


def bundle(lab_dir, outdir, kit=KIT):
    """Write outdir/NN-name.tar.gz: the starter tree under smtplab-NN-name/."""
    info = lab_info(lab_dir)
    top = f"smtplab-{info['folder']}"
    os.makedirs(outdir, exist_ok=True)
    path = os.path.join(outdir, info["folder"] + ".tar.gz")
    now = time.time()
    with tarfile.open(path, "w:gz") as tar:
        for rel, (src, data) in sorted(starter_files(lab_dir, kit).items()):
            ti = tar.gettarinfo(src, arcname=os.path.join(top, rel))
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ""
            if data is None:
                with open(src, "rb") as f:
                    tar.addfile(ti, f)
            else:
                ti.size = len(data)
                ti.mtime = now            # newer than any object built from the reference
                tar.addfile(ti, io.BytesIO(data))
    return path


def main(argv):
    if len(argv) >= 2 and argv[0] == "bundle":
        for lab in (argv[2:] or labs()):
            print(bundle(find_lab(lab), argv[1]))
    elif len(argv) == 3 and argv[0] == "tree":
        write_tree(find_lab(argv[2]), argv[1])
    elif argv == ["regions"]:
        for path, regs in all_regions().items():
            for lab, name, first, last in regs:
                print(f"LAB {lab} {name:20} {path}:{first + 1}-{last + 1}")
    else:
        sys.exit(__doc__.split("\n\n")[-1])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except LabError as e:
        sys.exit(f"starter: {e}")
