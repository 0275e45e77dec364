/* test-ladder.c - a session laid out as ladder rows (viewer/model/ladder.c,
 * ladder-text.c): one arrow per command and reply, the mail data block,
 * the state after each row, STARTTLS, AUTH and TURN. */
#include <string.h>
#include "fixtures.h"
#include "ladder.h"

typedef struct {
  char *path;
  SmtplabTraceSet *set;
  SmtplabLadder *ladder;
} Fixture;

static void
fixture_open (Fixture *f, const char *text, const char *session)
{
  f->path = fixture_write ("trace.jsonl", text);
  f->set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (f->set, f->path, NULL));
  SmtplabSession *s = smtplab_trace_set_find_session (f->set, session);
  g_assert_nonnull (s);
  f->ladder = smtplab_ladder_new (f->set, s);
}

static void
fixture_close (Fixture *f)
{
  smtplab_ladder_free (f->ladder);
  g_object_unref (f->set);
  fixture_remove (f->path);
}

/* the first row of kind at or after row from */
static guint
find_kind (SmtplabLadder *l, guint from, SmtplabRowKind kind)
{
  for (guint i = from; i < smtplab_ladder_get_n_rows (l); i++)
    if (smtplab_ladder_get_row (l, i)->kind == kind)
      return i;
  return G_MAXUINT;
}

/* RFC 821 §3.1: one arrow per command and per reply, each labelled with
 * its line; the reply to the mail data answers "." */
static void
test_arrows_and_labels (void)
{
  Fixture f;
  fixture_open (&f, RFC821_SMITH, "s1");
  g_assert_cmpuint (smtplab_ladder_count_arrows (f.ladder), ==, RFC821_SMITH_ARROWS);
  guint greeting = find_kind (f.ladder, 0, SMTPLAB_ROW_REPLY);
  char *text = smtplab_ladder_row_text (f.ladder, greeting);
  g_assert_cmpstr (text, ==, "220 Beta.ARPA Simple Mail Transfer Service Ready");
  g_free (text);
  guint helo = find_kind (f.ladder, 0, SMTPLAB_ROW_COMMAND);
  text = smtplab_ladder_row_text (f.ladder, helo);
  g_assert_cmpstr (text, ==, "HELO Alpha.ARPA");
  g_free (text);
  g_assert_cmpstr (smtplab_ladder_row_verb (f.ladder, helo + 1), ==, "HELO");
  guint data = find_kind (f.ladder, 0, SMTPLAB_ROW_DATA);
  text = smtplab_ladder_row_text (f.ladder, data);
  g_assert_nonnull (strstr (text, "2 lines, 37 octets"));
  g_free (text);
  guint answer = find_kind (f.ladder, data, SMTPLAB_ROW_REPLY);
  g_assert_true (smtplab_ladder_get_row (f.ladder, answer)->end_of_data);
  g_assert_cmpstr (smtplab_ladder_get_left_name (f.ladder), ==, "Alpha.ARPA");
  g_assert_cmpstr (smtplab_ladder_get_right_name (f.ladder), ==, "Beta.ARPA");
  fixture_close (&f);
}

/* the receiver's state after each reply (RFC 821 §4.3) */
static void
test_states (void)
{
  Fixture f;
  fixture_open (&f, RFC821_SMITH, "s1");
  static const SmtpServerState after_replies[] = {
    SMTP_STATE_GREETED, SMTP_STATE_READY, SMTP_STATE_MAIL, SMTP_STATE_RCPT, SMTP_STATE_RCPT,
    SMTP_STATE_RCPT, SMTP_STATE_DATA, SMTP_STATE_READY, SMTP_STATE_QUIT };
  guint n = 0;
  for (guint i = 0; i < smtplab_ladder_get_n_rows (f.ladder); i++) {
    const SmtplabLadderRow *r = smtplab_ladder_get_row (f.ladder, i);
    if (r->kind == SMTPLAB_ROW_REPLY)
      g_assert_cmpint (r->state, ==, after_replies[n++]);
  }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (after_replies));
  fixture_close (&f);
}

