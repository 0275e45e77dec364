/* draw-text.h - text on a Cairo context with Pango: the one helper every
 * diagram uses to put words at a place. */
#ifndef SMTPLAB_VIEWER_DRAW_TEXT_H
#define SMTPLAB_VIEWER_DRAW_TEXT_H

#include <pango/pangocairo.h>
#include "palette.h"

typedef enum {
  SMTPLAB_ALIGN_LEFT,     /* x is where the text starts */
  SMTPLAB_ALIGN_RIGHT,    /* x is where it ends */
  SMTPLAB_ALIGN_CENTER,   /* x is its middle */
} SmtplabAlign;

/* Draws text (may hold several lines) in font (a Pango description, sized
 * at scale 1) times scale, with its top at y, cut with "…" beyond
 * max_width (0: no limit).  Returns the height it took. */
double smtplab_draw_text (cairo_t *cr, const char *font, double scale, const char *text,
                          double x, double y, SmtplabAlign align, SmtplabColour colour,
                          double max_width);

/* How wide text in font at scale is drawn whole. */
double smtplab_text_width (cairo_t *cr, const char *font, double scale, const char *text);
/* Whether text in font at scale fits max_width whole, as smtplab_draw_text
 * would draw it (not cut with "…"). */
gboolean smtplab_text_fits (cairo_t *cr, const char *font, double scale, const char *text, double max_width);

/* A rectangle with corners rounded by radius. */
void smtplab_rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double radius);

#endif
