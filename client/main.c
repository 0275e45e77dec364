/* smtplab-client - the student's SMTP client.
 *
 *   smtplab-client --server ADDR:PORT --from ADDR --to ADDR [--to ...]
 *                  [--cc ADDR] [--subject S] [--body TEXT | --body-file F]
 *                  [--attach FILE] [--header 'Name: value'] [--verb MAIL|SEND|SOML|SAML]
 *
 * Sends one letter and prints the dialogue as C:/S: lines.  Exit status:
 * 0 every recipient accepted, 4 a temporary failure (4yz), 5 a permanent
 * one (5yz), 3 no connection or a broken one, 2 bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gio/gio.h>

#include "client-session.h"
#include "letter.h"

enum { EXIT_OK = 0, EXIT_USAGE = 2, EXIT_CONNECTION = 3, EXIT_TEMPORARY = 4, EXIT_PERMANENT = 5 };

static char *opt_server;
static char *opt_from;
static char **opt_to;
static char **opt_cc;
static char *opt_subject;
static char *opt_body;
static char *opt_body_file;
static char **opt_attach;
static char **opt_header;
static char *opt_verb = "MAIL";
static char *opt_helo;
static char *opt_trace;
static int opt_timeout;

static GOptionEntry entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, &opt_server, "The SMTP server", "ADDR:PORT" },
  { "from", 'f', 0, G_OPTION_ARG_STRING, &opt_from, "Sender (the reverse-path)", "ADDR" },
  { "to", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opt_to, "Recipient (repeat for more)", "ADDR" },
  { "cc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_cc, "Carbon-copy recipient", "ADDR" },
  { "subject", 0, 0, G_OPTION_ARG_STRING, &opt_subject, "Subject", "TEXT" },
  { "body", 0, 0, G_OPTION_ARG_STRING, &opt_body, "Body text", "TEXT" },
  { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_body_file, "Body from a file", "FILE" },
  { "attach", 'a', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_attach, "Attach a file (MIME, base64)", "FILE" },
  { "header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_header, "Extra header line", "'Name: value'" },
  { "verb", 0, 0, G_OPTION_ARG_STRING, &opt_verb, "MAIL, SEND, SOML or SAML (RFC 821 §3.4)", "VERB" },
  { "helo", 0, 0, G_OPTION_ARG_STRING, &opt_helo, "Name to give in EHLO/HELO (default: this machine)", "NAME" },
  { "trace", 0, 0, G_OPTION_ARG_FILENAME, &opt_trace, "Write a trace (JSON Lines)", "FILE" },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, "Seconds to wait for each reply", "S" },
  { NULL }
};

typedef struct {
  GMainLoop *loop;
  SmtpClient *client;
  GBytes *message;
  char *reverse_path;
  char **forward_paths;
  SmtpMailMode mode;
  int status;
  gboolean colour;
} Run;

/* say - one dialogue line, coloured on a terminal */
static void
say (Run *run, const char *who, const char *line)
{
  if (run->colour)
    printf ("\033[%sm%s %s\033[0m\n", who[0] == 'C' ? "36" : "33", who, line);
  else
    printf ("%s %s\n", who, line);
  fflush (stdout);
}

static void
on_sent (SmtpClient *client, const char *line, gpointer data)
{
  (void) client;
  say (data, "C:", line);
}

static void
on_received (SmtpClient *client, const SmtpReply *reply, gpointer data)
{
  (void) client;
  for (guint i = 0; i < reply->lines->len; i++) {
    char *line = g_strdup_printf ("%u%c%s", reply->code,
                                  i + 1 < reply->lines->len ? '-' : ' ',
                                  (char *) g_ptr_array_index (reply->lines, i));
    say (data, "S:", line);
    g_free (line);
  }
}

/* stop - ends the run with a status and a one-line reason on stderr */
static void
stop (Run *run, int status, const char *why)
{
  if (why)
    fprintf (stderr, "smtplab-client: %s\n", why);
  run->status = status;
  g_main_loop_quit (run->loop);
}

static void
on_quit (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  (void) client;
  (void) reply;
  (void) error;
  Run *run = data;
  g_main_loop_quit (run->loop);
}

static void
on_mail_done (SmtpClient *client, SmtpMailOutcome *outcome, const GError *error, gpointer data)
{
  Run *run = data;
  if (error) {
    stop (run, error->code == SMTP_CLIENT_ERROR_ARGUMENT ? EXIT_USAGE : EXIT_CONNECTION,
          error->message);
    smtp_mail_outcome_free (outcome);
    return;
  }
  guint worst = smtp_mail_outcome_class (outcome);
  for (guint i = 0; i < outcome->recipients->len; i++) {
    SmtpRecipientOutcome *r = g_ptr_array_index (outcome->recipients, i);
    if (r->code >= 400)
      fprintf (stderr, "smtplab-client: %s refused: %u %s\n", r->forward_path, r->code, r->text);
  }
  if (outcome->final_code >= 400)
    fprintf (stderr, "smtplab-client: message refused: %u %s\n", outcome->final_code,
             outcome->final_text);
  else if (outcome->mail_code >= 400)
    fprintf (stderr, "smtplab-client: sender refused: %u %s\n", outcome->mail_code,
             outcome->mail_text);
  run->status = worst == 5 ? EXIT_PERMANENT : worst == 4 ? EXIT_TEMPORARY : EXIT_OK;
  smtp_mail_outcome_free (outcome);
  smtp_client_quit (client, on_quit, run);
}

