/* test-playback.c - a session one step at a time, with the replies hidden
 * until the class has guessed (viewer/model/playback.c). */
#include "fixtures.h"
#include "playback.h"

static void
test_steps_and_hidden_replies (void)
{
  char *path = fixture_write ("trace.jsonl", RFC821_SMITH);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  SmtplabLadder *l = smtplab_ladder_new (set, smtplab_trace_set_find_session (set, "s1"));
  SmtplabPlayback p = { 0 };
  smtplab_playback_reset (&p);
  g_assert_cmpuint (smtplab_playback_rows (&p), ==, G_MAXUINT);
  p.hide_replies = TRUE;
  g_assert_true (smtplab_playback_forward (&p, l));          /* connect */
  g_assert_cmpuint (smtplab_playback_rows (&p), ==, 1);
  g_assert_true (smtplab_playback_forward (&p, l));          /* 220, hidden */
  g_assert_cmpuint (smtplab_playback_rows (&p), ==, 2);
  g_assert_cmpuint (smtplab_playback_hidden_row (&p), ==, 1);
  g_assert_cmpuint (smtplab_playback_current_row (&p), ==, 0);
  g_assert_true (smtplab_playback_forward (&p, l));          /* 220 revealed */
  g_assert_cmpuint (smtplab_playback_hidden_row (&p), ==, G_MAXUINT);
  g_assert_cmpuint (smtplab_playback_current_row (&p), ==, 1);
  g_assert_true (smtplab_playback_back (&p, l));             /* hidden again */
  g_assert_cmpuint (smtplab_playback_hidden_row (&p), ==, 1);
  g_assert_true (smtplab_playback_back (&p, l));
  g_assert_true (smtplab_playback_back (&p, l));
  g_assert_false (smtplab_playback_back (&p, l));
  p.hide_replies = FALSE;
  guint steps = 0;
  while (smtplab_playback_forward (&p, l))
    steps++;
  g_assert_cmpuint (steps, ==, smtplab_ladder_get_n_rows (l));
  smtplab_playback_reset (&p);
  g_assert_false (p.active);
  smtplab_ladder_free (l);
  g_object_unref (set);
  fixture_remove (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/playback/steps-and-hidden-replies", test_steps_and_hidden_replies);
  return g_test_run ();
}
