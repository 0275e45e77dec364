/* window.c - the main window: sessions, diagrams, explanation, follow. */
#include "window-private.h"

#include "draw-text.h"
#include "headers-draw.h"
#include "network-draw.h"
#include "retranslate.h"

#include <string.h>
#include <glib/gi18n.h>

/* How often traces are read again for new events (following live). */
#define FOLLOW_INTERVAL_MS 400

/* From this width on, the explanation is beside the diagram (the session
 * list 300 px, the explanation 360 px, the ladder at least 720 px, room for
 * its longest lines); in a narrower window (a 1024 or 1280 px projector) it
 * goes below the diagram. */
#define WIDE_MIN 1380
#define SIDEBAR_W 300
#define SIDEBAR_W_NARROW 240
#define EXPLAIN_W 360
#define EXPLAIN_H 250

G_DEFINE_FINAL_TYPE (SmtplabWindow, smtplab_window, GTK_TYPE_APPLICATION_WINDOW)

/* outcome_class - the CSS class of an outcome's colour */
static const char *
outcome_class (SmtplabOutcome outcome)
{
  static const char *const classes[] = {
    [SMTPLAB_OUTCOME_OPEN] = "outcome-open",           [SMTPLAB_OUTCOME_NO_MAIL] = "outcome-no-mail",
    [SMTPLAB_OUTCOME_DELIVERED] = "outcome-delivered", [SMTPLAB_OUTCOME_PARTIAL] = "outcome-partial",
    [SMTPLAB_OUTCOME_DEFERRED] = "outcome-deferred",   [SMTPLAB_OUTCOME_REFUSED] = "outcome-refused",
  };
  return classes[outcome];
}

/* outcome_words - an outcome for the tooltip */
static const char *
outcome_words (SmtplabOutcome outcome)
{
  switch (outcome) {
  case SMTPLAB_OUTCOME_OPEN: return _("still open (or the trace was cut)");
  case SMTPLAB_OUTCOME_NO_MAIL: return _("closed without mail");
  case SMTPLAB_OUTCOME_DELIVERED: return _("mail accepted");
  case SMTPLAB_OUTCOME_PARTIAL: return _("mail accepted, something refused");
  case SMTPLAB_OUTCOME_DEFERRED: return _("refused for now (4yz)");
  case SMTPLAB_OUTCOME_REFUSED: return _("refused (5yz)");
  }
  return "";
}

/* fill_row - a session row's texts and colour from session */
static void
fill_row (GtkWidget *box, SmtplabSession *s)
{
  GtkWidget *dot = gtk_widget_get_first_child (box);
  GtkWidget *texts = gtk_widget_get_next_sibling (dot);
  GtkWidget *title = gtk_widget_get_first_child (texts), *subtitle = gtk_widget_get_next_sibling (title);
  SmtplabOutcome outcome = smtplab_session_get_outcome (s);
  char *t = g_strdup_printf ("%s %s %s", smtplab_session_get_host (s),
                             smtplab_session_is_server (s) ? "←" : "→", smtplab_session_get_peer (s));
  char *start = smtplab_session_format_start (s);
  guint n = smtplab_session_get_n_messages (s);
  char *messages = g_strdup_printf (g_dngettext (NULL, "%u message", "%u messages", n), n);
  char *sub = g_strdup_printf ("%s · %s%s", start, messages,
                               smtplab_session_get_turn_next (s) ? " · TURN" : "");
  gtk_label_set_text (GTK_LABEL (title), t);
  gtk_label_set_text (GTK_LABEL (subtitle), sub);
  const char *classes[] = { "outcome", outcome_class (outcome), NULL };
  gtk_widget_set_css_classes (dot, classes);
  char *tip = g_strdup_printf ("%s\n%s", t, outcome_words (outcome));   /* the title whole: a narrow list cuts it */
  gtk_widget_set_tooltip_text (box, tip);
  g_free (tip);
  g_free (t);
  g_free (start);
  g_free (messages);
  g_free (sub);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  (void) factory;
  (void) user_data;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 1);
  GtkWidget *title = gtk_label_new (NULL), *subtitle = gtk_label_new (NULL);
  gtk_widget_add_css_class (title, "session-title");
  gtk_widget_add_css_class (subtitle, "session-subtitle");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("●"));
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static void
session_notified (SmtplabSession *s, GParamSpec *pspec, GtkWidget *box)
{
  (void) pspec;
  fill_row (box, s);
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  (void) factory;
  (void) user_data;
  SmtplabSession *s = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  fill_row (box, s);
  g_signal_connect_object (s, "notify::outcome", G_CALLBACK (session_notified), box, 0);
}

