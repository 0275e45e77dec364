/* lang.h - the languages smtplab explains the protocol in, and how a
 * program decides which one to use (docs/viewer.md, "Languages"). */
#ifndef SMTPLAB_LANG_H
#define SMTPLAB_LANG_H

#include <glib.h>

typedef enum {
  SMTP_LANG_EN,
  SMTP_LANG_ZH_CN,
} SmtpLang;

/* The language a name stands for: "en", "en_GB.UTF-8", "C", "POSIX",
 * "C.UTF-8" give EN; "zh", "zh_CN", "zh_CN.UTF-8" give ZH_CN.  FALSE for
 * any other name (lang untouched). */
gboolean smtp_lang_parse (const char *name, SmtpLang *lang);

/* The language the environment asks for, in this order (the order GNU
 * gettext reads them, except that LANGUAGE counts even when no locale
 * variable is set, since the C library may have no Chinese locale):
 *   1. the first of LC_ALL, LC_MESSAGES, LANG that is set, if it is
 *      exactly "C" or "POSIX": English (gettext ignores LANGUAGE then);
 *   2. LANGUAGE: its first entry (of a colon-separated list) that is
 *      English or Chinese;
 *   3. the first of LC_ALL, LC_MESSAGES, LANG that is set: zh* is Chinese;
 *   4. English. */
SmtpLang smtp_lang_from_environment (void);

/* The language for an explicit choice (a --lang option: "en", "zh",
 * "zh_CN" ...), or from the environment when option is NULL.  An unknown
 * name is a G_OPTION_ERROR_BAD_VALUE naming it. */
gboolean smtp_lang_choose (const char *option, SmtpLang *lang, GError **error);

/* "zh_CN" or "en": the name to put in LANGUAGE for lang. */
const char *smtp_lang_code (SmtpLang lang);

#endif
