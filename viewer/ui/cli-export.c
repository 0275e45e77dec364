/* cli-export.c - the headless export. */
#include "cli-export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "diagram-export.h"
#include "export.h"
#include "trace-set.h"

/* load - every file into a new trace set, or NULL after saying why */
static SmtplabTraceSet *
load (const char * const *files, gboolean show_secrets)
{
  if (!files || !files[0]) {
    fprintf (stderr, "smtplab-viewer: %s\n", _("--export needs a trace to draw"));
    return NULL;
  }
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  smtplab_trace_set_set_show_secrets (set, show_secrets);
  for (guint i = 0; files[i]; i++) {
    GError *error = NULL;
    if (!smtplab_trace_set_add_path (set, files[i], &error)) {
      fprintf (stderr, "smtplab-viewer: %s\n", error->message);
      g_error_free (error);
      g_object_unref (set);
      return NULL;
    }
  }
  char *problems = smtplab_trace_set_describe_problems (set);
  if (problems)
    fprintf (stderr, "smtplab-viewer: %s\n", problems);
  g_free (problems);
  return set;
}

/* check_writable - can out be written?  Cairo's own error says only "error
 * while writing to output stream"; this one names the file and the reason.
 * *made: out did not exist before (an export that fails removes it). */
static gboolean
check_writable (const char *out, gboolean *made)
{
  *made = !g_file_test (out, G_FILE_TEST_EXISTS);
  int fd = g_open (out, O_WRONLY | O_CREAT, 0666);
  if (fd < 0) {
    int saved = errno;
    fprintf (stderr, "smtplab-viewer: ");
    fprintf (stderr, _("cannot write %s: %s"), out, g_strerror (saved));
    fprintf (stderr, "\n");
    return FALSE;
  }
  close (fd);
  return TRUE;
}

/* pick_session - the session asked for, or the first */
static SmtplabSession *
pick_session (SmtplabTraceSet *set, const char *session_id)
{
  GListModel *sessions = smtplab_trace_set_get_sessions (set);
  if (session_id)
    return smtplab_trace_set_find_session (set, session_id);
  if (g_list_model_get_n_items (sessions) == 0)
    return NULL;
  SmtplabSession *first = g_list_model_get_item (sessions, 0);
  g_object_unref (first);
  return first;
}

/* export_view - writes one view of session */
static gboolean
export_view (SmtplabTraceSet *set, SmtplabSession *session, const char *view, const char *out,
             GError **error)
{
  if (!view || g_str_equal (view, "ladder")) {
    SmtplabLadder *ladder = smtplab_ladder_new (set, session);
    gboolean ok = smtplab_export_ladder (ladder, out, error);
    if (ok)
      printf (_("%s: the ladder of session %s (%u arrows)\n"), out, smtplab_session_get_id (session),
              smtplab_ladder_count_arrows (ladder));
    smtplab_ladder_free (ladder);
    return ok;
  }
  if (g_str_equal (view, "states")) {          /* where the session's receiver ended */
    SmtplabLadder *ladder = smtplab_ladder_new (set, session);
    guint n = smtplab_ladder_get_n_rows (ladder);
    SmtpServerState end = n ? smtplab_ladder_get_row (ladder, n - 1)->state : SMTP_STATE_GREETED;
    smtplab_ladder_free (ladder);
    gboolean ok = smtplab_export_states (end, out, error);
    if (ok)
      printf (_("%s: the states of session %s\n"), out, smtplab_session_get_id (session));
    return ok;
  }
  if (!g_str_equal (view, "headers") && !g_str_equal (view, "network")) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("--view %s: choose ladder, headers, network or states"), view);
    return FALSE;
  }
  SmtplabLetter *letter = smtplab_letter_for_session (set, session);
  if (!letter) {
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("session %s carried no message: no %s view"), smtplab_session_get_id (session), view);
    return FALSE;
  }
  gboolean ok;
  if (g_str_equal (view, "headers")) {
    ok = smtplab_export_headers (letter, out, error);
    smtplab_letter_free (letter);
  } else {
    SmtplabNetwork *network = smtplab_network_new (set, letter);
    ok = smtplab_export_network (network, out, error);
    smtplab_network_free (network);
  }
  if (ok)
    printf (_("%s: the %s view of session %s\n"), out, view, smtplab_session_get_id (session));
  return ok;
}

int
smtplab_cli_export (const char *out, const char * const *files, const char *session_id, const char *view,
                    gboolean show_secrets)
{
  if (!smtplab_export_supported (out)) {
    fprintf (stderr, "smtplab-viewer: %s: %s\n", out, _("export to .svg, .png or .pdf"));
    return 2;
  }
  SmtplabTraceSet *set = load (files, show_secrets);
  if (!set)
    return 1;
  gboolean made;
  if (!check_writable (out, &made)) {
    g_object_unref (set);
    return 1;
  }
  SmtplabSession *session = pick_session (set, session_id);
  int status = 0;
  GError *error = NULL;
  if (!session) {
    fprintf (stderr, "smtplab-viewer: %s\n",
             session_id ? _("no session with that id in these traces") : _("these traces hold no session"));
    status = 1;
  } else if (!export_view (set, session, view, out, &error)) {
    fprintf (stderr, "smtplab-viewer: %s\n", error->message);
    g_error_free (error);
    status = 1;
  }
  if (status != 0 && made)
    g_unlink (out);
  g_object_unref (set);
  return status;
}