static void
unbind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  (void) factory;
  (void) user_data;
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), session_notified,
                                        gtk_list_item_get_child (item));
}

/* set_row_factory - the session rows made (again) by a new factory */
static void
set_row_factory (SmtplabWindow *win)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (win->session_list, factory);
  g_object_unref (factory);
}

/* matches - the filter: every word of the search box is in the session's text */
static gboolean
matches (gpointer item, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (win->search));
  if (!*query)
    return TRUE;
  char *text = g_utf8_casefold (smtplab_session_get_search_text (item), -1);
  char *folded = g_utf8_casefold (query, -1);
  char **words = g_strsplit (folded, " ", -1);
  gboolean all = TRUE;
  for (guint i = 0; all && words[i]; i++)
    all = !*words[i] || strstr (text, words[i]) != NULL;
  g_strfreev (words);
  g_free (folded);
  g_free (text);
  return all;
}

static void
search_changed (GtkSearchEntry *entry, SmtplabWindow *win)
{
  (void) entry;
  gtk_filter_changed (GTK_FILTER (win->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* list_skipped - the first skipped lines, where and why, as the bar's tooltip */
static void
list_skipped (SmtplabWindow *win)
{
  GPtrArray *skips = smtplab_trace_set_get_skipped (win->set);
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < skips->len && i < 20; i++) {
    SmtplabSkip *skip = g_ptr_array_index (skips, i);
    g_string_append_printf (text, "%s%s:%" G_GUINT64_FORMAT ": %s", i ? "\n" : "", skip->source, skip->line,
                            skip->reason);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (win->problems_label), text->len ? text->str : NULL);
  g_string_free (text, TRUE);
}

/* update_status - the counts under the list and what was skipped */
static void
update_status (SmtplabWindow *win)
{
  guint sessions = g_list_model_get_n_items (smtplab_trace_set_get_sessions (win->set));
  guint files = smtplab_trace_set_get_n_sources (win->set);
  double fraction;
  char *text = smtplab_trace_set_reading (win->set, &fraction)
               ? g_strdup_printf (_("%u sessions · %u events · reading… %.0f%%"), sessions,
                                  smtplab_trace_set_get_n_events (win->set), fraction * 100)
               : g_strdup_printf (_("%u sessions · %u events · following %u files"), sessions,
                                  smtplab_trace_set_get_n_events (win->set), files);
  gtk_label_set_text (win->status, text);
  g_free (text);
  char *problems = smtplab_trace_set_describe_problems (win->set);
  if (problems) {
    char *shown = g_strdup_printf ("⚠ %s", problems);
    gtk_label_set_text (win->problems_label, shown);
    g_free (shown);
    list_skipped (win);
  }
  gtk_revealer_set_reveal_child (win->problems_revealer, problems != NULL);
  g_free (problems);
}

/* no_letter - what the network and header views say for a session without mail */
static void
no_letter (cairo_t *cr, int width)
{
  smtplab_draw_text (cr, SMTPLAB_FONT_NOTE, 1.4, _("This session carried no message: choose one that did."),
                     width / 2.0, 40, SMTPLAB_ALIGN_CENTER, smtplab_palette_quiet (), width - 40);
}

static void
draw_network (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) area;
  (void) height;
  cairo_scale (cr, win->scale, win->scale);
  if (win->network)
    smtplab_network_draw (cr, win->network, width / win->scale, win->network_selected);
  else
    no_letter (cr, width / win->scale);
}

static void
draw_headers (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  SmtplabWindow *win = user_data;
  (void) area;
  (void) height;
  cairo_scale (cr, win->scale, win->scale);
  if (win->network)
    smtplab_headers_draw (cr, win->network->letter, width / win->scale);
  else
    no_letter (cr, width / win->scale);
}

/* size_letter_views - the network and header views' heights at win->scale */
static void
size_letter_views (SmtplabWindow *win)
{
  double network = win->network ? smtplab_network_draw_height (win->network) : 100;
  double headers = win->network ? smtplab_headers_draw_height (win->network->letter) : 100;
  gtk_drawing_area_set_content_height (win->network_area, (int) (network * win->scale));
  gtk_drawing_area_set_content_height (win->headers_area, (int) (headers * win->scale));
  gtk_widget_queue_draw (GTK_WIDGET (win->network_area));
  gtk_widget_queue_draw (GTK_WIDGET (win->headers_area));
}

/* network_pressed - a click on a row of the network view selects it and
 * explains it as the ladder of its hop would */
static void
network_pressed (GtkGestureClick *gesture, int n_press, double x, double y, SmtplabWindow *win)
{
  (void) gesture;
  (void) n_press;
  (void) x;
  guint row = win->network ? smtplab_network_row_at (win->network, y / win->scale) : G_MAXUINT;
  if (row == G_MAXUINT)
    return;
  smtplab_window_select_network_row (win, row);
}

/* network_tooltip - the whole text of the row under the pointer */
static gboolean
network_tooltip (GtkWidget *area, int x, int y, gboolean keyboard, GtkTooltip *tooltip, SmtplabWindow *win)
{
  (void) area;
  (void) x;
  (void) keyboard;
  guint row = win->network ? smtplab_network_row_at (win->network, y / win->scale) : G_MAXUINT;
  if (row == G_MAXUINT)
    return FALSE;
  char *text = smtplab_network_row_text (win->network, row);
  smtplab_tooltip_set_lines (tooltip, text);
  g_free (text);
  return TRUE;
}

/* headers_tooltip - the whole header line under the pointer (a long
 * Received: is cut with "…" in a narrow window) */
static gboolean
headers_tooltip (GtkWidget *area, int x, int y, gboolean keyboard, GtkTooltip *tooltip, SmtplabWindow *win)
{
  (void) area;
  (void) x;
  (void) keyboard;
  char *text = win->network ? smtplab_headers_line_at (win->network->letter, y / win->scale) : NULL;
  if (text)
    smtplab_tooltip_set_lines (tooltip, text);
  g_free (text);
  return text != NULL;
}

/* show_letter - the network and header views of the letter session carried */
static void
show_letter (SmtplabWindow *win, SmtplabSession *session)
{
  g_clear_pointer (&win->network, smtplab_network_free);
  SmtplabLetter *letter = session ? smtplab_letter_for_session (win->set, session) : NULL;
  if (letter)
    win->network = smtplab_network_new (win->set, letter);
  win->network_selected = G_MAXUINT;
  size_letter_views (win);
}

/* show_title - the window's title: the session's host and id */
static void
show_title (SmtplabWindow *win, SmtplabSession *session)
{
  char *title = session ? g_strdup_printf (_("%s — session %s"), smtplab_session_get_host (session),
                                           smtplab_session_get_id (session)) : NULL;
  gtk_window_set_title (GTK_WINDOW (win), title ? title : _("smtplab Viewer"));
  g_free (title);
}

/* show_session - builds the ladder of session and shows it */
static void
show_session (SmtplabWindow *win, SmtplabSession *session)
{
  smtplab_window_stop_playing (win);
  smtplab_playback_reset (&win->playback);
  smtplab_ladder_view_set_ladder (win->ladder_view, NULL);
  g_clear_pointer (&win->ladder, smtplab_ladder_free);
  if (session)
    win->ladder = smtplab_ladder_new (win->set, session);
  smtplab_ladder_view_set_ladder (win->ladder_view, win->ladder);
  smtplab_explain_pane_show (win->explain_pane, NULL, G_MAXUINT);
  show_letter (win, session);
  show_title (win, session);
  if (win->guessing && win->ladder) {        /* the game goes on in this session */
    smtplab_playback_forward (&win->playback, win->ladder);
    smtplab_window_show_playback (win);
  }
}

static void
selection_changed (GtkSingleSelection *selection, GParamSpec *pspec, SmtplabWindow *win)
{
  (void) pspec;
  SmtplabSession *session = gtk_single_selection_get_selected_item (selection);
  if (!win->ladder || smtplab_ladder_get_session (win->ladder) != session)
    show_session (win, session);
}

/* earlier - the list's order: sessions by start time, across hosts */
static int
earlier (gconstpointer a, gconstpointer b, gpointer user_data)
{
  (void) user_data;
  gint64 x = smtplab_session_get_start ((SmtplabSession *) a), y = smtplab_session_get_start ((SmtplabSession *) b);
  return x < y ? -1 : x > y;
}

static void
row_selected (SmtplabLadderView *view, guint row, SmtplabWindow *win)
{
  (void) view;
  smtplab_explain_pane_show (win->explain_pane, win->ladder, row);
}

/* traces_changed - new events: counts, problems, and the ladder if it grew */
static void
traces_changed (SmtplabTraceSet *set, guint added, SmtplabWindow *win)
{
  (void) set;
  (void) added;
  update_status (win);
  if (win->ladder && smtplab_ladder_update (win->ladder)) {
    smtplab_ladder_view_refresh (win->ladder_view);
    show_letter (win, smtplab_ladder_get_session (win->ladder));
  }
}

/* catch_up - one more step of a trace still being read, until it is all read */
static gboolean
catch_up (gpointer user_data)
{
  SmtplabWindow *win = user_data;
  smtplab_trace_set_poll (win->set);
  if (smtplab_trace_set_reading (win->set, NULL))
    return G_SOURCE_CONTINUE;
  win->catch_up_id = 0;
  update_status (win);
  return G_SOURCE_REMOVE;
}

/* follow - what hosts appended; a big backlog is read a step at a time */
static gboolean
follow (gpointer user_data)
{
  SmtplabWindow *win = user_data;
  if (!win->catch_up_id)
    smtplab_trace_set_poll (win->set);
  if (!win->catch_up_id && smtplab_trace_set_reading (win->set, NULL))
    win->catch_up_id = g_idle_add_full (G_PRIORITY_LOW, catch_up, win, NULL);
  return G_SOURCE_CONTINUE;
}

/* guess_words - the guess button's words, which may be cut with "…" so
 * that even the wide header bar never holds the window wider than 1024 px */
static GtkWidget *
guess_words (const char *words)
{
  GtkWidget *label = gtk_label_new (words);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  return label;
}

/* compact_header - in a narrow window the guess button shows an icon (its
 * words in the tooltip) and the view switcher leaves the middle for the
 * start, so the header bar fits 1024 px */
static void
compact_header (SmtplabWindow *win, gboolean narrow)
{
  GtkHeaderBar *bar = GTK_HEADER_BAR (gtk_window_get_titlebar (GTK_WINDOW (win)));
  gboolean centred = gtk_header_bar_get_title_widget (bar) == win->switcher;
  if (narrow)
    gtk_button_set_icon_name (win->guess_button, "dialog-question-symbolic");
  else
    gtk_button_set_child (win->guess_button, guess_words (win->guess_label));
  if (narrow == !centred)
    return;
  g_object_ref (win->switcher);
  if (narrow) {
    gtk_header_bar_set_title_widget (bar, gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0));   /* not the title */
    gtk_header_bar_pack_start (bar, win->switcher);
  } else {
    gtk_header_bar_remove (bar, win->switcher);
    gtk_header_bar_set_title_widget (bar, win->switcher);
  }
  g_object_unref (win->switcher);
}

