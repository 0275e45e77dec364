"""test_slides.py - make slides: a deck made from a real run of the kit
(slides/build.py).  What is on the slides must be what the programs did in
that run: the dialogues of the traces, the header block of the delivered
letter, the viewer's figures."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from xml.sax.saxutils import escape

from harness import ROOT, SLOW, scenario_with_free_ports


@unittest.skipUnless(shutil.which("pandoc"), "pandoc is installed by make deps")
class Slides(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="smtplab-slides-")
        scenario, _ = scenario_with_free_ports(
            os.path.join(ROOT, "labs", "scenarios", "rfc821.ini"), cls.out)
        cls.build = subprocess.run([sys.executable, os.path.join(ROOT, "slides", "build.py"),
                                    "--out", cls.out, "--scenario", scenario],
                                   capture_output=True, text=True, timeout=300 * SLOW)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)

    def slides_text(self):
        with zipfile.ZipFile(os.path.join(self.out, "rfc821.pptx")) as z:
            names = sorted(n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
            media = [n for n in z.namelist() if n.startswith("ppt/media/")]
            return "\n".join(z.read(n).decode("utf-8") for n in names), names, media

    def test_built(self):
        self.assertEqual(self.build.returncode, 0, self.build.stderr)
        self.assertIn("rfc821.pptx", self.build.stdout)

    def test_dialogues_from_the_run(self):
        text, names, media = self.slides_text()
        self.assertGreaterEqual(len(names), 10)
        self.assertEqual(len(media), 3)                     # the viewer's three figures
        # RFC 821 §3.1 as the server at Beta.ARPA answered it in this run
        for line in ("C: MAIL FROM:<Smith@Alpha.ARPA>", "S: 550 No such user here",
                     "C: EXPN Example-People", "S: 250-Jon Postel <Postel@USC-ISIF.ARPA>"):
            self.assertIn(escape(line), text)

    def test_header_block_is_the_delivered_one(self):
        """The Received: ids on the slide are the ones in JOE's Maildir at THREE,
        which are made fresh in each run."""
        text, _, _ = self.slides_text()
        new = glob.glob(os.path.join(self.out, "state", "THREE", "mail", "JOE", "new", "*"))
        self.assertEqual(len(new), 1)
        with open(new[0], encoding="utf-8") as f:
            ids = re.findall(r" id ([0-9A-F]{16}) ", f.read())
        self.assertEqual(len(ids), 3)                       # one per hop
        for mail_id in ids:
            self.assertIn(mail_id, text)

    def test_reply_codes_counted(self):
        with open(os.path.join(self.out, "rfc821.md"), encoding="utf-8") as f:
            md = f.read()
        self.assertRegex(md, r"\| 550 \| [1-9]\d* \| ")
        self.assertRegex(md, r"\| 354 \| [1-9]\d* \| Start mail input")


if __name__ == "__main__":
    unittest.main()
