/* test-message.c - the mail data: dot-stuffing (RFC 821 §4.5.2), the
 * header block (RFC 822 §3.1), Received: and Return-Path: lines
 * (RFC 821 §4.1.2, RFC 5321 §4.4).  Each test is one example of a rule. */
#include "message.h"

#include <locale.h>
#include <string.h>

/* ---- helpers ---- */

/* bytes_to_string - the content of bytes as a string, for g_assert_cmpstr */
static char *
bytes_to_string (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  return g_strndup (data, len);
}

/* assert_stuffed - smtp_dot_stuff (data) puts exactly wire on the wire */
static void
assert_stuffed (const char *data, const char *wire)
{
  GBytes *bytes = smtp_dot_stuff (data, strlen (data));
  char *text = bytes_to_string (bytes);
  g_assert_cmpstr (text, ==, wire);
  g_free (text);
  g_bytes_unref (bytes);
}

/* receive_mail_data - what a receiver-SMTP rebuilds from the wire, line by
 * line; checks that the lone "." comes last and nothing follows it */
static char *
receive_mail_data (GBytes *wire)
{
  gsize len;
  const char *data = g_bytes_get_data (wire, &len);
  GString *mail_data = g_string_new (NULL);
  gboolean seen_end = FALSE;
  gsize pos = 0;

  while (pos < len) {
    const char *line = data + pos;
    const char *crlf = g_strstr_len (line, len - pos, "\r\n");
    g_assert_nonnull (crlf);
    gsize line_len = (gsize) (crlf - line);
    gboolean is_end = FALSE;
    gsize offset = smtp_dot_unstuff_line (line, line_len, &is_end);
    pos += line_len + 2;
    if (is_end) {
      seen_end = TRUE;
      break;
    }
    g_string_append_len (mail_data, line + offset, line_len - offset);
    g_string_append (mail_data, "\r\n");
  }
  g_assert_true (seen_end);
  g_assert_cmpuint (pos, ==, len);
  return g_string_free (mail_data, FALSE);
}

/* assert_lines_fit - no line of field is longer than 78 characters */
static void
assert_lines_fit (const char *field)
{
  char **lines = g_strsplit (field, "\r\n", -1);
  for (char **line = lines; *line != NULL; line++)
    g_assert_cmpuint (strlen (*line), <=, 78);
  g_strfreev (lines);
}

/* header_at - the i-th field of headers */
static SmtpHeader *
header_at (GPtrArray *headers, guint i)
{
  return g_ptr_array_index (headers, i);
}

/* ---- dot-stuffing, sender side ---- */

/* RFC 821's own example (the seeds quote it): the second line starts
 * with "..." and goes out as "...." */
static void
test_stuff_rfc821_example (void)
{
  assert_stuffed ("Blah blah blah...\r\n...etc. etc. etc.\r\n",
                  "Blah blah blah...\r\n....etc. etc. etc.\r\n.\r\n");
}

/* A line that is just "." would end the data: it goes out as ".." */
static void
test_stuff_lone_period (void)
{
  assert_stuffed ("a\r\n.\r\nb\r\n", "a\r\n..\r\nb\r\n.\r\n");
}

/* A line starting with ".." gets one more period, not two */
static void
test_stuff_double_period (void)
{
  assert_stuffed ("..hidden\r\n", "...hidden\r\n.\r\n");
}

/* A period anywhere but first on the line is left alone */
static void
test_stuff_inner_period (void)
{
  assert_stuffed ("a.b\r\n x.\r\n", "a.b\r\n x.\r\n.\r\n");
}

/* No mail data at all: only the end-of-data line */
static void
test_stuff_empty (void)
{
  assert_stuffed ("", ".\r\n");
}

/* One empty line stays one empty line */
static void
test_stuff_empty_line (void)
{
  assert_stuffed ("\r\n", "\r\n.\r\n");
}

