/* test-received.c - Received: lines taken apart into clauses
 * (lib/received.c, RFC 821 §4.1.2, RFC 5321 §4.4). */
#include "received.h"

/* the line smtplab itself stamps, folded as message.c folds it */
static void
test_smtplab_line (void)
{
  GPtrArray *c = smtp_received_parse ("from ONE ([127.0.0.24])\r\n    by TWO with ESMTP id "
                                      "6B078AAF1CBD0001 for <@TWO:JOE@THREE>;\r\n"
                                      "    Thu, 26 Nov 2026 01:26:07 +0000");
  g_assert_cmpuint (c->len, ==, 6);
  g_assert_cmpstr (smtp_received_get (c, "from"), ==, "ONE ([127.0.0.24])");
  g_assert_cmpstr (smtp_received_get (c, "by"), ==, "TWO");
  g_assert_cmpstr (smtp_received_get (c, "with"), ==, "ESMTP");
  g_assert_cmpstr (smtp_received_get (c, "id"), ==, "6B078AAF1CBD0001");
  g_assert_cmpstr (smtp_received_get (c, "for"), ==, "<@TWO:JOE@THREE>");
  g_assert_cmpstr (smtp_received_get (c, "date"), ==, "Thu, 26 Nov 2026 01:26:07 +0000");
  g_ptr_array_unref (c);
}

/* Postfix writes its name in a comment after "by": the comment stays there,
 * and "for" inside a comment is not a clause */
static void
test_postfix_line (void)
{
  GPtrArray *c = smtp_received_parse ("from mail.example (mail.example [192.0.2.1])\r\n"
                                      "\tby mx.example (Postfix, for the lab) with ESMTP id 4F2A1\r\n"
                                      "\tfor <a@mx.example>; Mon, 2 Jan 2023 10:00:00 +0000 (UTC)");
  g_assert_cmpstr (smtp_received_get (c, "from"), ==, "mail.example (mail.example [192.0.2.1])");
  g_assert_cmpstr (smtp_received_get (c, "by"), ==, "mx.example (Postfix, for the lab)");
  g_assert_cmpstr (smtp_received_get (c, "for"), ==, "<a@mx.example>");
  g_assert_cmpstr (smtp_received_get (c, "date"), ==, "Mon, 2 Jan 2023 10:00:00 +0000 (UTC)");
  g_ptr_array_unref (c);
}

/* RFC 821 §4.1.2's own example: no "with", "id" or "for" */
static void
test_rfc821_line (void)
{
  GPtrArray *c = smtp_received_parse ("FROM USC-ISIF.ARPA BY BBN-UNIX.ARPA ; 18 Mar 82 19:30:00 EST");
  g_assert_cmpuint (c->len, ==, 3);
  g_assert_cmpstr (smtp_received_get (c, "from"), ==, "USC-ISIF.ARPA");
  g_assert_cmpstr (smtp_received_get (c, "by"), ==, "BBN-UNIX.ARPA");
  g_assert_null (smtp_received_get (c, "id"));
  g_ptr_array_unref (c);
}

/* something that is no Received: line at all still gives its text back */
static void
test_no_keywords (void)
{
  GPtrArray *c = smtp_received_parse ("garbage here");
  g_assert_cmpuint (c->len, ==, 1);
  SmtpReceivedClause *first = g_ptr_array_index (c, 0);
  g_assert_cmpstr (first->keyword, ==, "");
  g_assert_cmpstr (first->text, ==, "garbage here");
  g_ptr_array_unref (c);
  c = smtp_received_parse ("");
  g_assert_cmpuint (c->len, ==, 0);
  g_ptr_array_unref (c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/received/smtplab-line", test_smtplab_line);
  g_test_add_func ("/received/postfix-comment", test_postfix_line);
  g_test_add_func ("/received/rfc821-example", test_rfc821_line);
  g_test_add_func ("/received/no-keywords", test_no_keywords);
  return g_test_run ();
}
