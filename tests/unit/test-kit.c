/* test-kit.c - finding a scenario by file or by name (lib/kit.c):
 * smtplab-net rfc821 on an installed kit.  The tests' folders are in a
 * temporary folder, and $SMTPLAB_SCENARIOS names them. */
#include <glib/gstdio.h>

#include "kit.h"
#include "tmp-folder.h"

static char *tmp;      /* the tests' folders, removed at the end */

/* scenario_folder - a folder holding an empty NAME.ini for each name */
static char *
scenario_folder (const char *folder, const char *const *names)
{
  char *dir = g_build_filename (tmp, folder, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (guint i = 0; names[i]; i++) {
    char *file = g_strconcat (names[i], ".ini", NULL);
    char *path = g_build_filename (dir, file, NULL);
    g_assert_true (g_file_set_contents (path, "[scenario]\n", -1, NULL));
    g_free (path);
    g_free (file);
  }
  return dir;
}

/* found - smtp_kit_find_scenario (name), which must succeed */
static char *
found (const char *name)
{
  GError *error = NULL;
  char *path = smtp_kit_find_scenario (name, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_path_as_given (void)
{
  char *dir = scenario_folder ("here", (const char *[]) { "mine", NULL });
  char *mine = g_build_filename (dir, "mine.ini", NULL);
  char *path = found (mine);
  g_assert_cmpstr (path, ==, mine);
  g_free (path);
  /* a path that is not there is still a path: loading it says so */
  path = found ("labs/scenarios/nosuch.ini");
  g_assert_cmpstr (path, ==, "labs/scenarios/nosuch.ini");
  g_free (path);
  g_free (mine);
  g_free (dir);
}

static void
test_by_name (void)
{
  char *dir = scenario_folder ("shipped", (const char *[]) { "rfc821", "esmtp", NULL });
  g_setenv ("SMTPLAB_SCENARIOS", dir, TRUE);
  char *expected = g_build_filename (dir, "rfc821.ini", NULL);
  char *by_name = found ("rfc821");
  char *by_file_name = found ("rfc821.ini");
  g_assert_cmpstr (by_name, ==, expected);
  g_assert_cmpstr (by_file_name, ==, expected);
  g_free (by_file_name);
  g_free (by_name);
  g_free (expected);
  g_free (dir);
}

/* teacher_and_shipped - $SMTPLAB_SCENARIOS of two folders: a teacher's
 * own esmtp, then the shipped rfc821 and esmtp */
static void
teacher_and_shipped (char **teacher, char **shipped)
{
  *teacher = scenario_folder ("teacher", (const char *[]) { "esmtp", NULL });
  *shipped = scenario_folder ("shipped", (const char *[]) { "rfc821", "esmtp", NULL });
  char *both = g_strjoin (G_SEARCHPATH_SEPARATOR_S, *teacher, *shipped, NULL);
  g_setenv ("SMTPLAB_SCENARIOS", both, TRUE);
  g_free (both);
}

static void
test_first_folder_wins (void)
{
  char *teacher, *shipped;
  teacher_and_shipped (&teacher, &shipped);
  char *esmtp = found ("esmtp");
  char *rfc821 = found ("rfc821");
  g_assert_true (g_str_has_prefix (esmtp, teacher));
  g_assert_true (g_str_has_prefix (rfc821, shipped));
  g_free (rfc821);
  g_free (esmtp);
  g_free (shipped);
  g_free (teacher);
}

static void
test_unknown_name (void)
{
  char *teacher, *shipped;
  teacher_and_shipped (&teacher, &shipped);
  GError *error = NULL;
  g_assert_null (smtp_kit_find_scenario ("esmpt", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  /* one line: the name, where it looked, and the names there (each once) */
  char *expected = g_strdup_printf ("no scenario file or name esmpt (looked in %s, %s; "
                                    "the scenarios there: esmtp, rfc821)", teacher, shipped);
  g_assert_cmpstr (error->message, ==, expected);
  g_free (expected);
  g_error_free (error);
  g_free (shipped);
  g_free (teacher);
}

static void
test_installed_beside_bin (void)
{
  /* an installed kit is found from the program, not from a path compiled
   * in: PREFIX/bin/../share/smtplab/scenarios, written without the .. */
  char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *bin = g_path_get_dirname (exe);
  char *prefix = g_path_get_dirname (bin);
  char *expected = g_build_filename (prefix, "share", "smtplab", "scenarios", NULL);
  char *path = smtp_kit_path ("share/smtplab/scenarios");
  g_assert_cmpstr (path, ==, expected);
  g_free (path);
  g_free (expected);
  g_free (prefix);
  g_free (bin);
  g_free (exe);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("SMTPLAB_SCENARIOS");
  tmp = tmp_folder_new ("test-kit");
  g_test_add_func ("/kit/scenario/path-as-given", test_path_as_given);
  g_test_add_func ("/kit/scenario/by-name", test_by_name);
  g_test_add_func ("/kit/scenario/first-folder-wins", test_first_folder_wins);
  g_test_add_func ("/kit/scenario/unknown-name", test_unknown_name);
  g_test_add_func ("/kit/scenario/installed-beside-bin", test_installed_beside_bin);
  return tmp_folder_run (tmp);
}
