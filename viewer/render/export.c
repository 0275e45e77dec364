/* export.c - diagrams into SVG, PNG and PDF files (Cairo surfaces). */
#include "export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "palette.h"

/* Cairo's image surfaces stop at 32767 pixels a side. */
#define PNG_MAX_SIDE 32767

typedef enum { FORMAT_NONE, FORMAT_SVG, FORMAT_PNG, FORMAT_PDF } Format;

/* format_of - the format a file name asks for */
static Format
format_of (const char *path)
{
  char *lower = g_ascii_strdown (path, -1);
  Format f = g_str_has_suffix (lower, ".svg") ? FORMAT_SVG
             : g_str_has_suffix (lower, ".png") ? FORMAT_PNG
             : g_str_has_suffix (lower, ".pdf") ? FORMAT_PDF : FORMAT_NONE;
  g_free (lower);
  return f;
}

gboolean
smtplab_export_supported (const char *path)
{
  return format_of (path) != FORMAT_NONE;
}

/* surface_for - a surface of the right kind for path */
static cairo_surface_t *
surface_for (Format f, const char *path, double width, double height)
{
  switch (f) {
  case FORMAT_SVG: return cairo_svg_surface_create (path, width, height);
  case FORMAT_PDF: return cairo_pdf_surface_create (path, width, height);
  default:         return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width, (int) height);
  }
}

gboolean
smtplab_export (const char *path, double width, double height, SmtplabDrawFunc draw,
                gpointer user_data, GError **error)
{
  Format f = format_of (path);
  if (f == FORMAT_NONE) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: export to .svg, .png or .pdf"), path);
    return FALSE;
  }
  if (f == FORMAT_PNG && (width > PNG_MAX_SIDE || height > PNG_MAX_SIDE)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 _("%s: the diagram is %.0f pixels tall, too tall for PNG; export SVG or PDF"), path, height);
    return FALSE;
  }
  cairo_surface_t *surface = surface_for (f, path, width, height);
  cairo_t *cr = cairo_create (surface);
  smtplab_palette_set (cr, smtplab_palette_page (), 1.0);
  cairo_paint (cr);
  draw (cr, width, height, user_data);
  cairo_destroy (cr);
  cairo_status_t status = f == FORMAT_PNG ? cairo_surface_write_to_png (surface, path) : CAIRO_STATUS_SUCCESS;
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "%s: %s", path, cairo_status_to_string (status));
    return FALSE;
  }
  return TRUE;
}