/* the block opens into the header block the server stamped, and closes */
static void
test_data_block_expands (void)
{
  Fixture f;
  fixture_open (&f, RFC821_SMITH, "s1");
  guint rows = smtplab_ladder_get_n_rows (f.ladder);
  guint data = find_kind (f.ladder, 0, SMTPLAB_ROW_DATA);
  g_assert_false (smtplab_ladder_is_expanded (f.ladder, data));
  smtplab_ladder_set_expanded (f.ladder, data, TRUE);
  g_assert_true (smtplab_ladder_is_expanded (f.ladder, data));
  g_assert_cmpuint (smtplab_ladder_get_n_rows (f.ladder), ==, rows + 4);
  char *text = smtplab_ladder_row_text (f.ladder, data + 1);
  g_assert_cmpstr (text, ==, "Received: from Alpha.ARPA ([127.0.0.10])");
  g_free (text);
  g_assert_cmpuint (smtplab_ladder_count_arrows (f.ladder), ==, RFC821_SMITH_ARROWS);
  smtplab_ladder_set_expanded (f.ladder, data, FALSE);
  g_assert_cmpuint (smtplab_ladder_get_n_rows (f.ladder), ==, rows);
  fixture_close (&f);
}

/* after STARTTLS's 220 rows are marked secure; AUTH secrets never show */
static void
test_starttls_and_auth (void)
{
  Fixture f;
  fixture_open (&f,
    EV ("00.1", "client", "c1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"mx ESMTP\"]")
    EV ("00.2", "client", "c1", "\"event\":\"command\",\"line\":\"STARTTLS\",\"verb\":\"STARTTLS\"")
    EV ("00.3", "client", "c1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"Go ahead\"]")
    EV ("00.4", "client", "c1", "\"event\":\"tls\",\"version\":\"TLSv1.3\"")
    EV ("00.5", "client", "c1", "\"event\":\"command\",\"line\":\"AUTH LOGIN\",\"verb\":\"AUTH\"")
    EV ("00.6", "client", "c1", "\"event\":\"reply\",\"code\":334,\"lines\":[\"VXNlcm5hbWU6\"]")
    EV ("00.7", "client", "c1", "\"event\":\"command\",\"line\":\"c21pdGg=\",\"verb\":\"\"")
    EV ("00.8", "client", "c1", "\"event\":\"reply\",\"code\":235,\"lines\":[\"OK\"]")
    EV ("00.9", "client", "c1", "\"event\":\"command\",\"line\":\"AUTH PLAIN AHNtaXRoAHNlY3JldA==\",\"verb\":\"AUTH\""),
    "c1");
  g_assert_false (smtplab_ladder_get_row (f.ladder, 1)->secure);
  g_assert_true (smtplab_ladder_get_row (f.ladder, 3)->secure);
  char *response = smtplab_ladder_row_text (f.ladder, 6);
  g_assert_cmpstr (response, ==, "***");
  char *plain = smtplab_ladder_row_text (f.ladder, 8);
  g_assert_cmpstr (plain, ==, "AUTH PLAIN ***");
  g_free (response);
  g_free (plain);
  g_assert_cmpstr (smtplab_ladder_get_right_name (f.ladder), ==, "mx");
  fixture_close (&f);
}

/* faults on demand (docs/scenario-format.md) are notes that say what the
 * host did on purpose, and at which arrival of which command */
