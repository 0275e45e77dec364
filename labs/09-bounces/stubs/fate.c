  /* LAB 09: write fate (README.md, task 3).
   * Return what the relay does with a recipient whose fate the reply code
   * decided (0 when no reply came): SMTP_RELAY_DELIVERED, SMTP_RELAY_RETRY
   * or SMTP_RELAY_BOUNCE (RFC 5321 §4.2.1: the first digit decides;
   * smtp_reply_is_positive, _is_transient and _is_permanent read it).
   * As it stands, everything that is not 2yz is retried, for ever. */
  return code / 100 == 2 ? SMTP_RELAY_DELIVERED : SMTP_RELAY_RETRY;
