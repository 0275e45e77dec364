/* reply.h - the table of SMTP reply codes (RFC 821 §4.2, RFC 5321 §4.2.3)
 * and multi-line reply formatting and parsing (RFC 821 §4.2, Appendix E).
 *
 * One table holds every code smtplab knows: its default text (the words RFC
 * 821 uses, so the examples read the same), the RFC section, and what the
 * code means in English and Simplified Chinese.  Server, client and viewer
 * all use this table; no code is spelled anywhere else.
 *
 * Interface
 *   SmtpReplyInfo              one row: code, default text, enhanced code,
 *                              RFC section, meaning in English and Chinese
 *   smtp_reply_lookup          the row of a code; smtp_reply_table: every row
 *   smtp_reply_meaning         what a code means, for a student
 *   smtp_reply_first_digit     what a reply's first digit says (how it went)
 *   smtp_reply_second_digit    what its second digit says (what it is about)
 *   smtp_reply_is_positive, _intermediate, _transient, _permanent
 *                              2yz, 3yz, 4yz, 5yz: what a sender does next
 *   smtp_enhanced_code_length  the RFC 3463 code at the start of a text
 *   smtp_reply_format          a reply as sent, one or several lines
 *   smtp_reply_format_lines    the same for a text already cut into lines
 *   smtp_reply_line_parse      one reply line as read: code, last?, text
 */
#ifndef SMTPLAB_REPLY_H
#define SMTPLAB_REPLY_H

#include <glib.h>
#include "lang.h"

typedef struct {
  guint code;               /* 220, 250, 354, ... */
  const char *text;         /* default text, e.g. "Requested mail action okay, completed" */
  const char *enhanced;     /* RFC 3463 default, "2.0.0"; NULL for 3yz (RFC 2034 §3) */
  const char *section;      /* where it is defined, e.g. "RFC 821 §4.2.1" */
  const char *meaning_en;   /* one or two sentences for a student */
  const char *meaning_zh;   /* the same in Simplified Chinese */
} SmtpReplyInfo;

/* The row for code, or NULL when the code is not in the table. */
const SmtpReplyInfo *smtp_reply_lookup (guint code);
/* Every row, in code order; *n_rows receives the count. */
const SmtpReplyInfo *smtp_reply_table (gsize *n_rows);
/* What a code means, in lang; for a code not in the table, what its first
 * two digits say (RFC 821 §4.2.1 "x" and "y" digits).  Never NULL. */
const char *smtp_reply_meaning (guint code, SmtpLang lang);
/* The meaning of the first digit (1..5) of any reply (RFC 821 §4.2.1). */
const char *smtp_reply_first_digit (guint digit, SmtpLang lang);
/* The meaning of the second digit (0..5) of any reply (RFC 821 §4.2.1). */
const char *smtp_reply_second_digit (guint digit, SmtpLang lang);

/* RFC 5321 §4.2.1 / RFC 821 §4.2.1: a sender acts on the first digit of a
 * reply, whatever the other two say (a code it has never seen included):
 * 2yz the action is done, 3yz go on (DATA's 354), 4yz try again later,
 * 5yz do not repeat it. */
gboolean smtp_reply_is_positive (guint code);      /* 2yz */
gboolean smtp_reply_is_intermediate (guint code);  /* 3yz */
gboolean smtp_reply_is_transient (guint code);     /* 4yz: try again later */
gboolean smtp_reply_is_permanent (guint code);     /* 5yz: do not repeat it */

/* RFC 3463 §2: "class.subject.detail", e.g. "5.1.1"; the length of the
 * code at the start of text followed by a space, or 0 when there is none. */
gsize smtp_enhanced_code_length (const char *text);

/* Formats a reply: "250 OK\r\n", or for several lines "250-a\r\n250 b\r\n"
 * (RFC 821 §4.2: every line but the last has '-' after the code).  text may
 * hold '\n' to separate lines; NULL uses the table's default text. */
char *smtp_reply_format (guint code, const char *text);
/* The same for a reply already cut into lines, appended to out (no line:
 * the code alone, "250 \r\n"). */
void  smtp_reply_format_lines (GString *out, guint code, const char * const *lines);

/* One line of a reply as read by a client: "250-PIPELINING" gives code 250,
 * is_last FALSE, text "PIPELINING".  FALSE if the line is not a reply line. */
gboolean smtp_reply_line_parse (const char *line, guint *code,
                                gboolean *is_last, const char **text);

#endif
