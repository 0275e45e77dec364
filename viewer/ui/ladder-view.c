/* ladder-view.c - the ladder diagram widget (GtkScrollable, drawn with
 * Cairo through viewer/render/ladder-draw.c). */
#include "ladder-view.h"

#include "ladder-draw.h"

struct _SmtplabLadderView {
  GtkWidget parent_instance;
  SmtplabLadder *ladder;
  GtkAdjustment *hadjustment, *vadjustment;
  GtkScrollablePolicy hscroll_policy, vscroll_policy;
  SmtplabLadderStyle style;
};

enum { PROP_0, PROP_HADJUSTMENT, PROP_VADJUSTMENT, PROP_HSCROLL_POLICY, PROP_VSCROLL_POLICY };
enum { SIGNAL_ROW_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SmtplabLadderView, smtplab_ladder_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* content_height - the rows and the heads, in pixels */
static double
content_height (SmtplabLadderView *v)
{
  if (!v->ladder)
    return 0;
  return smtplab_ladder_header_height (&v->style) + smtplab_ladder_rows_height (v->ladder, &v->style) + 24;
}

/* configure - tells the scroll bar how tall the diagram is; a view that
 * was at the end stays there as the session grows (following it live) */
static void
configure (SmtplabLadderView *v)
{
  double page = gtk_widget_get_height (GTK_WIDGET (v));
  double upper = MAX (content_height (v), page);
  if (v->vadjustment) {
    double value = gtk_adjustment_get_value (v->vadjustment);
    gboolean at_end = value > 0 && value + gtk_adjustment_get_page_size (v->vadjustment)
                                   >= gtk_adjustment_get_upper (v->vadjustment) - 1;
    gtk_adjustment_configure (v->vadjustment, at_end ? upper - page : CLAMP (value, 0, upper - page),
                              0, upper, 24 * v->style.scale, page * 0.9, page);
  }
  if (v->hadjustment)
    gtk_adjustment_configure (v->hadjustment, 0, 0, gtk_widget_get_width (GTK_WIDGET (v)), 10, 10,
                              gtk_widget_get_width (GTK_WIDGET (v)));
}

static void
value_changed (GtkAdjustment *adjustment, SmtplabLadderView *v)
{
  (void) adjustment;
  gtk_widget_queue_draw (GTK_WIDGET (v));
}

/* set_adjustment - keeps one of the two adjustments */
static void
set_adjustment (SmtplabLadderView *v, GtkAdjustment **slot, GtkAdjustment *adjustment)
{
  if (*slot) {
    g_signal_handlers_disconnect_by_func (*slot, value_changed, v);
    g_object_unref (*slot);
  }
  *slot = adjustment ? g_object_ref_sink (adjustment) : NULL;
  if (*slot)
    g_signal_connect (*slot, "value-changed", G_CALLBACK (value_changed), v);
  configure (v);
}

static void
smtplab_ladder_view_set_property (GObject *object, guint id, const GValue *value, GParamSpec *pspec)
{
  SmtplabLadderView *v = SMTPLAB_LADDER_VIEW (object);
  switch (id) {
  case PROP_HADJUSTMENT: set_adjustment (v, &v->hadjustment, g_value_get_object (value)); break;
  case PROP_VADJUSTMENT: set_adjustment (v, &v->vadjustment, g_value_get_object (value)); break;
  case PROP_HSCROLL_POLICY: v->hscroll_policy = g_value_get_enum (value); break;
  case PROP_VSCROLL_POLICY: v->vscroll_policy = g_value_get_enum (value); break;
  default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
  }
}

static void
smtplab_ladder_view_get_property (GObject *object, guint id, GValue *value, GParamSpec *pspec)
{
  SmtplabLadderView *v = SMTPLAB_LADDER_VIEW (object);
  switch (id) {
  case PROP_HADJUSTMENT: g_value_set_object (value, v->hadjustment); break;
  case PROP_VADJUSTMENT: g_value_set_object (value, v->vadjustment); break;
  case PROP_HSCROLL_POLICY: g_value_set_enum (value, v->hscroll_policy); break;
  case PROP_VSCROLL_POLICY: g_value_set_enum (value, v->vscroll_policy); break;
  default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, id, pspec);
  }
}

static void
smtplab_ladder_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  SmtplabLadderView *v = SMTPLAB_LADDER_VIEW (widget);
  (void) height;
  (void) baseline;
  v->style.width = MAX (width, 600);
  configure (v);
}

static void
smtplab_ladder_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  SmtplabLadderView *v = SMTPLAB_LADDER_VIEW (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (v->ladder) {
    double top = v->vadjustment ? gtk_adjustment_get_value (v->vadjustment) : 0;
    double head = smtplab_ladder_header_height (&v->style);
    cairo_save (cr);
    cairo_translate (cr, 0, head - top);
    smtplab_ladder_draw_rows (cr, v->ladder, &v->style, top - head, top + height);
    cairo_restore (cr);
    guint first = smtplab_ladder_row_at_px (v->ladder, &v->style, MAX (top - head, 0));
    smtplab_ladder_draw_header (cr, v->ladder, &v->style, first);
  }
  cairo_destroy (cr);
}

/* pressed - a click selects the row under it; on a mail data block it
 * also opens or closes the block */
static void
pressed (GtkGestureClick *gesture, int n_press, double x, double y, SmtplabLadderView *v)
{
  (void) gesture;
  (void) n_press;
  (void) x;
  if (!v->ladder)
    return;
  double top = v->vadjustment ? gtk_adjustment_get_value (v->vadjustment) : 0;
  guint row = smtplab_ladder_row_at_px (v->ladder, &v->style, y + top - smtplab_ladder_header_height (&v->style));
  if (row == G_MAXUINT || row >= v->style.shown_rows)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (v));
  if (smtplab_ladder_get_row (v->ladder, row)->kind == SMTPLAB_ROW_DATA) {
    smtplab_ladder_set_expanded (v->ladder, row, !smtplab_ladder_is_expanded (v->ladder, row));
    smtplab_ladder_view_refresh (v);
  }
  smtplab_ladder_view_select (v, row);
}

