/* headers-draw.c - the header evolution view. */
#include "headers-draw.h"

#include <glib/gi18n.h>

#include "draw-text.h"
#include "message.h"
#include "received.h"

#define LINE_H   19.0
#define TITLE_H  40.0
#define GAP      18.0
#define LEFT     20.0
#define INDENT   46.0
#define LABEL_W  58.0

/* clauses_of - an added Received: line's clauses, or NULL for other lines */
static GPtrArray *
clauses_of (const SmtplabHeaderLine *line)
{
  if (!line->added || g_ascii_strcasecmp (line->name, "Received") != 0)
    return NULL;
  return smtp_received_parse (line->value);
}

/* line_height - how many text lines a header line takes */
static guint
line_height (const SmtplabHeaderLine *line)
{
  GPtrArray *clauses = clauses_of (line);
  guint n = clauses ? 1 + clauses->len : 1;
  if (clauses)
    g_ptr_array_unref (clauses);
  return n;
}

/* hop_height - a hop's card */
static double
hop_height (const SmtplabHop *hop)
{
  guint lines = hop->return_path ? 1 : 0;
  for (guint i = 0; i < hop->lines->len; i++)
    lines += line_height (g_ptr_array_index (hop->lines, i));
  return TITLE_H + lines * LINE_H + GAP;
}

double
smtplab_headers_draw_height (SmtplabLetter *letter)
{
  double h = 16;
  for (guint i = 0; i < letter->hops->len; i++)
    h += hop_height (g_ptr_array_index (letter->hops, i));
  return h;
}

/* field_text - "Name: value" unfolded, as a field shows it */
static char *
field_text (const char *name, const char *value)
{
  char *unfolded = smtp_header_unfold (value);
  char *text = g_strdup_printf ("%s: %s", name, unfolded);
  g_free (unfolded);
  return text;
}

/* field - "Name: value" on one line, marked when added */
static void
field (cairo_t *cr, double width, double y, const char *name, const char *value, gboolean added)
{
  if (added) {
    smtplab_palette_set (cr, smtplab_palette_added (), 1.0);
    cairo_rectangle (cr, LEFT + 8, y, width - 2 * LEFT - 16, LINE_H);
    cairo_fill (cr);
    smtplab_draw_text (cr, SMTPLAB_FONT_HEADING, 1, "+", LEFT + 14, y, SMTPLAB_ALIGN_LEFT,
                       smtplab_palette_reply (250), 0);
  }
  char *text = field_text (name, value);
  smtplab_draw_text (cr, SMTPLAB_FONT_PROTOCOL, 1, text, LEFT + INDENT - 16, y + 1, SMTPLAB_ALIGN_LEFT,
                     smtplab_palette_text (), width - LEFT - INDENT - 8);
  g_free (text);
}

/* clauses - an added Received: line's clauses, each with its label */
static double
clauses (cairo_t *cr, double width, double y, GPtrArray *list)
{
  for (guint i = 0; i < list->len; i++) {
    SmtpReceivedClause *c = g_ptr_array_index (list, i);
    smtplab_palette_set (cr, smtplab_palette_added (), 0.45);
    cairo_rectangle (cr, LEFT + 8, y, width - 2 * LEFT - 16, LINE_H);
    cairo_fill (cr);
    smtplab_rounded_rectangle (cr, LEFT + INDENT, y + 2, LABEL_W - 8, LINE_H - 4, 4);
    smtplab_palette_set (cr, smtplab_palette_role (TRUE), 0.9);
    cairo_fill (cr);
    smtplab_draw_text (cr, SMTPLAB_FONT_SMALL, 1, *c->keyword ? c->keyword : "?", LEFT + INDENT + (LABEL_W - 8) / 2,
                       y + 3, SMTPLAB_ALIGN_CENTER, smtplab_palette_page (), 0);
    smtplab_draw_text (cr, SMTPLAB_FONT_PROTOCOL, 1, c->text, LEFT + INDENT + LABEL_W, y + 1,
                       SMTPLAB_ALIGN_LEFT, smtplab_palette_text (), width - LEFT - INDENT - LABEL_W - 16);
    y += LINE_H;
  }
  return y;
}

/* hop_card - one hop: title, then its header block */
static double
hop_card (cairo_t *cr, const SmtplabHop *hop, guint number, double width, double y)
{
  double h = hop_height (hop);
  smtplab_rounded_rectangle (cr, LEFT, y, width - 2 * LEFT, h - GAP + 6, 8);
  smtplab_palette_set (cr, smtplab_palette_quiet (), 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  char *title = g_strdup_printf (_("Hop %u — at %s, queued as %s"), number, hop->host, hop->id);
  smtplab_draw_text (cr, SMTPLAB_FONT_HEADING, 1, title, LEFT + 12, y + 10, SMTPLAB_ALIGN_LEFT,
                     smtplab_palette_role (TRUE), width - 3 * LEFT);
  g_free (title);
  y += TITLE_H - 6;
  if (hop->return_path) {
    field (cr, width, y, "Return-Path", hop->return_path, TRUE);
    smtplab_draw_text (cr, SMTPLAB_FONT_NOTE, 1, _("added at final delivery (RFC 821 §4.1.2)"), width - LEFT - 14,
                       y + 2, SMTPLAB_ALIGN_RIGHT, smtplab_palette_quiet (), 0);
    y += LINE_H;
  }
  for (guint i = 0; i < hop->lines->len; i++) {
    const SmtplabHeaderLine *line = g_ptr_array_index (hop->lines, i);
    field (cr, width, y, line->name, line->value, line->added);
    y += LINE_H;
    GPtrArray *list = clauses_of (line);
    if (list) {
      y = clauses (cr, width, y, list);
      g_ptr_array_unref (list);
    }
  }
  return y + GAP;
}

void
smtplab_headers_draw (cairo_t *cr, SmtplabLetter *letter, double width)
{
  double y = 10;
  for (guint i = 0; i < letter->hops->len; i++)
    y = hop_card (cr, g_ptr_array_index (letter->hops, i), i + 1, width, y);
}

char *
smtplab_headers_line_at (SmtplabLetter *letter, double at)
{
  double y = 10;
  for (guint i = 0; i < letter->hops->len; i++) {
    const SmtplabHop *hop = g_ptr_array_index (letter->hops, i);
    y += TITLE_H - 6;
    if (hop->return_path) {
      if (at >= y && at < y + LINE_H)
        return field_text ("Return-Path", hop->return_path);
      y += LINE_H;
    }
    for (guint j = 0; j < hop->lines->len; j++) {
      const SmtplabHeaderLine *line = g_ptr_array_index (hop->lines, j);
      double h = line_height (line) * LINE_H;      /* the line and its clauses */
      if (at >= y && at < y + h)
        return field_text (line->name, line->value);
      y += h;
    }
    y += GAP;
  }
  return NULL;
}
