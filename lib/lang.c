/* lang.c - which language to explain the protocol in. */
#include "lang.h"

#include <string.h>

/* The locale variables in the order they override each other (POSIX). */
static const char *const locale_vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

gboolean
smtp_lang_parse (const char *name, SmtpLang *lang)
{
  if (!name)
    return FALSE;
  /* "zh", "zh_CN", "zh_CN.UTF-8", "zh_TW@..." : the language part before _ . @ */
  gsize len = strcspn (name, "_.@");
  if (len == 2 && g_ascii_strncasecmp (name, "zh", 2) == 0)
    *lang = SMTP_LANG_ZH_CN;
  else if ((len == 2 && g_ascii_strncasecmp (name, "en", 2) == 0)
           || (len == 1 && name[0] == 'C') || g_str_equal (name, "POSIX"))
    *lang = SMTP_LANG_EN;
  else
    return FALSE;
  return TRUE;
}

/* locale_messages - the first of LC_ALL, LC_MESSAGES, LANG that is set, or NULL */
static const char *
locale_messages (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (locale_vars); i++) {
    const char *value = g_getenv (locale_vars[i]);
    if (value && *value)
      return value;
  }
  return NULL;
}

/* from_language_list - the first entry of LANGUAGE ("fr:zh_CN:en") we speak */
static gboolean
from_language_list (const char *list, SmtpLang *lang)
{
  if (!list || !*list)
    return FALSE;
  char **entries = g_strsplit (list, ":", -1);
  gboolean found = FALSE;
  for (guint i = 0; entries[i] && !found; i++)
    found = *entries[i] && smtp_lang_parse (entries[i], lang);
  g_strfreev (entries);
  return found;
}

SmtpLang
smtp_lang_from_environment (void)
{
  const char *messages = locale_messages ();
  SmtpLang lang = SMTP_LANG_EN;
  if (messages && (g_str_equal (messages, "C") || g_str_equal (messages, "POSIX")))
    return SMTP_LANG_EN;
  if (from_language_list (g_getenv ("LANGUAGE"), &lang))
    return lang;
  if (messages && smtp_lang_parse (messages, &lang))
    return lang;
  return SMTP_LANG_EN;
}

gboolean
smtp_lang_choose (const char *option, SmtpLang *lang, GError **error)
{
  if (!option) {
    *lang = smtp_lang_from_environment ();
    return TRUE;
  }
  if (smtp_lang_parse (option, lang) && !g_str_equal (option, "C") && !g_str_equal (option, "POSIX"))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--lang %s: choose en or zh", option);
  return FALSE;
}

const char *
smtp_lang_code (SmtpLang lang)
{
  return lang == SMTP_LANG_ZH_CN ? "zh_CN" : "en";
}
