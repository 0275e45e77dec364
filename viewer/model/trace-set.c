/* trace-set.c - traces read into events and sessions, and followed. */
#include "trace-set.h"

#include <string.h>
#include <glib/gi18n.h>

#include "pcap.h"
#include "source.h"
#include "trace.h"
#include "verbs.h"

/* Skipped lines remembered one by one; the rest are only counted. */
#define MAX_SKIPS_KEPT 500

struct _SmtplabTraceSet {
  GObject parent_instance;
  GPtrArray *sources;       /* SmtplabSource */
  GArray *events;           /* SmtplabEvent */
  GPtrArray *sessions;      /* SmtplabSession, by index */
  GPtrArray *by_id;         /* per source: a GHashTable of session id -> SmtplabSession */
  GListStore *listed;
  GPtrArray *verbs;         /* interned verbs; [0] is "" */
  GArray *messages;
  GPtrArray *turned;        /* sessions that TURNed and wait for their continuation */
  GPtrArray *skips;         /* SmtplabSkip */
  guint n_skipped, n_unknown, n_newer;
  GHashTable *touched;      /* sessions changed in this batch */
  GPtrArray *fresh;         /* sessions to list at the end of this batch */
  GString *key;             /* scratch for look-ups */
  gsize step;               /* bytes read from a file at a time, 0: all */
  gboolean show_secrets;    /* --show-secrets: AUTH in the clear decoded */
  GPtrArray *cut_short;     /* what to say of each capture cut short */
};

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SmtplabTraceSet, smtplab_trace_set, G_TYPE_OBJECT)

static void
skip_free (SmtplabSkip *skip)
{
  g_free (skip->source);
  g_free (skip->reason);
  g_free (skip);
}

static void
smtplab_trace_set_finalize (GObject *object)
{
  SmtplabTraceSet *set = SMTPLAB_TRACE_SET (object);
  g_ptr_array_unref (set->sources);
  g_array_unref (set->events);
  g_ptr_array_unref (set->by_id);
  g_object_unref (set->listed);
  g_ptr_array_unref (set->sessions);
  g_ptr_array_unref (set->verbs);
  g_array_unref (set->messages);
  g_ptr_array_unref (set->turned);
  g_ptr_array_unref (set->skips);
  g_hash_table_unref (set->touched);
  g_ptr_array_unref (set->fresh);
  g_string_free (set->key, TRUE);
  g_ptr_array_unref (set->cut_short);
  G_OBJECT_CLASS (smtplab_trace_set_parent_class)->finalize (object);
}

static void
smtplab_trace_set_class_init (SmtplabTraceSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smtplab_trace_set_finalize;
  /* "changed" (guint n_new_events): events were added by a poll */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
smtplab_trace_set_init (SmtplabTraceSet *set)
{
  set->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) smtplab_source_free);
  set->events = g_array_new (FALSE, FALSE, sizeof (SmtplabEvent));
  set->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  set->by_id = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  set->listed = g_list_store_new (SMTPLAB_TYPE_SESSION);
  set->verbs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (set->verbs, g_strdup (""));
  set->messages = g_array_new (FALSE, FALSE, sizeof (guint32));
  set->turned = g_ptr_array_new ();
  set->skips = g_ptr_array_new_with_free_func ((GDestroyNotify) skip_free);
  set->touched = g_hash_table_new (NULL, NULL);
  set->fresh = g_ptr_array_new ();
  set->key = g_string_new (NULL);
  set->cut_short = g_ptr_array_new_with_free_func (g_free);
}

SmtplabTraceSet *
smtplab_trace_set_new (void)
{
  return g_object_new (SMTPLAB_TYPE_TRACE_SET, NULL);
}

