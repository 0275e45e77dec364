/* explain.h - a reply code or a verb explained for a student, in English or
 * Simplified Chinese, from the reply table (reply.c) and the verb table
 * (verbs.c).  The client's step mode and `explain`, and the viewer, show
 * these texts; the server's HELP uses the verb table directly.
 *
 * Interface
 *   smtp_explain_reply  a reply code: its digits, meaning and RFC section
 *   smtp_explain_verb   a verb: its syntax, what it does, its RFC section
 *   smtp_explain_wrap   such a text wrapped for a terminal
 *
 * (enhanced.h explains RFC 3463's enhanced status codes.)
 */
#ifndef SMTPLAB_EXPLAIN_H
#define SMTPLAB_EXPLAIN_H

#include <glib.h>
#include "lang.h"

/* "550: permanent negative completion (5yz), mail system (x5z)\n<meaning>
 * \n(RFC 821 §4.2.1)" - digit by digit (RFC 821 §4.2.1), then the table's
 * meaning and where the code is defined.  Newly allocated. */
char *smtp_explain_reply (guint code, SmtpLang lang);

/* "MAIL FROM:<reverse-path>\n<summary>\n(RFC 821 §3.1, §4.1.1)", or NULL
 * for a verb that is not in the table.  Newly allocated. */
char *smtp_explain_verb (const char *verb, SmtpLang lang);

/* text with each line wrapped to width columns, for a terminal: breaks at
 * spaces, and between Chinese characters (each two columns wide) but never
 * before a closing mark such as "，" or "。"; a continued line keeps the
 * line's indentation.  A word longer than width stays whole.  width 0
 * leaves text as it is.  Newly allocated. */
char *smtp_explain_wrap (const char *text, guint width);

#endif
