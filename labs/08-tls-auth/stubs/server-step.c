  /* LAB 08: write server-step (README.md, Part 1).
   * RFC 4954 §4: a response "*" cancels (SMTP_SASL_CANCELLED).  PLAIN: one
   * message with all three credentials (smtp_sasl_plain_decode):
   * SMTP_SASL_COMPLETE, or SMTP_SASL_MALFORMED.  LOGIN: step 0 answers
   * "334 VXNlcm5hbWU6" (the user name: creds->authcid, then
   * SMTP_SASL_CONTINUE), step 1 answers "334 UGFzc3dvcmQ6" (the password:
   * creds->password, then SMTP_SASL_COMPLETE); smtp_sasl_login_decode
   * decodes each.
   * As it stands, every response is malformed. */
  (void) mechanism;
  (void) step;
  (void) response;
  (void) creds;
  return SMTP_SASL_MALFORMED;
