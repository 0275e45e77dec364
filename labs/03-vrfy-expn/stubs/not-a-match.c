  /* LAB 03: write not-a-match (README.md, task 1).
   * The reply VRFY and EXPN share when the string is not what they look
   * for (RFC 821 §3.3, §4.2.1): a forwarded user (entry->kind
   * SMTP_DIR_FORWARD: 251 "User not local; will forward to <path>"), a user
   * who moved (SMTP_DIR_MOVED: 551 "User not local; please try <path>"),
   * more than one match (SMTP_DIR_AMBIGUOUS: 553), or nothing (550).
   * entry->forward_path is the path, with its angle brackets.
   * As it stands, everything is "not found". */
  (void) entry;
  *text = g_strdup ("Not found (not_a_match is lab 03's to write)");
  return 550;
