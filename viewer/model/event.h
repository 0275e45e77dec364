/* event.h - one trace event as the viewer keeps it: a few indexed members
 * and where its line is, so a million of them fit in 32 MB.  The rest of
 * the event is read from its line when a view needs it. */
#ifndef SMTPLAB_VIEWER_EVENT_H
#define SMTPLAB_VIEWER_EVENT_H

#include <glib.h>

/* The events of docs/trace-format.md, and one for the rest. */
typedef enum {
  SMTPLAB_EVENT_CONNECT,
  SMTPLAB_EVENT_COMMAND,
  SMTPLAB_EVENT_REPLY,
  SMTPLAB_EVENT_DATA,
  SMTPLAB_EVENT_MESSAGE,
  SMTPLAB_EVENT_DELIVERY,
  SMTPLAB_EVENT_TLS,
  SMTPLAB_EVENT_AUTH,
  SMTPLAB_EVENT_QUEUE,
  SMTPLAB_EVENT_BOUNCE,
  SMTPLAB_EVENT_TURN,
  SMTPLAB_EVENT_CLOSE,
  SMTPLAB_EVENT_STATE,       /* the receiver's state changed (RFC 821 §4.3) */
  SMTPLAB_EVENT_FAULT,       /* the host misbehaved on purpose (a scenario's fault=, delay=, drop=) */
  SMTPLAB_EVENT_UNKNOWN,     /* an event this viewer does not know (newer trace) */
} SmtplabEventKind;

typedef struct {
  gint64  ts;         /* microseconds since 1970 (UTC) */
  guint64 offset;     /* where the line starts in its source */
  guint32 length;     /* the line's length, without its line end */
  guint32 session;    /* index of its session in the trace set */
  guint16 source;     /* index of its source (file) in the trace set */
  guint16 code;       /* a reply's code, else 0 */
  guint8  kind;       /* SmtplabEventKind */
  union {
    guint8 n_lines;   /* a reply's number of lines (at most 255) */
    guint8 to;        /* a state event's new state (SmtpServerState), 0 if unknown */
  };
  guint8  verb;       /* a command's verb, or the one a state event names, interned in the trace set */
  guint8  server;     /* TRUE when role is "server" */
} SmtplabEvent;

/* The kind for an "event" member value. */
SmtplabEventKind smtplab_event_kind_from_name (const char *name, gsize len);
/* The "event" name of kind ("unknown" for SMTPLAB_EVENT_UNKNOWN). */
const char *smtplab_event_kind_name (SmtplabEventKind kind);

#endif