static void
test_fault_notes (void)
{
  Fixture f;
  fixture_open (&f,
    EV ("00.1", "server", "s1", "\"event\":\"fault\",\"kind\":\"delay\",\"verb\":\"GREETING\",\"nth\":1,\"ms\":1500")
    EV ("00.2", "server", "s1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"mx ESMTP\"]")
    EV ("00.3", "server", "s1", "\"event\":\"command\",\"line\":\"MAIL FROM:<a@b>\",\"verb\":\"MAIL\"")
    EV ("00.4", "server", "s1", "\"event\":\"fault\",\"kind\":\"reply\",\"verb\":\"MAIL\",\"nth\":2,\"code\":451")
    EV ("00.5", "server", "s1", "\"event\":\"reply\",\"code\":451,\"lines\":[\"try later\"]")
    EV ("00.6", "server", "s1", "\"event\":\"fault\",\"kind\":\"drop\",\"verb\":\"DATA-LINE\",\"nth\":1"),
    "s1");
  const char *want[] = { "fault on demand: GREETING #1 answered after 1500 ms",
                         "fault on demand: MAIL #2 answered 451",
                         "fault on demand: connection dropped at DATA-LINE #1" };
  guint found = 0;
  for (guint i = 0; i < smtplab_ladder_get_n_rows (f.ladder); i++) {
    const SmtplabLadderRow *row = smtplab_ladder_get_row (f.ladder, i);
    if (row->kind != SMTPLAB_ROW_NOTE)
      continue;
    char *text = smtplab_ladder_row_text (f.ladder, i);
    g_assert_false (row->skipped);
    g_assert_cmpuint (found, <, G_N_ELEMENTS (want));
    g_assert_cmpstr (text, ==, want[found++]);
    g_free (text);
  }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (want));
  fixture_close (&f);
}

/* a trace of the plaintext lesson (smtplab-server --show-secrets): the
 * secret shows only when the viewer is asked too; a relay's unverified
 * certificate is said in the TLS note (RFC 7435) */
static void
test_secrets_and_unverified_tls (void)
{
  Fixture f;
  fixture_open (&f,
    EV ("00.1", "server", "p1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"plain ESMTP\"]")
    EV ("00.2", "server", "p1", "\"event\":\"command\",\"line\":\"AUTH PLAIN AGNhcm9sAGNhcm9sLXB3\","
        "\"verb\":\"AUTH\",\"secret\":\"authzid \\\"\\\", authcid \\\"carol\\\", password \\\"carol-pw\\\"\"")
    EV ("00.3", "server", "p1", "\"event\":\"reply\",\"code\":235,\"lines\":[\"OK\"]")
    EV ("00.4", "server", "p1", "\"event\":\"tls\",\"outcome\":\"ok\",\"protocol\":\"TLSv1.3\","
        "\"verified\":false,\"verify_error\":\"self-signed certificate\""),
    "p1");
  char *text = smtplab_ladder_row_text (f.ladder, 1);
  g_assert_cmpstr (text, ==, "AUTH PLAIN ***");
  g_assert_false (smtplab_ladder_row_revealed (f.ladder, 1));
  g_free (text);
  smtplab_trace_set_set_show_secrets (f.set, TRUE);
  text = smtplab_ladder_row_text (f.ladder, 1);
  g_assert_cmpstr (text, ==, "AUTH PLAIN AGNhcm9sAGNhcm9sLXB3  (authzid \"\", authcid \"carol\", password \"carol-pw\")");
  g_assert_true (smtplab_ladder_row_revealed (f.ladder, 1));
  g_free (text);
  text = smtplab_ladder_row_text (f.ladder, find_kind (f.ladder, 0, SMTPLAB_ROW_NOTE));
  g_assert_cmpstr (text, ==, "TLS handshake ok: TLSv1.3; certificate not verified (self-signed certificate)");
  g_free (text);
  fixture_close (&f);
}

/* RFC 821 §3.8: after TURN and its 250 the roles swap on the same
 * connection; the session that carries mail back continues the ladder */
