/* test-state-moves.c - the receiver's state replayed from commands and
 * replies (lib/state-moves.c) and the verbs its command table allows
 * (smtp_server_allowed_verbs, RFC 821 §4.3). */
#include <string.h>
#include "state-moves.h"

/* RFC 821 §3.1: HELO, MAIL, RCPT, DATA, the data, QUIT */
static void
test_mail_transaction (void)
{
  SmtpServerState s = SMTP_STATE_FIRST;
  s = smtp_state_after (s, "HELO", 250);
  g_assert_cmpint (s, ==, SMTP_STATE_READY);
  s = smtp_state_after (s, "MAIL", 250);
  g_assert_cmpint (s, ==, SMTP_STATE_MAIL);
  s = smtp_state_after (s, "RCPT", 550);               /* refused: no move */
  g_assert_cmpint (s, ==, SMTP_STATE_MAIL);
  s = smtp_state_after (s, "RCPT", 251);               /* will forward */
  g_assert_cmpint (s, ==, SMTP_STATE_RCPT);
  s = smtp_state_after (s, "DATA", 354);
  g_assert_cmpint (s, ==, SMTP_STATE_DATA);
  s = smtp_state_after (s, SMTP_END_OF_DATA, 250);
  g_assert_cmpint (s, ==, SMTP_STATE_READY);
  s = smtp_state_after (s, "QUIT", 221);
  g_assert_cmpint (s, ==, SMTP_STATE_QUIT);
}

/* a sequence error (503) or an unknown verb changes nothing; 421 ends it */
static void
test_errors_change_nothing (void)
{
  g_assert_cmpint (smtp_state_after (SMTP_STATE_GREETED, "MAIL", 503), ==, SMTP_STATE_GREETED);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, "XYZZY", 250), ==, SMTP_STATE_READY);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, NULL, 250), ==, SMTP_STATE_READY);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_MAIL, "RCPT", 421), ==, SMTP_STATE_QUIT);
  /* the end of data ends the transaction even when refused */
  g_assert_cmpint (smtp_state_after (SMTP_STATE_DATA, SMTP_END_OF_DATA, 554), ==, SMTP_STATE_READY);
}

/* SEND, SOML and SAML open a transaction as MAIL does (RFC 821 §3.4) */
static void
test_send_opens_transaction (void)
{
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, "send", 250), ==, SMTP_STATE_MAIL);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, "SAML", 250), ==, SMTP_STATE_MAIL);
}

static gboolean
allowed (SmtpServerState state, const char *verb)
{
  GPtrArray *verbs = smtp_server_allowed_verbs (state);
  gboolean found = FALSE;
  for (guint i = 0; i < verbs->len; i++)
    found |= g_str_equal (g_ptr_array_index (verbs, i), verb);
  g_ptr_array_unref (verbs);
  return found;
}

/* the command table: MAIL only when READY, DATA only after a RCPT */
static void
test_allowed_verbs (void)
{
  g_assert_true (allowed (SMTP_STATE_GREETED, "HELO"));
  g_assert_true (allowed (SMTP_STATE_GREETED, "EHLO"));
  g_assert_false (allowed (SMTP_STATE_GREETED, "MAIL"));
  g_assert_true (allowed (SMTP_STATE_READY, "MAIL"));
  g_assert_false (allowed (SMTP_STATE_MAIL, "DATA"));
  g_assert_true (allowed (SMTP_STATE_RCPT, "DATA"));
  g_assert_false (allowed (SMTP_STATE_DATA, "QUIT"));
}

/* every move leaves from a state in which the table allows its verb */
static void
test_moves_match_command_table (void)
{
  gsize n;
  const SmtpStateMove *moves = smtp_state_moves (&n);
  for (gsize i = 0; i < n; i++) {
    if (g_str_equal (moves[i].verbs, SMTP_END_OF_DATA))
      continue;
    char **verbs = g_strsplit (moves[i].verbs, " ", -1);
    for (guint bit = 1; bit <= SMTP_STATE_QUIT; bit <<= 1)
      if (moves[i].from_states & bit)
        for (guint v = 0; verbs[v]; v++)
          g_assert_true (allowed (bit, verbs[v]));
    g_strfreev (verbs);
  }
}

/* RFC 3207 §4.2: after STARTTLS's 220 the client starts again from the
 * greeting; RSET before HELO is still before HELO (RFC 821 §4.1.1) */
static void
test_starttls_and_rset (void)
{
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, "STARTTLS", 220), ==, SMTP_STATE_GREETED);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, "STARTTLS", 454), ==, SMTP_STATE_READY);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_GREETED, "RSET", 250), ==, SMTP_STATE_GREETED);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_RCPT, "RSET", 250), ==, SMTP_STATE_READY);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_RCPT, "EHLO", 250), ==, SMTP_STATE_READY);
  g_assert_cmpint (smtp_state_after (SMTP_STATE_READY, "TURN", 250), ==, SMTP_STATE_QUIT);
}

/* the verb table itself: one row per verb, each complete, and the four
 * verbs that open a transaction one per mode (RFC 821 §3.4) */
static void
test_verb_table (void)
{
  const SmtpVerb *row;
  guint modes = 0, rows = 0;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++, rows++) {
    g_assert_true (smtp_verb_lookup (row->verb) == row);          /* no verb twice */
    g_assert_true (g_str_has_prefix (row->syntax, row->verb));
    g_assert_nonnull (row->handler);
    g_assert_true (g_str_has_prefix (row->section, "RFC "));
    g_assert_cmpuint (row->success, <=, row->success_last);
    g_assert_cmpuint (strlen (smtp_verb_summary (row, SMTP_LANG_ZH_CN)), >, 20);
    if (row->flags & SMTP_VERB_OPENS_MAIL) {
      g_assert_false (modes & (1u << row->mode));
      modes |= 1u << row->mode;
      g_assert_cmpstr (smtp_verb_for_mode (row->mode), ==, row->verb);
    }
  }
  g_assert_cmpuint (rows, ==, 18);              /* RFC 821's 14, EHLO, ETRN, STARTTLS, AUTH */
  g_assert_cmpuint (modes, ==, 0xF);
  SmtpMailMode mode;
  g_assert_true (smtp_verb_opens_mail ("saml", &mode));
  g_assert_cmpint (mode, ==, SMTP_MAIL_MODE_SAML);
  g_assert_false (smtp_verb_opens_mail ("RCPT", NULL));
  g_assert_true (smtp_verb_leads_to ("data", SMTP_STATE_DATA));
  g_assert_false (smtp_verb_leads_to ("RCPT", SMTP_STATE_DATA));
  g_assert_false (smtp_verb_leads_to ("XYZZY", SMTP_STATE_DATA));
  g_assert_cmpint (smtp_server_state_from_name ("STORING"), ==, SMTP_STATE_STORING);
  g_assert_cmpint (smtp_server_state_from_name ("nowhere"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/state-moves/mail-transaction", test_mail_transaction);
  g_test_add_func ("/state-moves/errors-change-nothing", test_errors_change_nothing);
  g_test_add_func ("/state-moves/send-opens-transaction", test_send_opens_transaction);
  g_test_add_func ("/state-moves/allowed-verbs", test_allowed_verbs);
  g_test_add_func ("/state-moves/moves-match-command-table", test_moves_match_command_table);
  g_test_add_func ("/state-moves/starttls-and-rset", test_starttls_and_rset);
  g_test_add_func ("/verb-table/rows", test_verb_table);
  return g_test_run ();
}
