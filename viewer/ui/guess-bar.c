/* guess-bar.c - the guess-the-reply bar. */
#include "guess-bar.h"

#include <glib/gi18n.h>

#include "guess.h"
#include "retranslate.h"

struct _SmtplabGuessBar {
  GtkBox parent_instance;
  GtkLabel *question, *feedback, *score;
  GtkEntry *code;
  GtkDropDown *choices;
  GtkButton *answer;
};

G_DEFINE_FINAL_TYPE (SmtplabGuessBar, smtplab_guess_bar, GTK_TYPE_BOX)

enum { ANSWERED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* answer - the code box's text, told to the window */
static void
answer (SmtplabGuessBar *bar)
{
  g_signal_emit (bar, signals[ANSWERED], 0, gtk_editable_get_text (GTK_EDITABLE (bar->code)));
}

/* picked - a code chosen from the list goes into the code box and is the answer */
static void
picked (GtkDropDown *choices, GParamSpec *pspec, SmtplabGuessBar *bar)
{
  (void) pspec;
  GtkStringObject *item = gtk_drop_down_get_selected_item (choices);
  if (!item || gtk_drop_down_get_selected (choices) == 0
      || !gtk_widget_get_sensitive (GTK_WIDGET (bar->code)))
    return;
  char code[4];
  g_strlcpy (code, gtk_string_object_get_string (item), sizeof code);
  gtk_editable_set_text (GTK_EDITABLE (bar->code), code);
  answer (bar);
}

static void
smtplab_guess_bar_class_init (SmtplabGuessBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/smtplab/viewer/guess-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, SmtplabGuessBar, question);
  gtk_widget_class_bind_template_child (widget_class, SmtplabGuessBar, feedback);
  gtk_widget_class_bind_template_child (widget_class, SmtplabGuessBar, score);
  gtk_widget_class_bind_template_child (widget_class, SmtplabGuessBar, code);
  gtk_widget_class_bind_template_child (widget_class, SmtplabGuessBar, choices);
  gtk_widget_class_bind_template_child (widget_class, SmtplabGuessBar, answer);
  /* answered (const char *text): the student answered with text */
  signals[ANSWERED] = g_signal_new ("answered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
smtplab_guess_bar_init (SmtplabGuessBar *bar)
{
  smtplab_init_template_translatable (GTK_WIDGET (bar));
  g_auto (GStrv) choices = smtplab_guess_choices ();
  GtkStringList *list = gtk_string_list_new (NULL);
  gtk_string_list_append (list, _("pick a code…"));         /* item 0: no answer */
  gtk_string_list_splice (list, 1, 0, (const char * const *) choices);
  gtk_drop_down_set_model (bar->choices, G_LIST_MODEL (list));
  g_object_unref (list);
  gtk_drop_down_set_expression (bar->choices, gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  g_signal_connect (bar->choices, "notify::selected", G_CALLBACK (picked), bar);
  g_signal_connect_swapped (bar->code, "activate", G_CALLBACK (answer), bar);
  g_signal_connect_swapped (bar->answer, "clicked", G_CALLBACK (answer), bar);
}

void
smtplab_guess_bar_show (SmtplabGuessBar *bar, const char *question, gboolean asking,
                        const char *feedback, gboolean right, const char *score)
{
  gtk_label_set_text (bar->question, question ? question
                                              : _("Step forward (→) to the next reply of the server."));
  gtk_widget_set_sensitive (GTK_WIDGET (bar->code), asking);
  gtk_widget_set_sensitive (GTK_WIDGET (bar->choices), asking);
  gtk_widget_set_sensitive (GTK_WIDGET (bar->answer), asking);
  if (asking) {
    gtk_editable_set_text (GTK_EDITABLE (bar->code), "");
    g_signal_handlers_block_by_func (bar->choices, picked, bar);
    gtk_drop_down_set_selected (bar->choices, 0);
    g_signal_handlers_unblock_by_func (bar->choices, picked, bar);
    gtk_widget_grab_focus (GTK_WIDGET (bar->code));
  }
  gtk_widget_set_visible (GTK_WIDGET (bar->feedback), feedback != NULL);
  gtk_label_set_text (bar->feedback, feedback ? feedback : "");
  gtk_widget_remove_css_class (GTK_WIDGET (bar->feedback), right ? "guess-wrong" : "guess-right");
  gtk_widget_add_css_class (GTK_WIDGET (bar->feedback), right ? "guess-right" : "guess-wrong");
  gtk_label_set_text (bar->score, score);
}
