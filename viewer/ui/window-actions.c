/* window-actions.c - what the window does on a menu item, button or key:
 * open, export, rows, playback, presentation.  Accelerators are set in
 * application.c and listed in gtk/help-overlay.ui. */
#include "window-private.h"

#include <glib/gi18n.h>

#include "diagram-export.h"
#include "locale-dir.h"

/* Playback step interval at 1×, and the speeds of the speed menu. */
#define PLAY_INTERVAL_MS 1200
static const double speeds[] = { 0.5, 1, 2, 4 };

/* open_response - adds every file chosen */
static void
open_response (GtkNativeDialog *dialog, int response, SmtplabWindow *win)
{
  if (response == GTK_RESPONSE_ACCEPT) {
    GListModel *files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
    for (guint i = 0; i < g_list_model_get_n_items (files); i++) {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);
      if (path)
        smtplab_window_open_path (win, path);
    }
    g_object_unref (files);
  }
  g_object_unref (dialog);
}

static void
open_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  (void) action;
  (void) parameter;
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open Traces"), GTK_WINDOW (user_data),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response), user_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* export_response - writes the view to the file chosen */
static void
export_response (GtkNativeDialog *dialog, int response, SmtplabWindow *win)
{
  if (response == GTK_RESPONSE_ACCEPT && win->ladder) {
    g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
    g_autofree char *path = g_file_get_path (file);
    GError *error = NULL;
    const char *view = gtk_stack_get_visible_child_name (win->views);
    gboolean ok = TRUE;
    if (path && win->network && g_str_equal (view, "network"))
      ok = smtplab_export_network (win->network, path, &error);
    else if (path && win->network && g_str_equal (view, "headers"))
      ok = smtplab_export_headers (win->network->letter, path, &error);
    else if (path)
      ok = smtplab_export_ladder (win->ladder, path, &error);
    if (!ok) {
      gtk_label_set_text (win->problems_label, error->message);
      gtk_revealer_set_reveal_child (win->problems_revealer, TRUE);
      g_error_free (error);
    }
  }
  g_object_unref (dialog);
}

static void
export_activated (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) action;
  (void) parameter;
  if (!win->ladder)
    return;
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export View"), GTK_WINDOW (win),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  char *name = g_strdup_printf ("%s-%s.svg", gtk_stack_get_visible_child_name (win->views),
                                smtplab_window_get_session_id (win));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_free (name);
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), win);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* move_row - selects the row delta rows away from the selected one */
static void
move_row (SmtplabWindow *win, int delta)
{
  if (!win->ladder || smtplab_ladder_get_n_rows (win->ladder) == 0)
    return;
  guint n = MIN (smtplab_ladder_get_n_rows (win->ladder), smtplab_playback_rows (&win->playback));
  guint row = smtplab_window_get_selected_row (win);
  if (row == G_MAXUINT)
    row = delta > 0 ? 0 : n - 1;
  else
    row = CLAMP ((int) row + delta, 0, (int) n - 1);
  smtplab_window_select_row (win, row);
}

static void
next_row_activated (GSimpleAction *a, GVariant *p, gpointer win)
{
  (void) a;
  (void) p;
  move_row (win, 1);
}

static void
prev_row_activated (GSimpleAction *a, GVariant *p, gpointer win)
{
  (void) a;
  (void) p;
  move_row (win, -1);
}

/* toggle_block_activated - opens or closes the selected mail data block */
static void
toggle_block_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) a;
  (void) p;
  guint row = smtplab_window_get_selected_row (win);
  if (!win->ladder || row >= smtplab_ladder_get_n_rows (win->ladder))
    return;
  smtplab_ladder_set_expanded (win->ladder, row, !smtplab_ladder_is_expanded (win->ladder, row));
  smtplab_ladder_view_refresh (win->ladder_view);
}

/* waiting_for_guess - TRUE while the game asks about a hidden reply not
 * answered yet: playback waits for the answer */
static gboolean
waiting_for_guess (SmtplabWindow *win)
{
  guint hidden = smtplab_playback_hidden_row (&win->playback);
  return win->guessing && win->ladder && hidden != G_MAXUINT
         && !smtplab_guess_answered (win->guess, win->ladder, hidden);
}

