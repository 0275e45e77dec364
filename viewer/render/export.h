/* export.h - a diagram written to an SVG, PNG or PDF file with Cairo,
 * chosen by the file's extension; no window needed. */
#ifndef SMTPLAB_VIEWER_EXPORT_H
#define SMTPLAB_VIEWER_EXPORT_H

#include <cairo.h>
#include <glib.h>

/* Draws a diagram of width x height at the origin of cr. */
typedef void (*SmtplabDrawFunc) (cairo_t *cr, double width, double height, gpointer user_data);

/* TRUE when path ends in .svg, .png or .pdf (any case). */
gboolean smtplab_export_supported (const char *path);

/* Writes what draw draws (width x height pixels, or points for PDF) to
 * path.  FALSE with error for an unknown extension, a PNG too large for
 * Cairo, or a file that cannot be written. */
gboolean smtplab_export (const char *path, double width, double height, SmtplabDrawFunc draw,
                         gpointer user_data, GError **error);

#endif