void
smtplab_window_apply_layout (SmtplabWindow *win)
{
  int width = gtk_widget_get_width (GTK_WIDGET (win)), height = gtk_widget_get_height (GTK_WIDGET (win->inner_paned));
  if (width == 0)       /* not yet shown: the size it asks for */
    gtk_window_get_default_size (GTK_WINDOW (win), &width, &height);
  gboolean narrow = width < WIDE_MIN, below = narrow || win->presentation;
  win->layout = below;
  win->laid_out_width = width;
  win->scale = win->presentation ? CLAMP (width / SMTPLAB_PRESENTATION_WIDTH, SMTPLAB_PRESENTATION_MIN,
                                          SMTPLAB_PRESENTATION_MAX) : 1.0;
  compact_header (win, narrow);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (win->inner_paned),
                                  below ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (GTK_WIDGET (win->explain_pane), below ? -1 : EXPLAIN_W, -1);
  smtplab_explain_pane_set_layout (win->explain_pane, below, win->scale);
  int sidebar = narrow ? SIDEBAR_W_NARROW : SIDEBAR_W;
  gtk_paned_set_position (win->outer_paned, sidebar);
  if (below) {
    gtk_paned_set_position (win->inner_paned, MAX (height - (int) (EXPLAIN_H * win->scale), height * 11 / 20));
  } else
    gtk_paned_set_position (win->inner_paned, width - sidebar - EXPLAIN_W);
  smtplab_ladder_view_set_scale (win->ladder_view, win->scale);
  size_letter_views (win);
}

