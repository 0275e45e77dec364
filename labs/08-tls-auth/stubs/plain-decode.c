  /* LAB 08: write plain-decode (README.md, Part 1).
   * RFC 4616 §2: the PLAIN message is base64 of
   *   authzid NUL authcid NUL passwd
   * (authzid may be empty; authcid may not).  Decode it (smtp_sasl_decode
   * gives the bytes, or NULL for bad base64), find the two NULs (memchr),
   * refuse a third, and set the three strings (g_strndup).
   * As it stands, no PLAIN message is ever understood. */
  (void) text;
  (void) authzid;
  (void) authcid;
  (void) password;
  return FALSE;
