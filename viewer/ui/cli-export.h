/* cli-export.h - `smtplab-viewer --export FILE TRACE...`: a diagram drawn
 * into a file with no window and no display. */
#ifndef SMTPLAB_VIEWER_CLI_EXPORT_H
#define SMTPLAB_VIEWER_CLI_EXPORT_H

#include <glib.h>

/* Reads files, picks session_id (NULL: the first session) and writes the
 * view ("ladder" when NULL, "headers" or "network") to out.  Returns the
 * exit status; says why on stderr when it fails, and what was skipped or
 * cut short.  show_secrets: --show-secrets. */
int smtplab_cli_export (const char *out, const char * const *files, const char *session_id,
                        const char *view, gboolean show_secrets);

#endif
