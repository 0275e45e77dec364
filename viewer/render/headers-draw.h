/* headers-draw.h - header evolution: a letter's header block at each hop,
 * the lines that hop added highlighted, each added Received: taken apart
 * into its labelled clauses (from, by, with, id, for, date), and the
 * Return-Path: a final host adds at delivery. */
#ifndef SMTPLAB_VIEWER_HEADERS_DRAW_H
#define SMTPLAB_VIEWER_HEADERS_DRAW_H

#include <cairo.h>
#include "letter-hops.h"

/* The height of the whole view. */
double smtplab_headers_draw_height (SmtplabLetter *letter);
/* Draws the whole view, width wide, at the origin. */
void smtplab_headers_draw (cairo_t *cr, SmtplabLetter *letter, double width);
/* The whole header line ("Name: value", unfolded) drawn at y (its clauses
 * included), or NULL. */
char *smtplab_headers_line_at (SmtplabLetter *letter, double y);

#endif
