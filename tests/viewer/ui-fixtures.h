/* ui-fixtures.h - what the widget tests share: letting GTK settle, and a
 * widget drawn into tests/artefacts/ for a person to look at. */
#ifndef SMTPLAB_TEST_UI_FIXTURES_H
#define SMTPLAB_TEST_UI_FIXTURES_H

#include <string.h>
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include "application.h"
#include "locale-dir.h"

#define ARTEFACTS "tests/artefacts"

/* settle - lets GTK lay out and draw what changed */
static inline void
settle (void)
{
  for (int i = 0; i < 12; i++) {
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
    g_usleep (5000);
  }
}

/* screenshot - widget as GTK draws it, into tests/artefacts/name */
static inline void
screenshot (GtkWidget *widget, const char *name)
{
  settle ();
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);
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

/* not_fatal - Xvfb has no session bus: GTK's warning about it is expected */
static inline gboolean
not_fatal (const char *domain, GLogLevelFlags level, const char *message, gpointer user_data)
{
  (void) domain;
  (void) level;
  (void) user_data;
  return strstr (message, "session bus") == NULL;
}

/* ui_test_init - GTK for a test (no accessibility bus), the viewer's
 * language from the environment, and a registered application */
static inline SmtplabApplication *
ui_test_init (int *argc, char ***argv)
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (argc, argv, NULL);
  g_test_log_set_fatal_handler (not_fatal, NULL);
  smtplab_locale_init ();
  SmtplabApplication *app = smtplab_application_new (NULL, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  return app;
}

#endif
