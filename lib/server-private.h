/* server-private.h - what the RFC 821 core of the receiver (server-session.c)
 * shares with the files that add ESMTP to it (server-esmtp.c, ...).
 * Not for programs: they use server-session.h.
 *
 * Interface
 *   smtp_rfc821_verbs, smtp_esmtp_verbs, smtp_tls_verbs, smtp_auth_verbs
 *                                 the parts of the verb table (verbs.h)
 *   struct _SmtpServerSession     the session's state
 *   smtp_session_enter_state      every change of state, traced
 *   smtp_session_reply, _replyf, _reply_plain   every reply, traced
 *   smtp_session_hello, _reset_transaction, _greet   shared by HELO/EHLO,
 *                                 RSET/STARTTLS, the greeting
 *   smtp_tls_*, smtp_auth_*, smtp_esmtp_*   what the extension files add
 */
#ifndef SMTPLAB_SERVER_PRIVATE_H
#define SMTPLAB_SERVER_PRIVATE_H

#include "mail-data.h"
#include "sasl.h"
#include "server-session.h"

/* The parts of the verb table (verbs.h), each beside its handlers. */
extern const SmtpVerb smtp_rfc821_verbs[];   /* server-session.c */
extern const gsize smtp_rfc821_n_verbs;
extern const SmtpVerb smtp_esmtp_verbs[];    /* server-esmtp.c */
extern const gsize smtp_esmtp_n_verbs;
extern const SmtpVerb smtp_tls_verbs[];      /* server-tls.c */
extern const gsize smtp_tls_n_verbs;
extern const SmtpVerb smtp_auth_verbs[];     /* server-auth.c */
extern const gsize smtp_auth_n_verbs;

struct _SmtpServerSession {
  SmtpConn *conn;
  const SmtpHostConfig *host;
  SmtpTrace *trace;
  SmtpServerHooks hooks;
  gpointer user_data;
  char *id;                     /* trace session id */

  SmtpServerState state;
  char *helo;                   /* the domain the client gave in HELO/EHLO */
  gboolean esmtp;               /* the client said EHLO (RFC 1869) */
  SmtpTransaction *transaction; /* NULL outside a mail transaction */
  const SmtpVerb *command;      /* the row of the verb being handled */
  guint bad_commands;           /* consecutive errors */
  gboolean storing;             /* the host has the message: stored() is due */
  char *shutdown_why;           /* a 421 waiting for the message to be stored */
  gboolean ended;               /* the connection is over */
  gboolean tls;                 /* STARTTLS (or implicit TLS) done */

  /* AUTH (server-auth.c) */
  guint auth_step;              /* a SASL exchange is going on */
  SmtpSaslCredentials auth_creds;  /* what the exchange has sent so far (sasl.h) */
  char *auth_mailbox;           /* who logged in ("alice@mail.lab.example"), or NULL */
  guint auth_failures;          /* failed logins in this session */
  guint auth_delay;             /* timer of a delayed 535 */
  guint fault_delay;            /* timer of a delay= fault (server-fault.c) */
  char *fault_verb, *fault_arg; /* the command it holds back */
  void (*fault_then) (SmtpServerSession *, const char *, const char *);

  SmtpMailData mail_data;       /* reading the mail data (RFC 821 §4.1.1 DATA) */
};

/* Moves the receiver to state to, and traces the move ("state" event:
 * from, to, and verb when a command or the end of data caused it). */
void smtp_session_enter_state (SmtpServerSession *session, SmtpServerState to,
                               const char *verb);
/* Sends a reply (text NULL = the table's default text) and traces it.  A
 * text may start with its RFC 3463 code ("2.1.0 OK"): shown after EHLO,
 * left out after HELO (server-esmtp.c). */
void smtp_session_reply (SmtpServerSession *session, guint code, const char *text);
/* The same with printf-style text. */
void smtp_session_replyf (SmtpServerSession *session, guint code,
                          const char *format, ...) G_GNUC_PRINTF (3, 4);
/* The same without enhanced status codes (the reply to EHLO itself). */
void smtp_session_reply_plain (SmtpServerSession *session, guint code, const char *text);
/* HELO and EHLO: checks domain, resets the state; replies 501 and returns
 * FALSE when the domain is malformed. */
gboolean smtp_session_hello (SmtpServerSession *session, const char *domain, gboolean esmtp);
/* Ends the mail transaction, if any (RFC 821 §4.1.1 RSET, HELO, MAIL). */
void smtp_session_reset_transaction (SmtpServerSession *session);

/* The greeting, "220 <host> <greeting>" (RFC 821 §3.5). */
void smtp_session_greet (SmtpServerSession *session);

/* STARTTLS (server-tls.c). */
/* Implicit TLS (RFC 8314): the handshake first, then the greeting. */
void smtp_tls_start_implicit (SmtpServerSession *session);

/* AUTH (server-auth.c). */
/* Is AUTH on offer now (auth=, and TLS or auth-plaintext=)? */
gboolean smtp_auth_offered (SmtpServerSession *session);
/* TRUE when AUTH lines are traced as sent, with what they say: the host
 * runs with --show-secrets (hooks.show_secrets), is marked
 * auth-plaintext=true, and this session is in the clear. */
gboolean smtp_auth_reveals (SmtpServerSession *session);
/* One client line of a SASL exchange (RFC 4954 §4), while auth_step. */
void smtp_auth_response (SmtpServerSession *session, const char *line, gsize len);

/* Faults on demand (server-fault.c, lib/fault.h). */
/* What the command (or GREETING, DATA-END, DATA-LINE) does once its reply is
 * due: called at once, or by a delay= fault when the delay is over. */
typedef void (*SmtpFaultThen) (SmtpServerSession *session, const char *verb, const char *arg);
/* Counts this arrival of verb; when the host has a fault for it, traces
 * it, acts (a reply instead, a delay before then (), or a drop) and
 * returns TRUE: the caller does nothing more.  FALSE: no fault, go on. */
gboolean smtp_session_fault (SmtpServerSession *session, const char *verb,
                             SmtpFaultThen then, const char *arg);

/* ESMTP (server-esmtp.c). */
/* RFC 2034 §3: the reply's text lines, each with its enhanced status code
 * after EHLO (the text's own, or the default for code), none after HELO. */
char **smtp_esmtp_enhance (SmtpServerSession *session, guint code, const char *text);
/* Checks MAIL's ESMTP parameters (SIZE, BODY; RFC 1869 §6, RFC 1870,
 * RFC 6152) and applies them to transaction; replies and returns FALSE on
 * a bad one. */
gboolean smtp_esmtp_mail_params (SmtpServerSession *session, GPtrArray *params,
                                 SmtpTransaction *transaction);
/* Checks RCPT's ESMTP parameters; none is supported, so any is 555. */
gboolean smtp_esmtp_rcpt_params (SmtpServerSession *session, GPtrArray *params);

#endif
