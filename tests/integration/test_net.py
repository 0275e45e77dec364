"""test_net.py - smtplab-net starts every host of a scenario and stops them all."""
import os
import signal
import subprocess

from harness import Dialogue, ServerTest, program, SLOW


class Net(ServerTest):

    def test_starts_all_hosts_and_stops_them(self):
        net = subprocess.Popen([program("smtplab-net"), self.scenario_path, "--state", self.state],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            table = {}
            self.assertEqual(net.stdout.readline().split(), ["HOST", "LISTENS", "ON"])
            while True:
                line = net.stdout.readline()
                if line.startswith("ready"):
                    break
                host, address = line.split()
                table[host] = address
            self.assertEqual(table, self.addresses, "every host, at its address")
            self.assertIn(f"{len(self.addresses)} hosts", line)
            d = Dialogue(table["BBN-UNIX.ARPA"])
            self.assertEqual(d.reply(), (220, ["BBN-UNIX.ARPA Simple Mail Transfer Service Ready"]))
            d.close()
        finally:
            net.send_signal(signal.SIGTERM)
            out, err = net.communicate(timeout=30 * SLOW)
        self.assertEqual(net.returncode, 0, err)
        for host in self.addresses:
            self.assertTrue(os.path.exists(os.path.join(self.state, host, "trace.jsonl")), host)
        ps = subprocess.run(["pgrep", "-f", self.scenario_path], capture_output=True, text=True)
        self.assertEqual(ps.stdout, "", "no host is left running")

    def test_bad_scenario_is_a_clear_error(self):
        r = subprocess.run([program("smtplab-net"), "/nonexistent.ini", "--state", self.state],
                           capture_output=True, text=True, timeout=10)
        self.assertEqual(r.returncode, 2)
        self.assertIn("/nonexistent.ini", r.stderr)


class StopAtOnce(ServerTest):
    """A script may stop a program the moment it has read its "ready" line:
    the signal handlers are in place before that line is printed, so the
    program stops cleanly (exit 0) and never dies of the signal itself
    (smtplab-net would leave its hosts running)."""

    def test_server_stops_cleanly_right_after_ready(self):
        for _ in range(10):
            server = subprocess.Popen([program("smtplab-server"), "--scenario", self.scenario_path,
                                       "--host", "BBN-UNIX.ARPA", "--state", self.state,
                                       "--listen", "127.0.0.1:0"],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.assertIn("ready", server.stdout.readline())
            server.send_signal(signal.SIGTERM)
            out, err = server.communicate(timeout=30 * SLOW)
            self.assertEqual(server.returncode, 0, err)

    def test_net_stops_cleanly_right_after_ready(self):
        net = subprocess.Popen([program("smtplab-net"), self.scenario_path, "--state", self.state,
                                "--only", "BBN-UNIX.ARPA"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while not net.stdout.readline().startswith("ready"):
            pass
        net.send_signal(signal.SIGTERM)
        out, err = net.communicate(timeout=30 * SLOW)
        self.assertEqual(net.returncode, 0, err)
        ps = subprocess.run(["pgrep", "-f", self.scenario_path], capture_output=True, text=True)
        self.assertEqual(ps.stdout, "", "no host is left running")
