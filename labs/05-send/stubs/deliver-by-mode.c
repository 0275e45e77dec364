  /* LAB 05: write deliver-by-mode (README.md, task 1).
   * Set r->kind for a local user (r->local_part) by the transaction's
   * mode, c->mode (RFC 821 §3.4, §4.1.1):
   *   SMTP_MAIL_MODE_MAIL  the mailbox (SMTP_RCPT_MAILBOX), never a terminal;
   *   SMTP_MAIL_MODE_SEND  the terminal (SMTP_RCPT_TERMINAL); a user not at
   *                        a terminal gets 450 and *text says why;
   *   SMTP_MAIL_MODE_SOML  the terminal if the user is at one, else the mailbox;
   *   SMTP_MAIL_MODE_SAML  both (SMTP_RCPT_BOTH) if at a terminal, else the mailbox.
   * c->at_terminal (r->local_part, c->user_data) says whether the user is
   * logged in.  Return 250 when the recipient is accepted.
   * As it stands, every mode delivers to the mailbox. */
  (void) c;
  (void) text;
  r->kind = SMTP_RCPT_MAILBOX;
  return 250;
