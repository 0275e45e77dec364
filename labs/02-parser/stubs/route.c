  /* LAB 02: write route (README.md, task 3).
   * <a-d-l> ":" where <a-d-l> ::= "@" <domain> { "," "@" <domain> }, RFC 821
   * §4.1.2 and §3.6: "@ONE,@TWO:".  No "@" at *p means no route: return TRUE
   * and leave *p alone.  Otherwise add each domain, in order, to path->route
   * (g_ptr_array_add of a g_strndup) and move *p past the ":".  Errors:
   * "Syntax error in source route: bad domain", "... expected ',@' or ':'".
   * As it stands, a route is never read: "<@ONE:JOE@THREE>" is refused. */
  (void) path;
  (void) error;
  (void) p;
  return TRUE;
