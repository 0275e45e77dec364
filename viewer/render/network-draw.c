/* network-draw.c - the network view. */
#include "network-draw.h"

#include <string.h>
#include <glib/gi18n.h>

#include "draw-text.h"

#define HEADER_H 64.0
#define ROW_H    34.0
#define MARGIN   90.0    /* from the edge to the first and last lifeline */
#define ARROW_W  2.25
#define LABEL_EDGE 8.0   /* words keep this far from the drawing's edges */

double
smtplab_network_draw_height (SmtplabNetwork *n)
{
  return HEADER_H + n->rows->len * ROW_H + 20;
}

/* column_x - where host number column's lifeline is */
static double
column_x (SmtplabNetwork *n, double width, guint column)
{
  guint columns = MAX (n->path->len, 2);
  return MARGIN + column * (width - 2 * MARGIN) / (columns - 1);
}

/* heads - one box per host, with its hop number */
static void
heads (cairo_t *cr, SmtplabNetwork *n, double width, double bottom)
{
  for (guint c = 0; c < n->path->len; c++) {
    double x = column_x (n, width, c), w = MIN (170, (width - 2 * MARGIN) / MAX (n->path->len - 1, 1) - 8);
    smtplab_palette_set (cr, smtplab_palette_role (c > 0), 0.8);
    cairo_set_line_width (cr, 3);
    cairo_move_to (cr, x, HEADER_H);
    cairo_line_to (cr, x, bottom);
    cairo_stroke (cr);
    smtplab_rounded_rectangle (cr, x - w / 2, 8, w, 44, 8);
    smtplab_palette_set (cr, smtplab_palette_role (c > 0), 1.0);
    cairo_fill (cr);
    smtplab_draw_text (cr, SMTPLAB_FONT_HEADING, 1, g_ptr_array_index (n->path, c), x, 12, SMTPLAB_ALIGN_CENTER,
                       smtplab_palette_page (), w - 8);
    char *role = c == 0 ? g_strdup (_("origin")) : g_strdup_printf (_("hop %u"), c);
    smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, 1, role, x, 33, SMTPLAB_ALIGN_CENTER, smtplab_palette_page (), w - 8);
    g_free (role);
  }
}

/* first_line - the first line of text, with "(+N)" when there were more */
static char *
first_line (char *text)
{
  char *nl = strchr (text, '\n');
  if (!nl)
    return text;
  guint more = 0;
  for (char *p = nl; p; p = strchr (p + 1, '\n'))
    more++;
  *nl = '\0';
  char *shown = g_strdup_printf ("%s  (+%u)", text, more);
  g_free (text);
  return shown;
}

/* label_place - where a command's or reply's words go: from beside the
 * arrow's start (a command) or up to its end (a reply), moved along the
 * row as far as they need to be whole, for a row has its line to itself
 * (RCPT TO:<@ONE,@TWO:JOE@THREE> whole, not cut between two lifelines);
 * cut only beyond the whole width.  Sets the left edge, returns the width. */
static double
label_place (cairo_t *cr, const char *text, double width, double anchor, gboolean command, double *left)
{
  double w = MIN (smtplab_text_width (cr, SMTPLAB_FONT_PROTOCOL, 0.9, text), width - 2 * LABEL_EDGE);
  double x = command ? anchor : anchor - w;
  *left = CLAMP (x, LABEL_EDGE, width - LABEL_EDGE - w);
  return w;
}

/* label_text - the words of network row i as drawn (first line only) */
static char *
label_text (SmtplabNetwork *n, guint i, const SmtplabLadderRow **row)
{
  SmtplabLadder *l;
  const SmtplabLadderRow *r = smtplab_network_get_row (n, i, &l);
  *row = r;
  return first_line (smtplab_ladder_row_text (l, smtplab_ladder_row_at (l, r->y)));
}

/* label - a command's or reply's words on a page-coloured ground, so the
 * lifelines they run across do not strike them through */
