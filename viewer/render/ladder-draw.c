/* ladder-draw.c - the ladder diagram on a Cairo context. */
#include "ladder-draw.h"

#include <math.h>
#include <glib/gi18n.h>

#include "draw-text.h"

/* Measures at scale 1, in pixels. */
#define LINE_H     18.0    /* one text line */
#define ROW_PAD    14.0    /* below the text of a row: the arrow */
#define HEADER_H   60.0
#define GUTTER     70.0    /* left margin: times */
#define HEAD_W     210.0   /* a lifeline head */
#define HEAD_W_NARROW 160.0 /* ... in a drawing narrower than NARROW (a projector's 1024 px) */
#define NARROW     900.0
#define ARROW_W    2.25    /* arrow shafts; nothing else is this wide (the export test counts them) */
#define ARROW_HEAD 9.0

SmtplabLadderStyle
smtplab_ladder_style_default (double width)
{
  return (SmtplabLadderStyle) { .scale = 1.0, .width = width, .selected = G_MAXUINT,
                                .shown_rows = G_MAXUINT, .hidden_row = G_MAXUINT };
}

/* head_w - a lifeline head's width at scale 1: narrower heads leave the
 * lines room between the lifelines in a narrow drawing */
static double
head_w (const SmtplabLadderStyle *st)
{
  return st->width / st->scale < NARROW ? HEAD_W_NARROW : HEAD_W;
}

/* left_x, right_x - where the two lifelines are */
static double
left_x (const SmtplabLadderStyle *st)
{
  return (GUTTER + head_w (st) / 2) * st->scale;
}

static double
right_x (const SmtplabLadderStyle *st)
{
  return st->width - (head_w (st) / 2 + 12) * st->scale;
}

double
smtplab_ladder_header_height (const SmtplabLadderStyle *st)
{
  return HEADER_H * st->scale;
}

double
smtplab_ladder_row_top (SmtplabLadder *l, const SmtplabLadderStyle *st, guint row)
{
  guint n = smtplab_ladder_get_n_rows (l);
  if (row >= n)
    return (smtplab_ladder_get_height (l) * LINE_H + n * ROW_PAD) * st->scale;
  return (smtplab_ladder_get_row (l, row)->y * LINE_H + row * ROW_PAD) * st->scale;
}

double
smtplab_ladder_rows_height (SmtplabLadder *l, const SmtplabLadderStyle *st)
{
  guint n = MIN (smtplab_ladder_get_n_rows (l), st->shown_rows);
  return smtplab_ladder_row_top (l, st, n);
}

