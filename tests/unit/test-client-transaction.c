/* test-client-transaction.c - the sender's whole mail transaction
 * (smtp_client_send_mail in lib/client-session.c) against a scripted
 * receiver on the other end of a socketpair: the receiver answers each
 * command line with the next reply of its script, on the main loop, and
 * keeps what it read.  One path per rule (RFC 821 §3.1, §4.5.2; RFC 2920),
 * then runs of transactions in one session (smtp_client_send_mails). */
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

/* RFC 2920 §3.1: in a run, the next transaction's MAIL, RCPT and DATA go
 * in the same write as the message before and its "." ("the actual
 * transfer of message content is explicitly allowed to be the first
 * command in a group") */
static void
test_run_pipelined_after_the_dot (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "250 OK", "354 Start mail input", "250 OK",
    "250 OK", "250 OK", "354 Start mail input", "250 OK", NULL };
  Script *s = run_many (replies, one, "Subject: x\r\n\r\nBlah\r\n", 2, FALSE);
  g_assert_no_error (s->error);
  g_assert_cmpuint (s->outcomes, ==, 2);
  g_assert_cmpuint (s->reads->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (s->reads, 0), ==,
                   "MAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\nDATA\r\n");
  g_assert_cmpstr (g_ptr_array_index (s->reads, 1), ==,
                   "Subject: x\r\n\r\nBlah\r\n.\r\n"
                   "MAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\nDATA\r\n");
  g_assert_cmpstr (g_ptr_array_index (s->reads, 2), ==, "Subject: x\r\n\r\nBlah\r\n.\r\n");
  g_assert_cmpuint (s->outcome->final_code, ==, 250);
  script_free (s);
}

/* RFC 5321 §4.1.4: the refused DATA left the reverse-path in place, so the
 * next transaction opens with RSET, in its group (RFC 2920 §3.1) */
static void
test_run_rset_after_refused_data (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "550 No such user here",
    "554 No valid recipients", "250 OK", "250 OK", "250 OK", "354 Start mail input",
    "250 OK", NULL };
  Script *s = run_many (replies, one, "Subject: x\r\n\r\nBlah\r\n", 2, FALSE);
  g_assert_no_error (s->error);
  g_assert_cmpuint (s->outcomes, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (s->reads, 1), ==,
                   "RSET\r\nMAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                   "DATA\r\n");
  g_assert_cmpstr (s->data->str, ==, "Subject: x\r\n\r\nBlah\r\n.\r\n");
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 0);
  script_free (s);
}

/* smtp_client_set_pipelining (FALSE): PIPELINING offered, yet one command
 * a write, each after the reply to the one before */
static void
test_run_without_pipelining (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "250 OK", "354 Start mail input", "250 OK",
    "250 OK", "250 OK", "354 Start mail input", "250 OK", NULL };
  Script *s = run_many (replies, one, "Subject: x\r\n\r\nBlah\r\n", 2, TRUE);
  g_assert_no_error (s->error);
  static const char *const writes[] = {
    "MAIL FROM:<Smith@Alpha.ARPA>\r\n", "RCPT TO:<Jones@Beta.ARPA>\r\n", "DATA\r\n",
    "Subject: x\r\n\r\nBlah\r\n.\r\n" };
  g_assert_cmpuint (s->reads->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpstr (g_ptr_array_index (s->reads, i), ==, writes[i % 4]);
  script_free (s);
}

/* the connection closes after the first message: the run ends there, its
 * last outcome carrying the error; nothing more is begun */
static void
test_run_ends_on_close (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "250 OK", "354 Start mail input", "250 OK",
    "", NULL };
  Script *s = run_many (replies, one, "Subject: x\r\n\r\nBlah\r\n", 3, FALSE);
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED);
  g_assert_cmpuint (s->outcomes, ==, 2);
  g_assert_cmpuint (s->outcome->mail_code, ==, 0);
  script_free (s);
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
  g_test_add_func ("/client-transaction/run-pipelined-after-the-dot", test_run_pipelined_after_the_dot);
  g_test_add_func ("/client-transaction/run-rset-after-refused-data", test_run_rset_after_refused_data);
  g_test_add_func ("/client-transaction/run-without-pipelining", test_run_without_pipelining);
  g_test_add_func ("/client-transaction/run-ends-on-close", test_run_ends_on_close);
  return g_test_run ();
}
