/* trace.h - the JSON Lines trace every smtplab program writes
 * (docs/trace-format.md, docs/trace.schema.json).
 *
 * One JSON object per line.  Every event has "ts" (RFC 3339 UTC with
 * microseconds), "host", "role" ("server" or "client"), "session" and
 * "event"; the rest depends on the event.  The file is opened for append.
 * Events wait in a buffer only until the program sends anything to a peer
 * or its main loop goes back to waiting, whichever comes first; then they
 * are written with one write(2) of whole lines.  So a peer never sees a
 * reply before the reply is in the trace, a viewer can follow the file
 * live, and several processes may append to the same file.
 */
#ifndef SMTPLAB_TRACE_H
#define SMTPLAB_TRACE_H

#include <glib.h>
#include <json-glib/json-glib.h>

#define SMTP_TRACE_VERSION 1

typedef struct _SmtpTrace SmtpTrace;
typedef struct _SmtpTraceEvent SmtpTraceEvent;

/* Opens (creates, appends to) path for host.  Returns NULL with error set. */
SmtpTrace *smtp_trace_open (const char *path, const char *host, GError **error);
/* Writes what is buffered and closes the file. */
void       smtp_trace_close (SmtpTrace *trace);
/* Writes the buffered events of every open trace now.  The connection code
 * calls it before it sends bytes to a peer. */
void       smtp_trace_flush_all (void);

/* A new session id, unique within any trace file: "<unix-seconds>.<pid>.<n>". */
char *smtp_trace_new_session_id (void);

/* Starts an event that already has ts (now), v, host, role, session and
 * event; add members, then smtp_trace_end().  trace may be NULL: then
 * everything is a no-op and NULL is returned (every smtp_trace_add_* and
 * smtp_trace_end take NULL), so callers need not check. */
SmtpTraceEvent *smtp_trace_begin (SmtpTrace *trace, const char *role,
                                  const char *session, const char *event);
/* Closes the object and queues it as one line: every begin needs its end. */
void smtp_trace_end (SmtpTrace *trace, SmtpTraceEvent *event);

/* The same for an event that goes into out, at ts (microseconds since the
 * epoch), not into a trace file: the viewer turns a capture into trace
 * lines with it.  smtp_trace_event_end() appends the line and its LF. */
SmtpTraceEvent *smtp_trace_event_begin (GString *out, gint64 ts, const char *host,
                                        const char *role, const char *session,
                                        const char *event);
void smtp_trace_event_end (SmtpTraceEvent *event);

/* Members.  Strings that are not UTF-8 are made valid (U+FFFD). */
void smtp_trace_add_string (SmtpTraceEvent *event, const char *name, const char *value);
void smtp_trace_add_int (SmtpTraceEvent *event, const char *name, gint64 value);
void smtp_trace_add_bool (SmtpTraceEvent *event, const char *name, gboolean value);
/* An array of n strings (n < 0: values ends with NULL). */
void smtp_trace_add_strings (SmtpTraceEvent *event, const char *name,
                             const char * const *values, gssize n);
/* "headers": [[name, value], ...] from a GPtrArray of SmtpHeader. */
void smtp_trace_add_headers (SmtpTraceEvent *event, GPtrArray *headers);

/* Convenience events.  A command: line as it may be shown (sasl.h) and
 * its verb (NULL: the line's first word). */
void smtp_trace_command (SmtpTrace *trace, const char *role, const char *session,
                         const char *line, const char *verb);
/* The same with secret, what an AUTH line's base64 says (the plaintext
 * lesson, smtp_sasl_show_line); NULL leaves it out. */
void smtp_trace_command_secret (SmtpTrace *trace, const char *role, const char *session,
                                const char *line, const char *verb, const char *secret);
/* lines: the reply's text lines without code or separator. */
void smtp_trace_reply (SmtpTrace *trace, const char *role, const char *session,
                       guint code, const char * const *lines);

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
