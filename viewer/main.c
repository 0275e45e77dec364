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
#include <gtk/gtk.h>

#include "application.h"
#include "cli-export.h"
#include "locale-dir.h"
#include "program.h"

static char *opt_export, *opt_session, *opt_view, *opt_lang;
static char **opt_files;
static gboolean opt_show_secrets;

static const GOptionEntry entries[] = {
  { "export", 'e', 0, G_OPTION_ARG_FILENAME, &opt_export,
    N_("Draw the diagram into FILE (.svg, .png or .pdf) and exit, without a window"), N_("FILE") },
  { "session", 0, 0, G_OPTION_ARG_STRING, &opt_session,
    N_("The session to show or export (its trace id; default: the first)"), N_("ID") },
  { "view", 0, 0, G_OPTION_ARG_STRING, &opt_view,
    N_("What to export: ladder (default), headers, network or states"), N_("VIEW") },
  { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang,
    N_("Speak en or zh (default: $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG)"), N_("LANG") },
  { "show-secrets", 0, 0, G_OPTION_ARG_NONE, &opt_show_secrets,
    N_("Show AUTH that went in the clear decoded (a capture, or a server's --show-secrets trace), "
       "not masked: the plaintext lesson"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL, N_("[TRACE…]") },
  { NULL }
};

/* no_display - why no window can open, or NULL when one can (GTK is
 * initialised then) */
static char *
no_display (void)
{
  if (gtk_init_check ())
    return NULL;
  const char *x11 = g_getenv ("DISPLAY"), *wayland = g_getenv ("WAYLAND_DISPLAY");
  if ((!x11 || !*x11) && (!wayland || !*wayland))
    return g_strdup (_("no display (DISPLAY/WAYLAND_DISPLAY unset)"));
  return g_strdup_printf (_("cannot open display %s"), wayland && *wayland ? wayland : x11);
}

int
main (int argc, char **argv)
{
  smtplab_locale_init ();
  GOptionContext *context = smtp_program_options (
      "smtplab-viewer", NULL,
      _("Shows SMTP sessions from smtplab traces (JSON Lines), state directories and packet "
        "captures: ladder diagrams, explanations, header evolution and playback.\n"
        "Exit status: 0 ok, 1 no display or a file that cannot be read or written, 2 usage."),
      entries, GETTEXT_PACKAGE);
  int status = smtp_program_parse (context, &argc, &argv);
  if (status >= 0)
    return status;
  char *why = NULL;
  SmtpLang lang;
  GError *error = NULL;
  if (opt_lang && !smtp_lang_choose (opt_lang, &lang, &error)) {
    fprintf (stderr, "smtplab-viewer: %s\n", error->message);
    g_error_free (error);
    return 2;
  }
  if (opt_lang)
    smtplab_locale_set_lang (lang);
  if (opt_export) {
    status = smtplab_cli_export (opt_export, (const char * const *) opt_files, opt_session, opt_view,
                                 opt_show_secrets);
  } else if ((why = no_display ())) {
    fprintf (stderr, "smtplab-viewer: %s; %s\n", why,
             _("use --export FILE TRACE to render without a window"));
    g_free (why);
    status = 1;
  } else {
    status = smtplab_application_run ((const char * const *) opt_files, opt_session, opt_show_secrets);
  }
  g_strfreev (opt_files);
  g_free (opt_export);
  g_free (opt_session);
  g_free (opt_view);
  g_free (opt_lang);
  return status;
}
