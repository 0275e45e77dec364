/* ui-test-language.c - the viewer in Chinese under Xvfb, started the way a
 * student on a Debian machine without a zh_CN locale starts it
 * (LANGUAGE=zh_CN and no other locale variable): every heading, button,
 * tooltip, menu and row is Chinese; Ctrl+L goes to English and back on the
 * same window, size, session and line.  Screenshots of both languages are
 * kept in tests/artefacts/. */
#include <locale.h>
#include "application.h"
#include "locale-dir.h"
#include "retranslate.h"
#include "window-private.h"
#include "ui-fixtures.h"

#define RELAY "tests/viewer/data/relay"
#define SESSION "1795656367.7333.1"     /* RFC 821 §3.1: Smith to Jones, Green, Brown */

static SmtplabApplication *app;

/* open_window - a window on the relay traces, the 550 for Green selected */
static SmtplabWindow *
open_window (int width, int height)
{
  SmtplabWindow *win = smtplab_window_new (GTK_APPLICATION (app), smtplab_trace_set_new ());
  g_object_unref (smtplab_window_get_trace_set (win));
  smtplab_window_open_path (win, RELAY);
  gtk_window_set_default_size (GTK_WINDOW (win), width, height);
  gtk_window_present (GTK_WINDOW (win));
  settle ();
  g_assert_true (smtplab_window_select_session (win, SESSION));
  settle ();
  for (guint i = 0; i < smtplab_ladder_get_n_rows (win->ladder); i++)
    if (smtplab_ladder_get_row (win->ladder, i)->code == 550)
      smtplab_window_select_row (win, i);
  settle ();
  return win;
}

/* has_han - text has a Chinese character */
static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* english_word - the first English word of text, or NULL.  Protocol text is
 * not English to translate: words in capitals (SMTP, RCPT, RFC), anything
 * with a digit or . @ : < > / = + _ (addresses, hosts, codes, times,
 * keys, markup), and the few names below; in Chinese text a capitalised
 * word is a name (Jones), elsewhere it may be a heading (Ladder). */
static char *
english_word (const char *text, gboolean chinese)
{
  static const char *const names[] = { "smtplab", "English", "Esc", "Ctrl", "yz", "base64", NULL };
  char **tokens = g_strsplit_set (text, " \n\t", -1);
  char *found = NULL;
  for (guint i = 0; tokens[i] && !found; i++) {
    char *t = tokens[i];
    if (strpbrk (t, "0123456789.@:<>/=+_#'"))
      continue;
    GString *word = g_string_new (NULL);
    for (char *p = t; *p; p++)
      if (g_ascii_isalpha (*p))
        g_string_append_c (word, *p);
    gboolean lower = FALSE, all_lower = word->len > 0;
    for (gsize k = 0; k < word->len; k++) {
      lower |= g_ascii_islower (word->str[k]);
      all_lower &= g_ascii_islower (word->str[k]);
    }
    if (word->len >= 2 && (chinese ? all_lower : lower) && !g_strv_contains (names, word->str))
      found = g_strdup (word->str);
    g_string_free (word, TRUE);
  }
  g_strfreev (tokens);
  return found;
}

/* without_glosses - text without what is in parentheses: in Chinese text
 * that is the English term, given on first use (信头（header）) */
static char *
without_glosses (const char *text)
{
  GString *out = g_string_new (NULL);
  int depth = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    depth += c == '(' || c == 0xFF08;
    if (depth == 0)
      g_string_append_unichar (out, c);
    depth -= depth > 0 && (c == ')' || c == 0xFF09);
  }
  return g_string_free (out, FALSE);
}

/* check_text - text, shown by what, is not English (Chinese text may
 * give the English term in parentheses) */
static void
check_text (const char *what, const char *text)
{
  if (!text || !*text)
    return;
  gboolean chinese = has_han (text);
  char *bare = chinese ? without_glosses (text) : g_strdup (text);
  char *word = english_word (bare, chinese);
  g_free (bare);
  if (word)
    g_error ("%s shows English (“%s”): %s", what, word, text);
  g_free (word);
}

/* check_menu - every label of a menu, its sections and submenus */
static void
check_menu (GMenuModel *menu)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++) {
    char *label = NULL;
    if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
      check_text ("a menu item", label);
    g_free (label);
    GMenuLinkIter *links = g_menu_model_iterate_item_links (menu, i);
    GMenuModel *link;
    while (g_menu_link_iter_get_next (links, NULL, &link)) {
      check_menu (link);
      g_object_unref (link);
    }
    g_object_unref (links);
  }
}