/* Bare LF line ends become CRLF on the wire */
static void
test_stuff_bare_lf (void)
{
  assert_stuffed ("one\ntwo\n.three\n", "one\r\ntwo\r\n..three\r\n.\r\n");
}

/* The last line without a line end gets one before the "." */
static void
test_stuff_no_final_newline (void)
{
  assert_stuffed ("Hi, Jack", "Hi, Jack\r\n.\r\n");
  assert_stuffed (".", "..\r\n.\r\n");
}

/* A bare CR or LF ends a line too: the wire holds only CRLF line ends, so
 * none of the SMTP smuggling endings can reach the next hop (RFC 5321
 * §2.3.8, §4.1.1.4) */
static void
test_stuff_bare_cr (void)
{
  assert_stuffed ("a\rb\r\n", "a\r\nb\r\n.\r\n");
  assert_stuffed ("x\r.\ry", "x\r\n..\r\ny\r\n.\r\n");
  assert_stuffed ("x\n.\ny", "x\r\n..\r\ny\r\n.\r\n");
  assert_stuffed ("x\r\n.\r\r\ny", "x\r\n..\r\n\r\ny\r\n.\r\n");
  assert_stuffed ("x\n.\r\ny", "x\r\n..\r\ny\r\n.\r\n");
}

/* ---- dot-stuffing, receiver side ---- */

/* A line holding only "." ends the mail data */
static void
test_unstuff_end (void)
{
  gboolean is_end = FALSE;
  smtp_dot_unstuff_line (".", 1, &is_end);
  g_assert_true (is_end);
}

/* A leading period with more after it is removed: offset 1 */
static void
test_unstuff_leading_period (void)
{
  gboolean is_end = TRUE;
  g_assert_cmpuint (smtp_dot_unstuff_line ("....etc. etc. etc.", 18, &is_end), ==, 1);
  g_assert_false (is_end);
  g_assert_cmpuint (smtp_dot_unstuff_line ("..", 2, &is_end), ==, 1);
  g_assert_false (is_end);
}

/* Any other line is kept whole: offset 0 */
static void
test_unstuff_plain_line (void)
{
  gboolean is_end = TRUE;
  g_assert_cmpuint (smtp_dot_unstuff_line ("Blah blah blah...", 17, &is_end), ==, 0);
  g_assert_false (is_end);
  g_assert_cmpuint (smtp_dot_unstuff_line ("", 0, &is_end), ==, 0);
  g_assert_false (is_end);
  g_assert_cmpuint (smtp_dot_unstuff_line (" .", 2, &is_end), ==, 0);
  g_assert_false (is_end);
}

/* Whatever the sender stuffs, the receiver gets back exactly: 200 random
 * messages of lines made of ".", "x" and " " (many start with periods),
 * sent once with CRLF and once with bare LF line ends */
static void
test_stuff_round_trip (void)
{
  static const char alphabet[] = "..x ";
  GRand *rand = g_rand_new_with_seed (821);

  for (int message = 0; message < 200; message++) {
    GString *crlf = g_string_new (NULL);
    GString *lf = g_string_new (NULL);
    int lines = g_rand_int_range (rand, 0, 12);
    for (int i = 0; i < lines; i++) {
      int length = g_rand_int_range (rand, 0, 6);
      for (int j = 0; j < length; j++) {
        char c = alphabet[g_rand_int_range (rand, 0, 4)];
        g_string_append_c (crlf, c);
        g_string_append_c (lf, c);
      }
      g_string_append (crlf, "\r\n");
      g_string_append_c (lf, '\n');
    }
    GBytes *wire = smtp_dot_stuff (crlf->str, crlf->len);
    char *received = receive_mail_data (wire);
    g_assert_cmpstr (received, ==, crlf->str);
    g_free (received);
    g_bytes_unref (wire);

    wire = smtp_dot_stuff (lf->str, lf->len);
    received = receive_mail_data (wire);
    g_assert_cmpstr (received, ==, crlf->str);
    g_free (received);
    g_bytes_unref (wire);

    g_string_free (crlf, TRUE);
    g_string_free (lf, TRUE);
  }
  g_rand_free (rand);
}

