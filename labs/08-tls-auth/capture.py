#!/usr/bin/python3
"""capture.py - record the loopback's packets to or from one address into a
pcap file, as "tcpdump -i lo -w FILE host ADDR" does.

    python3 capture.py FILE ADDR -- COMMAND ...   while COMMAND runs (and 1 s more)
    python3 capture.py FILE ADDR                  until Ctrl-C

tcpdump itself, run as root, gives up root for a user of its own, which
the private network of "smtplab-net --private" does not have; this does
the same job in a few lines.  A packet socket (AF_PACKET; it needs root of
the network, which you are inside the private network) sees every frame
on "lo"; each one to or from ADDR goes into the file after the pcap file
header, with a record header of its own (the format libpcap writes: the
viewer, tcpdump -r and Wireshark read it)."""
import socket
import struct
import subprocess
import sys
import time

ETH_P_ALL = 0x0003            # every protocol (linux/if_ether.h)
LINKTYPE_ETHERNET = 1         # lo's frames carry an (empty) Ethernet header
SNAPLEN = 65535
LINGER = 1.0                  # after COMMAND: a relay may still be passing the mail on


def record(sock, out, want):
    """One frame from sock into out, if it is an IPv4 packet to or from want."""
    try:
        frame, where = sock.recvfrom(SNAPLEN)
    except socket.timeout:
        return
    if where[2] == socket.PACKET_OUTGOING:
        return                                # on lo each frame also comes back in
    if frame[12:14] != b"\x08\x00" or want not in (frame[26:30], frame[30:34]):
        return                                # not IPv4, or other addresses
    now = time.time()
    out.write(struct.pack("<IIII", int(now), int(now % 1 * 1e6), len(frame), len(frame)))
    out.write(frame)
    out.flush()


def main(path, address, command):
    want = socket.inet_aton(address)
    try:
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    except PermissionError:
        sys.exit("capture.py: a packet socket needs root of the network: run it inside "
                 "smtplab-net --private")
    sock.bind(("lo", 0))
    sock.settimeout(0.1)
    with open(path, "wb") as out:
        # the file header: magic, version 2.4, time zone, accuracy, snapshot
        # length, link type
        out.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, SNAPLEN, LINKTYPE_ETHERNET))
        proc = subprocess.Popen(command) if command else None
        try:
            while proc is None or proc.poll() is None:
                record(sock, out, want)
            end = time.monotonic() + LINGER
            while time.monotonic() < end:
                record(sock, out, want)
        except KeyboardInterrupt:
            pass
    return proc.returncode if proc else 0


if __name__ == "__main__":
    args = sys.argv[1:]
    command = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    if len(args) != 2 or ("--" in sys.argv and not command):
        sys.exit(__doc__)
    sys.exit(main(args[0], args[1], command))