guint
smtplab_ladder_row_at_px (SmtplabLadder *l, const SmtplabLadderStyle *st, double y)
{
  guint lo = 0, hi = smtplab_ladder_get_n_rows (l);
  if (y < 0 || hi == 0 || y >= smtplab_ladder_row_top (l, st, hi))
    return G_MAXUINT;
  while (hi - lo > 1) {
    guint mid = (lo + hi) / 2;
    if (smtplab_ladder_row_top (l, st, mid) <= y)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* arrow - a shaft from x1 to x2 at y with a head at x2 */
static void
arrow (cairo_t *cr, const SmtplabLadderStyle *st, double x1, double x2, double y,
       SmtplabColour c, gboolean dashed)
{
  double dir = x2 > x1 ? 1 : -1, head = ARROW_HEAD * st->scale;
  smtplab_palette_set (cr, c, 1.0);
  cairo_set_line_width (cr, ARROW_W);
  if (dashed) {
    double dash[] = { 6, 4 };
    cairo_set_dash (cr, dash, 2, 0);
  }
  cairo_move_to (cr, x1, y);
  cairo_line_to (cr, x2 - dir * head, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, x2, y);
  cairo_line_to (cr, x2 - dir * head, y - head / 2);
  cairo_line_to (cr, x2 - dir * head, y + head / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* lifelines - the two vertical lines over one row, in their roles' colours */
static void
lifelines (cairo_t *cr, const SmtplabLadderStyle *st, double y, double h, gboolean swapped)
{
  cairo_set_line_width (cr, 3 * st->scale);
  smtplab_palette_set (cr, smtplab_palette_role (swapped), 0.75);
  cairo_move_to (cr, left_x (st), y);
  cairo_line_to (cr, left_x (st), y + h);
  cairo_stroke (cr);
  smtplab_palette_set (cr, smtplab_palette_role (!swapped), 0.75);
  cairo_move_to (cr, right_x (st), y);
  cairo_line_to (cr, right_x (st), y + h);
  cairo_stroke (cr);
}

/* band - a full-width background behind a row */
static void
band (cairo_t *cr, const SmtplabLadderStyle *st, double y, double h, SmtplabColour c, double alpha)
{
  smtplab_palette_set (cr, c, alpha);
  cairo_rectangle (cr, 0, y, st->width, h);
  cairo_fill (cr);
}

/* gutter_time - "+0.012 s" since the session began, in the left margin */
static void
gutter_time (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, const SmtplabLadderRow *r, double y)
{
  SmtplabTraceSet *set = smtplab_ladder_get_trace_set (l);
  gint64 start = smtplab_session_get_start (smtplab_ladder_get_session (l));
  gint64 ts = smtplab_trace_set_get_event (set, r->event)->ts;
  char *text = g_strdup_printf ("+%.3f s", (ts - start) / 1e6);
  smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, st->scale, text, 6 * st->scale, y, SMTPLAB_ALIGN_LEFT,
                     smtplab_palette_quiet (), 0);
  g_free (text);
}

/* fit_lines - text cut to n lines, the last saying how many more there are */
static char *
fit_lines (char *text, guint n)
{
  char **lines = g_strsplit (text, "\n", -1);
  guint have = g_strv_length (lines);
  if (have <= n) {
    g_strfreev (lines);
    return text;
  }
  GString *fitted = g_string_new (NULL);
  for (guint i = 0; i + 1 < n; i++)
    g_string_append_printf (fitted, "%s\n", lines[i]);
  g_string_append_printf (fitted, _("⋯ %u more lines"), have - n + 1);
  g_strfreev (lines);
  g_free (text);
  return g_string_free (fitted, FALSE);
}

/* message_text - a command's or reply's words as drawn (the class's guess
 * for a hidden reply), and the room they have between the lifelines */
static char *
message_text (SmtplabLadder *l, const SmtplabLadderStyle *st, guint i, double *room)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
  *room = right_x (st) - left_x (st) - 2 * 12 * st->scale;
  return i == st->hidden_row ? g_strdup (_("? ? ?  (what will the server answer?)"))
                             : fit_lines (smtplab_ladder_row_text (l, i), r->height);
}

/* message_row - a command or reply: its words above its arrow */
static void
message_row (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint i, double y, double h)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
  gboolean from_left = (r->kind == SMTPLAB_ROW_COMMAND) != r->swapped;
  double x1 = from_left ? left_x (st) : right_x (st), x2 = from_left ? right_x (st) : left_x (st);
  gboolean hidden = i == st->hidden_row;
  SmtplabColour c = r->kind == SMTPLAB_ROW_COMMAND ? smtplab_palette_command ()
                    : hidden ? smtplab_palette_quiet () : smtplab_palette_reply (r->code);
  double room, pad = 12 * st->scale;
  char *text = message_text (l, st, i, &room);
  smtplab_draw_text (cr, SMTPLAB_FONT_PROTOCOL, st->scale, text, from_left ? x1 + pad : x1 - pad,
                     y + 3 * st->scale, from_left ? SMTPLAB_ALIGN_LEFT : SMTPLAB_ALIGN_RIGHT, c, room);
  arrow (cr, st, x1, x2, y + h - ROW_PAD * st->scale / 2 - 1, c, hidden);
  g_free (text);
}

gboolean
smtplab_ladder_row_fits (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint row,
                         double *x_from, double *x_to)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, row);
  if (r->kind != SMTPLAB_ROW_COMMAND && r->kind != SMTPLAB_ROW_REPLY)
    return FALSE;
  double room;
  char *text = message_text (l, st, row, &room);
  gboolean fits = smtplab_text_fits (cr, SMTPLAB_FONT_PROTOCOL, st->scale, text, room);
  g_free (text);
  *x_from = left_x (st);
  *x_to = right_x (st);
  return fits;
}