/* ---- the header block ---- */

/* The header the seeds show arriving at receipt@domain2.com after two
 * hops (the seed's "15:3 7:24" typo mended) */
static const char seed_message[] =
  "Received: from mail.domain1.com (mail.domain1.com [111.11.1.0] ) by mail.domain2.com"
  " (8.8.5/8.7.2) with ESMTP id LAA20869; Tue, Mar 18 1998 15:39:44 GMT\r\n"
  "Received: from client1.domain1.com (client1.domain1.com [111.11.1.1]) by mail.domain1.com"
  " (8.8.5) id 004A21; Tue, Mar 18 1998 15:37:24 GMT\r\n"
  "From: sender@domain1.com\r\n"
  "To: receipt@domain2.com\r\n"
  "Date: Tue, Mar 18 1998 15:36:24 GMT\r\n"
  "Message-Id:\r\n"
  "X-mailer:Sendmail 8.9.0\r\n"
  "Subject: Greetings\r\n"
  "\r\n"
  "Hi, Jack\r\n";

/* Each field in order, its name as written and its body after ": " */
static void
test_headers_seed_example (void)
{
  gsize body_offset = 0;
  GPtrArray *headers = smtp_headers_parse (seed_message, strlen (seed_message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 8);
  g_assert_cmpstr (header_at (headers, 0)->name, ==, "Received");
  g_assert_cmpstr (header_at (headers, 0)->value, ==,
                   "from mail.domain1.com (mail.domain1.com [111.11.1.0] ) by mail.domain2.com"
                   " (8.8.5/8.7.2) with ESMTP id LAA20869; Tue, Mar 18 1998 15:39:44 GMT");
  g_assert_cmpstr (header_at (headers, 1)->name, ==, "Received");
  g_assert_cmpstr (header_at (headers, 2)->name, ==, "From");
  g_assert_cmpstr (header_at (headers, 2)->value, ==, "sender@domain1.com");
  g_assert_cmpstr (header_at (headers, 3)->value, ==, "receipt@domain2.com");
  g_assert_cmpstr (header_at (headers, 4)->value, ==, "Tue, Mar 18 1998 15:36:24 GMT");
  g_assert_cmpstr (header_at (headers, 5)->name, ==, "Message-Id");
  g_assert_cmpstr (header_at (headers, 5)->value, ==, "");
  g_assert_cmpstr (header_at (headers, 6)->name, ==, "X-mailer");
  g_assert_cmpstr (header_at (headers, 6)->value, ==, "Sendmail 8.9.0");
  g_assert_cmpstr (header_at (headers, 7)->value, ==, "Greetings");
  g_assert_cmpstr (seed_message + body_offset, ==, "Hi, Jack\r\n");
  g_ptr_array_unref (headers);
}

/* Field names are looked up and counted regardless of case (RFC 822 §3.4.7) */
static void
test_headers_get_and_count (void)
{
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse (seed_message, strlen (seed_message), &body_offset);

  g_assert_cmpuint (smtp_headers_count (headers, "Received"), ==, 2);
  g_assert_cmpuint (smtp_headers_count (headers, "RECEIVED"), ==, 2);
  g_assert_cmpuint (smtp_headers_count (headers, "Cc"), ==, 0);
  g_assert_cmpstr (smtp_headers_get (headers, "x-MAILER"), ==, "Sendmail 8.9.0");
  g_assert_true (g_str_has_prefix (smtp_headers_get (headers, "received"), "from mail.domain1.com"));
  g_assert_null (smtp_headers_get (headers, "Cc"));
  g_ptr_array_unref (headers);
}

/* A line starting with SP or HTAB continues the field above; the body
 * keeps the folds, smtp_header_unfold joins them */
static void
test_headers_folded (void)
{
  const char *message =
    "Subject: Explaination\r\n"
    "  of mail\r\n"
    "\tformat\r\n"
    "To: user2@domain2.com\r\n"
    "\r\n";
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 2);
  g_assert_cmpstr (header_at (headers, 0)->value, ==, "Explaination\r\n  of mail\r\n\tformat");
  char *unfolded = smtp_header_unfold (header_at (headers, 0)->value);
  g_assert_cmpstr (unfolded, ==, "Explaination of mail format");
  g_free (unfolded);
  g_assert_cmpstr (header_at (headers, 1)->value, ==, "user2@domain2.com");
  g_assert_cmpuint (body_offset, ==, strlen (message));
  g_ptr_array_unref (headers);
}