/* skip - counts a line that was not read, and remembers why */
static void
skip (SmtplabTraceSet *set, guint source, guint64 number, const char *reason)
{
  set->n_skipped++;
  if (set->skips->len >= MAX_SKIPS_KEPT)
    return;
  SmtplabSkip *s = g_new0 (SmtplabSkip, 1);
  s->source = g_strdup (smtplab_trace_set_get_source_name (set, source));
  s->line = number;
  s->reason = g_strdup (reason);
  g_ptr_array_add (set->skips, s);
}

/* intern_verb - the index of verb in the verb table (0 for none; verbs
 * beyond 255 distinct ones share the last slot) */
static guint8
intern_verb (SmtplabTraceSet *set, SmtplabSlice verb)
{
  if (!verb.text || verb.len == 0)
    return 0;
  for (guint i = 1; i < set->verbs->len; i++) {
    const char *known = g_ptr_array_index (set->verbs, i);
    if (strlen (known) == verb.len && memcmp (known, verb.text, verb.len) == 0)
      return i;
  }
  if (set->verbs->len > G_MAXUINT8)
    return G_MAXUINT8;
  g_ptr_array_add (set->verbs, smtplab_slice_dup (verb));
  return set->verbs->len - 1;
}

/* link_turn - a session that starts on the connection of one that TURNed
 * (same addresses, other role) continues it (RFC 821 §3.8) */
static void
link_turn (SmtplabTraceSet *set, SmtplabSession *session)
{
  for (guint i = 0; i < set->turned->len; i++) {
    SmtplabSession *s = g_ptr_array_index (set->turned, i);
    if (smtplab_session_get_source (s) == smtplab_session_get_source (session)
        && smtplab_session_is_server (s) != smtplab_session_is_server (session)
        && g_str_equal (smtplab_session_get_peer_address (s), smtplab_session_get_peer_address (session))
        && g_str_equal (smtplab_session_get_local_address (s), smtplab_session_get_local_address (session))) {
      smtplab_session_set_turn_next (s, session);
      g_ptr_array_remove_index (set->turned, i);
      return;
    }
  }
}

/* session_for - the session of a scanned line, made on first sight */
static SmtplabSession *
session_for (SmtplabTraceSet *set, guint source, const SmtplabScan *scan, gboolean server)
{
  GHashTable *ids = g_ptr_array_index (set->by_id, source);
  g_string_truncate (set->key, 0);
  g_string_append_len (set->key, scan->session.text, scan->session.len);
  SmtplabSession *s = g_hash_table_lookup (ids, set->key->str);
  if (s)
    return s;
  char *id = smtplab_slice_dup (scan->session);
  char *host = smtplab_slice_dup (scan->host);
  s = smtplab_session_new (set->sessions->len, source, id, host, server);
  g_free (id);
  g_free (host);
  g_ptr_array_add (set->sessions, s);
  g_hash_table_insert (ids, g_strdup (set->key->str), s);
  return s;
}

/* state_of - a state event's "to" (docs/trace-format.md), 0 when it names
 * no state of verbs.h */
static guint8
state_of (SmtplabSlice to)
{
  char name[16];
  return smtplab_slice_copy (to, name, sizeof name) ? smtp_server_state_from_name (name) : 0;
}

/* event_from_scan - the compact event of a scanned line */
static SmtplabEvent
event_from_scan (SmtplabTraceSet *set, const SmtplabScan *scan, guint source,
                 guint64 offset, gsize len)
{
  SmtplabEvent e = { 0 };
  e.ts = smtplab_parse_ts (scan->ts);
  e.offset = offset;
  e.length = len;
  e.source = source;
  e.kind = smtplab_event_kind_from_name (scan->event.text, scan->event.len);
  e.server = smtplab_slice_is (scan->role, "server");
  if (e.kind == SMTPLAB_EVENT_REPLY)
    e.code = CLAMP (scan->code, 0, 999);
  e.n_lines = CLAMP (scan->n_lines, 0, G_MAXUINT8);
  if (e.kind == SMTPLAB_EVENT_COMMAND || e.kind == SMTPLAB_EVENT_STATE)
    e.verb = intern_verb (set, scan->verb);
  if (e.kind == SMTPLAB_EVENT_STATE)
    e.to = state_of (scan->to);
  return e;
}

