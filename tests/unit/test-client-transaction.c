/* test-client-transaction.c - the sender's whole mail transaction
 * (smtp_client_send_mail in lib/client-session.c) against a scripted
 * receiver on the other end of a socketpair: the receiver answers each
 * command line with the next reply of its script, on the main loop, and
 * keeps what it read.  One path per rule (RFC 821 §3.1, §4.5.2; RFC 2920). */
#include "client-script.h"

static const char *const two[] = { "<Jones@Beta.ARPA>", "<Green@Beta.ARPA>", NULL };
static const char *const one[] = { "<Jones@Beta.ARPA>", NULL };

/* RFC 821 §3.1, one command at a time: MAIL, RCPT, RCPT, DATA, the data;
 * Green refused, Jones accepted, the data taken */
static void
test_one_at_a_time (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "250 OK", "550 No such user here", "354 Start mail input",
    "250 OK", NULL };
  Script *s = run (replies, two, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_cmpstr (s->commands->str, ==,
                   "EHLO Alpha.ARPA\r\nMAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                   "RCPT TO:<Green@Beta.ARPA>\r\nDATA\r\n");
  g_assert_cmpstr (s->data->str, ==, "Subject: x\r\n\r\nBlah\r\n.\r\n");
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 0, NULL), ==, 250);
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 1, NULL), ==, 550);
  script_free (s);
}

/* RFC 2920 §3.1: with PIPELINING, MAIL, the RCPTs and DATA go out in one
 * write, before any reply */
static void
test_pipelined_group (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "250 OK", "550 No such user here",
    "354 Start mail input", "250 OK", NULL };
  Script *s = run (replies, two, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_cmpstr (s->first_read, ==, "MAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                                      "RCPT TO:<Green@Beta.ARPA>\r\nDATA\r\n");
  g_assert_cmpuint (s->outcome->final_code, ==, 250);
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 5);
  script_free (s);
}

/* §3.1: nobody accepted: no DATA, RSET ends the transaction */
static void
test_all_refused_rset (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "550 No such user here", "550 No such user here", "250 OK", NULL };
  Script *s = run (replies, two, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_true (g_str_has_suffix (s->commands->str, "RCPT TO:<Green@Beta.ARPA>\r\nRSET\r\n"));
  g_assert_cmpuint (s->outcome->data_code, ==, 0);
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 5);
  script_free (s);
}

/* RFC 2920 §3.1: pipelined, a 354 although no recipient was accepted: the
 * client ends the data at once, sending no message */
static void
test_354_with_no_recipient (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "550 No such user here",
    "354 Start mail input", "554 No valid recipients", NULL };
  Script *s = run (replies, one, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_cmpstr (s->data->str, ==, ".\r\n");
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 0, NULL), ==, 550);
  script_free (s);
}

/* §4.5.2: a line of the message that starts with "." gets one more */
static void
test_dot_stuffing (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "250 OK", "354 Start mail input", "250 OK", NULL };
  Script *s = run (replies, one, "Subject: x\r\n\r\n.\r\n..two\r\nend");
  g_assert_cmpstr (s->data->str, ==, "Subject: x\r\n\r\n..\r\n...two\r\nend\r\n.\r\n");
  script_free (s);
}

/* RFC 821 §3.8: 421 in the middle and the connection closed: the
 * recipient's fate is the 421 (try later), and the job says why it ended */
static void
test_421_mid_transaction (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "421 Beta.ARPA Service not available, closing transmission channel",
    "", NULL };
  Script *s = run (replies, one, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 0, NULL), ==, 421);
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 4);
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED);
  script_free (s);
}

/* RFC 821 §4.2: a reply line must start with three digits; RFC 5321
 * §4.5.3.1.5: and fit in 512 octets.  Either is a protocol error */
static void
test_bad_replies (void)
{
  static const char *const malformed[] = { "250 Beta.ARPA", "25O OK", NULL };
  Script *s = run (malformed, one, "x");
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_PROTOCOL);
  script_free (s);
  char *long_reply = g_strnfill (600, 'x');
  memcpy (long_reply, "250 ", 4);
  const char *const too_long[] = { "250 Beta.ARPA", long_reply, NULL };
  s = run (too_long, one, "x");
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_PROTOCOL);
  script_free (s);
  g_free (long_reply);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-transaction/one-at-a-time", test_one_at_a_time);
  g_test_add_func ("/client-transaction/pipelined-group-in-one-write", test_pipelined_group);
  g_test_add_func ("/client-transaction/all-refused-rset", test_all_refused_rset);
  g_test_add_func ("/client-transaction/354-with-no-recipient", test_354_with_no_recipient);
  g_test_add_func ("/client-transaction/dot-stuffing", test_dot_stuffing);
  g_test_add_func ("/client-transaction/421-mid-transaction", test_421_mid_transaction);
  g_test_add_func ("/client-transaction/malformed-or-long-reply", test_bad_replies);
  return g_test_run ();
}