/* check_object_strings - object's title, label and placeholder, if it has them */
static void
check_object_strings (GObject *object)
{
  static const char *const properties[] = { "title", "placeholder-text", "subtitle", "accelerator-title" };
  for (guint i = 0; i < G_N_ELEMENTS (properties); i++) {
    GParamSpec *spec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), properties[i]);
    if (!spec || spec->value_type != G_TYPE_STRING || !(spec->flags & G_PARAM_READABLE))
      continue;
    char *text = NULL;
    g_object_get (object, properties[i], &text, NULL);
    check_text (G_OBJECT_TYPE_NAME (object), text);
    g_free (text);
  }
}

/* check_object - the strings object shows, or will on hover, are not
 * English; all: hidden widgets too (the shortcuts window) */
static void
check_object (GObject *object, gpointer all)
{
  GtkWidget *widget = GTK_IS_WIDGET (object) ? GTK_WIDGET (object) : NULL;
  /* keys are named as the keyboard prints them (Page Down, Esc) */
  if (widget && ((!all && !gtk_widget_is_visible (widget)) || gtk_widget_get_ancestor (widget, GTK_TYPE_SHORTCUT_LABEL)))
    return;
  /* the explanation's title and a line's tooltip (in monospace) are the
   * line itself, as it went over the wire */
  if (GTK_IS_LABEL (object) && !gtk_widget_has_css_class (widget, "explain-title")
      && !gtk_widget_has_css_class (widget, "monospace"))
    check_text ("a label", gtk_label_get_text (GTK_LABEL (object)));
  if (widget)
    check_text ("a tooltip", gtk_widget_get_tooltip_text (widget));
  check_object_strings (object);
  if (GTK_IS_MENU_BUTTON (object) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (object)))
    check_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (object)));
}

/* check_tree - every string under widget (see check_object) */
static void
check_tree (GtkWidget *widget, gboolean all)
{
  smtplab_walk_objects (widget, check_object, GINT_TO_POINTER (all));
}

/* page_title - the title of a view in the window's stack */
static const char *
page_title (SmtplabWindow *win, const char *view)
{
  return gtk_stack_page_get_title (gtk_stack_get_page (win->views, gtk_stack_get_child_by_name (win->views, view)));
}

/* menu_label - the label of the primary menu's item that runs action */
static char *
menu_label (GMenuModel *menu, const char *action)
{
  char *found = NULL;
  for (int i = 0; i < g_menu_model_get_n_items (menu) && !found; i++) {
    char *a = NULL;
    if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &a) && g_str_equal (a, action))
      g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &found);
    g_free (a);
    GMenuLinkIter *links = g_menu_model_iterate_item_links (menu, i);
    GMenuModel *link;
    while (!found && g_menu_link_iter_get_next (links, NULL, &link)) {
      found = menu_label (link, action);
      g_object_unref (link);
    }
    g_object_unref (links);
  }
  return found;
}

/* primary_menu - the header bar's menu */
static GMenuModel *
primary_menu (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    return gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));
  GMenuModel *found = NULL;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c && !found; c = gtk_widget_get_next_sibling (c))
    found = primary_menu (c);
  return found;
}

/* first_heading - the first label of CSS class "heading" found (user_data) */
static void
first_heading (GObject *object, gpointer found)
{
  if (GTK_IS_LABEL (object) && !*(GtkLabel **) found && gtk_widget_has_css_class (GTK_WIDGET (object), "heading"))
    *(GtkLabel **) found = GTK_LABEL (object);
}

/* reply_heading - the explanation pane's heading over the reply digits */
static const char *
reply_heading (SmtplabWindow *win)
{
  GtkLabel *heading = NULL;
  smtplab_walk_objects (GTK_WIDGET (win->explain_pane), first_heading, &heading);
  g_assert_nonnull (heading);
  return gtk_label_get_text (heading);
}

/* started with LANGUAGE=zh_CN alone, on a C library without zh_CN: the
 * whole window is Chinese, the shortcuts window too */
static void
test_starts_in_chinese (void)
{
  g_assert_cmpint (smtplab_locale_get_lang (), ==, SMTP_LANG_ZH_CN);
  g_test_message ("LC_MESSAGES is %s", setlocale (LC_MESSAGES, NULL));
  SmtplabWindow *win = open_window (1400, 860);
  g_assert_cmpstr (page_title (win, "ladder"), ==, "梯形图");
  g_assert_cmpstr (page_title (win, "network"), ==, "网络");
  g_assert_true (has_han (reply_heading (win)));
  check_tree (GTK_WIDGET (win), FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (win), "show-help-overlay", NULL);
  GtkWidget *help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)));
  settle ();
  check_tree (help, TRUE);
  screenshot (help, "shortcuts-zh_CN.png");
  gtk_window_close (GTK_WINDOW (help));
  gtk_window_destroy (GTK_WINDOW (win));
}

