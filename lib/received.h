/* received.h - the clauses of a Received: trace line, taken apart for
 * display (RFC 821 §4.1.2 <time-stamp-line>, RFC 5321 §4.4 "Received:").
 *
 *   Received: from Alpha.ARPA ([127.0.0.1]) by Beta.ARPA with SMTP
 *             id 6B07... for <Jones@Beta.ARPA>; Thu, 26 Nov 2026 ...
 *
 * gives from, by, with, id, for and date, each with its text.  Comments in
 * parentheses stay with the clause they follow.  message.c writes the line;
 * this file reads it (the viewer labels each clause).
 *
 * Interface
 *   SmtpReceivedClause         one clause: keyword and text; _free frees it
 *   smtp_received_parse        a Received: field's body into its clauses
 *   smtp_received_get          the text of a clause by its keyword
 */
#ifndef SMTPLAB_RECEIVED_H
#define SMTPLAB_RECEIVED_H

#include <glib.h>

/* One clause: keyword "from", "by", "via", "with", "id", "for" or "date"
 * (the part after ';'), and its text, unfolded and trimmed. */
typedef struct {
  const char *keyword;
  char *text;
} SmtpReceivedClause;

void smtp_received_clause_free (SmtpReceivedClause *clause);

/* Splits the body of a Received: field into its clauses, in the order they
 * are written.  Text before the first keyword (seen in odd MTAs) becomes a
 * clause with keyword "". Returns a GPtrArray of SmtpReceivedClause. */
GPtrArray *smtp_received_parse (const char *value);

/* The text of the first clause with keyword, or NULL. */
const char *smtp_received_get (GPtrArray *clauses, const char *keyword);

#endif
