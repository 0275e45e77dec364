/* ui-test-projector.c - the viewer on a projector (tests/run.py runs it
 * under xvfb-run): at 1024×768, 1280×800 and 1920×1080, in English and in
 * Chinese, the window is no wider than the screen, every line of the
 * ladder and the source route of the Network view are drawn whole inside
 * it, the explanation is on screen, a Network row is explained, and
 * presentation mode enlarges every view.  The screenshots are kept in
 * tests/artefacts/ for a person to look at. */
#include <string.h>
#include "application.h"
#include "locale-dir.h"
#include "headers-draw.h"
#include "network-draw.h"
#include "window-private.h"
#include "ui-fixtures.h"

#define RELAY "tests/viewer/data/relay"
#define ESMTP "tests/viewer/data/esmtp"     /* the longest lines: MAIL FROM:<@mail.lab.example:…> SIZE=455 */
#define TURN "tests/viewer/data/turn"
#define SMITH "1795656367.7333.1"          /* RFC 821 §3.1 at Beta.ARPA */
#define LAST_HOP "1795656367.7359.1"       /* the source-routed letter at THREE */
#define SOURCE_ROUTE "RCPT TO:<@ONE,@TWO:JOE@THREE>"

static SmtplabApplication *app;

static const struct { int width, height; } sizes[] = { { 1024, 768 }, { 1280, 800 }, { 1920, 1080 } };

/* projected - a window on the relay traces at width × height, language lang */
static SmtplabWindow *
projected (SmtpLang lang, int width, int height)
{
  smtplab_locale_set_lang (lang);
  SmtplabWindow *win = smtplab_window_new (GTK_APPLICATION (app), smtplab_trace_set_new ());
  g_object_unref (smtplab_window_get_trace_set (win));
  smtplab_window_open_path (win, RELAY);
  smtplab_window_open_path (win, ESMTP);
  smtplab_window_open_path (win, TURN);
  gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  gtk_window_present (GTK_WINDOW (win));
  settle ();
  settle ();
  return win;
}

/* artefact - "VIEW-WxH[-zh_CN].png" */
static char *
artefact (const char *view, int width, int height)
{
  return g_strdup_printf ("%s-%dx%d%s.png", view, width, height,
                          smtplab_locale_get_lang () == SMTP_LANG_ZH_CN ? "-zh_CN" : "");
}

/* assert_inside - x_from to x_to of widget lie inside the window */
static void
assert_inside (SmtplabWindow *win, GtkWidget *widget, double x_from, double x_to)
{
  graphene_point_t from, to;
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (x_from, 0), &from));
  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (win), &GRAPHENE_POINT_INIT (x_to, 0), &to));
  g_assert_cmpfloat (from.x, >=, 0);
  g_assert_cmpfloat (to.x, <=, gtk_widget_get_width (GTK_WIDGET (win)));
}

/* assert_on_screen - widget is shown, at least min_w × min_h, inside the window */
static void
assert_on_screen (SmtplabWindow *win, GtkWidget *widget, int min_w, int min_h)
{
  graphene_rect_t bounds;
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (win), &bounds));
  g_assert_cmpfloat (bounds.size.width, >=, min_w);
  g_assert_cmpfloat (bounds.size.height, >=, min_h);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (win)) + 0.5);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (win)) + 0.5);
}

/* explained - the explanation pane's title (the line it explains) */
static const char *
explained (SmtplabWindow *win)
{
  GtkWidget *w = GTK_WIDGET (win->explain_pane);
  for (int i = 0; i < 5; i++)          /* scrolled window, viewport, columns, texts, title */
    w = gtk_widget_get_first_child (w);
  return gtk_label_get_text (GTK_LABEL (w));
}

/* row_with_code - the ladder row of the first reply with code */
static guint
row_with_code (SmtplabWindow *win, guint code)
{
  for (guint i = 0; i < smtplab_ladder_get_n_rows (win->ladder); i++)
    if (smtplab_ladder_get_row (win->ladder, i)->code == code)
      return i;
  g_assert_not_reached ();
}

/* assert_ladder_whole - every command and reply of the ladder is drawn
 * whole (the ladder's own layout code: not cut with "…"), between
 * lifelines that are inside the window */
static guint
assert_ladder_whole (SmtplabWindow *win)
{
  guint messages = 0;
  for (guint i = 0; i < smtplab_ladder_get_n_rows (win->ladder); i++) {
    guint8 kind = smtplab_ladder_get_row (win->ladder, i)->kind;
    double from, to;
    if (kind != SMTPLAB_ROW_COMMAND && kind != SMTPLAB_ROW_REPLY)
      continue;
    if (!smtplab_ladder_view_row_fits (win->ladder_view, i, &from, &to))
      g_error ("ladder row %u (%s) is cut at width %d", i, smtplab_ladder_row_text (win->ladder, i),
               gtk_widget_get_width (GTK_WIDGET (win)));
    assert_inside (win, GTK_WIDGET (win->ladder_view), from, to);
    messages++;
  }
  return messages;
}

