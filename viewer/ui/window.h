/* window.h - the viewer's main window: the session list with its filter,
 * the ladder (and later network and header) views, the explanation pane,
 * playback and presentation mode.  It follows its traces live. */
#ifndef SMTPLAB_VIEWER_WINDOW_H
#define SMTPLAB_VIEWER_WINDOW_H

#include <gtk/gtk.h>
#include "trace-set.h"

G_BEGIN_DECLS

#define SMTPLAB_TYPE_WINDOW (smtplab_window_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabWindow, smtplab_window, SMTPLAB, WINDOW, GtkApplicationWindow)

/* A window on set (shared: several windows may show one set). */
SmtplabWindow *smtplab_window_new (GtkApplication *app, SmtplabTraceSet *set);
SmtplabTraceSet *smtplab_window_get_trace_set (SmtplabWindow *window);
/* Opens more traces; a failure is shown in the window. */
void smtplab_window_open_path (SmtplabWindow *window, const char *path);
/* Selects the listed session with trace id id; FALSE when there is none. */
gboolean smtplab_window_select_session (SmtplabWindow *window, const char *id);
/* The trace id of the session shown, or NULL. */
const char *smtplab_window_get_session_id (SmtplabWindow *window);
/* Shows view "ladder", "network" or "headers". */
void smtplab_window_show_view (SmtplabWindow *window, const char *view);
/* The ladder row selected, or G_MAXUINT. */
guint smtplab_window_get_selected_row (SmtplabWindow *window);
/* Selects ladder row row (and explains it). */
void smtplab_window_select_row (SmtplabWindow *window, guint row);
/* Puts every string of the window in the language spoken now (after a
 * switch): headings, buttons, menus, rows, diagrams, the explanation and
 * the shortcuts window; size, session, line and view stay. */
void smtplab_window_retranslate (SmtplabWindow *window);
/* Selects row row of the network view and explains it as its hop's ladder would. */
void smtplab_window_select_network_row (SmtplabWindow *window, guint row);

G_END_DECLS

#endif