/* data_row - the mail data block, or one line of it when expanded */
static void
data_row (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint i, double y, double h)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
  gboolean block = r->kind == SMTPLAB_ROW_DATA, open = block && smtplab_ladder_is_expanded (l, i);
  gboolean last = i + 1 >= smtplab_ladder_get_n_rows (l) || smtplab_ladder_get_row (l, i + 1)->kind != SMTPLAB_ROW_DATA_LINE;
  double x = left_x (st) + 10 * st->scale, w = right_x (st) - left_x (st) - 20 * st->scale;
  double top = block ? y + 4 * st->scale : y, bottom = last ? y + h - 4 * st->scale : y + h;
  cairo_rectangle (cr, x, top, w, bottom - top);
  cairo_set_source_rgb (cr, 1.0, 0.96, 0.89);
  cairo_fill_preserve (cr);
  smtplab_palette_set (cr, smtplab_palette_command (), 0.5);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  char *text = smtplab_ladder_row_text (l, i);
  char *shown = block ? g_strdup_printf ("%s %s", open ? "▾" : "▸", text) : g_strdup (text);
  smtplab_draw_text (cr, block ? SMTPLAB_FONT_BLOCK : SMTPLAB_FONT_PROTOCOL, st->scale, shown,
                     x + (block ? 10 : 26) * st->scale, top + (block ? 8 : 1) * st->scale,
                     SMTPLAB_ALIGN_LEFT, smtplab_palette_command (), w - 30 * st->scale);
  g_free (shown);
  g_free (text);
}

/* note_row - something one host did, beside its lifeline */
static void
note_row (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint i, double y)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
  char *text = smtplab_ladder_row_text (l, i);
  double x = r->on_left ? left_x (st) : right_x (st), pad = 12 * st->scale;
  SmtplabColour c = r->skipped ? smtplab_palette_reply (500) : smtplab_palette_quiet ();
  smtplab_palette_set (cr, c, 1.0);
  cairo_arc (cr, x, y + 11 * st->scale, 4 * st->scale, 0, 2 * M_PI);
  cairo_fill (cr);
  smtplab_draw_text (cr, SMTPLAB_FONT_NOTE, st->scale, text, r->on_left ? x + pad : x - pad, y + 3 * st->scale,
                     r->on_left ? SMTPLAB_ALIGN_LEFT : SMTPLAB_ALIGN_RIGHT, c,
                     right_x (st) - left_x (st) - 2 * pad);
  g_free (text);
}

/* role_badge - a small box on a lifeline naming its role */
static void
role_badge (cairo_t *cr, const SmtplabLadderStyle *st, double x, double y, gboolean server)
{
  const char *text = server ? _("now the receiver-SMTP") : _("now the sender-SMTP");
  double w = 160 * st->scale, h = 20 * st->scale;
  smtplab_rounded_rectangle (cr, x - w / 2, y, w, h, 6 * st->scale);
  smtplab_palette_set (cr, smtplab_palette_role (server), 1.0);
  cairo_fill (cr);
  smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, st->scale, text, x, y + 3 * st->scale, SMTPLAB_ALIGN_CENTER,
                     smtplab_palette_page (), w);
}

