  /* LAB 03: write vrfy (README.md, task 2).
   * A host with host->vrfy FALSE tells nothing: 252 (RFC 5321 §3.5.3).
   * Otherwise look the string up (smtp_directory_lookup_string): a user
   * (SMTP_DIR_USER) is "250 Full Name <mailbox>"; a list is not a user
   * (550); anything else is not_a_match.
   * As it stands, VRFY is not implemented. */
  (void) host;
  (void) string;
  (void) not_a_match;
  *text = g_strdup ("Command not implemented: VRFY is lab 03's to write");
  return 502;
