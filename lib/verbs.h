/* verbs.h - the verb table: one row per SMTP command, holding everything
 * the kit knows about that verb.
 *
 * Interface
 *   SmtpServerState        the receiver's states (RFC 821 §4.3 sequencing)
 *   SmtpMailMode           which verb opened a mail transaction (§3.4)
 *   SmtpVerb               one row: name, syntax, states, argument rule,
 *                          flags, handler, the state it moves to, RFC
 *                          section and explanation
 *   smtp_verb_lookup       the row of a verb
 *   smtp_verb_nth          every row in turn, RFC 821's first
 *   smtp_verb_opens_mail   MAIL, SEND, SOML, SAML; smtp_verb_for_mode back
 *   smtp_verb_summary      the explanation, in English or Chinese
 *
 * The rows live beside their handlers: RFC 821's at the top of
 * server-session.c, each extension's in its own file (server-esmtp.c,
 * server-tls.c, server-auth.c).  The server dispatches from them, its HELP
 * lists them, the client's step mode and the viewer explain from them, and
 * state-moves.c replays a dialogue's states from them.
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

/* How a command's argument is checked before its handler runs. */
typedef enum {
  SMTP_ARG_NONE,        /* must have no argument (501 otherwise) */
  SMTP_ARG_OPTIONAL,
  SMTP_ARG_REQUIRED,    /* must have one (501 otherwise) */
} SmtpArgRule;

/* What a row says about its verb, as bits. */
typedef enum {
  SMTP_VERB_MINIMUM    = 1 << 0,  /* RFC 821 §4.5.1: every receiver has it */
  SMTP_VERB_OPENS_MAIL = 1 << 1,  /* opens a mail transaction, in .mode */
  SMTP_VERB_HELLO      = 1 << 2,  /* says who the client is: the way out of GREETED */
  SMTP_VERB_BEFORE_TLS = 1 << 3,  /* allowed before STARTTLS where TLS is required (RFC 3207 §4) */
  SMTP_VERB_GROUP_LAST = 1 << 4,  /* ends a pipelined group (RFC 2920 §3.1) */
} SmtpVerbFlags;

/* The explanation of a verb for a student (verbs.c). */
typedef enum {
  SMTP_TEXT_HELO, SMTP_TEXT_MAIL, SMTP_TEXT_RCPT, SMTP_TEXT_DATA, SMTP_TEXT_RSET,
  SMTP_TEXT_SEND, SMTP_TEXT_SOML, SMTP_TEXT_SAML, SMTP_TEXT_VRFY, SMTP_TEXT_EXPN,
  SMTP_TEXT_HELP, SMTP_TEXT_NOOP, SMTP_TEXT_QUIT, SMTP_TEXT_TURN,
  SMTP_TEXT_EHLO, SMTP_TEXT_ETRN, SMTP_TEXT_STARTTLS, SMTP_TEXT_AUTH,
} SmtpVerbText;

typedef struct _SmtpServerSession SmtpServerSession;

/* One row of the verb table. */
typedef struct {
  const char *verb;            /* "MAIL" */
  const char *syntax;          /* "MAIL FROM:<reverse-path>" */
  guint allowed;               /* SmtpServerState bits where it is accepted (503 elsewhere) */
  SmtpArgRule arg;
  guint flags;                 /* SmtpVerbFlags */
  SmtpMailMode mode;           /* with SMTP_VERB_OPENS_MAIL: which transaction */
  void (*handler) (SmtpServerSession *session, const char *argument);
  SmtpServerState to;          /* the state it leads to on success; 0: stays */
  guint success, success_last; /* the replies that mean success (RFC 821 §4.3 "S") */
  const char *section;         /* "RFC 821 §3.1, §4.1.1" */
  SmtpVerbText text;           /* its explanation */
} SmtpVerb;

/* The row for verb (case-insensitive), or NULL. */
const SmtpVerb *smtp_verb_lookup (const char *verb);
/* Row i of the whole table (RFC 821's rows in the order of its §4.1.1,
 * then the extensions'), or NULL past the last. */
const SmtpVerb *smtp_verb_nth (guint i);
/* TRUE when verb opens a mail transaction (MAIL and its RFC 821 §3.4
 * variants); *mode (may be NULL) tells which. */
gboolean smtp_verb_opens_mail (const char *verb, SmtpMailMode *mode);
/* The verb that opens a mail transaction in mode ("SOML"). */
const char *smtp_verb_for_mode (SmtpMailMode mode);
/* TRUE when verb's success leads the receiver to state (DATA: the mail
 * data follows its 354). */
gboolean smtp_verb_leads_to (const char *verb, SmtpServerState state);
/* TRUE when reply code means the verb of row succeeded. */
gboolean smtp_verb_succeeded (const SmtpVerb *row, guint code);
/* What row's verb does, for a student, in lang. */
const char *smtp_verb_summary (const SmtpVerb *row, SmtpLang lang);

#endif
