/* terminal.h - "sending" mail to a user's terminal (RFC 821 §3.4).
 *
 * smtplab-term logs a user in at a host by listening on the Unix socket
 * smtp_state_terminal_path (state.h); the server writes a message to it.  A
 * socket nobody listens on (the user logged out) counts as not logged in.
 */
#ifndef SMTPLAB_SERVER_TERMINAL_H
#define SMTPLAB_SERVER_TERMINAL_H

#include <glib.h>

/* Is user logged in at a terminal (someone listens on the socket)? */
gboolean terminal_available (const char *host_dir, const char *user);
/* Writes message to the user's terminal; FALSE with error when it cannot.
 * The write is bounded by a one-second timeout. */
gboolean terminal_write (const char *host_dir, const char *user,
                         const char *reverse_path, GBytes *message, GError **error);

#endif
