/* state-draw.c - the receiver's state diagram. */
#include "state-draw.h"

#include <math.h>

#include "draw-text.h"
#include "state-moves.h"

#define BOX_W 78.0
#define BOX_H 28.0

/* Two moves between the same boxes, one each way, are drawn this far apart. */
#define PAIR_GAP 5.0

/* Where each state's box is: a loop GREETED READY MAIL / RCPT DATA, QUIT
 * below, and STORING on the way from DATA back to READY. */
static const struct { SmtpServerState state; double x, y; } places[] = {
  { SMTP_STATE_GREETED, 42, 40 },  { SMTP_STATE_READY, 165, 40 }, { SMTP_STATE_MAIL, 288, 40 },
  { SMTP_STATE_STORING, 165, 84 },
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

/* edge_label - an arrow's verbs: above a level arrow (below in the lower
 * row; the way back of a pair below it, where it starts), beside a
 * vertical one, three quarters along a slanting one (clear of STORING) */
static void
edge_label (cairo_t *cr, double scale, const char *verbs, double sx, double sy, double ex, double ey,
            gboolean lower, gboolean back, SmtplabColour c)
{
  const char *shown = g_str_equal (verbs, SMTP_END_OF_DATA) ? "<CRLF>.<CRLF>" : verbs;
  gboolean level = fabs (ey - sy) < fabs (ex - sx) / 2, vertical = fabs (ex - sx) < 1;
  double along = level || vertical ? 0.5 : 0.75;
  double lx = sx + (ex - sx) * along, ly = sy + (ey - sy) * along;
  SmtplabAlign align = SMTPLAB_ALIGN_LEFT;
  if (level && back) {
    lx = sx - 12 * scale;
    ly = sy + 11 * scale;
    align = SMTPLAB_ALIGN_RIGHT;
  } else if (level) {
    ly += (lower ? 16 : -30) * scale;
    align = SMTPLAB_ALIGN_CENTER;
  } else {
    lx += 5 * scale;
    ly -= 7 * scale;
  }
  smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, scale, shown, lx, ly, align, c, 0);
}

/* edge - an arrow between two boxes, its verbs beside it; one of a pair
 * (paired) is moved aside, to the left of its way, its verbs with it */
static void
edge (cairo_t *cr, double scale, double x1, double y1, double x2, double y2, const char *verbs,
      gboolean lit, gboolean paired)
{
  double dx = x2 - x1, dy = y2 - y1, len = hypot (dx, dy);
  double ux = dx / len, uy = dy / len;
  double aside = paired ? PAIR_GAP : 0;
  x1 += uy * aside;
  x2 += uy * aside;
  y1 -= ux * aside;
  y2 -= ux * aside;
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
  edge_label (cr, scale, verbs, sx, sy, ex, ey, y1 > 80, paired && ux < 0, c);
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

/* drawn_from - the state a move is drawn from: the first it leaves,
 * the next one when the first is where it leads (STARTTLS: READY) */
static SmtpServerState
drawn_from (const SmtpStateMove *move)
{
  guint others = move->from_states & ~move->to;
  return lowest_state (others ? others : move->from_states);
}

/* has_reverse - another move is drawn from to back to from */
static gboolean
has_reverse (const SmtpStateMove *moves, gsize n, SmtpServerState from, SmtpServerState to)
{
  for (gsize i = 0; i < n; i++)
    if (drawn_from (&moves[i]) == to && moves[i].to == from)
      return TRUE;
  return FALSE;
}

/* move_edge - one move: from DATA the end of mail data goes through
 * STORING, where the server waits for the host to store the message (the
 * state events of server-session.c) */
static void
move_edge (cairo_t *cr, double scale, const SmtpStateMove *move, SmtpServerState current, gboolean paired)
{
  SmtpServerState from = drawn_from (move);
  double x1, y1, x2, y2, xs, ys;
  if (from == move->to || !place_of (from, &x1, &y1) || !place_of (move->to, &x2, &y2))
    return;
  gboolean lit = (move->from_states & current & ~move->to) != 0;   /* a way out of current */
  if (from == SMTP_STATE_DATA && place_of (SMTP_STATE_STORING, &xs, &ys)) {
    edge (cr, scale, x1, y1, xs, ys, move->verbs, lit, paired);
    edge (cr, scale, xs, ys, x2, y2, "", current == SMTP_STATE_STORING, paired);
    return;
  }
  edge (cr, scale, x1, y1, x2, y2, move->verbs, lit, paired);
}

void
smtplab_state_draw (cairo_t *cr, SmtpServerState current, double scale)
{
  gsize n;
  const SmtpStateMove *moves = smtp_state_moves (&n);
  for (gsize i = 0; i < n; i++)
    move_edge (cr, scale, &moves[i], current, has_reverse (moves, n, drawn_from (&moves[i]), moves[i].to));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    box (cr, scale, places[i].state, places[i].state == current);
}
