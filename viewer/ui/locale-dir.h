/* locale-dir.h - where the viewer's translations are, and which language
 * it speaks: the locale's at start, English or Simplified Chinese when
 * switched in the app.  The interface follows gettext; the protocol
 * explanations come from lib/ in the same language (SmtpLang). */
#ifndef SMTPLAB_VIEWER_LOCALE_DIR_H
#define SMTPLAB_VIEWER_LOCALE_DIR_H

#include "lang.h"

/* Binds the "smtplab" text domain: to the build tree's locale folder when
 * the program runs from the build tree, else to $(PREFIX)/share/locale. */
void smtplab_locale_init (void);

/* The language the viewer speaks now. */
SmtpLang smtplab_locale_get_lang (void);
/* Switches interface and explanations to lang (gettext's LANGUAGE). */
void smtplab_locale_set_lang (SmtpLang lang);

#endif