static void
step_forward_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) a;
  (void) p;
  if (waiting_for_guess (win))
    smtplab_window_show_guess (win);           /* asks again, the code box focused */
  else if (win->ladder && smtplab_playback_forward (&win->playback, win->ladder))
    smtplab_window_show_playback (win);
}

static void
step_back_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) a;
  (void) p;
  if (win->ladder && smtplab_playback_back (&win->playback, win->ladder))
    smtplab_window_show_playback (win);
}

/* escape_activated - Esc leaves presentation mode first; else stop */
static void
escape_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) a;
  (void) p;
  if (win->presentation)
    g_action_group_change_action_state (G_ACTION_GROUP (win), "presentation",
                                        g_variant_new_boolean (FALSE));
  else
    g_action_group_activate_action (G_ACTION_GROUP (win), "stop", NULL);
}

/* stop_activated - the whole session again */
static void
stop_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) a;
  (void) p;
  smtplab_window_stop_playing (win);
  smtplab_playback_reset (&win->playback);
  smtplab_ladder_view_set_playback (win->ladder_view, G_MAXUINT, G_MAXUINT);
}

/* play_tick - one step; stops at the end */
static gboolean
play_tick (gpointer user_data)
{
  SmtplabWindow *win = user_data;
  if (!win->ladder || !smtplab_playback_forward (&win->playback, win->ladder)) {
    win->play_id = 0;
    smtplab_window_stop_playing (win);
    return G_SOURCE_REMOVE;
  }
  smtplab_window_show_playback (win);
  if (waiting_for_guess (win)) {               /* the game asks: stop until answered */
    win->play_id = 0;
    smtplab_window_stop_playing (win);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

/* start_timer - plays at the speed chosen */
static void
start_timer (SmtplabWindow *win)
{
  g_clear_handle_id (&win->play_id, g_source_remove);
  guint speed = MIN (gtk_drop_down_get_selected (win->speed), G_N_ELEMENTS (speeds) - 1);
  win->play_id = g_timeout_add ((guint) (PLAY_INTERVAL_MS / speeds[speed]), play_tick, win);
}

static void
play_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  gboolean play = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
  if (!play) {
    g_clear_handle_id (&win->play_id, g_source_remove);
    return;
  }
  if (win->ladder && win->playback.active && win->playback.n_shown >= smtplab_ladder_get_n_rows (win->ladder))
    smtplab_playback_reset (&win->playback);
  start_timer (win);
}

/* speed_changed - the speed menu changed while playing: new interval */
static void
speed_changed (GtkDropDown *speed, GParamSpec *pspec, SmtplabWindow *win)
{
  (void) speed;
  (void) pspec;
  if (win->play_id)
    start_timer (win);
}

/* change_speed - one step up or down the speed menu */
static void
change_speed (SmtplabWindow *win, int delta)
{
  int speed = (int) gtk_drop_down_get_selected (win->speed) + delta;
  gtk_drop_down_set_selected (win->speed, CLAMP (speed, 0, (int) G_N_ELEMENTS (speeds) - 1));
}

static void
faster_activated (GSimpleAction *a, GVariant *p, gpointer win)
{
  (void) a;
  (void) p;
  change_speed (win, 1);
}

static void
slower_activated (GSimpleAction *a, GVariant *p, gpointer win)
{
  (void) a;
  (void) p;
  change_speed (win, -1);
}

static void
hide_replies_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  g_simple_action_set_state (action, state);
  win->playback.hide_replies = g_variant_get_boolean (state);
}

/* guess_changed - the guess-the-reply game on or off: on, the replies are
 * hidden, the session starts again from its first line and the score
 * from 0; playback stops before each reply until the student answers */
