/* letter-hops.c - a message followed across hosts by its ids. */
#include "letter-hops.h"

#include <string.h>

#include "grammar.h"
#include "message.h"
#include "received.h"
#include "verbs.h"

static void
header_line_free (SmtplabHeaderLine *line)
{
  g_free (line->name);
  g_free (line->value);
  g_free (line);
}

static void
hop_free (SmtplabHop *hop)
{
  g_free (hop->host);
  g_free (hop->id);
  g_free (hop->return_path);
  g_ptr_array_unref (hop->lines);
  g_free (hop);
}

void
smtplab_letter_free (SmtplabLetter *letter)
{
  if (!letter)
    return;
  g_ptr_array_unref (letter->hops);
  g_free (letter->origin);
  g_free (letter);
}

/* received_by - the first word of the "by" clause of a Received: value */
static char *
received_clause (const char *value, const char *keyword)
{
  GPtrArray *clauses = smtp_received_parse (value);
  const char *text = smtp_received_get (clauses, keyword);
  char *word = text ? g_strndup (text, strcspn (text, " \t(")) : NULL;
  g_ptr_array_unref (clauses);
  return word;
}

/* hop_from_event - a hop read from a "message" event, or NULL */
static SmtplabHop *
hop_from_event (SmtplabTraceSet *set, guint32 index)
{
  JsonObject *o = smtplab_trace_set_parse_event (set, index);
  if (!o)
    return NULL;
  SmtplabHop *hop = g_new0 (SmtplabHop, 1);
  hop->event = index;
  hop->host = g_strdup (json_object_get_string_member_with_default (o, "host", ""));
  hop->id = g_strdup (json_object_get_string_member_with_default (o, "id", ""));
  hop->hop = json_object_get_int_member_with_default (o, "hop", 0);
  hop->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) header_line_free);
  JsonArray *headers = json_object_has_member (o, "headers") ? json_object_get_array_member (o, "headers") : NULL;
  for (guint i = 0; headers && i < json_array_get_length (headers); i++) {
    JsonArray *field = json_array_get_array_element (headers, i);
    if (!field || json_array_get_length (field) < 2)
      continue;
    SmtplabHeaderLine *line = g_new0 (SmtplabHeaderLine, 1);
    line->name = g_strdup (json_array_get_string_element (field, 0));
    line->value = g_strdup (json_array_get_string_element (field, 1));
    g_ptr_array_add (hop->lines, line);
  }
  hop->session = smtplab_trace_set_get_session (set, smtplab_trace_set_get_event (set, index)->session);
  json_object_unref (o);
  return hop;
}

/* hop_keys - what identifies the letter at this hop: its id, the ids in
 * its Received: lines, its Message-ID */
static GPtrArray *
hop_keys (SmtplabHop *hop)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  if (*hop->id)
    g_ptr_array_add (keys, g_strconcat ("id:", hop->id, NULL));
  for (guint i = 0; i < hop->lines->len; i++) {
    SmtplabHeaderLine *line = g_ptr_array_index (hop->lines, i);
    char *id = g_ascii_strcasecmp (line->name, "Received") == 0 ? received_clause (line->value, "id") : NULL;
    if (id && *id)
      g_ptr_array_add (keys, g_strconcat ("id:", id, NULL));
    if (g_ascii_strcasecmp (line->name, "Message-ID") == 0) {
      char *unfolded = smtp_header_unfold (line->value);
      g_ptr_array_add (keys, g_strconcat ("mid:", g_strstrip (unfolded), NULL));
      g_free (unfolded);
    }
    g_free (id);
  }
  return keys;
}

/* shares_key - TRUE when the two key lists meet */
static gboolean
shares_key (GPtrArray *a, GPtrArray *b)
{
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      if (g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, j)))
        return TRUE;
  return FALSE;
}

