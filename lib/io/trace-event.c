/* trace-event.c - one trace event written as one line of JSON.
 *
 * An event is a flat JSON object whose member names are fixed words of this
 * code and whose values are strings, integers, booleans and arrays of
 * strings.  It is written straight into a GString: a server writes some
 * twenty events a message, and building each as a json-glib tree first
 * (a hash table, a node and a copy of every string, then a generator that
 * walks it) cost more than half of the server's processor time
 * (docs/benchmarks.md).  A string value is copied as it is when JSON
 * allows that (RFC 8259 §7: printable ASCII other than '"' and '\');
 * any other string is quoted and escaped by json-glib's own generator.
 * tests/unit/test-trace.c checks that every line is byte for byte what
 * json-glib would write for the same object.
 */
#include "trace-private.h"

#include <string.h>
#include <time.h>

#include "message.h"

/* escaper - json-glib's generator, one for each thread that writes events */
static JsonGenerator *
escaper (void)
{
  static GPrivate key = G_PRIVATE_INIT (g_object_unref);
  JsonGenerator *generator = g_private_get (&key);
  if (!generator) {
    generator = json_generator_new ();
    g_private_set (&key, generator);
  }
  return generator;
}

/* put - n bytes at the end of out: g_string_append_len's work without its
 * function call and checks (a trace line is made of some two hundred
 * small pieces, several hundred thousand a second under load) */
static inline void
put (GString *out, const char *bytes, gsize n)
{
  if (G_LIKELY (out->len + n < out->allocated_len)) {
    memcpy (out->str + out->len, bytes, n);
    out->len += n;
    out->str[out->len] = '\0';
  } else {
    g_string_append_len (out, bytes, (gssize) n);
  }
}

/* What each byte is in a JSON string (RFC 8259 §7): PLAIN goes as it is,
 * HIGH is part of a UTF-8 sequence (checked once for the whole string),
 * SHORT has a two-character escape, and OTHER -- the other bytes below
 * 0x20, and DEL -- is left to json-glib, which writes those as \u00XX but
 * 0x1f as it is.  END is the string's NUL. */
