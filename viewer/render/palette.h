/* palette.h - the colours and type of every diagram, in one place, so the
 * ladder, the network view and the header view speak the same language:
 * a reply's colour is its class (RFC 821 §4.2.1 first digit). */
#ifndef SMTPLAB_VIEWER_PALETTE_H
#define SMTPLAB_VIEWER_PALETTE_H

#include <cairo.h>
#include <glib.h>

typedef struct {
  double r, g, b;
} SmtplabColour;

/* The colour of a reply of class code / 100 (1 to 5). */
SmtplabColour smtplab_palette_reply (guint code);
/* Commands (the sender-SMTP speaking). */
SmtplabColour smtplab_palette_command (void);
/* The lifeline of the sender-SMTP (client) and of the receiver-SMTP (server). */
SmtplabColour smtplab_palette_role (gboolean server);
/* Notes, grid lines and other quiet things. */
SmtplabColour smtplab_palette_quiet (void);
/* The page. */
SmtplabColour smtplab_palette_page (void);
/* Text. */
SmtplabColour smtplab_palette_text (void);
/* Shading of what went over TLS; of the selected row; of lines a hop added. */
SmtplabColour smtplab_palette_secure (void);
SmtplabColour smtplab_palette_selected (void);
SmtplabColour smtplab_palette_added (void);
/* TURN and other role changes. */
SmtplabColour smtplab_palette_turn (void);

/* Sets colour c on cr, with alpha a. */
void smtplab_palette_set (cairo_t *cr, SmtplabColour c, double a);

/* Fonts (Pango descriptions at scale 1). */
#define SMTPLAB_FONT_PROTOCOL "Monospace 10"
#define SMTPLAB_FONT_NOTE     "Sans Italic 9"
#define SMTPLAB_FONT_HEADING  "Sans Bold 11"
#define SMTPLAB_FONT_SMALL    "Sans 8"
#define SMTPLAB_FONT_BLOCK    "Sans Bold 10"

#endif
