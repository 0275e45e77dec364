/* test-state.c - the state directory's layout (lib/state.c): where a
 * terminal's socket is, and whether a server runs for a host folder. */
#include "state.h"

#include <unistd.h>
#include <glib/gstdio.h>

static void
test_paths (void)
{
  char *dir = smtp_state_host_dir ("/tmp/lab", "Beta.ARPA");
  g_assert_cmpstr (dir, ==, "/tmp/lab/Beta.ARPA");
  char *sock = smtp_state_terminal_path (dir, "Jones");
  g_assert_cmpstr (sock, ==, "/tmp/lab/Beta.ARPA/terminals/Jones.sock");
  g_free (sock);
  g_free (dir);
}

/* running while the mark is held, not after; the scenario is remembered
 * as an absolute path */
static void
test_mark_running (void)
{
  char *state = g_dir_make_tmp ("test-state-XXXXXX", NULL);
  char *host = smtp_state_host_dir (state, "Beta.ARPA");
  g_assert_cmpint (g_mkdir (host, 0700), ==, 0);
  g_assert_false (smtp_state_server_running (host, NULL));
  GError *error = NULL;
  int lock = smtp_state_mark_running (host, "labs/scenarios/rfc821.ini", &error);
  g_assert_no_error (error);
  char *scenario = NULL;
  g_assert_true (smtp_state_server_running (host, &scenario));
  char *expected = g_canonicalize_filename ("labs/scenarios/rfc821.ini", NULL);
  g_assert_cmpstr (scenario, ==, expected);
  char **hosts = smtp_state_hosts (state);
  g_assert_cmpstr (hosts[0], ==, "Beta.ARPA");
  g_assert_null (hosts[1]);
  smtp_state_unmark (lock);
  g_assert_false (smtp_state_server_running (host, NULL));
  char *file = g_build_filename (host, "server.ini", NULL);
  g_unlink (file);
  g_rmdir (host);
  g_rmdir (state);
  g_free (file);
  g_strfreev (hosts);
  g_free (expected);
  g_free (scenario);
  g_free (host);
  g_free (state);
}

static void
test_mark_in_a_missing_folder (void)
{
  GError *error = NULL;
  g_assert_cmpint (smtp_state_mark_running ("/nonexistent/Beta.ARPA", NULL, &error), ==, -1);
  g_assert_cmpstr (error->message, ==,
                   "cannot write /nonexistent/Beta.ARPA/server.ini: No such file or directory");
  g_error_free (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/state/paths", test_paths);
  g_test_add_func ("/state/mark-running", test_mark_running);
  g_test_add_func ("/state/mark-in-a-missing-folder", test_mark_in_a_missing_folder);
  return g_test_run ();
}
