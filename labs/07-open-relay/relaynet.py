"""relaynet.py - the open-relay lab's networks (labs/07-open-relay).

From a student id (any string; the same id always gives the same network)
it makes a scenario of six to eight mail hosts, each the mail server of an
organisation with its own office network (127.0.N.0/24) or its own users
(AUTH after STARTTLS), and the answer key: which hosts relay for a
stranger, and how.  A stranger is 127.0.0.1, the address a connection
gets by default; it stands for "the rest of the Internet".

    network(student)           the Network: hosts (each a Host), victim
    network(...).scenario()    the scenario file's text (docs/scenario-format.md)
    network(...).key()         the answer key, a dict host -> {verdict, tricks, fault}
    read_findings(text)        a findings.txt as (student, {host: (verdict, evidence)})
    submitted_network(t)       for a check: the network a submission's findings.txt names
    read_scenario(text)        a scenario's [host] and [user] groups, as dicts
    evidence_trick(evidence)   the relay trick an evidence line shows

Every host has one of these faults (the key's classes):

    relay-open     relay=open: relays for anyone         tricks: direct, source-route
    wide-network   relay-allow= holds the whole Internet (a /8 that
                   was meant as a /24, or 0.0.0.0/0 left from a test)
                                                         tricks: direct, source-route
    source-route   relay-loophole=source-route           tricks: source-route
    percent        relay-loophole=percent                tricks: percent
    none           relays only for its office network or after AUTH

(a trick is how the stranger writes the forward-path: see forward_paths)

Choices come from SHA-256 of the id (not from random, whose sequences may
change between Python versions): a network never changes once handed out.
Standard library only."""
import base64
import configparser
import hashlib
import re

PORT = 2525
STRANGER = "127.0.0.1"          # the Internet, as the lab network sees it
ITERATIONS = 20000              # PBKDF2 rounds, as smtplab-server --hash-password

ORGS = [
    ("acme", "Acme Corporation"), ("globex", "Globex"), ("initech", "Initech"),
    ("umbrella", "Umbrella Pharmacy"), ("hooli", "Hooli"), ("vandelay", "Vandelay Industries"),
    ("wonka", "Wonka Sweets"), ("tyrell", "Tyrell Robotics"), ("soylent", "Soylent Foods"),
    ("oceanic", "Oceanic Airlines"), ("dunder", "Dunder Mifflin Paper"),
    ("nakatomi", "Nakatomi Trading"), ("stark", "Stark Engineering"), ("wayne", "Wayne Shipping"),
    ("zhonghua", "Zhonghua Tea House"), ("xinghe", "Xinghe Books"), ("tianma", "Tianma Travel"),
]
# the outside world: a host somewhere else that an open relay sends spam to
FAR = ["yonder", "faraway", "elsewhere", "distant", "remote"]
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
         "li.lei", "han.meimei", "wang.fang", "zhang.wei", "chen.jing", "liu.yang"]
WORDS = ["teapot", "lantern", "harbour", "meadow", "pebble", "violin", "compass", "bamboo",
         "orchid", "glacier", "saffron", "walnut"]
# relay-allow= values that look like an office network and hold the stranger
WIDE = ["127.0.0.0/8", "127.0.0.0/16", "0.0.0.0/0"]

FAULTS = ("relay-open", "wide-network", "source-route", "percent", "none")
# the tricks (forward_paths) that get a stranger's mail through, by fault
TRICKS = {"relay-open": ("direct", "source-route"), "wide-network": ("direct", "source-route"),
          "source-route": ("source-route",), "percent": ("percent",), "none": ()}


class Chooser:
    """Choices drawn from SHA-256(id, n): stable across Python versions."""

    def __init__(self, student):
        self.student, self.n = student, 0

    def below(self, limit):
        self.n += 1
        digest = hashlib.sha256(f"{self.student}\0{self.n}".encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % limit

    def pick(self, items):
        return items[self.below(len(items))]

    def shuffle(self, items):
        items = list(items)
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


def password_hash(password, salt):
    """The hash smtplab-server --hash-password writes, with a given salt."""
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, ITERATIONS)
    return "pbkdf2-sha256${}${}${}".format(ITERATIONS, base64.b64encode(salt).decode(),
                                           base64.b64encode(digest).decode())