/* turn_row - the band where the roles swap (RFC 821 §3.8) */
static void
turn_row (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint i, double y, double h)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
  band (cr, st, y + 2, h - 4, smtplab_palette_turn (), 0.12);
  char *text = smtplab_ladder_row_text (l, i);
  char *shown = g_strdup_printf ("⇄ %s", text);
  smtplab_draw_text (cr, SMTPLAB_FONT_HEADING, st->scale, shown, (left_x (st) + right_x (st)) / 2,
                     y + 4 * st->scale, SMTPLAB_ALIGN_CENTER, smtplab_palette_turn (),
                     right_x (st) - left_x (st) - 180 * st->scale);
  role_badge (cr, st, left_x (st), y + 20 * st->scale, r->swapped);
  role_badge (cr, st, right_x (st), y + 20 * st->scale, !r->swapped);
  g_free (shown);
  g_free (text);
}

/* draw_row - one row at y */
static void
draw_row (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint i, double y)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
  double h = smtplab_ladder_row_top (l, st, i + 1) - y;
  if (r->secure)
    band (cr, st, y, h, smtplab_palette_secure (), 1.0);
  if (i == st->selected)
    band (cr, st, y, h, smtplab_palette_selected (), 1.0);
  lifelines (cr, st, y, h, r->swapped);
  if (r->kind != SMTPLAB_ROW_DATA_LINE && r->kind != SMTPLAB_ROW_TURN)
    gutter_time (cr, l, st, r, y + 3 * st->scale);
  switch (r->kind) {
  case SMTPLAB_ROW_COMMAND:
  case SMTPLAB_ROW_REPLY:
    message_row (cr, l, st, i, y, h);
    break;
  case SMTPLAB_ROW_DATA:
  case SMTPLAB_ROW_DATA_LINE:
    data_row (cr, l, st, i, y, h);
    break;
  case SMTPLAB_ROW_TURN:
    turn_row (cr, l, st, i, y, h);
    break;
  default:
    note_row (cr, l, st, i, y);
  }
}

void
smtplab_ladder_draw_rows (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, double y_from, double y_to)
{
  guint n = MIN (smtplab_ladder_get_n_rows (l), st->shown_rows);
  guint first = smtplab_ladder_row_at_px (l, st, MAX (y_from, 0));
  for (guint i = first; i < n; i++) {
    double y = smtplab_ladder_row_top (l, st, i);
    if (y >= y_to)
      break;
    draw_row (cr, l, st, i, y);
  }
}

/* head - one lifeline's head: the host and its role */
static void
head (cairo_t *cr, const SmtplabLadderStyle *st, double x, const char *host, gboolean server)
{
  double w = head_w (st) * st->scale, h = 46 * st->scale, top = 7 * st->scale;
  smtplab_rounded_rectangle (cr, x - w / 2, top, w, h, 8 * st->scale);
  smtplab_palette_set (cr, smtplab_palette_role (server), 1.0);
  cairo_fill (cr);
  smtplab_draw_text (cr, SMTPLAB_FONT_HEADING, st->scale, host, x, top + 5 * st->scale, SMTPLAB_ALIGN_CENTER,
                     smtplab_palette_page (), w - 12 * st->scale);
  smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, st->scale,
                     server ? _("receiver-SMTP (server)") : _("sender-SMTP (client)"), x,
                     top + 26 * st->scale, SMTPLAB_ALIGN_CENTER, smtplab_palette_page (), w - 12 * st->scale);
}

void
smtplab_ladder_draw_header (cairo_t *cr, SmtplabLadder *l, const SmtplabLadderStyle *st, guint row)
{
  gboolean swapped = row < smtplab_ladder_get_n_rows (l) && smtplab_ladder_get_row (l, row)->swapped;
  smtplab_palette_set (cr, smtplab_palette_page (), 0.96);
  cairo_rectangle (cr, 0, 0, st->width, HEADER_H * st->scale);
  cairo_fill (cr);
  head (cr, st, left_x (st), smtplab_ladder_get_left_name (l), swapped);
  head (cr, st, right_x (st), smtplab_ladder_get_right_name (l), !swapped);
}