/* take_event - files an event under its session */
static void
take_event (SmtplabTraceSet *set, SmtplabEvent *e, const SmtplabScan *scan)
{
  SmtplabSession *s = session_for (set, e->source, scan, e->server);
  guint32 index = set->events->len;
  e->session = smtplab_session_get_index (s);
  g_array_append_val (set->events, *e);
  gboolean was_conversation = smtplab_session_is_conversation (s);
  gboolean turned = smtplab_session_turned (s);
  gboolean changed = smtplab_session_take_event (s, index, e, scan);
  if (!turned && smtplab_session_turned (s))
    g_ptr_array_add (set->turned, s);
  if (e->kind == SMTPLAB_EVENT_CONNECT && smtplab_session_get_events (s)->len == 1)
    link_turn (set, s);
  if (!was_conversation && smtplab_session_is_conversation (s) && !smtplab_session_get_turn_prev (s))
    g_ptr_array_add (set->fresh, s);
  if (e->kind == SMTPLAB_EVENT_MESSAGE)
    g_array_append_val (set->messages, index);
  SmtplabSession *shown = smtplab_session_get_turn_prev (s) ? smtplab_session_get_turn_prev (s) : s;
  if (changed)
    g_hash_table_add (set->touched, shown);
}

typedef struct {
  SmtplabTraceSet *set;
  guint source;
} LineReader;

/* take_line - one complete line of a source */
static void
take_line (const char *line, gsize len, guint64 offset, guint64 number, gpointer user_data)
{
  LineReader *r = user_data;
  SmtplabScan scan;
  if (len > 0 && line[len - 1] == '\r')
    len--;
  if (len == 0)
    return;
  if (!smtplab_scan_line (line, len, &scan)) {
    skip (r->set, r->source, number, _("not a trace event (malformed JSON or a member missing)"));
    return;
  }
  SmtplabEvent e = event_from_scan (r->set, &scan, r->source, offset, len);
  if (scan.v > SMTP_TRACE_VERSION)
    r->set->n_newer++;
  if (e.kind == SMTPLAB_EVENT_UNKNOWN)
    r->set->n_unknown++;
  take_event (r->set, &e, &scan);
}

/* read_source - reads what source number index has new; returns the events added */
static guint
read_source (SmtplabTraceSet *set, guint index)
{
  guint before = set->events->len;
  LineReader reader = { set, index };
  GError *error = NULL;
  if (!smtplab_source_read (g_ptr_array_index (set->sources, index), set->step, take_line, &reader, &error)) {
    skip (set, index, 0, error->message);
    g_error_free (error);
  }
  return set->events->len - before;
}

/* tell - lists the new sessions (all at once: one change for the list's
 * views however many), tells the sessions that changed, and everyone when
 * events were added */
static void
tell (SmtplabTraceSet *set, guint added)
{
  g_list_store_splice (set->listed, g_list_model_get_n_items (G_LIST_MODEL (set->listed)), 0,
                       set->fresh->pdata, set->fresh->len);
  g_ptr_array_set_size (set->fresh, 0);
  GHashTableIter iter;
  gpointer session;
  g_hash_table_iter_init (&iter, set->touched);
  while (g_hash_table_iter_next (&iter, &session, NULL))
    smtplab_session_changed (session);
  g_hash_table_remove_all (set->touched);
  if (added)
    g_signal_emit (set, signals[SIGNAL_CHANGED], 0, added);
}

/* add_source - adds source and reads it for the first time */
static void
add_source (SmtplabTraceSet *set, SmtplabSource *source)
{
  g_ptr_array_add (set->sources, source);
  g_ptr_array_add (set->by_id, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL));
  tell (set, read_source (set, set->sources->len - 1));
}

