  /* LAB 09: write notice-envelope (README.md, task 2).
   * Decide the envelope of the notice about mail that came from
   * reverse_path: set *notice_reverse_path (what goes in its MAIL FROM:)
   * and *notice_forward_path (its RCPT TO:), and return TRUE; or return
   * FALSE when no notice may be sent at all (RFC 5321 §6.1, §4.5.5).
   * As it stands, the notice goes out as if the sender had sent it. */
  *notice_forward_path = *notice_reverse_path = reverse_path;
  return TRUE;
