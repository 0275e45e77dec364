/* smtplab-net - every host of a scenario at once.
 *
 *   smtplab-net SCENARIO --state DIR [--only HOST ...] [--private] [-- CMD ARGS...]
 *
 * SCENARIO is a file or the name of a shipped one (smtplab-net rfc821).
 *
 * Starts one smtplab-server process per [host] group (each keeps its own
 * trace in DIR/HOST/trace.jsonl), prints a table of hosts and addresses and
 * a "ready" line once all of them listen, and stops them all on Ctrl-C or
 * SIGTERM.  If one host dies, the others are stopped too.
 *
 * --private runs the whole network in a network namespace of its own
 * (private.h), with the scenario's addresses unchanged, and then gives the
 * student a shell inside it (when standard input is a terminal); with
 * "-- CMD ARGS..." it runs CMD there instead.  When the shell or CMD ends,
 * every host stops, and its exit status is smtplab-net's.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <glib-unix.h>
#include <gio/gio.h>

#include "kit.h"
#include "private.h"
#include "program.h"
#include "scenario.h"

static char *opt_state = SMTP_DEFAULT_STATE;
static char **opt_only;
static gboolean opt_show_secrets;
static gboolean opt_private;

static GOptionEntry entries[] = {
  SMTP_OPTION_STATE (opt_state),
  { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_only, "Start only this host (repeat for more)", "HOST" },
  { "private", 0, 0, G_OPTION_ARG_NONE, &opt_private, "Run the network in a private network of its own (same addresses; other labs on this machine do not collide), then a shell or CMD inside it", NULL },
  { "show-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_show_secrets, "Hosts with auth-plaintext=true trace AUTH decoded (smtplab-server --show-secrets)", NULL },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  GPtrArray *children;       /* of GSubprocess: the hosts */
  GSubprocess *command;      /* the shell or CMD run inside, while it runs */
  gboolean stopping;
  int status;
} Net;

/* stop_all - asks every host (and the command, if one still runs) to stop */
static void
stop_all (Net *net)
{
  net->stopping = TRUE;
  for (guint i = 0; i < net->children->len; i++)
    g_subprocess_send_signal (g_ptr_array_index (net->children, i), SIGTERM);
  if (net->command)
    g_subprocess_send_signal (net->command, SIGHUP);
}

/* maybe_quit - the loop ends once every host and the command have ended */
static void
maybe_quit (Net *net)
{
  if (net->children->len == 0 && !net->command)
    g_main_loop_quit (net->loop);
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
  maybe_quit (net);
}

/* on_command_exit - the shell or CMD ended: its status is ours, and the
 * hosts stop */
static void
on_command_exit (GObject *source, GAsyncResult *result, gpointer data)
{
  Net *net = data;
  GSubprocess *command = G_SUBPROCESS (source);
  g_subprocess_wait_finish (command, result, NULL);
  if (net->status == 0)
    net->status = g_subprocess_get_if_exited (command) ? g_subprocess_get_exit_status (command)
                                                       : 128 + g_subprocess_get_term_sig (command);
  g_clear_object (&net->command);
  stop_all (net);
  maybe_quit (net);
}

/* on_interrupt - Ctrl-C stops the hosts; while a shell or CMD runs it is
 * theirs to handle (the hosts stop when it ends) */
