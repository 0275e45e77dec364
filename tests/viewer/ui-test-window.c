/* ui-test-window.c - the viewer's window under Xvfb (tests/run.py runs it
 * with xvfb-run): sessions listed and filtered, the ladder and its
 * explanation, following a growing trace, playback, presentation mode,
 * and screenshots kept in tests/artefacts/ for a person to look at. */
#include "application.h"
#include "locale-dir.h"
#include "window-private.h"
#include "ui-fixtures.h"

#define RELAY "tests/viewer/data/relay"
#define STARTTLS "tests/viewer/data/starttls"

static SmtplabApplication *app;

/* open_window_sized - a window on the traces at path, width × height */
static SmtplabWindow *
open_window_sized (const char *path, int width, int height)
{
  SmtplabWindow *win = smtplab_window_new (GTK_APPLICATION (app), smtplab_trace_set_new ());
  g_object_unref (smtplab_window_get_trace_set (win));
  smtplab_window_open_path (win, path);
  gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  gtk_window_present (GTK_WINDOW (win));
  settle ();
  return win;
}

/* open_window - a window on the relay traces, sized for a projector */
static SmtplabWindow *
open_window (const char *path)
{
  return open_window_sized (path, 1400, 860);
}

/* filter - types text into the search box and lets it filter at once */
static void
filter (SmtplabWindow *win, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (win->search), text);
  g_signal_emit_by_name (win->search, "search-changed");
  settle ();
}

static guint
n_listed (SmtplabWindow *win)
{
  return g_list_model_get_n_items (G_LIST_MODEL (win->selection));
}

