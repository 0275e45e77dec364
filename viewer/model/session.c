/* session.c - one SMTP session of a trace and what the list shows of it. */
#include "session.h"

#include <string.h>

#include "grammar.h"
#include "reply.h"
#include "verbs.h"

/* The states a mail transaction goes through (RFC 821 §3.1). */
#define TRANSACTION_STATES (SMTP_STATE_MAIL | SMTP_STATE_RCPT | SMTP_STATE_DATA)

struct _SmtplabSession {
  GObject parent_instance;
  guint index, source;
  char *id, *host, *peer_name, *peer_address, *local_address, *search;
  gboolean server, conversation, closed, turned, state_events;
  gboolean awaiting_data_reply;   /* mail data sent; the next reply answers it */
  const SmtpVerb *last_command;   /* the verb table's row of the last command, or NULL */
  gboolean answered;              /* the last command had a reply */
  gint64 start;
  GArray *events;
  guint n_messages, n_accepted, n_temporary, n_permanent;
  SmtplabSession *turn_next, *turn_prev;   /* not owned: the trace set owns both */
};

enum { PROP_0, PROP_HOST, PROP_PEER, PROP_N_MESSAGES, PROP_OUTCOME, N_PROPS };
static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (SmtplabSession, smtplab_session, G_TYPE_OBJECT)

static void
smtplab_session_finalize (GObject *object)
{
  SmtplabSession *s = SMTPLAB_SESSION (object);
  g_free (s->id);
  g_free (s->host);
  g_free (s->peer_name);
  g_free (s->peer_address);
  g_free (s->local_address);
  g_free (s->search);
  g_array_unref (s->events);
  G_OBJECT_CLASS (smtplab_session_parent_class)->finalize (object);
}

static void
smtplab_session_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SmtplabSession *s = SMTPLAB_SESSION (object);
  switch (id) {
  case PROP_HOST: g_value_set_string (value, s->host); break;
  case PROP_PEER: g_value_set_string (value, smtplab_session_get_peer (s)); break;
  case PROP_N_MESSAGES: g_value_set_uint (value, s->n_messages); break;
  case PROP_OUTCOME: g_value_set_int (value, smtplab_session_get_outcome (s)); break;
  default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
  }
}

