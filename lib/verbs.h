/* verbs.h - what every SMTP command is for: the explanation table.
 *
 * One row per verb of RFC 821 §4.1.1 plus the ESMTP verbs smtplab speaks:
 * its syntax, the RFC section, whether RFC 821 §4.5.1's minimum
 * implementation requires it, and a short explanation in English and
 * Simplified Chinese.  The server's HELP, the client's `explain` and the
 * viewer all read this table.  (Which verbs a receiver accepts in which
 * state is the server-session's command table, which points here.)
 */
#ifndef SMTPLAB_VERBS_H
#define SMTPLAB_VERBS_H

#include <glib.h>
#include "lang.h"

/* Where the receiver is in the protocol (RFC 821 §4.3 sequencing). */
typedef enum {
  SMTP_STATE_GREETED    = 1 << 0,  /* 220 sent, no HELO/EHLO yet        */
  SMTP_STATE_READY      = 1 << 1,  /* HELO done, no mail transaction    */
  SMTP_STATE_MAIL       = 1 << 2,  /* MAIL/SEND/SOML/SAML: reverse-path */
  SMTP_STATE_RCPT       = 1 << 3,  /* at least one forward-path accepted */
  SMTP_STATE_DATA       = 1 << 4,  /* reading the mail data             */
  SMTP_STATE_STORING    = 1 << 5,  /* end of data seen, host storing it */
  SMTP_STATE_QUIT       = 1 << 6,  /* QUIT answered, closing            */
} SmtpServerState;

/* The name of a state, e.g. "READY". */
const char *smtp_server_state_name (SmtpServerState state);
/* The state named name ("READY"), or 0. */
SmtpServerState smtp_server_state_from_name (const char *name);

/* Which command opened the mail transaction (RFC 821 §3.1, §3.4). */
typedef enum {
  SMTP_MAIL_MODE_MAIL,   /* deliver to the mailbox                 */
  SMTP_MAIL_MODE_SEND,   /* deliver to the terminal                */
  SMTP_MAIL_MODE_SOML,   /* terminal if logged in, else mailbox    */
  SMTP_MAIL_MODE_SAML,   /* terminal if logged in, and mailbox     */
} SmtpMailMode;


typedef struct {
  const char *verb;          /* "MAIL" */
  const char *syntax;        /* "MAIL FROM:<reverse-path>" */
  const char *section;       /* "RFC 821 §3.1, §4.1.1" */
  gboolean    minimum;       /* required by RFC 821 §4.5.1 minimum implementation */
  const char *summary_en;    /* what it does, for a student */
  const char *summary_zh;
} SmtpVerbInfo;

/* The row for verb (case-insensitive), or NULL. */
const SmtpVerbInfo *smtp_verb_lookup (const char *verb);
/* Every row, in the order RFC 821 §4.1.1 lists them, ESMTP verbs after. */
const SmtpVerbInfo *smtp_verb_table (gsize *n_rows);
/* TRUE when verb opens a mail transaction (MAIL and its RFC 821 §3.4
 * variants); *mode (may be NULL) tells which. */
gboolean smtp_verb_opens_mail (const char *verb, SmtpMailMode *mode);
/* The verb that opens a mail transaction in mode ("SOML"). */
const char *smtp_verb_for_mode (SmtpMailMode mode);
/* The summary of row in lang. */
const char *smtp_verb_summary (const SmtpVerbInfo *row, SmtpLang lang);

#endif
