"""Lab 03's public checks: RFC 821's own VRFY and EXPN examples (§3.3,
§4.2), asked of the hosts of labs/scenarios/rfc821.ini, reply by reply."""
from grader import check

ISIF, ISI, ISIB, ISIQ = "127.0.0.13:2525", "127.0.0.14:2525", "127.0.0.15:2525", "127.0.0.16:2525"
HOSTS = ("USC-ISIF.ARPA", "USC-ISI.ARPA", "USC-ISIB.ARPA", "USC-ISIQ.ARPA")


def asks(t, address, commands, scenario="rfc821", hosts=HOSTS):
    """Each (command, the exact reply) of commands, in one session after HELO."""
    t.start_net(scenario, only=hosts)
    d = t.dial(address)
    d.reply()
    d.command("HELO Beta.ARPA")
    for command, want in commands:
        t.expect_equal(want, str(d.command(command)), f"the reply to {command} at {address}")
    d.command("QUIT")


@check(points=2, hint="RFC 821 §3.3: \"250 Fred Smith <Smith@USC-ISIF.ARPA>\" - the full "
                      "name and the mailbox; names are matched whatever their case")
def vrfy_a_user(t):
    """VRFY Smith and VRFY smith at USC-ISIF.ARPA."""
    asks(t, ISIF, [("VRFY Smith", "250 Fred Smith <Smith@USC-ISIF.ARPA>"),
                   ("VRFY smith", "250 Fred Smith <Smith@USC-ISIF.ARPA>")])


@check(points=1, hint="RFC 821 §3.3: \"550 String does not match anything\"")
def vrfy_nobody(t):
    """VRFY Green at USC-ISIF.ARPA."""
    asks(t, ISIF, [("VRFY Green", "550 String does not match anything")])


@check(points=2, hint="RFC 821 §3.3: \"251 User not local; will forward to "
                      "<Smith@USC-ISIQ.ARPA>\" - 251 and 551 give the path")
def vrfy_forward_and_moved(t):
    """VRFY Smith at USC-ISI.ARPA is 251, VRFY Jones there 551."""
    asks(t, ISI, [("VRFY Smith", "251 User not local; will forward to <Smith@USC-ISIQ.ARPA>"),
                  ("VRFY Jones", "551 User not local; please try <Jones@USC-ISIQ.ARPA>")])


@check(points=1, hint="RFC 821 §3.3: \"553 User ambiguous\" when the string names more "
                      "than one user")
def vrfy_ambiguous(t):
    """VRFY Gourzenkyinplatz at USC-ISIQ.ARPA."""
    asks(t, ISIQ, [("VRFY Gourzenkyinplatz", "553 User ambiguous")])


@check(points=2, hint="RFC 821 §3.3 and §4.2: a multi-line reply, one member per line, "
                      "\"250-\" on all lines but the last")
def expn_a_list(t):
    """EXPN Example-People at USC-ISIF.ARPA, all six members."""
    asks(t, ISIF, [("EXPN Example-People", "\n".join([
        "250-Jon Postel <Postel@USC-ISIF.ARPA>",
        "250-Fred Fonebone <Fonebone@USC-ISIQ.ARPA>",
        "250-Sam Q. Smith <SQSmith@USC-ISIQ.ARPA>",
        "250-Quincy Smith <@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>",
        "250-<joe@foo-unix.ARPA>",
        "250 <xyz@bar-unix.ARPA>"]))])


@check(points=1, hint="RFC 821 §3.3: \"550 Access Denied to You\" - a list may be kept private")
def expn_denied(t):
    """EXPN Executive-Washroom-List at USC-ISIF.ARPA."""
    asks(t, ISIF, [("EXPN Executive-Washroom-List", "550 Access Denied to You")])
