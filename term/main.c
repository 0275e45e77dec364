/* smtplab-term - log a user in at a host, so SEND, SOML and SAML can reach
 * their terminal (RFC 821 §3.4).
 *
 *   smtplab-term --state DIR --host NAME USER
 *
 * Listens on DIR/NAME/terminals/USER.sock (state.h); the server writes each
 * message sent to USER there, and this program prints it.  Ctrl-C logs out.
 * It logs in only where a message can reach: the state directory and the
 * host must exist, a server must be running for the host (it leaves its
 * scenario in DIR/NAME/server.ini), USER must be a user of the host there,
 * and nobody may be logged in as USER already (one terminal per user: a
 * second login is refused, naming the first).
 *
 * Exit status: 0 logged out, 1 cannot log in (no server, already logged in),
 * 2 bad arguments (no such state directory, host or user).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <sys/un.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>

#include "program.h"
#include "scenario.h"
#include "state.h"

enum { EXIT_CANNOT = 1, EXIT_USAGE = 2 };

static char *opt_state = SMTP_DEFAULT_STATE;
static char *opt_host;

static GOptionEntry entries[] = {
  SMTP_OPTION_STATE (opt_state),
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

/* refuse - the one-line reason a login cannot be, as an error */
static gboolean
refuse (GError **error, int status, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError **error, int status, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_IO_ERROR, status, why);
  g_free (why);
  return FALSE;
}

/* find_host_dir - the host's folder in the state directory, its name as the
 * server spelled it (hosts compare case-insensitively) */
static gboolean
find_host_dir (const char *state, const char *host, char **host_dir, GError **error)
{
  if (!g_file_test (state, G_FILE_TEST_IS_DIR))
    return refuse (error, EXIT_USAGE, "%s: no such state directory (give the --state "
                   "smtplab-server or smtplab-net was started with)", state);
  char **hosts = smtp_state_hosts (state);
  for (guint i = 0; hosts[i] && !*host_dir; i++)
    if (g_ascii_strcasecmp (hosts[i], host) == 0)
      *host_dir = smtp_state_host_dir (state, hosts[i]);
  if (!*host_dir) {
    char *known = g_strjoinv (", ", hosts);
    refuse (error, EXIT_USAGE, "no host %s in %s (%s%s)", host, state,
            hosts[0] ? "hosts there: " : "no server has run there yet", known);
    g_free (known);
  }
  g_strfreev (hosts);
  return *host_dir != NULL;
}

/* find_user - USER as the running server's scenario knows it at the host:
 * *login gets its canonical local part, the name of its socket */
static gboolean
find_user (const char *host_dir, const char *host, const char *user, char **login,
           GError **error)
{
  char *path = NULL;
  if (!smtp_state_server_running (host_dir, &path))
    return refuse (error, EXIT_CANNOT, "no smtplab-server is running for %s in %s (start "
                   "it, or smtplab-net, with --state %s)", host, opt_state, opt_state);
  if (!path)
    return refuse (error, EXIT_CANNOT, "the server of %s loaded no scenario file: "
                   "cannot tell its users", host);
  g_autoptr (SmtpScenario) scenario = smtp_scenario_load (path, error);
  g_free (path);
  if (!scenario)
    return FALSE;
  const SmtpHostConfig *config = smtp_scenario_host (scenario, host);
  if (!config)
    return refuse (error, EXIT_CANNOT, "%s: no [host %s] in the server's scenario",
                   smtp_scenario_path (scenario), host);
  g_autoptr (SmtpDirEntry) entry = smtp_directory_lookup_user (config, user);
  if (entry->kind == SMTP_DIR_USER) {
    *login = g_strdup (entry->local_part);
    return TRUE;
  }
  char **users = smtp_directory_users (config);
  char *known = g_strjoinv (", ", users);
  refuse (error, EXIT_USAGE, "no user %s at %s (users: %s)", user, config->name,
          users[0] ? known : "none");
  g_free (known);
  g_strfreev (users);
  return FALSE;
}

