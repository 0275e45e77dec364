/* smtplab-server - one host of a scenario, as a single-threaded SMTP server.
 *
 *   smtplab-server --scenario FILE|NAME --host NAME [--state DIR]
 *                  [--listen ADDR:PORT] [--trace FILE] [--certs DIR]
 *                  [--show-secrets]
 *   smtplab-server --hash-password < password
 *
 * One GMainLoop: the listening sockets, every session and every timer are
 * sources on it.  Prints "NAME ready on ADDR:PORT" once it accepts
 * connections; SIGINT/SIGTERM end every session with 421 and stop it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "host.h"
#include "kit.h"
#include "listen.h"
#include "password.h"
#include "program.h"
#include "scenario.h"

static char *opt_scenario;
static char *opt_host;
static char *opt_state = SMTP_DEFAULT_STATE;
static char *opt_listen;
static char *opt_trace;
static char *opt_certs;
static gboolean opt_hash_password;
static gboolean opt_show_secrets;

static GOptionEntry entries[] = {
  { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &opt_scenario, "Scenario file, or the name of a shipped one (esmtp, rfc821)", "FILE|NAME" },
  { "host", 'H', 0, G_OPTION_ARG_STRING, &opt_host, "Which host of the scenario to be", "NAME" },
  SMTP_OPTION_STATE (opt_state),
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen, "Listen here instead of the scenario's listen=", "ADDR:PORT" },
  SMTP_OPTION_TRACE (opt_trace, " (default STATE/HOST/trace.jsonl)"),
  { "certs", 0, 0, G_OPTION_ARG_FILENAME, &opt_certs, "Folder of the lab's certificates (default: $SMTPLAB_CERTS, else certs/ of the source tree, else ~/.local/share/smtplab/certs, made on first use)", "DIR" },
  { "hash-password", 0, 0, G_OPTION_ARG_NONE, &opt_hash_password, "Ask for a password (or read a line of stdin), print its hash for a user's password=", NULL },
  { "show-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_show_secrets, "The plaintext lesson: trace AUTH in the clear as sent, decoded (only a host with auth-plaintext=true)", NULL },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  Host *host;
  SmtpListener *listener;
  SmtpListener *tls_listener;   /* listen-tls=, RFC 8314 */
} Server;

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  Server *server = data;
  smtp_listener_stop (server->listener);
  if (server->tls_listener)
    smtp_listener_stop (server->tls_listener);
  host_shutdown (server->host);
  /* let the 421s go out, then stop */
  g_timeout_add (200, quit_loop, server->loop);
  return G_SOURCE_REMOVE;
}

static void
on_accept (GSocket *socket, gpointer data)
{
  Server *server = data;
  host_accept (server->host, socket, FALSE);
}

static void
on_accept_tls (GSocket *socket, gpointer data)
{
  Server *server = data;
  host_accept (server->host, socket, TRUE);
}

/* hash_password - --hash-password: a password in (typed twice without
 * echo at a terminal, one line from a pipe), its hash out */
static int
hash_password (void)
{
  GError *error = NULL;
  char *password = smtp_password_read (STDIN_FILENO, TRUE, &error);
  if (!password) {
    fprintf (stderr, "smtplab-server: --hash-password: %s\n", error->message);
    g_error_free (error);
    return 2;
  }
  char *hash = smtp_password_hash (password, SMTP_PASSWORD_ITERATIONS);
  printf ("%s\n", hash);
  g_free (hash);
  g_free (password);
  return 0;
}

static int
fail (const char *what)
{
  fprintf (stderr, "smtplab-server: %s\n", what);
  return 2;
}

/* server_free - whatever of server was made (at the end, or on an error) */
static void
server_free (Server *server)
{
  if (server->listener)
    smtp_listener_free (server->listener);
  if (server->tls_listener)
    smtp_listener_free (server->tls_listener);
  if (server->host)
    host_free (server->host);
  g_main_loop_unref (server->loop);
}

/* fail_free - fail (), after freeing what was made */
static int
fail_free (Server *server, GError *error)
{
  int rc = fail (error->message);
  g_error_free (error);
  server_free (server);
  return rc;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  GOptionContext *context = smtp_program_options (
      "smtplab-server", "- one host of an smtplab scenario",
      "Prints \"NAME ready on ADDR:PORT\" once it accepts connections; Ctrl-C stops it.\n"
      "Exit status: 0 stopped, 2 usage, bad scenario or state, or cannot listen.",
      entries, NULL);
  int status = smtp_program_parse (context, &argc, &argv);
  if (status >= 0)
    return status;
  if (opt_hash_password)
    return hash_password ();
  if (!opt_scenario || !opt_host)
    return fail ("--scenario FILE and --host NAME are required (see --help)");

  g_autofree char *file = smtp_kit_find_scenario (opt_scenario, &error);
  g_autoptr (SmtpScenario) scenario = file ? smtp_scenario_load (file, &error) : NULL;
  if (!scenario)
    return fail (error->message);
  const SmtpHostConfig *config = smtp_scenario_host (scenario, opt_host);
  if (!config) {
    g_autofree char *why = g_strdup_printf ("%s: no [host %s] in the scenario", file,
                                            opt_host);
    return fail (why);
  }
  signal (SIGPIPE, SIG_IGN);

  Server server = { 0 };
  server.loop = g_main_loop_new (NULL, FALSE);
  char *certs = opt_certs ? g_strdup (opt_certs) : smtp_tls_default_certs_dir ();
  if (opt_show_secrets && !config->auth_plaintext)
    fprintf (stderr, "smtplab-server: --show-secrets: [host %s] has no auth-plaintext=true, "
             "so its trace keeps AUTH masked\n", config->name);
  server.host = host_new (config, opt_state, certs, opt_trace, opt_show_secrets, &error);
  g_free (certs);
  if (!server.host)
    return fail_free (&server, g_steal_pointer (&error));
  server.listener = smtp_listener_new (opt_listen ? opt_listen : config->listen,
                                  on_accept, &server, &error);
  if (!server.listener)
    return fail_free (&server, g_steal_pointer (&error));
  if (config->listen_tls) {
    server.tls_listener = smtp_listener_new (config->listen_tls, on_accept_tls, &server, &error);
    if (!server.tls_listener)
      return fail_free (&server, g_steal_pointer (&error));
  }

  /* the handlers before "ready": whoever reads it may stop us at once */
  g_unix_signal_add (SIGINT, on_signal, &server);
  g_unix_signal_add (SIGTERM, on_signal, &server);
  printf ("%s ready on %s\n", config->name, smtp_listener_address (server.listener));
  if (server.tls_listener)
    printf ("%s TLS ready on %s\n", config->name, smtp_listener_address (server.tls_listener));
  fflush (stdout);
  g_main_loop_run (server.loop);

  server_free (&server);
  return 0;
}