/* gather - every message event of the letter that seed belongs to */
static GPtrArray *
gather (SmtplabTraceSet *set, SmtplabHop *seed)
{
  GArray *messages = smtplab_trace_set_get_messages (set);
  GPtrArray *hops = g_ptr_array_new_with_free_func ((GDestroyNotify) hop_free);
  GPtrArray *keys = hop_keys (seed);
  g_ptr_array_add (hops, seed);
  gboolean grew = TRUE;
  GHashTable *taken = g_hash_table_new (NULL, NULL);
  g_hash_table_add (taken, GUINT_TO_POINTER (seed->event + 1));
  while (grew) {
    grew = FALSE;
    for (guint i = 0; i < messages->len; i++) {
      guint32 index = g_array_index (messages, guint32, i);
      if (g_hash_table_contains (taken, GUINT_TO_POINTER (index + 1)))
        continue;
      SmtplabHop *hop = hop_from_event (set, index);
      GPtrArray *more = hop ? hop_keys (hop) : NULL;
      if (more && shares_key (keys, more)) {
        g_ptr_array_extend_and_steal (keys, g_steal_pointer (&more));
        g_ptr_array_add (hops, hop);
        g_hash_table_add (taken, GUINT_TO_POINTER (index + 1));
        grew = TRUE;
      } else if (hop) {
        hop_free (hop);
      }
      if (more)
        g_ptr_array_unref (more);
    }
  }
  g_hash_table_unref (taken);
  g_ptr_array_unref (keys);
  return hops;
}

/* by_hop - hops in the order the letter crossed them */
static int
by_hop (gconstpointer a, gconstpointer b)
{
  const SmtplabHop *x = *(SmtplabHop * const *) a, *y = *(SmtplabHop * const *) b;
  return x->hop != y->hop ? (int) x->hop - (int) y->hop : x->event < y->event ? -1 : 1;
}

/* same_line - TRUE when two header lines are the same field */
static gboolean
same_line (const SmtplabHeaderLine *a, const SmtplabHeaderLine *b)
{
  return g_ascii_strcasecmp (a->name, b->name) == 0 && g_str_equal (a->value, b->value);
}

/* mark_added - what each hop added: lines not in the hop before; at the
 * first hop we have, the Received: lines stamped "by" this host */
static void
mark_added (GPtrArray *hops)
{
  for (guint h = 0; h < hops->len; h++) {
    SmtplabHop *hop = g_ptr_array_index (hops, h), *before = h ? g_ptr_array_index (hops, h - 1) : NULL;
    for (guint i = 0; i < hop->lines->len; i++) {
      SmtplabHeaderLine *line = g_ptr_array_index (hop->lines, i);
      gboolean seen = FALSE;
      for (guint j = 0; before && !seen && j < before->lines->len; j++)
        seen = same_line (line, g_ptr_array_index (before->lines, j));
      if (before) {
        line->added = !seen;
      } else if (g_ascii_strcasecmp (line->name, "Received") == 0) {
        char *by = received_clause (line->value, "by");
        line->added = by && smtp_domain_equal (by, hop->host);
        g_free (by);
      }
    }
  }
}

/* reverse_path_before - the reverse-path of the last command of session
 * before event index that opened a mail transaction (RFC 821 §3.1, §3.4:
 * the verb table's OPENS_MAIL rows), as "<...>", or NULL */
static char *
reverse_path_before (SmtplabTraceSet *set, SmtplabSession *session, guint32 index)
{
  GArray *events = smtplab_session_get_events (session);
  char *path = NULL;
  for (guint i = 0; i < events->len && g_array_index (events, guint32, i) < index; i++) {
    guint32 e = g_array_index (events, guint32, i);
    const SmtplabEvent *ev = smtplab_trace_set_get_event (set, e);
    if (ev->kind != SMTPLAB_EVENT_COMMAND || !smtp_verb_opens_mail (smtplab_trace_set_get_verb (set, ev), NULL))
      continue;
    JsonObject *o = smtplab_trace_set_parse_event (set, e);
    char *verb = NULL, *argument = NULL;
    SmtpPath *reverse = NULL;
    if (o && smtp_command_split (json_object_get_string_member_with_default (o, "line", ""), &verb, &argument, NULL)
        && argument && smtp_parse_path_argument (argument, "FROM", &reverse, NULL, NULL)) {
      g_free (path);
      path = smtp_path_to_string (reverse);
      smtp_path_free (reverse);
    }
    g_free (verb);
    g_free (argument);
    if (o)
      json_object_unref (o);
  }
  return path;
}

/* delivered_here - TRUE when session delivered the message of event index
 * to a mailbox or terminal (final delivery, RFC 821 §4.1.2) */
static gboolean
delivered_here (SmtplabTraceSet *set, SmtplabSession *session, guint32 index)
{
  GArray *events = smtplab_session_get_events (session);
  for (guint i = 0; i < events->len; i++) {
    guint32 e = g_array_index (events, guint32, i);
    if (e <= index || smtplab_trace_set_get_event (set, e)->kind != SMTPLAB_EVENT_DELIVERY)
      continue;
    JsonObject *o = smtplab_trace_set_parse_event (set, e);
    const char *via = o ? json_object_get_string_member_with_default (o, "via", "") : "";
    gboolean final = g_str_equal (via, "mailbox") || g_str_equal (via, "terminal");
    if (o)
      json_object_unref (o);
    if (final)
      return TRUE;
  }
  return FALSE;
}