/* relayout - the window's size crossed WIDE_MIN (or changed in
 * presentation mode): lay it out again */
static gboolean
relayout (gpointer user_data)
{
  SmtplabWindow *win = user_data;
  win->layout_id = 0;
  smtplab_window_apply_layout (win);
  return G_SOURCE_REMOVE;
}

/* smtplab_window_size_allocate - notes a width that wants the other layout
 * or another presentation scale (laid out after this allocation, not
 * during it) */
static void
smtplab_window_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SmtplabWindow *win = SMTPLAB_WINDOW (widget);
  GTK_WIDGET_CLASS (smtplab_window_parent_class)->size_allocate (widget, width, height, baseline);
  int below = width < WIDE_MIN || win->presentation;
  gboolean rescale = win->presentation && width != win->laid_out_width;     /* now full screen */
  if ((below != win->layout || rescale) && !win->layout_id)
    win->layout_id = g_idle_add (relayout, win);
}

/* default_size_changed - a window not shown yet is laid out for the size
 * it will have (so a window asked for 1024 px is never wider) */
static void
default_size_changed (SmtplabWindow *win, GParamSpec *pspec, gpointer user_data)
{
  (void) pspec;
  (void) user_data;
  if (!gtk_widget_get_realized (GTK_WIDGET (win)))
    smtplab_window_apply_layout (win);
}

