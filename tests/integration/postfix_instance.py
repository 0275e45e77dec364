"""postfix_instance.py - a Postfix of its own on loopback, from Debian's
package, for the tests and for make bench.

Everything it keeps (configuration, queue, mail, log) lives under one
folder; it listens on 127.0.0.1:PORT only.  Postfix runs only a
configuration that the system's main.cf lists in
alternate_config_directories, so start() adds ours there and stop() takes
it out again (only ours: two instances may run at once).  Needs root (Postfix's master starts as root and its
daemons run as the user postfix).
"""
import os
import pwd
import shutil
import subprocess
import time

BASE_CF = """compatibility_level = 3.6
queue_directory = {d}/queue
data_directory = {d}/data
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = {hostname}
mydestination =
mynetworks = 127.0.0.0/8
smtp_bind_address = 127.0.0.1
virtual_mailbox_base = {d}/mail
virtual_uid_maps = static:{uid}
virtual_gid_maps = static:{gid}
maillog_file_prefixes = {d}
maillog_file = {d}/maillog
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
disable_dns_lookups = yes
"""


def available():
    """Why a Postfix cannot be started here, or None if it can."""
    if not shutil.which("postfix"):
        return "needs Debian's postfix package"
    if os.geteuid() != 0:
        return "needs root to start a Postfix"
    return None


class PostfixInstance:
    """d: a new folder for it (made here); port: where its smtpd listens;
    extra: more main.cf lines (virtual_mailbox_domains and _maps, say)."""

    def __init__(self, d, port, extra="", hostname="postfix.test"):
        self.d = d
        self.port = port
        self.conf = os.path.join(d, "conf")
        self.listed = False
        pw = pwd.getpwnam("postfix")
        for sub in ("conf", "queue", "data", "mail"):
            os.makedirs(os.path.join(d, sub))
        for owned in ("data", "mail"):        # Postfix's daemons run as postfix
            os.chown(os.path.join(d, owned), pw.pw_uid, pw.pw_gid)
        parent = os.path.dirname(os.path.abspath(d))
        os.chmod(parent, os.stat(parent).st_mode | 0o755)
        with open(os.path.join(self.conf, "main.cf"), "w") as f:
            f.write(BASE_CF.format(d=d, hostname=hostname, uid=pw.pw_uid, gid=pw.pw_gid) + extra)
        with open("/etc/postfix/master.cf") as f:
            master = f.read().replace("smtp      inet  n       -       y       -       -       smtpd",
                                      f"127.0.0.1:{port} inet n - n - - smtpd")
        with open(os.path.join(self.conf, "master.cf"), "w") as f:
            f.write(master)

    def maildir(self, user):
        return os.path.join(self.d, "mail", user)

    def log(self):
        path = os.path.join(self.d, "maillog")
        return open(path).read() if os.path.exists(path) else ""

    def start(self, timeout=30):
        """Starts it and waits until it listens; returns an error text, or
        None when it is up."""
        self.list_conf(True)
        subprocess.run(["postfix", "-c", self.conf, "check"], capture_output=True)
        r = subprocess.run(["postfix", "-c", self.conf, "start"], capture_output=True, text=True)
        if r.returncode != 0:
            return self.log() or r.stderr
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            ss = subprocess.run(["ss", "-ltn", f"sport = :{self.port}"],
                                capture_output=True, text=True).stdout
            if "LISTEN" in ss:
                return None
            time.sleep(0.1)
        return f"Postfix does not listen on 127.0.0.1:{self.port}\n" + self.log()

    def list_conf(self, listed):
        """Adds our configuration to alternate_config_directories, or takes
        it out."""
        dirs = subprocess.run(["postconf", "-h", "alternate_config_directories"],
                              capture_output=True, text=True).stdout.split()
        dirs = [x for x in dirs if x != self.conf] + ([self.conf] if listed else [])
        subprocess.run(["postconf", "-e", "alternate_config_directories = " + " ".join(dirs)],
                       check=True)
        self.listed = listed

    def stop(self):
        """Stops it (before its folder goes: Postfix needs its configuration
        to stop)."""
        if self.listed:
            subprocess.run(["postfix", "-c", self.conf, "stop"], capture_output=True)
            self.list_conf(False)
