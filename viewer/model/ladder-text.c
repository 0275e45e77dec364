/* ladder-text.c - what each row of a ladder diagram says: read from the
 * event's line only when the row is drawn or explained. */
#include "ladder.h"

#include <string.h>
#include <glib/gi18n.h>

#include "sasl.h"

/* The members every event has (docs/trace-format.md), left out of notes. */
static const char *const common_members[] = { "ts", "v", "host", "role", "session", "event" };

/* The words traces use for outcomes, ways of delivery and reasons for
 * closing (docs/trace-format.md; lib/ and server/ write them, the capture
 * reader pcap-smtp.c too), shown in the reader's language. */
#define TRACE_WORD "trace word"
static const char *const trace_words[] = {
  NC_ ("trace word", "delivered"), NC_ ("trace word", "ok"), NC_ ("trace word", "failed"),
  NC_ ("trace word", "mailbox"), NC_ ("trace word", "terminal"), NC_ ("trace word", "queue"),
  NC_ ("trace word", "closed"), NC_ ("trace word", "peer closed"), NC_ ("trace word", "server closed"),
  NC_ ("trace word", "error"), NC_ ("trace word", "closed during DATA: mail dropped"),
  NC_ ("trace word", "too many connections"), NC_ ("trace word", "shutting down"),
  NC_ ("trace word", "idle timeout"), NC_ ("trace word", "reset (RST)"), NC_ ("trace word", "closed (FIN)"),
  NC_ ("trace word", "the capture ends here"),
  NC_ ("trace word", "encrypted from here on: the capture cannot show the rest"),
};

/* trace_word - word in the reader's language if it is one of trace_words,
 * else as the trace has it (a host name, an error message) */
static const char *
trace_word (const char *word)
{
  for (guint i = 0; word && i < G_N_ELEMENTS (trace_words); i++)
    if (g_str_equal (word, trace_words[i]))
      return g_dpgettext2 (NULL, TRACE_WORD, word);
  return word ? word : "?";
}

/* member_string - a string or integer member as text, or NULL */
static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;
  if (!node || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* revealed_secret - what an AUTH line's base64 says, when the viewer
 * shows secrets and the line's producer found it went in the clear (its
 * "secret" member, sasl.h); else NULL */
static char *
revealed_secret (SmtplabLadder *l, JsonObject *o)
{
  if (!smtplab_trace_set_get_show_secrets (smtplab_ladder_get_trace_set (l)))
    return NULL;
  return member_string (o, "secret");
}

/* command_text - the command line, with AUTH secrets masked (RFC 4954),
 * or shown with what they say (--show-secrets on a line in the clear) */
static char *
command_text (SmtplabLadder *l, JsonObject *o, const SmtplabLadderRow *row)
{
  char *line = member_string (o, "line");
  char *secret = revealed_secret (l, o);
  char *shown = smtp_sasl_show_line (line ? line : "", row->masked ? "" : NULL, 0, secret != NULL, NULL);
  if (secret) {
    char *both = g_strdup_printf ("%s  (%s)", shown, secret);
    g_free (shown);
    shown = both;
  }
  g_free (secret);
  g_free (line);
  return shown;
}

gboolean
smtplab_ladder_row_revealed (SmtplabLadder *l, guint row)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, row);
  if (r->kind != SMTPLAB_ROW_COMMAND)
    return FALSE;
  JsonObject *o = smtplab_trace_set_parse_event (smtplab_ladder_get_trace_set (l), r->event);
  char *secret = revealed_secret (l, o);
  gboolean revealed = secret != NULL;
  if (o)
    json_object_unref (o);
  g_free (secret);
  return revealed;
}

/* reply_text - "250-first\n250 last": the code on every line, '-' on all
 * but the last (RFC 821 §4.2) */
static char *
reply_text (JsonObject *o, guint code)
{
  JsonArray *lines = o && json_object_has_member (o, "lines") ? json_object_get_array_member (o, "lines") : NULL;
  guint n = lines ? json_array_get_length (lines) : 0;
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < n; i++) {
    JsonNode *node = json_array_get_element (lines, i);
    const char *line = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                       ? json_node_get_string (node) : "";
    g_string_append_printf (text, "%s%u%c%s", i ? "\n" : "", code, i + 1 < n ? '-' : ' ', line);
  }
  if (n == 0)
    g_string_append_printf (text, "%u", code);
  return g_string_free (text, FALSE);
}

