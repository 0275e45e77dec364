/* retranslate.h - the strings of the .ui templates in the language the
 * viewer speaks now, and in the other one after a switch (Ctrl+L), on the
 * same widgets: the window keeps its size, session, line and view. */
#ifndef SMTPLAB_VIEWER_RETRANSLATE_H
#define SMTPLAB_VIEWER_RETRANSLATE_H

#include <gtk/gtk.h>

/* gtk_widget_init_template() for widget, remembering the untranslated
 * text (the msgid) of every label, button, tooltip, placeholder, title,
 * stack page and menu it makes, then translating them. */
void smtplab_init_template_translatable (GtkWidget *widget);

/* Sets every remembered text under root (root included) to its
 * translation in the language gettext speaks now. */
void smtplab_retranslate (GtkWidget *root);

/* Calls visit on root, every widget inside it and the pages of every
 * stack, parents before children. */
void smtplab_walk_objects (GtkWidget *root, void (*visit) (GObject *object, gpointer data), gpointer data);

#endif
