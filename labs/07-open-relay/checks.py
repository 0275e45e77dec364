"""Lab 07 - Open-relay hunt: the public checks.

Your findings.txt names your network (its first line, "student: ID"); the
checks make that network again with ./make-network's generator and start
your fixed.ini.  127.0.0.1 is a stranger; 127.0.N.77 is a client in the
office network of the host at 127.0.N.10."""
import os

from grader import check
import relaynet


def start_fixed(t):
    """Your network and its fixed.ini, started."""
    net = relaynet.submitted_network(t)[0]
    t.start_net(t.submitted("fixed.ini"))
    return net


def delivered(t, host, user, subject, timeout=10):
    """Wait until the letter with subject is in user's mailbox at host."""
    t.expect(os.path.isdir(os.path.join(t.state, host)), f"the state folder of {host}",
             f"{t.state}/{host}", f"none: is there still a [host {host}] in fixed.ini?")
    t.wait(lambda: any(m["Subject"] == subject for m in t.maildir(host, user)),
           f"the letter \"{subject}\" in {user}'s mailbox at {host}", timeout=timeout)


def answer(t, host, what, reply):
    """reply, or a failure saying host did not answer (moved or down)."""
    try:
        return reply()
    except OSError as e:
        t.fail(f"{what} at {host.name} ({host.address})", "an SMTP dialogue",
               f"{e} (did fixed.ini change its listen=?)")


@check(points=1, hint="The handout's \"What you hand in\": one line per host, HOST open|closed EVIDENCE")
def findings_cover_the_network(t):
    """findings.txt names you and says open or closed for every host of your network."""
    net, found, problems = relaynet.submitted_network(t)
    t.expect(not problems, "every line of findings.txt", "student: ID, then HOST open|closed EVIDENCE",
             "\n".join(problems))
    names = {h.name.lower() for h in net.hosts}
    missing = [h.name for h in net.hosts if h.name.lower() not in found]
    unknown = sorted(set(found) - names)
    t.expect(not missing, f"a line for each host of {net.student}'s network",
             ", ".join(h.name for h in net.hosts), "missing: " + ", ".join(missing))
    t.expect(not unknown, f"only the hosts of {net.student}'s network", ", ".join(sorted(names)),
             "not in it: " + ", ".join(unknown))


@check(points=2, hint="Fix the relay policy (relay=, relay-allow=, relay-loophole=, auth=) and "
                      "nothing else: same [host] groups with the same listen= and domains=, same [user]s")
def fixed_keeps_the_network(t):
    """fixed.ini is your network: the same hosts, addresses, domains and users."""
    net = relaynet.submitted_network(t)[0]
    with open(t.submitted("fixed.ini"), encoding="utf-8") as f:
        try:
            hosts, users = relaynet.read_scenario(f.read())
        except ValueError as e:
            t.fail("fixed.ini", "a scenario (docs/scenario-format.md)", str(e))
    mine, theirs = {h.name.lower() for h in net.hosts}, set(hosts)
    t.expect(mine == theirs, "the [host] groups of fixed.ini", ", ".join(sorted(mine)),
             ", ".join(sorted(theirs)))
    for h in net.hosts:
        keys = hosts[h.name.lower()]
        t.expect_equal(h.address, keys.get("listen"), f"listen= of {h.name}")
        domains = {d.strip().lower() for d in keys.get("domains", h.name).split(";") if d.strip()}
        t.expect_equal({h.domain}, domains, f"domains= of {h.name}")
    generated = relaynet.read_scenario(net.scenario())[1]
    t.expect_equal(sorted(generated), sorted(users), "the [user] groups of fixed.ini")
    for address, keys in generated.items():
        t.expect_equal(keys.get("password"), users[address].get("password"), f"password= of {address}")


@check(points=3, timeout=60, hint="RFC 5321 §3.6.2 and RFC 2505 §2.1: relay only for your own "
                                  "clients (relay-allow= their network, or auth=true); never relay=open, "
                                  "never a network that holds the whole Internet")
def no_relay_for_strangers(t):
    """In fixed.ini no host takes mail for another domain from a stranger (127.0.0.1)."""
    net = start_fixed(t)
    open_hosts = []
    for h in net.hosts:
        path = relaynet.forward_paths(net, h)["direct"]
        code, text = answer(t, h, "RCPT", lambda: relaynet.rcpt(h.address, path))
        if code < 400:
            open_hosts.append(f"{h.name}: RCPT TO:{path} -> {code} {text}")
    t.expect(not open_hosts, "RCPT TO: a far mailbox, from 127.0.0.1",
             "550 5.7.1 Relaying denied at every host", "\n".join(open_hosts))


@check(points=2, timeout=60, hint="RFC 5321 §3.6.2: closing a relay must not close the host; "
                                  "mail for its own users is not relaying")
def local_mail_still_delivered(t):
    """In fixed.ini every host still takes mail for its own users from anyone."""
    net = start_fixed(t)
    for h in net.hosts:
        user = h.users[0][0]
        subject = f"for {user} at {h.name}"
        code, text, step = answer(t, h, "mail", lambda: relaynet.send(
            h.address, f"<{user}@{h.domain}>", f"Subject: {subject}\n\nlocal mail\n"))
        t.expect(code == 250, f"mail from 127.0.0.1 for <{user}@{h.domain}> at {h.name}",
                 "250 at the end of data", f"{code} {text} (to {step})")
        delivered(t, h.name, user, subject)


@check(points=2, timeout=60, hint="RFC 5321 §3.6.3 and RFC 4954 §1: a host still relays for its "
                                  "own clients: its office network (relay-allow=) or users after AUTH")
def clients_can_still_relay(t):
    """In fixed.ini every host still relays for its own clients: its office network, or its users after AUTH."""
    net = start_fixed(t)
    for h in net.hosts:
        target = net.target(h)
        if h.legit == "auth":
            who, kwargs = f"{h.users[0][0]} after AUTH", {"login": h.users[0]}
        else:
            who, kwargs = h.client(), {"source": h.client()}
        subject = f"relayed by {h.name}"
        code, text, step = answer(t, h, "relaying", lambda: relaynet.send(
            h.address, f"<{target}>", f"Subject: {subject}\n\nrelayed\n", **kwargs))
        t.expect(code == 250, f"mail for <{target}> from {who} at {h.name}",
                 "250 at the end of data", f"{code} {text} (to {step})")
        delivered(t, net.host_for(target).name, target.split("@")[0], subject, timeout=15)
