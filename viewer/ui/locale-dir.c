/* locale-dir.c - the text domain and the language switch. */
#include "locale-dir.h"

#include <libintl.h>
#include <locale.h>
#include <glib.h>

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

void
smtplab_locale_init (void)
{
  char *local = build_tree_locale ();
  bindtextdomain (GETTEXT_PACKAGE, local ? local : SMTPLAB_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_free (local);
  const char *language = g_getenv ("LANGUAGE");
  current = language && g_str_has_prefix (language, "zh") ? SMTP_LANG_ZH_CN : smtp_lang_from_locale ();
}

SmtpLang
smtplab_locale_get_lang (void)
{
  return current;
}

/* honour_language - gettext ignores LANGUAGE in the "C" locale; C.UTF-8
 * (always there with glibc) speaks the same and honours it */
static void
honour_language (void)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);
  if (!messages || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
}

void
smtplab_locale_set_lang (SmtpLang lang)
{
  current = lang;
  honour_language ();
  g_setenv ("LANGUAGE", lang == SMTP_LANG_ZH_CN ? "zh_CN" : "en", TRUE);
  ++_nl_msg_cat_cntr;
}
