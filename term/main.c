/* smtplab-term - log a user in at a host, so SEND, SOML and SAML can reach
 * their terminal (RFC 821 §3.4).
 *
 *   smtplab-term --state DIR --host NAME USER
 *
 * Listens on DIR/NAME/terminals/USER.sock; the server writes each message
 * sent to USER there, and this program prints it.  Ctrl-C logs out.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

static char *opt_state = "smtplab-state";
static char *opt_host;

static GOptionEntry entries[] = {
  { "state", 'd', 0, G_OPTION_ARG_FILENAME, &opt_state, "State directory (default ./smtplab-state)", "DIR" },
  { "host", 'H', 0, G_OPTION_ARG_STRING, &opt_host, "The host to log in at", "NAME" },
  { NULL }
};

/* One visit of the server: read to the end, then print what came. */
typedef struct {
  GSocket *socket;
  GString *text;
} Visit;

static gboolean
on_visit_readable (GSocket *socket, GIOCondition cond, gpointer data)
{
  Visit *visit = data;
  char buf[4096];
  (void) cond;
  gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL);
  if (n > 0) {
    g_string_append_len (visit->text, buf, n);
    return G_SOURCE_CONTINUE;
  }
  if (visit->text->len > 0) {        /* an empty visit only checked we are here */
    GDateTime *now = g_date_time_new_now_local ();
    char *when = g_date_time_format (now, "%H:%M:%S");
    const char *nl = strchr (visit->text->str, '\n');
    printf ("\n--- message at %s, %.*s ---\n%s--- end of message ---\n", when,
            nl ? (int) (nl - visit->text->str) : 0, visit->text->str, nl ? nl + 1 : "");
    fflush (stdout);
    g_free (when);
    g_date_time_unref (now);
  }
  g_socket_close (socket, NULL);
  g_object_unref (visit->socket);
  g_string_free (visit->text, TRUE);
  g_free (visit);
  return G_SOURCE_REMOVE;
}

static gboolean
on_incoming (GSocket *socket, GIOCondition cond, gpointer data)
{
  (void) cond;
  (void) data;
  GSocket *client = g_socket_accept (socket, NULL, NULL);
  if (!client)
    return G_SOURCE_CONTINUE;
  g_socket_set_blocking (client, FALSE);
  Visit *visit = g_new0 (Visit, 1);
  visit->socket = client;
  visit->text = g_string_new (NULL);
  GSource *source = g_socket_create_source (client, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_visit_readable, visit, NULL);
  g_source_attach (source, NULL);
  g_source_unref (source);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  GOptionContext *context = g_option_context_new ("USER - log USER in at a host's terminal");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    fprintf (stderr, "smtplab-term: %s\n", error->message);
    return 2;
  }
  g_option_context_free (context);
  if (!opt_host || argc != 2) {
    fprintf (stderr, "smtplab-term: usage: smtplab-term --state DIR --host NAME USER\n");
    return 2;
  }
  const char *user = argv[1];
  char *dir = g_build_filename (opt_state, opt_host, "terminals", NULL);
  char *file = g_strdup_printf ("%s.sock", user);
  char *path = g_build_filename (dir, file, NULL);
  g_mkdir_with_parents (dir, 0700);
  g_unlink (path);                           /* a stale socket from a crash */

  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, &error);
  GSocketAddress *address = g_unix_socket_address_new (path);
  if (!socket || !g_socket_bind (socket, address, FALSE, &error)
      || !g_socket_listen (socket, &error)) {
    fprintf (stderr, "smtplab-term: %s: %s\n", path, error->message);
    return 1;
  }
  g_object_unref (address);
  g_socket_set_blocking (socket, FALSE);

  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_incoming, NULL, NULL);
  g_source_attach (source, NULL);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);

  printf ("%s logged in at %s; messages sent with SEND, SOML or SAML appear here\n",
          user, opt_host);
  fflush (stdout);
  g_main_loop_run (loop);

  g_unlink (path);                           /* logged out */
  printf ("%s logged out\n", user);
  g_source_destroy (source);
  g_source_unref (source);
  g_object_unref (socket);
  g_main_loop_unref (loop);
  g_free (path);
  g_free (file);
  g_free (dir);
  return 0;
}
