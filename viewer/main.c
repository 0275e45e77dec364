/* main.c - smtplab-viewer: the GTK 4 viewer of smtplab traces.
 *
 *   smtplab-viewer [--lang en|zh] [TRACE|STATE-DIR|CAPTURE ...]
 *   smtplab-viewer --export out.svg TRACE [--session ID] [--view ladder|headers|network]
 *   smtplab-viewer --show-secrets CAPTURE   (the plaintext lesson: AUTH decoded)
 *
 * With --export it draws the diagram into the file (SVG, PNG or PDF) and
 * exits without opening a window, so it works with no display at all.
 */
#include <stdio.h>
#include <glib/gi18n.h>

#include "application.h"
#include "cli-export.h"
#include "locale-dir.h"

static char *opt_export, *opt_session, *opt_view, *opt_lang;
static char **opt_files;
static gboolean opt_show_secrets;

static const GOptionEntry entries[] = {
  { "export", 'e', 0, G_OPTION_ARG_FILENAME, &opt_export,
    N_("Draw the diagram into FILE (.svg, .png or .pdf) and exit, without a window"), N_("FILE") },
  { "session", 's', 0, G_OPTION_ARG_STRING, &opt_session,
    N_("The session to show or export (its trace id; default: the first)"), N_("ID") },
  { "view", 0, 0, G_OPTION_ARG_STRING, &opt_view,
    N_("What to export: ladder (default), headers or network"), N_("VIEW") },
  { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang,
    N_("Speak en or zh (default: $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG)"), N_("LANG") },
  { "show-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_show_secrets,
    N_("Show AUTH that went in the clear decoded (a capture, or a server's --show-secrets trace), "
       "not masked: the plaintext lesson"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL, N_("[TRACE…]") },
  { NULL }
};

int
main (int argc, char **argv)
{
  smtplab_locale_init ();
  GOptionContext *context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Shows SMTP sessions from smtplab traces (JSON Lines), state "
                                           "directories and packet captures: ladder diagrams, "
                                           "explanations, header evolution and playback."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  GError *error = NULL;
  if (!g_option_context_parse (context, &argc, &argv, &error)) {
    fprintf (stderr, "smtplab-viewer: %s\n", error->message);
    return 2;
  }
  g_option_context_free (context);
  SmtpLang lang;
  if (opt_lang && !smtp_lang_choose (opt_lang, &lang, &error)) {
    fprintf (stderr, "smtplab-viewer: %s\n", error->message);
    return 2;
  }
  if (opt_lang)
    smtplab_locale_set_lang (lang);
  int status;
  if (opt_export)
    status = smtplab_cli_export (opt_export, (const char * const *) opt_files, opt_session, opt_view,
                                 opt_show_secrets);
  else
    status = smtplab_application_run ((const char * const *) opt_files, opt_session, opt_show_secrets);
  g_strfreev (opt_files);
  g_free (opt_export);
  g_free (opt_session);
  g_free (opt_view);
  g_free (opt_lang);
  return status;
}