static void
label (cairo_t *cr, const char *text, double width, double anchor, gboolean command, SmtplabColour c, double y)
{
  double left, w = label_place (cr, text, width, anchor, command, &left);
  smtplab_palette_set (cr, smtplab_palette_page (), 0.85);
  cairo_rectangle (cr, left - 2, y, w + 4, ROW_H - 14);
  cairo_fill (cr);
  smtplab_draw_text (cr, SMTPLAB_FONT_PROTOCOL, 0.9, text, left, y, SMTPLAB_ALIGN_LEFT, c, w + 1);
}

/* row - one command, reply or data block between its hop's two hosts */
static void
row (cairo_t *cr, SmtplabNetwork *n, double width, guint i, double y, gboolean selected)
{
  const SmtplabLadderRow *r;
  guint hop = g_array_index (n->rows, SmtplabNetworkRow, i).hop;
  double client = column_x (n, width, hop), server = column_x (n, width, hop + 1);
  char *text = label_text (n, i, &r);
  if (selected) {
    smtplab_palette_set (cr, smtplab_palette_selected (), 1.0);
    cairo_rectangle (cr, 0, y, width, ROW_H);
    cairo_fill (cr);
  }
  if (r->kind == SMTPLAB_ROW_DATA) {
    cairo_rectangle (cr, client + 8, y + 3, server - client - 16, ROW_H - 8);
    cairo_set_source_rgb (cr, 1.0, 0.96, 0.89);
    cairo_fill (cr);
    smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, 1, text, client + 14, y + 9, SMTPLAB_ALIGN_LEFT,
                       smtplab_palette_command (), server - client - 28);
    g_free (text);
    return;
  }
  gboolean command = r->kind == SMTPLAB_ROW_COMMAND;
  double from = command ? client : server, to = command ? server : client, dir = to > from ? 1 : -1;
  SmtplabColour c = command ? smtplab_palette_command () : smtplab_palette_reply (r->code);
  smtplab_palette_set (cr, c, 1.0);
  cairo_set_line_width (cr, ARROW_W);
  cairo_move_to (cr, from, y + ROW_H - 8);
  cairo_line_to (cr, to - dir * 8, y + ROW_H - 8);
  cairo_stroke (cr);
  cairo_move_to (cr, to, y + ROW_H - 8);
  cairo_line_to (cr, to - dir * 8, y + ROW_H - 12);
  cairo_line_to (cr, to - dir * 8, y + ROW_H - 4);
  cairo_close_path (cr);
  cairo_fill (cr);
  label (cr, text, width, from + dir * 8, command, c, y + 3);
  g_free (text);
}

void
smtplab_network_draw (cairo_t *cr, SmtplabNetwork *n, double width, guint selected)
{
  smtplab_palette_set (cr, smtplab_palette_page (), 1.0);
  cairo_paint (cr);
  double bottom = smtplab_network_draw_height (n) - 10;
  heads (cr, n, width, bottom);
  for (guint i = 0; i < n->rows->len; i++)
    row (cr, n, width, i, HEADER_H + i * ROW_H, i == selected);
}

guint
smtplab_network_row_at (SmtplabNetwork *n, double y)
{
  if (y < HEADER_H || y >= HEADER_H + n->rows->len * ROW_H)
    return G_MAXUINT;
  return (guint) ((y - HEADER_H) / ROW_H);
}

gboolean
smtplab_network_row_fits (cairo_t *cr, SmtplabNetwork *n, double width, guint i, double *x_from, double *x_to)
{
  const SmtplabLadderRow *r;
  guint hop = g_array_index (n->rows, SmtplabNetworkRow, i).hop;
  char *text = label_text (n, i, &r);
  gboolean command = r->kind == SMTPLAB_ROW_COMMAND;
  double from = command ? column_x (n, width, hop) + 8 : column_x (n, width, hop + 1) - 8;
  double w = label_place (cr, text, width, from, command, x_from);
  gboolean fits = r->kind != SMTPLAB_ROW_DATA && smtplab_text_fits (cr, SMTPLAB_FONT_PROTOCOL, 0.9, text, w + 1);
  *x_to = *x_from + w;
  g_free (text);
  return fits;
}

char *
smtplab_network_row_text (SmtplabNetwork *n, guint i)
{
  SmtplabLadder *l;
  const SmtplabLadderRow *r = smtplab_network_get_row (n, i, &l);
  return smtplab_ladder_row_text (l, smtplab_ladder_row_at (l, r->y));
}