static void
test_turn_swaps (void)
{
  Fixture f;
  fixture_open (&f,
    EV ("00.1", "client", "t1", "\"event\":\"connect\",\"peer\":\"10.0.0.2\",\"local\":\"10.0.0.1\"")
    EV ("00.2", "client", "t1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"HOSTX ready\"]")
    EV ("00.3", "client", "t1", "\"event\":\"command\",\"line\":\"TURN\",\"verb\":\"TURN\"")
    EV ("00.4", "client", "t1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]")
    EV ("00.5", "server", "t2", "\"event\":\"connect\",\"peer\":\"10.0.0.2\",\"local\":\"10.0.0.1\"")
    EV ("00.6", "server", "t2", "\"event\":\"reply\",\"code\":220,\"lines\":[\"HOSTW ready\"]")
    EV ("00.7", "server", "t2", "\"event\":\"command\",\"line\":\"HELO HOSTX\",\"verb\":\"HELO\"")
    EV ("00.8", "server", "t2", "\"event\":\"reply\",\"code\":250,\"lines\":[\"HOSTW\"]")
    EV ("00.9", "server", "t2", "\"event\":\"close\",\"reason\":\"closed\""),
    "t1");
  g_assert_cmpuint (g_list_model_get_n_items (smtplab_trace_set_get_sessions (f.set)), ==, 1);
  guint turn = find_kind (f.ladder, 0, SMTPLAB_ROW_TURN);
  g_assert_cmpuint (turn, !=, G_MAXUINT);
  g_assert_false (smtplab_ladder_get_row (f.ladder, turn - 1)->swapped);
  guint helo = find_kind (f.ladder, turn, SMTPLAB_ROW_COMMAND);
  g_assert_true (smtplab_ladder_get_row (f.ladder, helo)->swapped);
  g_assert_cmpint (smtplab_ladder_get_row (f.ladder, helo + 1)->state, ==, SMTP_STATE_READY);
  g_assert_cmpuint (smtplab_ladder_count_arrows (f.ladder), ==, 6);
  fixture_close (&f);
}

/* the state of every row of ESMTP_TRACED, drawn from its state events */
static const SmtpServerState traced_states[] = {
  SMTP_STATE_GREETED,   /* connect */
  SMTP_STATE_GREETED,   /* 220 greeting */
  SMTP_STATE_GREETED,   /* ehlo */
  SMTP_STATE_READY,     /* 250 */
  SMTP_STATE_READY,     /* STARTTLS */
  SMTP_STATE_READY,     /* 220: the state moves after the handshake, not here */
  SMTP_STATE_READY,     /* tls handshake ok */
  SMTP_STATE_GREETED,   /* ehlo, on the encrypted channel (RFC 3207 §4.2) */
  SMTP_STATE_READY,     /* 250 */
  SMTP_STATE_READY,     /* MAIL */
  SMTP_STATE_MAIL,      /* 250 */
  SMTP_STATE_MAIL,      /* RCPT */
  SMTP_STATE_RCPT,      /* 250 */
  SMTP_STATE_RCPT,      /* DATA */
  SMTP_STATE_DATA,      /* 354 */
  SMTP_STATE_DATA,      /* the mail data */
  SMTP_STATE_DATA,      /* message stamped */
  SMTP_STATE_STORING,   /* delivered, while the host stores it */
  SMTP_STATE_READY,     /* 250 */
  SMTP_STATE_QUIT,      /* closed: the server's move to QUIT */
};

/* the same session worked out from its replies (a trace without state
 * events): no STORING, the STARTTLS 220 already GREETED, a close without
 * QUIT changes nothing */
static const SmtpServerState derived_states[] = {
  SMTP_STATE_GREETED, SMTP_STATE_GREETED, SMTP_STATE_GREETED, SMTP_STATE_READY,
  SMTP_STATE_READY, SMTP_STATE_GREETED, SMTP_STATE_GREETED, SMTP_STATE_GREETED,
  SMTP_STATE_READY, SMTP_STATE_READY, SMTP_STATE_MAIL, SMTP_STATE_MAIL,
  SMTP_STATE_RCPT, SMTP_STATE_RCPT, SMTP_STATE_DATA, SMTP_STATE_DATA,
  SMTP_STATE_DATA, SMTP_STATE_DATA, SMTP_STATE_READY, SMTP_STATE_READY,
};

