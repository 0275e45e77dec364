/* client-script.h - the sender's whole mail transaction
 * (smtp_client_send_mail) run against a scripted receiver on the other end
 * of a socketpair: the receiver answers each command line with the next
 * reply of its script, on the main loop, and keeps what it read.
 *
 * Interface
 *   Script        the receiver's replies and what it read; the outcome
 *   run           greeting, EHLO, the transaction; returns the Script
 *   run_quitting  the same, then QUIT (quit_code: its reply)
 *   run_many      count transactions (smtp_client_send_mails), every read kept
 *   script_free   closes and frees it
 */
#ifndef SMTPLAB_CLIENT_SCRIPT_H
#define SMTPLAB_CLIENT_SCRIPT_H

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib-unix.h>

#include "client-open.h"

/* The receiver's side: the replies it gives, and what it read. */
typedef struct {
  int fd;
  const char * const *replies;  /* one per command line, then one per "." */
  guint next;
  GString *input;               /* read, not yet cut into lines */
  GString *commands;            /* every command line, each with its CRLF */
  GString *data;                /* the mail data as sent (dot-stuffed) */
  gboolean in_data;
  char *first_read;             /* the first bytes read after the hello */
  GPtrArray *reads;             /* every read after the hello: one write of the sender's */
  guint watch;

  /* the sender's side */
  GMainLoop *loop;
  const char * const *paths;
  const char *message;
  SmtpMailOutcome *outcome;
  GError *error;
  gboolean quit;                /* QUIT after the transaction (then loop ends at its reply) */
  guint quit_code;              /* the reply QUIT got */
  guint count;                  /* 0: smtp_client_send_mail; else smtp_client_send_mails */
  gboolean no_pipelining;       /* smtp_client_set_pipelining (FALSE) */
  guint outcomes;               /* transactions heard of (the last one is in outcome) */
} Script;

/* answer - the next reply of the script (NULL: close the connection) */
static void
answer (Script *s)
{
  const char *reply = s->replies[s->next];
  if (reply)
    s->next++;
  if (!reply || !*reply) {
    shutdown (s->fd, SHUT_RDWR);
    return;
  }
  char *wire = g_strconcat (reply, "\r\n", NULL);
  g_assert_cmpint (write (s->fd, wire, strlen (wire)), ==, (gssize) strlen (wire));
  s->in_data = g_str_has_prefix (reply, "354");
  g_free (wire);
}

/* on_readable - lines from the sender: a command is answered at once,
 * mail data when its "." comes */
static gboolean
on_readable (int fd, GIOCondition condition, gpointer data)
{
  Script *s = data;
  char buffer[4096];
  (void) condition;
  gssize n = read (fd, buffer, sizeof buffer);
  if (n <= 0) {
    s->watch = 0;
    return G_SOURCE_REMOVE;
  }
  if (!s->first_read && s->next >= 1)
    s->first_read = g_strndup (buffer, n);
  if (s->next >= 1)
    g_ptr_array_add (s->reads, g_strndup (buffer, n));
  g_string_append_len (s->input, buffer, n);
  char *eol;
  while ((eol = strstr (s->input->str, "\r\n"))) {
    gsize len = eol - s->input->str + 2;
    if (s->in_data) {
      g_string_append_len (s->data, s->input->str, len);
      if (len == 3 && s->input->str[0] == '.')
        answer (s);
    } else {
      g_string_append_len (s->commands, s->input->str, len);
      answer (s);
    }
    g_string_erase (s->input, 0, len);
  }
  return G_SOURCE_CONTINUE;
}

/* on_quit - QUIT answered (or the connection ended) */
static void
on_quit (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Script *s = data;
  (void) client;
  (void) error;
  s->quit_code = reply ? reply->code : 0;
  g_main_loop_quit (s->loop);
}

/* on_sent - the transaction's outcome; then QUIT if the script says so */
static void
on_sent (SmtpClient *client, SmtpMailOutcome *outcome, const GError *error, gpointer data)
{
  Script *s = data;
  s->outcome = outcome;
  s->error = error ? g_error_copy (error) : NULL;
  if (s->quit)
    smtp_client_quit (client, on_quit, s);
  else
    g_main_loop_quit (s->loop);
}

