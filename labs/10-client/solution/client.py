#!/usr/bin/env python3
"""client.py - lab 10's SMTP client: one message, read from standard input,
sent to one server in one mail transaction (RFC 5321 §3.3).

    python3 client.py --server ADDR:PORT --helo NAME --from ADDR --to ADDR
                      [--to ADDR ...] [--starttls --cafile FILE]
                      [--timeout SECONDS] < message

The dialogue is printed as it happens ("C: " what we send, "S: " what the
server says); problems go to standard error, one line each.

Exit status: 0 every recipient accepted and the message taken; 2 bad
arguments; 3 no connection, or it broke or timed out; 4 a temporary
failure (a 4yz reply, 421 included); 5 a permanent failure (a 5yz reply).
When some recipients are refused and the rest get the message, the status
is the worst class among the refusals.

Only the standard library: socket and ssl.
"""
import argparse
import socket
import ssl
import sys

EXIT_OK, EXIT_USAGE, EXIT_CONNECTION, EXIT_TEMPORARY, EXIT_PERMANENT = 0, 2, 3, 4, 5


class Closed(Exception):
    """The connection ended (or timed out) before a reply came."""


class Closing(Exception):
    """The server said 421: it is closing the channel (RFC 5321 §3.8)."""


class Session:
    """One SMTP connection: commands out with CRLF, replies in."""

    def __init__(self, address, timeout):
        host, port = address.rsplit(":", 1)
        self.host = host.strip("[]")
        self.sock = socket.create_connection((self.host, int(port)), timeout=timeout)
        self.file = self.sock.makefile("rb")

    def reply(self, waiting_for):
        """The next whole reply: (code, [text lines]).  RFC 5321 §4.2: every
        line but the last has "-" after the code."""
        lines = []
        while True:
            try:
                raw = self.file.readline()
            except socket.timeout:
                raise Closed(f"no reply to {waiting_for} in time (RFC 5321 §4.5.3.2)")
            except OSError as e:
                raise Closed(f"the connection broke waiting for the reply to {waiting_for}: {e}")
            if not raw:
                raise Closed(f"the server closed the connection before replying to {waiting_for}"
                             " (RFC 5321 §3.8)")
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            print("S: " + line, flush=True)
            if len(line) < 3 or not line[:3].isdigit():
                raise Closed(f"not an SMTP reply: {line!r} (RFC 5321 §4.2)")
            lines.append(line[4:])
            if line[3:4] != "-":
                code = int(line[:3])
                if code == 421:
                    raise Closing(f"{code} {' '.join(lines)}")
                return code, lines

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise Closed(f"the connection broke while sending: {e}")

    def command(self, line):
        """Send one command line, ended by CRLF (RFC 5321 §2.3.8), and read
        its reply."""
        print("C: " + line, flush=True)
        self.send(line.encode("utf-8") + b"\r\n")
        return self.reply(line.split(" ")[0])

    def starttls(self, cafile, server_name):
        """RFC 3207 §4: the TLS handshake on this connection, the server's
        certificate checked against cafile."""
        context = ssl.create_default_context(cafile=cafile)
        self.sock = context.wrap_socket(self.sock, server_hostname=server_name)
        self.file = self.sock.makefile("rb")
        print("-- TLS is on: " + self.sock.version(), flush=True)

    def close(self):
        self.file.close()
        self.sock.close()


def mail_data(message):
    """The message as mail data on the wire: every line ended by CRLF
    (RFC 5321 §2.3.8), a "." added before each line that starts with "."
    (§4.5.2), then the "." line that ends the data (§4.1.1.4)."""
    text = message.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()                        # the message's last newline
    out = []
    for line in lines:
        if line.startswith("."):
            line = "." + line
        out.append(line + "\r\n")
    out.append(".\r\n")
    return "".join(out).encode("utf-8")


def hello(session, name):
    """EHLO, or HELO when the server does not know EHLO (RFC 5321 §3.2:
    500, 502, 504 or 550); the extension keywords it listed."""
    code, lines = session.command("EHLO " + name)
    if code in (500, 502, 504, 550):
        code, lines = session.command("HELO " + name)
        if code != 250:
            raise Refused(code, lines, "HELO")
        return set()
    if code != 250:
        raise Refused(code, lines, "EHLO")
    return {line.split(" ")[0].upper() for line in lines[1:]}


