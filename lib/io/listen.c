/* listen.c - a listening TCP socket on the main loop. */
#include "listen.h"
#include "conn.h"
#include "holder.h"
#include "loop.h"

#include <stdlib.h>
#include <string.h>

struct _SmtpListener {
  GSocket *socket;
  GSource *source;
  SmtpListenerAcceptFunc accept;
  gpointer user_data;
  char *address;
};

gboolean
smtp_split_address (const char *text, char **host, guint16 *port, GError **error)
{
  const char *colon = strrchr (text, ':');
  if (!colon || colon == text || !colon[1]) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "%s: expected ADDR:PORT, e.g. 127.0.0.1:2525", text);
    return FALSE;
  }
  guint64 number;
  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &number, NULL)) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "%s: bad port \"%s\" (a number from 0 to 65535)", text, colon + 1);
    return FALSE;
  }
  if (port)
    *port = number;
  if (host) {
    *host = g_strndup (text, colon - text);
    if ((*host)[0] == '[' && (*host)[strlen (*host) - 1] == ']') {   /* [::1] */
      memmove (*host, *host + 1, strlen (*host));
      (*host)[strlen (*host) - 1] = '\0';
    }
  }
  return TRUE;
}

GSocketAddress *
smtp_parse_address (const char *text, GError **error)
{
  char *host;
  guint16 port;
  if (!smtp_split_address (text, &host, &port, error))
    return NULL;
  GInetAddress *inet = g_inet_address_new_from_string (host);
  if (!inet) {
    GResolver *resolver = g_resolver_get_default ();
    GList *list = g_resolver_lookup_by_name (resolver, host, NULL, error);
    g_object_unref (resolver);
    if (list) {
      inet = g_object_ref (list->data);
      g_resolver_free_addresses (list);
    }
  }
  g_free (host);
  if (!inet)
    return NULL;
  GSocketAddress *address = g_inet_socket_address_new (inet, port);
  g_object_unref (inet);
  return address;
}

static gboolean
on_incoming (GSocket *socket, GIOCondition cond, gpointer data)
{
  SmtpListener *listener = data;
  (void) cond;
  for (;;) {
    GSocket *client = g_socket_accept (socket, NULL, NULL);
    if (!client)
      break;     /* EAGAIN, or the client already left */
    listener->accept (client, listener->user_data);
    g_object_unref (client);
  }
  return G_SOURCE_CONTINUE;
}

/* name_holder - adds who holds address to the "Address already in use"
 * error, so a student on a shared machine knows whose lab is in the way */
static void
name_holder (GSocketAddress *address, GError *error)
{
  g_autofree char *holder = smtp_holder_describe (G_INET_SOCKET_ADDRESS (address));
  if (holder) {
    char *message = g_strdup_printf ("%s (held by %s)", error->message, holder);
    g_free (error->message);
    error->message = message;
  }
}

SmtpListener *
smtp_listener_new (const char *text, SmtpListenerAcceptFunc accept, gpointer user_data, GError **error)
{
  GSocketAddress *address = smtp_parse_address (text, error);
  if (!address)
    return NULL;
  GSocket *socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, error);
  gboolean ok = socket && g_socket_bind (socket, address, TRUE, error);
  if (!ok && error && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    name_holder (address, *error);
  g_object_unref (address);
  if (ok) {
    g_socket_set_listen_backlog (socket, 512);
    ok = g_socket_listen (socket, error);
  }
  if (!ok) {
    if (error && *error)
      g_prefix_error (error, "%s: ", text);
    g_clear_object (&socket);
    return NULL;
  }
  g_socket_set_blocking (socket, FALSE);

  SmtpListener *listener = g_new0 (SmtpListener, 1);
  listener->socket = socket;
  listener->accept = accept;
  listener->user_data = user_data;
  GSocketAddress *bound = g_socket_get_local_address (socket, NULL);
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (bound);
  char *ip = g_inet_address_to_string (g_inet_socket_address_get_address (inet));
  gboolean v6 = g_inet_address_get_family (g_inet_socket_address_get_address (inet)) == G_SOCKET_FAMILY_IPV6;
  listener->address = g_strdup_printf (v6 ? "[%s]:%u" : "%s:%u", ip,
                                       g_inet_socket_address_get_port (inet));
  g_free (ip);
  g_object_unref (bound);
  listener->source = smtp_socket_watch (socket, G_IO_IN, on_incoming, listener);
  return listener;
}

const char *
smtp_listener_address (SmtpListener *listener)
{
  return listener->address;
}

void
smtp_listener_stop (SmtpListener *listener)
{
  if (listener->source) {
    g_source_destroy (listener->source);
    g_source_unref (listener->source);
    listener->source = NULL;
  }
}

void
smtp_listener_free (SmtpListener *listener)
{
  if (!listener)
    return;
  smtp_listener_stop (listener);
  g_socket_close (listener->socket, NULL);
  g_object_unref (listener->socket);
  g_free (listener->address);
  g_free (listener);
}
