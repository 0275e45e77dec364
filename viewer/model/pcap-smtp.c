/* pcap-smtp.c - reassembled TCP streams read as SMTP dialogues. */
#include "pcap-smtp.h"

#include <string.h>

#include "sasl.h"
#include "grammar.h"
#include "message.h"
#include "reply.h"
#include "tcp.h"
#include "trace.h"
#include "verbs.h"

/* One line of one side, and when it was complete. */
typedef struct {
  int side;                 /* 0 client, 1 server */
  gsize start, end;         /* in the side's bytes, without the line end */
  gint64 ts;
} Line;

/* What the reader of one stream carries from line to line. */
typedef struct {
  GString *out;
  const SmtplabTcpStream *stream;
  char *host, *session;
  GPtrArray *reply;         /* the lines of a multi-line reply so far */
  gboolean data_mode, encrypted, auth_challenge, starttls_sent;
  gboolean show_secrets;    /* --show-secrets: AUTH in the clear decoded */
  char *auth_mechanism;     /* of the AUTH exchange going on */
  guint auth_step;          /* its messages so far (the initial response counts) */
  GString *mail_data;
  guint data_lines, messages;
} Reader;

/* begin - an event with the members every event has */
static SmtpTraceEvent *
begin (Reader *r, gint64 ts, const char *event)
{
  return smtp_trace_event_begin (r->out, ts, r->host, "server", r->session, event);
}

/* line_text - a line of a side, newly allocated */
static char *
line_text (const Reader *r, const Line *l)
{
  const GByteArray *bytes = r->stream->side[l->side].bytes;
  gsize len = l->end - l->start;
  if (len > 0 && bytes->data[l->end - 1] == '\r')
    len--;
  return g_strndup ((const char *) bytes->data + l->start, len);
}

/* reply_line - a server line: a whole reply once its last line is there */
static void
reply_line (Reader *r, const Line *l, const char *text)
{
  guint code;
  gboolean last;
  const char *words;
  if (!smtp_reply_line_parse (text, &code, &last, &words))
    return;
  g_ptr_array_add (r->reply, g_strdup (words));
  if (!last)
    return;
  SmtpTraceEvent *b = begin (r, l->ts, "reply");
  smtp_trace_add_int (b, "code", code);
  smtp_trace_add_strings (b, "lines", (const char * const *) r->reply->pdata, r->reply->len);
  smtp_trace_event_end (b);
  g_ptr_array_set_size (r->reply, 0);
  r->data_mode = code == 354;                          /* RFC 821 §4.1.1 DATA */
  r->auth_challenge = code == 334;                     /* RFC 4954 §4 */
  if (r->starttls_sent && code == 220) {               /* RFC 3207 §4 */
    r->encrypted = TRUE;
    b = begin (r, l->ts, "tls");
    smtp_trace_add_string (b, "detail", "encrypted from here on: the capture cannot show the rest");
    smtp_trace_event_end (b);
  }
  r->starttls_sent = FALSE;
}

/* mail_data_end - the lone "." ended the mail data: its size and header block */
static void
mail_data_end (Reader *r, const Line *l)
{
  SmtpTraceEvent *b = begin (r, l->ts, "data");
  smtp_trace_add_int (b, "size", r->mail_data->len);
  smtp_trace_add_int (b, "lines", r->data_lines);
  smtp_trace_event_end (b);
  gsize body;
  GPtrArray *headers = smtp_headers_parse (r->mail_data->str, r->mail_data->len, &body);
  char *id = g_strdup_printf ("%s.%u", r->session, ++r->messages);
  b = begin (r, l->ts, "message");
  smtp_trace_add_string (b, "id", id);
  smtp_trace_add_int (b, "hop", smtp_headers_count (headers, "Received"));
  smtp_trace_add_headers (b, headers);
  smtp_trace_event_end (b);
  g_free (id);
  g_ptr_array_unref (headers);
  g_string_truncate (r->mail_data, 0);
  r->data_lines = 0;
  r->data_mode = FALSE;
}

/* verb_is - TRUE when verb is the verb table's row explained by text */
static gboolean
verb_is (const char *verb, SmtpVerbText text)
{
  const SmtpVerb *row = smtp_verb_lookup (verb);
  return row && row->text == text;
}

/* auth_line - a client line as shown (sasl.h): masked, or with
 * --show-secrets decoded, since every line the capture can read went in
 * the clear (after STARTTLS it reads nothing).  Follows the AUTH exchange
 * (RFC 4954 §4): its mechanism, and how many messages it sent. */
static char *
auth_line (Reader *r, const char *text, const char *verb, const char *argument, char **secret)
{
  if (r->auth_challenge)
    return smtp_sasl_show_line (text, r->auth_mechanism ? r->auth_mechanism : "", r->auth_step++,
                                r->show_secrets, secret);
  if (verb_is (verb, SMTP_TEXT_AUTH) && argument) {
    g_free (r->auth_mechanism);
    r->auth_mechanism = g_strndup (argument, strcspn (argument, " "));
    r->auth_step = strchr (argument, ' ') ? 1 : 0;
  }
  return smtp_sasl_show_line (text, NULL, 0, r->show_secrets, secret);
}

