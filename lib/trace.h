/* trace.h - the JSON Lines trace every smtplab program writes
 * (docs/trace-format.md, docs/trace.schema.json).
 *
 * One JSON object per line.  Every event has "ts" (RFC 3339 UTC with
 * microseconds), "host", "role" ("server" or "client"), "session" and
 * "event"; the rest depends on the event.  The file is opened for append and
 * each event is written with one write(2), so a viewer can follow it live and
 * several processes may append to the same file.
 */
#ifndef SMTPLAB_TRACE_H
#define SMTPLAB_TRACE_H

#include <glib.h>
#include <json-glib/json-glib.h>

#define SMTP_TRACE_VERSION 1

typedef struct _SmtpTrace SmtpTrace;

/* Opens (creates, appends to) path for host.  Returns NULL with error set. */
SmtpTrace *smtp_trace_open (const char *path, const char *host, GError **error);
void       smtp_trace_close (SmtpTrace *trace);
/* The host name events are written with. */
const char *smtp_trace_host (SmtpTrace *trace);

/* A new session id, unique within any trace file: "<unix-seconds>.<pid>.<n>". */
char *smtp_trace_new_session_id (void);

/* Starts an event: returns a builder inside an open object that already has
 * ts, host, role, session and event; add members, then smtp_trace_end().
 * trace may be NULL: then everything is a no-op and NULL is returned (and
 * smtp_trace_end(NULL, NULL) is fine), so callers need not check. */
JsonBuilder *smtp_trace_begin (SmtpTrace *trace, const char *role,
                               const char *session, const char *event);
/* Closes the object, writes it as one line and is done with the builder
 * (the trace keeps it for the next event): every begin needs its end. */
void smtp_trace_end (SmtpTrace *trace, JsonBuilder *builder);

/* Convenience events. */
void smtp_trace_command (SmtpTrace *trace, const char *role, const char *session,
                         const char *line, const char *verb);
/* lines: the reply's text lines without code or separator. */
void smtp_trace_reply (SmtpTrace *trace, const char *role, const char *session,
                       guint code, const char * const *lines);
/* Adds "headers": [[name, value], ...] from a GPtrArray of SmtpHeader. */
void smtp_trace_add_headers (JsonBuilder *builder, GPtrArray *headers);

/* ---- reading (viewer, tests) ---- */

#define SMTP_TRACE_ERROR (smtp_trace_error_quark ())
GQuark smtp_trace_error_quark (void);

typedef enum {
  SMTP_TRACE_ERROR_MALFORMED,   /* not an object, or a common member missing */
} SmtpTraceError;

/* Parses one line of a trace into an object (a new reference), or NULL with
 * error set for a malformed line or one missing the common members. */
JsonObject *smtp_trace_parse_line (const char *line, gsize len, GError **error);

#endif