/* Unfolding takes a bare LF fold too, and leaves other text alone */
static void
test_header_unfold (void)
{
  char *unfolded = smtp_header_unfold ("a,\n b,\r\n\t c");
  g_assert_cmpstr (unfolded, ==, "a, b, c");
  g_free (unfolded);
  unfolded = smtp_header_unfold ("no fold here");
  g_assert_cmpstr (unfolded, ==, "no fold here");
  g_free (unfolded);
}

/* RFC 821 §3.6: the undeliverable mail notice; its body lines start with
 * spaces, but after the empty line they are body, not continuations */
static void
test_headers_undeliverable_notice (void)
{
  const char *message =
    "Date: 23 Oct 81 11:22:33\r\n"
    "From: SMTP@HOSTY.ARPA\r\n"
    "To: JOE@HOSTW.ARPA\r\n"
    "Subject: Mail System Problem\r\n"
    "\r\n"
    "  Sorry JOE, your message to SAM@HOSTZ.ARPA lost.\r\n"
    "  HOSTZ.ARPA said this:\r\n"
    "   \"550 No Such User\"\r\n";
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 4);
  g_assert_cmpstr (smtp_headers_get (headers, "Date"), ==, "23 Oct 81 11:22:33");
  g_assert_cmpstr (smtp_headers_get (headers, "From"), ==, "SMTP@HOSTY.ARPA");
  g_assert_cmpstr (smtp_headers_get (headers, "To"), ==, "JOE@HOSTW.ARPA");
  g_assert_cmpstr (smtp_headers_get (headers, "Subject"), ==, "Mail System Problem");
  g_assert_true (g_str_has_prefix (message + body_offset, "  Sorry JOE,"));
  g_ptr_array_unref (headers);
}

/* RFC 821's example message has no header at all: all of it is body */
static void
test_headers_none (void)
{
  const char *message = "Blah blah blah...\r\n...etc. etc. etc.\r\n";
  gsize body_offset = 99;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 0);
  g_assert_cmpuint (body_offset, ==, 0);
  g_ptr_array_unref (headers);
}

/* A first line starting with white space has no field to continue */
static void
test_headers_leading_space (void)
{
  const char *message = " indented\r\nFrom: a\r\n";
  gsize body_offset = 99;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 0);
  g_assert_cmpuint (body_offset, ==, 0);
  g_ptr_array_unref (headers);
}

/* A line that is not a field ends the header block; the body starts on it */
static void
test_headers_non_field_line (void)
{
  const char *message = "From: a\r\nnot a field\r\nTo: b\r\n";
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 1);
  g_assert_cmpstr (message + body_offset, ==, "not a field\r\nTo: b\r\n");
  g_ptr_array_unref (headers);
}

/* RFC 822 §3.1.2: a field name is printable ASCII but ':', so no space
 * and not empty */
static void
test_headers_field_name (void)
{
  const char *names[] = { "Bad Name: x\r\n", ": x\r\n", "NoColon\r\n" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
    gsize body_offset = 99;
    GPtrArray *headers = smtp_headers_parse (names[i], strlen (names[i]), &body_offset);
    g_assert_cmpuint (headers->len, ==, 0);
    g_assert_cmpuint (body_offset, ==, 0);
    g_ptr_array_unref (headers);
  }
}