/* the sessions of every host, in the order they began; the first shown */
static void
test_sessions_listed (void)
{
  SmtplabWindow *win = open_window (RELAY);
  g_assert_cmpuint (n_listed (win), ==, 7);
  g_assert_nonnull (smtplab_window_get_session_id (win));
  g_assert_nonnull (win->ladder);
  filter (win, "TWO THREE");
  g_assert_cmpuint (n_listed (win), ==, 2);
  filter (win, "no such host");
  g_assert_cmpuint (n_listed (win), ==, 0);
  filter (win, "");
  g_assert_cmpuint (n_listed (win), ==, 7);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* the window's session list model (selection, filter, sort) is freed with
 * the window: gtk_list_view_set_model() takes its own reference */
static void
test_session_list_freed (void)
{
  SmtplabWindow *win = open_window (RELAY);
  GObject *selection = G_OBJECT (win->selection);
  GObject *filtered = G_OBJECT (gtk_single_selection_get_model (win->selection));
  g_object_add_weak_pointer (selection, (gpointer *) &selection);
  g_object_add_weak_pointer (filtered, (gpointer *) &filtered);
  gtk_window_destroy (GTK_WINDOW (win));
  settle ();
  g_assert_null (selection);
  g_assert_null (filtered);
}

/* the RFC 821 §3.1 session: a row selected is explained in the pane */
static void
test_row_explained (void)
{
  SmtplabWindow *win = open_window (RELAY);
  g_assert_true (smtplab_window_select_session (win, "1795656367.7333.1"));
  settle ();
  for (guint i = 0; i < smtplab_ladder_get_n_rows (win->ladder); i++)
    if (smtplab_ladder_get_row (win->ladder, i)->code == 550)
      smtplab_window_select_row (win, i);
  settle ();
  GtkWidget *title = GTK_WIDGET (win->explain_pane);
  while (!GTK_IS_LABEL (title))           /* the first label: the title */
    title = gtk_widget_get_first_child (title);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "550 No such user here");
  screenshot (GTK_WIDGET (win), "main-window.png");
  g_action_group_activate_action (G_ACTION_GROUP (win), "next-row", NULL);
  g_assert_cmpuint (smtplab_window_get_selected_row (win), >, 0);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* label_with - the first label under top whose markup holds markup, or NULL */
static GtkLabel *
label_with (GtkWidget *top, const char *markup)
{
  if (GTK_IS_LABEL (top) && strstr (gtk_label_get_label (GTK_LABEL (top)), markup))
    return GTK_LABEL (top);
  for (GtkWidget *c = gtk_widget_get_first_child (top); c; c = gtk_widget_get_next_sibling (c)) {
    GtkLabel *found = label_with (c, markup);
    if (found)
      return found;
  }
  return NULL;
}

/* a real session with STARTTLS (smtplab-server, python smtplib): the row
 * after the handshake is drawn in the state the server traced, GREETED
 * (RFC 3207 §4.2), its diagram and allowed verbs with it; while the host
 * stores the message the receiver is in STORING */
static void
test_states_after_starttls (void)
{
  SmtplabWindow *win = open_window_sized (STARTTLS, 1280, 800);
  guint tls = G_MAXUINT, stored = G_MAXUINT;
  for (guint i = 0; i < smtplab_ladder_get_n_rows (win->ladder); i++) {
    const SmtplabLadderRow *r = smtplab_ladder_get_row (win->ladder, i);
    if (tls == G_MAXUINT && r->secure && r->kind == SMTPLAB_ROW_COMMAND)
      tls = i;
    if (stored == G_MAXUINT && r->state == SMTP_STATE_STORING)
      stored = i;
  }
  g_assert_cmpuint (tls, !=, G_MAXUINT);
  g_assert_cmpuint (stored, !=, G_MAXUINT);
  smtplab_window_select_row (win, tls);
  settle ();
  GtkLabel *allowed = label_with (GTK_WIDGET (win->explain_pane), "<b>GREETED</b>");   /* in any language */
  g_assert_nonnull (allowed);
  g_assert_nonnull (strstr (gtk_label_get_text (allowed), "EHLO"));
  screenshot (GTK_WIDGET (win), "states-after-starttls-1280x800.png");
  smtplab_window_select_row (win, stored);
  settle ();
  g_assert_nonnull (strstr (gtk_label_get_label (allowed), "<b>STORING</b>"));
  screenshot (GTK_WIDGET (win), "states-storing-1280x800.png");
  gtk_window_destroy (GTK_WINDOW (win));
}

/* a host appends to its trace: the window follows */
static void
test_follows_live (void)
{
  char *dir = g_dir_make_tmp ("smtplab-ui-XXXXXX", NULL);
  char *path = g_build_filename (dir, "trace.jsonl", NULL);
  char *all;
  gsize len;
  g_assert_true (g_file_get_contents (RELAY "/ONE/trace.jsonl", &all, &len, NULL));
  char *half = strchr (all, '\n') + 1;
  g_assert_true (g_file_set_contents (path, all, half - all, NULL));
  SmtplabWindow *win = open_window (path);
  g_assert_cmpuint (n_listed (win), ==, 1);
  guint rows = smtplab_ladder_get_n_rows (win->ladder);
  FILE *f = fopen (path, "a");
  fputs (half, f);
  fclose (f);
  smtplab_trace_set_poll (win->set);
  settle ();
  g_assert_cmpuint (n_listed (win), ==, 2);
  g_assert_cmpuint (smtplab_ladder_get_n_rows (win->ladder), >, rows);
  gtk_window_destroy (GTK_WINDOW (win));
  g_unlink (path);
  g_rmdir (dir);
  g_free (all);
  g_free (path);
  g_free (dir);
}

/* playback: steps, the hidden reply, and presentation mode */
static void
test_playback_and_presentation (void)
{
  SmtplabWindow *win = open_window (RELAY);
  g_assert_true (smtplab_window_select_session (win, "1795656367.7333.1"));
  GActionGroup *actions = G_ACTION_GROUP (win);
  g_action_group_change_action_state (actions, "hide-replies", g_variant_new_boolean (TRUE));
  for (int i = 0; i < 4; i++)
    g_action_group_activate_action (actions, "step-forward", NULL);
  g_assert_cmpuint (smtplab_playback_rows (&win->playback), ==, 3);
  g_assert_cmpuint (smtplab_playback_hidden_row (&win->playback), ==, G_MAXUINT);
  g_action_group_activate_action (actions, "step-forward", NULL);
  g_assert_cmpuint (smtplab_playback_hidden_row (&win->playback), ==, 3);
  g_action_group_change_action_state (actions, "presentation", g_variant_new_boolean (TRUE));
  settle ();
  g_assert_false (gtk_widget_get_visible (win->sidebar));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (win->explain_pane)));   /* below the diagram */
  g_assert_false (gtk_widget_get_visible (gtk_window_get_titlebar (GTK_WINDOW (win))));
  screenshot (GTK_WIDGET (win), "presentation.png");
  g_action_group_activate_action (actions, "show-help-overlay", NULL);
  GtkWindow *help = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)) ?
                    GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win))) : NULL;
  g_assert_nonnull (help);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
  screenshot (GTK_WIDGET (help), "shortcuts.png");
  gtk_window_close (help);
  /* Esc leaves presentation mode first, and only then shows the whole session */
  g_action_group_activate_action (actions, "escape", NULL);
  g_assert_false (win->presentation);
  g_assert_true (gtk_widget_get_visible (gtk_window_get_titlebar (GTK_WINDOW (win))));
  g_assert_true (gtk_widget_get_visible (win->sidebar));
  g_assert_true (win->playback.active);
  g_action_group_activate_action (actions, "escape", NULL);
  g_assert_false (win->playback.active);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* the letter of the final hop: header evolution and network view */
static void
test_header_and_network_views (void)
{
  SmtplabWindow *win = open_window (RELAY);
  g_assert_true (smtplab_window_select_session (win, "1795656367.7359.1"));
  settle ();
  g_assert_nonnull (win->network);
  g_assert_cmpuint (win->network->path->len, ==, 4);
  g_action_group_activate_action (G_ACTION_GROUP (win), "view", g_variant_new_string ("headers"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (win->views), ==, "headers");
  screenshot (GTK_WIDGET (win), "header-view.png");
  g_action_group_activate_action (G_ACTION_GROUP (win), "view", g_variant_new_string ("network"));
  screenshot (GTK_WIDGET (win), "network-view.png");
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  app = ui_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/ui/window/sessions-listed", test_sessions_listed);
  g_test_add_func ("/viewer/ui/window/session-list-freed", test_session_list_freed);
  g_test_add_func ("/viewer/ui/window/row-explained", test_row_explained);
  g_test_add_func ("/viewer/ui/window/states-after-starttls", test_states_after_starttls);
  g_test_add_func ("/viewer/ui/window/follows-live", test_follows_live);
  g_test_add_func ("/viewer/ui/window/playback-and-presentation", test_playback_and_presentation);
  g_test_add_func ("/viewer/ui/window/header-and-network-views", test_header_and_network_views);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