void
smtplab_trace_set_add_lines (SmtplabTraceSet *set, const char *name, GBytes *lines)
{
  add_source (set, smtplab_source_new_bytes (name, lines));
}

/* add_file - a trace file or a packet capture */
static gboolean
add_file (SmtplabTraceSet *set, const char *path, GError **error)
{
  if (smtplab_pcap_is_capture (path)) {
    SmtplabCaptureInfo info;
    GBytes *lines = smtplab_pcap_to_trace (path, set->show_secrets, &info, error);
    if (!lines)
      return FALSE;
    smtplab_trace_set_add_lines (set, path, lines);
    g_bytes_unref (lines);
    if (info.n_not_smtp) {
      char *why = g_strdup_printf (g_dngettext (NULL, "%u TCP stream that is not SMTP",
                                                "%u TCP streams that are not SMTP", info.n_not_smtp),
                                   info.n_not_smtp);
      skip (set, set->sources->len - 1, 0, why);
      g_free (why);
    }
    if (info.cut_short)
      g_ptr_array_add (set->cut_short,
                       g_strdup_printf (g_dngettext (NULL, "capture cut short after %u packet: %s",
                                                     "capture cut short after %u packets: %s", info.n_packets),
                                        info.n_packets, path));
    return TRUE;
  }
  SmtplabSource *source = smtplab_source_new_file (path, error);
  if (!source)
    return FALSE;
  add_source (set, source);
  return TRUE;
}

/* compare_paths - file names in alphabetical order (for g_ptr_array_sort) */
static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* add_directory - a state directory: DIR/HOST/trace.jsonl, and DIR/NAME.jsonl */
static gboolean
add_directory (SmtplabTraceSet *set, const char *path, GError **error)
{
  GDir *dir = g_dir_open (path, 0, error);
  if (!dir)
    return FALSE;
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir))) {
    char *trace = g_build_filename (path, name, "trace.jsonl", NULL);
    char *file = g_build_filename (path, name, NULL);
    if (g_file_test (trace, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, g_steal_pointer (&trace));
    else if (g_str_has_suffix (name, ".jsonl") && g_file_test (file, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add (files, g_steal_pointer (&file));
    g_free (trace);
    g_free (file);
  }
  g_dir_close (dir);
  g_ptr_array_sort (files, compare_paths);
  for (guint i = 0; i < files->len; i++)
    if (!add_file (set, g_ptr_array_index (files, i), NULL))
      skip (set, 0, 0, g_ptr_array_index (files, i));
  gboolean any = files->len > 0;
  if (!any)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("%s: no trace files in this folder"), path);
  g_ptr_array_unref (files);
  return any;
}

gboolean
smtplab_trace_set_add_path (SmtplabTraceSet *set, const char *path, GError **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return add_directory (set, path, error);
  return add_file (set, path, error);
}

guint
smtplab_trace_set_poll (SmtplabTraceSet *set)
{
  guint added = 0;
  for (guint i = 0; i < set->sources->len; i++)
    added += read_source (set, i);
  tell (set, added);
  return added;
}

void
smtplab_trace_set_set_step (SmtplabTraceSet *set, gsize max_bytes)
{
  set->step = max_bytes;
}

gboolean
smtplab_trace_set_reading (SmtplabTraceSet *set, double *fraction)
{
  guint64 done = 0, size = 0;
  gboolean more = FALSE;
  for (guint i = 0; i < set->sources->len; i++) {
    SmtplabSource *source = g_ptr_array_index (set->sources, i);
    more |= smtplab_source_has_more (source);
    done += smtplab_source_done (source);
    size += MAX (smtplab_source_size (source), smtplab_source_done (source));
  }
  if (fraction)
    *fraction = size ? (double) done / size : 1.0;
  return more;
}

GListModel *
smtplab_trace_set_get_sessions (SmtplabTraceSet *set)
{
  return G_LIST_MODEL (set->listed);
}

SmtplabSession *
smtplab_trace_set_get_session (SmtplabTraceSet *set, guint index)
{
  return index < set->sessions->len ? g_ptr_array_index (set->sessions, index) : NULL;
}

guint
smtplab_trace_set_get_n_all_sessions (SmtplabTraceSet *set)
{
  return set->sessions->len;
}

SmtplabSession *
smtplab_trace_set_find_session (SmtplabTraceSet *set, const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (set->listed));
  for (guint i = 0; i < n; i++) {
    g_autoptr (SmtplabSession) s = g_list_model_get_item (G_LIST_MODEL (set->listed), i);
    if (g_str_equal (smtplab_session_get_id (s), id))
      return s;
  }
  return NULL;
}