class Host:
    """One mail host: who it is, whom it should relay for, and its fault."""

    def __init__(self, name, domain, org, net, fault, legit, users, wide=None):
        self.name, self.domain, self.org = name, domain, org
        self.net = net                  # N of 127.0.N.0/24
        self.fault = fault              # one of FAULTS
        self.legit = legit              # "network" or "auth": whom it must relay for
        self.users = users              # [(local part, password or None)]
        self.wide = wide                # the relay-allow= of a wide-network host

    @property
    def address(self):
        return f"127.0.{self.net}.10:{PORT}"

    @property
    def office(self):
        return f"127.0.{self.net}.0/24"

    def client(self, n=77):
        """An address in the host's office network."""
        return f"127.0.{self.net}.{n}"

    def keys(self):
        """The [host] group's keys, as the generated network has them."""
        keys = [("listen", self.address), ("domains", self.domain)]
        if self.legit == "auth":
            keys += [("tls", "true"), ("auth", "true")]
        if self.fault == "relay-open":
            keys.append(("relay", "open"))
        elif self.fault == "wide-network":
            keys.append(("relay-allow", self.wide))
        elif self.legit == "network":
            keys.append(("relay-allow", self.office))
        if self.fault in ("source-route", "percent"):
            keys.append(("relay-loophole", self.fault))
        return keys

    def intent(self):
        """The comment that says whom the host is meant to relay for."""
        if self.legit == "auth":
            who = ", ".join(f"{u} (password \"{p}\")" for u, p in self.users)
            return [f"Relays for its users after AUTH (over STARTTLS) and for nobody else: {who}."]
        return [f"Relays for its office network {self.office} and for nobody else."]


class Network:
    """A student's network: its hosts, in file order, and the victim."""

    def __init__(self, student, hosts, victim):
        self.student, self.hosts, self.victim = student, hosts, victim

    def target(self, host):
        """An address far from host, where a stranger would like spam to go."""
        far = self.victim if host is not self.victim else self.hosts[0]
        if far is host:
            far = self.hosts[1]
        return f"{far.users[0][0]}@{far.domain}"

    def host_for(self, address):
        """The host whose domain address is in."""
        domain = address.rsplit("@", 1)[1].lower()
        return next(h for h in self.hosts if h.domain == domain)

    def key(self):
        """The answer key: for each host, open or closed, the tricks that get
        a stranger's mail through, and the fault (hidden/answer-key prints it)."""
        return {h.name: {"verdict": "closed" if h.fault == "none" else "open",
                         "tricks": list(TRICKS[h.fault]), "fault": h.fault} for h in self.hosts}

    def scenario(self):
        out = [f"# The mail network of student {self.student} (labs/07-open-relay).",
               "# Made by: ./make-network " + shell_quote(self.student),
               "#",
               "# 127.0.0.1 is the Internet: a connection comes from there unless it",
               "# binds another address (nc -s, swaks --local-interface).  Each",
               "# organisation's office network is 127.0.N.0/24, its mail host 127.0.N.10.",
               "# Some of these hosts relay for strangers.  Find them, then fix this",
               "# file (as fixed.ini) so that none does, and everyone's mail still flows.",
               "",
               "[scenario]",
               "title=Open-relay hunt: " + self.student.replace("\\", "\\\\"),  # GKeyFile escapes
               "description=Six to eight mail hosts; some relay for anyone",
               ""]
        for h in self.hosts:
            out.append(f"# {h.org}.")
            out += [f"# {line}" for line in h.intent()]
            out.append(f"[host {h.name}]")
            out += [f"{k}={v}" for k, v in h.keys()]
            out.append("")
            for user, password in h.users:
                out.append(f"[user {user}@{h.domain}]")
                out.append(f"name={user.replace('.', ' ').title()}")
                if password:
                    salt = hashlib.sha256(f"{self.student}\0{user}@{h.domain}".encode()).digest()[:16]
                    out.append(f"password={password_hash(password, salt)}")
                out.append("")
        return "\n".join(out)


