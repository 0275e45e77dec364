/* trace.c - the JSON Lines trace (docs/trace-format.md). */
#include "trace-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"
#include "store.h"

struct _SmtpTrace {
  int fd;
  char *host;
  GString *pending;           /* whole lines not yet written */
  SmtpTraceClock clock;
  SmtpTraceEvent event;       /* the event being written, into scratch ... */
  GString *scratch;
  gboolean building;          /* ... unless one is under way: then a new one */
};

/* Buffered events are written before anything goes to a peer and each
 * time the main loop is about to wait (flusher_before_poll); a trace with
 * more than this waiting is written at once. */
#define TRACE_PENDING_MAX (64 * 1024)

static GSList *open_traces;   /* every open SmtpTrace (no threads write traces) */
static GSource *flusher;      /* on the default main context while any is open */

G_DEFINE_QUARK (smtp-trace-error-quark, smtp_trace_error)

static void
trace_flush (SmtpTrace *trace)
{
  if (trace->pending->len == 0)
    return;
  /* whole lines with one write(2): appends from several processes never
   * interleave inside a line; a failed write loses them (a trace must
   * never stop the mail) */
  smtp_write_all (trace->fd, trace->pending->str, trace->pending->len);
  g_string_truncate (trace->pending, 0);
}

void
smtp_trace_flush_all (void)
{
  for (GSList *l = open_traces; l; l = l->next)
    trace_flush (l->data);
}

/* flusher - the main loop is about to poll: write what waits */
static gboolean
flusher_before_poll (gpointer data)
{
  (void) data;
  smtp_trace_flush_all ();
  return FALSE;
}

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
  trace->pending = g_string_sized_new (TRACE_PENDING_MAX);
  trace->scratch = g_string_sized_new (1024);
  open_traces = g_slist_prepend (open_traces, trace);
  if (!flusher)
    flusher = smtp_before_poll_add (SMTP_BEFORE_POLL_TRACE, "smtplab trace flusher",
                                    flusher_before_poll, NULL);
  return trace;
}

void
smtp_trace_close (SmtpTrace *trace)
{
  if (!trace)
    return;
  trace_flush (trace);
  close (trace->fd);
  open_traces = g_slist_remove (open_traces, trace);
  if (!open_traces && flusher) {
    g_source_destroy (flusher);
    g_source_unref (flusher);
    flusher = NULL;
  }
  g_string_free (trace->pending, TRUE);
  g_string_free (trace->scratch, TRUE);
  g_free (trace->host);
  g_free (trace);
}

char *
smtp_trace_new_session_id (void)
{
  static guint counter;
  static int pid;
  if (!pid)
    pid = (int) getpid ();
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%d.%u", g_get_real_time () / G_USEC_PER_SEC,
                          pid, ++counter);
}

SmtpTraceEvent *
smtp_trace_begin (SmtpTrace *trace, const char *role, const char *session, const char *event)
{
  if (!trace)
    return NULL;
  char ts[32];
  smtp_trace_format_time (g_get_real_time (), &trace->clock, ts);
  SmtpTraceEvent *e;
  if (trace->building) {
    e = g_new0 (SmtpTraceEvent, 1);
    smtp_trace_event_open (e, g_string_new (NULL), ts, trace->host, role, session, event);
  } else {
    e = &trace->event;
    trace->building = TRUE;
    g_string_truncate (trace->scratch, 0);
    smtp_trace_event_open (e, trace->scratch, ts, trace->host, role, session, event);
  }
  return e;
}

void
smtp_trace_end (SmtpTrace *trace, SmtpTraceEvent *e)
{
  if (!trace || !e)
    return;
  /* each event is a line of its own, in the order the events end */
  smtp_trace_event_close (e);
  g_string_append_len (trace->pending, e->out->str, (gssize) e->out->len);
  if (e == &trace->event) {
    trace->building = FALSE;
  } else {
    g_string_free (e->out, TRUE);
    g_free (e);
  }
  if (trace->pending->len >= TRACE_PENDING_MAX)
    trace_flush (trace);
}

void
smtp_trace_command (SmtpTrace *trace, const char *role, const char *session,
                    const char *line, const char *verb)
{
  smtp_trace_command_secret (trace, role, session, line, verb, NULL);
}

void
smtp_trace_command_secret (SmtpTrace *trace, const char *role, const char *session,
                           const char *line, const char *verb, const char *secret)
{
  SmtpTraceEvent *e = smtp_trace_begin (trace, role, session, "command");
  if (!e)
    return;
  smtp_trace_add_string (e, "line", line);
  char *guess = NULL;
  if (!verb) {
    gsize n = strspn (line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
    guess = g_ascii_strup (line, (gssize) n);
  }
  smtp_trace_add_string (e, "verb", verb ? verb : guess);
  if (secret) {
    smtp_trace_add_string (e, "secret", secret);
  }
  smtp_trace_end (trace, e);
  g_free (guess);
}

void
smtp_trace_reply (SmtpTrace *trace, const char *role, const char *session,
                  guint code, const char * const *lines)
{
  SmtpTraceEvent *e = smtp_trace_begin (trace, role, session, "reply");
  smtp_trace_add_int (e, "code", code);
  smtp_trace_add_strings (e, "lines", lines, -1);
  smtp_trace_end (trace, e);
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
