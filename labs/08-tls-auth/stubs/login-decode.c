  /* LAB 08: write login-decode (README.md, Part 1).
   * One LOGIN message (the user name, or the password) is base64 of the
   * text: decode it with smtp_sasl_decode; a NUL inside is not text.
   * Return the text (newly allocated), or NULL.
   * As it stands, nothing is ever decoded. */
  (void) text;
  return NULL;
