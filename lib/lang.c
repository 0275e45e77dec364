/* lang.c - which language to explain the protocol in. */
#include "lang.h"

#include <glib.h>

SmtpLang
smtp_lang_from_locale (void)
{
  static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++) {
    const char *value = g_getenv (vars[i]);
    if (value && *value)
      return g_str_has_prefix (value, "zh") ? SMTP_LANG_ZH_CN : SMTP_LANG_EN;
  }
  return SMTP_LANG_EN;
}