/* asserts the state of every row of f's ladder */
static void
assert_row_states (Fixture *f, const SmtpServerState *states, guint n)
{
  g_assert_cmpuint (smtplab_ladder_get_n_rows (f->ladder), ==, n);
  for (guint i = 0; i < n; i++) {
    if (smtplab_ladder_get_row (f->ladder, i)->state != states[i])
      g_test_message ("row %u: %s, not %s", i,
                      smtp_server_state_name (smtplab_ladder_get_row (f->ladder, i)->state),
                      smtp_server_state_name (states[i]));
    g_assert_cmpint (smtplab_ladder_get_row (f->ladder, i)->state, ==, states[i]);
  }
}

/* RFC 821 §4.3 as the server traced it: the rows take the states of its
 * "state" events (STORING, the reset after the TLS handshake, QUIT on
 * close), and the events themselves are not rows */
static void
test_states_from_events (void)
{
  Fixture f;
  fixture_open (&f, ESMTP_TRACED, "e1");
  g_assert_true (smtplab_session_has_state_events (smtplab_ladder_get_session (f.ladder)));
  assert_row_states (&f, traced_states, G_N_ELEMENTS (traced_states));
  g_assert_true (smtplab_ladder_get_row (f.ladder, 7)->secure);
  g_assert_cmpuint (smtplab_ladder_count_arrows (f.ladder), ==, 14);
  fixture_close (&f);
}

/* the same session without its state events (a trace from before them)
 * is worked out from the replies with the verb table, as it always was */
static void
test_states_derived_without_events (void)
{
  char *old = fixture_without_state_events (ESMTP_TRACED);
  Fixture f;
  fixture_open (&f, old, "e1");
  g_assert_false (smtplab_session_has_state_events (smtplab_ladder_get_session (f.ladder)));
  assert_row_states (&f, derived_states, G_N_ELEMENTS (derived_states));
  fixture_close (&f);
  g_free (old);
}

/* when the events and the replies disagree, the events win: the server
 * knows where it is; a viewer only guesses */
static void
test_events_win_over_replies (void)
{
  static const SmtpServerState states[] = {
    SMTP_STATE_GREETED, SMTP_STATE_READY,     /* HELO, 250 (state event) */
    SMTP_STATE_READY, SMTP_STATE_READY,       /* MAIL, 250 without a move */
    SMTP_STATE_READY, SMTP_STATE_RCPT,        /* RCPT, 550 with a move */
    SMTP_STATE_RCPT, SMTP_STATE_QUIT,         /* NOOP, 421 after a move without a verb */
  };
  Fixture f;
  fixture_open (&f,
    EV ("00.1", "server", "d1", "\"event\":\"command\",\"line\":\"HELO Alpha.ARPA\",\"verb\":\"HELO\"")
    EV ("00.2", "server", "d1", "\"event\":\"state\",\"from\":\"GREETED\",\"to\":\"READY\",\"verb\":\"HELO\"")
    EV ("00.3", "server", "d1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"Beta.ARPA\"]")
    EV ("00.4", "server", "d1", "\"event\":\"command\",\"line\":\"MAIL FROM:<Smith@Alpha.ARPA>\",\"verb\":\"MAIL\"")
    EV ("00.5", "server", "d1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]")
    EV ("00.6", "server", "d1", "\"event\":\"command\",\"line\":\"RCPT TO:<Green@Beta.ARPA>\",\"verb\":\"RCPT\"")
    EV ("00.7", "server", "d1", "\"event\":\"state\",\"from\":\"READY\",\"to\":\"RCPT\",\"verb\":\"RCPT\"")
    EV ("00.8", "server", "d1", "\"event\":\"reply\",\"code\":550,\"lines\":[\"No such user here\"]")
    EV ("00.9", "server", "d1", "\"event\":\"command\",\"line\":\"NOOP\",\"verb\":\"NOOP\"")
    EV ("01.0", "server", "d1", "\"event\":\"state\",\"from\":\"RCPT\",\"to\":\"QUIT\"")
    EV ("01.1", "server", "d1", "\"event\":\"reply\",\"code\":421,\"lines\":[\"Beta.ARPA Service not available\"]"),
    "d1");
  assert_row_states (&f, states, G_N_ELEMENTS (states));
  fixture_close (&f);
}

