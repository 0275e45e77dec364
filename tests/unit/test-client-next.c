/* test-client-next.c - the sender's next step in one mail transaction
 * (lib/client-next.c, RFC 821 §3.1 and §4.3, RFC 2920 §3.1), one path per
 * rule. */
#include "client-next.h"

/* progress - n recipients, answered and accepted so far, pipelined or not */
static SmtpClientProgress
progress (gboolean pipelined, guint n, guint answered, guint accepted)
{
  SmtpClientProgress p = { pipelined, n, answered, accepted };
  return p;
}

/* §3.1: after MAIL's 250 the first RCPT; any other reply ends it */
static void
test_mail (void)
{
  SmtpClientProgress p = progress (FALSE, 2, 0, 0);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MAIL, 250, &p), ==, SMTP_NEXT_RCPT);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MAIL, 451, &p), ==, SMTP_NEXT_DONE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MAIL, 550, &p), ==, SMTP_NEXT_DONE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MAIL, 354, &p), ==, SMTP_NEXT_DONE);
}

/* §3.1: RCPT after RCPT, refused or not, until every path was given */
static void
test_rcpt_next (void)
{
  SmtpClientProgress p = progress (FALSE, 3, 1, 0);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_RCPT, 550, &p), ==, SMTP_NEXT_RCPT);
  p = progress (FALSE, 3, 2, 1);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_RCPT, 250, &p), ==, SMTP_NEXT_RCPT);
}

/* after the last RCPT: DATA when someone was accepted (251 counts) */
static void
test_rcpt_then_data (void)
{
  SmtpClientProgress p = progress (FALSE, 3, 3, 1);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_RCPT, 550, &p), ==, SMTP_NEXT_DATA);
}

/* nobody accepted: RSET ends the transaction, then done */
static void
test_rcpt_all_refused_rset (void)
{
  SmtpClientProgress p = progress (FALSE, 2, 2, 0);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_RCPT, 550, &p), ==, SMTP_NEXT_RSET);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_RSET, 250, &p), ==, SMTP_NEXT_DONE);
}

/* §4.3: DATA's 354 asks for the message; anything else ends it */
static void
test_data (void)
{
  SmtpClientProgress p = progress (FALSE, 2, 2, 2);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_DATA, 354, &p), ==, SMTP_NEXT_MESSAGE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_DATA, 451, &p), ==, SMTP_NEXT_DONE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_DATA, 503, &p), ==, SMTP_NEXT_DONE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MESSAGE, 250, &p), ==, SMTP_NEXT_DONE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MESSAGE, 452, &p), ==, SMTP_NEXT_DONE);
}

/* RFC 2920 §3.1: pipelined, MAIL, the RCPTs and DATA are out already:
 * their replies only say wait, until DATA's */
static void
test_pipelined_waits (void)
{
  SmtpClientProgress p = progress (TRUE, 2, 0, 0);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MAIL, 250, &p), ==, SMTP_NEXT_WAIT);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_MAIL, 550, &p), ==, SMTP_NEXT_WAIT);
  p = progress (TRUE, 2, 2, 0);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_RCPT, 550, &p), ==, SMTP_NEXT_WAIT);
  p = progress (TRUE, 2, 2, 1);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_DATA, 354, &p), ==, SMTP_NEXT_MESSAGE);
}

/* RFC 2920 §3.1: a 354 although no recipient was accepted: the client
 * sends no message, only the "." that ends it */
static void
test_354_with_no_recipient (void)
{
  SmtpClientProgress p = progress (TRUE, 2, 2, 0);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_DATA, 354, &p), ==, SMTP_NEXT_NO_MESSAGE);
  g_assert_cmpint (smtp_client_next (SMTP_SENT_DATA, 554, &p), ==, SMTP_NEXT_DONE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-next/mail-250-or-done", test_mail);
  g_test_add_func ("/client-next/rcpt-after-rcpt", test_rcpt_next);
  g_test_add_func ("/client-next/rcpt-then-data", test_rcpt_then_data);
  g_test_add_func ("/client-next/rcpt-all-refused-rset", test_rcpt_all_refused_rset);
  g_test_add_func ("/client-next/data-354-or-done", test_data);
  g_test_add_func ("/client-next/pipelined-waits", test_pipelined_waits);
  g_test_add_func ("/client-next/354-with-no-recipient-sends-empty-data", test_354_with_no_recipient);
  return g_test_run ();
}
