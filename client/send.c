/* send.c - send mode: one letter, built from the options, sent in one
 * mail transaction (RFC 821 §3.1), or --count times in one session, the
 * dialogue printed as it happens. */
#include <stdio.h>

#include "reply.h"
#include "client.h"
#include "client-open.h"
#include "letter.h"

typedef struct {
  ClientRun *run;
  SmtpLetter *letter;
  GBytes *message;            /* the letter's first copy */
  char *reverse_path;
  char **forward_paths;
  SmtpMailMode mode;
  guint count;                /* transactions in the session (--count) */
  gboolean closing_said;      /* a 421 came in some transaction */
} Send;

static void
on_quit (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  ClientRun *run = data;
  (void) client;
  (void) reply;
  (void) error;
  g_main_loop_quit (run->loop);
}

/* refused - RFC 5321 §4.2.1: a 4yz or 5yz reply (0: no reply came) */
static gboolean
refused (guint code)
{
  return smtp_reply_is_transient (code) || smtp_reply_is_permanent (code);
}

/* report - one line on stderr per refusal, then the exit status; with
 * --count each line says which message (number) it is about */
static int
report (const Send *send, guint number, const SmtpMailOutcome *outcome)
{
  fflush (stdout);                    /* the dialogue before the refusals */
  char *which = send->count > 1 ? g_strdup_printf ("message %u: ", number) : g_strdup ("");
  /* in the order the commands went: MAIL's refusal explains the RCPT
   * refusals after it (with PIPELINING they were sent before its reply) */
  if (refused (outcome->mail_code))
    fprintf (stderr, "smtplab-client: %ssender refused: %u %s\n", which, outcome->mail_code,
             outcome->mail_text);
  for (guint i = 0; i < outcome->recipients->len; i++) {
    SmtpRecipientOutcome *r = g_ptr_array_index (outcome->recipients, i);
    if (refused (r->code))
      fprintf (stderr, "smtplab-client: %s%s refused: %u %s\n", which, r->forward_path,
               r->code, r->text);
  }
  if (!refused (outcome->mail_code) && refused (outcome->data_code))
    fprintf (stderr, "smtplab-client: %sDATA refused: %u %s\n", which, outcome->data_code,
             outcome->final_text);
  else if (!refused (outcome->mail_code) && refused (outcome->final_code))
    fprintf (stderr, "smtplab-client: %smessage refused: %u %s\n", which, outcome->final_code,
             outcome->final_text);
  g_free (which);
  guint worst = smtp_mail_outcome_class (outcome);
  return worst == 5 ? EXIT_PERMANENT : worst == 4 ? EXIT_TEMPORARY : EXIT_OK;
}

/* closing_said - RFC 5321 §3.8: a 421 came before the connection ended,
 * so the server closed it on purpose: a temporary failure to report as
 * such, not a broken connection */
static gboolean
closing_said (const SmtpMailOutcome *o)
{
  if (o->mail_code == 421 || o->data_code == 421 || o->final_code == 421)
    return TRUE;
  for (guint i = 0; i < o->recipients->len; i++)
    if (((SmtpRecipientOutcome *) g_ptr_array_index (o->recipients, i))->code == 421)
      return TRUE;
  return FALSE;
}

/* worsen - the exit status is the worst of every transaction's: 5 over 4
 * over 0 */
static void
worsen (ClientRun *run, int status)
{
  run->status = MAX (run->status, status);
}

/* on_mail_done - one transaction's outcome: the exit status is the worst
 * of them all; after the last, QUIT (or the end, if the connection did) */
static void
on_mail_done (SmtpClient *client, guint number, SmtpMailOutcome *outcome, const GError *error,
              gboolean last, gpointer data)
{
  Send *send = data;
  send->closing_said = send->closing_said || closing_said (outcome);
  if (error && g_error_matches (error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED)
      && send->closing_said) {
    worsen (send->run, report (send, number, outcome));
    g_main_loop_quit (send->run->loop);
  } else if (error) {
    client_stop_error (send->run, NULL, error);
  } else {
    worsen (send->run, report (send, number, outcome));
    if (last)
      smtp_client_quit (client, on_quit, send->run);
  }
  smtp_mail_outcome_free (outcome);
}

/* message_for - transaction number's message: the first copy, then with
 * --count a new copy of the letter for each (its own Message-ID) */
static GBytes *
message_for (guint number, gpointer data)
{
  Send *send = data;
  return number == 1 ? g_bytes_ref (send->message) : smtp_letter_to_bytes (send->letter);
}

/* eight_bit - TRUE when the message has a byte over 127 (RFC 6152 §2) */
static gboolean
eight_bit (GBytes *message)
{
  gsize size;
  const guchar *bytes = g_bytes_get_data (message, &size);
  for (gsize i = 0; i < size; i++)
    if (bytes[i] > 127)
      return TRUE;
  return FALSE;
}

