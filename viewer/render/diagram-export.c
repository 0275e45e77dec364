/* diagram-export.c - whole diagrams into files. */
#include "diagram-export.h"

#include "export.h"
#include "headers-draw.h"
#include "ladder-draw.h"
#include "network-draw.h"
#include "state-draw.h"

/* The space below the last row. */
#define BOTTOM_MARGIN 16.0

typedef struct {
  SmtplabLadder *ladder;
  SmtplabLadderStyle style;
} LadderPage;

/* draw_ladder - heads, then every row below them */
static void
draw_ladder (cairo_t *cr, double width, double height, gpointer user_data)
{
  LadderPage *page = user_data;
  (void) width;
  cairo_save (cr);
  cairo_translate (cr, 0, smtplab_ladder_header_height (&page->style));
  smtplab_ladder_draw_rows (cr, page->ladder, &page->style, 0, height);
  cairo_restore (cr);
  smtplab_ladder_draw_header (cr, page->ladder, &page->style, 0);
}

gboolean
smtplab_export_ladder (SmtplabLadder *ladder, const char *path, GError **error)
{
  LadderPage page = { ladder, smtplab_ladder_style_default (SMTPLAB_EXPORT_WIDTH) };
  double height = smtplab_ladder_header_height (&page.style)
                  + smtplab_ladder_rows_height (ladder, &page.style) + BOTTOM_MARGIN;
  return smtplab_export (path, SMTPLAB_EXPORT_WIDTH, height, draw_ladder, &page, error);
}

/* draw_headers - the header evolution, whole */
static void
draw_headers (cairo_t *cr, double width, double height, gpointer letter)
{
  (void) height;
  smtplab_headers_draw (cr, letter, width);
}

gboolean
smtplab_export_headers (SmtplabLetter *letter, const char *path, GError **error)
{
  return smtplab_export (path, SMTPLAB_EXPORT_WIDTH, smtplab_headers_draw_height (letter), draw_headers,
                         letter, error);
}

/* draw_network - the network view, whole */
static void
draw_network (cairo_t *cr, double width, double height, gpointer network)
{
  (void) height;
  smtplab_network_draw (cr, network, width, G_MAXUINT);
}

gboolean
smtplab_export_network (SmtplabNetwork *network, const char *path, GError **error)
{
  return smtplab_export (path, SMTPLAB_EXPORT_WIDTH, smtplab_network_draw_height (network), draw_network,
                         network, error);
}

/* The state diagram's scale in a file: big enough for a slide. */
#define STATES_SCALE 3.0

/* draw_states - the state diagram, scaled */
static void
draw_states (cairo_t *cr, double width, double height, gpointer current)
{
  (void) width;
  (void) height;
  smtplab_state_draw (cr, GPOINTER_TO_INT (current), STATES_SCALE);
}

gboolean
smtplab_export_states (SmtpServerState current, const char *path, GError **error)
{
  return smtplab_export (path, SMTPLAB_STATE_DIAGRAM_WIDTH * STATES_SCALE,
                         SMTPLAB_STATE_DIAGRAM_HEIGHT * STATES_SCALE, draw_states,
                         GINT_TO_POINTER (current), error);
}