/* on_each - one transaction of a run; the loop ends after the last */
static void
on_each (SmtpClient *client, guint number, SmtpMailOutcome *outcome, const GError *error,
         gboolean last, gpointer data)
{
  Script *s = data;
  (void) client;
  g_assert_cmpuint (number, ==, ++s->outcomes);
  smtp_mail_outcome_free (s->outcome);
  s->outcome = outcome;
  if (last) {
    s->error = error ? g_error_copy (error) : NULL;
    g_main_loop_quit (s->loop);
  }
}

/* same_message - every transaction of a run sends the script's message */
static GBytes *
same_message (guint number, gpointer data)
{
  Script *s = data;
  (void) number;
  return g_bytes_new_static (s->message, strlen (s->message));
}

/* on_open - greeted and said hello: the transaction */
static void
on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
         gpointer data)
{
  Script *s = data;
  (void) reply;
  (void) error;
  g_assert_cmpint (step, ==, SMTP_OPEN_READY);
  smtp_client_set_pipelining (client, !s->no_pipelining);
  if (s->count) {
    smtp_client_send_mails (client, s->count, SMTP_MAIL_MODE_MAIL, "<Smith@Alpha.ARPA>",
                            s->paths, NULL, same_message, on_each, s);
    return;
  }
  GBytes *message = same_message (1, s);
  smtp_client_send_mail (client, SMTP_MAIL_MODE_MAIL, "<Smith@Alpha.ARPA>", s->paths, NULL,
                         message, on_sent, s);
  g_bytes_unref (message);
}

/* run_script - the greeting, EHLO's reply (first of replies), then the
 * transaction for paths with message (count times when count is not 0),
 * against the rest of replies; then QUIT when quit is set */
static Script *
run_script (const char * const *replies, const char * const *paths, const char *message,
            gboolean quit, guint count, gboolean no_pipelining)
{
  int sv[2];
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
  Script *s = g_new0 (Script, 1);
  s->fd = sv[1];
  s->replies = replies;
  s->input = g_string_new (NULL);
  s->commands = g_string_new (NULL);
  s->data = g_string_new (NULL);
  s->loop = g_main_loop_new (NULL, FALSE);
  s->paths = paths;
  s->message = message;
  s->quit = quit;
  s->count = count;
  s->no_pipelining = no_pipelining;
  s->reads = g_ptr_array_new_with_free_func (g_free);
  g_assert_cmpint (write (s->fd, "220 Beta.ARPA ready\r\n", 21), ==, 21);
  s->watch = g_unix_fd_add (s->fd, G_IO_IN, on_readable, s);
  GSocket *socket = g_socket_new_from_fd (sv[0], NULL);
  SmtpClient *client = smtp_client_new ("Alpha.ARPA", NULL);
  smtp_client_open_adopted (client, socket, on_open, s);
  g_main_loop_run (s->loop);
  smtp_client_free (client);
  g_object_unref (socket);
  return s;
}

/* run_quitting - the transaction, then QUIT when quit is set */
G_GNUC_UNUSED static Script *
run_quitting (const char * const *replies, const char * const *paths, const char *message,
              gboolean quit)
{
  return run_script (replies, paths, message, quit, 0, FALSE);
}

/* run_many - count transactions in one session (smtp_client_send_mails),
 * pipelined when EHLO's reply offers it unless no_pipelining */
G_GNUC_UNUSED static Script *
run_many (const char * const *replies, const char * const *paths, const char *message,
          guint count, gboolean no_pipelining)
{
  return run_script (replies, paths, message, FALSE, count, no_pipelining);
}

/* run - the transaction alone, without QUIT */
G_GNUC_UNUSED static Script *
run (const char * const *replies, const char * const *paths, const char *message)
{
  return run_quitting (replies, paths, message, FALSE);
}

/* script_free - the receiver closed, everything freed */
static void
script_free (Script *s)
{
  if (s->watch)
    g_source_remove (s->watch);
  close (s->fd);
  smtp_mail_outcome_free (s->outcome);
  g_clear_error (&s->error);
  g_string_free (s->input, TRUE);
  g_string_free (s->commands, TRUE);
  g_string_free (s->data, TRUE);
  g_free (s->first_read);
  g_ptr_array_unref (s->reads);
  g_main_loop_unref (s->loop);
  g_free (s);
}

#endif
