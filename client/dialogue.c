/* dialogue.c - printing the conversation as C:/S: lines (RFC 821 writes
 * S: and R:, the seeds C: and S:; we use C: for the client, S: for the
 * server). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "client.h"
#include "loop.h"
#include "reply.h"

/* DATA lines shown before the rest is summed up. */
#define DATA_LINES_SHOWN 12

void
client_print (ClientRun *run, const char *who, const char *line)
{
  const char *colour = who[0] == 'C' ? "36" : who[0] == 'S' ? "33" : "2";
  if (run->colour)
    printf ("\033[%sm%s %s\033[0m\n", colour, who, line);
  else
    printf ("%s %s\n", who, line);
  if (!run->flush_before_poll)
    fflush (stdout);
}

/* flush_dialogue - the lines printed in this turn of the loop go out in
 * one write, before the client waits for anything */
static gboolean
flush_dialogue (gpointer data)
{
  (void) data;
  fflush (stdout);
  return FALSE;
}

void
client_batch_dialogue (ClientRun *run)
{
  run->flush_before_poll = TRUE;
  run->flusher = smtp_before_poll_add (SMTP_BEFORE_POLL_TRACE, "smtplab-client dialogue",
                                       flush_dialogue, NULL);
}

static void
on_sent (SmtpClient *client, const char *line, gpointer data)
{
  (void) client;
  client_print (data, "C:", line);
}

static void
on_received (SmtpClient *client, const SmtpReply *reply, gpointer data)
{
  (void) client;
  for (guint i = 0; i < reply->lines->len; i++) {
    char *line = g_strdup_printf ("%u%c%s", reply->code,
                                  i + 1 < reply->lines->len ? '-' : ' ',
                                  (char *) g_ptr_array_index (reply->lines, i));
    client_print (data, "S:", line);
    g_free (line);
  }
}

/* on_data_sent - the mail data as it went on the wire, the first lines and
 * a count of the rest, then the final "." */
static void
on_data_sent (SmtpClient *client, GBytes *wire, gpointer data)
{
  ClientRun *run = data;
  (void) client;
  gsize len;
  const char *bytes = g_bytes_get_data (wire, &len);
  char *text = g_strndup (bytes, len);
  char **lines = g_strsplit (text, "\r\n", -1);
  guint n = g_strv_length (lines);
  guint shown = 0;
  for (guint i = 0; i + 2 < n; i++) {            /* the last two: "." and "" */
    if (shown++ < DATA_LINES_SHOWN) {
      client_print (run, "C:", lines[i]);
    } else {
      char *more = g_strdup_printf ("... (%u more lines)", n - 2 - i);
      client_print (run, "C:", more);
      g_free (more);
      break;
    }
  }
  client_print (run, "C:", ".");
  g_strfreev (lines);
  g_free (text);
}

/* on_tls - the handshake's outcome, between the lines of the dialogue */
static void
on_tls (SmtpClient *client, const char *what, gboolean ok, gpointer data)
{
  ClientRun *run = data;
  (void) client;
  char *line = ok ? g_strdup_printf ("TLS is on: %s%s", what, run->security && run->security->insecure
                                     ? " (certificate NOT checked: --insecure)"
                                     : ", certificate checked")
                  : g_strdup (what);
  client_print (run, "--", line);
  g_free (line);
}

void
client_watch_dialogue (ClientRun *run)
{
  static const SmtpClientObserver observer = { on_sent, on_received, on_data_sent, on_tls };
  smtp_client_set_observer (run->smtp, &observer, run);
}

void
client_stop (ClientRun *run, int status, const char *why)
{
  fflush (stdout);                    /* the dialogue before the reason */
  if (why)
    fprintf (stderr, "smtplab-client: %s\n", why);
  run->status = status;
  g_main_loop_quit (run->loop);
}

void
client_stop_error (ClientRun *run, const char *prefix, const GError *error)
{
  gboolean connect = g_error_matches (error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CONNECT);
  char *why = g_strdup_printf ("%s%s%s%s", prefix && !connect ? prefix : "",
                               prefix && !connect ? ": " : "", error->message,
                               connect ? " (is a server running there? smtplab-server or "
                                         "smtplab-net starts one; a private lab network is "
                                         "reached only from inside it)" : "");
  client_stop (run, g_error_matches (error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_ARGUMENT)
                    ? EXIT_USAGE : EXIT_CONNECTION, why);
  g_free (why);
}

/* client_stop_reply - the run ends on a refusal or a broken connection */
void
client_stop_reply (ClientRun *run, const SmtpReply *reply, const GError *error, const char *what)
{
  char *why = error ? g_strdup (error->message)
                    : g_strdup_printf ("%s: %u", what, reply->code);
  client_stop (run, error ? EXIT_CONNECTION : client_status_for_code (reply->code), why);
  g_free (why);
}

guint
client_columns (void)
{
  if (!isatty (STDOUT_FILENO))
    return 0;
  const char *columns = g_getenv ("COLUMNS");
  guint64 n;
  if (columns && g_ascii_string_to_unsigned (columns, 10, 1, 10000, &n, NULL))
    return n;
  struct winsize size;
  return ioctl (STDOUT_FILENO, TIOCGWINSZ, &size) == 0 ? size.ws_col : 0;
}

/* client_status_for_code - the exit status a reply code stands for */
int
client_status_for_code (guint code)
{
  /* RFC 5321 §4.2.1: the first digit says whether to try again */
  return smtp_reply_is_permanent (code) ? EXIT_PERMANENT
         : smtp_reply_is_transient (code) ? EXIT_TEMPORARY : EXIT_OK;
}