def shell_quote(text):
    """text as a shell word (quoted when it must be)."""
    return text if re.fullmatch(r"[A-Za-z0-9._@%+=:,/-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def network(student):
    """The network of student (an id; surrounding spaces do not count).
    Raises ValueError for an id that is empty or holds a control character
    (findings.txt holds it on one line)."""
    student = student.strip()
    if not student or any(ord(ch) < 32 or ord(ch) == 127 for ch in student):
        raise ValueError(f"{student!r}: a student id is one line of printable text")
    c = Chooser(student)
    count = 6 + c.below(3)                       # six to eight hosts
    faults = ["relay-open", "wide-network", "source-route", "percent", "none", "none"]
    faults += [c.pick(["none", "none", "relay-open", "wide-network"]) for _ in range(count - 6)]
    orgs = c.shuffle(ORGS)[:count - 1]
    nets = c.shuffle(range(20, 250))[:count]
    far = c.pick(FAR)
    hosts = []
    for i, fault in enumerate(faults):
        if i == 4:                               # the victim: somewhere else
            name, domain, org = f"mx.{far}.example", f"{far}.example", "Somewhere else on the Internet"
        else:
            slug, title = orgs[i if i < 4 else i - 1]
            name, domain, org = f"mail.{slug}.example", f"{slug}.example", title
        if i == 4 or fault in ("relay-open", "wide-network"):
            legit = "network"
        elif i == 5:
            legit = "auth"
        else:
            legit = c.pick(["network", "auth"])
        users = []
        for user in c.shuffle(USERS)[:1 + c.below(2)]:
            users.append((user, f"{c.pick(WORDS)}-{10 + c.below(90)}" if legit == "auth" else None))
        wide = c.pick(WIDE) if fault == "wide-network" else None
        if wide and c.below(2):
            wide = f"127.0.{nets[i]}.0/24;{wide}"   # the office, and a test left in
        hosts.append(Host(name, domain, org, nets[i], fault, legit, users, wide))
    victim = hosts[4]
    return Network(student, c.shuffle(hosts), victim)


def read_findings(text):
    """findings.txt: "student: ID", then "HOST open|closed EVIDENCE" lines
    (blank lines and # comments skipped).  Returns (student, {host:
    (verdict, evidence)}, problems): host names lower-cased; problems
    lists the lines that could not be read and hosts named twice."""
    student, found, problems = None, {}, []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if student is None:
            m = re.fullmatch(r"student:\s*(.+)", line)
            if not m:
                problems.append(f"line {number}: the first line must be \"student: ID\"")
                student = ""
                continue
            student = m.group(1).strip()
            continue
        m = re.fullmatch(r"(\S+)\s+(open|closed)\b\s*(.*)", line, re.I)
        if not m:
            problems.append(f"line {number}: expected \"HOST open|closed EVIDENCE\": {line}")
            continue
        host = m.group(1).lower()
        if host in found:
            problems.append(f"line {number}: {m.group(1)} is named twice")
        found[host] = (m.group(2).lower(), m.group(3).strip())
    return student, found, problems


def submitted_network(t):
    """For a check (t, labs/grader): the network the submitted findings.txt
    names, its lines by host, and the lines it could not read; fails the
    check when there is no id, or the template's."""
    with open(t.submitted("findings.txt"), encoding="utf-8") as f:
        student, found, problems = read_findings(f.read())
    t.expect(student, "the first line of findings.txt", "student: YOUR-ID",
             problems[0] if problems else "no line at all")
    t.expect(student != "YOUR-ID", "the id on the first line of findings.txt",
             "your own id, as you gave it to ./make-network", "YOUR-ID (the template's)")
    return network(student), found, problems


def evidence_trick(evidence):
    """The trick an open host's evidence shows: the first forward-path in
    angle brackets followed by a 250 (before the next path), read as
    source-route (<@HOST:...>), percent (a '%' in it) or direct; None when
    no path is followed by 250."""
    found = list(re.finditer(r"<([^<>]*@[^<>]*)>", evidence))
    path = None
    for i, m in enumerate(found):
        after = evidence[m.end():found[i + 1].start() if i + 1 < len(found) else len(evidence)]
        if re.search(r"\b250\b", after):
            path = m.group(1)
            break
    if path is None:
        return None
    if path.startswith("@"):
        return "source-route"
    if "%" in path:
        return "percent"
    return "direct"


def read_scenario(text):
    """The [host NAME] and [user ADDRESS] groups of a scenario's text:
    ({host name lower: {key: value}}, {address lower: {key: value}}).
    Raises ValueError with the reason when the text is not a scenario."""
    parser = configparser.ConfigParser(interpolation=None, strict=True, delimiters=("=",),
                                       comment_prefixes=("#",), empty_lines_in_values=False)
    parser.optionxform = str
    try:
        parser.read_string(text)
    except configparser.Error as e:
        raise ValueError(str(e).splitlines()[0]) from None
    hosts, users = {}, {}
    for section in parser.sections():
        kind, _, name = section.partition(" ")
        values = {k: v.strip() for k, v in parser.items(section)}
        if kind == "host":
            hosts[name.strip().lower()] = values
        elif kind == "user":
            users[name.strip().lower()] = values
    return hosts, users


# ---- probes: what the checks ask the hosts (smtplib, standard library) ----

def forward_paths(net, host):
    """The forward-paths a stranger tries at host, by trick: mail for a
    mailbox far from host, written plainly, as a source route through
    host (RFC 821 §3.6) and with the percent hack (RFC 1123 §5.2.16)."""
    target = net.target(host)
    local, domain = target.rsplit("@", 1)
    return {"direct": f"<{target}>",
            "source-route": f"<@{host.name}:{target}>",
            "percent": f"<{local}%{domain}@{host.domain}>"}


def _connect(address, source, timeout):
    import smtplib
    name, port = address.rsplit(":", 1)
    s = smtplib.SMTP(name, int(port), timeout=timeout, source_address=(source, 0))
    s.ehlo("client.example")
    return s


def _quit(s):
    try:
        s.quit()
    except Exception:
        s.close()


def rcpt(address, forward_path, source=STRANGER, timeout=10):
    """What the host at address answers to "RCPT TO:forward_path" from
    source: (code, text) of RCPT, or of MAIL when that fails."""
    s = _connect(address, source, timeout)
    try:
        code, text = s.docmd("MAIL", "FROM:<someone@client.example>")
        if code == 250:
            code, text = s.docmd("RCPT", "TO:" + forward_path)
        return code, text.decode("utf-8", "replace")
    finally:
        _quit(s)


def send(address, forward_path, body, source=STRANGER, login=None, timeout=10):
    """A whole mail transaction from source (after STARTTLS and AUTH when
    login is (user, password)): (code, text, step) of the last reply,
    step the command it answered."""
    import ssl
    s = _connect(address, source, timeout)
    try:
        if login:
            # the lab CA does not matter here: this is a relay test, not a TLS one
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            code, text = s.starttls(context=context)
            if code != 220:
                return code, text.decode("utf-8", "replace"), "STARTTLS"
            s.ehlo("client.example")
            try:
                s.login(*login)
            except Exception as e:
                return getattr(e, "smtp_code", 0), str(e), "AUTH"
        for step, verb, arg in (("MAIL", "MAIL", "FROM:<someone@client.example>"),
                                ("RCPT", "RCPT", "TO:" + forward_path), ("DATA", "DATA", "")):
            code, text = s.docmd(verb, arg)
            if code >= 400:
                return code, text.decode("utf-8", "replace"), step
        data = body.replace("\n", "\r\n").encode("utf-8") + b"\r\n.\r\n"
        s.send(data)
        code, text = s.getreply()
        return code, text.decode("utf-8", "replace"), "end of data"
    finally:
        _quit(s)
