/* test-conn.c - how a connection cuts its input into lines (lib/conn.c,
 * smtp_line_cut): at LF, CRLF removed, odd bytes flagged, over-long lines
 * cut (RFC 5321 §2.3.8, §4.5.3.1).  Each test is one example of a rule. */
#include "conn.h"

#include <string.h>

/* cut - one step on text with the command line limit (512) */
static gboolean
cut (const char *text, gboolean *discarding, SmtpLineCut *step)
{
  return smtp_line_cut ((const guint8 *) text, strlen (text), 512, discarding, step);
}

/* A line ends at CRLF; the CRLF is not part of its text */
static void
test_crlf (void)
{
  gboolean discarding = FALSE;
  SmtpLineCut step;
  g_assert_true (cut ("HELO Alpha.ARPA\r\nMAIL", &discarding, &step));
  g_assert_true (step.is_line);
  g_assert_cmpuint (step.text_len, ==, 15);
  g_assert_cmpuint (step.consumed, ==, 17);
  g_assert_cmpuint (step.flags, ==, 0);
}

/* No LF yet: nothing to hand out, the rest is still on its way */
static void
test_incomplete (void)
{
  gboolean discarding = FALSE;
  SmtpLineCut step;
  g_assert_false (cut ("MAIL FROM:<Smith@Alpha.ARPA>\r", &discarding, &step));
  g_assert_false (cut ("", &discarding, &step));
}

/* A line ended by LF alone, or holding a CR, is flagged (RFC 5321 §2.3.8) */
static void
test_bare_newlines (void)
{
  gboolean discarding = FALSE;
  SmtpLineCut step;
  g_assert_true (cut (".\n", &discarding, &step));
  g_assert_cmpuint (step.text_len, ==, 1);
  g_assert_cmpuint (step.consumed, ==, 2);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_BARE_LF);
  g_assert_true (cut ("a\r.\r\n", &discarding, &step));
  g_assert_cmpuint (step.text_len, ==, 3);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_BARE_CR);
}

/* A NUL byte is kept in the text and flagged */
static void
test_nul (void)
{
  gboolean discarding = FALSE;
  SmtpLineCut step;
  g_assert_true (smtp_line_cut ((const guint8 *) "a\0b\r\n", 5, 512, &discarding, &step));
  g_assert_cmpuint (step.text_len, ==, 3);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_HAS_NUL);
}

/* Over the limit (RFC 5321 §4.5.3.1.4: 512 with CRLF): the first 510
 * octets come out flagged, the rest up to the LF is thrown away */
static void
test_too_long (void)
{
  char *x = g_strnfill (600, 'x');
  char *text = g_strconcat (x, "\r\nQUIT\r\n", NULL);
  gboolean discarding = FALSE;
  SmtpLineCut step;
  g_assert_true (cut (text, &discarding, &step));
  g_assert_true (step.is_line);
  g_assert_cmpuint (step.text_len, ==, 510);
  g_assert_cmpuint (step.consumed, ==, 510);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_TOO_LONG);
  g_assert_true (discarding);
  g_assert_true (cut (text + 510, &discarding, &step));
  g_assert_false (step.is_line);
  g_assert_cmpuint (step.consumed, ==, 92);
  g_assert_false (discarding);
  g_assert_true (cut (text + 602, &discarding, &step));
  g_assert_cmpuint (step.text_len, ==, 4);
  g_free (text);
  g_free (x);
}

/* 510 octets and a CR that may be the start of CRLF: wait for the LF */
static void
test_limit_exactly (void)
{
  char *x = g_strnfill (510, 'x');
  char *text = g_strconcat (x, "\r", NULL);
  gboolean discarding = FALSE;
  SmtpLineCut step;
  g_assert_false (cut (text, &discarding, &step));
  g_free (text);
  g_free (x);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conn/line-cut/crlf", test_crlf);
  g_test_add_func ("/conn/line-cut/incomplete", test_incomplete);
  g_test_add_func ("/conn/line-cut/bare-newlines", test_bare_newlines);
  g_test_add_func ("/conn/line-cut/nul", test_nul);
  g_test_add_func ("/conn/line-cut/too-long", test_too_long);
  g_test_add_func ("/conn/line-cut/limit-exactly", test_limit_exactly);
  return g_test_run ();
}