static void
guess_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  g_simple_action_set_state (action, state);
  win->guessing = g_variant_get_boolean (state);
  g_action_group_change_action_state (G_ACTION_GROUP (win), "hide-replies",
                                      g_variant_new_boolean (win->guessing));
  smtplab_window_stop_playing (win);
  smtplab_playback_reset (&win->playback);
  smtplab_guess_reset (win->guess);
  gtk_revealer_set_reveal_child (win->guess_revealer, win->guessing);
  if (win->guessing && win->ladder)
    smtplab_playback_forward (&win->playback, win->ladder);
  if (win->guessing)
    smtplab_window_show_playback (win);
  else
    smtplab_ladder_view_set_playback (win->ladder_view, G_MAXUINT, G_MAXUINT);
  gtk_widget_grab_focus (GTK_WIDGET (win->ladder_view));
}

/* guess_answered - the student's answer: scored, then the reply shown
 * with what it means (the explanation pane explains it too) */
static void
guess_answered (SmtplabGuessBar *bar, const char *text, SmtplabWindow *win)
{
  guint code;
  if (!waiting_for_guess (win))
    return;
  if (!smtplab_guess_parse_code (text, &code)) {
    g_autofree char *question = smtplab_guess_question (win->ladder, smtplab_playback_hidden_row (&win->playback));
    g_autofree char *score = smtplab_guess_score (win->guess);
    smtplab_guess_bar_show (bar, question, TRUE,
                            _("A reply code is three digits, the first one 1 to 5: 250, 354, 550 …"),
                            FALSE, score);
    return;
  }
  smtplab_guess_answer (win->guess, win->ladder, smtplab_playback_hidden_row (&win->playback), code);
  gtk_widget_grab_focus (GTK_WIDGET (win->ladder_view));     /* → steps on (and the code box,
                                                                made insensitive, has no focus) */
  smtplab_playback_forward (&win->playback, win->ladder);     /* reveals the reply */
  smtplab_window_show_playback (win);
}

void
smtplab_window_show_guess (SmtplabWindow *win)
{
  if (!win->guessing)
    return;
  g_autofree char *score = smtplab_guess_score (win->guess);
  guint hidden = smtplab_playback_hidden_row (&win->playback);
  guint shown = smtplab_playback_current_row (&win->playback);
  g_autofree char *question = NULL, *feedback = NULL;
  gboolean asking = FALSE, right = FALSE;
  if (win->ladder && hidden != G_MAXUINT) {
    question = smtplab_guess_question (win->ladder, hidden);
    asking = !smtplab_guess_answered (win->guess, win->ladder, hidden);
  } else if (win->ladder && shown != G_MAXUINT) {
    SmtplabGuessVerdict verdict = SMTPLAB_GUESS_WRONG;
    feedback = smtplab_guess_feedback (win->guess, win->ladder, shown, smtplab_locale_get_lang (), &verdict);
    right = verdict == SMTPLAB_GUESS_RIGHT;
  }
  smtplab_guess_bar_show (win->guess_bar, question, asking, feedback, right, score);
}

/* presentation_changed - full screen, every view in larger type (the
 * diagram, the network and header views, the explanation below the
 * diagram), the session list and the header bar hidden (the keys still
 * step, play and guess) */
static void
presentation_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  g_simple_action_set_state (action, state);
  win->presentation = g_variant_get_boolean (state);
  gtk_widget_set_visible (win->sidebar, !win->presentation);
  /* the header bar is the window's titlebar (not a bound template child:
   * GtkWindow disposes its titlebar itself) */
  gtk_widget_set_visible (gtk_window_get_titlebar (GTK_WINDOW (win)), !win->presentation);
  if (win->presentation) {
    gtk_widget_add_css_class (GTK_WIDGET (win), "presentation");
    gtk_window_fullscreen (GTK_WINDOW (win));
  } else {
    gtk_widget_remove_css_class (GTK_WIDGET (win), "presentation");
    gtk_window_unfullscreen (GTK_WINDOW (win));
  }
  smtplab_window_apply_layout (win);
}

/* leave_presentation - Esc, before any widget sees it: leaves presentation
 * mode whatever has the focus (else the key goes on: the filter box
 * clears, the diagram shows the whole session) */
static gboolean
leave_presentation (GtkWidget *widget, GVariant *args, gpointer user_data)
{
  SmtplabWindow *win = SMTPLAB_WINDOW (widget);
  (void) args;
  (void) user_data;
  if (!win->presentation)
    return FALSE;
  g_action_group_change_action_state (G_ACTION_GROUP (win), "presentation", g_variant_new_boolean (FALSE));
  return TRUE;
}