/* LF line ends work like CRLF; a kept fold is written as CRLF */
static void
test_headers_lf (void)
{
  const char *message = "From: a\nSubject: b\n  c\n\nbody\n";
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body_offset);

  g_assert_cmpuint (headers->len, ==, 2);
  g_assert_cmpstr (smtp_headers_get (headers, "Subject"), ==, "b\r\n  c");
  g_assert_cmpstr (message + body_offset, ==, "body\n");
  g_ptr_array_unref (headers);
}

/* All header and no empty line: the body is empty, at the end */
static void
test_headers_no_body (void)
{
  const char *with_newline = "From: a\r\nTo: b\r\n";
  const char *without_newline = "From: a\r\nTo: b";
  gsize body_offset;

  GPtrArray *headers = smtp_headers_parse (with_newline, strlen (with_newline), &body_offset);
  g_assert_cmpuint (headers->len, ==, 2);
  g_assert_cmpuint (body_offset, ==, strlen (with_newline));
  g_ptr_array_unref (headers);

  headers = smtp_headers_parse (without_newline, strlen (without_newline), &body_offset);
  g_assert_cmpuint (headers->len, ==, 2);
  g_assert_cmpstr (smtp_headers_get (headers, "To"), ==, "b");
  g_assert_cmpuint (body_offset, ==, strlen (without_newline));
  g_ptr_array_unref (headers);
}

/* An empty message has neither header nor body */
static void
test_headers_empty (void)
{
  gsize body_offset = 99;
  GPtrArray *headers = smtp_headers_parse ("", 0, &body_offset);
  g_assert_cmpuint (headers->len, ==, 0);
  g_assert_cmpuint (body_offset, ==, 0);
  g_ptr_array_unref (headers);
}

/* ---- dates ---- */

/* assert_date - smtp_rfc822_date of the given local time in a zone
 * offset_seconds east of UTC */
static void
assert_date (int offset_seconds, int year, int month, int day,
             int hour, int minute, int second, const char *expected)
{
  GTimeZone *zone = g_time_zone_new_offset (offset_seconds);
  GDateTime *when = g_date_time_new (zone, year, month, day, hour, minute, second);
  char *date = smtp_rfc822_date (when);
  g_assert_cmpstr (date, ==, expected);
  g_free (date);
  g_date_time_unref (when);
  g_time_zone_unref (zone);
}

/* UTC is "+0000" (18 March 1998 was a Wednesday, whatever the seed says) */
static void
test_date_utc (void)
{
  assert_date (0, 1998, 3, 18, 15, 39, 44, "Wed, 18 Mar 1998 15:39:44 +0000");
}

/* Zones east and west of UTC, with minutes, and a one-digit day */
static void
test_date_zones (void)
{
  /* the relay test in the seeds: "Sat, 30 Jun 2001 21:07:10 +0800" */
  assert_date (8 * 3600, 2001, 6, 30, 21, 7, 10, "Sat, 30 Jun 2001 21:07:10 +0800");
  /* RFC 821's time stamp: "18 MAR 82 13:42:05 PST" */
  assert_date (-8 * 3600, 1982, 3, 18, 13, 42, 5, "Thu, 18 Mar 1982 13:42:05 -0800");
  assert_date (5 * 3600 + 30 * 60, 2024, 1, 5, 9, 0, 0, "Fri, 5 Jan 2024 09:00:00 +0530");
  assert_date (-(3 * 3600 + 30 * 60), 1999, 4, 1, 10, 0, 0, "Thu, 1 Apr 1999 10:00:00 -0330");
}

/* Day and month names are English even when the locale is not */
static void
test_date_locale (void)
{
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  if (setlocale (LC_ALL, "") == NULL) {
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    setlocale (LC_ALL, "");
  }
  assert_date (8 * 3600, 2001, 6, 30, 21, 7, 10, "Sat, 30 Jun 2001 21:07:10 +0800");
  g_unsetenv ("LC_ALL");
  setlocale (LC_ALL, "C");
}

/* ---- Received: and Return-Path: ---- */

