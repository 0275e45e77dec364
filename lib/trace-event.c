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

/* plain - TRUE if value can go between quotes unchanged (RFC 8259 §7) */
static gboolean
plain (const char *value)
{
  for (const guchar *p = (const guchar *) value; *p; p++)
    if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
      return FALSE;
  return TRUE;
}

/* append_json_string - value as a JSON string: valid UTF-8, quoted, escaped */
static void
append_json_string (GString *out, const char *value)
{
  if (plain (value)) {
    g_string_append_c (out, '"');
    g_string_append (out, value);
    g_string_append_c (out, '"');
    return;
  }
  char *valid = g_utf8_make_valid (value, -1);
  JsonNode *node = json_node_init_string (json_node_alloc (), valid);
  char *quoted = json_to_string (node, FALSE);
  g_string_append (out, quoted);
  g_free (quoted);
  json_node_unref (node);
  g_free (valid);
}

/* append_name - the separator before a member, then "name": */
static void
append_name (SmtpTraceEvent *e, const char *name)
{
  if (e->members++ > 0)
    g_string_append_c (e->out, ',');
  append_json_string (e->out, name);
  g_string_append_c (e->out, ':');
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
  g_string_append_printf (e->out, "%" G_GINT64_FORMAT, value);
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
  g_snprintf (out, 32, "%s.%06dZ", cache->text, (int) (ts % G_USEC_PER_SEC));
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