static void
smtplab_window_dispose (GObject *object)
{
  SmtplabWindow *win = SMTPLAB_WINDOW (object);
  smtplab_window_stop_playing (win);
  g_clear_handle_id (&win->layout_id, g_source_remove);
  g_clear_pointer (&win->guess_label, g_free);
  g_clear_pointer (&win->guess, smtplab_guess_free);
  g_clear_handle_id (&win->follow_id, g_source_remove);
  g_clear_handle_id (&win->catch_up_id, g_source_remove);
  if (win->set)
    g_signal_handlers_disconnect_by_data (win->set, win);
  if (win->ladder_view)
    smtplab_ladder_view_set_ladder (win->ladder_view, NULL);
  g_clear_pointer (&win->ladder, smtplab_ladder_free);
  g_clear_pointer (&win->network, smtplab_network_free);
  g_clear_object (&win->selection);
  g_clear_object (&win->set);
  gtk_widget_dispose_template (GTK_WIDGET (win), SMTPLAB_TYPE_WINDOW);
  G_OBJECT_CLASS (smtplab_window_parent_class)->dispose (object);
}

static void
smtplab_window_class_init (SmtplabWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = smtplab_window_dispose;
  widget_class->size_allocate = smtplab_window_size_allocate;
  g_type_ensure (SMTPLAB_TYPE_LADDER_VIEW);
  g_type_ensure (SMTPLAB_TYPE_EXPLAIN_PANE);
  g_type_ensure (SMTPLAB_TYPE_GUESS_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/smtplab/viewer/window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, session_list);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, search);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, views);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, ladder_view);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, explain_pane);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, status);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, problems_label);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, problems_revealer);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, speed);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, network_area);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, headers_area);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, guess_button);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, guess_revealer);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, guess_bar);
  gtk_widget_class_bind_template_child (widget_class, SmtplabWindow, switcher);
}

