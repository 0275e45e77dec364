/* ladder-draw.h - a ladder diagram drawn with Cairo: the two hosts'
 * lifelines, an arrow per command and per reply, the mail data block,
 * notes, TLS shading and the TURN swap.  The same code draws the window's
 * view (only the rows in sight) and the exported SVG, PNG or PDF.
 */
#ifndef SMTPLAB_VIEWER_LADDER_DRAW_H
#define SMTPLAB_VIEWER_LADDER_DRAW_H

#include <cairo.h>
#include "ladder.h"

/* How to draw: size, what is selected, how far playback has got. */
typedef struct {
  double scale;        /* 1 normally; larger for the projector */
  double width;        /* of the drawing, in pixels */
  guint selected;      /* the selected row, or G_MAXUINT */
  guint shown_rows;    /* rows drawn (playback); G_MAXUINT for all */
  guint hidden_row;    /* a reply drawn as "?" for the class to guess, or G_MAXUINT */
} SmtplabLadderStyle;

/* The style for the whole diagram at width, nothing selected. */
SmtplabLadderStyle smtplab_ladder_style_default (double width);

/* The height of the lifeline heads at the top. */
double smtplab_ladder_header_height (const SmtplabLadderStyle *style);
/* The height of all rows (without the heads). */
double smtplab_ladder_rows_height (SmtplabLadder *ladder, const SmtplabLadderStyle *style);
/* Where row starts, from the top of the rows. */
double smtplab_ladder_row_top (SmtplabLadder *ladder, const SmtplabLadderStyle *style, guint row);
/* The row at y (from the top of the rows), or G_MAXUINT past the end. */
guint smtplab_ladder_row_at_px (SmtplabLadder *ladder, const SmtplabLadderStyle *style, double y);

/* Whether command or reply row is drawn whole (not cut with "…") between
 * the lifelines, which are at x_from and x_to; FALSE for other rows. */
gboolean smtplab_ladder_row_fits (cairo_t *cr, SmtplabLadder *ladder, const SmtplabLadderStyle *style,
                                  guint row, double *x_from, double *x_to);

/* Draws the rows that meet [y_from, y_to) with the top of the rows at 0. */
void smtplab_ladder_draw_rows (cairo_t *cr, SmtplabLadder *ladder, const SmtplabLadderStyle *style,
                               double y_from, double y_to);
/* Draws the lifeline heads at the current origin, naming each host's role
 * as it is at row (they swap after TURN). */
void smtplab_ladder_draw_header (cairo_t *cr, SmtplabLadder *ladder, const SmtplabLadderStyle *style,
                                 guint row);

#endif
