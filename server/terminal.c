/* terminal.c - "sending" mail to a user's terminal (RFC 821 §3.4), without
 * ever making the server wait: the socket is non-blocking, and the
 * message goes out from the main loop as the terminal reads it. */
#include "terminal.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>

#include "state.h"

/* A terminal gets this long to take each part of a message. */
#define TERMINAL_TIMEOUT 1

/* terminal_connect - a connected non-blocking socket to the user's
 * terminal, or NULL.  A Unix socket connects at once or not at all;
 * *busy says the terminal is there but its queue of visits is full. */
static GSocket *
terminal_connect (const char *host_dir, const char *user, gboolean *busy, GError **error)
{
  char *path = smtp_state_terminal_path (host_dir, user);
  GSocketAddress *address = g_unix_socket_address_new (path);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, error);
  GError *failed = NULL;
  *busy = FALSE;
  if (socket) {
    g_socket_set_blocking (socket, FALSE);
    if (!g_socket_connect (socket, address, NULL, &failed)) {
      *busy = g_error_matches (failed, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)
              || g_error_matches (failed, G_IO_ERROR, G_IO_ERROR_PENDING);
      g_propagate_error (error, failed);
      g_clear_object (&socket);
    }
  }
  g_object_unref (address);
  g_free (path);
  return socket;
}

gboolean
terminal_available (const char *host_dir, const char *user)
{
  gboolean busy;
  GSocket *socket = terminal_connect (host_dir, user, &busy, NULL);
  if (!socket)
    return busy;                   /* someone listens, only not this instant */
  g_socket_close (socket, NULL);   /* the terminal ignores an empty visit */
  g_object_unref (socket);
  return TRUE;
}

/* One message on its way to a terminal. */
typedef struct {
  GSocket *socket;
  GBytes *wire;                  /* "From <reverse-path>\n" and the message */
  gsize sent;
  TerminalWritten done;
  gpointer data;
} Writing;

/* writing_end - the message is out, or will not be: done hears which */
static void
writing_end (Writing *w, GError *error)
{
  g_socket_close (w->socket, NULL);
  w->done (error, w->data);
  g_clear_error (&error);
  g_object_unref (w->socket);
  g_bytes_unref (w->wire);
  g_free (w);
}

/* on_writable - as much as the terminal takes now; after a second with
 * nothing taken (the socket's timeout, RFC 5321 §4.5.3.2 in spirit) the
 * terminal counts as gone */
static gboolean
on_writable (GSocket *socket, GIOCondition condition, gpointer data)
{
  Writing *w = data;
  GError *error = NULL;
  gsize len;
  const char *bytes = g_bytes_get_data (w->wire, &len);
  gssize n = condition ? g_socket_send (socket, bytes + w->sent, len - w->sent, NULL, &error) : -1;
  if (n < 0 && (!error || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))) {
    g_clear_error (&error);
    writing_end (w, g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                 "the terminal took nothing for %d s", TERMINAL_TIMEOUT));
    return G_SOURCE_REMOVE;
  }
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)) {
    g_error_free (error);
    return G_SOURCE_CONTINUE;
  }
  if (n < 0) {
    writing_end (w, error);
    return G_SOURCE_REMOVE;
  }
  w->sent += n;
  if (w->sent < len)
    return G_SOURCE_CONTINUE;
  writing_end (w, NULL);
  return G_SOURCE_REMOVE;
}

void
terminal_write (const char *host_dir, const char *user, const char *reverse_path,
                GBytes *message, TerminalWritten done, gpointer data)
{
  GError *error = NULL;
  gboolean busy;
  GSocket *socket = terminal_connect (host_dir, user, &busy, &error);
  if (!socket) {
    done (error, data);
    g_error_free (error);
    return;
  }
  Writing *w = g_new0 (Writing, 1);
  w->socket = socket;
  w->done = done;
  w->data = data;
  GByteArray *wire = g_byte_array_new ();
  char *envelope = g_strdup_printf ("From %s\n", reverse_path);
  g_byte_array_append (wire, (const guint8 *) envelope, strlen (envelope));
  g_byte_array_append (wire, g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  w->wire = g_byte_array_free_to_bytes (wire);
  g_free (envelope);
  g_socket_set_timeout (socket, TERMINAL_TIMEOUT);
  GSource *source = g_socket_create_source (socket, G_IO_OUT, NULL);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_writable, w, NULL);
  g_source_attach (source, NULL);
  g_source_unref (source);
}