static void
smtplab_window_init (SmtplabWindow *win)
{
  smtplab_init_template_translatable (GTK_WIDGET (win));
  g_signal_connect (win->search, "search-changed", G_CALLBACK (search_changed), win);
  g_signal_connect (win->ladder_view, "row-selected", G_CALLBACK (row_selected), win);
  set_row_factory (win);
  gtk_drawing_area_set_draw_func (win->network_area, draw_network, win, NULL);
  gtk_drawing_area_set_draw_func (win->headers_area, draw_headers, win, NULL);
  smtplab_playback_reset (&win->playback);
  win->guess = smtplab_guess_new ();
  win->scale = 1.0;
  win->layout = -1;
  win->guess_label = g_strdup (gtk_button_get_label (win->guess_button));   /* translated by the template */
  gtk_button_set_child (win->guess_button, guess_words (win->guess_label));
  win->network_selected = G_MAXUINT;
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (network_pressed), win);
  gtk_widget_add_controller (GTK_WIDGET (win->network_area), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (win->network_area), TRUE);
  g_signal_connect (win->network_area, "query-tooltip", G_CALLBACK (network_tooltip), win);
  gtk_widget_set_has_tooltip (GTK_WIDGET (win->headers_area), TRUE);
  g_signal_connect (win->headers_area, "query-tooltip", G_CALLBACK (headers_tooltip), win);
  /* the diagram has the keys first, not the filter box (which would eat Esc) */
  gtk_window_set_focus (GTK_WINDOW (win), GTK_WIDGET (win->ladder_view));
  g_signal_connect (win, "notify::default-width", G_CALLBACK (default_size_changed), NULL);
  g_signal_connect (win, "notify::default-height", G_CALLBACK (default_size_changed), NULL);
  smtplab_window_add_actions (win);
}

/* attach - shows set's sessions in the list, filtered by the search box */
static void
attach (SmtplabWindow *win, SmtplabTraceSet *set)
{
  win->set = g_object_ref (set);
  win->filter = gtk_custom_filter_new (matches, win, NULL);
  GListModel *sessions = g_object_ref (smtplab_trace_set_get_sessions (set));
  GtkSorter *by_start = GTK_SORTER (gtk_custom_sorter_new (earlier, NULL, NULL));
  GtkSortListModel *sorted = gtk_sort_list_model_new (sessions, by_start);
  GtkFilterListModel *filtered = gtk_filter_list_model_new (G_LIST_MODEL (sorted), GTK_FILTER (win->filter));
  win->selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (win->selection, TRUE);
  /* the list view takes its own reference (transfer none) */
  gtk_list_view_set_model (win->session_list, GTK_SELECTION_MODEL (win->selection));
  g_signal_connect (win->selection, "notify::selected-item", G_CALLBACK (selection_changed), win);
  g_signal_connect (set, "changed", G_CALLBACK (traces_changed), win);
  win->follow_id = g_timeout_add (FOLLOW_INTERVAL_MS, follow, win);
  show_session (win, gtk_single_selection_get_selected_item (win->selection));
  update_status (win);
}

/* fit_screen - the window's default size, no larger than the first monitor
 * (a 1024×768 projector) */
static void
fit_screen (SmtplabWindow *win)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (win)));
  g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  int width, height;
  gtk_window_get_default_size (GTK_WINDOW (win), &width, &height);
  if (monitor) {
    GdkRectangle area;
    gdk_monitor_get_geometry (monitor, &area);
    gtk_window_set_default_size (GTK_WINDOW (win), MIN (width, area.width), MIN (height, area.height));
  }
  smtplab_window_apply_layout (win);
}

SmtplabWindow *
smtplab_window_new (GtkApplication *app, SmtplabTraceSet *set)
{
  SmtplabWindow *win = g_object_new (SMTPLAB_TYPE_WINDOW, "application", app, NULL);
  attach (win, set);
  fit_screen (win);
  return win;
}

SmtplabTraceSet *
smtplab_window_get_trace_set (SmtplabWindow *win)
{
  return win->set;
}