/* listen_as - the terminal's socket; refused when someone listens there
 * already (a socket left by a crash is taken over) */
static GSocket *
listen_as (const char *path, const char *user, const char *host, GError **error)
{
  struct sockaddr_un un;
  if (strlen (path) >= sizeof un.sun_path) {     /* unix(7): sun_path holds 108 bytes */
    refuse (error, EXIT_CANNOT, "%s: %zu bytes is too long for a socket's path (at most %zu): "
            "use a state directory with a shorter path (--state)", path, strlen (path),
            sizeof un.sun_path - 1);
    return NULL;
  }
  GSocketAddress *address = g_unix_socket_address_new (path);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_DEFAULT, error);
  GSocket *other = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL);
  if (other && g_socket_connect (other, address, NULL, NULL)) {
    /* the first terminal ignores an empty visit */
    GCredentials *who = g_socket_get_credentials (other, NULL);
    pid_t pid = who ? g_credentials_get_unix_pid (who, NULL) : -1;
    refuse (error, EXIT_CANNOT, "%s is already logged in at %s (smtplab-term, pid %d); "
            "log out there first (Ctrl-C)", user, host, (int) pid);
    g_clear_object (&who);
    g_clear_object (&socket);
  }
  g_clear_object (&other);
  if (socket) {
    g_unlink (path);                           /* a stale socket from a crash */
    if (!g_socket_bind (socket, address, FALSE, error) || !g_socket_listen (socket, error)) {
      g_prefix_error (error, "%s: ", path);
      g_clear_object (&socket);
    }
  }
  g_object_unref (address);
  return socket;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  GOptionContext *context = smtp_program_options (
      "smtplab-term", "USER - log USER in at a host's terminal",
      "Messages sent to USER with SEND, SOML or SAML (RFC 821 section 3.4) appear here.\n"
      "Exit status: 0 logged out, 1 cannot log in (no server, already logged in), 2 usage.",
      entries, NULL);
  int status = smtp_program_parse (context, &argc, &argv);
  if (status >= 0)
    return status;
  if (!opt_host || argc != 2) {
    fprintf (stderr, "smtplab-term: usage: smtplab-term --state DIR --host NAME USER\n");
    return EXIT_USAGE;
  }
  char *host_dir = NULL, *user = NULL;
  GSocket *socket = NULL;
  if (find_host_dir (opt_state, opt_host, &host_dir, &error)
      && find_user (host_dir, opt_host, argv[1], &user, &error)) {
    char *path = smtp_state_terminal_path (host_dir, user);
    char *host = g_path_get_basename (host_dir);
    socket = listen_as (path, user, host, &error);
    g_free (host);
    g_free (path);
  }
  if (!socket) {
    fprintf (stderr, "smtplab-term: %s\n", error->message);
    status = error->domain == G_IO_ERROR && error->code == EXIT_USAGE ? EXIT_USAGE : EXIT_CANNOT;
    g_error_free (error);
    g_free (host_dir);
    g_free (user);
    return status;
  }
  g_socket_set_blocking (socket, FALSE);

  GMainLoop *loop = g_main_loop_new (NULL, FALSE);
  GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);
  g_source_set_callback (source, (GSourceFunc) (void (*) (void)) on_incoming, NULL, NULL);
  g_source_attach (source, NULL);
  g_unix_signal_add (SIGINT, on_signal, loop);
  g_unix_signal_add (SIGTERM, on_signal, loop);

  char *host = g_path_get_basename (host_dir);
  printf ("%s logged in at %s; messages sent with SEND, SOML or SAML appear here\n", user, host);
  fflush (stdout);
  g_main_loop_run (loop);

  char *path = smtp_state_terminal_path (host_dir, user);
  g_unlink (path);                           /* logged out */
  printf ("%s logged out\n", user);
  g_source_destroy (source);
  g_source_unref (source);
  g_object_unref (socket);
  g_main_loop_unref (loop);
  g_free (path);
  g_free (host);
  g_free (user);
  g_free (host_dir);
  return 0;
}
