  /* LAB 02: write dot-string (README.md, task 1).
   * <dot-string> ::= <string> | <string> "." <dot-string>, RFC 821 §4.1.2:
   * one or more characters that are not <special> (is_special), nor space,
   * nor 8-bit; "\" makes the next character ordinary.  No empty <string>:
   * "a..b", ".a" and "a." are not dot-strings.  On success move *p past it
   * and return TRUE; otherwise leave *p alone and return FALSE.
   * As it stands, no local part is ever a dot-string. */
  (void) p;
  (void) is_special;
  return FALSE;