/* data_text - the block: how much mail data went through */
static char *
data_text (JsonObject *o)
{
  char *size = member_string (o, "size");
  char *lines = member_string (o, "lines");
  char *text = lines ? g_strdup_printf (_("mail data: %s lines, %s octets, then “.”"), lines,
                                        size ? size : "?")
                     : g_strdup_printf (_("mail data: %s octets, then “.”"), size ? size : "?");
  g_free (size);
  g_free (lines);
  return text;
}

/* generic_note - "event: key=value ..." for events without their own words */
static char *
generic_note (JsonObject *o, const char *event)
{
  GString *text = g_string_new (event);
  g_string_append_c (text, ':');
  GList *names = o ? json_object_get_members (o) : NULL;
  for (GList *n = names; n; n = n->next) {
    gboolean common = FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (common_members); i++)
      common |= g_str_equal (n->data, common_members[i]);
    char *value = common ? NULL : member_string (o, n->data);
    if (value)
      g_string_append_printf (text, " %s=%s", (char *) n->data, value);
    g_free (value);
  }
  g_list_free (names);
  return g_string_free (text, FALSE);
}

/* fault_text - a fault on demand (docs/scenario-format.md), in words: what
 * the host did, at which arrival of which command */
static char *
fault_text (JsonObject *o)
{
  g_autofree char *kind = member_string (o, "kind"), *verb = member_string (o, "verb");
  g_autofree char *nth = member_string (o, "nth"), *code = member_string (o, "code");
  g_autofree char *ms = member_string (o, "ms");
  if (!kind || !verb)
    return generic_note (o, "fault");
  if (g_str_equal (kind, "reply") && code)
    return g_strdup_printf (_("fault on demand: %s #%s answered %s"), verb, nth ? nth : "?", code);
  if (g_str_equal (kind, "delay") && ms)
    return g_strdup_printf (_("fault on demand: %s #%s answered after %s ms"), verb, nth ? nth : "?", ms);
  if (g_str_equal (kind, "drop"))
    return g_strdup_printf (_("fault on demand: connection dropped at %s #%s"), verb, nth ? nth : "?");
  return generic_note (o, "fault");
}

/* note_text - a host's own doing, in words */
static char *
note_text (JsonObject *o, const SmtplabEvent *e)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  switch (e->kind) {
  case SMTPLAB_EVENT_CONNECT:
    a = member_string (o, "peer");
    b = member_string (o, "local");
    return g_strdup_printf (_("connection %s ↔ %s"), b ? b : "?", a ? a : "?");
  case SMTPLAB_EVENT_MESSAGE:
    a = member_string (o, "id");
    b = member_string (o, "hop");
    return g_strdup_printf (_("message %s, hop %s: header block traced"),
                            a ? a : "?", b ? b : "?");
  case SMTPLAB_EVENT_DELIVERY:
    a = member_string (o, "recipient");
    b = member_string (o, "outcome");
    c = member_string (o, "via");
    if (c && g_str_equal (c, "queue"))
      return g_strdup_printf (_("%s: queued for %s"), a ? a : "?", b ? b : "?");
    return g_strdup_printf (_("%s: %s (%s)"), a ? a : "?", trace_word (b), trace_word (c));
  case SMTPLAB_EVENT_CLOSE:
    a = member_string (o, "reason");
    return g_strdup_printf (_("connection closed: %s"), trace_word (a));
  case SMTPLAB_EVENT_TLS:
    a = member_string (o, "outcome");
    b = member_string (o, "protocol");
    c = member_string (o, "error");
    if (!a) {
      g_autofree char *detail = member_string (o, "detail");
      return detail ? g_strdup_printf ("TLS: %s", trace_word (detail)) : generic_note (o, "tls");
    }
    if (b && json_object_has_member (o, "verify_error")) {   /* opportunistic TLS (RFC 7435) */
      g_autofree char *why = member_string (o, "verify_error");
      return g_strdup_printf (_("TLS handshake %s: %s; certificate not verified (%s)"), trace_word (a), b, why ? why : "?");
    }
    return g_strdup_printf (_("TLS handshake %s: %s"), trace_word (a), b ? b : c ? c : "");
  case SMTPLAB_EVENT_AUTH:
    a = member_string (o, "mechanism");
    b = member_string (o, "user");
    c = member_string (o, "outcome");
    if (!a || !c)
      return generic_note (o, "auth");
    return g_strdup_printf (_("AUTH %s as %s: %s"), a, b ? b : "?", trace_word (c));
  case SMTPLAB_EVENT_FAULT:
    return fault_text (o);
  case SMTPLAB_EVENT_UNKNOWN:
    a = member_string (o, "event");
    return g_strdup_printf (_("skipped: an event of a kind this viewer does not know (“%s”)"), a ? a : "?");
  default:
    return generic_note (o, smtplab_event_kind_name (e->kind));
  }
}

