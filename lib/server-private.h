/* server-private.h - what the RFC 821 core of the receiver (server-session.c)
 * shares with the files that add ESMTP to it (server-esmtp.c, ...).
 * Not for programs: they use server-session.h.
 */
#ifndef SMTPLAB_SERVER_PRIVATE_H
#define SMTPLAB_SERVER_PRIVATE_H

#include "mail-data.h"
#include "server-session.h"

/* How a command's argument is checked before its handler runs. */
typedef enum {
  SMTP_ARG_NONE,        /* must have no argument (501 otherwise) */
  SMTP_ARG_OPTIONAL,
  SMTP_ARG_REQUIRED,    /* must have one (501 otherwise) */
} SmtpArgRule;

/* One row of the command table: a verb, the states it is allowed in (503
 * otherwise), its argument rule, and the handler that does the work.  What
 * the verb means for a student is in verbs.c, under the same verb. */
typedef struct {
  const char *verb;
  guint allowed;                 /* SmtpServerState bits */
  SmtpArgRule arg;
  void (*handler) (SmtpServerSession *session, const char *argument);
} SmtpCommand;

struct _SmtpServerSession {
  SmtpConn *conn;
  const SmtpHostConfig *host;
  SmtpTrace *trace;
  SmtpServerHooks hooks;
  gpointer user_data;
  char *id;                     /* trace session id */
  int refs;                     /* the session, plus the host while storing */

  SmtpServerState state;
  char *helo;                   /* the domain the client gave in HELO/EHLO */
  gboolean esmtp;               /* the client said EHLO (RFC 1869) */
  SmtpTransaction *transaction; /* NULL outside a mail transaction */
  const char *verb;             /* the verb being handled (MAIL, SEND, ...) */
  guint bad_commands;           /* consecutive errors */
  gboolean ended;               /* the connection is over */
  gboolean tls;                 /* STARTTLS (or implicit TLS) done */

  /* AUTH (server-auth.c) */
  guint auth_step;              /* a SASL exchange is going on */
  char *auth_login;             /* LOGIN: the user name, waiting for the password */
  char *auth_mailbox;           /* who logged in ("alice@mail.lab.example"), or NULL */
  guint auth_failures;          /* failed logins in this session */
  guint auth_delay;             /* timer of a delayed 535 */

  SmtpMailData mail_data;       /* reading the mail data (RFC 821 §4.1.1 DATA) */
};

/* Sends a reply (text NULL = the table's default text) and traces it. */
void smtp_session_reply (SmtpServerSession *session, guint code, const char *text);
/* The same with printf-style text. */
void smtp_session_replyf (SmtpServerSession *session, guint code,
                          const char *format, ...) G_GNUC_PRINTF (3, 4);
/* HELO and EHLO: checks domain, resets the state; replies 501 and returns
 * FALSE when the domain is malformed. */
gboolean smtp_session_hello (SmtpServerSession *session, const char *domain, gboolean esmtp);
/* Ends the mail transaction, if any (RFC 821 §4.1.1 RSET, HELO, MAIL). */
void smtp_session_reset_transaction (SmtpServerSession *session);

/* The greeting, "220 <host> <greeting>" (RFC 821 §3.5). */
void smtp_session_greet (SmtpServerSession *session);

/* STARTTLS (server-tls.c). */
extern const SmtpCommand smtp_tls_commands[];
extern const gsize smtp_tls_n_commands;
/* Implicit TLS (RFC 8314): the handshake first, then the greeting. */
void smtp_tls_start_implicit (SmtpServerSession *session);

/* AUTH (server-auth.c). */
extern const SmtpCommand smtp_auth_commands[];
extern const gsize smtp_auth_n_commands;
/* Is AUTH on offer now (auth=, and TLS or auth-plaintext=)? */
gboolean smtp_auth_offered (SmtpServerSession *session);
/* TRUE when AUTH lines are traced as sent, with what they say: the host
 * runs with --show-secrets (hooks.show_secrets), is marked
 * auth-plaintext=true, and this session is in the clear. */
gboolean smtp_auth_reveals (SmtpServerSession *session);
/* One client line of a SASL exchange (RFC 4954 §4), while auth_step. */
void smtp_auth_response (SmtpServerSession *session, const char *line, gsize len);

/* ESMTP (server-esmtp.c). */
extern const SmtpCommand smtp_esmtp_commands[];
extern const gsize smtp_esmtp_n_commands;
/* Checks MAIL's ESMTP parameters (SIZE, BODY; RFC 1869 §6, RFC 1870,
 * RFC 6152) and applies them to transaction; replies and returns FALSE on
 * a bad one. */
gboolean smtp_esmtp_mail_params (SmtpServerSession *session, GPtrArray *params,
                                 SmtpTransaction *transaction);
/* Checks RCPT's ESMTP parameters; none is supported, so any is 555. */
gboolean smtp_esmtp_rcpt_params (SmtpServerSession *session, GPtrArray *params);

#endif