/* what hosts did on their own (delivered to a mailbox, closed, queued for
 * the next hop ...) is said in Chinese on every row of every session */
static void
test_notes_in_chinese (void)
{
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, RELAY, NULL));
  smtplab_trace_set_poll (set);
  GListModel *sessions = smtplab_trace_set_get_sessions (set);
  guint notes = 0;
  for (guint s = 0; s < g_list_model_get_n_items (sessions); s++) {
    SmtplabSession *session = g_list_model_get_item (sessions, s);
    SmtplabLadder *ladder = smtplab_ladder_new (set, session);
    for (guint i = 0; i < smtplab_ladder_get_n_rows (ladder); i++) {
      if (smtplab_ladder_get_row (ladder, i)->kind != SMTPLAB_ROW_NOTE)
        continue;
      char *text = smtplab_ladder_row_text (ladder, i);
      g_assert_true (has_han (text));
      check_text ("a note of the ladder", text);
      g_free (text);
      notes++;
    }
    smtplab_ladder_free (ladder);
    g_object_unref (session);
  }
  g_assert_cmpuint (notes, >, 10);
  g_object_unref (set);
}

/* Ctrl+L: English, then Chinese again, on the same window, its size, its
 * session and its line; every string follows */
static void
test_switch_keeps_window (void)
{
  g_auto (GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "<Control>l");
  g_assert_true (g_strv_contains ((const char * const *) actions, "app.language-next"));
  SmtplabWindow *win = open_window (1100, 760);
  int width = gtk_widget_get_width (GTK_WIDGET (win)), height = gtk_widget_get_height (GTK_WIDGET (win));
  guint row = smtplab_window_get_selected_row (win);
  g_assert_cmpuint (row, !=, G_MAXUINT);
  g_action_group_activate_action (G_ACTION_GROUP (win), "view", g_variant_new_string ("ladder"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "language-next", NULL);    /* Ctrl+L */
  settle ();
  g_assert_cmpint (smtplab_locale_get_lang (), ==, SMTP_LANG_EN);
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (win));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (win)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (win)), ==, height);
  g_assert_cmpstr (smtplab_window_get_session_id (win), ==, SESSION);
  g_assert_cmpuint (smtplab_window_get_selected_row (win), ==, row);
  g_assert_cmpstr (page_title (win, "ladder"), ==, "Ladder");
  g_assert_cmpstr (reply_heading (win), ==, "The reply, digit by digit (RFC 821 §4.2)");
  char *label = menu_label (primary_menu (GTK_WIDGET (win)), "win.presentation");
  g_assert_cmpstr (label, ==, "_Presentation Mode");
  g_free (label);
  screenshot (GTK_WIDGET (win), "main-window-en.png");

  g_action_group_activate_action (G_ACTION_GROUP (app), "language-next", NULL);    /* Ctrl+L */
  settle ();
  g_assert_cmpint (smtplab_locale_get_lang (), ==, SMTP_LANG_ZH_CN);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (win)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (win)), ==, height);
  g_assert_cmpstr (smtplab_window_get_session_id (win), ==, SESSION);
  g_assert_cmpuint (smtplab_window_get_selected_row (win), ==, row);
  g_assert_cmpstr (page_title (win, "ladder"), ==, "梯形图");
  label = menu_label (primary_menu (GTK_WIDGET (win)), "win.presentation");
  g_assert_true (has_han (label));
  g_free (label);
  check_tree (GTK_WIDGET (win), FALSE);
  check_tree (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win))), TRUE);
  screenshot (GTK_WIDGET (win), "main-window-zh_CN.png");
  g_action_group_activate_action (G_ACTION_GROUP (win), "view", g_variant_new_string ("network"));
  screenshot (GTK_WIDGET (win), "network-view-zh_CN.png");
  g_action_group_activate_action (G_ACTION_GROUP (win), "view", g_variant_new_string ("headers"));
  screenshot (GTK_WIDGET (win), "header-view-zh_CN.png");
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  app = ui_test_init (&argc, &argv, "zh_CN");   /* no zh_CN locale needed */
  g_test_add_func ("/viewer/ui/language/starts-in-chinese", test_starts_in_chinese);
  g_test_add_func ("/viewer/ui/language/notes-in-chinese", test_notes_in_chinese);
  g_test_add_func ("/viewer/ui/language/switch-keeps-window", test_switch_keeps_window);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
