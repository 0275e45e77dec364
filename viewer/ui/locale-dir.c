/* locale-dir.c - the text domain and the language switch. */
#include "locale-dir.h"

#include <libintl.h>
#include <locale.h>
#include <gtk/gtk.h>

/* GNU gettext caches translations; this counter tells it they changed. */
extern int _nl_msg_cat_cntr;

static SmtpLang current;

/* build_tree_locale - the locale folder next to a program run from bin/
 * (build/locale) or build-san/bin/ (build-san/locale), or NULL */
static char *
build_tree_locale (void)
{
  static const char *const candidates[] = { "../build/locale", "../locale" };
  char *exe = g_file_read_link ("/proc/self/exe", NULL);
  char *dir = exe ? g_path_get_dirname (exe) : NULL;
  char *found = NULL;
  for (guint i = 0; dir && !found && i < G_N_ELEMENTS (candidates); i++) {
    char *path = g_build_filename (dir, candidates[i], NULL);
    char *mo = g_build_filename (path, "zh_CN", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
    if (g_file_test (mo, G_FILE_TEST_IS_REGULAR))
      found = g_canonicalize_filename (path, NULL);
    g_free (mo);
    g_free (path);
  }
  g_free (dir);
  g_free (exe);
  return found;
}

/* set_locale - the environment's locale, or C.UTF-8 when the C library
 * has not generated it (a Debian machine without zh_CN.UTF-8); and
 * LC_MESSAGES and LC_CTYPE never plain "C": glibc's gettext ignores
 * LANGUAGE there, and g_print would turn Chinese into "?", but C.UTF-8
 * (glibc >= 2.35) honours LANGUAGE, prints UTF-8 and is otherwise C */
static void
set_locale (void)
{
  static const int categories[] = { LC_MESSAGES, LC_CTYPE };
  if (!setlocale (LC_ALL, ""))
    setlocale (LC_ALL, "C.UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++) {
    const char *now = setlocale (categories[i], NULL);
    if (!now || g_str_equal (now, "C") || g_str_equal (now, "POSIX"))
      setlocale (categories[i], "C.UTF-8");
  }
  /* GTK would call setlocale (LC_ALL, "") again and undo the above */
  if (!gtk_is_initialized ())
    gtk_disable_setlocale ();
}

void
smtplab_locale_init (void)
{
  set_locale ();
  /* GLib decides once, at the first g_dgettext, whether to translate at
   * all (GtkBuilder's strings and GTK's own); asked while the default
   * domain is still "messages" it says yes, so switching from English to
   * Chinese later translates them too */
  (void) g_dgettext (GETTEXT_PACKAGE, "");
  char *local = build_tree_locale ();
  bindtextdomain (GETTEXT_PACKAGE, local ? local : SMTPLAB_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_free (local);
  smtplab_locale_set_lang (smtp_lang_from_environment ());
}

SmtpLang
smtplab_locale_get_lang (void)
{
  return current;
}

void
smtplab_locale_set_lang (SmtpLang lang)
{
  current = lang;
  /* LANGUAGE decides for gettext (and GTK's own strings); the locale stays */
  g_setenv ("LANGUAGE", smtp_lang_code (lang), TRUE);
  ++_nl_msg_cat_cntr;
}
