/* trace-set.h - every trace the viewer has open, as one set of events and
 * sessions.
 *
 * Files (a host's trace.jsonl, a state directory of them) and lines made in
 * memory (from a packet capture) are read into one array of compact events
 * and grouped into sessions.  smtplab_trace_set_poll() reads what hosts have
 * appended since, so the viewer follows live traces.  Lines that cannot be
 * read are skipped and counted, never fatal (docs/trace-format.md).
 */
#ifndef SMTPLAB_VIEWER_TRACE_SET_H
#define SMTPLAB_VIEWER_TRACE_SET_H

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include "event.h"
#include "session.h"

G_BEGIN_DECLS

#define SMTPLAB_TYPE_TRACE_SET (smtplab_trace_set_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabTraceSet, smtplab_trace_set, SMTPLAB, TRACE_SET, GObject)

/* A line that was skipped, and why. */
typedef struct {
  char *source;       /* file name */
  guint64 line;       /* line number, from 1 */
  char *reason;
} SmtplabSkip;

SmtplabTraceSet *smtplab_trace_set_new (void);

/* Opens a trace file, a packet capture (pcap, pcapng), or a state directory
 * (every DIR/HOST/trace.jsonl and DIR/NAME.jsonl), and reads it.  FALSE with
 * error when nothing could be opened. */
gboolean smtplab_trace_set_add_path (SmtplabTraceSet *set, const char *path, GError **error);
/* Adds trace lines held in memory under name, and reads them. */
void smtplab_trace_set_add_lines (SmtplabTraceSet *set, const char *name, GBytes *lines);

/* Reads what was appended to the files since; returns how many events were
 * added.  Emits "changed" when there were any. */
guint smtplab_trace_set_poll (SmtplabTraceSet *set);

/* In steps: files are then read about max_bytes at a time, at opening and
 * by each poll, so a window can show the first sessions of a huge trace at
 * once and read the rest a step per turn of its main loop (0: all at once,
 * the default). */
void smtplab_trace_set_set_step (SmtplabTraceSet *set, gsize max_bytes);
/* TRUE while files have more to read than the last step took; *fraction
 * (may be NULL) gets how much of them is read, 0 to 1. */
gboolean smtplab_trace_set_reading (SmtplabTraceSet *set, double *fraction);

/* The sessions to list (connections, in the order they started), a
 * GListModel of SmtplabSession. */
GListModel *smtplab_trace_set_get_sessions (SmtplabTraceSet *set);
/* Every session, listed or not, by its index. */
SmtplabSession *smtplab_trace_set_get_session (SmtplabTraceSet *set, guint index);
guint smtplab_trace_set_get_n_all_sessions (SmtplabTraceSet *set);
/* The first listed session whose trace id is id, or NULL. */
SmtplabSession *smtplab_trace_set_find_session (SmtplabTraceSet *set, const char *id);

guint smtplab_trace_set_get_n_events (SmtplabTraceSet *set);
const SmtplabEvent *smtplab_trace_set_get_event (SmtplabTraceSet *set, guint32 index);
/* The whole event, parsed from its line (a new reference), or NULL. */
JsonObject *smtplab_trace_set_parse_event (SmtplabTraceSet *set, guint32 index);
/* A command event's verb, or the verb that caused a state event ("" when
 * it had none). */
const char *smtplab_trace_set_get_verb (SmtplabTraceSet *set, const SmtplabEvent *event);
/* The name of source number source. */
const char *smtplab_trace_set_get_source_name (SmtplabTraceSet *set, guint source);
guint smtplab_trace_set_get_n_sources (SmtplabTraceSet *set);
/* The indices (guint32) of every "message" event, in the order read. */
GArray *smtplab_trace_set_get_messages (SmtplabTraceSet *set);

/* --show-secrets (before adding paths): AUTH exchanges that went in the
 * clear are shown decoded, from a capture (pcap-smtp.h) or from a trace
 * whose server ran with --show-secrets (its "secret" members); otherwise
 * they stay masked. */
void smtplab_trace_set_set_show_secrets (SmtplabTraceSet *set, gboolean show);
gboolean smtplab_trace_set_get_show_secrets (SmtplabTraceSet *set);

/* The skipped lines (the first few hundred; see the count for all), and
 * a one-line summary of what was skipped or is incomplete (a capture cut
 * short first, "capture cut short after N packets: FILE"), or NULL when
 * everything was read.  The summary is newly allocated. */
GPtrArray *smtplab_trace_set_get_skipped (SmtplabTraceSet *set);
guint smtplab_trace_set_get_n_skipped (SmtplabTraceSet *set);
char *smtplab_trace_set_describe_problems (SmtplabTraceSet *set);

G_END_DECLS

#endif
