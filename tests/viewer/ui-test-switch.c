/* ui-test-switch.c - the viewer started in English (LANGUAGE=en) and
 * switched to Chinese with Ctrl+L, as a teacher does in class: GLib decides
 * only once whether GtkBuilder's and GTK's own strings are translated, so
 * this is the case that must not stay English (ui-test-language.c starts in
 * Chinese). */
#include "window-private.h"
#include "ui-fixtures.h"

#define RELAY "tests/viewer/data/relay"

static SmtplabApplication *app;

/* has_han - text has a Chinese character */
static gboolean
has_han (const char *text)
{
  for (const char *p = text; p && *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* count_titles - how many shortcuts of the shortcuts window under widget
 * have a title, and how many of those are Chinese */
static void
count_titles (GtkWidget *widget, guint *titles, guint *chinese)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget)) {
    char *title = NULL;
    g_object_get (widget, "title", &title, NULL);
    *titles += title && *title;
    *chinese += has_han (title);
    g_free (title);
  }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    count_titles (c, titles, chinese);
}

/* English at start, Chinese after Ctrl+L: the views, the search box, the
 * shortcuts window (rebuilt by GtkBuilder) and GTK's own strings */
static void
test_english_then_chinese (void)
{
  g_assert_cmpint (smtplab_locale_get_lang (), ==, SMTP_LANG_EN);
  SmtplabWindow *win = smtplab_window_new (GTK_APPLICATION (app), smtplab_trace_set_new ());
  g_object_unref (smtplab_window_get_trace_set (win));
  smtplab_window_open_path (win, RELAY);
  gtk_window_present (GTK_WINDOW (win));
  settle ();
  GtkStackPage *ladder = gtk_stack_get_page (win->views, gtk_stack_get_child_by_name (win->views, "ladder"));
  g_assert_cmpstr (gtk_stack_page_get_title (ladder), ==, "Ladder");

  g_action_group_activate_action (G_ACTION_GROUP (app), "language-next", NULL);    /* Ctrl+L */
  settle ();
  g_assert_cmpint (smtplab_locale_get_lang (), ==, SMTP_LANG_ZH_CN);
  g_assert_cmpstr (gtk_stack_page_get_title (ladder), ==, "梯形图");
  char *placeholder = NULL;
  g_object_get (win->search, "placeholder-text", &placeholder, NULL);
  g_assert_true (has_han (placeholder));
  g_free (placeholder);
  GtkWidget *help = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (win)));
  guint titles = 0, chinese = 0;
  count_titles (help, &titles, &chinese);
  g_assert_cmpuint (titles, >, 10);
  g_assert_cmpuint (chinese, ==, titles);
  g_assert_true (has_han (g_dgettext ("gtk40", "Shortcuts")));                /* GTK's own strings */
  screenshot (GTK_WIDGET (win), "switched-to-zh_CN.png");
  gtk_window_destroy (GTK_WINDOW (help));
  gtk_window_destroy (GTK_WINDOW (win));
}

int
main (int argc, char **argv)
{
  app = ui_test_init (&argc, &argv, "en");
  g_test_add_func ("/viewer/ui/switch/english-then-chinese", test_english_then_chinese);
  int status = g_test_run ();
  g_object_unref (app);
  return status;
}
