/* explain.c - reply codes and verbs explained for a student. */
#include "explain.h"

#include <string.h>

#include "reply.h"
#include "verbs.h"

/* smtp_explain_reply - a reply code digit by digit (RFC 821 §4.2.1), then
 * the reply table's meaning and the RFC section that defines it */
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

/* smtp_explain_verb - a verb's syntax, what it does, its RFC section and
 * whether the minimum implementation has it (RFC 821 §4.5.1), from the
 * verb table; NULL for a verb not in it */
char *
smtp_explain_verb (const char *verb, SmtpLang lang)
{
  const SmtpVerb *info = smtp_verb_lookup (verb);
  if (!info)
    return NULL;
  return g_strdup_printf (lang == SMTP_LANG_ZH_CN ? "%s\n%s\n（%s%s）" : "%s\n%s\n(%s%s)", info->syntax,
                          smtp_verb_summary (info, lang), info->section,
                          (info->flags & SMTP_VERB_MINIMUM) ? (lang == SMTP_LANG_ZH_CN ? "；最小实现必须支持"
                                                                   : "; part of the minimum implementation")
                                        : "");
}

/* char_width - the columns a character takes on a terminal */
static guint
char_width (gunichar c)
{
  return g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
}

/* text_width - the columns of the text from start to end */
static guint
text_width (const char *start, const char *end)
{
  guint width = 0;
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    width += char_width (g_utf8_get_char (p));
  return width;
}

/* may_break_between - may a line end between prev and c (Chinese text has
 * no spaces: a line may end between two characters, unless the second is a
 * closing mark or the first an opening one, UAX #14 classes CL, CP, EX, NS,
 * OP)? */
static gboolean
may_break_between (gunichar prev, gunichar c)
{
  if (!g_unichar_iswide (prev) && !g_unichar_iswide (c))
    return FALSE;
  switch (g_unichar_break_type (c)) {
  case G_UNICODE_BREAK_CLOSE_PUNCTUATION:
  case G_UNICODE_BREAK_CLOSE_PARANTHESIS:
  case G_UNICODE_BREAK_EXCLAMATION:
  case G_UNICODE_BREAK_NON_STARTER:
  case G_UNICODE_BREAK_INFIX_SEPARATOR:
    return FALSE;
  default:
    return g_unichar_break_type (prev) != G_UNICODE_BREAK_OPEN_PUNCTUATION;
  }
}

/* wrap_line - one line of text (no newline) onto out, wrapped */
static void
wrap_line (GString *out, const char *line, guint width)
{
  gsize indent = strspn (line, " ");
  const char *row = line;          /* where the current row starts */
  const char *end = NULL;          /* where it may end, and the next begin */
  const char *next = NULL;
  guint col = 0;
  gunichar prev = 0;
  for (const char *p = line; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    if (p >= line + indent && p > row) {
      if (c == ' ') {
        end = p;
        next = p + 1;
      } else if (prev != ' ' && may_break_between (prev, c)) {
        end = next = p;
      }
    }
    col += char_width (c);
    if (col > width && end && c != ' ') {
      const char *stop = end;
      while (stop > row && stop[-1] == ' ')
        stop--;
      g_string_append_len (out, row, stop - row);
      g_string_append_c (out, '\n');
      g_string_append_len (out, line, indent);
      while (*next == ' ')
        next++;
      row = next;
      col = indent + text_width (row, g_utf8_next_char (p));
      end = NULL;
    }
    prev = c;
  }
  g_string_append (out, row);
}

/* smtp_explain_wrap - text wrapped line by line to width columns for a
 * terminal, at spaces and between Chinese characters (0: unchanged) */
char *
smtp_explain_wrap (const char *text, guint width)
{
  if (width == 0)
    return g_strdup (text);
  GString *out = g_string_new (NULL);
  char **lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    if (i > 0)
      g_string_append_c (out, '\n');
    wrap_line (out, lines[i], width);
  }
  g_strfreev (lines);
  return g_string_free (out, FALSE);
}
