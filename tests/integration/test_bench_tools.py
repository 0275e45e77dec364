"""test_bench_tools.py - make bench's own programs: bench/store-alone.c, which
runs lib/io/store.c with no SMTP around it (every message it reports stored is
in the Maildir, whole, and nothing is left in the store's tmp/), and the
benches themselves, run with tiny loads (bench/all --smoke): each one runs,
its figures parse, and bench/report makes the table of docs/benchmarks.md
from them.  What the figures are is make bench's business, not make
check's: a loaded machine may miss a target."""
import json
import math
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, ROOT, SLOW, WRAPPER

# bin/ goes with build/, build-san/bin/ with build-san/
OUT = os.path.join(ROOT, "build") if os.path.basename(os.path.dirname(BIN)) != "build-san" \
    else os.path.dirname(BIN)
STORE_ALONE = os.path.join(OUT, "bench", "store-alone")


class StoreAlone(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="smtplab-store-alone-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def store(self, messages, in_flight, size):
        r = subprocess.run([STORE_ALONE, self.tmp, str(messages), str(in_flight), str(size)],
                           capture_output=True, text=True, timeout=60 * SLOW)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^\d+\.\d\d s, \d+ messages/s, 0 failed\n$")
        new = os.path.join(self.tmp, "mail", "new")
        names = os.listdir(new)
        self.assertEqual(len(names), messages)
        for name in names:
            with open(os.path.join(new, name), "rb") as f:
                self.assertEqual(f.read(), b"x" * size, name)
        self.assertEqual(os.listdir(os.path.join(self.tmp, "tmp")), [])

    def test_every_message_is_stored_whole(self):
        self.store(300, 20, 1347)

    def test_fewer_messages_than_at_once(self):
        self.store(3, 20, 10)

    def test_bad_arguments(self):
        r = subprocess.run([STORE_ALONE, self.tmp, "0", "20", "10"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("nothing to store", r.stderr)
        r = subprocess.run([STORE_ALONE, self.tmp], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage", r.stderr)


class Benches(unittest.TestCase):
    """bench/all --smoke: every bench with a tiny load, then the report.
    The benches run bin/, the plain build, whatever SMTPLAB_BIN says, so
    the sanitized run (tests/run.py's asan: stage) leaves them out: it
    would only run the same programs again (see the end of this file)."""

    NAMES = ("throughput", "idle", "relay", "client", "viewer")

    @classmethod
    def setUpClass(cls):
        cls.out = tempfile.mkdtemp(prefix="smtplab-bench-smoke-")
        env = dict(os.environ, BENCH_OUT=cls.out)
        cls.run_ = subprocess.run([os.path.join(ROOT, "bench", "all"), "--smoke"], env=env,
                                  capture_output=True, text=True, timeout=600)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, True)

    def figures(self, name):
        with open(os.path.join(self.out, f"{name}.json")) as f:
            return json.load(f)

    def test_every_bench_runs(self):
        self.assertEqual(self.run_.returncode, 0, self.run_.stdout[-3000:] + self.run_.stderr[-3000:])

    def test_figures_parse(self):
        for name in self.NAMES:
            with self.subTest(bench=name):
                b = self.figures(name)
                self.assertEqual(b["bench"], name)
                self.assertRegex(b["date"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
                self.assertTrue(b["targets"])
                for t in b["targets"]:
                    self.assertIn(t["op"], ("<=", ">="))
                    self.assertIsInstance(t["met"], bool)
                    self.assertTrue(t["rounds"])
                    for v in [t["value"], t["target"]] + t["rounds"]:
                        self.assertIsInstance(v, (int, float))
                        self.assertTrue(math.isfinite(v) and v >= 0, (t["id"], v))
                    met = t["value"] <= t["target"] if t["op"] == "<=" else t["value"] >= t["target"]
                    self.assertEqual(t["met"], met, t)

    def test_the_load_really_went_through(self):
        tp = self.figures("throughput")
        for r in tp["rounds"]:
            self.assertEqual(r["smtplab"]["stored"], tp["params"]["messages"])
            self.assertEqual(r["aiosmtpd"]["stored"], tp["params"]["messages"])
            self.assertGreater(r["sink"]["us"], 0)
        held = next(t for t in self.figures("idle")["targets"] if t["id"] == "idle-held")
        self.assertEqual(held["value"], 200)
        self.assertGreater(self.figures("relay")["rounds"][0]["relay"], 0)
        self.assertGreater(self.figures("client")["rounds"][0]["unpipelined"], 0)

    def test_report_is_one_table_of_every_target(self):
        with open(os.path.join(self.out, "report.md")) as f:
            report = f.read()
        self.assertIn("Machine: ", report)
        self.assertIn("| target | measured (median) | limit | met | rounds |", report)
        for name in self.NAMES:
            for t in self.figures(name)["targets"]:
                self.assertIn(f"| {t['what']} |", report)

    def test_report_replaces_its_part_of_the_doc(self):
        doc = os.path.join(self.out, "benchmarks.md")
        shutil.copy(os.path.join(ROOT, "docs", "benchmarks.md"), doc)
        files = [os.path.join(self.out, f"{n}.json") for n in self.NAMES]
        for _ in range(2):
            r = subprocess.run([os.path.join(ROOT, "bench", "report"), "--doc", doc] + files,
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
        with open(doc) as f:
            text = f.read()
        self.assertEqual(text.count("<!-- bench/report: end -->"), 1)
        self.assertTrue(text.startswith("# Benchmarks\n"))
        self.assertIn("## Server throughput (`bench/throughput`)", text)   # the rest stays

    def test_report_names_a_file_it_cannot_read(self):
        bad = os.path.join(self.out, "bad.json")
        with open(bad, "w") as f:
            f.write('{"bench": "idle"}')
        r = subprocess.run([os.path.join(ROOT, "bench", "report"), bad],
                           capture_output=True, text=True)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("bad.json", r.stderr)


if WRAPPER or "san" in BIN:
    del Benches


if __name__ == "__main__":
    unittest.main()
