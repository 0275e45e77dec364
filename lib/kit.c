/* kit.c - where an smtplab program finds the kit's files (see kit.h). */
#include "kit.h"

#include <string.h>

char *
smtp_kit_path (const char *relative)
{
  char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *bin = exe ? g_path_get_dirname (exe) : g_get_current_dir ();
  char *top = g_build_filename (bin, "..", relative, NULL);
  char *path = g_canonicalize_filename (top, NULL);
  g_free (top);
  g_free (bin);
  g_free (exe);
  return path;
}

char *
smtp_kit_user_path (const char *relative)
{
  return g_build_filename (g_get_user_data_dir (), "smtplab", relative, NULL);
}

/* scenario_folders - where a scenario's name is looked up, in order */
static GPtrArray *
scenario_folders (void)
{
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("SMTPLAB_SCENARIOS");
  char **listed = g_strsplit (env ? env : "", G_SEARCHPATH_SEPARATOR_S, -1);
  for (guint i = 0; listed[i]; i++)
    if (*listed[i])
      g_ptr_array_add (folders, g_strdup (listed[i]));
  g_strfreev (listed);
  g_ptr_array_add (folders, smtp_kit_path ("labs/scenarios"));
  g_ptr_array_add (folders, smtp_kit_path ("share/smtplab/scenarios"));
  return folders;
}

/* find_in - folder/NAME or folder/NAME.ini when it is a file, else NULL */
static char *
find_in (const char *folder, const char *name)
{
  char *ini = g_strconcat (name, ".ini", NULL);
  const char *tries[] = { name, ini };
  char *found = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (tries) && !found; i++) {
    char *path = g_build_filename (folder, tries[i], NULL);
    if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      found = path;
    else
      g_free (path);
  }
  g_free (ini);
  return found;
}

/* add_names - the NAMEs of folder's NAME.ini files, each once, to names */
static void
add_names (GPtrArray *names, const char *folder)
{
  GDir *dir = g_dir_open (folder, 0, NULL);
  const char *file;
  while (dir && (file = g_dir_read_name (dir))) {
    if (!g_str_has_suffix (file, ".ini"))
      continue;
    char *name = g_strndup (file, strlen (file) - strlen (".ini"));
    if (g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
      g_free (name);
    else
      g_ptr_array_add (names, name);
  }
  if (dir)
    g_dir_close (dir);
}

/* by_name - g_ptr_array_sort's comparison of two strings */
static int
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* not_found - the one-line error for a name no folder has: the folders
 * that are there (all of them if none is) and their scenarios */
static void
not_found (GError **error, const char *name, GPtrArray *folders)
{
  GPtrArray *looked = g_ptr_array_new ();
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < folders->len; i++)
    if (g_file_test (g_ptr_array_index (folders, i), G_FILE_TEST_IS_DIR)) {
      g_ptr_array_add (looked, g_ptr_array_index (folders, i));
      add_names (names, g_ptr_array_index (folders, i));
    }
  if (looked->len == 0)
    g_ptr_array_extend (looked, folders, NULL, NULL);
  g_ptr_array_sort (names, by_name);
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (looked, NULL);
  char *where = g_strjoinv (", ", (char **) looked->pdata);
  char *known = g_strjoinv (", ", (char **) names->pdata);
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
               "no scenario file or name %s (looked in %s; the scenarios there: %s)",
               name, where, *known ? known : "none");
  g_free (known);
  g_free (where);
  g_ptr_array_unref (names);
  g_ptr_array_unref (looked);
}

char *
smtp_kit_find_scenario (const char *scenario, GError **error)
{
  if (strchr (scenario, G_DIR_SEPARATOR) || g_file_test (scenario, G_FILE_TEST_EXISTS))
    return g_strdup (scenario);
  GPtrArray *folders = scenario_folders ();
  char *found = NULL;
  for (guint i = 0; i < folders->len && !found; i++)
    found = find_in (g_ptr_array_index (folders, i), scenario);
  if (!found)
    not_found (error, scenario, folders);
  g_ptr_array_unref (folders);
  return found;
}
