/* ladder.c - a session's events laid out as the rows of a ladder diagram.
 *
 * The receiver's state after each row is the one the server traced (its
 * "state" events, RFC 821 §4.3).  Only for a session without them (an old
 * trace, a client's trace, a packet capture) is it worked out again from
 * the commands and replies, with lib/state-moves.c. */
#include "ladder.h"

#include <string.h>

#include "state-moves.h"

/* A reply taller than this is cut (the explanation pane shows all of it). */
#define MAX_REPLY_HEIGHT 10

struct _SmtplabLadder {
  SmtplabTraceSet *set;
  SmtplabSession *session;
  GArray *rows;                 /* SmtplabLadderRow */
  GHashTable *expanded;         /* data event indices whose block is open */
  guint n_events;               /* events seen when the rows were built */
  guint height;
};

/* What the row builder carries from one event to the next. */
typedef struct {
  SmtpServerState state;
  gboolean traced;              /* the session has state events: draw those */
  GQueue pending;               /* verbs sent and not yet answered (pipelining) */
  gboolean secure, swapped, auth_challenge, starttls_pending;
  gboolean note_left;           /* notes go on the left lifeline */
} Builder;

static void add_row (SmtplabLadder *l, Builder *b, SmtplabLadderRow row);

SmtplabSession *smtplab_ladder_get_session (SmtplabLadder *l) { return l->session; }
SmtplabTraceSet *smtplab_ladder_get_trace_set (SmtplabLadder *l) { return l->set; }
guint smtplab_ladder_get_n_rows (SmtplabLadder *l) { return l->rows->len; }
guint smtplab_ladder_get_height (SmtplabLadder *l) { return l->height; }

const SmtplabLadderRow *
smtplab_ladder_get_row (SmtplabLadder *l, guint row)
{
  return &g_array_index (l->rows, SmtplabLadderRow, row);
}

/* count_events - the events of the session and of its TURN continuation */
static guint
count_events (SmtplabLadder *l)
{
  guint n = 0;
  for (SmtplabSession *s = l->session; s; s = smtplab_session_get_turn_next (s))
    n += smtplab_session_get_events (s)->len;
  return n;
}

/* add_row - appends row with the builder's flags and its place from the top */
static void
add_row (SmtplabLadder *l, Builder *b, SmtplabLadderRow row)
{
  row.secure = b->secure;
  row.swapped = b->swapped;
  row.state = b->state;
  row.y = l->height;
  if (row.kind == SMTPLAB_ROW_NOTE)
    row.on_left = b->note_left;
  l->height += row.height;
  g_array_append_val (l->rows, row);
}

/* command_row - a command; it waits in the queue for its reply */
static void
command_row (SmtplabLadder *l, Builder *b, guint32 index, const SmtplabEvent *e)
{
  SmtplabLadderRow row = { .kind = SMTPLAB_ROW_COMMAND, .height = 1, .event = index, .verb = e->verb };
  row.masked = b->auth_challenge;
  g_queue_push_tail (&b->pending, GUINT_TO_POINTER (e->verb | (b->auth_challenge ? 0x100 : 0)));
  add_row (l, b, row);
}

/* derived_state - the state after a reply to verb, worked out from the
 * verb table (for a session without state events) */
static SmtpServerState
derived_state (SmtpServerState state, const char *verb, guint code)
{
  if (!verb && code == 220)
    return SMTP_STATE_FIRST;                     /* the greeting (RFC 821 §3.5) */
  return smtp_state_after (state, verb, code);
}

/* reply_row - a reply answers the oldest command still waiting (RFC 2920
 * §3: replies come in the order of the commands) and moves the state */
static void
reply_row (SmtplabLadder *l, Builder *b, guint32 index, const SmtplabEvent *e)
{
  SmtplabLadderRow row = { .kind = SMTPLAB_ROW_REPLY, .event = index, .code = e->code };
  row.height = CLAMP (e->n_lines, 1, MAX_REPLY_HEIGHT);
  guint pending = GPOINTER_TO_UINT (g_queue_pop_head (&b->pending));
  const char *verb = NULL;
  if (pending == 0x200) {
    row.end_of_data = TRUE;
    verb = SMTP_END_OF_DATA;
  } else if (pending && !(pending & 0x100)) {
    row.verb = pending & 0xFF;
    SmtplabEvent probe = { .verb = row.verb };
    verb = smtplab_trace_set_get_verb (l->set, &probe);
  }
  if (!b->traced)
    b->state = derived_state (b->state, verb, e->code);
  b->auth_challenge = e->code == 334;            /* RFC 4954 §4 */
  const SmtpVerb *answered = smtp_verb_lookup (verb);
  gboolean succeeded = answered && smtp_verb_succeeded (answered, e->code);
  add_row (l, b, row);
  if (succeeded && answered->text == SMTP_TEXT_STARTTLS)
    b->secure = TRUE;                            /* RFC 3207 §4 */
  if (succeeded && answered->text == SMTP_TEXT_TURN) {
    b->swapped = !b->swapped;
    add_row (l, b, (SmtplabLadderRow) { .kind = SMTPLAB_ROW_TURN, .height = 2, .event = index,
                                        .verb = row.verb });
  }
}

/* data_rows - the mail data block, and its lines when it is expanded */
static void
data_rows (SmtplabLadder *l, Builder *b, guint32 index)
{
  g_queue_push_tail (&b->pending, GUINT_TO_POINTER (0x200));
  if (!b->traced)
    b->state = SMTP_STATE_DATA;
  add_row (l, b, (SmtplabLadderRow) { .kind = SMTPLAB_ROW_DATA, .height = 2, .event = index });
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (l->expanded, GUINT_TO_POINTER (index + 1)));
  for (guint i = 0; i < n; i++)
    add_row (l, b, (SmtplabLadderRow) { .kind = SMTPLAB_ROW_DATA_LINE, .height = 1,
                                        .event = index, .line = i });
}

