/* terminal.c - "sending" mail to a user's terminal (RFC 821 §3.4). */
#include "terminal.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>

#include "state.h"

/* terminal_connect - a connected socket to the user's terminal, or NULL */
static GSocket *
terminal_connect (const char *host_dir, const char *user, GError **error)
{
  char *path = smtp_state_terminal_path (host_dir, user);
  GSocketAddress *address = g_unix_socket_address_new (path);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket) {
    g_socket_set_timeout (socket, 1);
    if (!g_socket_connect (socket, address, NULL, error))
      g_clear_object (&socket);
  }
  g_object_unref (address);
  g_free (path);
  return socket;
}

gboolean
terminal_available (const char *host_dir, const char *user)
{
  GSocket *socket = terminal_connect (host_dir, user, NULL);
  if (!socket)
    return FALSE;
  g_socket_close (socket, NULL);   /* the terminal ignores an empty visit */
  g_object_unref (socket);
  return TRUE;
}

gboolean
terminal_write (const char *host_dir, const char *user, const char *reverse_path,
                GBytes *message, GError **error)
{
  GSocket *socket = terminal_connect (host_dir, user, error);
  if (!socket)
    return FALSE;
  char *envelope = g_strdup_printf ("From %s\n", reverse_path);
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  gboolean ok = g_socket_send (socket, envelope, strlen (envelope), NULL, error) >= 0;
  while (ok && len > 0) {
    gssize n = g_socket_send (socket, data, len, NULL, error);
    ok = n >= 0;
    if (ok) {
      data += n;
      len -= n;
    }
  }
  g_free (envelope);
  g_socket_close (socket, NULL);
  g_object_unref (socket);
  return ok;
}
