/* application.h - the viewer as a GtkApplication: its windows, app-wide
 * actions (quit, about, language) and keyboard accelerators. */
#ifndef SMTPLAB_VIEWER_APPLICATION_H
#define SMTPLAB_VIEWER_APPLICATION_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SMTPLAB_TYPE_APPLICATION (smtplab_application_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabApplication, smtplab_application, SMTPLAB, APPLICATION, GtkApplication)

/* The application, to open files (NULL: none) and show session (NULL: the first). */
SmtplabApplication *smtplab_application_new (const char * const *files, const char *session);
/* Runs the viewer on files until its last window closes; returns the exit
 * status.  show_secrets: --show-secrets (smtplab_trace_set_set_show_secrets). */
int smtplab_application_run (const char * const *files, const char *session, gboolean show_secrets);

G_END_DECLS

#endif
