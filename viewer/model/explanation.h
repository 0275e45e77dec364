/* explanation.h - what the explanation pane says about one row of a
 * ladder: the verb (syntax, what it does, RFC section), the reply code
 * digit by digit (RFC 821 §4.2.1), the receiver's state after the row and
 * the verbs its command table allows next.  Every text comes from the
 * shared tables in lib/ (verbs.c, reply.c, explain.c) in the language
 * asked for. */
#ifndef SMTPLAB_VIEWER_EXPLANATION_H
#define SMTPLAB_VIEWER_EXPLANATION_H

#include "ladder.h"
#include "lang.h"

typedef struct {
  char *title;          /* the row's line, e.g. "RCPT TO:<Green@Beta.ARPA>" */
  char *verb;           /* "RCPT TO:<forward-path>\n<what it does>\n(RFC 821 ...)", or NULL */
  char *reply;          /* "550: 5yz = ...; x5z = ...\n<meaning>\n(RFC 821 §4.2.1)", or NULL */
  guint code;           /* the reply's code, or 0 */
  char *first_digit;    /* what the reply's first digit says, or NULL */
  char *second_digit;   /* what its second digit says, or NULL */
  char *note;           /* for rows that are neither: what the host did, or NULL */
  SmtpServerState state;  /* the receiver's state after the row */
  char *allowed;        /* "HELO MAIL RSET ..." allowed in that state */
} SmtplabExplanation;

/* The explanation of row of ladder in lang. */
SmtplabExplanation *smtplab_explanation_new (SmtplabLadder *ladder, guint row, SmtpLang lang);
void smtplab_explanation_free (SmtplabExplanation *explanation);

#endif