/* received_at - the Received: line for r stamped at the given UTC time */
static char *
received_at (SmtpReceived r, int day, int hour, int minute, int second)
{
  r.when = g_date_time_new_utc (1998, 3, day, hour, minute, second);
  char *line = smtp_received_line (&r);
  g_date_time_unref (r.when);
  return line;
}

/* A short stamp stays on one line; "with", "id", "for" and the address
 * are left out when unknown */
static void
test_received_short (void)
{
  SmtpReceived r = { .from_domain = "Alpha.ARPA", .by_domain = "Beta.ARPA" };
  char *line = received_at (r, 18, 13, 42, 5);
  g_assert_cmpstr (line, ==, "Received: from Alpha.ARPA by Beta.ARPA; Wed, 18 Mar 1998 13:42:05 +0000\r\n");
  g_free (line);
}

/* The second hop of the seed: too long for one line, so "by ..." goes on
 * a continuation line, and the date still fits after it */
static void
test_received_fold_by (void)
{
  SmtpReceived r = {
    .from_domain = "client1.domain1.com", .from_address = "111.11.1.1",
    .by_domain = "mail.domain1.com", .id = "004A21",
  };
  char *line = received_at (r, 18, 15, 37, 24);
  g_assert_cmpstr (line, ==,
                   "Received: from client1.domain1.com ([111.11.1.1])\r\n"
                   "    by mail.domain1.com id 004A21; Wed, 18 Mar 1998 15:37:24 +0000\r\n");
  assert_lines_fit (line);
  g_free (line);
}

/* Every clause: folded before "by" and after ";" (the ";" stays with the
 * clauses so that "id X;" reads as in the seeds' examples) */
static void
test_received_fold_all (void)
{
  SmtpReceived r = {
    .from_domain = "Alpha.ARPA", .from_address = "127.0.0.1", .by_domain = "Beta.ARPA",
    .with = "ESMTP", .id = "1a2b", .for_path = "<Jones@Beta.ARPA>",
  };
  char *line = received_at (r, 18, 15, 39, 44);
  g_assert_cmpstr (line, ==,
                   "Received: from Alpha.ARPA ([127.0.0.1])\r\n"
                   "    by Beta.ARPA with ESMTP id 1a2b for <Jones@Beta.ARPA>;\r\n"
                   "    Wed, 18 Mar 1998 15:39:44 +0000\r\n");
  assert_lines_fit (line);

  /* a receiver reads it back as one field, and unfolds it to one line */
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse (line, strlen (line), &body_offset);
  g_assert_cmpuint (headers->len, ==, 1);
  char *unfolded = smtp_header_unfold (smtp_headers_get (headers, "Received"));
  g_assert_cmpstr (unfolded, ==,
                   "from Alpha.ARPA ([127.0.0.1]) by Beta.ARPA with ESMTP id 1a2b"
                   " for <Jones@Beta.ARPA>; Wed, 18 Mar 1998 15:39:44 +0000");
  g_free (unfolded);
  g_ptr_array_unref (headers);
  g_free (line);
}

/* RFC 5321 §4.1.3: an IPv6 address is written "[IPv6:...]" */
static void
test_received_ipv6 (void)
{
  SmtpReceived r = { .from_domain = "a", .from_address = "::1", .by_domain = "b" };
  char *line = received_at (r, 18, 0, 0, 0);
  g_assert_cmpstr (line, ==, "Received: from a ([IPv6:::1]) by b; Wed, 18 Mar 1998 00:00:00 +0000\r\n");
  g_free (line);
}

/* RFC 821 §4.1.2: the reverse-path with its source route, as given */
static void
test_return_path_source_route (void)
{
  char *line = smtp_return_path_line ("<@ONE,@TWO:JOE@THREE>");
  g_assert_cmpstr (line, ==, "Return-Path: <@ONE,@TWO:JOE@THREE>\r\n");
  g_free (line);
}