/* on_ready - EHLO (and STARTTLS, AUTH) done: the mail transaction */
static void
on_ready (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Send *send = data;
  (void) reply;
  (void) error;
  /* RFC 6152 §3: 8-bit text goes with BODY=8BITMIME where it is offered,
   * and is made seven-bit where it is not */
  gboolean body_8bit = eight_bit (send->message);
  if (body_8bit && !smtp_client_has_extension (client, "8BITMIME")) {
    fflush (stdout);                  /* after the dialogue so far */
    fprintf (stderr, "smtplab-client: the server does not offer 8BITMIME (RFC 6152): "
             "the text goes in base64\n");
    smtp_letter_set_seven_bit (send->letter);
    g_bytes_unref (send->message);
    send->message = smtp_letter_to_bytes (send->letter);
    body_8bit = FALSE;
  }
  GString *params = g_string_new (NULL);
  if (smtp_client_has_extension (client, "SIZE"))       /* RFC 1870 §6.1 */
    g_string_append_printf (params, "SIZE=%" G_GSIZE_FORMAT, g_bytes_get_size (send->message));
  if (body_8bit)
    g_string_append_printf (params, "%sBODY=8BITMIME", params->len ? " " : "");
  smtp_client_send_mails (client, send->count, send->mode, send->reverse_path,
                          (const char * const *) send->forward_paths, params->str,
                          message_for, on_mail_done, send);
  g_string_free (params, TRUE);
}

/* on_open - greeted and hello said: STARTTLS and AUTH when asked for */
static void
on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
         gpointer data)
{
  Send *send = data;
  if (step == SMTP_OPEN_READY)
    client_secure (send->run, client, reply, on_ready, send);
  else if (step == SMTP_OPEN_GREETING && error)
    client_stop_error (send->run, NULL, error);
  else
    client_stop_reply (send->run, reply, error, step == SMTP_OPEN_GREETING
                       ? "the server is not ready" : "the server refused HELO");
}

/* bracketed - "<a@b>" for a@b; a path already in brackets stays */
static char *
bracketed (const char *address)
{
  return address[0] == '<' ? g_strdup (address) : g_strdup_printf ("<%s>", address);
}

/* build_letter - the letter from the options; NULL with error */
static SmtpLetter *
build_letter (const SendOptions *o, GError **error)
{
  char *body = NULL;
  if (o->body_file && !g_file_get_contents (o->body_file, &body, NULL, error))
    return NULL;
  g_autoptr (SmtpLetter) letter = smtp_letter_new (o->from, o->subject, body ? body : o->body);
  g_free (body);
  for (guint i = 0; o->to && o->to[i]; i++)
    smtp_letter_add_to (letter, o->to[i]);
  for (guint i = 0; o->cc && o->cc[i]; i++)
    smtp_letter_add_cc (letter, o->cc[i]);
  for (guint i = 0; o->header && o->header[i]; i++)
    if (!smtp_letter_add_header (letter, o->header[i])) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--header '%s' is not a valid 'Name: value' line", o->header[i]);
      return NULL;
    }
  for (guint i = 0; o->attach && o->attach[i]; i++)
    if (!smtp_letter_attach (letter, o->attach[i], error))
      return NULL;
  return g_steal_pointer (&letter);
}

int
client_send (ClientRun *run, const char *server, const SendOptions *o)
{
  GError *error = NULL;
  Send send = { .run = run, .mode = o->mode, .count = o->count };
  send.letter = build_letter (o, &error);
  if (!send.letter) {
    fprintf (stderr, "smtplab-client: %s\n", error->message);
    g_error_free (error);
    return EXIT_USAGE;
  }
  send.message = smtp_letter_to_bytes (send.letter);
  send.reverse_path = bracketed (o->from);
  GPtrArray *paths = g_ptr_array_new ();
  for (guint i = 0; o->to[i]; i++)
    g_ptr_array_add (paths, bracketed (o->to[i]));
  for (guint i = 0; o->cc && o->cc[i]; i++)
    g_ptr_array_add (paths, bracketed (o->cc[i]));
  g_ptr_array_add (paths, NULL);
  send.forward_paths = (char **) g_ptr_array_free (paths, FALSE);

  client_batch_dialogue (run);
  smtp_client_open (run->smtp, server, on_open, &send);
  g_main_loop_run (run->loop);
  fflush (stdout);

  g_bytes_unref (send.message);
  smtp_letter_free (send.letter);
  g_free (send.reverse_path);
  g_strfreev (send.forward_paths);
  return run->status;
}
