/* test-mail-data.c - the receiver's DATA reader (lib/mail-data.c): the
 * lines after "354" become the mail data (RFC 821 §4.1.1 DATA, §4.5.2),
 * ended only by <CRLF>.<CRLF> (RFC 5321 §4.1.1.4).  Each test is one
 * example of a rule. */
#include "mail-data.h"

#include <string.h>

/* add - hands one line to the reader, as the connection would */
static gboolean
add (SmtpMailData *data, const char *line, SmtpLineFlags flags)
{
  return smtp_mail_data_add_line (data, line, strlen (line), flags);
}

/* assert_collected - the mail data so far is exactly text */
static void
assert_collected (SmtpMailData *data, const char *text)
{
  char *collected = g_strndup ((const char *) data->bytes->data, data->bytes->len);
  g_assert_cmpstr (collected, ==, text);
  g_free (collected);
}

/* assert_refused - the data is refused with code */
static void
assert_refused (SmtpMailData *data, guint code)
{
  const char *text = NULL;
  g_assert_cmpuint (smtp_mail_data_refusal (data, &text), ==, code);
  g_assert_nonnull (text);
}

/* RFC 821 §4.1.1's example: two lines, then the lone "." ends the data;
 * the second line's first period is the sender's stuffing (§4.5.2) */
static void
test_rfc821_example (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 1000);
  g_assert_false (add (&data, "Blah blah blah...", 0));
  g_assert_false (add (&data, "....etc. etc. etc.", 0));
  g_assert_true (add (&data, ".", 0));
  assert_collected (&data, "Blah blah blah...\r\n...etc. etc. etc.\r\n");
  g_assert_cmpuint (data.lines, ==, 2);
  const char *text = NULL;
  g_assert_cmpuint (smtp_mail_data_refusal (&data, &text), ==, 0);
  smtp_mail_data_clear (&data);
}

/* ".." is a line holding one period, not the end (§4.5.2) */
static void
test_stuffed_period (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 1000);
  g_assert_false (add (&data, "..", 0));
  g_assert_false (add (&data, "", 0));
  g_assert_true (add (&data, ".", 0));
  assert_collected (&data, ".\r\n\r\n");
  smtp_mail_data_clear (&data);
}

/* "\n.\n" and "\r.\r" are not <CRLF>.<CRLF>: the "." is kept as text,
 * the reading goes on, and the data is refused at the real end with 554
 * (SMTP smuggling, RFC 5321 §4.1.1.4 and §2.3.8) */
static void
test_smuggled_end (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 1000);
  g_assert_false (add (&data, ".", SMTP_LINE_BARE_LF));
  g_assert_false (add (&data, ".", SMTP_LINE_BARE_CR));
  g_assert_false (add (&data, "MAIL FROM:<Smith@Alpha.ARPA>", 0));
  g_assert_true (add (&data, ".", 0));
  assert_collected (&data, ".\r\n.\r\nMAIL FROM:<Smith@Alpha.ARPA>\r\n");
  assert_refused (&data, 554);
  smtp_mail_data_clear (&data);
}

/* "\n.\r\n": the "." line has its CRLF, but the line before it ended in a
 * bare LF, so this is not <CRLF>.<CRLF>; what follows is still mail data
 * and the real end gets 554 (found by fuzz/fuzz-data.c) */
static void
test_smuggled_end_lf_crlf (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 1000);
  g_assert_false (add (&data, "first", SMTP_LINE_BARE_LF));
  g_assert_false (add (&data, ".", 0));
  g_assert_false (add (&data, "MAIL FROM:<admin@Alpha.ARPA>", 0));
  g_assert_true (add (&data, ".", 0));
  assert_collected (&data, "first\r\n.\r\nMAIL FROM:<admin@Alpha.ARPA>\r\n");
  assert_refused (&data, 554);
  smtp_mail_data_clear (&data);
}

/* The same after an over-long line: its rest ended in a bare LF, which the
 * connection tells the "." line after it; the data goes on */
static void
test_smuggled_end_after_long_line (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 10000);
  g_assert_false (add (&data, "cut short", SMTP_LINE_TOO_LONG));
  g_assert_false (add (&data, ".", SMTP_LINE_AFTER_BARE_LF));
  g_assert_false (add (&data, "MAIL FROM:<admin@Alpha.ARPA>", 0));
  g_assert_true (add (&data, ".", 0));
  assert_refused (&data, 500);
  g_assert_true (data.bare_newline);
  smtp_mail_data_clear (&data);
}

/* A NUL byte in the data is refused with 554 */
static void
test_nul (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 1000);
  g_assert_false (smtp_mail_data_add_line (&data, "a\0b", 3, SMTP_LINE_HAS_NUL));
  g_assert_true (add (&data, ".", 0));
  assert_refused (&data, 554);
  smtp_mail_data_clear (&data);
}

/* A line over 1000 octets (RFC 5321 §4.5.3.1.6) is refused with 500 */
static void
test_line_too_long (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 10000);
  g_assert_false (add (&data, "cut short", SMTP_LINE_TOO_LONG));
  g_assert_true (add (&data, ".", 0));
  assert_refused (&data, 500);
  smtp_mail_data_clear (&data);
}

/* Past max_size nothing more is kept, the reading goes on to the end and
 * the data is refused with 552 (RFC 5321 §4.5.3.1.9) */
static void
test_too_big (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 10);
  g_assert_false (add (&data, "1234567", 0));
  g_assert_false (add (&data, "89", 0));
  g_assert_false (add (&data, "x", 0));
  g_assert_true (add (&data, ".", 0));
  assert_collected (&data, "1234567\r\n");
  g_assert_cmpuint (data.lines, ==, 3);
  assert_refused (&data, 552);
  smtp_mail_data_clear (&data);
}

/* After reset the reader starts a new message with nothing remembered */
static void
test_reset (void)
{
  SmtpMailData data;
  smtp_mail_data_init (&data, 1000);
  g_assert_false (add (&data, "bad", SMTP_LINE_BARE_LF));
  smtp_mail_data_reset (&data);
  g_assert_false (add (&data, "good", 0));
  g_assert_true (add (&data, ".", 0));
  assert_collected (&data, "good\r\n");
  const char *text = NULL;
  g_assert_cmpuint (smtp_mail_data_refusal (&data, &text), ==, 0);
  smtp_mail_data_clear (&data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mail-data/rfc821-example", test_rfc821_example);
  g_test_add_func ("/mail-data/stuffed-period", test_stuffed_period);
  g_test_add_func ("/mail-data/smuggled-end", test_smuggled_end);
  g_test_add_func ("/mail-data/smuggled-end-lf-crlf", test_smuggled_end_lf_crlf);
  g_test_add_func ("/mail-data/smuggled-end-after-long-line", test_smuggled_end_after_long_line);
  g_test_add_func ("/mail-data/nul", test_nul);
  g_test_add_func ("/mail-data/line-too-long", test_line_too_long);
  g_test_add_func ("/mail-data/too-big", test_too_big);
  g_test_add_func ("/mail-data/reset", test_reset);
  return g_test_run ();
}
