/* tmp-folder.h - a unit test program's temporary folder: made before the
 * tests, removed with everything in it after them. */
#ifndef SMTPLAB_TEST_TMP_FOLDER_H
#define SMTPLAB_TEST_TMP_FOLDER_H

#include <stdlib.h>
#include <glib.h>

/* tmp_folder_new - a new folder /tmp/NAME-XXXXXX */
static char *
tmp_folder_new (const char *name)
{
  char *template = g_strconcat (name, "-XXXXXX", NULL);
  char *folder = g_dir_make_tmp (template, NULL);
  g_assert_nonnull (folder);
  g_free (template);
  return folder;
}

/* tmp_folder_run - g_test_run (), then folder is removed and freed */
static int
tmp_folder_run (char *folder)
{
  int status = g_test_run ();
  char *rm = g_strdup_printf ("rm -rf '%s'", folder);
  g_assert_cmpint (system (rm), ==, 0);
  g_free (rm);
  g_free (folder);
  return status;
}

#endif