/* find_relay - the session in which hop's host passed the letter to the
 * next hop: the other end of next's connection (addresses swapped) */
static SmtplabSession *
find_relay (SmtplabTraceSet *set, SmtplabHop *hop, SmtplabHop *next)
{
  for (guint i = 0; i < smtplab_trace_set_get_n_all_sessions (set); i++) {
    SmtplabSession *s = smtplab_trace_set_get_session (set, i);
    if (!smtplab_session_is_server (s) && g_str_equal (smtplab_session_get_host (s), hop->host)
        && g_str_equal (smtplab_session_get_peer_address (s), smtplab_session_get_local_address (next->session))
        && g_str_equal (smtplab_session_get_local_address (s), smtplab_session_get_peer_address (next->session))
        && smtplab_session_get_start (s) <= smtplab_session_get_start (next->session))
      return s;
  }
  return NULL;
}

/* first_message - the first message event of session, or G_MAXUINT32 */
static guint32
first_message (SmtplabTraceSet *set, SmtplabSession *session)
{
  GArray *events = smtplab_session_get_events (session);
  for (guint i = 0; i < events->len; i++)
    if (smtplab_trace_set_get_event (set, g_array_index (events, guint32, i))->kind == SMTPLAB_EVENT_MESSAGE)
      return g_array_index (events, guint32, i);
  return G_MAXUINT32;
}

/* message_sent_in - for a client session: the message event at its peer
 * that arrived on the other end of its connection */
static guint32
message_sent_in (SmtplabTraceSet *set, SmtplabSession *session)
{
  for (guint i = 0; i < smtplab_trace_set_get_n_all_sessions (set); i++) {
    SmtplabSession *s = smtplab_trace_set_get_session (set, i);
    if (smtplab_session_is_server (s) && *smtplab_session_get_peer_address (s)
        && g_str_equal (smtplab_session_get_peer_address (s), smtplab_session_get_local_address (session))
        && g_str_equal (smtplab_session_get_local_address (s), smtplab_session_get_peer_address (session))
        && smtplab_session_get_start (s) >= smtplab_session_get_start (session)
        && first_message (set, s) != G_MAXUINT32)
      return first_message (set, s);
  }
  return G_MAXUINT32;
}

SmtplabLetter *
smtplab_letter_for_session (SmtplabTraceSet *set, SmtplabSession *session)
{
  guint32 index = first_message (set, session);
  if (index == G_MAXUINT32 && smtplab_session_get_turn_next (session))
    index = first_message (set, smtplab_session_get_turn_next (session));
  if (index == G_MAXUINT32 && !smtplab_session_is_server (session))
    index = message_sent_in (set, session);
  SmtplabHop *seed = index == G_MAXUINT32 ? NULL : hop_from_event (set, index);
  if (!seed)
    return NULL;
  SmtplabLetter *letter = g_new0 (SmtplabLetter, 1);
  letter->hops = gather (set, seed);
  g_ptr_array_sort (letter->hops, by_hop);
  mark_added (letter->hops);
  for (guint h = 0; h < letter->hops->len; h++) {
    SmtplabHop *hop = g_ptr_array_index (letter->hops, h);
    if (h + 1 < letter->hops->len)
      hop->relay = find_relay (set, hop, g_ptr_array_index (letter->hops, h + 1));
    if (delivered_here (set, hop->session, hop->event))
      hop->return_path = reverse_path_before (set, hop->session, hop->event);
  }
  SmtplabHop *first = g_ptr_array_index (letter->hops, 0);
  for (guint i = first->lines->len; i-- > 0;) {
    SmtplabHeaderLine *line = g_ptr_array_index (first->lines, i);
    if (!letter->origin && g_ascii_strcasecmp (line->name, "Received") == 0)
      letter->origin = received_clause (line->value, "from");
  }
  return letter;
}

GPtrArray *
smtplab_letter_path (SmtplabLetter *letter)
{
  GPtrArray *path = g_ptr_array_new ();
  if (letter->origin)
    g_ptr_array_add (path, letter->origin);
  for (guint h = 0; h < letter->hops->len; h++)
    g_ptr_array_add (path, ((SmtplabHop *) g_ptr_array_index (letter->hops, h))->host);
  return path;
}