/* assert_every_ladder_whole - the same for every session listed */
static void
assert_every_ladder_whole (SmtplabWindow *win)
{
  GListModel *sessions = G_LIST_MODEL (win->selection);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++) {
    gtk_single_selection_set_selected (win->selection, i);   /* the ladder is built at once, at the view's width */
    assert_ladder_whole (win);
  }
  g_assert_cmpuint (g_list_model_get_n_items (sessions), >=, 10);
}

/* source_route_row - the Network row of RCPT TO:<@ONE,@TWO:JOE@THREE> */
static guint
source_route_row (SmtplabWindow *win)
{
  for (guint i = 0; i < win->network->rows->len; i++) {
    char *text = smtplab_network_row_text (win->network, i);
    gboolean found = g_str_equal (text, SOURCE_ROUTE);
    g_free (text);
    if (found)
      return i;
  }
  g_assert_not_reached ();
}

/* network_fits - whether network row i is drawn whole inside the window */
static gboolean
network_fits (SmtplabWindow *win, guint i)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  double width = gtk_widget_get_width (GTK_WIDGET (win->network_area)) / win->scale, from, to;
  gboolean fits = smtplab_network_row_fits (cr, win->network, width, i, &from, &to);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  if (fits)
    assert_inside (win, GTK_WIDGET (win->network_area), from * win->scale, to * win->scale);
  return fits;
}

/* assert_header_line_whole - the header view's first Received: (cut with
 * "…" in a narrow window) is whole where its tooltip comes from, on its
 * own row and on its clauses' rows */
static void
assert_header_line_whole (SmtplabWindow *win)
{
  const double first = 10 + 40 - 6 + 4, clause = first + 3 * 19;   /* headers-draw.c: the top, TITLE_H, LINE_H */
  const double at[] = { first, clause };
  for (guint i = 0; i < G_N_ELEMENTS (at); i++) {
    char *line = smtplab_headers_line_at (win->network->letter, at[i]);
    g_assert_nonnull (line);
    g_assert_true (g_str_has_prefix (line, "Received: from Alpha.ARPA"));
    g_assert_nonnull (strstr (line, "for <@ONE,@TWO:JOE@THREE>;"));
    g_free (line);
  }
  g_assert_null (smtplab_headers_line_at (win->network->letter, 2));
}

/* tooltip_with - a widget under top whose tooltip starts with text, or NULL */
static GtkWidget *
tooltip_with (GtkWidget *top, const char *text)
{
  const char *tip = gtk_widget_get_tooltip_text (top);
  if (tip && g_str_has_prefix (tip, text))
    return top;
  for (GtkWidget *c = gtk_widget_get_first_child (top); c; c = gtk_widget_get_next_sibling (c)) {
    GtkWidget *found = tooltip_with (c, text);
    if (found)
      return found;
  }
  return NULL;
}

/* show_views - the three views of window win at its size: what must be
 * visible, and a screenshot of each */
static void
show_views (SmtplabWindow *win, int width, int height, const char *prefix)
{
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (win)), <=, width);
  /* a session's title cut by a narrow list is whole in its tooltip */
  g_assert_nonnull (tooltip_with (GTK_WIDGET (win->session_list), "USC-ISIF.ARPA ← Beta.ARPA\n"));
  g_assert_true (smtplab_window_select_session (win, SMITH));
  settle ();
  guint start = row_with_code (win, 354);
  smtplab_window_select_row (win, start);
  settle ();
  g_assert_true (g_str_has_prefix (explained (win), "354 Start mail input; end with <CRLF>.<CRLF>"));
  g_assert_cmpuint (assert_ladder_whole (win), >=, 16);
  assert_on_screen (win, GTK_WIDGET (win->explain_pane), 300, 180);
  char *name = artefact (prefix[0] ? "presentation-ladder" : "ladder", width, height);
  screenshot (GTK_WIDGET (win), name);
  g_free (name);

  g_assert_true (smtplab_window_select_session (win, LAST_HOP));
  smtplab_window_show_view (win, "network");
  settle ();
  guint route = source_route_row (win);
  g_assert_true (network_fits (win, route));
  smtplab_window_select_network_row (win, route);
  g_assert_cmpstr (explained (win), ==, SOURCE_ROUTE);
  assert_on_screen (win, GTK_WIDGET (win->explain_pane), 300, 180);
  name = artefact (prefix[0] ? "presentation-network" : "network", width, height);
  screenshot (GTK_WIDGET (win), name);
  g_free (name);

  smtplab_window_show_view (win, "headers");
  assert_header_line_whole (win);
  name = artefact (prefix[0] ? "presentation-headers" : "headers", width, height);
  screenshot (GTK_WIDGET (win), name);
  g_free (name);
  smtplab_window_show_view (win, "ladder");
}

/* every view at every size, in English and in Chinese */
static void
test_sizes (gconstpointer data)
{
  SmtpLang lang = GPOINTER_TO_INT (data);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++) {
    SmtplabWindow *win = projected (lang, sizes[s].width, sizes[s].height);
    show_views (win, sizes[s].width, sizes[s].height, "");
    assert_every_ladder_whole (win);
    gtk_window_destroy (GTK_WINDOW (win));
  }
  smtplab_locale_set_lang (SMTP_LANG_EN);
}

