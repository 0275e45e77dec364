/* test-guess.c - the guess-the-reply game (viewer/model/guess.c): the
 * question before each reply of RFC 821 §3.1's dialogue, the verdict
 * (RFC 821 §4.2.1: the code, or only its first digit), the score, and
 * what the student is told afterwards. */
#include "fixtures.h"
#include "guess.h"
#include "playback.h"
#include "reply.h"

static SmtplabTraceSet *set;
static SmtplabLadder *ladder;

/* reply_row - the row of the n-th reply (0: the greeting) */
static guint
reply_row (guint n)
{
  for (guint i = 0; i < smtplab_ladder_get_n_rows (ladder); i++)
    if (smtplab_ladder_get_row (ladder, i)->kind == SMTPLAB_ROW_REPLY && n-- == 0)
      return i;
  g_assert_not_reached ();
}

/* the question names the command the hidden reply answers */
static void
test_question (void)
{
  g_autofree char *greeting = smtplab_guess_question (ladder, reply_row (0));
  g_assert_cmpstr (greeting, ==, "What will the server answer when the client connects?");
  g_autofree char *green = smtplab_guess_question (ladder, reply_row (4));
  g_assert_cmpstr (green, ==, "What will the server answer to “RCPT TO:<Green@Beta.ARPA>”?");
  g_autofree char *end = smtplab_guess_question (ladder, reply_row (7));
  g_assert_cmpstr (end, ==, "What will the server answer to the end of the mail data (the line \".\")?");
  g_assert_null (smtplab_guess_question (ladder, reply_row (0) - 1));   /* the connect note */
}

/* playback with hidden replies stops on exactly the rows the game asks about */
static void
test_asks_where_playback_hides (void)
{
  SmtplabPlayback p = { .hide_replies = TRUE };
  guint asked = 0;
  while (smtplab_playback_forward (&p, ladder)) {
    guint hidden = smtplab_playback_hidden_row (&p);
    if (hidden != G_MAXUINT) {
      g_autofree char *q = smtplab_guess_question (ladder, hidden);
      g_assert_nonnull (q);
      asked++;
    }
  }
  g_assert_cmpuint (asked, ==, 9);                 /* the 9 replies of RFC821_SMITH */
}

static void
test_parse_code (void)
{
  guint code = 0;
  g_assert_true (smtplab_guess_parse_code (" 551 ", &code));
  g_assert_cmpuint (code, ==, 551);
  g_assert_false (smtplab_guess_parse_code ("55", &code));
  g_assert_false (smtplab_guess_parse_code ("650", &code));    /* no such first digit */
  g_assert_false (smtplab_guess_parse_code ("25x", &code));
  g_assert_false (smtplab_guess_parse_code ("", &code));
  g_assert_false (smtplab_guess_parse_code (NULL, &code));
}

/* right, right class, wrong; the score counts each reply once */
static void
test_verdict_and_score (void)
{
  SmtplabGuess *g = smtplab_guess_new ();
  guint green = reply_row (4);                     /* 550 No such user here */
  g_assert_false (smtplab_guess_answered (g, ladder, green));
  g_assert_null (smtplab_guess_feedback (g, ladder, green, SMTP_LANG_EN, NULL));
  g_assert_cmpint (smtplab_guess_answer (g, ladder, reply_row (0), 220), ==, SMTPLAB_GUESS_RIGHT);
  g_assert_cmpint (smtplab_guess_answer (g, ladder, green, 551), ==, SMTPLAB_GUESS_RIGHT_CLASS);
  g_assert_cmpint (smtplab_guess_answer (g, ladder, reply_row (6), 250), ==, SMTPLAB_GUESS_WRONG);  /* 354 */
  g_assert_true (smtplab_guess_answered (g, ladder, green));
  /* stepping back to Green and answering again changes nothing, nor does
   * the same session in a new ladder (another session shown in between) */
  g_assert_cmpint (smtplab_guess_answer (g, ladder, green, 550), ==, SMTPLAB_GUESS_RIGHT_CLASS);
  SmtplabLadder *again = smtplab_ladder_new (set, smtplab_trace_set_find_session (set, "s1"));
  g_assert_true (smtplab_guess_answered (g, again, green));
  g_assert_cmpint (smtplab_guess_answer (g, again, green, 550), ==, SMTPLAB_GUESS_RIGHT_CLASS);
  smtplab_ladder_free (again);
  g_autofree char *score = smtplab_guess_score (g);
  g_assert_cmpstr (score, ==, "Score: 1 of 3 right");
  SmtplabGuessVerdict v = SMTPLAB_GUESS_RIGHT;
  g_autofree char *said = smtplab_guess_feedback (g, ladder, green, SMTP_LANG_EN, &v);
  g_assert_cmpint (v, ==, SMTPLAB_GUESS_RIGHT_CLASS);
  g_assert_true (g_str_has_prefix (said, "Close: you said 551, the right kind of reply (5yz), "
                                         "but the server answered 550.\n550 No such user here\n"));
  g_autofree char *zh = smtplab_guess_feedback (g, ladder, green, SMTP_LANG_ZH_CN, NULL);
  g_assert_true (g_str_has_suffix (zh, smtp_reply_meaning (550, SMTP_LANG_ZH_CN)));
  g_autofree char *right = smtplab_guess_feedback (g, ladder, reply_row (0), SMTP_LANG_EN, &v);
  g_assert_cmpint (v, ==, SMTPLAB_GUESS_RIGHT);
  g_assert_true (g_str_has_prefix (right, "Right: the server answered 220.\n"));
  smtplab_guess_reset (g);
  g_autofree char *zero = smtplab_guess_score (g);
  g_assert_cmpstr (zero, ==, "Score: 0 of 0 right");
  g_assert_false (smtplab_guess_answered (g, ladder, green));
  smtplab_guess_free (g);
}

/* every code of lib/'s reply table can be picked, 251 and 551 among them */
static void
test_choices (void)
{
  g_auto (GStrv) choices = smtplab_guess_choices ();
  gsize n;
  smtp_reply_table (&n);
  g_assert_cmpuint (g_strv_length (choices), ==, n);
  gboolean c251 = FALSE, c551 = FALSE;
  for (guint i = 0; choices[i]; i++) {
    c251 |= g_str_has_prefix (choices[i], "251 ");
    c551 |= g_str_has_prefix (choices[i], "551 ");
  }
  g_assert_true (c251 && c551);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  char *path = fixture_write ("trace.jsonl", RFC821_SMITH);
  set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  ladder = smtplab_ladder_new (set, smtplab_trace_set_find_session (set, "s1"));
  g_test_add_func ("/viewer/guess/question", test_question);
  g_test_add_func ("/viewer/guess/asks-where-playback-hides", test_asks_where_playback_hides);
  g_test_add_func ("/viewer/guess/parse-code", test_parse_code);
  g_test_add_func ("/viewer/guess/verdict-and-score", test_verdict_and_score);
  g_test_add_func ("/viewer/guess/choices", test_choices);
  int status = g_test_run ();
  smtplab_ladder_free (ladder);
  g_object_unref (set);
  fixture_remove (path);
  return status;
}
