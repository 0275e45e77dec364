  /* LAB 10 STUB: write the sender's decision here (labs/10-client/README.md,
   * the C track).  After the reply `code` to the command `sent`, given what
   * the transaction did so far (`p`), return what the sender does next
   * (RFC 821 §3.1, §4.3; RFC 2920 §3.1 when `p->pipelined`).  Delete this
   * whole stub, comment included: while the words "LAB 10 STUB" are in
   * this file, the grader grades your client.py instead.
   *
   * This stub never reads the reply: it walks MAIL, every RCPT, DATA and
   * the message whatever the server says.  Only PIPELINING is done for
   * you: MAIL, the RCPTs and DATA went out together, so until DATA's
   * reply there is nothing to send. */
  (void) code;
  if (p->pipelined && (sent == SMTP_SENT_MAIL || sent == SMTP_SENT_RCPT))
    return SMTP_NEXT_WAIT;
  switch (sent) {
  case SMTP_SENT_MAIL:
    return SMTP_NEXT_RCPT;
  case SMTP_SENT_RCPT:
    return p->answered < p->recipients ? SMTP_NEXT_RCPT : SMTP_NEXT_DATA;
  case SMTP_SENT_DATA:
    return SMTP_NEXT_MESSAGE;
  case SMTP_SENT_MESSAGE:
  case SMTP_SENT_RSET:
    break;
  }
  return SMTP_NEXT_DONE;
