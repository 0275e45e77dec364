/* explain.c - reply codes and verbs explained for a student. */
#include "explain.h"

#include "reply.h"
#include "verbs.h"

char *
smtp_explain_reply (guint code, SmtpLang lang)
{
  const SmtpReplyInfo *info = smtp_reply_lookup (code);
  GString *text = g_string_new (NULL);
  gboolean zh = lang == SMTP_LANG_ZH_CN;
  /* RFC 821 §4.2.1: the first digit says how it went, the second what about */
  g_string_append_printf (text, zh ? "%u：%uyz = %s；x%uz = %s\n" : "%u: %uyz = %s; x%uz = %s\n", code,
                          code / 100, smtp_reply_first_digit (code / 100, lang), (code / 10) % 10,
                          smtp_reply_second_digit ((code / 10) % 10, lang));
  if (info)
    g_string_append_printf (text, zh ? "%s\n（%s）" : "%s\n(%s)", zh ? info->meaning_zh : info->meaning_en,
                            info->section);
  else
    g_string_append (text, lang == SMTP_LANG_ZH_CN ? "（此代码不在 smtplab 的应答表中）"
                                                   : "(a code smtplab's reply table does not list)");
  return g_string_free (text, FALSE);
}

char *
smtp_explain_verb (const char *verb, SmtpLang lang)
{
  const SmtpVerbInfo *info = smtp_verb_lookup (verb);
  if (!info)
    return NULL;
  return g_strdup_printf (lang == SMTP_LANG_ZH_CN ? "%s\n%s\n（%s%s）" : "%s\n%s\n(%s%s)", info->syntax,
                          smtp_verb_summary (info, lang), info->section,
                          info->minimum ? (lang == SMTP_LANG_ZH_CN ? "；最小实现必须支持"
                                                                   : "; part of the minimum implementation")
                                        : "");
}
