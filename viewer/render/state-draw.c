/* state-draw.c - the receiver's state diagram. */
#include "state-draw.h"

#include <math.h>

#include "draw-text.h"
#include "state-moves.h"

#define BOX_W 78.0
#define BOX_H 28.0

/* Where each state's box is: a loop GREETED READY MAIL / RCPT DATA, QUIT below. */
static const struct { SmtpServerState state; double x, y; } places[] = {
  { SMTP_STATE_GREETED, 42, 40 },  { SMTP_STATE_READY, 165, 40 }, { SMTP_STATE_MAIL, 288, 40 },
  { SMTP_STATE_QUIT, 42, 128 },    { SMTP_STATE_DATA, 165, 128 }, { SMTP_STATE_RCPT, 288, 128 },
};

/* place_of - the centre of state's box; FALSE for a state not drawn */
static gboolean
place_of (SmtpServerState state, double *x, double *y)
{
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    if (places[i].state == state) {
      *x = places[i].x;
      *y = places[i].y;
      return TRUE;
    }
  return FALSE;
}

/* edge - an arrow between two boxes, its verbs beside it */
static void
edge (cairo_t *cr, double scale, double x1, double y1, double x2, double y2, const char *verbs, gboolean lit)
{
  double dx = x2 - x1, dy = y2 - y1, len = hypot (dx, dy);
  double ux = dx / len, uy = dy / len;
  double cut = fabs (ux) > fabs (uy) ? BOX_W / 2 / fabs (ux) : BOX_H / 2 / fabs (uy);
  double sx = (x1 + ux * cut) * scale, sy = (y1 + uy * cut) * scale;
  double ex = (x2 - ux * cut) * scale, ey = (y2 - uy * cut) * scale, head = 7 * scale;
  SmtplabColour c = lit ? smtplab_palette_reply (250) : smtplab_palette_quiet ();
  smtplab_palette_set (cr, c, lit ? 1.0 : 0.6);
  cairo_set_line_width (cr, (lit ? 2.2 : 1.2) * scale);
  cairo_move_to (cr, sx, sy);
  cairo_line_to (cr, ex, ey);
  cairo_stroke (cr);
  cairo_move_to (cr, ex, ey);
  cairo_line_to (cr, ex - head * ux - head / 2 * uy, ey - head * uy + head / 2 * ux);
  cairo_line_to (cr, ex - head * ux + head / 2 * uy, ey - head * uy - head / 2 * ux);
  cairo_close_path (cr);
  cairo_fill (cr);
  /* the words go beside a vertical arrow, above a level one (below in the lower row) */
  gboolean level = fabs (uy) < 0.5, lower = y1 > 80;
  double lx = (sx + ex) / 2 + (level ? 0 : 5 * scale);
  double ly = level ? (sy + ey) / 2 + (lower ? 16 : -30) * scale : (sy + ey) / 2 - 7 * scale;
  const char *shown = g_str_equal (verbs, SMTP_END_OF_DATA) ? "<CRLF>.<CRLF>" : verbs;
  smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, scale, shown, lx, ly,
                     level ? SMTPLAB_ALIGN_CENTER : SMTPLAB_ALIGN_LEFT, c, 0);
}

/* lowest_state - the first state a move leaves from: where it is drawn */
static SmtpServerState
lowest_state (guint states)
{
  return states & -states;
}

/* box - one state */
static void
box (cairo_t *cr, double scale, SmtpServerState state, gboolean current)
{
  double x = 0, y = 0;
  place_of (state, &x, &y);
  smtplab_rounded_rectangle (cr, (x - BOX_W / 2) * scale, (y - BOX_H / 2) * scale, BOX_W * scale,
                             BOX_H * scale, 8 * scale);
  if (current) {
    smtplab_palette_set (cr, smtplab_palette_role (TRUE), 1.0);
    cairo_fill (cr);
  } else {
    smtplab_palette_set (cr, smtplab_palette_page (), 1.0);
    cairo_fill_preserve (cr);
    smtplab_palette_set (cr, smtplab_palette_quiet (), 1.0);
    cairo_set_line_width (cr, 1.2 * scale);
    cairo_stroke (cr);
  }
  smtplab_draw_text (cr, current ? "Sans Bold 9" : "Sans 9", scale, smtp_server_state_name (state), x * scale,
                     (y - 8) * scale, SMTPLAB_ALIGN_CENTER, current ? smtplab_palette_page () : smtplab_palette_text (), 0);
}

void
smtplab_state_draw (cairo_t *cr, SmtpServerState current, double scale)
{
  gsize n;
  const SmtpStateMove *moves = smtp_state_moves (&n);
  for (gsize i = 0; i < n; i++) {
    SmtpServerState from = lowest_state (moves[i].from_states);
    double x1, y1, x2, y2;
    if (from == moves[i].to || !place_of (from, &x1, &y1) || !place_of (moves[i].to, &x2, &y2))
      continue;
    edge (cr, scale, x1, y1, x2, y2, moves[i].verbs, (moves[i].from_states & current) != 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    box (cr, scale, places[i].state, places[i].state == current);
}