/* query_tooltip - the whole text of the row under the pointer (a line cut
 * with "…" in a narrow window is whole here and in the explanation) */
static gboolean
query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip, gpointer user_data)
{
  SmtplabLadderView *v = SMTPLAB_LADDER_VIEW (widget);
  (void) x;
  (void) keyboard;
  (void) user_data;
  if (!v->ladder)
    return FALSE;
  double top = v->vadjustment ? gtk_adjustment_get_value (v->vadjustment) : 0;
  guint row = smtplab_ladder_row_at_px (v->ladder, &v->style, y + top - smtplab_ladder_header_height (&v->style));
  if (row == G_MAXUINT || row >= v->style.shown_rows || row == v->style.hidden_row)
    return FALSE;
  char *text = smtplab_ladder_row_text (v->ladder, row);
  smtplab_tooltip_set_lines (tooltip, text);
  g_free (text);
  return TRUE;
}

static void
smtplab_ladder_view_dispose (GObject *object)
{
  SmtplabLadderView *v = SMTPLAB_LADDER_VIEW (object);
  set_adjustment (v, &v->hadjustment, NULL);
  set_adjustment (v, &v->vadjustment, NULL);
  G_OBJECT_CLASS (smtplab_ladder_view_parent_class)->dispose (object);
}

static void
smtplab_ladder_view_class_init (SmtplabLadderViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  object_class->set_property = smtplab_ladder_view_set_property;
  object_class->get_property = smtplab_ladder_view_get_property;
  object_class->dispose = smtplab_ladder_view_dispose;
  widget_class->size_allocate = smtplab_ladder_view_size_allocate;
  widget_class->snapshot = smtplab_ladder_view_snapshot;
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");
  /* "row-selected" (guint row): a row was selected (G_MAXUINT: none) */
  signals[SIGNAL_ROW_SELECTED] = g_signal_new ("row-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  gtk_widget_class_set_css_name (widget_class, "ladderview");
}

static void
smtplab_ladder_view_init (SmtplabLadderView *v)
{
  v->style = smtplab_ladder_style_default (800);
  gtk_widget_set_focusable (GTK_WIDGET (v), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (v), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (v), TRUE);
  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed), v);
  gtk_widget_add_controller (GTK_WIDGET (v), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_has_tooltip (GTK_WIDGET (v), TRUE);
  g_signal_connect (v, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
}


void
smtplab_ladder_view_set_ladder (SmtplabLadderView *v, SmtplabLadder *ladder)
{
  v->ladder = ladder;
  v->style.selected = G_MAXUINT;
  v->style.shown_rows = G_MAXUINT;
  v->style.hidden_row = G_MAXUINT;
  if (v->vadjustment)
    gtk_adjustment_set_value (v->vadjustment, 0);
  smtplab_ladder_view_refresh (v);
}


/* scroll_to_row - brings row into sight below the heads */
static void
scroll_to_row (SmtplabLadderView *v, guint row)
{
  if (!v->vadjustment || !v->ladder || row >= smtplab_ladder_get_n_rows (v->ladder))
    return;
  double head = smtplab_ladder_header_height (&v->style);
  double y = smtplab_ladder_row_top (v->ladder, &v->style, row);
  double bottom = smtplab_ladder_row_top (v->ladder, &v->style, row + 1) + head;
  double top = gtk_adjustment_get_value (v->vadjustment), page = gtk_adjustment_get_page_size (v->vadjustment);
  if (y < top)
    gtk_adjustment_set_value (v->vadjustment, y);
  else if (bottom > top + page)
    gtk_adjustment_set_value (v->vadjustment, bottom - page + 8);
}

void
smtplab_ladder_view_select (SmtplabLadderView *v, guint row)
{
  v->style.selected = row;
  scroll_to_row (v, row);
  gtk_widget_queue_draw (GTK_WIDGET (v));
  g_signal_emit (v, signals[SIGNAL_ROW_SELECTED], 0, row);
}

guint
smtplab_ladder_view_get_selected (SmtplabLadderView *v)
{
  return v->style.selected;
}

void
smtplab_ladder_view_set_playback (SmtplabLadderView *v, guint n_shown, guint hidden)
{
  v->style.shown_rows = n_shown;
  v->style.hidden_row = hidden;
  smtplab_ladder_view_refresh (v);
  if (n_shown != G_MAXUINT && n_shown > 0)
    scroll_to_row (v, n_shown - 1);
}

void
smtplab_ladder_view_set_scale (SmtplabLadderView *v, double scale)
{
  v->style.scale = scale;
  smtplab_ladder_view_refresh (v);
}

void
smtplab_ladder_view_refresh (SmtplabLadderView *v)
{
  configure (v);
  gtk_widget_queue_draw (GTK_WIDGET (v));
}


gboolean
smtplab_ladder_view_row_fits (SmtplabLadderView *v, guint row, double *x_from, double *x_to)
{
  if (!v->ladder || row >= smtplab_ladder_get_n_rows (v->ladder))
    return FALSE;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  gboolean fits = smtplab_ladder_row_fits (cr, v->ladder, &v->style, row, x_from, x_to);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return fits;
}

double
smtplab_ladder_view_get_scale (SmtplabLadderView *v)
{
  return v->style.scale;
}

void
smtplab_tooltip_set_lines (GtkTooltip *tooltip, const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_tooltip_set_custom (tooltip, label);
}
