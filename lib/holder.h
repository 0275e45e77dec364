/* holder.h - who holds the TCP address a program could not listen on.
 *
 * When bind() fails with "Address already in use" the kernel does not say
 * who holds the address, but Linux shows it in two places: /proc/net/tcp
 * (tcp6 for IPv6) lists every socket of this network namespace with its
 * local address, state (0A = LISTEN), owner's uid and inode, and
 * /proc/PID/fd/ of the program that holds it has a link "socket:[INODE]".
 * On a lab server shared by a class, that names the student (and the
 * program) already listening on 127.0.0.11:2525.
 */
#ifndef SMTPLAB_HOLDER_H
#define SMTPLAB_HOLDER_H

#include <gio/gio.h>

/* The inode of the socket listening on address (len 4 or 16 bytes, network
 * order) and port in table, the text of /proc/net/tcp or /proc/net/tcp6; a
 * listener on the wildcard address (0.0.0.0, ::) of that port holds it too.
 * Sets *uid to the listener's owner.  0 when nobody listens there. */
guint64 smtp_holder_find_listener (const char *table, const guint8 *address, gsize len,
                                   guint16 port, guint *uid);

/* Who listens on address, for an error message: "smtplab-server (pid 4242)
 * of user alice", "a program of user bob" when the program is
 * not ours to see, or NULL when no listener is found.  Newly allocated. */
char *smtp_holder_describe (GInetSocketAddress *address);

#endif
