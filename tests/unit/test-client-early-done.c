/* test-client-early-done.c - the transaction (lib/client-session.c) stays
 * sound when the next-command decision ends it while replies are still
 * due: lab 10's students write smtp_client_next, and one that forgets
 * RFC 2920's pipelined case must cost them a check, not memory safety.
 * This file's smtp_client_next replaces lib/client-next.c's (the linker
 * takes a symbol from libsmtplab.a only when nothing defines it). */
#include "client-next.h"
#include "client-script.h"

/* smtp_client_next - a wrong decision: done at the first reply, even
 * though RCPT and DATA went out with MAIL */
SmtpClientNext
smtp_client_next (SmtpSent sent, guint code, const SmtpClientProgress *p)
{
  (void) sent;
  (void) code;
  (void) p;
  return SMTP_NEXT_DONE;
}

/* pipelined, done after MAIL's reply: RCPT's and DATA's replies are read
 * and dropped, and QUIT gets its own 221 */
static void
test_done_with_replies_due (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "550 No such user here",
    "503 No valid recipients", "221 Beta.ARPA closing", NULL };
  static const char *const one[] = { "<Jones@Beta.ARPA>", NULL };
  Script *s = run_quitting (replies, one, "Subject: x\r\n\r\nBlah\r\n", TRUE);
  g_assert_no_error (s->error);
  g_assert_cmpuint (s->outcome->mail_code, ==, 250);
  g_assert_cmpstr (s->commands->str, ==,
                   "EHLO Alpha.ARPA\r\nMAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                   "DATA\r\nQUIT\r\n");
  g_assert_cmpuint (s->quit_code, ==, 221);
  script_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-early-done/pipelined-replies-after-done", test_done_with_replies_due);
  return g_test_run ();
}