/* The null reverse-path of a notice (MAIL FROM:<>) */
static void
test_return_path_null (void)
{
  char *line = smtp_return_path_line ("<>");
  g_assert_cmpstr (line, ==, "Return-Path: <>\r\n");
  g_free (line);
}

/* Stamps go on top of the message, unchanged below them */
static void
test_message_prepend (void)
{
  const char *message = "From: Smith@Alpha.ARPA\r\n\r\nHi\r\n";
  char *return_path = smtp_return_path_line ("<Smith@Alpha.ARPA>");
  char *stamp = g_strconcat (return_path, "Received: from Alpha.ARPA by Beta.ARPA; x\r\n", NULL);
  GBytes *stamped = smtp_message_prepend (stamp, message, strlen (message));
  char *text = bytes_to_string (stamped);

  g_assert_cmpstr (text, ==,
                   "Return-Path: <Smith@Alpha.ARPA>\r\n"
                   "Received: from Alpha.ARPA by Beta.ARPA; x\r\n"
                   "From: Smith@Alpha.ARPA\r\n\r\nHi\r\n");

  g_free (text);
  g_bytes_unref (stamped);
  g_free (stamp);
  g_free (return_path);
}

/* assert_stamped - smtp_message_prepend of one Received: line on message
 * gives expected */
static void
assert_stamped (const char *message, const char *expected)
{
  GBytes *stamped = smtp_message_prepend ("Received: x\r\n", message, strlen (message));
  char *text = bytes_to_string (stamped);
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
  g_bytes_unref (stamped);
}

/* RFC 5322 §2.1: mail data that starts with no header field (typed through
 * nc: "Blah blah blah...") is all body, so the empty line that ends a
 * header block goes between the stamps and it */
static void
test_message_prepend_no_header_block (void)
{
  assert_stamped ("Blah blah blah...\r\n", "Received: x\r\n\r\nBlah blah blah...\r\n");
  /* a first line like a mailbox's "From " line is no field either */
  assert_stamped ("From Smith Tue\r\nHi\r\n", "Received: x\r\n\r\nFrom Smith Tue\r\nHi\r\n");
  /* nor is a first line that starts with white space (nothing to continue) */
  assert_stamped (" indented\r\n", "Received: x\r\n\r\n indented\r\n");
}

/* Mail data that has its header block, even an empty one (it opens with
 * the empty line), or no data at all, gets no second empty line */
static void
test_message_prepend_header_block_kept (void)
{
  assert_stamped ("Subject: Hi\r\n\r\nBody\r\n", "Received: x\r\nSubject: Hi\r\n\r\nBody\r\n");
  assert_stamped ("\r\nBody\r\n", "Received: x\r\n\r\nBody\r\n");
  assert_stamped ("", "Received: x\r\n");
}

/* Final delivery: Return-Path: on top, CRLF line ends become LF (what a
 * Maildir reader expects); a bare CR inside a line is kept as it is. */
static void
test_message_for_mailbox (void)
{
  const char *message = "Received: x\r\nFrom: Smith@Alpha.ARPA\r\n\r\nHi\rthere\r\n..\r\n";
  GBytes *file = smtp_message_for_mailbox ("<Smith@Alpha.ARPA>", message, strlen (message));
  char *text = bytes_to_string (file);

  g_assert_cmpstr (text, ==,
                   "Return-Path: <Smith@Alpha.ARPA>\n"
                   "Received: x\nFrom: Smith@Alpha.ARPA\n\nHi\rthere\n..\n");
  g_free (text);
  g_bytes_unref (file);

  /* a CR before a CRLF, and one at the very end, stay */
  file = smtp_message_for_mailbox ("<>", "a\r\r\nb\r", 7);
  text = bytes_to_string (file);
  g_assert_cmpstr (text, ==, "Return-Path: <>\na\r\nb\r");
  g_free (text);
  g_bytes_unref (file);
}

