/* smtplab-server - one host of a scenario, as a single-threaded SMTP server.
 *
 *   smtplab-server --scenario FILE --host NAME [--state DIR]
 *                  [--listen ADDR:PORT] [--trace FILE]
 *
 * One GMainLoop: the listening socket, every session and every timer are
 * sources on it.  Prints "NAME ready on ADDR:PORT" once it accepts
 * connections; SIGINT/SIGTERM end every session with 421 and stop it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "host.h"
#include "listen.h"
#include "scenario.h"

static char *opt_scenario;
static char *opt_host;
static char *opt_state = "smtplab-state";
static char *opt_listen;
static char *opt_trace;

static GOptionEntry entries[] = {
  { "scenario", 's', 0, G_OPTION_ARG_FILENAME, &opt_scenario, "Scenario file (GKeyFile)", "FILE" },
  { "host", 'H', 0, G_OPTION_ARG_STRING, &opt_host, "Which host of the scenario to be", "NAME" },
  { "state", 'd', 0, G_OPTION_ARG_FILENAME, &opt_state, "State directory (default ./smtplab-state)", "DIR" },
  { "listen", 'l', 0, G_OPTION_ARG_STRING, &opt_listen, "Listen here instead of the scenario's listen=", "ADDR:PORT" },
  { "trace", 't', 0, G_OPTION_ARG_FILENAME, &opt_trace, "Trace file (default STATE/HOST/trace.jsonl)", "FILE" },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  Host *host;
  SmtpListener *listener;
} Server;

static gboolean
on_signal (gpointer data)
{
  Server *server = data;
  smtp_listener_stop (server->listener);
  host_shutdown (server->host);
  /* let the 421s go out, then stop */
  g_timeout_add (200, (GSourceFunc) (void (*) (void)) g_main_loop_quit, server->loop);
  return G_SOURCE_REMOVE;
}

static void
on_accept (GSocket *socket, gpointer data)
{
  Server *server = data;
  host_accept (server->host, socket);
}

static int
fail (const char *what)
{
  fprintf (stderr, "smtplab-server: %s\n", what);
  return 2;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  GOptionContext *context = g_option_context_new ("- one host of an smtplab scenario");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  g_option_context_free (context);
  if (!opt_scenario || !opt_host)
    return fail ("--scenario FILE and --host NAME are required (see --help)");

  g_autoptr (SmtpScenario) scenario = smtp_scenario_load (opt_scenario, &error);
  if (!scenario)
    return fail (error->message);
  const SmtpHostConfig *config = smtp_scenario_host (scenario, opt_host);
  if (!config) {
    char *why = g_strdup_printf ("%s: no [host %s] in the scenario", opt_scenario, opt_host);
    return fail (why);
  }
  signal (SIGPIPE, SIG_IGN);

  Server server = { 0 };
  server.loop = g_main_loop_new (NULL, FALSE);
  server.host = host_new (config, opt_state, opt_trace, &error);
  if (!server.host)
    return fail (error->message);
  server.listener = smtp_listener_new (opt_listen ? opt_listen : config->listen,
                                  on_accept, &server, &error);
  if (!server.listener)
    return fail (error->message);

  printf ("%s ready on %s\n", config->name, smtp_listener_address (server.listener));
  fflush (stdout);
  g_unix_signal_add (SIGINT, on_signal, &server);
  g_unix_signal_add (SIGTERM, on_signal, &server);
  g_main_loop_run (server.loop);

  smtp_listener_free (server.listener);
  host_free (server.host);
  g_main_loop_unref (server.loop);
  return 0;
}
