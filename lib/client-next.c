/* client-next.c - the sender's next step in a mail transaction.
 *
 * Lab 10 (labs/10-client) has students write the body of
 * smtp_client_next; the grader runs smtplab-client with it against the
 * reference server and reads the server's trace. */
#include "client-next.h"

#include "reply.h"

/* smtp_client_next - one step of the transaction, from the last reply
 * (RFC 821 §3.1 and §4.3; RFC 2920 §3.1 when pipelined) */
SmtpClientNext
smtp_client_next (SmtpSent sent, guint code, const SmtpClientProgress *p)
{
  /* LAB 10 BEGIN next-command */
  switch (sent) {
  case SMTP_SENT_MAIL:
    /* RFC 821 §4.3: MAIL "S: 250"; anything else ends the transaction */
    if (p->pipelined)
      return SMTP_NEXT_WAIT;               /* the RCPTs are on their way */
    return smtp_reply_is_positive (code) ? SMTP_NEXT_RCPT : SMTP_NEXT_DONE;
  case SMTP_SENT_RCPT:
    /* RFC 821 §3.1: RCPT once per forward-path, refused or not; then DATA
     * if anyone was accepted, else RSET: there is no one to send it to */
    if (p->pipelined)
      return SMTP_NEXT_WAIT;               /* DATA went out with the RCPTs */
    if (p->answered < p->recipients)
      return SMTP_NEXT_RCPT;
    return p->accepted > 0 ? SMTP_NEXT_DATA : SMTP_NEXT_RSET;
  case SMTP_SENT_DATA:
    /* §4.3: DATA "I: 354"; RFC 2920 §3.1: a 354 with no recipient
     * accepted (pipelined) gets an empty message at once */
    if (!smtp_reply_is_intermediate (code))
      return SMTP_NEXT_DONE;
    return p->accepted > 0 ? SMTP_NEXT_MESSAGE : SMTP_NEXT_NO_MESSAGE;
  case SMTP_SENT_MESSAGE:
  case SMTP_SENT_RSET:
    break;
  }
  return SMTP_NEXT_DONE;
  /* LAB 10 END */
}
