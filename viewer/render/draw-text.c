/* draw-text.c - Pango text on Cairo, for every diagram. */
#include "draw-text.h"

#include <math.h>

/* layout_for - a layout of text in font at scale */
static PangoLayout *
layout_for (cairo_t *cr, const char *font, double scale, const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  pango_font_description_set_size (desc, pango_font_description_get_size (desc) * scale);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
smtplab_text_width (cairo_t *cr, const char *font, double scale, const char *text)
{
  PangoLayout *layout = layout_for (cr, font, scale, text);
  int width, height;
  pango_layout_get_pixel_size (layout, &width, &height);
  g_object_unref (layout);
  return width;
}

gboolean
smtplab_text_fits (cairo_t *cr, const char *font, double scale, const char *text, double max_width)
{
  PangoLayout *layout = layout_for (cr, font, scale, text);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gboolean fits = !pango_layout_is_ellipsized (layout);
  g_object_unref (layout);
  return fits;
}

double
smtplab_draw_text (cairo_t *cr, const char *font, double scale, const char *text, double x, double y,
                   SmtplabAlign align, SmtplabColour colour, double max_width)
{
  PangoLayout *layout = layout_for (cr, font, scale, text);
  if (max_width > 0) {
    pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  }
  int width, height;
  pango_layout_get_pixel_size (layout, &width, &height);
  double left = align == SMTPLAB_ALIGN_LEFT ? x : align == SMTPLAB_ALIGN_RIGHT ? x - width : x - width / 2.0;
  if (max_width > 0 && align != SMTPLAB_ALIGN_LEFT) {
    pango_layout_set_alignment (layout, align == SMTPLAB_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
    left = align == SMTPLAB_ALIGN_RIGHT ? x - max_width : x - max_width / 2.0;
  }
  smtplab_palette_set (cr, colour, 1.0);
  cairo_move_to (cr, left, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return height;
}


void
smtplab_rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -M_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, M_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, M_PI / 2, M_PI);
  cairo_arc (cr, x + radius, y + radius, radius, M_PI, 3 * M_PI / 2);
  cairo_close_path (cr);
}
