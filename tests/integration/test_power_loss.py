"""test_power_loss.py - the power fails just after the 250: the mail is
still there when the machine comes back.

RFC 5321 §6.1: after "250 OK" the receiver "MUST NOT lose the message for
frivolous reasons, such as because the host later crashes".  SIGKILL
(test_durability.py) only kills the process: what it wrote stays in the
kernel's cache.  A power failure also loses whatever the kernel had not yet
written to the disk.

The test mounts a small ext4 image without a journal (the hardest case: no
journal replays anything after the crash), delivers mail into it, and copies
the image at once after the last 250: the copy holds exactly what the file
system had sent to its disk by then, as after a power cut.  The copy is
repaired with e2fsck, as a boot would, and the Maildirs are read out of it
with debugfs.  Every message that got 250 must be there, whole, under each
of its recipients, and every folder the server made must be whole.

The same image also shows what a full disk does: RFC 5321 §4.2.3 has 452
"insufficient system storage" for that; the message is not half-kept, and
the next one goes in once there is room.

It needs root (mount) and a loop device; without them it is skipped.
"""
import email.parser
import errno
import mailbox
import os
import shutil
import signal
import smtplib
import subprocess
import tempfile
import unittest

from harness import SLOW, Server, free_port

HOST = "power.test"
SCENARIO = """[host {host}]
listen=127.0.0.1:{port}
timeout=60
relay-allow=127.0.0.0/8
retry=600

[host far.test]
listen=127.0.0.1:{far_port}

[user carol@far.test]
name=Carol

[user alice@{host}]
name=Alice

[user bob@{host}]
name=Bob
"""
MESSAGES = 24


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class ImageTest(unittest.TestCase):
    """A test on its own small ext4 image without a journal."""

    def setUp(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to mount a file system image")
        self.tmp = tempfile.mkdtemp(prefix="smtplab-power-")
        self.image = os.path.join(self.tmp, "disk.img")
        self.mnt = os.path.join(self.tmp, "mnt")
        os.mkdir(self.mnt)
        with open(self.image, "wb") as f:
            f.truncate(64 << 20)
        made = run("mkfs.ext4", "-q", "-F", "-O", "^has_journal", self.image)
        self.assertEqual(made.returncode, 0, made.stderr)
        mounted = run("mount", "-o", "loop", self.image, self.mnt)
        if mounted.returncode != 0:
            shutil.rmtree(self.tmp)
            self.skipTest(f"cannot mount a loop device here: {mounted.stderr.strip()}")
        self.server = None

    def tearDown(self):
        if self.server:
            self.server.stop(signal.SIGKILL)
        run("umount", self.mnt)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self):
        port = free_port()
        scenario = os.path.join(self.tmp, "power.ini")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write(SCENARIO.format(host=HOST, port=port, far_port=free_port()))
        self.server = Server(scenario, HOST, os.path.join(self.mnt, "state"))
        return port


