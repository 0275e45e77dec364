/* client-next.h - the sender's next step in one mail transaction (RFC 821
 * §3.1, §4.3; RFC 2920 §3.1), decided from the reply just read.
 *
 * Interface
 *   SmtpSent            which command a reply answers
 *   SmtpClientProgress  what the transaction has done so far
 *   SmtpClientNext      what the sender does next
 *   smtp_client_next    the decision
 *
 * A pure function: client-session.c sends what it says, records the
 * replies and, with PIPELINING, sends MAIL, every RCPT and DATA in one
 * write before any reply (then most replies only say "wait").
 */
#ifndef SMTPLAB_CLIENT_NEXT_H
#define SMTPLAB_CLIENT_NEXT_H

#include <glib.h>

/* The command a reply answers. */
typedef enum {
  SMTP_SENT_MAIL,       /* MAIL (SEND, SOML, SAML) FROM: */
  SMTP_SENT_RCPT,       /* RCPT TO: */
  SMTP_SENT_DATA,       /* DATA */
  SMTP_SENT_MESSAGE,    /* the mail data and its "." */
  SMTP_SENT_RSET,       /* RSET */
} SmtpSent;

typedef struct {
  gboolean pipelined;   /* MAIL, the RCPTs and DATA went out together (RFC 2920) */
  guint recipients;     /* forward-paths in the transaction */
  guint answered;       /* RCPT replies read, this one included */
  guint accepted;       /* 2yz among them (250, 251) */
} SmtpClientProgress;

/* What the sender does next. */
typedef enum {
  SMTP_NEXT_WAIT,       /* nothing: the next reply is already due */
  SMTP_NEXT_RCPT,       /* RCPT TO: the next forward-path */
  SMTP_NEXT_DATA,       /* DATA */
  SMTP_NEXT_MESSAGE,    /* the message, then "." */
  SMTP_NEXT_NO_MESSAGE, /* only ".": 354 came though no recipient was accepted */
  SMTP_NEXT_RSET,       /* RSET: no recipient was accepted */
  SMTP_NEXT_DONE,       /* the transaction is over */
} SmtpClientNext;

/* The next step after the reply code to the command sent, given progress. */
SmtpClientNext smtp_client_next (SmtpSent sent, guint code, const SmtpClientProgress *progress);

#endif