enum { PLAIN, HIGH, SHORT, OTHER, END };
#define P PLAIN
#define H HIGH
#define S SHORT
#define O OTHER
#define E END
static const guchar byte_class[256] = {
  /* 00 */ E, O, O, O, O, O, O, O, S, S, S, O, S, S, O, O,
  /* 10 */ O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
  /* 20 */ P, P, S, P, P, P, P, P, P, P, P, P, P, P, P, P,
  /* 30 */ P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
  /* 40 */ P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
  /* 50 */ P, P, P, P, P, P, P, P, P, P, P, P, S, P, P, P,
  /* 60 */ P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, P,
  /* 70 */ P, P, P, P, P, P, P, P, P, P, P, P, P, P, P, O,
  /* 80 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* 90 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* a0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* b0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* c0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* d0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* e0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
  /* f0 */ H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef P
#undef H
#undef S
#undef O
#undef E
static const char short_escape[128][3] = {
  ['"'] = "\\\"", ['\\'] = "\\\\", ['\b'] = "\\b", ['\f'] = "\\f",
  ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
};

/* append_escaped - value quoted and escaped in one pass, runs of plain
 * bytes copied at once; FALSE (out unchanged) when value has a byte only
 * json-glib should write (OTHER), or bytes that are not UTF-8 */
static gboolean
append_escaped (GString *out, const char *value)
{
  gsize start = out->len;
  const guchar *p = (const guchar *) value;
  const guchar *run = p;
  gboolean utf8 = FALSE;
  put (out, "\"", 1);
  for (;; p++) {
    guchar kind = byte_class[*p];
    if (kind == PLAIN)
      continue;
    if (kind == HIGH) {
      utf8 = TRUE;
      continue;
    }
    put (out, (const char *) run, p - run);
    if (kind == END)
      break;
    if (kind == OTHER) {
      g_string_truncate (out, start);
      return FALSE;
    }
    put (out, short_escape[*p], 2);
    run = p + 1;
  }
  if (utf8 && !g_utf8_validate (value, p - (const guchar *) value, NULL)) {
    g_string_truncate (out, start);
    return FALSE;
  }
  put (out, "\"", 1);
  return TRUE;
}

/* append_json_string - value as a JSON string: valid UTF-8, quoted, escaped */
static void
append_json_string (GString *out, const char *value)
{
  if (append_escaped (out, value))
    return;
  char *valid = g_utf8_make_valid (value, -1);
  JsonNode *node = json_node_init_string (json_node_alloc (), valid);
  JsonGenerator *generator = escaper ();
  json_generator_set_root (generator, node);
  json_generator_to_gstring (generator, out);
  json_generator_set_root (generator, NULL);
  json_node_unref (node);
  g_free (valid);
}

/* append_decimal - an integer as JSON writes it (what "%" G_GINT64_FORMAT
 * gives, without printf's cost: a server writes a dozen a message) */
static void
append_decimal (GString *out, gint64 value)
{
  char digits[24];
  int n = 0;
  guint64 magnitude = value < 0 ? 0 - (guint64) value : (guint64) value;
  do {
    digits[n++] = (char) ('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude > 0);
  if (value < 0)
    g_string_append_c (out, '-');
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

/* append_name - the separator before a member, then "name": (names are
 * fixed words of this code, which JSON takes as they are) */
static void
append_name (SmtpTraceEvent *e, const char *name)
{
  if (e->members++ > 0)
    put (e->out, ",", 1);
  put (e->out, "\"", 1);
  put (e->out, name, strlen (name));
  put (e->out, "\":", 2);
}

void
smtp_trace_add_string (SmtpTraceEvent *e, const char *name, const char *value)
{
  if (!e)
    return;
  append_name (e, name);
  append_json_string (e->out, value ? value : "");
}

void
smtp_trace_add_int (SmtpTraceEvent *e, const char *name, gint64 value)
{
  if (!e)
    return;
  append_name (e, name);
  append_decimal (e->out, value);
}

void
smtp_trace_add_bool (SmtpTraceEvent *e, const char *name, gboolean value)
{
  if (!e)
    return;
  append_name (e, name);
  g_string_append (e->out, value ? "true" : "false");
}

void
smtp_trace_add_strings (SmtpTraceEvent *e, const char *name, const char * const *values,
                        gssize n)
{
  if (!e)
    return;
  append_name (e, name);
  g_string_append_c (e->out, '[');
  for (gssize i = 0; values && (n < 0 ? values[i] != NULL : i < n); i++) {
    if (i > 0)
      g_string_append_c (e->out, ',');
    append_json_string (e->out, values[i]);
  }
  g_string_append_c (e->out, ']');
}

void
smtp_trace_add_headers (SmtpTraceEvent *e, GPtrArray *headers)
{
  if (!e)
    return;
  append_name (e, "headers");
  g_string_append_c (e->out, '[');
  for (guint i = 0; i < headers->len; i++) {
    const SmtpHeader *h = g_ptr_array_index (headers, i);
    g_string_append (e->out, i > 0 ? ",[" : "[");
    append_json_string (e->out, h->name);
    g_string_append_c (e->out, ',');
    append_json_string (e->out, h->value);
    g_string_append_c (e->out, ']');
  }
  g_string_append_c (e->out, ']');
}

/* smtp_trace_format_time - ts as RFC 3339 in UTC with microseconds
 * (RFC 3339 §5.6): "2026-11-24T10:00:00.123456Z"; the part up to the
 * seconds is kept in cache and made again only when the second changes */
void
smtp_trace_format_time (gint64 ts, SmtpTraceClock *cache, char out[32])
{
  gint64 seconds = ts / G_USEC_PER_SEC;
  if (!cache->valid || cache->seconds != seconds) {
    time_t t = (time_t) seconds;
    struct tm utc;
    gmtime_r (&t, &utc);
    strftime (cache->text, sizeof cache->text, "%Y-%m-%dT%H:%M:%S", &utc);
    cache->seconds = seconds;
    cache->valid = TRUE;
  }
  /* the microseconds: six digits and Z */
  gsize n = strlen (cache->text);
  memcpy (out, cache->text, n);
  out[n] = '.';
  int micro = (int) (ts % G_USEC_PER_SEC);
  for (int i = 6; i >= 1; i--, micro /= 10)
    out[n + i] = (char) ('0' + micro % 10);
  out[n + 7] = 'Z';
  out[n + 8] = '\0';
}

void
smtp_trace_event_open (SmtpTraceEvent *e, GString *out, const char *ts, const char *host,
                       const char *role, const char *session, const char *event)
{
  e->out = out;
  e->members = 0;
  g_string_append_c (out, '{');
  smtp_trace_add_string (e, "ts", ts);
  smtp_trace_add_int (e, "v", SMTP_TRACE_VERSION);
  smtp_trace_add_string (e, "host", host);
  smtp_trace_add_string (e, "role", role);
  smtp_trace_add_string (e, "session", session);
  smtp_trace_add_string (e, "event", event);
}

void
smtp_trace_event_close (SmtpTraceEvent *e)
{
  g_string_append (e->out, "}\n");
}

SmtpTraceEvent *
smtp_trace_event_begin (GString *out, gint64 ts, const char *host, const char *role,
                        const char *session, const char *event)
{
  SmtpTraceClock clock = { 0 };
  char when[32];
  smtp_trace_format_time (ts, &clock, when);
  SmtpTraceEvent *e = g_new0 (SmtpTraceEvent, 1);
  smtp_trace_event_open (e, out, when, host, role, session, event);
  return e;
}

void
smtp_trace_event_end (SmtpTraceEvent *e)
{
  smtp_trace_event_close (e);
  g_free (e);
}