class PowerLoss(ImageTest):

    def send(self, port):
        """MESSAGES messages, every third to both users; returns
        {Message-ID: recipients} of those that got 250."""
        accepted = {}
        with smtplib.SMTP("127.0.0.1", port, timeout=30 * SLOW) as smtp:
            smtp.helo("sender.test")
            for i in range(MESSAGES):
                users = ["alice", "bob"] if i % 3 == 0 else [["alice", "bob"][i % 2]]
                message_id = f"<{i}.power@sender.test>"
                text = (f"Message-ID: {message_id}\r\nSubject: power {i}\r\n\r\n"
                        + f"line {i} of a message that must survive\r\n" * 20)
                smtp.sendmail(f"sender@{HOST}", [f"{u}@{HOST}" for u in users], text)
                accepted[message_id] = users
        return accepted

    def power_cut(self):
        """What the disk holds now: a copy of the image, repaired as at boot."""
        snapshot = os.path.join(self.tmp, "after-crash.img")
        shutil.copyfile(self.image, snapshot)
        self.server.proc.send_signal(signal.SIGKILL)
        self.server.stop()
        self.server = None
        fsck = run("e2fsck", "-f", "-y", snapshot)
        # 0: clean, 1: errors corrected; anything more is a broken file system
        self.assertIn(fsck.returncode, (0, 1), fsck.stdout + fsck.stderr)
        return snapshot, fsck.stdout

    def dump(self, snapshot, folder):
        """Copies folder (a path in the image) out of it; returns where."""
        out = os.path.join(self.tmp, "out-" + folder.replace("/", "-"))
        os.mkdir(out)
        dumped = run("debugfs", "-R", f"rdump {folder} {out}", snapshot)
        return os.path.join(out, os.path.basename(folder)), dumped.stderr

    def read_mail(self, snapshot, user):
        """{Message-ID: body} of user's Maildir in the image."""
        maildir, errors = self.dump(snapshot, f"/state/{HOST}/mail/{user}")
        self.assertTrue(os.path.isdir(os.path.join(maildir, "new")),
                        f"no Maildir for {user} after the crash: {errors}")
        found = {}
        for raw in mailbox.Maildir(maildir, factory=None, create=False):
            msg = email.parser.BytesParser().parsebytes(bytes(raw))
            found[msg["Message-ID"]] = msg.get_payload()
        return found

    def test_mail_that_got_250_is_on_disk(self):
        accepted = self.send(self.start())
        self.assertEqual(len(accepted), MESSAGES)
        snapshot, fsck = self.power_cut()
        # e2fsck always mends the free counts and bitmaps (no sync writes
        # them), but no folder the server made may have been left behind
        for damage in ["directory corrupted", "deleted/unused inode", "Missing '.'"]:
            self.assertNotIn(damage, fsck)
        for user in ["alice", "bob"]:
            found = self.read_mail(snapshot, user)
            for message_id, users in accepted.items():
                if user not in users:
                    continue
                self.assertIn(message_id, found,
                              f"{user} lost {message_id}, which got 250; e2fsck said:\n{fsck}")
                n = message_id[1:].split(".")[0]
                self.assertEqual(found[message_id].count(f"line {n} of a message"), 20,
                                 f"{user}'s {message_id} is not whole")

    def test_mail_queued_for_a_relay_is_on_disk(self):
        """Mail for a host that is down waits in the spool (queue/): the
        spool file that got 250 survives the power cut too."""
        port = self.start()
        with smtplib.SMTP("127.0.0.1", port, timeout=30 * SLOW) as smtp:
            smtp.helo("sender.test")
            smtp.sendmail(f"sender@{HOST}", ["carol@far.test"],
                          "Message-ID: <relayed.power@sender.test>\r\n\r\nfor Carol\r\n")
        snapshot, fsck = self.power_cut()
        queue, errors = self.dump(snapshot, f"/state/{HOST}/queue")
        spooled = os.listdir(queue) if os.path.isdir(queue) else []
        self.assertEqual(len(spooled), 1, f"the spool after the crash: {spooled} {errors}\n{fsck}")
        with open(os.path.join(queue, spooled[0]), "rb") as f:
            content = f.read()
        self.assertIn(b"<relayed.power@sender.test>", content)
        self.assertIn(b"carol@far.test", content)


class FullDisk(ImageTest):

    def fill(self):
        """Fills the image's file system to the last block; returns the file
        that does it."""
        filler = os.path.join(self.mnt, "filler")
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            for chunk in (1 << 20, 4096, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * chunk)
                except OSError as e:
                    self.assertEqual(e.errno, errno.ENOSPC)
        finally:
            os.close(fd)
        return filler

    def test_a_full_disk_answers_452_and_keeps_nothing_half_written(self):
        port = self.start()
        filler = self.fill()
        with smtplib.SMTP("127.0.0.1", port, timeout=30 * SLOW) as smtp:
            smtp.helo("sender.test")
            with self.assertRaises(smtplib.SMTPDataError) as refused:
                smtp.sendmail(f"sender@{HOST}", [f"alice@{HOST}"],
                              "Subject: no room\r\n\r\n" + ("x" * 70 + "\r\n") * 60)
            self.assertEqual(refused.exception.smtp_code, 452)
            self.assertIn(b"insufficient system storage", refused.exception.smtp_error)
            os.unlink(filler)
            smtp.sendmail(f"sender@{HOST}", [f"alice@{HOST}"], "Subject: room again\r\n\r\nhi\r\n")
        self.assertEqual([m["Subject"] for m in self.server.messages("alice")], ["room again"])
        self.assertEqual(os.listdir(os.path.join(self.mnt, "state", HOST, "tmp")), [])


if __name__ == "__main__":
    unittest.main()
