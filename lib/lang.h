/* lang.h - the languages smtplab explains the protocol in. */
#ifndef SMTPLAB_LANG_H
#define SMTPLAB_LANG_H

typedef enum {
  SMTP_LANG_EN,
  SMTP_LANG_ZH_CN,
} SmtpLang;

/* The language of the current locale (LC_MESSAGES / LANG): zh* gives ZH_CN. */
SmtpLang smtp_lang_from_locale (void);

#endif
