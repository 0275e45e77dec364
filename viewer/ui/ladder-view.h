/* ladder-view.h - the ladder diagram as a scrollable widget.  It draws
 * only the rows in sight (a session of a million events scrolls as
 * smoothly as one of twenty), keeps the lifeline heads on top, selects a
 * row on click and opens the mail data block on a click on it. */
#ifndef SMTPLAB_VIEWER_LADDER_VIEW_H
#define SMTPLAB_VIEWER_LADDER_VIEW_H

#include <gtk/gtk.h>
#include "ladder.h"

G_BEGIN_DECLS

#define SMTPLAB_TYPE_LADDER_VIEW (smtplab_ladder_view_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabLadderView, smtplab_ladder_view, SMTPLAB, LADDER_VIEW, GtkWidget)

/* Shows ladder (the view does not own it; NULL shows nothing). */
void smtplab_ladder_view_set_ladder (SmtplabLadderView *view, SmtplabLadder *ladder);
/* Selects row (G_MAXUINT: none) and scrolls it into sight; emits "row-selected". */
void smtplab_ladder_view_select (SmtplabLadderView *view, guint row);
guint smtplab_ladder_view_get_selected (SmtplabLadderView *view);
/* Draws only the first n rows (playback), and row hidden as "?" (G_MAXUINT: none). */
void smtplab_ladder_view_set_playback (SmtplabLadderView *view, guint n_shown, guint hidden);
/* Larger type for the projector. */
void smtplab_ladder_view_set_scale (SmtplabLadderView *view, double scale);
double smtplab_ladder_view_get_scale (SmtplabLadderView *view);
/* Whether command or reply row is drawn whole (not cut with "…") at the
 * view's width, and where its lifelines are (x_from, x_to: the widget's
 * coordinates); FALSE for other rows. */
gboolean smtplab_ladder_view_row_fits (SmtplabLadderView *view, guint row, double *x_from, double *x_to);
/* The rows changed (new events, a block opened): measure and draw again. */
void smtplab_ladder_view_refresh (SmtplabLadderView *view);

/* A tooltip showing protocol lines as they are: monospace, broken only
 * where text has a line break (GTK's own would wrap "RCPT TO:<…>"). */
void smtplab_tooltip_set_lines (GtkTooltip *tooltip, const char *text);

G_END_DECLS

#endif
