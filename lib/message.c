/* message.c - the mail data: dot-stuffing (RFC 821 §4.5.2), the header
 * block (RFC 822 §3.1) and the trace lines each SMTP host stamps on top of
 * it (RFC 821 §4.1.2, RFC 5321 §4.4).
 *
 * Everything here works on bytes in memory; nothing reads or writes a
 * socket.  The sender calls smtp_dot_stuff() on the whole message, the
 * receiver calls smtp_dot_unstuff_line() on each line as it arrives.
 */
#include "message.h"

#include <string.h>

/* RFC 5322 §2.1.1: a line SHOULD be no more than 78 characters, not
 * counting the CRLF. */
#define FOLD_WIDTH 78
/* RFC 822 §3.1.1: a folded line goes on after CRLF and white space. */
#define FOLD "\r\n    "

/* is_wsp - RFC 822 §3.3 LWSP-char: SP or HTAB */
static gboolean
is_wsp (char c)
{
  return c == ' ' || c == '\t';
}

/* next_line - the line that starts at pos: sets *text_end to where its
 * text ends and returns where the next line starts.  CRLF, a bare LF and
 * a bare CR all end a line (RFC 5321 §2.3.8), so what the sender puts on
 * the wire has no line end but CRLF: no "\n.\n" or "\r.\r" can end a
 * message early at a receiver that reads them loosely (SMTP smuggling). */
