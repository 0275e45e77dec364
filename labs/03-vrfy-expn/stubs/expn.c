  /* LAB 03: write expn (README.md, task 3).
   * A host with host->expn FALSE answers 502.  A list (SMTP_DIR_LIST) is
   * one reply line per member (entry->members, a GPtrArray of strings;
   * the lines are joined with "\n" in *text), unless entry->expn_denied:
   * "550 5.7.1 Access Denied to You".  A user is not a list (550);
   * anything else is not_a_match.
   * As it stands, EXPN is not implemented. */
  (void) host;
  (void) string;
  *text = g_strdup ("Command not implemented: EXPN is lab 03's to write");
  return 502;