void
smtplab_window_open_path (SmtplabWindow *win, const char *path)
{
  GError *error = NULL;
  if (!smtplab_trace_set_add_path (win->set, path, &error)) {
    char *shown = g_strdup_printf ("⚠ %s", error->message);
    gtk_label_set_text (win->problems_label, shown);
    gtk_revealer_set_reveal_child (win->problems_revealer, TRUE);
    g_free (shown);
    g_error_free (error);
    return;
  }
  update_status (win);
  follow (win);
}

gboolean
smtplab_window_select_session (SmtplabWindow *win, const char *id)
{
  GListModel *model = G_LIST_MODEL (win->selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++) {
    g_autoptr (SmtplabSession) s = g_list_model_get_item (model, i);
    if (g_str_equal (smtplab_session_get_id (s), id)) {
      gtk_single_selection_set_selected (win->selection, i);
      return TRUE;
    }
  }
  return FALSE;
}

const char *
smtplab_window_get_session_id (SmtplabWindow *win)
{
  return win->ladder ? smtplab_session_get_id (smtplab_ladder_get_session (win->ladder)) : NULL;
}

void
smtplab_window_show_view (SmtplabWindow *win, const char *view)
{
  if (gtk_stack_get_child_by_name (win->views, view))
    gtk_stack_set_visible_child_name (win->views, view);
}

guint
smtplab_window_get_selected_row (SmtplabWindow *win)
{
  return smtplab_ladder_view_get_selected (win->ladder_view);
}

void
smtplab_window_select_row (SmtplabWindow *win, guint row)
{
  smtplab_ladder_view_select (win->ladder_view, row);
}

void
smtplab_window_show_playback (SmtplabWindow *win)
{
  smtplab_ladder_view_set_playback (win->ladder_view, smtplab_playback_rows (&win->playback),
                                    smtplab_playback_hidden_row (&win->playback));
  smtplab_ladder_view_select (win->ladder_view, smtplab_playback_current_row (&win->playback));
  smtplab_window_show_guess (win);
}

void
smtplab_window_stop_playing (SmtplabWindow *win)
{
  g_clear_handle_id (&win->play_id, g_source_remove);
  GAction *play = g_action_map_lookup_action (G_ACTION_MAP (win), "play");
  if (play)
    g_simple_action_set_state (G_SIMPLE_ACTION (play), g_variant_new_boolean (FALSE));
}

/* new_help_overlay - the shortcuts window (gtk/help-overlay.ui) in the
 * language spoken now */
static void
new_help_overlay (SmtplabWindow *win)
{
  GtkBuilder *builder = gtk_builder_new_from_resource ("/org/smtplab/viewer/gtk/help-overlay.ui");
  GtkShortcutsWindow *overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (win), overlay);
  g_object_unref (builder);
}

void
smtplab_window_retranslate (SmtplabWindow *win)
{
  smtplab_retranslate (GTK_WIDGET (win));
  /* the guess button's label was set again as plain words: back to the
   * words that may be cut, or the icon of a narrow window */
  g_free (win->guess_label);
  win->guess_label = g_strdup (gtk_button_get_label (win->guess_button));
  smtplab_window_apply_layout (win);
  show_title (win, win->ladder ? smtplab_ladder_get_session (win->ladder) : NULL);
  update_status (win);
  set_row_factory (win);
  smtplab_explain_pane_show (win->explain_pane, win->ladder, smtplab_window_get_selected_row (win));
  smtplab_window_show_guess (win);
  smtplab_ladder_view_refresh (win->ladder_view);
  gtk_widget_queue_draw (GTK_WIDGET (win->network_area));
  gtk_widget_queue_draw (GTK_WIDGET (win->headers_area));
  new_help_overlay (win);
}

void
smtplab_window_select_network_row (SmtplabWindow *win, guint row)
{
  if (!win->network || row >= win->network->rows->len)
    return;
  const SmtplabNetworkRow *r = &g_array_index (win->network->rows, SmtplabNetworkRow, row);
  win->network_selected = row;
  gtk_widget_queue_draw (GTK_WIDGET (win->network_area));
  smtplab_explain_pane_show (win->explain_pane, g_ptr_array_index (win->network->ladders, r->hop), r->row);
}
