"""test_bench_tools.py - make bench's own program bench/store-alone.c, which
runs lib/io/store.c with no SMTP around it: every message it reports stored is
in the Maildir, whole, and nothing is left in the store's tmp/."""
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import BIN, ROOT, SLOW

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


if __name__ == "__main__":
    unittest.main()
