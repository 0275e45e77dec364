"""Lab 07 - Open-relay hunt: the hidden checks (never in a student's bundle).

The findings are compared with the answer key of the student's network
(relaynet.network(id).key()), one check per class of fault; then every
host of fixed.ini is tried with the two address tricks."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from grader import check  # noqa: E402
import relaynet  # noqa: E402


def findings(t):
    """The student's network and findings (host -> (verdict, evidence))."""
    with open(t.submitted("findings.txt"), encoding="utf-8") as f:
        student, found, problems = relaynet.read_findings(f.read())
    t.expect(student, "the first line of findings.txt", "student: YOUR-ID",
             problems[0] if problems else "no line at all")
    t.expect(student != "YOUR-ID", "the id on the first line of findings.txt",
             "your own id, as you gave it to ./make-network", "YOUR-ID (the template's)")
    return relaynet.network(student), found


def finds(t, fault, trick):
    """Every host with fault is "open" in the findings, with evidence that
    shows a trick that works there (the forward-path that got 250); trick
    is the one the hint gives as the example."""
    net, found = findings(t)
    wrong = []
    for h in net.hosts:
        if h.fault != fault:
            continue
        verdict, evidence = found.get(h.name.lower(), ("missing", ""))
        shown = relaynet.evidence_trick(evidence)
        if verdict != "open" or shown not in relaynet.TRICKS[fault]:
            wrong.append(f"{h.name} {verdict} {evidence}".rstrip()
                         + f"  (evidence shows: {shown or 'no forward-path with 250'})")
    example = {"direct": "RCPT TO:<user@far.example> 250",
               "source-route": "RCPT TO:<@HOST:user@far.example> 250",
               "percent": "RCPT TO:<user%far.example@HOST-DOMAIN> 250"}[trick]
    t.expect(not wrong, f"the findings for the hosts your network has with this fault",
             f"open, with evidence like {example}", "\n".join(wrong))


@check(points=2, hint="RFC 5321 §3.6.2: a host that takes mail for any domain from anyone "
                      "is an open relay; one RCPT TO:<user@far> from 127.0.0.1 shows it")
def finds_relay_open(t):
    """Hosts that relay for anyone (relay=open) are found open, with a plain RCPT that got 250."""
    finds(t, "relay-open", "direct")


@check(points=2, hint="RFC 2505 §2.1: relay by the client's address only for your own network; "
                      "a relay-allow= that holds 127.0.0.1 holds the Internet")
def finds_wide_network(t):
    """Hosts whose relay-allow= holds the whole Internet are found open, with a plain RCPT that got 250."""
    finds(t, "wide-network", "direct")


@check(points=2, hint="RFC 821 §3.6 and RFC 5321 §3.6.1, Appendix C: try <@HOST:user@far>; "
                      "a host that checks only the route's first hop relays it")
def finds_source_route_hole(t):
    """Hosts that relay a stranger's source route through them are found open, with the <@HOST:...> RCPT."""
    finds(t, "source-route", "source-route")


@check(points=2, hint="RFC 1123 §5.2.16 and RFC 2505 §2.1: try <user%far@HOST-DOMAIN>; "
                      "a host that checks the domain, then reads % as @, relays it")
def finds_percent_hole(t):
    """Hosts that relay user%far@THEM for a stranger are found open, with the %-hack RCPT."""
    finds(t, "percent", "percent")


@check(points=2, hint="A 550 5.7.1 to every trick (plain, <@HOST:…>, user%far@HOST) is a closed host")
def no_false_alarms(t):
    """Hosts that relay only for their own clients are found closed."""
    net, found = findings(t)
    wrong = [f"{h.name} {found.get(h.name.lower(), ('missing', ''))[0]}"
             for h in net.hosts if h.fault == "none" and found.get(h.name.lower(), ("",))[0] != "closed"]
    t.expect(not wrong, "the findings for the hosts that relay only for their own clients",
             "closed", "\n".join(wrong))


def no_trick(t, trick):
    """In fixed.ini no host relays a stranger's mail written with trick."""
    net = findings(t)[0]
    t.start_net(t.submitted("fixed.ini"))
    open_hosts = []
    for h in net.hosts:
        path = relaynet.forward_paths(net, h)[trick]
        try:
            code, text = relaynet.rcpt(h.address, path)
        except OSError as e:
            t.fail(f"RCPT at {h.name} ({h.address})", "an SMTP dialogue",
                   f"{e} (did fixed.ini change its listen=?)")
        if code < 400:
            open_hosts.append(f"{h.name}: RCPT TO:{path} -> {code} {text}")
    t.expect(not open_hosts, "RCPT TO: " + ("a source route through the host" if trick == "source-route"
                                             else "user%far@the host's domain") + ", from 127.0.0.1",
             "5yz at every host", "\n".join(open_hosts))


@check(points=2, timeout=60, hint="RFC 5321 §3.6.1: a route through this host is relaying like any "
                                  "other; drop relay-loophole=source-route")
def no_source_route_relay(t):
    """In fixed.ini no host relays a stranger's <@HOST:user@far>."""
    no_trick(t, "source-route")


@check(points=2, timeout=60, hint="RFC 2505 §2.1: the relay check must read the address as the "
                                  "router does; drop relay-loophole=percent")
def no_percent_relay(t):
    """In fixed.ini no host relays a stranger's <user%far@HOST-DOMAIN>."""
    no_trick(t, "percent")
