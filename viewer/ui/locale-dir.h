/* locale-dir.h - where the viewer's translations are, and which language
 * it speaks: the environment's at start (lib/lang.c decides, as for the
 * client), English or Simplified Chinese when switched in the app.  The
 * interface follows gettext; the protocol explanations come from lib/ in
 * the same language (SmtpLang).  Neither needs a zh_CN locale in the C
 * library: gettext is pointed at the language with LANGUAGE, which glibc
 * honours in the C.UTF-8 locale. */
#ifndef SMTPLAB_VIEWER_LOCALE_DIR_H
#define SMTPLAB_VIEWER_LOCALE_DIR_H

#include "lang.h"

/* Sets the locale from the environment (C.UTF-8 when the C library lacks
 * the one asked for), binds the "smtplab" text domain (to the build tree's
 * locale folder when the program runs from the build tree, else to
 * $(PREFIX)/share/locale) and speaks the environment's language
 * (smtp_lang_from_environment).  Call it before GTK starts. */
void smtplab_locale_init (void);

/* The language the viewer speaks now. */
SmtpLang smtplab_locale_get_lang (void);
/* Switches interface and explanations to lang (gettext's LANGUAGE). */
void smtplab_locale_set_lang (SmtpLang lang);

#endif
