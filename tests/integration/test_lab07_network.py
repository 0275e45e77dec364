"""test_lab07_network.py - the open-relay lab's generated networks
(labs/07-open-relay/relaynet.py, make-network).

Every student gets a different network, so the answer key must be right for
every one of them, not just the reference id: for a spread of ids the
network has every kind of fault, its addresses are sane, and, run for real
in a private network, each host lets exactly the key's tricks through from
127.0.0.1 and relays for its own clients; with every fault removed nothing
gets through and the clients still relay.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

from harness import ROOT, SLOW, program

LAB = os.path.join(ROOT, "labs", "07-open-relay")
sys.path.insert(0, LAB)
import relaynet  # noqa: E402

IDS = ["2026001", "lab07-reference", "张伟 20230117", "a", "b", "c", "x y", "0"] + \
      [f"s{n:04d}" for n in range(40)]

# Inside the private network: for each host, which tricks a stranger gets
# through, and whether its own clients can relay (RCPT 250).
PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import relaynet
net = relaynet.network(sys.argv[2])
out = {}
for h in net.hosts:
    tricks = [t for t, p in relaynet.forward_paths(net, h).items()
              if relaynet.rcpt(h.address, p)[0] == 250]
    target = "<" + net.target(h) + ">"
    if h.legit == "auth":
        code = relaynet.send(h.address, target, "Subject: t\\n\\nt\\n", login=h.users[0])[0]
    else:
        code = relaynet.send(h.address, target, "Subject: t\\n\\nt\\n", source=h.client())[0]
    local = relaynet.send(h.address, "<%s@%s>" % (h.users[0][0], h.domain), "Subject: l\\n\\nl\\n")[0]
    out[h.name] = {"tricks": tricks, "clients": code, "local": local}
print(json.dumps(out))
"""


def run_network(student, text):
    """Start text (a scenario) privately and probe it as PROBE does."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "net.ini")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run([program("smtplab-net"), path, "--state", os.path.join(tmp, "state"),
                            "--private", "--", sys.executable, "-c", PROBE, LAB, student],
                           capture_output=True, text=True, timeout=120 * SLOW)
    if r.returncode != 0:
        raise AssertionError(f"smtplab-net {student}: exit {r.returncode}\n{r.stdout}\n{r.stderr}")
    return json.loads(r.stdout.strip().splitlines()[-1])


class GeneratedNetworks(unittest.TestCase):

    def test_same_id_same_network(self):
        """An id gives one network, always; spaces around it do not count;
        two ids give two networks."""
        self.assertEqual(relaynet.network("2026001").scenario(),
                         relaynet.network(" 2026001\n").scenario())
        self.assertNotEqual(relaynet.network("2026001").scenario(),
                            relaynet.network("2026002").scenario())

    def test_every_network_has_every_fault(self):
        """Six to eight hosts, every kind of fault and two or more closed
        hosts, one office network each (never 127.0.0.0/24, the stranger's),
        and the scenario reads back with the same hosts and users."""
        sizes = set()
        for student in IDS:
            net = relaynet.network(student)
            faults = [h.fault for h in net.hosts]
            sizes.add(len(net.hosts))
            self.assertTrue(6 <= len(net.hosts) <= 8, student)
            for fault in relaynet.FAULTS:
                self.assertIn(fault, faults, student)
            self.assertGreaterEqual(faults.count("none"), 2, student)
            nets = [h.net for h in net.hosts]
            self.assertEqual(len(nets), len(set(nets)), student)
            self.assertNotIn(0, nets, student)
            hosts, users = relaynet.read_scenario(net.scenario())
            self.assertEqual(sorted(hosts), sorted(h.name for h in net.hosts), student)
            self.assertEqual(len(users), sum(len(h.users) for h in net.hosts), student)
        self.assertEqual(sizes, {6, 7, 8})

    def test_findings_are_read_as_written(self):
        """The findings format of the handout, and the trick in evidence."""
        student, found, problems = relaynet.read_findings(
            "# mine\nstudent: 2026001\n\nmail.A.example open RCPT TO:<@mail.a.example:u@far> 250\n"
            "mail.b.example  CLOSED  <u@far> 550\nnonsense\n")
        self.assertEqual(student, "2026001")
        self.assertEqual(found["mail.a.example"][0], "open")
        self.assertEqual(found["mail.b.example"][0], "closed")
        self.assertEqual(problems, ['line 6: expected "HOST open|closed EVIDENCE": nonsense'])
        self.assertEqual(relaynet.evidence_trick("RCPT TO:<@mail.a.example:u@far> 250"), "source-route")
        self.assertEqual(relaynet.evidence_trick("<u@far> 550, <u%far@a.example> 250 OK"), "percent")
        self.assertEqual(relaynet.evidence_trick("RCPT TO:<u@far> 250 2.1.5 OK"), "direct")
        self.assertIsNone(relaynet.evidence_trick("<u@far> 550, <@a:u@far> 550"))

    def test_answer_key_agrees_with_the_reference(self):
        """hidden/answer-key (the teacher's) gives the verdicts of the
        reference findings, and refuses an id of two lines."""
        r = subprocess.run([os.path.join(LAB, "hidden", "answer-key"), "--json", "lab07-reference"],
                           capture_output=True, text=True, check=True)
        key = json.loads(r.stdout)["lab07-reference"]
        with open(os.path.join(LAB, "solution", "findings.txt"), encoding="utf-8") as f:
            student, found, problems = relaynet.read_findings(f.read())
        self.assertEqual((student, problems), ("lab07-reference", []))
        self.assertEqual({h.lower(): k["verdict"] for h, k in key.items()},
                         {h: verdict for h, (verdict, _) in found.items()})
        r = subprocess.run([os.path.join(LAB, "hidden", "answer-key"), "a\nb"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("a student id is one line of printable text", r.stderr)

    def test_the_key_is_what_the_hosts_do(self):
        """Run for real: each host lets through from 127.0.0.1 exactly the
        tricks the key names, takes local mail, and relays for its clients;
        with the faults removed no trick works and nothing else changes."""
        # between them: each trick on network and AUTH hosts, 0.0.0.0/0, a /8 beside the office
        for student in ("2026001", "lab07-reference", "s0001", "s0003"):
            net = relaynet.network(student)
            seen = run_network(student, net.scenario())
            for h in net.hosts:
                with self.subTest(student=student, host=h.name, fault=h.fault):
                    self.assertEqual(sorted(seen[h.name]["tricks"]), sorted(relaynet.TRICKS[h.fault]))
                    self.assertEqual(seen[h.name]["clients"], 250)
                    self.assertEqual(seen[h.name]["local"], 250)
            for h in net.hosts:
                h.fault = "none"
            seen = run_network(student, net.scenario())
            for h in net.hosts:
                with self.subTest(student=student, host=h.name, fixed=True):
                    self.assertEqual(seen[h.name], {"tricks": [], "clients": 250, "local": 250})


if __name__ == "__main__":
    unittest.main()
