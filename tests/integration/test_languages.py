"""test_languages.py - Chinese everywhere a student looks (docs/viewer.md,
"Languages"): every string the viewer marks is in po/zh_CN.po, every string
it shows is marked, the viewer and the client decide the language from the
same environment variables (and --lang) whether or not the C library has a
zh_CN locale, and the client's step mode explains in the language chosen."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from harness import ROOT, ServerTest, program, SLOW

RELAY = os.path.join(ROOT, "tests", "viewer", "data", "relay")
# The environment variables that choose a language (lib/lang.h).
LOCALE_VARS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment(**chosen):
    """os.environ without any language variable, plus chosen."""
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARS}
    env.update(chosen)
    return env


def has_han(text):
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_po(path):
    """The messages of a .po/.pot file: [(msgctxt, msgid, msgstr, flags, where)],
    the header and obsolete (#~) entries left out."""
    messages = []
    for block in read_text(path).split("\n\n"):
        fields, key, flags, where = {}, None, "", ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("#:"):
                where += line[3:] + " "
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += line[1:-1]
            else:
                key, _, value = line.partition(" ")
                fields[key] = value[1:-1]
        if fields.get("msgid"):
            plural = fields.get("msgstr[0]")
            messages.append((fields.get("msgctxt"), fields["msgid"],
                             plural if plural is not None else fields.get("msgstr", ""), flags,
                             where.strip()))
    return messages


class Translations(unittest.TestCase):
    """po/zh_CN.po against a template made now from the sources."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-po-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.pot = os.path.join(self.tmp, "smtplab.pot")
        subprocess.run(["make", "-s", "--no-print-directory", "pot", f"POT={self.pot}"], cwd=ROOT,
                       check=True, capture_output=True)

    def test_every_marked_string_is_translated(self):
        merged = os.path.join(self.tmp, "zh_CN.po")
        subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged,
                        os.path.join(ROOT, "po", "zh_CN.po"), self.pot], check=True)
        messages = read_po(merged)
        self.assertGreater(len(messages), 100)
        missing = [f"{where}: {msgid}" for _, msgid, msgstr, flags, where in messages
                   if not msgstr or "fuzzy" in flags]
        self.assertEqual(missing, [], "marked in the sources but not translated in po/zh_CN.po "
                         "(make pot; msgmerge -U po/zh_CN.po po/smtplab.pot)")
        stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                               capture_output=True, text=True)
        self.assertEqual(stats.returncode, 0, stats.stderr)
        self.assertNotIn("untranslated", stats.stderr)
        self.assertNotIn("fuzzy", stats.stderr)

    def test_chinese_formats_take_the_same_arguments(self):
        """A translation that reorders its arguments says which is which (%2$s)."""
        for _, msgid, msgstr, flags, where in read_po(os.path.join(ROOT, "po", "zh_CN.po")):
            if "c-format" not in flags or not msgstr:
                continue
            want = re.findall(r"%[.0-9]*[a-zA-Z]", msgid)
            if "$" in msgstr:
                got = [f"%{m[1]}" for m in sorted(re.findall(r"%(\d)\$([.0-9]*[a-zA-Z])", msgstr))]
            else:
                got = re.findall(r"%[.0-9]*[a-zA-Z]", msgstr)
            self.assertEqual(got, want, f"{where}: {msgid!r} -> {msgstr!r}")

    def test_shown_literals_are_marked(self):
        """Every literal of viewer/ that reads as English words is marked
        for translation, or is one of the few below that are not shown."""
        not_shown = {
            "trace word",        # the msgctxt of the words traces use (ladder-text.c)
        }
        every = os.path.join(self.tmp, "every.pot")
        sources = sorted(p for d in ("viewer", "viewer/model", "viewer/render", "viewer/ui")
                         for p in (os.path.join(d, f) for f in os.listdir(os.path.join(ROOT, d)))
                         if p.endswith(".c"))
        subprocess.run(["xgettext", "--extract-all", "--from-code=UTF-8", "-o", every, *sources],
                       cwd=ROOT, check=True, capture_output=True)
        marked = set()
        for _, msgid, _, _, _ in read_po(self.pot):
            marked.add(msgid)
        plurals = set(re.findall(r'msgid_plural "(.*)"', read_text(self.pot)))
        unmarked = []
        for _, msgid, _, _, where in read_po(every):
            words = re.search(r"(^|[ (])[a-z]{2,}[ ,]+[a-z]{2,}", msgid)
            code = re.search(r"/|::|\||<Control>|^[a-z-]+$", msgid)
            if words and not code and msgid not in marked | plurals | not_shown:
                unmarked.append(f"{where}: {msgid}")
        self.assertEqual(unmarked, [], "shown in English whatever the language: wrap in _() or N_()")

    def test_ui_strings_are_translatable(self):
        """In the .ui files every label, title, tooltip and placeholder is
        marked translatable, but the names of the languages."""
        names = {"English", "简体中文"}
        texts = {"label", "title", "tooltip-text", "placeholder-text", "subtitle", "accelerator"}
        untranslatable = []
        for path in ("viewer/window.ui", "viewer/explain-pane.ui", "viewer/guess-bar.ui",
                     "viewer/gtk/help-overlay.ui"):
            for element in ET.parse(os.path.join(ROOT, path)).iter():
                text = (element.text or "").strip()
                shown = ((element.tag in ("property", "attribute") and element.get("name") in texts)
                         or element.tag == "item")
                if (shown and re.search("[A-Za-z]{2}", text) and element.get("name") != "accelerator"
                        and element.get("translatable") != "yes" and text not in names):
                    untranslatable.append(f"{path}: {text}")
        self.assertEqual(untranslatable, [])


class ViewerLanguage(unittest.TestCase):
    """smtplab-viewer --export says what it drew in the language the
    environment asks for: no display, and no zh_CN locale needed."""

    def export(self, *args, **env):
        with tempfile.TemporaryDirectory(prefix="smtplab-lang-") as tmp:
            return subprocess.run([program("smtplab-viewer"), *args, "--export",
                                   os.path.join(tmp, "ladder.svg"), RELAY],
                                  capture_output=True, text=True, env=environment(**env),
                                  timeout=60 * SLOW)

    def test_chinese_from_each_variable(self):
        for env in ({"LANGUAGE": "zh_CN"}, {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8"},
                    {"LC_MESSAGES": "zh_CN.UTF-8"}, {"LANGUAGE": "zh_CN", "LANG": "C.UTF-8"},
                    {"LANGUAGE": "en", "LANG": "en_US.UTF-8", "lang": "zh"}):
            with self.subTest(env=env):
                args = ("--lang", env.pop("lang")) if "lang" in env else ()
                r = self.export(*args, **env)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("会话 1795656367.7333.1 的梯形图", r.stdout)

    def test_english_otherwise(self):
        for env in ({}, {"LANG": "en_US.UTF-8"}, {"LANGUAGE": "zh_CN", "LC_ALL": "C"},
                    {"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, {"LANG": "zh_CN.UTF-8", "lang": "en"}):
            with self.subTest(env=env):
                args = ("--lang", env.pop("lang")) if "lang" in env else ()
                r = self.export(*args, **env)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("the ladder of session 1795656367.7333.1", r.stdout)

    def test_help_in_chinese_without_the_locale(self):
        r = subprocess.run([program("smtplab-viewer"), "--help"], capture_output=True, text=True,
                           env=environment(LANGUAGE="zh_CN"), timeout=30 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("界面和讲解用 en（英文）或 zh（中文）", r.stdout)
        self.assertNotIn("???", r.stdout)

    def test_unknown_language_is_a_usage_error(self):
        r = self.export("--lang", "fr")
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(), "smtplab-viewer: --lang fr: choose en or zh")


@unittest.skipUnless(shutil.which("tmux"), "tmux is not installed")
class ClientLanguage(ServerTest):
    """smtplab-client --step explains the greeting in the language chosen."""

    def greeting_explained(self, beta, env, *args):
        """What step mode shows after the greeting, run in tmux with env."""
        session = f"smtplab-lang{os.getpid()}-{len(self.servers)}-{time.monotonic_ns()}"
        unset = " ".join(f"-u {v}" for v in LOCALE_VARS)
        chosen = " ".join(f"{k}={v}" for k, v in env.items())
        cmd = (f"env {unset} {chosen} {program('smtplab-client')} --server {beta.address} --step "
               f"{' '.join(args)}; sleep 30")
        subprocess.run(["tmux", "-u", "new-session", "-d", "-s", session, "-x", "200", "-y", "50", cmd],
                       check=True)
        self.addCleanup(subprocess.run, ["tmux", "kill-session", "-t", session], capture_output=True)

        def screen():
            return subprocess.run(["tmux", "-u", "capture-pane", "-p", "-t", session],
                                  capture_output=True, text=True).stdout
        self.assertTrue(self.wait_for(lambda: "smtp>" in screen()), screen())
        subprocess.run(["tmux", "send-keys", "-t", session, "QUIT", "Enter"], check=True)
        return screen()

    def test_chinese_from_the_environment_or_option(self):
        beta = self.start("Beta.ARPA")
        for env, args in (({"LANGUAGE": "zh_CN"}, ()), ({"LC_ALL": "zh_CN.UTF-8"}, ()),
                          ({"LANG": "en_US.UTF-8"}, ("--lang", "zh"))):
            with self.subTest(env=env, args=args):
                shown = self.greeting_explained(beta, env, *args)
                self.assertIn("问候（greeting）", shown)
                self.assertIn("输入 help 查看可用命令。", shown)

    def test_english_from_the_environment_or_option(self):
        beta = self.start("Beta.ARPA")
        for env, args in (({"LANG": "en_US.UTF-8"}, ()), ({"LANGUAGE": "zh_CN", "LC_ALL": "C"}, ()),
                          ({"LANGUAGE": "zh_CN"}, ("--lang", "en"))):
            with self.subTest(env=env, args=args):
                shown = self.greeting_explained(beta, env, *args)
                self.assertIn("The greeting: the receiver-SMTP is ready.", shown)
                self.assertFalse(has_han(shown), shown)

    def test_unknown_language_is_a_usage_error(self):
        r = subprocess.run([program("smtplab-client"), "--server", "127.0.0.1:25", "--lang", "fr",
                            "--step"], capture_output=True, text=True, timeout=30 * SLOW)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--lang fr: choose en or zh", r.stderr)


if __name__ == "__main__":
    unittest.main()
