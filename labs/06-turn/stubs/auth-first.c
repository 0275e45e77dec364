  /* LAB 06: write auth-first (README.md, task 1).
   * Under turn-auth=required (host->turn_auth) a client that has not logged
   * in (auth_mailbox is NULL) may not TURN: return the text of the refusal
   * (the session sends it with 530: "5.7.0 Authentication required",
   * RFC 4954 §6).  Otherwise return NULL.
   * As it stands, everyone may TURN: the impostor collects HOSTA's mail. */
  (void) host;
  (void) auth_mailbox;
  return NULL;
