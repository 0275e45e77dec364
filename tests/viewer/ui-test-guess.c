/* ui-test-guess.c - the guess-the-reply game under Xvfb, on the traces of
 * lab 01's reference transcript (tests/viewer/data/by-hand): Ctrl+G (the
 * "guess" action) stops playback before each reply, the code typed in the
 * bar is scored, the real reply is shown with what it means, stepping on
 * waits for an answer, and the bar speaks English and Chinese.  At 1024 ×
 * 768, the smallest screen a classroom projector has; screenshots of both
 * languages are kept in tests/artefacts/. */
#include "application.h"
#include "locale-dir.h"
#include "window-private.h"
#include "ui-fixtures.h"

#define BY_HAND "tests/viewer/data/by-hand"
#define USC_ISI "1796457416.28618.1"    /* VRFY Smith (251) and VRFY Jones (551) */

static SmtplabApplication *app;

/* is_entry - find_widget's test for the code box */
static gboolean
is_entry (GtkWidget *widget, gconstpointer data)
{
  (void) data;
  return GTK_IS_ENTRY (widget);
}

/* label_texts - the texts of every label under root, joined by newlines */
static void
label_texts (GtkWidget *root, GString *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    label_texts (c, out);
}

static char *
bar_text (SmtplabWindow *win)
{
  GString *out = g_string_new (NULL);
  label_texts (GTK_WIDGET (win->guess_bar), out);
  return g_string_free (out, FALSE);
}

/* type_code - types text into the bar's code box and presses Enter */
static void
type_code (SmtplabWindow *win, const char *text)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (win->guess_bar), is_entry, NULL);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_get_sensitive (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  settle ();
}

static void
step (SmtplabWindow *win)
{
  g_action_group_activate_action (G_ACTION_GROUP (win), "step-forward", NULL);
  settle ();
}

static void
test_guess_the_reply (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "language-next", NULL);   /* English */
  SmtplabWindow *win = smtplab_window_new (GTK_APPLICATION (app), smtplab_trace_set_new ());
  g_object_unref (smtplab_window_get_trace_set (win));
  smtplab_window_open_path (win, BY_HAND);
  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 768);
  gtk_window_present (GTK_WINDOW (win));
  settle ();
  g_assert_true (smtplab_window_select_session (win, USC_ISI));
  settle ();
  g_assert_false (gtk_revealer_get_reveal_child (win->guess_revealer));

  /* Ctrl+G: the game starts at the session's first line; the greeting is hidden */
  gchar **accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.guess");
  g_assert_cmpstr (accels[0], ==, "<Control>g");
  g_strfreev (accels);
  g_action_group_change_action_state (G_ACTION_GROUP (win), "guess", g_variant_new_boolean (TRUE));
  settle ();
  g_assert_true (gtk_revealer_get_reveal_child (win->guess_revealer));
  step (win);                                             /* connect, then the 220 hidden */
  guint greeting = smtplab_playback_hidden_row (&win->playback);
  g_assert_cmpuint (greeting, !=, G_MAXUINT);
  g_autofree char *asking = bar_text (win);
  g_assert_nonnull (strstr (asking, "What will the server answer when the client connects?"));
  step (win);                                             /* no answer yet: it waits */
  g_assert_cmpuint (smtplab_playback_hidden_row (&win->playback), ==, greeting);

  type_code (win, "2");                                   /* not a code: asked again */
  g_assert_cmpuint (smtplab_playback_hidden_row (&win->playback), ==, greeting);
  type_code (win, "220");
  g_assert_cmpuint (smtplab_playback_hidden_row (&win->playback), ==, G_MAXUINT);
  g_autofree char *right = bar_text (win);
  g_assert_nonnull (strstr (right, "Right: the server answered 220."));
  g_assert_nonnull (strstr (right, "Score: 1 of 1 right"));

  step (win);                                             /* HELO */
  step (win);                                             /* its 250, hidden */
  type_code (win, "250");
  step (win);                                             /* VRFY Smith */
  step (win);
  g_autofree char *vrfy = bar_text (win);
  g_assert_nonnull (strstr (vrfy, "What will the server answer to “VRFY Smith”?"));
  type_code (win, "551");
  g_autofree char *close = bar_text (win);
  g_assert_nonnull (strstr (close, "Not this time: you said 551, the server answered 251."));
  g_assert_nonnull (strstr (close, "251 User not local; will forward to <Smith@USC-ISIQ.ARPA>"));
  g_assert_nonnull (strstr (close, "Score: 2 of 3 right"));
  /* the explanation pane explains the reply now shown */
  guint shown = smtplab_playback_current_row (&win->playback);
  g_assert_cmpuint (smtplab_ladder_get_row (win->ladder, shown)->code, ==, 251);
  g_assert_cmpuint (smtplab_window_get_selected_row (win), ==, shown);
  screenshot (GTK_WIDGET (win), "guess-en.png");
  step (win);                                             /* VRFY Jones */
  step (win);
  screenshot (GTK_WIDGET (win), "guess-ask-en.png");

  /* Ctrl+L: the same question, in Chinese */
  g_action_group_activate_action (G_ACTION_GROUP (app), "language-next", NULL);
  settle ();
  g_autofree char *zh = bar_text (win);
  g_assert_null (strstr (zh, "What will"));
  g_assert_nonnull (strstr (zh, "VRFY Jones"));
  screenshot (GTK_WIDGET (win), "guess-ask-zh_CN.png");
  type_code (win, "551");
  g_autofree char *zh_right = bar_text (win);
  g_assert_nonnull (strstr (zh_right, "551"));
  g_assert_null (strstr (zh_right, "Right"));
  screenshot (GTK_WIDGET (win), "guess-zh_CN.png");

  /* off again: every line shown, the bar hidden */
  g_action_group_change_action_state (G_ACTION_GROUP (win), "guess", g_variant_new_boolean (FALSE));
  settle ();
  g_assert_false (gtk_revealer_get_reveal_child (win->guess_revealer));
  g_assert_false (win->playback.active);
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  app = ui_test_init (&argc, &argv, "zh_CN");   /* no zh_CN locale needed */
  g_test_add_func ("/viewer/ui/guess-the-reply", test_guess_the_reply);
  return g_test_run ();
}
