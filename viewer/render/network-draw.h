/* network-draw.h - a letter's path drawn as one ladder with a lifeline per
 * host, left to right in the order the letter crossed them. */
#ifndef SMTPLAB_VIEWER_NETWORK_DRAW_H
#define SMTPLAB_VIEWER_NETWORK_DRAW_H

#include <cairo.h>
#include "network.h"

/* The height of the whole diagram at width. */
double smtplab_network_draw_height (SmtplabNetwork *network);
/* Draws the whole diagram, width wide, at the origin, with row selected
 * highlighted (G_MAXUINT: none). */
void smtplab_network_draw (cairo_t *cr, SmtplabNetwork *network, double width, guint selected);
/* The row at y, or G_MAXUINT. */
guint smtplab_network_row_at (SmtplabNetwork *network, double y);
/* Whether the words of row i are drawn whole at width (not cut with "…"),
 * and where they may run, from x_from to x_to. */
gboolean smtplab_network_row_fits (cairo_t *cr, SmtplabNetwork *network, double width, guint i,
                                   double *x_from, double *x_to);
/* The whole text of row i (every line), for a tooltip. */
char *smtplab_network_row_text (SmtplabNetwork *network, guint i);

#endif
