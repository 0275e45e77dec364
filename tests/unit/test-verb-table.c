/* test-verb-table.c - the verb table (lib/verbs.h) against what the server
 * session does: every verb in every state, over a real TCP connection on
 * loopback, with the server's "state" trace events compared with what the
 * table says (RFC 821 §4.3 sequencing).  No verb is named here: rows and
 * their syntax give the commands. */
#include "server-peer.h"
#include "state-moves.h"
#include "tmp-folder.h"

static char *folder;

static const char scenario_text[] =
  "[host mx.example]\nlisten=127.0.0.1:2525\nrelay-allow=127.0.0.0/8\n"
  "[user u@mx.example]\nname=U Ser\n"
  "[host locked.example]\nlisten=127.0.0.1:2526\ntls=true\nrequire-tls=true\n"
  "[user u@locked.example]\nname=U Ser\n";

/* session - a new session of host in this test's scenario */
static Peer *
session (const char *host)
{
  return peer_new (folder, scenario_text, host, FALSE);
}

/* line_for - a well-formed command line for row, made from its syntax */
static char *
line_for (const SmtpVerb *row)
{
  const char *syntax = row->syntax;
  if (row->arg != SMTP_ARG_REQUIRED)
    return g_strdup (row->verb);
  if (strstr (syntax, "FROM:"))
    return g_strconcat (row->verb, " FROM:<a@c.example>", NULL);
  if (strstr (syntax, "TO:"))
    return g_strconcat (row->verb, " TO:<u@mx.example>", NULL);
  if (strstr (syntax, "<domain>"))
    return g_strconcat (row->verb, " c.example", NULL);
  if (strstr (syntax, "<mechanism>"))
    return g_strconcat (row->verb, " PLAIN", NULL);
  return g_strconcat (row->verb, " u", NULL);
}

/* reach - brings a new session to state with the table's own verbs:
 * a hello, then a transaction's first verb, then a recipient */
static void
reach (Peer *p, SmtpServerState state)
{
  const SmtpVerb *row;
  SmtpServerState now = SMTP_STATE_GREETED;
  for (guint i = 0; now != state && (row = smtp_verb_nth (i)); i++) {
    gboolean step = (now == SMTP_STATE_GREETED && (row->flags & SMTP_VERB_HELLO))
                    || (now == SMTP_STATE_READY && (row->flags & SMTP_VERB_OPENS_MAIL))
                    || (now == SMTP_STATE_MAIL && row->to == SMTP_STATE_RCPT);
    if (!step)
      continue;
    char *line = line_for (row);
    guint code = peer_command (p, line);
    g_free (line);
    g_assert_true (smtp_verb_succeeded (row, code));
    now = row->to;
    i = (guint) -1;                             /* from the top again */
  }
  g_assert_cmpint (now, ==, state);
}

/* every verb in every state a command can arrive in: the server answers
 * 503 where the row does not allow the verb, and otherwise moves exactly
 * as the table (smtp_state_after) says for the reply it gave */
static void
test_every_verb_every_state (void)
{
  static const SmtpServerState states[] = {
    SMTP_STATE_GREETED, SMTP_STATE_READY, SMTP_STATE_MAIL, SMTP_STATE_RCPT,
  };
  const SmtpVerb *row;
  guint cases = 0, moves = 0;
  for (gsize s = 0; s < G_N_ELEMENTS (states); s++)
    for (guint i = 0; (row = smtp_verb_nth (i)); i++, cases++) {
      Peer *p = session ("mx.example");
      reach (p, states[s]);
      GPtrArray *before = peer_events (p, "state");
      char *line = line_for (row);
      guint code = peer_command (p, line);
      GPtrArray *after = peer_events (p, "state");
      SmtpServerState server = states[s];
      for (guint e = before->len; e < after->len; e++) {
        JsonObject *event = g_ptr_array_index (after, e);
        g_assert_cmpstr (json_object_get_string_member (event, "from"), ==,
                         smtp_server_state_name (server));
        g_assert_cmpstr (json_object_get_string_member_with_default (event, "verb", ""), ==, row->verb);
        server = smtp_server_state_from_name (json_object_get_string_member (event, "to"));
        moves++;
      }
      if (g_test_verbose ())
        g_test_message ("%s in %s: %u, now %s", line, smtp_server_state_name (states[s]), code,
                        smtp_server_state_name (server));
      if (!(row->allowed & states[s]))
        g_assert_cmpuint (code, ==, 503);
      g_assert_cmpint (server, ==, smtp_state_after (states[s], row->verb, code));
      g_ptr_array_unref (before);
      g_ptr_array_unref (after);
      g_free (line);
      peer_free (p);
    }
  g_assert_cmpuint (cases, ==, 4 * 18);
  g_assert_cmpuint (moves, >, 12);              /* the test saw the server move */
}

/* one RFC 821 §3.1 transaction: the states the server traces, in order,
 * each with the verb that moved it ("." for the end of the mail data) */
static void
test_transaction_states (void)
{
  Peer *p = session ("mx.example");
  reach (p, SMTP_STATE_RCPT);
  const SmtpVerb *data = NULL, *quit = NULL, *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++) {
    if (row->to == SMTP_STATE_DATA)
      data = row;
    if (row->to == SMTP_STATE_QUIT && row->arg == SMTP_ARG_NONE && (row->flags & SMTP_VERB_MINIMUM))
      quit = row;
  }
  g_assert_cmpuint (peer_command (p, data->verb), ==, 354);
  g_assert_cmpuint (peer_command (p, "Subject: t\r\n\r\nhello\r\n."), ==, 250);
  g_assert_cmpuint (peer_command (p, quit->verb), ==, 221);
  GPtrArray *events = peer_events (p, "state");
  GString *seen = g_string_new (NULL);
  for (guint e = 0; e < events->len; e++) {
    JsonObject *event = g_ptr_array_index (events, e);
    g_string_append_printf (seen, "%s>%s(%s) ", json_object_get_string_member (event, "from"),
                            json_object_get_string_member (event, "to"),
                            json_object_get_string_member_with_default (event, "verb", ""));
  }
  g_assert_cmpstr (seen->str, ==,
                   "GREETED>READY(HELO) READY>MAIL(MAIL) MAIL>RCPT(RCPT) RCPT>DATA(DATA) "
                   "DATA>STORING(.) STORING>READY(.) READY>QUIT(QUIT) ");
  g_string_free (seen, TRUE);
  g_ptr_array_unref (events);
  peer_free (p);
}

/* RFC 3207 §4: a host with require-tls=true answers 530 to every verb
 * whose row is not marked before-TLS, and the others as usual */
static void
test_require_tls (void)
{
  const SmtpVerb *row;
  guint refused = 0;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++) {
    Peer *p = session ("locked.example");
    reach (p, SMTP_STATE_READY);
    char *line = line_for (row);
    guint code = peer_command (p, line);
    if (row->flags & SMTP_VERB_BEFORE_TLS)
      g_assert_cmpuint (code, !=, 530);
    else
      g_assert_cmpuint (code, ==, 530);
    refused += code == 530;
    g_free (line);
    peer_free (p);
  }
  g_assert_cmpuint (refused, >=, 8);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  folder = tmp_folder_new ("test-verb-table");
  g_test_add_func ("/verb-table/every-verb-every-state", test_every_verb_every_state);
  g_test_add_func ("/verb-table/transaction-states", test_transaction_states);
  g_test_add_func ("/verb-table/require-tls", test_require_tls);
  return tmp_folder_run (folder);
}