/* message_after - the "message" event that follows the data event at
 * index in the same session (the server's stamped header block), or NULL */
static JsonObject *
message_after (SmtplabLadder *l, guint32 index)
{
  SmtplabTraceSet *set = smtplab_ladder_get_trace_set (l);
  guint32 session = smtplab_trace_set_get_event (set, index)->session;
  for (guint32 i = index + 1; i < smtplab_trace_set_get_n_events (set) && i < index + 64; i++) {
    const SmtplabEvent *e = smtplab_trace_set_get_event (set, i);
    if (e->session != session)
      continue;
    if (e->kind == SMTPLAB_EVENT_MESSAGE)
      return smtplab_trace_set_parse_event (set, i);
    if (e->kind == SMTPLAB_EVENT_REPLY || e->kind == SMTPLAB_EVENT_COMMAND)
      break;
  }
  return NULL;
}

/* block_lines - what an expanded block shows: the header block as the
 * host stamped it, line by line, or a word that the trace has no text */
static GPtrArray *
block_lines (SmtplabLadder *l, guint32 index)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  JsonObject *message = message_after (l, index);
  JsonArray *headers = message && json_object_has_member (message, "headers")
                       ? json_object_get_array_member (message, "headers") : NULL;
  for (guint i = 0; headers && i < json_array_get_length (headers); i++) {
    JsonArray *field = json_array_get_array_element (headers, i);
    if (!field || json_array_get_length (field) < 2)
      continue;
    char *text = g_strdup_printf ("%s: %s", json_array_get_string_element (field, 0),
                                  json_array_get_string_element (field, 1));
    char **folded = g_strsplit (text, "\r\n", -1);
    for (guint f = 0; folded[f]; f++)
      g_ptr_array_add (lines, g_strdup (folded[f]));
    g_strfreev (folded);
    g_free (text);
  }
  if (headers)
    g_ptr_array_add (lines, g_strdup (_("(an empty line, then the body: the trace keeps only its size)")));
  else
    g_ptr_array_add (lines, g_strdup (_("(this side's trace keeps only the size of the mail data)")));
  if (message)
    json_object_unref (message);
  return lines;
}

char *
smtplab_ladder_row_text (SmtplabLadder *l, guint row)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, row);
  SmtplabTraceSet *set = smtplab_ladder_get_trace_set (l);
  if (r->kind == SMTPLAB_ROW_TURN)
    return g_strdup (_("TURN accepted: the two hosts swap roles (RFC 821 §3.8)"));
  if (r->kind == SMTPLAB_ROW_DATA_LINE) {
    GPtrArray *lines = block_lines (l, r->event);
    char *text = g_strdup (r->line < lines->len ? g_ptr_array_index (lines, r->line) : "");
    g_ptr_array_unref (lines);
    return text;
  }
  JsonObject *o = smtplab_trace_set_parse_event (set, r->event);
  char *text;
  switch (r->kind) {
  case SMTPLAB_ROW_COMMAND: text = command_text (l, o, r); break;
  case SMTPLAB_ROW_REPLY:   text = reply_text (o, r->code); break;
  case SMTPLAB_ROW_DATA:    text = data_text (o); break;
  default:                  text = note_text (o, smtplab_trace_set_get_event (set, r->event));
  }
  if (o)
    json_object_unref (o);
  return text;
}

gboolean
smtplab_ladder_is_expanded (SmtplabLadder *l, guint row)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, row);
  return r->kind == SMTPLAB_ROW_DATA && row + 1 < smtplab_ladder_get_n_rows (l)
         && smtplab_ladder_get_row (l, row + 1)->kind == SMTPLAB_ROW_DATA_LINE;
}

guint
smtplab_ladder_block_n_lines (SmtplabLadder *l, guint32 event)
{
  GPtrArray *lines = block_lines (l, event);
  guint n = lines->len;
  g_ptr_array_unref (lines);
  return n;
}
