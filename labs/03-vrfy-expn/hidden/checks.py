"""Lab 03's hidden checks, on the lab's own campus (hidden/directory.ini): other
names, a list with a forwarded member, the mix-ups between users and
lists, and a host that answers 252 and 502."""
from grader import check

CAMPUS, QUIET = "127.0.0.50:2525", "127.0.0.51:2525"


def asks(t, address, commands):
    t.start_net("hidden/directory.ini")
    d = t.dial(address)
    d.reply()
    d.command("HELO client.campus.example")
    for command, want in commands:
        t.expect_equal(want, str(d.command(command)), f"the reply to {command} at {address}")
    d.command("QUIT")


@check(points=2, hint="RFC 821 §3.3: 250 with the full name, 553 for two matches, 550 for none")
def campus_users(t):
    """VRFY of a user, of a name two people share, of nobody."""
    asks(t, CAMPUS, [("VRFY wei", "250 Wang Wei <wei@mail.campus.example>"),
                     ("VRFY Wang", "553 User ambiguous"),
                     ("VRFY nobody", "550 String does not match anything")])


@check(points=2, hint="RFC 821 §3.3: EXPN answers 251 or 551 for a forwarded or moved "
                      "user as VRFY does - the same not_a_match")
def campus_forward_and_moved(t):
    """VRFY and EXPN of a forwarded and a moved user."""
    asks(t, CAMPUS, [("VRFY zhao", "251 User not local; will forward to <zhao@alumni.campus.example>"),
                     ("VRFY chen", "551 User not local; please try <chen@lab.campus.example>"),
                     ("EXPN zhao", "251 User not local; will forward to <zhao@alumni.campus.example>"),
                     ("EXPN chen", "551 User not local; please try <chen@lab.campus.example>")])


@check(points=2, hint="RFC 821 §3.3: a list's members, one per line, whatever the case of "
                      "its name; a denied list says so")
def campus_lists(t):
    """EXPN of a list (any case), and of a denied one."""
    members = "\n".join(["250-Wang Wei <wei@mail.campus.example>",
                         "250-Lin Xiaoming <lin@mail.campus.example>",
                         "250 <zhao@alumni.campus.example>"])
    asks(t, CAMPUS, [("EXPN net-course", members), ("EXPN NET-COURSE", members),
                     ("EXPN staff", "550 Access Denied to You")])


@check(points=1, hint="RFC 821 §3.3: VRFY is for users, EXPN for lists - say which it is")
def users_are_not_lists(t):
    """EXPN of a user and VRFY of a list are 550, with the reason."""
    asks(t, CAMPUS, [("EXPN wei", "550 That is a user name, not a mailing list"),
                     ("VRFY net-course", "550 That is a mailing list, not a user name")])


@check(points=2, hint="RFC 5321 §3.5.3: a host that will not verify answers 252; §7.3: "
                      "EXPN may be turned off (502)")
def a_host_that_tells_nothing(t):
    """At quiet.campus.example (vrfy=false, expn=false): 252 and 502."""
    asks(t, QUIET, [("VRFY wu", "252 Cannot VRFY user, but will accept message and attempt delivery"),
                    ("VRFY nobody", "252 Cannot VRFY user, but will accept message and attempt delivery"),
                    ("EXPN net-course", "502 Command not implemented: EXPN is disabled here")])
