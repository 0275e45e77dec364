/* viewer-open.c - what bench/viewer measures: opening a trace as the
 * viewer does (the trace set: indexing, sessions), building the ladder of
 * its longest session, and drawing screenfuls of it at random scroll
 * positions (virtualised drawing); prints one line of figures.
 *
 *   build/bench/viewer-open TRACE
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <cairo.h>

#include "ladder-draw.h"
#include "trace-set.h"

/* What the window reads per step (viewer/ui/application.c READ_STEP). */
#define WINDOW_STEP (4 << 20)

/* The window the frames are drawn for, in pixels. */
#define FRAME_W 1100
#define FRAME_H 900
#define FRAMES  200

/* peak_rss_mib - the process's peak resident memory (VmHWM) */
static double
peak_rss_mib (void)
{
  char *status = NULL;
  double kib = 0;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)) {
    const char *hwm = strstr (status, "VmHWM:");
    if (hwm)
      kib = g_ascii_strtod (hwm + 6, NULL);
  }
  g_free (status);
  return kib / 1024;
}

/* cpu_seconds - processor time this process has used (user and system) */
static double
cpu_seconds (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* longest - the listed session with the most events */
static SmtplabSession *
longest (SmtplabTraceSet *set)
{
  GListModel *sessions = smtplab_trace_set_get_sessions (set);
  SmtplabSession *best = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++) {
    SmtplabSession *s = g_list_model_get_item (sessions, i);
    if (!best || smtplab_session_get_events (s)->len > smtplab_session_get_events (best)->len)
      best = s;
    g_object_unref (s);
  }
  return best;
}

/* draw_frames - screenfuls of the ladder at random places; ms per frame */
static double
draw_frames (SmtplabLadder *ladder)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, FRAME_W, FRAME_H);
  cairo_t *cr = cairo_create (surface);
  SmtplabLadderStyle style = smtplab_ladder_style_default (FRAME_W);
  double height = smtplab_ladder_rows_height (ladder, &style);
  GRand *rand = g_rand_new_with_seed (821);
  gint64 start = g_get_monotonic_time ();
  for (int i = 0; i < FRAMES; i++) {
    double top = g_rand_double_range (rand, 0, MAX (height - FRAME_H, 1));
    cairo_save (cr);
    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    cairo_translate (cr, 0, -top);
    smtplab_ladder_draw_rows (cr, ladder, &style, top, top + FRAME_H);
    cairo_restore (cr);
  }
  double ms = (g_get_monotonic_time () - start) / 1000.0 / FRAMES;
  g_rand_free (rand);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ms;
}

/* first_step - how long the window takes to read its first step, in s */
static double
first_step (const char *path)
{
  gint64 start = g_get_monotonic_time ();
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  smtplab_trace_set_set_step (set, WINDOW_STEP);
  smtplab_trace_set_add_path (set, path, NULL);
  double s = (g_get_monotonic_time () - start) / 1e6;
  g_object_unref (set);
  return s;
}

int
main (int argc, char **argv)
{
  if (argc != 2) {
    fprintf (stderr, "usage: viewer-open TRACE\n");
    return 2;
  }
  double first_s = first_step (argv[1]);
  gint64 start = g_get_monotonic_time ();
  double cpu = cpu_seconds ();
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  GError *error = NULL;
  if (!smtplab_trace_set_add_path (set, argv[1], &error)) {
    fprintf (stderr, "viewer-open: %s\n", error->message);
    return 1;
  }
  double open_s = (g_get_monotonic_time () - start) / 1e6, open_cpu = cpu_seconds () - cpu;
  SmtplabSession *session = longest (set);
  start = g_get_monotonic_time ();
  SmtplabLadder *ladder = smtplab_ladder_new (set, session);
  double ladder_s = (g_get_monotonic_time () - start) / 1e6;
  double frame_ms = draw_frames (ladder);
  printf ("first-step %.2f events %u sessions %u open %.2f open-cpu %.2f ladder-rows %u ladder %.2f frame %.2f peak-rss %.0f\n",
          first_s, smtplab_trace_set_get_n_events (set),
          g_list_model_get_n_items (smtplab_trace_set_get_sessions (set)), open_s, open_cpu,
          smtplab_ladder_get_n_rows (ladder), ladder_s, frame_ms, peak_rss_mib ());
  smtplab_ladder_free (ladder);
  g_object_unref (set);
  return 0;
}