static void
on_hello (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Run *run = data;
  if (error) {
    stop (run, EXIT_CONNECTION, error->message);
    return;
  }
  if (reply->code != 250) {
    char *why = g_strdup_printf ("the server refused HELO: %u", reply->code);
    stop (run, reply->code >= 500 ? EXIT_PERMANENT : EXIT_TEMPORARY, why);
    g_free (why);
    return;
  }
  char *params = NULL;
  if (smtp_client_has_extension (client, "SIZE"))
    params = g_strdup_printf ("SIZE=%" G_GSIZE_FORMAT, g_bytes_get_size (run->message));
  smtp_client_send_mail (client, run->mode, run->reverse_path,
                         (const char * const *) run->forward_paths, params,
                         run->message, on_mail_done, run);
  g_free (params);
}

static void
on_greeting (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Run *run = data;
  if (error) {
    stop (run, EXIT_CONNECTION, error->message);
    return;
  }
  if (reply->code != 220) {
    char *why = g_strdup_printf ("the server is not ready: %u", reply->code);
    stop (run, reply->code >= 500 ? EXIT_PERMANENT : EXIT_TEMPORARY, why);
    g_free (why);
    return;
  }
  smtp_client_hello (client, on_hello, run);
}

/* bracketed - "<a@b>" for a@b; a path already in brackets stays */
static char *
bracketed (const char *address)
{
  return address[0] == '<' ? g_strdup (address) : g_strdup_printf ("<%s>", address);
}

/* build_letter - the message from the options; NULL with error */
static GBytes *
build_letter (GError **error)
{
  char *body = NULL;
  if (opt_body_file && !g_file_get_contents (opt_body_file, &body, NULL, error))
    return NULL;
  g_autoptr (SmtpLetter) letter = smtp_letter_new (opt_from, opt_subject, body ? body : opt_body);
  g_free (body);
  for (guint i = 0; opt_to && opt_to[i]; i++)
    smtp_letter_add_to (letter, opt_to[i]);
  for (guint i = 0; opt_cc && opt_cc[i]; i++)
    smtp_letter_add_cc (letter, opt_cc[i]);
  for (guint i = 0; opt_header && opt_header[i]; i++)
    if (!smtp_letter_add_header (letter, opt_header[i])) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--header '%s' is not a valid 'Name: value' line", opt_header[i]);
      return NULL;
    }
  for (guint i = 0; opt_attach && opt_attach[i]; i++)
    if (!smtp_letter_attach (letter, opt_attach[i], error))
      return NULL;
  return smtp_letter_to_bytes (letter);
}

static int
usage_error (const char *why)
{
  fprintf (stderr, "smtplab-client: %s\n", why);
  return EXIT_USAGE;
}

int
main (int argc, char **argv)
{
  GError *error = NULL;
  GOptionContext *context = g_option_context_new ("- send mail and talk SMTP");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  g_option_context_free (context);
  if (!opt_server || !opt_from || !opt_to)
    return usage_error ("--server, --from and at least one --to are required (see --help)");
  static const char *verbs[] = { "MAIL", "SEND", "SOML", "SAML" };
  int mode = -1;
  for (int i = 0; i < 4; i++)
    if (g_ascii_strcasecmp (opt_verb, verbs[i]) == 0)
      mode = i;
  if (mode < 0)
    return usage_error ("--verb must be MAIL, SEND, SOML or SAML");

  Run run = { 0 };
  run.mode = mode;
  run.colour = isatty (STDOUT_FILENO);
  run.message = build_letter (&error);
  if (!run.message)
    return usage_error (error->message);
  run.reverse_path = bracketed (opt_from);
  GPtrArray *paths = g_ptr_array_new ();
  for (guint i = 0; opt_to[i]; i++)
    g_ptr_array_add (paths, bracketed (opt_to[i]));
  for (guint i = 0; opt_cc && opt_cc[i]; i++)
    g_ptr_array_add (paths, bracketed (opt_cc[i]));
  g_ptr_array_add (paths, NULL);
  run.forward_paths = (char **) g_ptr_array_free (paths, FALSE);

  SmtpTrace *trace = NULL;
  char *helo = g_strdup (opt_helo ? opt_helo : g_get_host_name ());
  if (opt_trace && !(trace = smtp_trace_open (opt_trace, helo, &error)))
    return usage_error (error->message);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.client = smtp_client_new (helo, trace);
  static const SmtpClientObserver observer = { on_sent, on_received };
  smtp_client_set_observer (run.client, &observer, &run);
  if (opt_timeout > 0)
    smtp_client_set_timeout (run.client, opt_timeout);
  smtp_client_connect (run.client, opt_server, on_greeting, &run);
  g_main_loop_run (run.loop);

  smtp_client_free (run.client);
  smtp_trace_close (trace);
  g_main_loop_unref (run.loop);
  g_bytes_unref (run.message);
  g_free (run.reverse_path);
  g_strfreev (run.forward_paths);
  g_free (helo);
  return run.status;
}