static void
view_activated (GSimpleAction *a, GVariant *parameter, gpointer win)
{
  (void) a;
  smtplab_window_show_view (win, g_variant_get_string (parameter, NULL));
}

/* move_session - selects the next or previous session of the list */
static void
move_session (SmtplabWindow *win, int delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (win->selection));
  guint at = gtk_single_selection_get_selected (win->selection);
  if (n == 0)
    return;
  int next = at == GTK_INVALID_LIST_POSITION ? 0 : CLAMP ((int) at + delta, 0, (int) n - 1);
  gtk_single_selection_set_selected (win->selection, next);
}

static void
next_session_activated (GSimpleAction *a, GVariant *p, gpointer win)
{
  (void) a;
  (void) p;
  move_session (win, 1);
}

static void
prev_session_activated (GSimpleAction *a, GVariant *p, gpointer win)
{
  (void) a;
  (void) p;
  move_session (win, -1);
}

static void
find_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) a;
  (void) p;
  gtk_widget_grab_focus (GTK_WIDGET (win->search));
}

static const GActionEntry entries[] = {
  { "open", open_activated, NULL, NULL, NULL, { 0 } },
  { "export", export_activated, NULL, NULL, NULL, { 0 } },
  { "next-row", next_row_activated, NULL, NULL, NULL, { 0 } },
  { "prev-row", prev_row_activated, NULL, NULL, NULL, { 0 } },
  { "toggle-block", toggle_block_activated, NULL, NULL, NULL, { 0 } },
  { "step-forward", step_forward_activated, NULL, NULL, NULL, { 0 } },
  { "step-back", step_back_activated, NULL, NULL, NULL, { 0 } },
  { "stop", stop_activated, NULL, NULL, NULL, { 0 } },
  { "escape", escape_activated, NULL, NULL, NULL, { 0 } },
  { "play", NULL, NULL, "false", play_changed, { 0 } },
  { "faster", faster_activated, NULL, NULL, NULL, { 0 } },
  { "slower", slower_activated, NULL, NULL, NULL, { 0 } },
  { "hide-replies", NULL, NULL, "false", hide_replies_changed, { 0 } },
  { "guess", NULL, NULL, "false", guess_changed, { 0 } },
  { "presentation", NULL, NULL, "false", presentation_changed, { 0 } },
  { "view", view_activated, "s", NULL, NULL, { 0 } },
  { "next-session", next_session_activated, NULL, NULL, NULL, { 0 } },
  { "prev-session", prev_session_activated, NULL, NULL, NULL, { 0 } },
  { "find", find_activated, NULL, NULL, NULL, { 0 } },
};

/* Keys without a modifier.  GTK runs application accelerators before the
 * focused widget, so these are the window's own and run after it (bubble
 * phase): typing "h" or a space in the search box still types. */
static const struct { const char *trigger; const char *action; } keys[] = {
  { "Down|j", "win.next-row" },
  { "Up|k", "win.prev-row" },
  { "Return", "win.toggle-block" },
  { "Right|n", "win.step-forward" },
  { "Left|p", "win.step-back" },
  { "space", "win.play" },
  { "plus|KP_Add", "win.faster" },
  { "minus|KP_Subtract", "win.slower" },
  { "h", "win.hide-replies" },
  { "g", "win.guess" },
  { "Escape", "win.escape" },
};

/* add_keys - the keys above, on the window */
static void
add_keys (SmtplabWindow *win)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (win), controller);
  GtkEventController *capture = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (capture, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (capture),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (leave_presentation, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (win), capture);
}

void
smtplab_window_add_actions (SmtplabWindow *win)
{
  g_action_map_add_action_entries (G_ACTION_MAP (win), entries, G_N_ELEMENTS (entries), win);
  g_signal_connect (win->speed, "notify::selected", G_CALLBACK (speed_changed), win);
  g_signal_connect (win->guess_bar, "answered", G_CALLBACK (guess_answered), win);
  add_keys (win);
}
