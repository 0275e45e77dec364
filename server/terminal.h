/* terminal.h - "sending" mail to a user's terminal (RFC 821 §3.4).
 *
 * smtplab-term logs a user in at a host by listening on the Unix socket
 * smtp_state_terminal_path (state.h); the server writes a message to it.  A
 * socket nobody listens on (the user logged out) counts as not logged in.
 * Nothing here waits: the server's loop goes on while a terminal reads.
 */
#ifndef SMTPLAB_SERVER_TERMINAL_H
#define SMTPLAB_SERVER_TERMINAL_H

#include <glib.h>

/* Is user logged in at a terminal (someone listens on the socket)? */
gboolean terminal_available (const char *host_dir, const char *user);

/* What became of a message for a terminal: error NULL when all of it went. */
typedef void (*TerminalWritten) (const GError *error, gpointer data);

/* Writes message to the user's terminal from the main loop; done is
 * called once (at once when there is no terminal), with an error when
 * the terminal is gone or takes nothing for a second. */
void terminal_write (const char *host_dir, const char *user, const char *reverse_path,
                     GBytes *message, TerminalWritten done, gpointer data);

#endif