/* RFC 821 §3.8: the client's side is worked out from its replies (TURN's
 * 250 ends its receiver, QUIT); the server session that goes on after
 * TURN has state events and starts in GREETED, as every server session
 * does (no event says so) */
static void
test_turn_continuation_traced (void)
{
  Fixture f;
  fixture_open (&f,
    EV ("00.1", "client", "t1", "\"event\":\"connect\",\"peer\":\"10.0.0.2\",\"local\":\"10.0.0.1\"")
    EV ("00.2", "client", "t1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"HOSTX ready\"]")
    EV ("00.3", "client", "t1", "\"event\":\"command\",\"line\":\"HELO HOSTW\",\"verb\":\"HELO\"")
    EV ("00.4", "client", "t1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"HOSTX\"]")
    EV ("00.5", "client", "t1", "\"event\":\"command\",\"line\":\"TURN\",\"verb\":\"TURN\"")
    EV ("00.6", "client", "t1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]")
    EV ("00.7", "server", "t2", "\"event\":\"connect\",\"peer\":\"10.0.0.2\",\"local\":\"10.0.0.1\"")
    EV ("00.8", "server", "t2", "\"event\":\"reply\",\"code\":220,\"lines\":[\"HOSTW ready\"]")
    EV ("00.9", "server", "t2", "\"event\":\"command\",\"line\":\"HELO HOSTX\",\"verb\":\"HELO\"")
    EV ("01.0", "server", "t2", "\"event\":\"state\",\"from\":\"GREETED\",\"to\":\"READY\",\"verb\":\"HELO\"")
    EV ("01.1", "server", "t2", "\"event\":\"reply\",\"code\":250,\"lines\":[\"HOSTW\"]"),
    "t1");
  guint turn = find_kind (f.ladder, 0, SMTPLAB_ROW_TURN);
  g_assert_cmpint (smtplab_ladder_get_row (f.ladder, turn)->state, ==, SMTP_STATE_QUIT);
  guint greeting = find_kind (f.ladder, turn, SMTPLAB_ROW_REPLY);
  g_assert_cmpint (smtplab_ladder_get_row (f.ladder, greeting)->state, ==, SMTP_STATE_GREETED);
  g_assert_cmpint (smtplab_ladder_get_row (f.ladder, greeting + 2)->state, ==, SMTP_STATE_READY);
  fixture_close (&f);
}

/* rows are found by text line (the view scrolls by lines) */
static void
test_row_at (void)
{
  Fixture f;
  fixture_open (&f, RFC821_SMITH, "s1");
  guint n = smtplab_ladder_get_n_rows (f.ladder);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (smtplab_ladder_row_at (f.ladder, smtplab_ladder_get_row (f.ladder, i)->y), ==, i);
  g_assert_cmpuint (smtplab_ladder_row_at (f.ladder, 100000), ==, n - 1);
  fixture_close (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/ladder/arrows-and-labels", test_arrows_and_labels);
  g_test_add_func ("/viewer/ladder/states", test_states);
  g_test_add_func ("/viewer/ladder/data-block-expands", test_data_block_expands);
  g_test_add_func ("/viewer/ladder/starttls-and-auth", test_starttls_and_auth);
  g_test_add_func ("/viewer/ladder/secrets-and-unverified-tls", test_secrets_and_unverified_tls);
  g_test_add_func ("/viewer/ladder/turn-swaps", test_turn_swaps);
  g_test_add_func ("/viewer/ladder/fault-notes", test_fault_notes);
  g_test_add_func ("/viewer/ladder/row-at", test_row_at);
  g_test_add_func ("/viewer/ladder/states-from-events", test_states_from_events);
  g_test_add_func ("/viewer/ladder/states-derived-without-events", test_states_derived_without_events);
  g_test_add_func ("/viewer/ladder/events-win-over-replies", test_events_win_over_replies);
  g_test_add_func ("/viewer/ladder/turn-continuation-traced", test_turn_continuation_traced);
  return g_test_run ();
}
