"""test_lab_scripts.py - every transcript in labs/scripts/ replayed against
smtplab-server, always (make demo and the slides replay them too, but the
slides test needs pandoc).

Each transcript names the host it talks to in its "Run it:" line
(--server ADDR:PORT): the test finds that address in labs/scenarios/, starts
every host of that scenario on free ports, and replays the transcript twice:
  - with smtplab-client --script, as a student does: it must match to the
    end ("N replies matched", one per reply in the file);
  - line by line over a socket: every reply's code, and its text wherever the
    transcript gives one, must be what the server says.
A transcript and the server that disagree fail the test, named by file and
line."""
import glob
import os
import re
import subprocess
import unittest

from harness import SCENARIOS, SLOW, Dialogue, ServerTest, program, scenario_with_free_ports

SCRIPTS = os.path.join(os.path.dirname(SCENARIOS), "scripts")


def run_it_options(text):
    """The --server address and --helo of the transcript's "Run it:" line."""
    m = re.search(r"^#.*Run it:.*$", text, re.MULTILINE)
    if not m:
        return None, None
    server = re.search(r"--server\s+(\S+)", m.group(0))
    helo = re.search(r"--helo\s+(\S+)", m.group(0))
    return server and server.group(1), helo and helo.group(1)


def scenario_of(address):
    """(scenario file, host) of the scenario host listening on address."""
    for path in sorted(glob.glob(os.path.join(SCENARIOS, "*.ini"))):
        host = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\s*\[host\s+(.+?)\]\s*$", line)
                if m:
                    host = m.group(1)
                elif re.match(r"\s*\[", line):
                    host = None
                elif host and re.fullmatch(r"\s*listen\s*=\s*" + re.escape(address) + r"\s*", line):
                    return path, host
    return None, None


def steps(text):
    """The transcript as (lineno, command or None, data lines or None,
    [(lineno, reply line)]) steps, read as client/script.c reads it: with
    R: lines it is RFC 821's notation (S: sender, R: receiver), else C:/S:."""
    rfc821 = re.search(r"^R:", text, re.MULTILINE) is not None
    client, server = ("S:", "R:") if rfc821 else ("C:", "S:")
    out = [[0, None, None, []]]                       # the greeting
    data = None
    for n, line in enumerate(text.split("\n"), 1):
        line = line.rstrip()
        if line.startswith("#") or len(line) < 2:
            continue
        body = line[2:][1:] if line[2:3] == " " else line[2:]
        if line.startswith(client):
            if data is not None:
                if body == ".":
                    data = None
                else:
                    data.append(body)
                continue
            out.append([n, body, None, []])
        elif line.startswith(server):
            step = out[-1]
            step[3].append((n, body))
            if step[1] and step[1].upper() == "DATA" and body.startswith("354"):
                data = []
                out.append([n, None, data, []])
        else:
            raise ValueError(f"line {n}: starts with neither {client} nor {server}")
    return out


def expected_lines(replies):
    """What the transcript says of one reply: (code pattern, [texts] or None
    when it gives only the code)."""
    code = replies[0][1][:3]
    texts = [r[4:] for _, r in replies]
    return code, texts if any(texts) else None


class LabScripts(ServerTest):

    def replay_with_client(self, name, path, address, helo):
        cmd = [program("smtplab-client"), "--server", address, "--script", path]
        if helo:
            cmd[3:3] = ["--helo", helo]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=60 * SLOW)
        self.assertEqual(run.returncode, 0, f"{name}: {run.stdout}{run.stderr}")
        return run.stdout

    def replay_over_socket(self, name, text, address):
        """Every reply's code and, where the transcript gives it, its text."""
        d = Dialogue(address)
        try:
            for lineno, command, data, replies in steps(text):
                if command is not None:
                    d.send(command)
                if data is not None:
                    for line in data:     # RFC 5321 §4.5.2: a leading "." is doubled
                        d.send("." + line if line.startswith(".") else line)
                    d.send(".")
                code, lines = d.reply()
                if not replies:
                    continue
                want_code, want_text = expected_lines(replies)
                where = f"{name}:{replies[0][0]}"
                self.assertRegex(f"{code:03d}", "^" + want_code.replace("x", "[0-9]") + "$",
                                 f"{where}: {command!r} got {code} {lines}")
                if want_text is not None:
                    self.assertEqual(lines, want_text, f"{where}: {command!r}")
                if command and command.split()[0].upper() in ("STARTTLS", "AUTH"):
                    return      # TLS and SASL: smtplab-client --script checks the rest
        finally:
            d.close()

    def replay(self, path):
        name = os.path.relpath(path, os.path.dirname(SCRIPTS))
        with open(path, encoding="utf-8") as f:
            text = f.read()
        fixed, helo = run_it_options(text)
        self.assertIsNotNone(fixed, f"{name}: no '# Run it: ... --server ADDR:PORT' line")
        scenario, host = scenario_of(fixed)
        self.assertIsNotNone(host, f"{name}: no host of labs/scenarios/ listens on {fixed}")
        self.scenario_path, self.addresses = scenario_with_free_ports(scenario, self.tmp)
        servers = {h: self.start(h) for h in self.addresses if not h.endswith(" tls")}
        address = servers[host].address
        out = self.replay_with_client(name, path, address, helo)
        replies = sum(1 for s in steps(text) if s[3])
        self.assertIn(f"{replies} replies matched", out, name)
        self.replay_over_socket(name, text, address)


def add_tests():
    """One test per transcript, named after its file."""
    for path in sorted(glob.glob(os.path.join(SCRIPTS, "*.txt"))):
        name = re.sub(r"\W", "_", os.path.basename(path)[:-len(".txt")])
        setattr(LabScripts, f"test_{name}", lambda self, path=path: self.replay(path))


add_tests()


if __name__ == "__main__":
    unittest.main()
