  /* LAB 02: write mailbox (README.md, task 2).
   * <mailbox> ::= <local-part> "@" <domain>, RFC 821 §4.1.2.  The local part
   * is a quoted_string or a dot_string; the domain, domain() (given).  Fill
   * path->local_part and path->domain (g_strndup of what you read), move *p
   * past the domain, return TRUE.  On an error, say why with syntax_error()
   * ("Syntax error in mailbox: bad local part", "... missing '@'", "... bad
   * domain"), or a SMTP_GRAMMAR_ERROR_TOO_LONG error past
   * SMTP_LIMIT_LOCAL_PART / SMTP_LIMIT_DOMAIN (lib/smtp-limits.h).
   * As it stands, every mailbox is refused. */
  (void) p;
  (void) path;
  (void) quoted_string;
  (void) dot_string;
  return syntax_error (error, "Syntax error in mailbox: not written yet (lab 02)");