static gboolean
on_interrupt (gpointer data)
{
  Net *net = data;
  if (!net->command)
    stop_all (net);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_terminate (gpointer data)
{
  stop_all (data);
  return G_SOURCE_CONTINUE;
}

/* host_setup - in each host before it runs: a process group of its own (a
 * Ctrl-C typed in the student's shell is not for the hosts), and SIGTERM
 * when smtplab-net dies, so no host outlives it (prctl(2)) */
static void
host_setup (gpointer unused)
{
  (void) unused;
  setpgid (0, 0);
  prctl (PR_SET_PDEATHSIG, SIGTERM);
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
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, host_setup, NULL, NULL);
  GSubprocess *child = g_subprocess_launcher_spawn (launcher, error, server,
                                                    "--scenario", scenario, "--host", host,
                                                    "--state", opt_state,
                                                    show_secrets ? "--show-secrets" : NULL, NULL);
  g_object_unref (launcher);
  if (!child)
    return NULL;
  GDataInputStream *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  char *line = g_data_input_stream_read_line (out, NULL, NULL, error);
  g_object_unref (out);
  if (!line || !strstr (line, " ready on ")) {
    if (error && !*error)
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "did not start (its own message is above)");
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

/* run_inside - starts the student's shell (no argv) or argv inside the
 * network, with standard input, output and error those of smtplab-net */
static gboolean
run_inside (Net *net, char **argv, const char *title, GError **error)
{
  const char *shell = g_getenv ("SHELL");
  const char *const login[] = { shell && *shell ? shell : "/bin/sh", NULL };
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_INHERIT);
  g_subprocess_launcher_setenv (launcher, "SMTPLAB_NET", title, TRUE);
  if (!argv)
    printf ("You are inside the lab network of %s: try nc -C 127.0.0.11 2525.\n"
            "Leave with exit (or Ctrl-D): every host stops.\n", title);
  fflush (stdout);
  net->command = g_subprocess_launcher_spawnv (launcher, argv ? (const char *const *) argv : login, error);
  g_object_unref (launcher);
  if (!net->command)
    return FALSE;
  g_subprocess_wait_async (net->command, NULL, on_command_exit, net);
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  GOptionContext *context = smtp_program_options (
      "smtplab-net", "SCENARIO [-- CMD ARGS...] - start every host of a scenario (a file, or a shipped one by name: rfc821, esmtp)",
      "Prints each host and its addresses, then a \"ready\" line; Ctrl-C stops them all.\n"
      "With --private the hosts run in a network of their own, with the scenario's addresses,\n"
      "so any number of labs share one machine; then a shell (or CMD) runs inside it, and\n"
      "leaving it stops every host.\n"
      "Exit status: 0 stopped, 1 a host failed, 2 usage or bad scenario; the shell's or\n"
      "CMD's status when one ran.",
      entries, NULL);
  /* what follows "--" is the command, set apart before GLib parses the
   * options (it keeps or drops the "--" depending on what follows) */
  int dashes = 1;
  while (dashes < argc && strcmp (argv[dashes], "--") != 0)
    dashes++;
  char **command = dashes + 1 < argc ? argv + dashes + 1 : NULL;
  argc = dashes;
  int parsed = smtp_program_parse (context, &argc, &argv);
  if (parsed >= 0)
    return parsed;
  if (argc != 2) {
    fprintf (stderr, "smtplab-net: usage: smtplab-net SCENARIO --state DIR [--private] [-- CMD ARGS...]\n");
    return 2;
  }
  g_autofree char *file = smtp_kit_find_scenario (argv[1], &error);
  g_autoptr (SmtpScenario) scenario = file ? smtp_scenario_load (file, &error) : NULL;
  if (!scenario) {
    fprintf (stderr, "smtplab-net: %s\n", error->message);
    return 2;
  }
  /* before any thread: unshare(2) refuses a process that has two */
  if (opt_private && !smtp_net_enter_private (&error)) {
    fprintf (stderr, "smtplab-net: no private network: %s\n"
             "smtplab-net: running on this machine's own loopback instead, where another lab "
             "on the same addresses collides\n", error->message);
    g_clear_error (&error);
  }
  /* the server program next to this one */
  char *self = g_file_read_link ("/proc/self/exe", NULL);
  char *dir = self ? g_path_get_dirname (self) : g_strdup (".");
  char *server = g_build_filename (dir, "smtplab-server", NULL);

  Net net = { .loop = g_main_loop_new (NULL, FALSE), .children = g_ptr_array_new_with_free_func (g_object_unref) };
  /* the handlers come first: a SIGTERM right after "ready" must stop the
   * hosts, never kill this process alone (the hosts would live on) */
  g_unix_signal_add (SIGINT, on_interrupt, &net);
  g_unix_signal_add (SIGTERM, on_terminate, &net);
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
  gboolean shell = opt_private && !command && isatty (STDIN_FILENO);
  if (!net.stopping)
    printf ("ready: %u hosts of %s; %s\n", net.children->len, smtp_scenario_title (scenario),
            command ? "running the command inside" : shell ? "a shell inside" : "Ctrl-C stops them");
  fflush (stdout);
  if (!net.stopping && (command || shell) && !run_inside (&net, command, smtp_scenario_title (scenario), &error)) {
    fprintf (stderr, "smtplab-net: cannot run %s: %s\n", command ? command[0] : "a shell", error->message);
    g_clear_error (&error);
    net.status = 127;
    stop_all (&net);
  }
  if (net.children->len > 0 || net.command)
    g_main_loop_run (net.loop);

  g_ptr_array_unref (net.children);
  g_main_loop_unref (net.loop);
  g_free (server);
  g_free (dir);
  g_free (self);
  return net.status;
}
