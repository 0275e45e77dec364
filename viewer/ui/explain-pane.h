/* explain-pane.h - the pane that explains the selected ladder row: the
 * verb, the reply digit by digit, and the state diagram with the verbs
 * allowed next (viewer/model/explanation.c says what; this shows it). */
#ifndef SMTPLAB_VIEWER_EXPLAIN_PANE_H
#define SMTPLAB_VIEWER_EXPLAIN_PANE_H

#include <gtk/gtk.h>
#include "ladder.h"

G_BEGIN_DECLS

#define SMTPLAB_TYPE_EXPLAIN_PANE (smtplab_explain_pane_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabExplainPane, smtplab_explain_pane, SMTPLAB, EXPLAIN_PANE, GtkBox)

/* Explains row of ladder in the viewer's language (row G_MAXUINT: nothing). */
void smtplab_explain_pane_show (SmtplabExplainPane *pane, SmtplabLadder *ladder, guint row);
/* Below the diagram (texts and state diagram side by side) or beside it
 * (one column); the state diagram drawn at scale (larger on a projector). */
void smtplab_explain_pane_set_layout (SmtplabExplainPane *pane, gboolean below, double scale);

G_END_DECLS

#endif
