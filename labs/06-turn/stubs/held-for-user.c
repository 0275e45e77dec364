  /* LAB 06: write held-for-user (README.md, task 2).
   * Under turn-auth=required: return the first domain of host->hold_for
   * (a NULL-terminated array) whose mail the logged-in user auth_mailbox
   * may take - smtp_directory_may_turn (host, auth_mailbox, domain) says
   * so (the user's turn-for=) - or NULL when there is none or nobody
   * logged in.  The HELO name (helo) must not matter.
   * As it stands, the HELO name decides, as RFC 821's TURN did. */
  (void) auth_mailbox;
  return smtp_turn_held_domain (host, helo);
