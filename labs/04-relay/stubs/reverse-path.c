  /* LAB 04: write reverse-path (README.md, task 2).
   * Return, as text ("<@ONE:Smith@Alpha.ARPA>"), the reverse-path with this
   * host's name (host->name) put FIRST on its route.  The null path "<>"
   * stays "<>".  smtp_path_copy, g_ptr_array_insert and
   * smtp_path_to_string do the work.
   * As it stands, the reverse-path goes on unchanged. */
  (void) host;
  return smtp_path_to_string (reverse_path);
