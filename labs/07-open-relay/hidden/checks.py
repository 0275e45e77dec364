"""Lab 07 - Open-relay hunt: the hidden checks (never in a student's bundle).

The findings are compared with the answer key of the student's network
(relaynet.network(id).key()), one check per class of fault; then every
host of fixed.ini is tried with the two address tricks."""

from grader import check
import relaynet


def finds(t, fault, trick):
    """Every host with fault is "open" in the findings, with evidence that
    shows a trick that works there (the forward-path that got 250); trick
    is the one the hint gives as the example."""
    net, found = relaynet.submitted_network(t)[:2]
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


# One check per class of fault (relaynet.FAULTS): name, fault, the trick the
# expected evidence shows, what the check says, hint.
FINDS = [
    ("finds_relay_open", "relay-open", "direct",
     "Hosts that relay for anyone (relay=open) are found open, with an RCPT that got 250.",
     "RFC 5321 §3.6.2: a host that takes mail for any domain from anyone is an open relay; "
     "one RCPT TO:<user@far> from 127.0.0.1 shows it"),
    ("finds_wide_network", "wide-network", "direct",
     "Hosts whose relay-allow= holds the whole Internet are found open, with an RCPT that got 250.",
     "RFC 2505 §2.1: relay by the client's address only for your own network; "
     "a relay-allow= that holds 127.0.0.1 holds the Internet"),
    ("finds_source_route_hole", "source-route", "source-route",
     "Hosts that relay a stranger's source route through them are found open, with the <@HOST:...> RCPT.",
     "RFC 821 §3.6 and RFC 5321 §3.6.1, Appendix C: try <@HOST:user@far>; "
     "a host that checks only the route's first hop relays it"),
    ("finds_percent_hole", "percent", "percent",
     "Hosts that relay user%far@THEM for a stranger are found open, with the %-hack RCPT.",
     "RFC 1123 §5.2.16 and RFC 2505 §2.1: try <user%far@HOST-DOMAIN>; "
     "a host that checks the domain, then reads % as @, relays it"),
]


def finds_check(name, fault, trick, doc, hint):
    """Define the check name: finds(t, fault, trick)."""
    def run(t):
        finds(t, fault, trick)
    run.__name__, run.__doc__ = name, doc
    check(points=2, hint=hint)(run)


for row in FINDS:
    finds_check(*row)


@check(points=2, hint="A 550 5.7.1 to every trick (plain, <@HOST:…>, user%far@HOST) is a closed host")
def no_false_alarms(t):
    """Hosts that relay only for their own clients are found closed."""
    net, found = relaynet.submitted_network(t)[:2]
    wrong = [f"{h.name} {found.get(h.name.lower(), ('missing', ''))[0]}"
             for h in net.hosts if h.fault == "none" and found.get(h.name.lower(), ("",))[0] != "closed"]
    t.expect(not wrong, "the findings for the hosts that relay only for their own clients",
             "closed", "\n".join(wrong))


def no_trick(t, trick):
    """In fixed.ini no host relays a stranger's mail written with trick."""
    net = relaynet.submitted_network(t)[0]
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
