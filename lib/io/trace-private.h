/* trace-private.h - what trace.c and trace-event.c share. */
#ifndef SMTPLAB_TRACE_PRIVATE_H
#define SMTPLAB_TRACE_PRIVATE_H

#include "trace.h"

/* An event being written: the members so far are at the end of out. */
struct _SmtpTraceEvent {
  GString *out;
  guint members;
};

/* The last second turned into text, for the timestamps of a trace. */
typedef struct {
  gboolean valid;
  gint64 seconds;
  char text[24];            /* "2026-11-24T10:00:00" */
} SmtpTraceClock;

void smtp_trace_format_time (gint64 ts, SmtpTraceClock *cache, char out[32]);
/* Starts e in out with the members every event has; ts is formatted. */
void smtp_trace_event_open (SmtpTraceEvent *e, GString *out, const char *ts, const char *host,
                            const char *role, const char *session, const char *event);
/* Ends the object and the line. */
void smtp_trace_event_close (SmtpTraceEvent *e);

#endif
