/* listen.h - a listening TCP socket on the main loop, and "ADDR:PORT". */
#ifndef SMTPLAB_LISTEN_H
#define SMTPLAB_LISTEN_H

#include <gio/gio.h>

typedef struct _SmtpListener SmtpListener;

/* Called with each accepted connection (the callee takes a reference). */
typedef void (*SmtpListenerAcceptFunc) (GSocket *socket, gpointer user_data);

/* Checks the form of "ADDR:PORT" without looking the name up: *host (may
 * be NULL) gets ADDR without [] around an IPv6 address, *port the port.
 * FALSE with a G_IO_ERROR_INVALID_ARGUMENT error saying what is wrong. */
gboolean smtp_split_address (const char *text, char **host, guint16 *port, GError **error);
/* Parses "127.0.0.1:2525", "[::1]:2525" or "localhost:2525" (port 0 = any
 * free port) into a socket address.  Names are looked up synchronously, so
 * use it at start-up only. */
GSocketAddress *smtp_parse_address (const char *text, GError **error);

/* Listens on address ("ADDR:PORT") and accepts on the default main loop. */
SmtpListener   *smtp_listener_new (const char *address, SmtpListenerAcceptFunc accept,
                          gpointer user_data, GError **error);
/* The address actually bound, e.g. "127.0.0.11:2525" (the real port for 0). */
const char *smtp_listener_address (SmtpListener *listener);
/* Stops accepting (the socket stays open until freed). */
void        smtp_listener_stop (SmtpListener *listener);
void        smtp_listener_free (SmtpListener *listener);

#endif
