/* mail-data.c - the receiver's DATA reader (see mail-data.h).
 *
 * RFC 821 §4.1.1 DATA: "The receiver treats the lines following the command
 * as mail data from the sender.  ...  The mail data is terminated by a line
 * containing only a period, that is the character sequence "<CRLF>.<CRLF>"".
 */
#include "mail-data.h"

#include "message.h"

/* smtp_mail_data_init - an empty reader for messages up to max_size */
void
smtp_mail_data_init (SmtpMailData *data, gsize max_size)
{
  *data = (SmtpMailData) { .bytes = g_byte_array_new (), .max_size = max_size,
                          .after_crlf = TRUE };
}

/* smtp_mail_data_reset - empty again, for the next message */
void
smtp_mail_data_reset (SmtpMailData *data)
{
  g_byte_array_set_size (data->bytes, 0);
  data->lines = 0;
  data->too_big = data->line_too_long = data->has_nul = data->bare_newline = FALSE;
  data->after_crlf = TRUE;
}

/* smtp_mail_data_clear - frees the collected bytes */
void
smtp_mail_data_clear (SmtpMailData *data)
{
  g_clear_pointer (&data->bytes, g_byte_array_unref);
}

/* smtp_mail_data_add_line - one line of mail data, its leading period
 * removed (RFC 821 §4.5.2) and its CRLF put back; TRUE when it is the "."
 * of <CRLF>.<CRLF> that ends the data (RFC 5321 §4.1.1.4) */
gboolean
smtp_mail_data_add_line (SmtpMailData *data, const char *line, gsize len, SmtpLineFlags flags)
{
  gboolean is_end = FALSE;
  gsize offset = smtp_dot_unstuff_line (line, len, &is_end);
  gboolean after_crlf = data->after_crlf;

  /* RFC 5321 §4.1.1.4: only <CRLF>.<CRLF> ends the data, "where the first
   * <CRLF> is actually the terminator of the previous line"; a "." line
   * after a bare LF (also one that ended an over-long line), ended by one
   * or holding a bare CR does not (SMTP smuggling: "\n.\r\n" must not end
   * a message early) */
  data->after_crlf = !(flags & SMTP_LINE_BARE_LF);
  if (is_end && flags == 0 && after_crlf)
    return TRUE;
  if (flags & (SMTP_LINE_BARE_LF | SMTP_LINE_BARE_CR | SMTP_LINE_AFTER_BARE_LF))
    data->bare_newline = TRUE;
  if (flags & SMTP_LINE_HAS_NUL)
    data->has_nul = TRUE;
  if (flags & SMTP_LINE_TOO_LONG)
    data->line_too_long = TRUE;
  if (is_end)
    offset = 0;
  data->lines++;
  if (data->bytes->len + (len - offset) + 2 > data->max_size)
    data->too_big = TRUE;    /* keep reading to the end, keep nothing */
  if (data->too_big)
    return FALSE;
  g_byte_array_append (data->bytes, (const guint8 *) line + offset, len - offset);
  g_byte_array_append (data->bytes, (const guint8 *) "\r\n", 2);
  return FALSE;
}

/* smtp_mail_data_refusal - the reply for mail data that cannot be accepted
 * (too big, a line too long, a bare CR or LF, a NUL), or 0 when it can */
guint
smtp_mail_data_refusal (const SmtpMailData *data, const char **text)
{
  if (data->too_big) {
    *text = "Too much mail data";                       /* RFC 5321 §4.5.3.1.9 */
    return 552;
  }
  if (data->line_too_long) {
    *text = "Line too long";                            /* RFC 5321 §4.5.3.1.9 */
    return 500;
  }
  if (data->bare_newline) {
    *text = "5.6.0 Transaction failed: bare CR or LF in mail data; "
            "lines must end with CRLF (RFC 5321 section 2.3.8)";
    return 554;
  }
  if (data->has_nul) {
    *text = "5.6.0 Transaction failed: NUL byte in mail data";
    return 554;
  }
  return 0;
}
