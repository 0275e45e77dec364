/* letter.c - composing a message: header, body, MIME attachments. */
#include "letter.h"

#include <string.h>
#include <gio/gio.h>

#include "message.h"

typedef struct {
  char *name;          /* file name shown to the reader */
  char *content_type;  /* e.g. "image/png" */
  GBytes *data;
} Attachment;

struct _SmtpLetter {
  char *from;
  char *subject;
  char *body;
  GPtrArray *to;
  GPtrArray *cc;
  GPtrArray *headers;      /* extra "Name: value" lines */
  GPtrArray *attachments;  /* of Attachment */
  char *date;              /* Date: set by the first smtp_letter_to_bytes */
  gboolean seven_bit;      /* text beyond US-ASCII in base64 */
};

static void
attachment_free (Attachment *a)
{
  g_free (a->name);
  g_free (a->content_type);
  g_bytes_unref (a->data);
  g_free (a);
}

SmtpLetter *
smtp_letter_new (const char *from, const char *subject, const char *body)
{
  SmtpLetter *l = g_new0 (SmtpLetter, 1);
  l->from = g_strdup (from);
  l->subject = g_strdup (subject);
  l->body = g_strdup (body ? body : "");
  l->to = g_ptr_array_new_with_free_func (g_free);
  l->cc = g_ptr_array_new_with_free_func (g_free);
  l->headers = g_ptr_array_new_with_free_func (g_free);
  l->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_free);
  return l;
}

void
smtp_letter_free (SmtpLetter *l)
{
  if (!l)
    return;
  g_free (l->from);
  g_free (l->subject);
  g_free (l->body);
  g_free (l->date);
  g_ptr_array_unref (l->to);
  g_ptr_array_unref (l->cc);
  g_ptr_array_unref (l->headers);
  g_ptr_array_unref (l->attachments);
  g_free (l);
}

void
smtp_letter_add_to (SmtpLetter *l, const char *address)
{
  g_ptr_array_add (l->to, g_strdup (address));
}

void
smtp_letter_add_cc (SmtpLetter *l, const char *address)
{
  g_ptr_array_add (l->cc, g_strdup (address));
}

gboolean
smtp_letter_add_header (SmtpLetter *l, const char *field)
{
  const char *colon = strchr (field, ':');
  if (!colon || colon == field || strpbrk (field, "\r\n"))
    return FALSE;
  /* RFC 5322 §2.2: a field name is printable ASCII but ':' and space */
  for (const char *p = field; p < colon; p++)
    if (*p <= 32 || *p >= 127)
      return FALSE;
  g_ptr_array_add (l->headers, g_strdup (field));
  return TRUE;
}

gboolean
smtp_letter_attach (SmtpLetter *l, const char *path, GError **error)
{
  char *contents;
  gsize len;
  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;
  gboolean uncertain;
  char *guess = g_content_type_guess (path, (const guchar *) contents, len, &uncertain);
  char *mime = g_content_type_get_mime_type (guess);
  Attachment *a = g_new0 (Attachment, 1);
  a->name = g_path_get_basename (path);
  a->content_type = g_strdup (mime ? mime : "application/octet-stream");
  a->data = g_bytes_new_take (contents, len);
  g_ptr_array_add (l->attachments, a);
  g_free (mime);
  g_free (guess);
  return TRUE;
}

/* append_text - text with every line end made CRLF (RFC 5322 §2.1) */
static void
append_text (GString *out, const char *text)
{
  for (const char *p = text; *p; p++) {
    if (*p == '\n' && (p == text || p[-1] != '\r'))
      g_string_append_c (out, '\r');
    g_string_append_c (out, *p);
  }
  if (out->len < 2 || strcmp (out->str + out->len - 2, "\r\n") != 0)
    g_string_append (out, "\r\n");
}

/* append_address_field - "To: a, b" (nothing when the list is empty) */
static void
append_address_field (GString *out, const char *name, GPtrArray *addresses)
{
  if (addresses->len == 0)
    return;
  g_string_append_printf (out, "%s: ", name);
  for (guint i = 0; i < addresses->len; i++)
    g_string_append_printf (out, "%s%s", i ? ",\r\n    " : "", (char *) g_ptr_array_index (addresses, i));
  g_string_append (out, "\r\n");
}

