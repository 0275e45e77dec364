/* explain-pane.c - the explanation pane. */
#include "explain-pane.h"

#include <string.h>
#include <glib/gi18n.h>

#include "explanation.h"
#include "locale-dir.h"
#include "palette.h"
#include "retranslate.h"
#include "state-draw.h"

struct _SmtplabExplainPane {
  GtkBox parent_instance;
  GtkLabel *title, *reply_heading, *reply, *verb_heading, *verb, *note, *allowed;
  GtkDrawingArea *states;
  GtkBox *columns;
  SmtpServerState state;
};

G_DEFINE_FINAL_TYPE (SmtplabExplainPane, smtplab_explain_pane, GTK_TYPE_BOX)

/* draw_states - the state diagram with the current state lit */
static void
draw_states (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  SmtplabExplainPane *pane = user_data;
  (void) area;
  double scale = MIN (width / SMTPLAB_STATE_DIAGRAM_WIDTH, height / SMTPLAB_STATE_DIAGRAM_HEIGHT);
  smtplab_state_draw (cr, pane->state, scale);
}

static void
smtplab_explain_pane_class_init (SmtplabExplainPaneClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/smtplab/viewer/explain-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, title);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, reply_heading);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, reply);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, verb_heading);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, verb);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, note);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, allowed);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, states);
  gtk_widget_class_bind_template_child (widget_class, SmtplabExplainPane, columns);
}

static void
smtplab_explain_pane_init (SmtplabExplainPane *pane)
{
  smtplab_init_template_translatable (GTK_WIDGET (pane));
  pane->state = SMTP_STATE_GREETED;
  gtk_drawing_area_set_draw_func (pane->states, draw_states, pane, NULL);
  smtplab_explain_pane_show (pane, NULL, G_MAXUINT);
}

/* set_text - shows label with text (markup-escaped), or hides it when NULL */
static void
set_text (GtkLabel *label, const char *markup)
{
  gtk_widget_set_visible (GTK_WIDGET (label), markup != NULL);
  gtk_label_set_markup (label, markup ? markup : "");
}

/* reply_markup - the code big in its class's colour, then what each digit says */
static char *
reply_markup (const SmtplabExplanation *e)
{
  SmtplabColour c = smtplab_palette_reply (e->code);
  const char *meaning = strchr (e->reply, '\n');          /* after the digits' line */
  char *escaped = g_markup_escape_text (meaning ? meaning + 1 : e->reply, -1);
  char *text = g_markup_printf_escaped ("<span size='x-large' weight='bold' foreground='#%02x%02x%02x'>%u</span>\n"
                                        "<b>%u</b>yz: %s\nx<b>%u</b>z: %s\n",
                                        (int) (c.r * 255), (int) (c.g * 255), (int) (c.b * 255), e->code,
                                        e->code / 100, e->first_digit, (e->code / 10) % 10, e->second_digit);
  char *all = g_strconcat (text, escaped, NULL);
  g_free (text);
  g_free (escaped);
  return all;
}

/* verb_markup - the syntax in monospace, then what the verb does */
static char *
verb_markup (const char *verb)
{
  char **parts = g_strsplit (verb, "\n", 2);
  char *text = g_markup_printf_escaped ("<tt><b>%s</b></tt>\n%s", parts[0], parts[1] ? parts[1] : "");
  g_strfreev (parts);
  return text;
}

void
smtplab_explain_pane_show (SmtplabExplainPane *pane, SmtplabLadder *ladder, guint row)
{
  gboolean any = ladder && row < smtplab_ladder_get_n_rows (ladder);
  SmtplabExplanation *e = any ? smtplab_explanation_new (ladder, row, smtplab_locale_get_lang ()) : NULL;
  gtk_label_set_text (pane->title, e ? e->title : _("Select a line of the ladder to see what it means."));
  char *reply = e && e->reply ? reply_markup (e) : NULL;
  char *verb = e && e->verb ? verb_markup (e->verb) : NULL;
  char *note = e && e->note ? g_markup_escape_text (e->note, -1) : NULL;
  set_text (pane->reply, reply);
  gtk_widget_set_visible (GTK_WIDGET (pane->reply_heading), reply != NULL);
  set_text (pane->verb, verb);
  gtk_widget_set_visible (GTK_WIDGET (pane->verb_heading), verb != NULL);
  gtk_label_set_text (pane->verb_heading, e && e->reply ? _("The command it answers") : _("The command"));
  set_text (pane->note, note);
  pane->state = e ? e->state : SMTP_STATE_GREETED;
  char *allowed = e ? g_markup_printf_escaped (_("After this line the receiver is in <b>%s</b>; "
                                                 "its command table allows next:\n<tt>%s</tt>"),
                                               smtp_server_state_name (e->state), e->allowed) : NULL;
  set_text (pane->allowed, allowed);
  gtk_widget_queue_draw (GTK_WIDGET (pane->states));
  g_free (reply);
  g_free (verb);
  g_free (note);
  g_free (allowed);
  smtplab_explanation_free (e);
}

void
smtplab_explain_pane_set_layout (SmtplabExplainPane *pane, gboolean below, double scale)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (pane->columns),
                                  below ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (pane->columns, below ? 24 : 6);
  scale *= below ? 0.85 : 1.0;          /* below the diagram: less height to spare */
  gtk_drawing_area_set_content_width (pane->states, (int) (330 * scale));
  gtk_drawing_area_set_content_height (pane->states, (int) (160 * scale));
}
