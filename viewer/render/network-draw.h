/* network-draw.h - a letter's path drawn as one ladder with a lifeline per
 * host, left to right in the order the letter crossed them. */
#ifndef SMTPLAB_VIEWER_NETWORK_DRAW_H
#define SMTPLAB_VIEWER_NETWORK_DRAW_H

#include <cairo.h>
#include "network.h"

/* The height of the whole diagram at width. */
double smtplab_network_draw_height (SmtplabNetwork *network);
/* Draws the whole diagram, width wide, at the origin. */
void smtplab_network_draw (cairo_t *cr, SmtplabNetwork *network, double width);

#endif
