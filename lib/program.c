/* program.c - --version and option parsing, the same in every program. */
#include "program.h"

#include <locale.h>
#include <stdio.h>

static gboolean opt_version;

static const GOptionEntry version_entries[] = {
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL },
  G_OPTION_ENTRY_NULL
};

GOptionContext *
smtp_program_options (const char *program, const char *parameter, const char *summary,
                      const GOptionEntry *entries, const char *translation_domain)
{
  /* the terminal's character set (UTF-8: "[OPTION…]" in --help, Chinese
   * typed in step mode); messages stay as they are.  A program that chose
   * its locale already (the viewer, locale-dir.c) keeps its choice. */
  if (g_strcmp0 (setlocale (LC_CTYPE, NULL), "C") == 0)
    setlocale (LC_CTYPE, "");
  GOptionContext *context = g_option_context_new (parameter);
  g_set_prgname (program);
  if (summary)
    g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, translation_domain);
  g_option_context_add_main_entries (context, version_entries, translation_domain);
  return context;
}

int
smtp_program_parse (GOptionContext *context, int *argc, char ***argv)
{
  GError *error = NULL;
  gboolean ok = g_option_context_parse (context, argc, argv, &error);
  g_option_context_free (context);
  if (!ok) {
    fprintf (stderr, "%s: %s (see --help)\n", g_get_prgname (), error->message);
    g_error_free (error);
    return 2;
  }
  if (opt_version) {
    printf ("%s %s\n", g_get_prgname (), SMTPLAB_VERSION);
    return 0;
  }
  return -1;
}