class Refused(Exception):
    """A reply that ends the transaction: the command and what came back."""

    def __init__(self, code, lines, what):
        super().__init__(f"{what} refused: {code} {' '.join(lines)}")
        self.code = code


def worst(codes):
    """The exit status for the refusals seen: 5 over 4 over 0."""
    if any(500 <= c < 600 for c in codes):
        return EXIT_PERMANENT
    if any(400 <= c < 500 for c in codes):
        return EXIT_TEMPORARY
    return EXIT_OK


def transaction(session, sender, recipients, data):
    """MAIL, one RCPT per recipient, then DATA and the message if anyone
    was accepted, else RSET (RFC 5321 §3.3); the refusal codes seen."""
    code, lines = session.command(f"MAIL FROM:<{sender}>")
    if code != 250:
        raise Refused(code, lines, "MAIL")
    refusals, accepted = [], 0
    for rcpt in recipients:
        code, lines = session.command(f"RCPT TO:<{rcpt}>")
        if code in (250, 251):
            accepted += 1
        else:
            print(f"client: <{rcpt}> refused: {code} {' '.join(lines)}", file=sys.stderr)
            refusals.append(code)
    if accepted == 0:
        session.command("RSET")            # no one to send it to: no DATA
        return refusals
    code, lines = session.command("DATA")
    if code != 354:
        raise Refused(code, lines, "DATA")
    print(f"C: ({len(data)} octets of mail data, ending with \".\")", flush=True)
    session.send(data)
    code, lines = session.reply("the end of the mail data")
    if code != 250:
        raise Refused(code, lines, "the message")
    return refusals


def parse_args(argv):
    p = argparse.ArgumentParser(description="Send the message on standard input by SMTP.")
    p.add_argument("--server", required=True, metavar="ADDR:PORT")
    p.add_argument("--helo", required=True, metavar="NAME", help="the name given in EHLO/HELO")
    p.add_argument("--from", dest="sender", required=True, metavar="ADDR")
    p.add_argument("--to", dest="recipients", action="append", required=True, metavar="ADDR")
    p.add_argument("--starttls", action="store_true", help="say STARTTLS first (RFC 3207)")
    p.add_argument("--cafile", metavar="FILE", help="the CA that signed the server's certificate")
    p.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                   help="how long to wait for each reply (RFC 5321 §4.5.3.2: 5 minutes)")
    args = p.parse_args(argv)
    if ":" not in args.server or not args.server.rsplit(":", 1)[1].isdigit():
        p.error(f"--server {args.server}: write ADDR:PORT, e.g. 127.0.0.100:2525")
    if args.starttls and not args.cafile:
        p.error("--starttls needs --cafile FILE to check the server's certificate")
    return args


def main(argv):
    args = parse_args(argv)
    data = mail_data(sys.stdin.read())
    try:
        session = Session(args.server, args.timeout)
    except OSError as e:
        print(f"client: cannot connect to {args.server}: {e}", file=sys.stderr)
        return EXIT_CONNECTION
    try:
        code, lines = session.reply("the greeting")
        if code != 220:
            raise Refused(code, lines, "the greeting")
        extensions = hello(session, args.helo)
        if args.starttls:
            if "STARTTLS" not in extensions:
                raise Refused(0, ["STARTTLS not offered"], "STARTTLS")
            code, lines = session.command("STARTTLS")
            if code != 220:
                raise Refused(code, lines, "STARTTLS")
            session.starttls(args.cafile, session.host)
            hello(session, args.helo)      # RFC 3207 §4.2: forget what came before
        status = worst(transaction(session, args.sender, args.recipients, data))
        session.command("QUIT")
        return status
    except Closing as e:
        print(f"client: the server is closing the connection: {e} (RFC 5321 §3.8)",
              file=sys.stderr)
        return EXIT_TEMPORARY
    except Refused as e:
        print(f"client: {e}", file=sys.stderr)
        try:
            session.command("QUIT")
        except (Closed, Closing):
            pass
        return EXIT_TEMPORARY if 400 <= e.code < 500 else EXIT_PERMANENT
    except Closed as e:
        print(f"client: {e}", file=sys.stderr)
        return EXIT_CONNECTION
    except ssl.SSLError as e:
        print(f"client: the TLS handshake failed: {e}", file=sys.stderr)
        return EXIT_CONNECTION
    finally:
        session.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
