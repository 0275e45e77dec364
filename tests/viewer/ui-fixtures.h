/* ui-fixtures.h - what the widget tests (ui-test-*.c, under Xvfb) share:
 * starting GTK and the application, letting GTK settle, and screenshots
 * into tests/artefacts/. */
#ifndef SMTPLAB_TESTS_UI_FIXTURES_H
#define SMTPLAB_TESTS_UI_FIXTURES_H

#include <string.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include "application.h"
#include "locale-dir.h"

#define ARTEFACTS "tests/artefacts"

/* settle - lets GTK lay out and draw what changed */
static void
settle (void)
{
  for (int i = 0; i < 12; i++) {
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
    g_usleep (5000);
  }
}

/* screenshot - widget as GTK draws it, into tests/artefacts/name */
static void G_GNUC_UNUSED
screenshot (GtkWidget *widget, const char *name)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GskRenderNode *node = NULL;
  int w = 0, h = 0;
  /* on a loaded machine the widget may not have drawn yet: nothing to
   * snapshot (a NULL node); wait for its first frame, up to 10 s */
  for (guint tries = 0; !node && tries < 1000; tries++) {
    settle ();
    w = gtk_widget_get_width (widget);
    h = gtk_widget_get_height (widget);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    gdk_paintable_snapshot (paintable, snapshot, w, h);
    node = gtk_snapshot_free_to_node (snapshot);
    if (!node)
      g_usleep (10000);
  }
  g_assert_nonnull (node);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  GdkTexture *texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_mkdir_with_parents (ARTEFACTS, 0755);
  char *path = g_build_filename (ARTEFACTS, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_free (path);
  g_object_unref (texture);
  gsk_render_node_unref (node);
  g_object_unref (paintable);
}

/* find_widget - the first widget under root (root included, depth first)
 * that match says yes to, or NULL */
G_GNUC_UNUSED static GtkWidget *
find_widget (GtkWidget *root, gboolean (*match) (GtkWidget *widget, gconstpointer data), gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c)) {
    GtkWidget *found = find_widget (c, match, data);
    if (found)
      return found;
  }
  return NULL;
}

/* not_fatal - Xvfb has no session bus: GTK's warning about it is expected */
static gboolean G_GNUC_UNUSED
not_fatal (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
  (void) domain;
  (void) level;
  (void) user_data;
  return strstr (message, "session bus") == NULL;
}

/* ui_test_init - the viewer's language from the environment (with
 * language: LANGUAGE=language and no other locale variable, as on a machine
 * whose C library has no zh_CN locale), then GTK for a test (no
 * accessibility bus), in the order of main.c, and a registered application */
static SmtplabApplication *
ui_test_init (int *argc, char ***argv, const char *language)
{
  if (language) {
    g_setenv ("LANGUAGE", language, TRUE);
    g_unsetenv ("LC_ALL");
    g_unsetenv ("LC_MESSAGES");
    g_unsetenv ("LANG");
  }
  smtplab_locale_init ();
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (argc, argv, NULL);
  g_test_log_set_fatal_handler (not_fatal, NULL);
  SmtplabApplication *app = smtplab_application_new (NULL, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  return app;
}

#endif