/* RFC 3848: "with" says HELO or EHLO, and TLS (S) and AUTH (A) */
static void
test_received_with (void)
{
  g_assert_cmpstr (smtp_received_with (FALSE, FALSE, FALSE), ==, "SMTP");
  g_assert_cmpstr (smtp_received_with (FALSE, TRUE, TRUE), ==, "SMTP");
  g_assert_cmpstr (smtp_received_with (TRUE, FALSE, FALSE), ==, "ESMTP");
  g_assert_cmpstr (smtp_received_with (TRUE, TRUE, FALSE), ==, "ESMTPS");
  g_assert_cmpstr (smtp_received_with (TRUE, FALSE, TRUE), ==, "ESMTPA");
  g_assert_cmpstr (smtp_received_with (TRUE, TRUE, TRUE), ==, "ESMTPSA");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/dot-stuff/rfc821-example", test_stuff_rfc821_example);
  g_test_add_func ("/message/dot-stuff/lone-period", test_stuff_lone_period);
  g_test_add_func ("/message/dot-stuff/double-period", test_stuff_double_period);
  g_test_add_func ("/message/dot-stuff/inner-period", test_stuff_inner_period);
  g_test_add_func ("/message/dot-stuff/empty", test_stuff_empty);
  g_test_add_func ("/message/dot-stuff/empty-line", test_stuff_empty_line);
  g_test_add_func ("/message/dot-stuff/bare-lf", test_stuff_bare_lf);
  g_test_add_func ("/message/dot-stuff/no-final-newline", test_stuff_no_final_newline);
  g_test_add_func ("/message/dot-stuff/bare-cr", test_stuff_bare_cr);
  g_test_add_func ("/message/dot-stuff/round-trip", test_stuff_round_trip);
  g_test_add_func ("/message/dot-unstuff/end", test_unstuff_end);
  g_test_add_func ("/message/dot-unstuff/leading-period", test_unstuff_leading_period);
  g_test_add_func ("/message/dot-unstuff/plain-line", test_unstuff_plain_line);

  g_test_add_func ("/message/headers/seed-example", test_headers_seed_example);
  g_test_add_func ("/message/headers/get-and-count", test_headers_get_and_count);
  g_test_add_func ("/message/headers/folded", test_headers_folded);
  g_test_add_func ("/message/headers/unfold", test_header_unfold);
  g_test_add_func ("/message/headers/undeliverable-notice", test_headers_undeliverable_notice);
  g_test_add_func ("/message/headers/none", test_headers_none);
  g_test_add_func ("/message/headers/leading-space", test_headers_leading_space);
  g_test_add_func ("/message/headers/non-field-line", test_headers_non_field_line);
  g_test_add_func ("/message/headers/field-name", test_headers_field_name);
  g_test_add_func ("/message/headers/lf", test_headers_lf);
  g_test_add_func ("/message/headers/no-body", test_headers_no_body);
  g_test_add_func ("/message/headers/empty", test_headers_empty);

  g_test_add_func ("/message/date/utc", test_date_utc);
  g_test_add_func ("/message/date/zones", test_date_zones);
  g_test_add_func ("/message/date/locale", test_date_locale);

  g_test_add_func ("/message/received/short", test_received_short);
  g_test_add_func ("/message/received/with", test_received_with);
  g_test_add_func ("/message/received/fold-by", test_received_fold_by);
  g_test_add_func ("/message/received/fold-all", test_received_fold_all);
  g_test_add_func ("/message/received/ipv6", test_received_ipv6);
  g_test_add_func ("/message/return-path/source-route", test_return_path_source_route);
  g_test_add_func ("/message/return-path/null", test_return_path_null);
  g_test_add_func ("/message/prepend/stamps-on-top", test_message_prepend);
  g_test_add_func ("/message/prepend/no-header-block-gets-empty-line",
                   test_message_prepend_no_header_block);
  g_test_add_func ("/message/prepend/header-block-kept", test_message_prepend_header_block_kept);
  g_test_add_func ("/message/mailbox/return-path-and-lf", test_message_for_mailbox);

  return g_test_run ();
}
