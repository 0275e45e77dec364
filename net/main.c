/* smtplab-net - every host of a scenario at once.
 *
 *   smtplab-net SCENARIO --state DIR [--only HOST ...]
 *
 * SCENARIO is a file or the name of a shipped one (smtplab-net rfc821).
 *
 * Starts one smtplab-server process per [host] group (each keeps its own
 * trace in DIR/HOST/trace.jsonl), prints a table of hosts and addresses and
 * a "ready" line once all of them listen, and stops them all on Ctrl-C or
 * SIGTERM.  If one host dies, the others are stopped too.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "kit.h"
#include "program.h"
#include "scenario.h"

static char *opt_state = SMTP_DEFAULT_STATE;
static char **opt_only;
static gboolean opt_show_secrets;

static GOptionEntry entries[] = {
  SMTP_OPTION_STATE (opt_state),
  { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_only, "Start only this host (repeat for more)", "HOST" },
  { "show-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_show_secrets, "Hosts with auth-plaintext=true trace AUTH decoded (smtplab-server --show-secrets)", NULL },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  GPtrArray *children;       /* of GSubprocess */
  gboolean stopping;
  int status;
} Net;

static void
stop_all (Net *net)
{
  net->stopping = TRUE;
  for (guint i = 0; i < net->children->len; i++)
    g_subprocess_send_signal (g_ptr_array_index (net->children, i), SIGTERM);
}

static void
on_child_exit (GObject *source, GAsyncResult *result, gpointer data)
{
  Net *net = data;
  GSubprocess *child = G_SUBPROCESS (source);
  g_subprocess_wait_finish (child, result, NULL);
  if (!net->stopping) {
    fprintf (stderr, "smtplab-net: a host stopped (exit %d); stopping the others\n",
             g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : -1);
    net->status = 1;
    stop_all (net);
  }
  g_ptr_array_remove (net->children, child);
  if (net->children->len == 0)
    g_main_loop_quit (net->loop);
}

static gboolean
on_signal (gpointer data)
{
  stop_all (data);
  return G_SOURCE_CONTINUE;
}

/* wanted - is host one of --only (or is there no --only)? */
static gboolean
wanted (const char *host)
{
  if (!opt_only)
    return TRUE;
  for (guint i = 0; opt_only[i]; i++)
    if (g_ascii_strcasecmp (opt_only[i], host) == 0)
      return TRUE;
  return FALSE;
}

/* start_host - one smtplab-server (with --show-secrets when
 * show_secrets); returns its "ready" address or NULL */
static char *
start_host (Net *net, const char *server, const char *scenario, const char *host, gboolean show_secrets,
            GError **error)
{
  GSubprocess *child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error, server,
                                         "--scenario", scenario, "--host", host,
                                         "--state", opt_state, show_secrets ? "--show-secrets" : NULL, NULL);
  if (!child)
    return NULL;
  GDataInputStream *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  char *line = g_data_input_stream_read_line (out, NULL, NULL, error);
  g_object_unref (out);
  if (!line || !strstr (line, " ready on ")) {
    if (error && !*error)
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s did not start", host);
    g_subprocess_force_exit (child);
    g_object_unref (child);
    g_free (line);
    return NULL;
  }
  g_ptr_array_add (net->children, child);
  g_subprocess_wait_async (child, NULL, on_child_exit, net);
  char *address = g_strdup (strrchr (line, ' ') + 1);
  g_free (line);
  return address;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  GOptionContext *context = smtp_program_options (
      "smtplab-net", "SCENARIO - start every host of a scenario (a file, or a shipped one by name: rfc821, esmtp)",
      "Prints each host and its addresses, then a \"ready\" line; Ctrl-C stops them all.\n"
      "Exit status: 0 stopped, 1 a host failed, 2 usage or bad scenario.",
      entries, NULL);
  int parsed = smtp_program_parse (context, &argc, &argv);
  if (parsed >= 0)
    return parsed;
  if (argc != 2) {
    fprintf (stderr, "smtplab-net: usage: smtplab-net SCENARIO --state DIR\n");
    return 2;
  }
  g_autofree char *file = smtp_kit_find_scenario (argv[1], &error);
  g_autoptr (SmtpScenario) scenario = file ? smtp_scenario_load (file, &error) : NULL;
  if (!scenario) {
    fprintf (stderr, "smtplab-net: %s\n", error->message);
    return 2;
  }
  /* the server program next to this one */
  char *self = g_file_read_link ("/proc/self/exe", NULL);
  char *dir = self ? g_path_get_dirname (self) : g_strdup (".");
  char *server = g_build_filename (dir, "smtplab-server", NULL);

  Net net = { .loop = g_main_loop_new (NULL, FALSE), .children = g_ptr_array_new_with_free_func (g_object_unref) };
  /* the handlers come first: a SIGTERM right after "ready" must stop the
   * hosts, never kill this process alone (the hosts would live on) */
  g_unix_signal_add (SIGINT, on_signal, &net);
  g_unix_signal_add (SIGTERM, on_signal, &net);
  GPtrArray *hosts = smtp_scenario_hosts (scenario);
  printf ("%-20s %s\n", "HOST", "LISTENS ON");
  for (guint i = 0; i < hosts->len && !net.stopping; i++) {
    const SmtpHostConfig *h = g_ptr_array_index (hosts, i);
    if (!wanted (h->name))
      continue;
    char *address = start_host (&net, server, file, h->name, opt_show_secrets && h->auth_plaintext, &error);
    if (!address) {
      fprintf (stderr, "smtplab-net: %s: %s\n", h->name, error->message);
      g_clear_error (&error);
      net.status = 1;
      stop_all (&net);
      break;
    }
    printf ("%-20s %s\n", h->name, address);
    if (h->listen_tls)                             /* RFC 8314: TLS from the first byte */
      printf ("%-20s %s (TLS)\n", "", h->listen_tls);
    g_free (address);
  }
  if (!net.stopping)
    printf ("ready: %u hosts of %s; Ctrl-C stops them\n", net.children->len,
            smtp_scenario_title (scenario));
  fflush (stdout);
  if (net.children->len > 0)
    g_main_loop_run (net.loop);

  g_ptr_array_unref (net.children);
  g_main_loop_unref (net.loop);
  g_free (server);
  g_free (dir);
  g_free (self);
  return net.status;
}