guint
smtplab_trace_set_get_n_events (SmtplabTraceSet *set)
{
  return set->events->len;
}

const SmtplabEvent *
smtplab_trace_set_get_event (SmtplabTraceSet *set, guint32 index)
{
  return &g_array_index (set->events, SmtplabEvent, index);
}

JsonObject *
smtplab_trace_set_parse_event (SmtplabTraceSet *set, guint32 index)
{
  const SmtplabEvent *e = smtplab_trace_set_get_event (set, index);
  char *line = smtplab_source_line (g_ptr_array_index (set->sources, e->source), e->offset, e->length);
  JsonObject *object = line ? smtp_trace_parse_line (line, e->length, NULL) : NULL;
  g_free (line);
  return object;
}

const char *
smtplab_trace_set_get_verb (SmtplabTraceSet *set, const SmtplabEvent *event)
{
  return g_ptr_array_index (set->verbs, event->verb);
}

const char *
smtplab_trace_set_get_source_name (SmtplabTraceSet *set, guint source)
{
  return source < set->sources->len ? smtplab_source_name (g_ptr_array_index (set->sources, source)) : "";
}

guint
smtplab_trace_set_get_n_sources (SmtplabTraceSet *set)
{
  return set->sources->len;
}

GArray *
smtplab_trace_set_get_messages (SmtplabTraceSet *set)
{
  return set->messages;
}

GPtrArray *
smtplab_trace_set_get_skipped (SmtplabTraceSet *set)
{
  return set->skips;
}

guint
smtplab_trace_set_get_n_skipped (SmtplabTraceSet *set)
{
  return set->n_skipped;
}

void
smtplab_trace_set_set_show_secrets (SmtplabTraceSet *set, gboolean show)
{
  set->show_secrets = show;
}

gboolean
smtplab_trace_set_get_show_secrets (SmtplabTraceSet *set)
{
  return set->show_secrets;
}

char *
smtplab_trace_set_describe_problems (SmtplabTraceSet *set)
{
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < set->cut_short->len; i++)
    g_ptr_array_add (parts, g_strdup (g_ptr_array_index (set->cut_short, i)));
  if (set->n_skipped)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%u line skipped", "%u lines skipped",
                                                          set->n_skipped), set->n_skipped));
  if (set->n_unknown)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (NULL, "%u event of an unknown kind",
                                                          "%u events of unknown kinds", set->n_unknown),
                                             set->n_unknown));
  if (set->n_newer)
    g_ptr_array_add (parts, g_strdup_printf (_("written by a newer version (v > %d): shown as far as known"),
                                             SMTP_TRACE_VERSION));
  for (guint i = 0; i < set->sources->len; i++)
    if (smtplab_source_partial (g_ptr_array_index (set->sources, i))
        && !smtplab_source_has_more (g_ptr_array_index (set->sources, i)))
      g_ptr_array_add (parts, g_strdup_printf (_("%s ends in an incomplete line (still being written?)"),
                                               smtplab_trace_set_get_source_name (set, i)));
  g_ptr_array_add (parts, NULL);
  char *text = parts->len > 1 ? g_strjoinv ("; ", (char **) parts->pdata) : NULL;
  g_ptr_array_unref (parts);
  return text;
}
