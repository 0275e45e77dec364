/* fuzz-data.c - libFuzzer harness for the DATA reader: the bytes a client
 * sends after "354" are cut into lines as the connection cuts them
 * (smtp_line_cut) and collected as the server session collects them
 * (smtp_mail_data_add_line).  RFC 821 §4.1.1 DATA, §4.5.2 transparency.
 *
 * Invariants, the input taken as the bytes on the wire:
 *  - the data ends exactly at the first <CRLF>.<CRLF> (RFC 5321 §4.1.1.4),
 *    never at a smuggled ending such as <LF>.<LF> or <LF>.<CRLF>;
 *  - the collected data is made of CRLF-ended lines.
 * And the input taken as a message that a sender stuffs (smtp_dot_stuff):
 *  - the stuffed message is read back to its last byte and ends there;
 *  - dot-stuffing then reading back is the identity, with every line end
 *    (CRLF, a bare CR or LF) made CRLF, when the message holds nothing SMTP
 *    cannot carry, and is refused when it does (a NUL, a line over 998
 *    octets).
 */
#include <string.h>

#include "conn.h"
#include "fuzz.h"
#include "mail-data.h"
#include "message.h"
#include "smtp-limits.h"

/* read_mail_data - runs the DATA reader on wire; TRUE when the data ended,
 * with *consumed the bytes read up to and with the end, and *cut_short
 * set when an over-long line was cut (its line end is never seen) */
static gboolean
read_mail_data (const guint8 *wire, gsize len, SmtpMailData *mail_data,
                gsize *consumed, gboolean *cut_short)
{
  gboolean discarding = FALSE;
  gsize pos = 0;
  SmtpLineCut cut;

  *cut_short = FALSE;
  while (pos < len && smtp_line_cut (wire + pos, len - pos, SMTP_LIMIT_TEXT_LINE, &discarding, &cut)) {
    g_assert_cmpuint (cut.consumed, >, 0);
    g_assert_cmpuint (cut.consumed, <=, len - pos);
    g_assert_cmpuint (cut.text_len, <=, cut.consumed);
    g_assert_cmpuint (cut.text_len + 2, <=, SMTP_LIMIT_TEXT_LINE);
    /* a copy of the line ended by NUL, as the connection hands it out:
     * reading past it is caught */
    char *line = g_malloc (cut.text_len + 1);
    memcpy (line, wire + pos, cut.text_len);
    line[cut.text_len] = '\0';
    gboolean ended = cut.is_line
                     && smtp_mail_data_add_line (mail_data, line, cut.text_len, cut.flags);
    g_free (line);
    *cut_short |= (cut.flags & SMTP_LINE_TOO_LONG) != 0;
    pos += cut.consumed;
    if (ended) {
      *consumed = pos;
      return TRUE;
    }
  }
  return FALSE;
}

/* first_end - where the first <CRLF>.<CRLF> ends (the data may also start
 * with ".<CRLF>": then the CRLF before it ended the DATA command), or 0 */
static gsize
first_end (const guint8 *wire, gsize len)
{
  if (len >= 3 && memcmp (wire, ".\r\n", 3) == 0)
    return 3;
  for (gsize i = 0; i + 5 <= len; i++)
    if (memcmp (wire + i, "\r\n.\r\n", 5) == 0)
      return i + 5;
  return 0;
}

/* check_wire - the input as the bytes after "354" */
static void
check_wire (const guint8 *data, gsize size)
{
  SmtpMailData mail_data;
  gsize consumed = 0;
  gboolean cut_short;
  smtp_mail_data_init (&mail_data, SMTP_LIMIT_MESSAGE_SIZE);
  gboolean ended = read_mail_data (data, size, &mail_data, &consumed, &cut_short);
  if (!cut_short)
    g_assert_cmpuint (ended ? consumed : 0, ==, first_end (data, size));
  GByteArray *bytes = mail_data.bytes;
  if (bytes->len > 0)
    g_assert_cmpmem (bytes->data + bytes->len - 2, 2, "\r\n", 2);
  smtp_mail_data_clear (&mail_data);
}

/* line_end - the length of the line end at message[i]: 2 for CRLF, 1 for
 * a bare CR or LF (the sender ends a line at each, RFC 5321 §2.3.8), or 0 */
static gsize
line_end (const char *message, gsize len, gsize i)
{
  if (message[i] == '\r' && i + 1 < len && message[i + 1] == '\n')
    return 2;
  return message[i] == '\r' || message[i] == '\n';
}

/* carriable - can SMTP carry message: no NUL, no line longer than 998
 * octets once stuffed (RFC 5321 §4.5.3.1.6)? */
static gboolean
carriable (const char *message, gsize len)
{
  if (memchr (message, '\0', len))
    return FALSE;
  gsize pos = 0;
  while (pos < len) {
    gsize text_len = 0;
    while (pos + text_len < len && line_end (message, len, pos + text_len) == 0)
      text_len++;
    gsize on_wire = text_len + (message[pos] == '.');    /* the period the sender adds */
    if (on_wire + 2 > SMTP_LIMIT_TEXT_LINE)
      return FALSE;
    pos += text_len;
    if (pos < len)
      pos += line_end (message, len, pos);
  }
  return TRUE;
}

/* with_crlf - message with every line ended by CRLF, as SMTP carries it */
static GString *
with_crlf (const char *message, gsize len)
{
  GString *out = g_string_new (NULL);
  gsize i = 0;
  while (i < len) {
    gsize end = line_end (message, len, i);
    if (end > 0) {
      g_string_append (out, "\r\n");
      i += end;
    } else {
      g_string_append_c (out, message[i++]);
    }
  }
  if (len > 0 && line_end (message, len, len - 1) == 0)
    g_string_append (out, "\r\n");
  return out;
}

/* check_round_trip - the input as a message: stuffed, then read back */
static void
check_round_trip (const guint8 *data, gsize size)
{
  const char *message = (const char *) data;
  GBytes *stuffed = smtp_dot_stuff (message, size);
  gsize wire_len;
  const guint8 *wire = g_bytes_get_data (stuffed, &wire_len);
  SmtpMailData mail_data;
  gsize consumed = 0;
  gboolean cut_short;
  smtp_mail_data_init (&mail_data, SMTP_LIMIT_MESSAGE_SIZE);

  g_assert_true (read_mail_data (wire, wire_len, &mail_data, &consumed, &cut_short));
  g_assert_cmpuint (consumed, ==, wire_len);
  const char *why = NULL;
  guint refusal = smtp_mail_data_refusal (&mail_data, &why);
  if (carriable (message, size)) {
    GString *expected = with_crlf (message, size);
    g_assert_cmpuint (refusal, ==, 0);
    g_assert_cmpmem (mail_data.bytes->data, mail_data.bytes->len, expected->str, expected->len);
    g_string_free (expected, TRUE);
  } else {
    g_assert_cmpuint (refusal, !=, 0);
  }
  smtp_mail_data_clear (&mail_data);
  g_bytes_unref (stuffed);
}

/* LLVMFuzzerTestOneInput - one input, read both ways */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_wire (data, size);
  check_round_trip (data, size);
  return 0;
}
