/* test-bounce-notice.c - the undeliverable-mail notice (lib/bounce-notice.c,
 * RFC 821 §3.6, RFC 5321 §6.1). */
#include <string.h>
#include "bounce-notice.h"

#define ORIGINAL "Date: 23 Oct 81 11:22:33\r\nFrom: JOE@HOSTW.ARPA\r\n" \
                 "To: SAM@HOSTZ.ARPA\r\nSubject: lunch\r\n\r\nSam, lunch?\r\n"

/* notice - the notice about SAM as HOSTY writes it in RFC 821 §3.6 */
static char *
notice (const char *reverse_path, const char *original)
{
  GBytes *message = g_bytes_new_static (original, strlen (original));
  const SmtpBounce b = {
    .reporting_host = "HOSTY.ARPA", .reverse_path = reverse_path,
    .forward_path = "<SAM@HOSTZ.ARPA>", .remote_host = "HOSTZ.ARPA",
    .reason = "550 No Such User", .date = "Fri, 23 Oct 1981 11:22:33 +0000",
    .message = message,
  };
  GBytes *bytes = smtp_bounce_notice (&b);
  char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_bytes_unref (bytes);
  g_bytes_unref (message);
  return text;
}

/* RFC 821 §3.6: the whole notice, byte for byte */
static void
test_rfc821_example (void)
{
  char *text = notice ("<JOE@HOSTW.ARPA>", ORIGINAL);
  g_assert_cmpstr (text, ==,
                   "Date: Fri, 23 Oct 1981 11:22:33 +0000\r\n"
                   "From: SMTP@HOSTY.ARPA\r\n"
                   "To: JOE@HOSTW.ARPA\r\n"
                   "Subject: Mail System Problem\r\n"
                   "\r\n"
                   "  Sorry JOE, your message to SAM@HOSTZ.ARPA lost.\r\n"
                   "  HOSTZ.ARPA said this:\r\n"
                   "   \"550 No Such User\"\r\n"
                   "\r\n"
                   "  The header of your message was:\r\n"
                   "    Date: 23 Oct 81 11:22:33\r\n"
                   "    From: JOE@HOSTW.ARPA\r\n"
                   "    To: SAM@HOSTZ.ARPA\r\n"
                   "    Subject: lunch\r\n");
  g_free (text);
}

/* a source-routed reverse-path: the notice goes to the mailbox, no route */
static void
test_route_left_out (void)
{
  char *text = notice ("<@HOSTX.ARPA:JOE@HOSTW.ARPA>", ORIGINAL);
  g_assert_true (strstr (text, "\r\nTo: JOE@HOSTW.ARPA\r\n"));
  g_assert_true (strstr (text, "  Sorry JOE, your message"));
  g_free (text);
}

/* only the header is quoted, never the body: the sender has the message */
static void
test_body_not_quoted (void)
{
  char *text = notice ("<JOE@HOSTW.ARPA>", ORIGINAL);
  g_assert_null (strstr (text, "lunch?"));
  g_free (text);
}

/* a folded field keeps its lines, each indented */
static void
test_folded_field (void)
{
  char *text = notice ("<JOE@HOSTW.ARPA>", "Subject: a\r\n long one\r\n\r\nbody\r\n");
  g_assert_true (g_str_has_suffix (text, "was:\r\n    Subject: a\r\n     long one\r\n"));
  g_free (text);
}

/* RFC 5321 §6.1, §4.5.5: a notice goes out with MAIL FROM:<> to the reverse-path
 * as it came, route and all (RFC 821 §3.6); a notice that fails is dropped */
static void
test_envelope (void)
{
  const char *from = NULL, *to = NULL;
  g_assert_true (smtp_bounce_envelope ("<@HOSTX.ARPA:JOE@HOSTW.ARPA>", &from, &to));
  g_assert_cmpstr (from, ==, "<>");
  g_assert_cmpstr (to, ==, "<@HOSTX.ARPA:JOE@HOSTW.ARPA>");
  from = to = NULL;
  g_assert_false (smtp_bounce_envelope ("<>", &from, &to));
  g_assert_null (from);
  g_assert_null (to);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bounce-notice/rfc821-example", test_rfc821_example);
  g_test_add_func ("/bounce-notice/route-left-out", test_route_left_out);
  g_test_add_func ("/bounce-notice/body-not-quoted", test_body_not_quoted);
  g_test_add_func ("/bounce-notice/folded-field", test_folded_field);
  g_test_add_func ("/bounce-notice/envelope", test_envelope);
  return g_test_run ();
}
