/* bounce-notice.c - the undeliverable-mail notice of RFC 821 §3.6.
 *
 * RFC 821 §3.6 shows the notice HOSTY sends when HOSTZ answers "550 No
 * Such User"; smtplab's notice uses the same words.  RFC 5321 §6.1: a
 * host that took a message and cannot deliver it MUST send a notice to
 * the reverse-path, with the null reverse-path "<>" (§4.5.5) so that a
 * notice is never answered by another.  RFC 3464's machine-readable
 * delivery status is left out, as in RFC 821's example.
 */
#include "bounce-notice.h"
#include "grammar.h"
#include "message.h"

/* quote_header - the original header block, each field line indented */
static void
quote_header (GString *t, GBytes *message)
{
  gsize len, body;
  const char *bytes = g_bytes_get_data (message, &len);
  GPtrArray *headers = smtp_headers_parse (bytes, len, &body);
  g_ptr_array_unref (headers);          /* only where the body starts */
  char *header = g_strndup (bytes, body);
  char **lines = g_strsplit (header, "\r\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (*lines[i])
      g_string_append_printf (t, "    %s\r\n", lines[i]);
  g_strfreev (lines);
  g_free (header);
}

/* smtp_bounce_envelope - RFC 5321 §6.1: a notice "MUST be sent using a
 * null ("<>") reverse-path"; §4.5.5: mail with a null reverse-path is
 * never answered, or notices would answer notices for ever; RFC 821 §3.6:
 * the notice goes back to the reverse-path, route and all */
gboolean
smtp_bounce_envelope (const char *reverse_path, const char **notice_reverse_path,
                      const char **notice_forward_path)
{
  /* LAB 09 BEGIN notice-envelope */
  if (g_str_equal (reverse_path, "<>"))
    return FALSE;
  *notice_reverse_path = "<>";
  *notice_forward_path = reverse_path;
  return TRUE;
  /* LAB 09 END */
}

/* smtp_bounce_notice - the notice to the reverse-path about one recipient */
GBytes *
smtp_bounce_notice (const SmtpBounce *b)
{
  SmtpPath *rp = smtp_path_parse (b->reverse_path, FALSE, NULL);
  SmtpPath *fp = smtp_path_parse (b->forward_path, FALSE, NULL);
  char *to = rp ? smtp_path_mailbox (rp) : g_strdup (b->reverse_path);
  char *lost = fp ? smtp_path_mailbox (fp) : g_strdup (b->forward_path);
  GString *t = g_string_new (NULL);
  g_string_append_printf (t, "Date: %s\r\nFrom: SMTP@%s\r\nTo: %s\r\n"
                          "Subject: Mail System Problem\r\n\r\n", b->date, b->reporting_host, to);
  /* LAB 09 BEGIN notice-text */
  g_string_append_printf (t, "  Sorry %s, your message to %s lost.\r\n"
                          "  %s said this:\r\n   \"%s\"\r\n\r\n",
                          rp ? rp->local_part : to, lost, b->remote_host, b->reason);
  /* LAB 09 END */
  g_string_append (t, "  The header of your message was:\r\n");
  quote_header (t, b->message);
  g_free (lost);
  g_free (to);
  smtp_path_free (fp);
  smtp_path_free (rp);
  return g_string_free_to_bytes (t);
}