/* state_moved - a move the server traced: the rows after it are in the
 * new state.  The move a closing connection causes is traced after the
 * close event, so a close row just before it takes it too. */
static void
state_moved (SmtplabLadder *l, Builder *b, const SmtplabEvent *e)
{
  if (!b->traced || !e->to)
    return;
  b->state = e->to;
  SmtplabLadderRow *last = l->rows->len ? &g_array_index (l->rows, SmtplabLadderRow, l->rows->len - 1) : NULL;
  const SmtplabEvent *shown = last ? smtplab_trace_set_get_event (l->set, last->event) : NULL;
  if (last && last->kind == SMTPLAB_ROW_NOTE && shown->kind == SMTPLAB_EVENT_CLOSE
      && shown->session == e->session)
    last->state = e->to;
}

/* event_rows - the rows of one event */
static void
event_rows (SmtplabLadder *l, Builder *b, guint32 index)
{
  const SmtplabEvent *e = smtplab_trace_set_get_event (l->set, index);
  switch (e->kind) {
  case SMTPLAB_EVENT_COMMAND:
    command_row (l, b, index, e);
    break;
  case SMTPLAB_EVENT_REPLY:
    reply_row (l, b, index, e);
    break;
  case SMTPLAB_EVENT_DATA:
    data_rows (l, b, index);
    break;
  case SMTPLAB_EVENT_TURN:
    break;                                       /* the TURN row already says it */
  case SMTPLAB_EVENT_STATE:
    state_moved (l, b, e);
    break;
  default:
    add_row (l, b, (SmtplabLadderRow) { .kind = SMTPLAB_ROW_NOTE, .height = 1, .event = index,
                                        .skipped = e->kind == SMTPLAB_EVENT_UNKNOWN });
  }
}

/* build - all rows again, from the session's events */
static void
build (SmtplabLadder *l)
{
  Builder b = { .state = SMTP_STATE_GREETED };
  g_queue_init (&b.pending);
  b.note_left = !smtplab_session_is_server (l->session);
  g_array_set_size (l->rows, 0);
  l->height = 0;
  for (SmtplabSession *s = l->session; s; s = smtplab_session_get_turn_next (s)) {
    GArray *events = smtplab_session_get_events (s);
    g_queue_clear (&b.pending);
    b.traced = smtplab_session_has_state_events (s);
    if (b.traced)
      b.state = SMTP_STATE_GREETED;              /* where a server session starts, untraced */
    for (guint i = 0; i < events->len; i++)
      event_rows (l, &b, g_array_index (events, guint32, i));
  }
  g_queue_clear (&b.pending);
  l->n_events = count_events (l);
}

SmtplabLadder *
smtplab_ladder_new (SmtplabTraceSet *set, SmtplabSession *session)
{
  SmtplabLadder *l = g_new0 (SmtplabLadder, 1);
  l->set = g_object_ref (set);
  l->session = g_object_ref (session);
  l->rows = g_array_new (FALSE, FALSE, sizeof (SmtplabLadderRow));
  l->expanded = g_hash_table_new (NULL, NULL);
  build (l);
  return l;
}

void
smtplab_ladder_free (SmtplabLadder *l)
{
  if (!l)
    return;
  g_object_unref (l->set);
  g_object_unref (l->session);
  g_array_unref (l->rows);
  g_hash_table_unref (l->expanded);
  g_free (l);
}

gboolean
smtplab_ladder_update (SmtplabLadder *l)
{
  if (count_events (l) == l->n_events)
    return FALSE;
  build (l);
  return TRUE;
}

guint
smtplab_ladder_row_at (SmtplabLadder *l, guint y)
{
  guint lo = 0, hi = l->rows->len;
  if (hi == 0)
    return 0;
  while (hi - lo > 1) {
    guint mid = (lo + hi) / 2;
    if (smtplab_ladder_get_row (l, mid)->y <= y)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}


const char *
smtplab_ladder_get_left_name (SmtplabLadder *l)
{
  return smtplab_session_get_client_name (l->session);
}

const char *
smtplab_ladder_get_right_name (SmtplabLadder *l)
{
  return smtplab_session_get_server_name (l->session);
}

const char *
smtplab_ladder_row_verb (SmtplabLadder *l, guint row)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, row);
  if (r->kind == SMTPLAB_ROW_DATA || r->kind == SMTPLAB_ROW_DATA_LINE || r->end_of_data)
    return SMTP_END_OF_DATA;
  SmtplabEvent probe = { .verb = r->verb };
  return smtplab_trace_set_get_verb (l->set, &probe);
}

guint
smtplab_ladder_count_arrows (SmtplabLadder *l)
{
  guint n = 0;
  for (guint i = 0; i < l->rows->len; i++) {
    guint8 kind = smtplab_ladder_get_row (l, i)->kind;
    n += kind == SMTPLAB_ROW_COMMAND || kind == SMTPLAB_ROW_REPLY;
  }
  return n;
}

void
smtplab_ladder_set_expanded (SmtplabLadder *l, guint row, gboolean expanded)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, row);
  if (r->kind != SMTPLAB_ROW_DATA)
    return;
  gpointer key = GUINT_TO_POINTER (r->event + 1);
  if (expanded)
    g_hash_table_insert (l->expanded, key, GUINT_TO_POINTER (smtplab_ladder_block_n_lines (l, r->event)));
  else
    g_hash_table_remove (l->expanded, key);
  build (l);
}