/* label_height - how tall label's text is drawn */
static int
label_height (GtkWidget *label)
{
  int w, h;
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (label)), &w, &h);
  return h;
}

/* presentation mode at 1024×768: every view larger, the lines still whole */
static void
test_presentation (void)
{
  SmtplabWindow *win = projected (SMTP_LANG_EN, 1024, 768);
  g_assert_true (smtplab_window_select_session (win, LAST_HOP));
  settle ();
  int network_h = gtk_widget_get_height (GTK_WIDGET (win->network_area));
  int headers_h = gtk_widget_get_height (GTK_WIDGET (win->headers_area));
  smtplab_window_select_network_row (win, 0);
  const char *before_text = explained (win);
  GtkWidget *title = NULL;
  for (title = GTK_WIDGET (win->explain_pane); !GTK_IS_LABEL (title); title = gtk_widget_get_first_child (title))
    ;
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, before_text);
  int title_h = label_height (title);
  g_action_group_change_action_state (G_ACTION_GROUP (win), "presentation", g_variant_new_boolean (TRUE));
  settle ();
  settle ();
  g_assert_cmpfloat (smtplab_ladder_view_get_scale (win->ladder_view), >=, 1.3);
  g_assert_cmpfloat (win->scale, >=, 1.3);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (win->network_area)), >=, network_h * 1.29);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (win->headers_area)), >=, headers_h * 1.29);
  g_assert_cmpint (label_height (title), >=, title_h * 1.3);
  show_views (win, 1024, 768, "presentation");
  assert_every_ladder_whole (win);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* a window made narrower while shown: the explanation moves below the
 * diagram and back beside it when it is wide again */
static void
test_resized (void)
{
  SmtplabWindow *win = projected (SMTP_LANG_EN, 1600, 900);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (win->inner_paned)), ==, GTK_ORIENTATION_HORIZONTAL);
  gtk_window_set_default_size (GTK_WINDOW (win), 1024, 768);
  settle ();
  settle ();
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (win)), <=, 1024);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (win->inner_paned)), ==, GTK_ORIENTATION_VERTICAL);
  assert_on_screen (win, GTK_WIDGET (win->explain_pane), 300, 180);
  gtk_window_set_default_size (GTK_WINDOW (win), 1600, 900);
  settle ();
  settle ();
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (win->inner_paned)), ==, GTK_ORIENTATION_HORIZONTAL);
  assert_on_screen (win, GTK_WIDGET (win->explain_pane), 300, 400);
  gtk_window_destroy (GTK_WINDOW (win));
}

/* the capture-phase controller on win whose shortcut is Esc, or NULL */
static GtkShortcut *
escape_shortcut (SmtplabWindow *win)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (win));
  GtkShortcut *found = NULL;
  for (guint i = 0; !found && i < g_list_model_get_n_items (controllers); i++) {
    g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
    if (!GTK_IS_SHORTCUT_CONTROLLER (c) || gtk_event_controller_get_propagation_phase (c) != GTK_PHASE_CAPTURE)
      continue;
    for (guint j = 0; !found && j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++) {
      g_autoptr (GtkShortcut) s = g_list_model_get_item (G_LIST_MODEL (c), j);
      GtkShortcutTrigger *esc = gtk_keyval_trigger_new (GDK_KEY_Escape, 0);
      if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (s), esc))
        found = g_object_ref (s);
      g_object_unref (esc);
    }
  }
  g_object_unref (controllers);
  return found;
}

/* focus does not start in the filter box, and Esc (caught before any
 * widget, the filter box included) leaves presentation mode at once */
static void
test_escape_leaves (void)
{
  SmtplabWindow *win = projected (SMTP_LANG_EN, 1024, 768);
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (win));
  g_assert_true (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (win->search)));
  g_assert_true (focus != GTK_WIDGET (win->search));
  gtk_widget_grab_focus (GTK_WIDGET (win->search));
  g_action_group_change_action_state (G_ACTION_GROUP (win), "presentation", g_variant_new_boolean (TRUE));
  settle ();
  GtkShortcut *esc = escape_shortcut (win);
  g_assert_nonnull (esc);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (esc), 0, GTK_WIDGET (win), NULL));
  g_assert_false (win->presentation);
  g_assert_true (gtk_widget_get_visible (win->sidebar));
  /* outside presentation mode Esc goes on to the focused widget */
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (esc), 0, GTK_WIDGET (win), NULL));
  g_object_unref (esc);
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  app = ui_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/viewer/ui/projector/sizes/en", GINT_TO_POINTER (SMTP_LANG_EN), test_sizes);
  g_test_add_data_func ("/viewer/ui/projector/sizes/zh_CN", GINT_TO_POINTER (SMTP_LANG_ZH_CN), test_sizes);
  g_test_add_func ("/viewer/ui/projector/presentation", test_presentation);
  g_test_add_func ("/viewer/ui/projector/escape-leaves", test_escape_leaves);
  g_test_add_func ("/viewer/ui/projector/resized", test_resized);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
