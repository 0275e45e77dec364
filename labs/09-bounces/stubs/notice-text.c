  /* LAB 09: write notice-text (README.md, task 1).
   * Append to t the lines that tell the sender what happened, each ending
   * in "\r\n": to whom the message was lost (lost, "SAM@HOSTZ.ARPA"),
   * which host said so (b->remote_host) and what it said (b->reason,
   * "550 5.1.1 No such user here") - RFC 821 §3.6 shows HOSTY's words.
   * The sender's name: rp->local_part when rp is not NULL, else to.
   * As it stands, the notice says nothing useful. */
  (void) rp;
  (void) lost;
  g_string_append (t, "  Your message could not be delivered.\r\n\r\n");
