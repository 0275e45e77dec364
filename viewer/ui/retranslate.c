/* retranslate.c - the templates' strings, translated again on a switch.
 *
 * GtkBuilder translates a template's strings once, when it builds it.  To
 * translate them again in place, each widget keeps its msgids: the
 * template is built with the text domain bound to a folder with no
 * catalogs (so every string stays the msgid), the msgids are remembered on
 * their objects, and each is then set to its translation, now and after
 * every switch.  (Strings the code sets are the code's to set again.) */
#include "retranslate.h"

#include <libintl.h>

/* A folder with no catalogs: gettext answers every msgid with itself. */
#define NO_CATALOGS "/dev/null"

/* The text properties a template sets, and where each one's msgid is kept. */
static const struct {
  GType (*type) (void);
  const char *property, *key;
} texts[] = {
  { gtk_widget_get_type, "tooltip-text", "smtplab-msgid:tooltip-text" },
  { gtk_label_get_type, "label", "smtplab-msgid:label" },
  { gtk_button_get_type, "label", "smtplab-msgid:button-label" },
  { gtk_menu_button_get_type, "label", "smtplab-msgid:menu-button-label" },
  { gtk_window_get_type, "title", "smtplab-msgid:title" },
  { gtk_search_entry_get_type, "placeholder-text", "smtplab-msgid:placeholder-text" },
  { gtk_stack_page_get_type, "title", "smtplab-msgid:page-title" },
};

/* Where a menu button keeps its menu with untranslated labels. */
#define MENU_KEY "smtplab-msgid:menu-model"

/* translated_menu - a copy of model with every label translated */
static GMenu *
translated_menu (GMenuModel *model)
{
  GMenu *menu = g_menu_new ();
  for (int i = 0; i < g_menu_model_get_n_items (model); i++) {
    GMenuItem *item = g_menu_item_new_from_model (model, i);
    char *label = NULL;
    if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) && *label)
      g_menu_item_set_label (item, dgettext (GETTEXT_PACKAGE, label));
    GMenuLinkIter *links = g_menu_model_iterate_item_links (model, i);
    const char *name;
    GMenuModel *link;
    while (g_menu_link_iter_get_next (links, &name, &link)) {
      GMenu *copy = translated_menu (link);
      g_menu_item_set_link (item, name, G_MENU_MODEL (copy));
      g_object_unref (copy);
      g_object_unref (link);
    }
    g_object_unref (links);
    g_menu_append_item (menu, item);
    g_object_unref (item);
    g_free (label);
  }
  return menu;
}

/* remember - object's texts as they are now (msgids), once */
static void
remember (GObject *object, gpointer unused)
{
  (void) unused;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    if (!G_TYPE_CHECK_INSTANCE_TYPE (object, texts[i].type ()) || g_object_get_data (object, texts[i].key))
      continue;
    char *text = NULL;
    g_object_get (object, texts[i].property, &text, NULL);
    if (text && *text)
      g_object_set_data_full (object, texts[i].key, text, g_free);
    else
      g_free (text);
  }
  GMenuModel *menu = GTK_IS_MENU_BUTTON (object) ? gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (object)) : NULL;
  if (menu && !g_object_get_data (object, MENU_KEY))
    g_object_set_data_full (object, MENU_KEY, g_object_ref (menu), g_object_unref);
}

/* translate - object's remembered texts in the language spoken now */
static void
translate (GObject *object, gpointer unused)
{
  (void) unused;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
    const char *msgid = g_object_get_data (object, texts[i].key);
    if (msgid && G_TYPE_CHECK_INSTANCE_TYPE (object, texts[i].type ()))
      g_object_set (object, texts[i].property, dgettext (GETTEXT_PACKAGE, msgid), NULL);
  }
  GMenuModel *menu = g_object_get_data (object, MENU_KEY);
  if (menu) {
    GMenu *translated = translated_menu (menu);
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (object), G_MENU_MODEL (translated));
    g_object_unref (translated);
  }
}

void
smtplab_walk_objects (GtkWidget *root, void (*visit) (GObject *object, gpointer data), gpointer data)
{
  visit (G_OBJECT (root), data);
  if (GTK_IS_STACK (root)) {
    GListModel *pages = G_LIST_MODEL (gtk_stack_get_pages (GTK_STACK (root)));
    for (guint i = 0; i < g_list_model_get_n_items (pages); i++) {
      GObject *page = g_list_model_get_item (pages, i);
      visit (page, data);
      g_object_unref (page);
    }
    g_object_unref (pages);
  }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    smtplab_walk_objects (child, visit, data);
}

void
smtplab_init_template_translatable (GtkWidget *widget)
{
  /* a template inside a template (the explanation pane in the window) is
   * remembered with the outer one */
  static guint depth;
  static char *catalogs;
  if (depth++ == 0) {
    catalogs = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
    bindtextdomain (GETTEXT_PACKAGE, NO_CATALOGS);
  }
  gtk_widget_init_template (widget);
  if (--depth > 0)
    return;
  bindtextdomain (GETTEXT_PACKAGE, catalogs);
  g_clear_pointer (&catalogs, g_free);
  smtplab_walk_objects (widget, remember, NULL);
  smtplab_retranslate (widget);
}

void
smtplab_retranslate (GtkWidget *root)
{
  smtplab_walk_objects (root, translate, NULL);
}
