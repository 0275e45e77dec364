/* application.c - the viewer application: windows, language, accelerators. */
#include "application.h"

#include <glib/gi18n.h>

#include "locale-dir.h"
#include "trace-set.h"
#include "window.h"

struct _SmtplabApplication {
  GtkApplication parent_instance;
  char **files;
  char *session;
  SmtplabTraceSet *set;
};

G_DEFINE_FINAL_TYPE (SmtplabApplication, smtplab_application, GTK_TYPE_APPLICATION)

/* How much of a trace is read per turn of the main loop: a huge trace
 * shows its first sessions at once and fills in while the window stays
 * responsive. */
#define READ_STEP (4 << 20)

/* The accelerators with a modifier (the shortcuts window lists them all;
 * keys without one are the window's, see window-actions.c). */
static const struct { const char *action; const char *accels[3]; } accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.language-next", { "<Control>l", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.presentation", { "F5", "F11", NULL } },
  { "win.guess", { "<Control>g", NULL } },
  { "win.view::ladder", { "<Control>1", NULL } },
  { "win.view::network", { "<Control>2", NULL } },
  { "win.view::headers", { "<Control>3", NULL } },
  { "win.next-session", { "<Control>Page_Down", NULL } },
  { "win.prev-session", { "<Control>Page_Up", NULL } },
};

/* new_window - a window on set */
static SmtplabWindow *
new_window (SmtplabApplication *app, SmtplabTraceSet *set)
{
  SmtplabWindow *win = smtplab_window_new (GTK_APPLICATION (app), set);
  gtk_window_present (GTK_WINDOW (win));
  return win;
}

/* retranslate - every window in the language now chosen, in place */
static void
retranslate (SmtplabApplication *app)
{
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (app)); w; w = w->next)
    if (SMTPLAB_IS_WINDOW (w->data))
      smtplab_window_retranslate (w->data);
}

static void
language_changed (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  g_simple_action_set_state (action, state);
  smtplab_locale_set_lang (g_str_equal (g_variant_get_string (state, NULL), "zh_CN") ? SMTP_LANG_ZH_CN
                                                                                      : SMTP_LANG_EN);
  retranslate (user_data);
}

static void
language_next_activated (GSimpleAction *a, GVariant *p, gpointer user_data)
{
  (void) a;
  (void) p;
  gboolean zh = smtplab_locale_get_lang () == SMTP_LANG_ZH_CN;
  g_action_group_change_action_state (G_ACTION_GROUP (user_data), "language",
                                      g_variant_new_string (zh ? "en" : "zh_CN"));
}

static void
quit_activated (GSimpleAction *a, GVariant *p, gpointer app)
{
  (void) a;
  (void) p;
  g_application_quit (app);
}

static void
about_activated (GSimpleAction *a, GVariant *p, gpointer app)
{
  (void) a;
  (void) p;
  gtk_show_about_dialog (gtk_application_get_active_window (app), "program-name", _("smtplab Viewer"),
                         "comments", _("SMTP sessions as ladder diagrams, explained, for a classroom."),
                         "license-type", GTK_LICENSE_GPL_3_0, "logo-icon-name", "mail-send-receive", NULL);
}

static void
smtplab_application_startup (GApplication *gapp)
{
  SmtplabApplication *app = SMTPLAB_APPLICATION (gapp);
  G_APPLICATION_CLASS (smtplab_application_parent_class)->startup (gapp);
  const GActionEntry entries[] = {
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
    { "language", NULL, "s", smtplab_locale_get_lang () == SMTP_LANG_ZH_CN ? "'zh_CN'" : "'en'",
      language_changed, { 0 } },
    { "language-next", language_next_activated, NULL, NULL, NULL, { 0 } },
  };
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
  GtkCssProvider *css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/smtplab/viewer/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_unref (css);
}

static void
smtplab_application_activate (GApplication *gapp)
{
  SmtplabApplication *app = SMTPLAB_APPLICATION (gapp);
  SmtplabWindow *win = new_window (app, app->set);
  for (guint i = 0; app->files && app->files[i]; i++)
    smtplab_window_open_path (win, app->files[i]);
  if (app->session)
    smtplab_window_select_session (win, app->session);
}

static void
smtplab_application_finalize (GObject *object)
{
  SmtplabApplication *app = SMTPLAB_APPLICATION (object);
  g_strfreev (app->files);
  g_free (app->session);
  g_clear_object (&app->set);
  G_OBJECT_CLASS (smtplab_application_parent_class)->finalize (object);
}

static void
smtplab_application_class_init (SmtplabApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = smtplab_application_finalize;
  G_APPLICATION_CLASS (klass)->startup = smtplab_application_startup;
  G_APPLICATION_CLASS (klass)->activate = smtplab_application_activate;
}

static void
smtplab_application_init (SmtplabApplication *app)
{
  app->set = smtplab_trace_set_new ();
  smtplab_trace_set_set_step (app->set, READ_STEP);
}

SmtplabApplication *
smtplab_application_new (const char * const *files, const char *session)
{
  SmtplabApplication *app = g_object_new (SMTPLAB_TYPE_APPLICATION, "application-id", "org.smtplab.Viewer",
                                          "flags", G_APPLICATION_NON_UNIQUE,
                                          "resource-base-path", "/org/smtplab/viewer", NULL);
  app->files = g_strdupv ((char **) files);
  app->session = g_strdup (session);
  return app;
}

int
smtplab_application_run (const char * const *files, const char *session, gboolean show_secrets)
{
  SmtplabApplication *app = smtplab_application_new (files, session);
  smtplab_trace_set_set_show_secrets (app->set, show_secrets);
  char *argv[] = { (char *) "smtplab-viewer", NULL };
  int status = g_application_run (G_APPLICATION (app), 1, argv);
  g_object_unref (app);
  return status;
}