static gsize
next_line (const char *data, gsize len, gsize pos, gsize *text_end)
{
  gsize end = pos;
  while (end < len && data[end] != '\r' && data[end] != '\n')
    end++;
  *text_end = end;
  if (end == len)
    return len;                   /* the last line has no line end */
  if (data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
    return end + 2;
  return end + 1;
}

/* ---- transparency (RFC 821 §4.5.2) ---- */

/* smtp_dot_stuff - the mail data as the sender-SMTP puts it on the wire:
 * lines ended by CRLF, a period doubled at a line's start (RFC 821
 * §4.5.2), and the lone "." that ends it (§4.1.1) */
GBytes *
smtp_dot_stuff (const char *data, gsize len)
{
  GString *wire = g_string_sized_new (len + len / 32 + 8);
  gsize pos = 0;

  while (pos < len) {
    gsize text_end;
    gsize next = next_line (data, len, pos, &text_end);
    /* RFC 821 §4.5.2: "If it is a period, one additional period is
     * inserted at the beginning of the line." */
    if (data[pos] == '.')
      g_string_append_c (wire, '.');
    g_string_append_len (wire, data + pos, text_end - pos);
    g_string_append (wire, "\r\n");
    pos = next;
  }
  /* RFC 821 §4.1.1 DATA: "The mail data is terminated by a line
   * containing only a period" */
  g_string_append (wire, ".\r\n");
  return g_string_free_to_bytes (wire);
}

/* smtp_dot_unstuff_line - what the receiver-SMTP keeps of one data line:
 * a leading period goes, a lone "." ends the data (RFC 821 §4.5.2) */
gsize
smtp_dot_unstuff_line (const char *line, gsize len, gboolean *is_end)
{
  /* RFC 821 §4.5.2: "If the line is composed of a single period it is
   * the end of mail.  If the first character is a period and there are
   * other characters on the line, the first character is deleted." */
  *is_end = len == 1 && line[0] == '.';
  if (*is_end)
    return 0;
  return (len > 0 && line[0] == '.') ? 1 : 0;
}

/* ---- the header block (RFC 822 §3.1) ---- */

/* smtp_header_free - frees one field (NULL is fine) */
void
smtp_header_free (SmtpHeader *header)
{
  if (header == NULL)
    return;
  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

/* field_name_length - the length of the field name line starts with, or 0
 * when line is not a field.  RFC 822 §3.1.2: field-name is one or more
 * printable ASCII characters (33..126) except ':', followed by ':'. */
static gsize
field_name_length (const char *line, gsize len)
{
  gsize n = 0;
  while (n < len && line[n] >= 33 && line[n] <= 126 && line[n] != ':')
    n++;
  if (n > 0 && n < len && line[n] == ':')
    return n;
  return 0;
}

/* header_new - a field from its first line; name_len is the length of the
 * name, the body starts after the ':' and any white space after it */
static SmtpHeader *
header_new (const char *line, gsize name_len, gsize len)
{
  gsize start = name_len + 1;
  while (start < len && is_wsp (line[start]))
    start++;
  SmtpHeader *header = g_new (SmtpHeader, 1);
  header->name = g_strndup (line, name_len);
  header->value = g_strndup (line + start, len - start);
  return header;
}

/* header_continue - RFC 822 §3.1.1: a line that starts with white space
 * continues the field above; the fold is kept as CRLF + the line */
static void
header_continue (SmtpHeader *header, const char *line, gsize len)
{
  char *text = g_strndup (line, len);
  char *value = g_strconcat (header->value, "\r\n", text, NULL);
  g_free (text);
  g_free (header->value);
  header->value = value;
}

/* smtp_headers_parse - the fields of the header block, in order, up to the
 * empty line that ends it (RFC 822 §3.1) */
GPtrArray *
smtp_headers_parse (const char *message, gsize len, gsize *body_offset)
{
  GPtrArray *headers = g_ptr_array_new_with_free_func ((GDestroyNotify) smtp_header_free);
  gsize pos = 0;

  while (pos < len) {
    gsize text_end;
    gsize next = next_line (message, len, pos, &text_end);
    const char *line = message + pos;
    gsize line_len = text_end - pos;
    gsize name_len = field_name_length (line, line_len);

    if (line_len == 0) {
      /* RFC 822 §3.1: the header is separated from the body by a null line */
      pos = next;
      break;
    }
    if (is_wsp (line[0]) && headers->len > 0)
      header_continue (g_ptr_array_index (headers, headers->len - 1), line, line_len);
    else if (name_len > 0)
      g_ptr_array_add (headers, header_new (line, name_len, line_len));
    else
      break;                      /* not a field: the body starts here */
    pos = next;
  }
  *body_offset = pos;
  return headers;
}

/* smtp_headers_get - the body of the first field named name, or NULL */
const char *
smtp_headers_get (GPtrArray *headers, const char *name)
{
  for (guint i = 0; i < headers->len; i++) {
    SmtpHeader *header = g_ptr_array_index (headers, i);
    /* RFC 822 §3.4.7: field names are not case-sensitive */
    if (g_ascii_strcasecmp (header->name, name) == 0)
      return header->value;
  }
  return NULL;
}

/* smtp_headers_count - how many fields are named name (any case) */
guint
smtp_headers_count (GPtrArray *headers, const char *name)
{
  guint count = 0;
  for (guint i = 0; i < headers->len; i++) {
    SmtpHeader *header = g_ptr_array_index (headers, i);
    if (g_ascii_strcasecmp (header->name, name) == 0)
      count++;
  }
  return count;
}

/* smtp_header_unfold - RFC 822 §3.1.1 unfolding: a line end followed by
 * white space, with that white space, becomes one space */
char *
smtp_header_unfold (const char *value)
{
  GString *out = g_string_sized_new (strlen (value));
  const char *p = value;

  while (*p != '\0') {
    gsize line_end = (p[0] == '\r' && p[1] == '\n') ? 2 : (p[0] == '\n') ? 1 : 0;
    if (line_end > 0 && is_wsp (p[line_end])) {
      p += line_end;
      while (is_wsp (*p))
        p++;
      g_string_append_c (out, ' ');
    } else {
      g_string_append_c (out, *p);
      p++;
    }
  }
  return g_string_free (out, FALSE);
}

/* ---- trace lines (RFC 821 §4.1.2, RFC 5321 §4.4) ---- */

/* RFC 822 §5.1: day and month names are English, whatever the locale. */
static const char *const day_names[] = {
  "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};
static const char *const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun",
  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* smtp_now_local - the time now in the local zone, which is read only
 * once (GLib would read /etc/localtime again for every message) */
GDateTime *
smtp_now_local (void)
{
  static GTimeZone *zone;
  if (!zone)
    zone = g_time_zone_new_local ();
  return g_date_time_new_now (zone);
}

/* smtp_rfc822_date - "Wed, 18 Mar 1998 15:39:44 +0000" (RFC 5322 §3.3),
 * in English whatever the locale */
char *
smtp_rfc822_date (GDateTime *when)
{
  /* RFC 5322 §3.3: the zone is "+" or "-" and four digits, hhmm */
  GTimeSpan offset = g_date_time_get_utc_offset (when);
  char sign = offset < 0 ? '-' : '+';
  gint64 zone_minutes = ABS (offset) / G_TIME_SPAN_MINUTE;

  return g_strdup_printf ("%s, %d %s %04d %02d:%02d:%02d %c%02d%02d",
                          day_names[g_date_time_get_day_of_week (when) - 1],
                          g_date_time_get_day_of_month (when),
                          month_names[g_date_time_get_month (when) - 1],
                          g_date_time_get_year (when),
                          g_date_time_get_hour (when),
                          g_date_time_get_minute (when),
                          g_date_time_get_second (when),
                          sign, (int) (zone_minutes / 60), (int) (zone_minutes % 60));
}

/* address_literal - RFC 5321 §4.1.3: "[127.0.0.1]", or "[IPv6:::1]" */
static char *
address_literal (const char *address)
{
  if (strchr (address, ':') != NULL)
    return g_strdup_printf ("[IPv6:%s]", address);
  return g_strdup_printf ("[%s]", address);
}

/* append_folded - appends separator and part to field when the last line
 * has room for them (FOLD_WIDTH), else folds and puts part on a new line */
static void
append_folded (GString *field, const char *separator, const char *part)
{
  const char *last_lf = strrchr (field->str, '\n');
  gsize line_len = last_lf ? (gsize) (field->str + field->len - (last_lf + 1)) : field->len;

  if (line_len + strlen (separator) + strlen (part) <= FOLD_WIDTH)
    g_string_append (field, separator);
  else
    g_string_append (field, FOLD);
  g_string_append (field, part);
}

/* smtp_received_line - the time stamp line, RFC 5321 §4.4:
 *   "Received:" FWS "from" From-domain [TCP-info] FWS "by" By-domain
 *   ["with" protocol] ["id" id] ["for" path] [CFWS] ";" FWS date-time */
char *
smtp_received_line (const SmtpReceived *received)
{
  GString *field = g_string_new ("Received: from ");
  g_string_append (field, received->from_domain);
  if (received->from_address) {
    char *literal = address_literal (received->from_address);
    g_string_append_printf (field, " (%s)", literal);
    g_free (literal);
  }

  GString *by = g_string_new ("by ");
  g_string_append (by, received->by_domain);
  if (received->with)
    g_string_append_printf (by, " with %s", received->with);
  if (received->id)
    g_string_append_printf (by, " id %s", received->id);
  if (received->for_path)
    g_string_append_printf (by, " for %s", received->for_path);

  /* the ";" stays with the clauses; a fold, if any, comes after it */
  g_string_append_c (by, ';');
  char *date = smtp_rfc822_date (received->when);

  append_folded (field, " ", by->str);
  append_folded (field, " ", date);
  g_string_append (field, "\r\n");

  g_free (date);
  g_string_free (by, TRUE);
  return g_string_free (field, FALSE);
}

/* smtp_received_with - RFC 3848: SMTP, ESMTP, and an S for TLS, an A
 * for AUTH */
const char *
smtp_received_with (gboolean esmtp, gboolean tls, gboolean authenticated)
{
  static const char *with[] = { "ESMTP", "ESMTPA", "ESMTPS", "ESMTPSA" };
  return esmtp ? with[(tls ? 2 : 0) + (authenticated ? 1 : 0)] : "SMTP";
}

/* smtp_return_path_line - RFC 821 §4.1.2:
 *   <return-path-line> ::= "Return-Path:" <SP><reverse-path><CRLF> */
char *
smtp_return_path_line (const char *reverse_path)
{
  return g_strconcat ("Return-Path: ", reverse_path, "\r\n", NULL);
}

/* has_header_block - RFC 5322 §2.1 (RFC 822 §3.1): a message is header
 * fields, then an empty line, then the body.  Mail data opens a header
 * block when its first line is a field, or is the empty line itself (no
 * fields); empty mail data is a header block with nothing in it. */
static gboolean
has_header_block (const char *message, gsize len)
{
  gsize text_end;
  next_line (message, len, 0, &text_end);
  return text_end == 0 || field_name_length (message, text_end) > 0;
}

/* smtp_message_prepend - stamp lines on top of the message (RFC 821 §4.1.2) */
GBytes *
smtp_message_prepend (const char *stamp, const char *message, gsize len)
{
  /* LAB 04 BEGIN stamp-on-top */
  GString *out = g_string_sized_new (strlen (stamp) + len + 2);
  g_string_append (out, stamp);
  /* mail data with no header block (a letter typed through nc) is all
   * body: the stamps become its header, so the empty line that ends a
   * header (RFC 5322 §2.1) goes between them and the body */
  if (!has_header_block (message, len))
    g_string_append (out, "\r\n");
  g_string_append_len (out, message, len);
  return g_string_free_to_bytes (out);
  /* LAB 04 END */
}

/* smtp_message_for_mailbox - Return-Path: on top, local line ends.  SMTP
 * carries lines ended by CRLF (RFC 821 §2); a Maildir on Unix holds them
 * ended by LF, as every local delivery agent writes them. */
GBytes *
smtp_message_for_mailbox (const char *reverse_path, const char *message, gsize len)
{
  char *return_path = smtp_return_path_line (reverse_path);
  GString *out = g_string_sized_new (strlen (return_path) + len);
  g_string_append (out, return_path);
  g_string_append_len (out, message, len);
  g_free (return_path);

  /* each CR that comes before an LF goes: the text between them moves up */
  char *s = out->str;
  gsize w = 0, r = 0;
  while (r < out->len) {
    const char *cr = memchr (s + r, '\r', out->len - r);
    gsize end = cr ? (gsize) (cr - s) : out->len;
    memmove (s + w, s + r, end - r);
    w += end - r;
    r = end;
    if (r < out->len && !(r + 1 < out->len && s[r + 1] == '\n'))
      s[w++] = s[r];          /* a CR not before LF stays */
    if (r < out->len)
      r++;
  }
  g_string_truncate (out, w);
  return g_string_free_to_bytes (out);
}
