/* state-draw.h - the receiver's states as a small diagram (RFC 821 §4.3):
 * one box per state, one arrow per move of lib/state-moves.c labelled
 * with its verbs (the end of mail data through STORING, where the server
 * waits for the host to store the message; a move back, such as
 * STARTTLS's to GREETED, beside the move there); the current state and the
 * moves out of it stand out. */
#ifndef SMTPLAB_VIEWER_STATE_DRAW_H
#define SMTPLAB_VIEWER_STATE_DRAW_H

#include <cairo.h>
#include "server-session.h"

/* The size the diagram is drawn at, scale 1. */
#define SMTPLAB_STATE_DIAGRAM_WIDTH  330.0
#define SMTPLAB_STATE_DIAGRAM_HEIGHT 160.0

/* Draws the diagram at the origin with current highlighted. */
void smtplab_state_draw (cairo_t *cr, SmtpServerState current, double scale);

#endif
