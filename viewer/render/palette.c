/* palette.c - the diagrams' colours. */
#include "palette.h"

static const SmtplabColour reply_colours[] = {
  { 0.45, 0.45, 0.45 },   /* 1yz positive preliminary (not in RFC 821) */
  { 0.13, 0.55, 0.13 },   /* 2yz positive completion: green */
  { 0.08, 0.40, 0.75 },   /* 3yz positive intermediate: blue */
  { 0.90, 0.49, 0.00 },   /* 4yz transient negative: amber */
  { 0.78, 0.16, 0.16 },   /* 5yz permanent negative: red */
};

SmtplabColour
smtplab_palette_reply (guint code)
{
  guint digit = code / 100;
  return reply_colours[CLAMP (digit, 1, 5) - 1];
}

SmtplabColour smtplab_palette_command (void) { return (SmtplabColour) { 0.15, 0.20, 0.30 }; }
SmtplabColour smtplab_palette_quiet (void) { return (SmtplabColour) { 0.46, 0.48, 0.52 }; }
SmtplabColour smtplab_palette_page (void) { return (SmtplabColour) { 1.0, 1.0, 1.0 }; }
SmtplabColour smtplab_palette_text (void) { return (SmtplabColour) { 0.10, 0.10, 0.12 }; }
SmtplabColour smtplab_palette_secure (void) { return (SmtplabColour) { 0.86, 0.95, 0.88 }; }
SmtplabColour smtplab_palette_selected (void) { return (SmtplabColour) { 0.85, 0.91, 1.0 }; }
SmtplabColour smtplab_palette_added (void) { return (SmtplabColour) { 1.0, 0.95, 0.70 }; }
SmtplabColour smtplab_palette_turn (void) { return (SmtplabColour) { 0.50, 0.25, 0.65 }; }

SmtplabColour
smtplab_palette_role (gboolean server)
{
  return server ? (SmtplabColour) { 0.22, 0.29, 0.67 } : (SmtplabColour) { 0.0, 0.47, 0.42 };
}

void
smtplab_palette_set (cairo_t *cr, SmtplabColour c, double a)
{
  cairo_set_source_rgba (cr, c.r, c.g, c.b, a);
}
