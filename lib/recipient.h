/* recipient.h - what the receiver does with one forward-path: the
 * decision behind the reply to RCPT (RFC 821 §3.1, §3.2, §3.4, §3.6).
 *
 * Interface
 *   SmtpRcptKind, SmtpRecipient  an accepted forward-path, and what the
 *                                receiver promised to do with it
 *   SmtpRcptContext              the facts the decision needs
 *   smtp_rcpt_decide             250, 251, 450, 451, 550 or 551, with the
 *                                recipient filled in when accepted
 *
 * A pure function: the directory of the scenario, the transaction's mode
 * and whether the user is at a terminal come in; a reply comes out.
 */
#ifndef SMTPLAB_RECIPIENT_H
#define SMTPLAB_RECIPIENT_H

#include "grammar.h"
#include "scenario.h"
#include "verbs.h"

/* What the receiver promised to do with one accepted forward-path. */
typedef enum {
  SMTP_RCPT_MAILBOX,     /* a local user's mailbox                 */
  SMTP_RCPT_TERMINAL,    /* a local user's terminal (SEND)         */
  SMTP_RCPT_BOTH,        /* terminal and mailbox (SAML)            */
  SMTP_RCPT_LIST,        /* a local mailing list: every member     */
  SMTP_RCPT_FORWARD,     /* 251: passed on to next_path            */
  SMTP_RCPT_RELAY,       /* not ours: relayed towards next_path    */
} SmtpRcptKind;

typedef struct {
  SmtpRcptKind kind;
  SmtpPath *forward_path;   /* as the client gave it */
  char *local_part;         /* MAILBOX/TERMINAL/BOTH: the user's folder name */
  SmtpPath *next_path;      /* FORWARD/RELAY: where the mail goes next */
  GPtrArray *members;       /* LIST: char* member lines from the scenario */
} SmtpRecipient;

void smtp_recipient_free (SmtpRecipient *recipient);

/* What smtp_rcpt_decide needs to know besides the path. */
typedef struct {
  const SmtpHostConfig *host;
  SmtpMailMode mode;        /* the verb that opened the transaction */
  gboolean may_relay;       /* the client logged in, or the host relays for it */
  /* RFC 821 §3.4: is the user (a local part) at a terminal here?  Asked
   * only for SEND, SOML and SAML; NULL: nobody is. */
  gboolean (*at_terminal) (const char *local_part, gpointer user_data);
  gpointer user_data;
} SmtpRcptContext;

/* The reply code for "RCPT TO:" recipient->forward_path.  For 250 and 251
 * recipient is filled in (kind, local_part, next_path, members).  *text is
 * the reply's text, newly allocated (NULL for 250: "OK"). */
guint smtp_rcpt_decide (const SmtpRcptContext *context, SmtpRecipient *recipient, char **text);

#endif