/* append_base64 - the data in base64, 76 characters a line (RFC 2045 §6.8) */
static void
append_base64 (GString *out, GBytes *data)
{
  gsize len;
  const guchar *bytes = g_bytes_get_data (data, &len);
  char *b64 = g_base64_encode (bytes, len);
  gsize n = strlen (b64);
  for (gsize i = 0; i < n; i += 76) {
    g_string_append_len (out, b64 + i, MIN (76, n - i));
    g_string_append (out, "\r\n");
  }
  g_free (b64);
}

/* append_subject - RFC 2047 encoded-word when the subject is not ASCII */
static void
append_subject (GString *out, const char *subject)
{
  if (g_str_is_ascii (subject)) {
    g_string_append_printf (out, "Subject: %s\r\n", subject);
    return;
  }
  char *b64 = g_base64_encode ((const guchar *) subject, strlen (subject));
  g_string_append_printf (out, "Subject: =?UTF-8?B?%s?=\r\n", b64);
  g_free (b64);
}

/* append_text_part - the text part's own header, a blank line and the
 * text: as it is (7bit or 8bit), or in base64 for a seven-bit letter
 * (RFC 2045 §6.8: the text's lines end in CRLF before it is encoded) */
static void
append_text_part (GString *out, const char *body, gboolean seven_bit)
{
  gboolean ascii = g_str_is_ascii (body);
  g_string_append_printf (out, "Content-Type: text/plain; charset=%s\r\n"
                          "Content-Transfer-Encoding: %s\r\n\r\n",
                          ascii ? "us-ascii" : "utf-8",
                          ascii ? "7bit" : seven_bit ? "base64" : "8bit");
  if (ascii || !seven_bit) {
    append_text (out, body);
    return;
  }
  GString *text = g_string_new (NULL);
  append_text (text, body);
  GBytes *bytes = g_string_free_to_bytes (text);
  append_base64 (out, bytes);
  g_bytes_unref (bytes);
}

void
smtp_letter_set_seven_bit (SmtpLetter *l)
{
  l->seven_bit = TRUE;
}

GBytes *
smtp_letter_to_bytes (SmtpLetter *l)
{
  GString *out = g_string_new (NULL);
  /* RFC 5322 §3.6.1: Date is when the letter was made ready to send, so
   * every copy carries the first one's; §3.6.4: each copy is a message
   * of its own, with a Message-ID of its own (same length: a UUID) */
  if (!l->date) {
    GDateTime *now = smtp_now_local ();
    l->date = smtp_rfc822_date (now);
    g_date_time_unref (now);
  }
  const char *at = strrchr (l->from, '@');
  char *domain = g_strndup (at ? at + 1 : "localhost", strcspn (at ? at + 1 : "localhost", ">"));
  char *uuid = g_uuid_string_random ();

  g_string_append_printf (out, "Date: %s\r\nFrom: %s\r\n", l->date, l->from);
  append_address_field (out, "To", l->to);
  append_address_field (out, "Cc", l->cc);
  if (l->subject)
    append_subject (out, l->subject);
  g_string_append_printf (out, "Message-ID: <%s@%s>\r\n", uuid, domain);
  for (guint i = 0; i < l->headers->len; i++)
    g_string_append_printf (out, "%s\r\n", (char *) g_ptr_array_index (l->headers, i));
  g_string_append (out, "MIME-Version: 1.0\r\n");

  if (l->attachments->len == 0) {
    append_text_part (out, l->body, l->seven_bit);
  } else {
    /* RFC 2046 §5.1.1: the boundary must not occur in the parts; base64
     * never contains "=_", so this one cannot */
    char *boundary = g_strdup_printf ("=_smtplab_%s", uuid);
    g_string_append_printf (out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
                            "This is a MIME message.\r\n", boundary);
    g_string_append_printf (out, "--%s\r\n", boundary);
    append_text_part (out, l->body, l->seven_bit);
    for (guint i = 0; i < l->attachments->len; i++) {
      Attachment *a = g_ptr_array_index (l->attachments, i);
      g_string_append_printf (out, "--%s\r\nContent-Type: %s; name=\"%s\"\r\n"
                              "Content-Transfer-Encoding: base64\r\n"
                              "Content-Disposition: attachment; filename=\"%s\"\r\n\r\n",
                              boundary, a->content_type, a->name, a->name);
      append_base64 (out, a->data);
    }
    g_string_append_printf (out, "--%s--\r\n", boundary);
    g_free (boundary);
  }
  g_free (uuid);
  g_free (domain);
  return g_string_free_to_bytes (out);
}
