/* test-verb-table.c - the verb table (lib/verbs.h) against what the server
 * session does: every verb in every state, over a real TCP connection on
 * loopback, with the server's "state" trace events compared with what the
 * table says (RFC 821 §4.3 sequencing).  No verb is named here: rows and
 * their syntax give the commands. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "server-session.h"
#include "state-moves.h"
#include "tmp-folder.h"

static char *folder;

static const char scenario_text[] =
  "[host mx.example]\nlisten=127.0.0.1:2525\nrelay-allow=127.0.0.0/8\n"
  "[user u@mx.example]\nname=U Ser\n"
  "[host locked.example]\nlisten=127.0.0.1:2526\ntls=true\nrequire-tls=true\n"
  "[user u@locked.example]\nname=U Ser\n";

/* A server session and the client end of its connection. */
typedef struct {
  SmtpScenario *scenario;
  SmtpTrace *trace;
  char *trace_path;
  SmtpServerSession *session;
  int client;                   /* the client's socket, non-blocking */
  GString *input;               /* what the server sent, not read yet */
  gboolean ended;
} Peer;

/* on_store - the host stores at once (the session waits for this) */
static void
on_store (SmtpServerSession *session, SmtpTransaction *t, gpointer data)
{
  (void) t;
  (void) data;
  smtp_server_session_stored (session, 0);
}

/* on_ended - the session is over; the test frees it */
static void
on_ended (SmtpServerSession *session, gpointer data)
{
  (void) session;
  ((Peer *) data)->ended = TRUE;
}

/* tcp_pair - a connected pair of sockets on 127.0.0.1 */
static void
tcp_pair (int *server, int *client)
{
  int listener = socket (AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  g_assert_cmpint (bind (listener, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (listener, 1), ==, 0);
  g_assert_cmpint (getsockname (listener, (struct sockaddr *) &addr, &len), ==, 0);
  *client = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (connect (*client, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  *server = accept (listener, NULL, NULL);
  g_assert_cmpint (*server, >=, 0);
  close (listener);
  fcntl (*client, F_SETFL, O_NONBLOCK);
}

/* reply - waits for the server's next whole reply; its code */
static guint
reply (Peer *p)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;) {
    /* a reply ends with a line "ddd text" (RFC 821 §4.2) */
    char **lines = g_strsplit (p->input->str, "\r\n", -1);
    gsize used = 0;
    for (guint i = 0; lines[i] && lines[i + 1]; i++) {
      used += strlen (lines[i]) + 2;
      if (strlen (lines[i]) >= 3 && lines[i][3] != '-') {
        guint code = g_ascii_strtoull (lines[i], NULL, 10);
        g_string_erase (p->input, 0, used);
        g_strfreev (lines);
        return code;
      }
    }
    g_strfreev (lines);
    char buf[4096];
    ssize_t n = read (p->client, buf, sizeof buf);
    if (n > 0)
      g_string_append_len (p->input, buf, n);
    else if (n == 0 || (errno != EAGAIN && errno != EINTR))
      return 0;                                 /* closed without a reply */
    else
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
  }
}

/* command - sends one line, returns the code of its reply */
static guint
command (Peer *p, const char *line)
{
  char *wire = g_strconcat (line, "\r\n", NULL);
  g_assert_cmpint (write (p->client, wire, strlen (wire)), ==, (gssize) strlen (wire));
  g_free (wire);
  return reply (p);
}

/* peer_new - a session of host, greeted */
static Peer *
peer_new (const char *host)
{
  static const SmtpServerHooks hooks = { .store = on_store, .ended = on_ended };
  Peer *p = g_new0 (Peer, 1);
  GError *error = NULL;
  p->scenario = smtp_scenario_load_data (scenario_text, &error);
  g_assert_no_error (error);
  p->trace_path = g_build_filename (folder, "trace.jsonl", NULL);
  g_unlink (p->trace_path);
  p->trace = smtp_trace_open (p->trace_path, host, &error);
  g_assert_no_error (error);
  p->input = g_string_new (NULL);
  int server;
  tcp_pair (&server, &p->client);
  GSocket *socket = g_socket_new_from_fd (server, &error);
  g_assert_no_error (error);
  p->session = smtp_server_session_new (socket, smtp_scenario_host (p->scenario, host),
                                        p->trace, &hooks, p);
  g_object_unref (socket);
  g_assert_cmpuint (reply (p), ==, 220);
  return p;
}

static void
peer_free (Peer *p)
{
  close (p->client);
  while (!p->ended && g_main_context_iteration (NULL, FALSE))
    ;
  smtp_server_session_free (p->session);
  smtp_trace_close (p->trace);
  smtp_scenario_free (p->scenario);
  g_string_free (p->input, TRUE);
  g_free (p->trace_path);
  g_free (p);
}

/* state_events - the "state" events written so far, as JSON objects */
static GPtrArray *
state_events (Peer *p)
{
  smtp_trace_flush_all ();
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  char *text = NULL;
  g_assert_true (g_file_get_contents (p->trace_path, &text, NULL, NULL));
  char **lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    JsonObject *e = *lines[i] ? smtp_trace_parse_line (lines[i], strlen (lines[i]), NULL) : NULL;
    if (e && g_str_equal (json_object_get_string_member (e, "event"), "state"))
      g_ptr_array_add (events, json_object_ref (e));
    if (e)
      json_object_unref (e);
  }
  g_strfreev (lines);
  g_free (text);
  return events;
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
    guint code = command (p, line);
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
      Peer *p = peer_new ("mx.example");
      reach (p, states[s]);
      GPtrArray *before = state_events (p);
      char *line = line_for (row);
      guint code = command (p, line);
      GPtrArray *after = state_events (p);
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
  Peer *p = peer_new ("mx.example");
  reach (p, SMTP_STATE_RCPT);
  const SmtpVerb *data = NULL, *quit = NULL, *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++) {
    if (row->to == SMTP_STATE_DATA)
      data = row;
    if (row->to == SMTP_STATE_QUIT && row->arg == SMTP_ARG_NONE && (row->flags & SMTP_VERB_MINIMUM))
      quit = row;
  }
  g_assert_cmpuint (command (p, data->verb), ==, 354);
  g_assert_cmpuint (command (p, "Subject: t\r\n\r\nhello\r\n."), ==, 250);
  g_assert_cmpuint (command (p, quit->verb), ==, 221);
  GPtrArray *events = state_events (p);
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
    Peer *p = peer_new ("locked.example");
    reach (p, SMTP_STATE_READY);
    char *line = line_for (row);
    guint code = command (p, line);
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
