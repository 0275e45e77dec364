/* test-explanation.c - a ladder row explained from lib/'s shared tables
 * (viewer/model/explanation.c), in English and Simplified Chinese. */
#include <string.h>
#include "explanation.h"
#include "fixtures.h"

static SmtplabLadder *
open_smith (SmtplabTraceSet **set, char **path)
{
  *path = fixture_write ("trace.jsonl", RFC821_SMITH);
  *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (*set, *path, NULL));
  return smtplab_ladder_new (*set, smtplab_trace_set_find_session (*set, "s1"));
}

static guint
row_with_text (SmtplabLadder *l, const char *text)
{
  for (guint i = 0; i < smtplab_ladder_get_n_rows (l); i++) {
    char *t = smtplab_ladder_row_text (l, i);
    gboolean same = g_str_equal (t, text);
    g_free (t);
    if (same)
      return i;
  }
  g_assert_not_reached ();
}

/* RFC 821 §4.2.1: 550 is a permanent negative completion about the mail
 * system; the verb it answers is RCPT; RCPT and DATA may follow */
static void
test_reply_digit_by_digit (void)
{
  SmtplabTraceSet *set;
  char *path;
  SmtplabLadder *l = open_smith (&set, &path);
  SmtplabExplanation *e = smtplab_explanation_new (l, row_with_text (l, "550 No such user here"), SMTP_LANG_EN);
  g_assert_cmpuint (e->code, ==, 550);
  g_assert_nonnull (strstr (e->reply, "550"));
  g_assert_nonnull (e->first_digit);
  g_assert_nonnull (e->second_digit);
  g_assert_true (g_str_has_prefix (e->verb, "RCPT TO:"));
  g_assert_cmpint (e->state, ==, SMTP_STATE_RCPT);
  g_assert_nonnull (strstr (e->allowed, "DATA"));
  g_assert_null (strstr (e->allowed, "MAIL"));
  smtplab_explanation_free (e);
  smtplab_ladder_free (l);
  g_object_unref (set);
  fixture_remove (path);
}

/* the same row in Chinese comes from the same tables' zh_CN column */
static void
test_chinese (void)
{
  SmtplabTraceSet *set;
  char *path;
  SmtplabLadder *l = open_smith (&set, &path);
  guint row = row_with_text (l, "MAIL FROM:<Smith@Alpha.ARPA>");
  SmtplabExplanation *en = smtplab_explanation_new (l, row, SMTP_LANG_EN);
  SmtplabExplanation *zh = smtplab_explanation_new (l, row, SMTP_LANG_ZH_CN);
  g_assert_cmpstr (en->verb, !=, zh->verb);
  g_assert_true (g_utf8_validate (zh->verb, -1, NULL));
  gboolean has_han = FALSE;
  for (const char *p = zh->verb; *p; p = g_utf8_next_char (p))
    has_han |= g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN;
  g_assert_true (has_han);
  g_assert_null (en->reply);
  smtplab_explanation_free (en);
  smtplab_explanation_free (zh);
  smtplab_ladder_free (l);
  g_object_unref (set);
  fixture_remove (path);
}

/* the mail data block is explained as DATA; a note as the host's doing */
static void
test_block_and_note (void)
{
  SmtplabTraceSet *set;
  char *path;
  SmtplabLadder *l = open_smith (&set, &path);
  SmtplabExplanation *e = smtplab_explanation_new (l, 0, SMTP_LANG_EN);   /* connect */
  g_assert_nonnull (e->note);
  g_assert_null (e->verb);
  smtplab_explanation_free (e);
  for (guint i = 0; i < smtplab_ladder_get_n_rows (l); i++)
    if (smtplab_ladder_get_row (l, i)->kind == SMTPLAB_ROW_DATA) {
      e = smtplab_explanation_new (l, i, SMTP_LANG_EN);
      g_assert_true (g_str_has_prefix (e->verb, "DATA"));
      g_assert_cmpint (e->state, ==, SMTP_STATE_DATA);
      smtplab_explanation_free (e);
    }
  smtplab_ladder_free (l);
  g_object_unref (set);
  fixture_remove (path);
}

/* RFC 821 §3.8: the TURN row is explained as TURN (the verb its reply
 * answered, from the verb table); the STORING row of a traced session has
 * no verb allowed (the server reads nothing while the host stores) */
static void
test_turn_and_storing (void)
{
  char *path = fixture_write ("trace.jsonl",
    EV ("00.1", "client", "t1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"HOSTX ready\"]")
    EV ("00.2", "client", "t1", "\"event\":\"command\",\"line\":\"TURN\",\"verb\":\"TURN\"")
    EV ("00.3", "client", "t1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]")
    ESMTP_TRACED);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  SmtplabLadder *l = smtplab_ladder_new (set, smtplab_trace_set_find_session (set, "t1"));
  guint turn = smtplab_ladder_get_n_rows (l) - 1;
  g_assert_cmpint (smtplab_ladder_get_row (l, turn)->kind, ==, SMTPLAB_ROW_TURN);
  SmtplabExplanation *e = smtplab_explanation_new (l, turn, SMTP_LANG_EN);
  g_assert_true (g_str_has_prefix (e->verb, "TURN"));
  smtplab_explanation_free (e);
  smtplab_ladder_free (l);
  l = smtplab_ladder_new (set, smtplab_trace_set_find_session (set, "e1"));
  e = smtplab_explanation_new (l, row_with_text (l, "Jones: delivered (mailbox)"), SMTP_LANG_EN);
  g_assert_cmpint (e->state, ==, SMTP_STATE_STORING);
  g_assert_cmpstr (e->allowed, ==, "");
  smtplab_explanation_free (e);
  e = smtplab_explanation_new (l, row_with_text (l, "250 2.0.0 OK"), SMTP_LANG_EN);
  g_assert_true (g_str_has_prefix (e->verb, "DATA"));
  smtplab_explanation_free (e);
  smtplab_ladder_free (l);
  g_object_unref (set);
  fixture_remove (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/explanation/reply-digit-by-digit", test_reply_digit_by_digit);
  g_test_add_func ("/viewer/explanation/chinese", test_chinese);
  g_test_add_func ("/viewer/explanation/block-and-note", test_block_and_note);
  g_test_add_func ("/viewer/explanation/turn-and-storing", test_turn_and_storing);
  return g_test_run ();
}