static void
smtplab_session_class_init (SmtplabSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->finalize = smtplab_session_finalize;
  object_class->get_property = smtplab_session_get_property;
  props[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_PEER] = g_param_spec_string ("peer", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_N_MESSAGES] = g_param_spec_uint ("n-messages", NULL, NULL, 0, G_MAXUINT, 0,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_OUTCOME] = g_param_spec_int ("outcome", NULL, NULL, 0, SMTPLAB_OUTCOME_REFUSED, 0,
                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
smtplab_session_init (SmtplabSession *s)
{
  s->events = g_array_new (FALSE, FALSE, sizeof (guint32));
}

SmtplabSession *
smtplab_session_new (guint index, guint source, const char *id, const char *host, gboolean server)
{
  SmtplabSession *s = g_object_new (SMTPLAB_TYPE_SESSION, NULL);
  s->index = index;
  s->source = source;
  s->id = g_strdup (id);
  s->host = g_strdup (host);
  s->server = server;
  return s;
}

guint smtplab_session_get_index (SmtplabSession *s) { return s->index; }
guint smtplab_session_get_source (SmtplabSession *s) { return s->source; }
const char *smtplab_session_get_id (SmtplabSession *s) { return s->id; }
const char *smtplab_session_get_host (SmtplabSession *s) { return s->host; }
gboolean smtplab_session_is_server (SmtplabSession *s) { return s->server; }
gint64 smtplab_session_get_start (SmtplabSession *s) { return s->start; }
guint smtplab_session_get_n_messages (SmtplabSession *s) { return s->n_messages; }
gboolean smtplab_session_is_conversation (SmtplabSession *s) { return s->conversation; }
GArray *smtplab_session_get_events (SmtplabSession *s) { return s->events; }
SmtplabSession *smtplab_session_get_turn_next (SmtplabSession *s) { return s->turn_next; }
SmtplabSession *smtplab_session_get_turn_prev (SmtplabSession *s) { return s->turn_prev; }
gboolean smtplab_session_turned (SmtplabSession *s) { return s->turned; }
gboolean smtplab_session_has_state_events (SmtplabSession *s) { return s->state_events; }

const char *
smtplab_session_get_peer (SmtplabSession *s)
{
  if (s->peer_name)
    return s->peer_name;
  return s->peer_address ? s->peer_address : "";
}

const char *
smtplab_session_get_peer_address (SmtplabSession *s)
{
  return s->peer_address ? s->peer_address : "";
}

const char *
smtplab_session_get_local_address (SmtplabSession *s)
{
  return s->local_address ? s->local_address : "";
}

const char *
smtplab_session_get_client_name (SmtplabSession *s)
{
  return s->server ? smtplab_session_get_peer (s) : s->host;
}

const char *
smtplab_session_get_server_name (SmtplabSession *s)
{
  return s->server ? s->host : smtplab_session_get_peer (s);
}

char *
smtplab_session_format_start (SmtplabSession *s)
{
  GDateTime *t = g_date_time_new_from_unix_utc (s->start / G_USEC_PER_SEC);
  char *text = t ? g_date_time_format (t, "%H:%M:%S") : g_strdup ("");
  if (t)
    g_date_time_unref (t);
  return text;
}

SmtplabOutcome
smtplab_session_get_outcome (SmtplabSession *s)
{
  if (!s->closed && !s->turned)
    return SMTPLAB_OUTCOME_OPEN;
  if (s->n_accepted > 0)
    return s->n_temporary + s->n_permanent ? SMTPLAB_OUTCOME_PARTIAL : SMTPLAB_OUTCOME_DELIVERED;
  if (s->n_permanent)
    return SMTPLAB_OUTCOME_REFUSED;
  return s->n_temporary ? SMTPLAB_OUTCOME_DEFERRED : SMTPLAB_OUTCOME_NO_MAIL;
}

const char *
smtplab_session_get_search_text (SmtplabSession *s)
{
  if (!s->search)
    s->search = g_strdup_printf ("%s %s %s %s %s", s->host, smtplab_session_get_peer (s),
                                 smtplab_session_get_peer_address (s),
                                 smtplab_session_get_local_address (s), s->id);
  return s->search;
}

void
smtplab_session_set_turn_next (SmtplabSession *s, SmtplabSession *next)
{
  s->turn_next = next;
  next->turn_prev = s;
}

/* peer_from_greeting - the first word of a 220 greeting: the server's name */
static char *
peer_from_greeting (SmtplabSlice first_line)
{
  char *text = smtplab_slice_dup (first_line);
  char *space = strchr (text, ' ');
  if (space)
    *space = '\0';
  return text;
}

/* peer_from_hello - the domain of a command that says who the client is
 * (the verb table's HELLO rows: HELO, EHLO; RFC 821 §4.1.1), or NULL */
static char *
peer_from_hello (SmtplabSlice line)
{
  char *text = smtplab_slice_dup (line), *verb = NULL, *domain = NULL;
  if (smtp_command_split (text, &verb, &domain, NULL)) {
    const SmtpVerb *row = smtp_verb_lookup (verb);
    if (!row || !(row->flags & SMTP_VERB_HELLO))
      g_clear_pointer (&domain, g_free);
  }
  g_free (text);
  g_free (verb);
  return domain;
}

/* verb_row - the verb table's row of a scanned verb, or NULL */
static const SmtpVerb *
verb_row (SmtplabSlice verb)
{
  char name[32];
  return smtplab_slice_copy (verb, name, sizeof name) ? smtp_verb_lookup (name) : NULL;
}

/* note_peer - learns who the other side is from a connect, greeting or HELO */
static gboolean
note_peer (SmtplabSession *s, const SmtplabEvent *e, const SmtplabScan *scan)
{
  if (e->kind == SMTPLAB_EVENT_CONNECT && !s->peer_address) {
    s->peer_address = smtplab_slice_dup (scan->peer);
    s->local_address = smtplab_slice_dup (scan->local);
    return TRUE;
  }
  if (s->peer_name)
    return FALSE;
  if (!s->server && e->kind == SMTPLAB_EVENT_REPLY && e->code == 220 && scan->first_line.text)
    s->peer_name = peer_from_greeting (scan->first_line);
  else if (s->server && e->kind == SMTPLAB_EVENT_COMMAND)
    s->peer_name = peer_from_hello (scan->line);
  return s->peer_name != NULL;
}

/* count_reply - a reply's part in the outcome: the answer to the mail data
 * accepts a message; 4yz and 5yz replies to the commands of a mail
 * transaction (those whose row leads into one, RFC 821 §3.1) or to the
 * mail data are refusals; TURN's success swaps the roles (§3.8) */
static void
count_reply (SmtplabSession *s, SmtplabSession *head, const SmtplabEvent *e)
{
  const SmtpVerb *row = s->last_command;
  if (s->awaiting_data_reply && smtp_reply_is_positive (e->code))
    head->n_accepted++;
  if (row && !s->answered && row->text == SMTP_TEXT_TURN && smtp_verb_succeeded (row, e->code))
    s->turned = TRUE;
  gboolean counts = (row && (row->to & TRANSACTION_STATES)) || s->awaiting_data_reply;
  s->awaiting_data_reply = FALSE;
  s->answered = TRUE;
  if (!counts)
    return;
  if (smtp_reply_is_transient (e->code))
    head->n_temporary++;
  else if (smtp_reply_is_permanent (e->code))
    head->n_permanent++;
}

gboolean
smtplab_session_take_event (SmtplabSession *s, guint32 index, const SmtplabEvent *e,
                            const SmtplabScan *scan)
{
  SmtplabSession *head = s->turn_prev ? s->turn_prev : s;
  g_array_append_val (s->events, index);
  if (s->events->len == 1)
    s->start = e->ts;
  gboolean changed = note_peer (s, e, scan);
  switch (e->kind) {
  case SMTPLAB_EVENT_CONNECT:
    s->conversation = TRUE;
    break;
  case SMTPLAB_EVENT_COMMAND:
    s->conversation = TRUE;
    s->last_command = verb_row (scan->verb);
    s->answered = FALSE;
    break;
  case SMTPLAB_EVENT_STATE:
    s->state_events = TRUE;
    break;
  case SMTPLAB_EVENT_REPLY:
    s->conversation = TRUE;
    count_reply (s, head, e);
    return TRUE;
  case SMTPLAB_EVENT_DATA:
    head->n_messages++;
    s->awaiting_data_reply = TRUE;
    return TRUE;
  case SMTPLAB_EVENT_CLOSE:
    s->closed = head->closed = TRUE;
    return TRUE;
  default:
    break;
  }
  return changed;
}

void
smtplab_session_changed (SmtplabSession *s)
{
  g_clear_pointer (&s->search, g_free);
  g_object_notify_by_pspec (G_OBJECT (s), props[PROP_PEER]);
  g_object_notify_by_pspec (G_OBJECT (s), props[PROP_N_MESSAGES]);
  g_object_notify_by_pspec (G_OBJECT (s), props[PROP_OUTCOME]);
}
