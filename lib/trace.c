/* trace.c - the JSON Lines trace (docs/trace-format.md). */
#include "trace.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "message.h"

struct _SmtpTrace {
  int fd;
  char *host;
  JsonGenerator *generator;   /* one for every event: it keeps no state */
  JsonBuilder *builder;       /* reused for every event (a server writes
                               * some 20 a message) ... */
  gboolean building;          /* ... unless one is under way: then a new one */
};

G_DEFINE_QUARK (smtp-trace-error-quark, smtp_trace_error)

SmtpTrace *
smtp_trace_open (const char *path, const char *host, GError **error)
{
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 "cannot open trace %s: %s", path, g_strerror (errno));
    return NULL;
  }
  SmtpTrace *trace = g_new0 (SmtpTrace, 1);
  trace->fd = fd;
  trace->host = g_strdup (host);
  trace->generator = json_generator_new ();
  trace->builder = json_builder_new ();
  return trace;
}

void
smtp_trace_close (SmtpTrace *trace)
{
  if (!trace)
    return;
  close (trace->fd);
  g_object_unref (trace->generator);
  g_object_unref (trace->builder);
  g_free (trace->host);
  g_free (trace);
}

const char *
smtp_trace_host (SmtpTrace *trace)
{
  return trace->host;
}

char *
smtp_trace_new_session_id (void)
{
  static guint counter;
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%d.%u", g_get_real_time () / G_USEC_PER_SEC,
                          (int) getpid (), ++counter);
}

/* now_rfc3339 - "2026-11-24T10:00:00.123456Z" into ts (RFC 3339 §5.6) */
static void
now_rfc3339 (char ts[32])
{
  gint64 now = g_get_real_time ();
  time_t seconds = now / G_USEC_PER_SEC;
  struct tm utc;
  gmtime_r (&seconds, &utc);
  gsize n = strftime (ts, 32, "%Y-%m-%dT%H:%M:%S", &utc);
  g_snprintf (ts + n, 32 - n, ".%06dZ", (int) (now % G_USEC_PER_SEC));
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

JsonBuilder *
smtp_trace_begin (SmtpTrace *trace, const char *role, const char *session, const char *event)
{
  if (!trace)
    return NULL;
  JsonBuilder *b;
  if (trace->building) {
    b = json_builder_new ();
  } else {
    b = trace->builder;
    json_builder_reset (b);
    trace->building = TRUE;
  }
  char ts[32];
  now_rfc3339 (ts);
  json_builder_begin_object (b);
  add_string (b, "ts", ts);
  json_builder_set_member_name (b, "v");
  json_builder_add_int_value (b, SMTP_TRACE_VERSION);
  add_string (b, "host", trace->host);
  add_string (b, "role", role);
  add_string (b, "session", session);
  add_string (b, "event", event);
  return b;
}

/* write_line - one event, one write(2): appends from several processes
 * never interleave inside a line */
static void
write_line (int fd, const char *line, gsize len)
{
  while (len > 0) {
    ssize_t n = write (fd, line, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;                       /* a trace must never stop the mail */
    line += n;
    len -= n;
  }
}

void
smtp_trace_end (SmtpTrace *trace, JsonBuilder *b)
{
  if (!trace || !b)
    return;
  json_builder_end_object (b);
  JsonNode *root = json_builder_get_root (b);
  json_generator_set_root (trace->generator, root);
  gsize len;
  char *text = json_generator_to_data (trace->generator, &len);
  char *line = g_realloc (text, len + 2);
  line[len] = '\n';
  line[len + 1] = '\0';
  write_line (trace->fd, line, len + 1);
  g_free (line);
  json_generator_set_root (trace->generator, NULL);
  json_node_unref (root);
  if (b == trace->builder)
    trace->building = FALSE;
  else
    g_object_unref (b);
}

void
smtp_trace_command (SmtpTrace *trace, const char *role, const char *session,
                    const char *line, const char *verb)
{
  JsonBuilder *b = smtp_trace_begin (trace, role, session, "command");
  if (!b)
    return;
  /* the line as text even if it holds bytes that are not UTF-8 */
  char *valid = g_utf8_make_valid (line, -1);
  add_string (b, "line", valid);
  char *guess = NULL;
  if (!verb) {
    gsize n = strspn (valid, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    guess = g_ascii_strup (valid, n);
  }
  add_string (b, "verb", verb ? verb : guess);
  smtp_trace_end (trace, b);
  g_free (guess);
  g_free (valid);
}

void
smtp_trace_reply (SmtpTrace *trace, const char *role, const char *session,
                  guint code, const char * const *lines)
{
  JsonBuilder *b = smtp_trace_begin (trace, role, session, "reply");
  if (!b)
    return;
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, code);
  json_builder_set_member_name (b, "lines");
  json_builder_begin_array (b);
  for (guint i = 0; lines && lines[i]; i++) {
    char *valid = g_utf8_make_valid (lines[i], -1);
    json_builder_add_string_value (b, valid);
    g_free (valid);
  }
  json_builder_end_array (b);
  smtp_trace_end (trace, b);
}

void
smtp_trace_add_headers (JsonBuilder *b, GPtrArray *headers)
{
  json_builder_set_member_name (b, "headers");
  json_builder_begin_array (b);
  for (guint i = 0; i < headers->len; i++) {
    const SmtpHeader *h = g_ptr_array_index (headers, i);
    char *name = g_utf8_make_valid (h->name, -1);
    char *value = g_utf8_make_valid (h->value, -1);
    json_builder_begin_array (b);
    json_builder_add_string_value (b, name);
    json_builder_add_string_value (b, value);
    json_builder_end_array (b);
    g_free (name);
    g_free (value);
  }
  json_builder_end_array (b);
}

JsonObject *
smtp_trace_parse_line (const char *line, gsize len, GError **error)
{
  static const char *required[] = { "ts", "host", "role", "session", "event" };
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    len--;
  JsonParser *parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, line, len, error)) {
    g_object_unref (parser);
    return NULL;
  }
  JsonNode *root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_set_error (error, SMTP_TRACE_ERROR, SMTP_TRACE_ERROR_MALFORMED, "an event must be an object");
    g_object_unref (parser);
    return NULL;
  }
  JsonObject *object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (required); i++) {
    JsonNode *member = json_object_get_member (object, required[i]);
    if (!member || json_node_get_value_type (member) != G_TYPE_STRING) {
      g_set_error (error, SMTP_TRACE_ERROR, SMTP_TRACE_ERROR_MALFORMED,
                   "an event needs a string \"%s\"", required[i]);
      g_object_unref (parser);
      return NULL;
    }
  }
  json_object_ref (object);
  g_object_unref (parser);
  return object;
}