/* client_line - a command, or a line of mail data (RFC 821 §4.5.2) */
static void
client_line (Reader *r, const Line *l, const char *text)
{
  if (r->data_mode) {
    gboolean is_end;
    gsize skip = smtp_dot_unstuff_line (text, strlen (text), &is_end);
    if (is_end) {
      mail_data_end (r, l);
      return;
    }
    g_string_append_printf (r->mail_data, "%s\r\n", text + skip);
    r->data_lines++;
    return;
  }
  char *verb = NULL, *argument = NULL;
  smtp_command_split (text, &verb, &argument, NULL);
  char *secret;
  char *shown = auth_line (r, text, verb, argument, &secret);
  SmtpTraceEvent *b = begin (r, l->ts, "command");
  smtp_trace_add_string (b, "line", shown);
  smtp_trace_add_string (b, "verb", r->auth_challenge || !verb ? "" : verb);
  if (secret)
    smtp_trace_add_string (b, "secret", secret);
  smtp_trace_event_end (b);
  r->starttls_sent = verb_is (verb, SMTP_TEXT_STARTTLS);
  g_free (secret);
  g_free (shown);
  g_free (verb);
  g_free (argument);
}

/* split_lines - a side's bytes as lines, each with when it was complete */
static void
split_lines (const SmtplabTcpStream *s, int side, GArray *lines)
{
  const GByteArray *bytes = s->side[side].bytes;
  gsize start = 0;
  for (gsize i = 0; i < bytes->len; i++) {
    if (bytes->data[i] != '\n')
      continue;
    Line l = { side, start, i, smtplab_tcp_side_time (&s->side[side], i) };
    g_array_append_val (lines, l);
    start = i + 1;
  }
}

/* in_time - lines by time; the server first when equal, then in order */
static int
in_time (gconstpointer a, gconstpointer b)
{
  const Line *x = a, *y = b;
  if (x->ts != y->ts)
    return x->ts < y->ts ? -1 : 1;
  if (x->side != y->side)
    return y->side - x->side;
  return x->start < y->start ? -1 : 1;
}

/* greeting_host - the server's name from its 220 greeting (RFC 821 §3.5),
 * or NULL when its first line is no SMTP greeting */
static char *
greeting_host (const SmtplabTcpStream *s)
{
  const GByteArray *bytes = s->side[1].bytes;
  const guint8 *nl = memchr (bytes->data, '\n', bytes->len);
  if (!nl)
    return NULL;
  char *first = g_strndup ((const char *) bytes->data, nl - bytes->data);
  g_strchomp (first);
  guint code;
  gboolean last;
  const char *text;
  char *host = NULL;
  if (smtp_reply_line_parse (first, &code, &last, &text) && (code == 220 || code == 421 || code == 554))
    host = g_strndup (text, strcspn (text, " "));
  g_free (first);
  return host;
}

/* connect_event - the first event of a stream's session: who talked to whom */
static void
connect_event (Reader *r)
{
  SmtpTraceEvent *b = begin (r, r->stream->first_ts, "connect");
  smtp_trace_add_string (b, "peer", r->stream->side[0].address);
  smtp_trace_add_string (b, "local", r->stream->side[1].address);
  smtp_trace_event_end (b);
}

/* close_event - the last event: how the stream ended */
static void
close_event (Reader *r, gint64 ts)
{
  const SmtplabTcpStream *s = r->stream;
  gboolean reset = s->side[0].rst || s->side[1].rst, closed = s->side[0].fin || s->side[1].fin;
  SmtpTraceEvent *b = begin (r, ts, "close");
  smtp_trace_add_string (b, "reason", reset ? "reset (RST)" : closed ? "closed (FIN)" : "the capture ends here");
  smtp_trace_event_end (b);
}

/* read_stream - one SMTP stream into trace lines */
static void
read_stream (GString *out, const SmtplabTcpStream *s, char *host, guint number, gboolean show_secrets)
{
  Reader r = { .out = out, .stream = s, .host = host, .show_secrets = show_secrets };
  r.session = g_strdup_printf ("capture.%u", number);
  r.reply = g_ptr_array_new_with_free_func (g_free);
  r.mail_data = g_string_new (NULL);
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (Line));
  split_lines (s, 0, lines);
  split_lines (s, 1, lines);
  g_array_sort (lines, in_time);
  connect_event (&r);
  gint64 last = s->first_ts;
  for (guint i = 0; i < lines->len && !r.encrypted; i++) {
    const Line *l = &g_array_index (lines, Line, i);
    char *text = line_text (&r, l);
    if (l->side == 1)
      reply_line (&r, l, text);
    else
      client_line (&r, l, text);
    last = l->ts;
    g_free (text);
  }
  close_event (&r, last);
  g_array_unref (lines);
  g_string_free (r.mail_data, TRUE);
  g_ptr_array_unref (r.reply);
  g_free (r.auth_mechanism);
  g_free (r.session);
}

/* orient - a stream seen without its SYN: the side that greets is the server */
static void
orient (SmtplabTcpStream *s)
{
  if (s->syn_seen || s->side[0].bytes->len < 4 || !g_ascii_isdigit (s->side[0].bytes->data[0]))
    return;
  SmtplabTcpSide swap = s->side[0];
  s->side[0] = s->side[1];
  s->side[1] = swap;
}

GBytes *
smtplab_pcap_smtp_trace (GPtrArray *streams, gboolean show_secrets, guint *n_skipped)
{
  GString *out = g_string_new (NULL);
  guint skipped = 0, number = 0;
  for (guint i = 0; i < streams->len; i++) {
    SmtplabTcpStream *s = g_ptr_array_index (streams, i);
    orient (s);
    char *host = greeting_host (s);
    if (host)
      read_stream (out, s, host, ++number, show_secrets);
    else
      skipped++;
    g_free (host);
  }
  if (n_skipped)
    *n_skipped = skipped;
  return g_string_free_to_bytes (out);
}
