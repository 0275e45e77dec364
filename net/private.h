/* private.h - a private lab network for smtplab-net --private.
 *
 * Interface: smtp_net_enter_private() moves this process into a network
 * namespace of its own (Linux network_namespaces(7)), with a user namespace
 * around it when it is not root (user_namespaces(7): no privilege needed on
 * Debian 12), and brings its loopback interface up.  Every program started
 * afterwards (the hosts, the student's shell) lives in that network: it has
 * the whole of 127.0.0.0/8 to itself, so a scenario keeps its addresses
 * (127.0.0.11:2525) while forty students on one machine run the same lab,
 * the way Mininet gives each host its own stack.  It must be called before
 * the process has a second thread (unshare(2) refuses CLONE_NEWUSER then).
 */
#ifndef SMTPLAB_NET_PRIVATE_H
#define SMTPLAB_NET_PRIVATE_H

#include <gio/gio.h>

/* Enters a new network namespace (and user namespace when not root) with
 * lo up.  FALSE with error saying why (EPERM: namespaces not allowed here). */
gboolean smtp_net_enter_private (GError **error);

#endif
