/* test-client-transaction.c - the sender's whole mail transaction
 * (smtp_client_send_mail in lib/client-session.c) against a scripted
 * receiver on the other end of a socketpair: the receiver answers each
 * command line with the next reply of its script, on the main loop, and
 * keeps what it read.  One path per rule (RFC 821 §3.1, §4.5.2; RFC 2920). */
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
  guint watch;

  /* the sender's side */
  GMainLoop *loop;
  const char * const *paths;
  const char *message;
  SmtpMailOutcome *outcome;
  GError *error;
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

/* on_sent - the transaction's outcome */
static void
on_sent (SmtpClient *client, SmtpMailOutcome *outcome, const GError *error, gpointer data)
{
  Script *s = data;
  (void) client;
  s->outcome = outcome;
  s->error = error ? g_error_copy (error) : NULL;
  g_main_loop_quit (s->loop);
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
  GBytes *message = g_bytes_new_static (s->message, strlen (s->message));
  smtp_client_send_mail (client, SMTP_MAIL_MODE_MAIL, "<Smith@Alpha.ARPA>", s->paths, NULL,
                         message, on_sent, s);
  g_bytes_unref (message);
}

/* run - the greeting, EHLO's reply (first of replies), then the
 * transaction for paths with message, against the rest of replies */
static Script *
run (const char * const *replies, const char * const *paths, const char *message)
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
  g_main_loop_unref (s->loop);
  g_free (s);
}

static const char *const two[] = { "<Jones@Beta.ARPA>", "<Green@Beta.ARPA>", NULL };
static const char *const one[] = { "<Jones@Beta.ARPA>", NULL };

/* RFC 821 §3.1, one command at a time: MAIL, RCPT, RCPT, DATA, the data;
 * Green refused, Jones accepted, the data taken */
static void
test_one_at_a_time (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "250 OK", "550 No such user here", "354 Start mail input",
    "250 OK", NULL };
  Script *s = run (replies, two, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_cmpstr (s->commands->str, ==,
                   "EHLO Alpha.ARPA\r\nMAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                   "RCPT TO:<Green@Beta.ARPA>\r\nDATA\r\n");
  g_assert_cmpstr (s->data->str, ==, "Subject: x\r\n\r\nBlah\r\n.\r\n");
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 0, NULL), ==, 250);
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 1, NULL), ==, 550);
  script_free (s);
}

/* RFC 2920 §3.1: with PIPELINING, MAIL, the RCPTs and DATA go out in one
 * write, before any reply */
static void
test_pipelined_group (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "250 OK", "550 No such user here",
    "354 Start mail input", "250 OK", NULL };
  Script *s = run (replies, two, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_cmpstr (s->first_read, ==, "MAIL FROM:<Smith@Alpha.ARPA>\r\nRCPT TO:<Jones@Beta.ARPA>\r\n"
                                      "RCPT TO:<Green@Beta.ARPA>\r\nDATA\r\n");
  g_assert_cmpuint (s->outcome->final_code, ==, 250);
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 5);
  script_free (s);
}

/* §3.1: nobody accepted: no DATA, RSET ends the transaction */
static void
test_all_refused_rset (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "550 No such user here", "550 No such user here", "250 OK", NULL };
  Script *s = run (replies, two, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_true (g_str_has_suffix (s->commands->str, "RCPT TO:<Green@Beta.ARPA>\r\nRSET\r\n"));
  g_assert_cmpuint (s->outcome->data_code, ==, 0);
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 5);
  script_free (s);
}

/* RFC 2920 §3.1: pipelined, a 354 although no recipient was accepted: the
 * client ends the data at once, sending no message */
static void
test_354_with_no_recipient (void)
{
  static const char *const replies[] = {
    "250-Beta.ARPA\r\n250 PIPELINING", "250 OK", "550 No such user here",
    "354 Start mail input", "554 No valid recipients", NULL };
  Script *s = run (replies, one, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_no_error (s->error);
  g_assert_cmpstr (s->data->str, ==, ".\r\n");
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 0, NULL), ==, 550);
  script_free (s);
}

/* §4.5.2: a line of the message that starts with "." gets one more */
static void
test_dot_stuffing (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "250 OK", "354 Start mail input", "250 OK", NULL };
  Script *s = run (replies, one, "Subject: x\r\n\r\n.\r\n..two\r\nend");
  g_assert_cmpstr (s->data->str, ==, "Subject: x\r\n\r\n..\r\n...two\r\nend\r\n.\r\n");
  script_free (s);
}

/* RFC 821 §3.8: 421 in the middle and the connection closed: the
 * recipient's fate is the 421 (try later), and the job says why it ended */
static void
test_421_mid_transaction (void)
{
  static const char *const replies[] = {
    "250 Beta.ARPA", "250 OK", "421 Beta.ARPA Service not available, closing transmission channel",
    "", NULL };
  Script *s = run (replies, one, "Subject: x\r\n\r\nBlah\r\n");
  g_assert_cmpuint (smtp_mail_outcome_code (s->outcome, 0, NULL), ==, 421);
  g_assert_cmpuint (smtp_mail_outcome_class (s->outcome), ==, 4);
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED);
  script_free (s);
}

/* RFC 821 §4.2: a reply line must start with three digits; RFC 5321
 * §4.5.3.1.5: and fit in 512 octets.  Either is a protocol error */
static void
test_bad_replies (void)
{
  static const char *const malformed[] = { "250 Beta.ARPA", "25O OK", NULL };
  Script *s = run (malformed, one, "x");
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_PROTOCOL);
  script_free (s);
  char *long_reply = g_strnfill (600, 'x');
  memcpy (long_reply, "250 ", 4);
  const char *const too_long[] = { "250 Beta.ARPA", long_reply, NULL };
  s = run (too_long, one, "x");
  g_assert_error (s->error, SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_PROTOCOL);
  script_free (s);
  g_free (long_reply);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-transaction/one-at-a-time", test_one_at_a_time);
  g_test_add_func ("/client-transaction/pipelined-group-in-one-write", test_pipelined_group);
  g_test_add_func ("/client-transaction/all-refused-rset", test_all_refused_rset);
  g_test_add_func ("/client-transaction/354-with-no-recipient", test_354_with_no_recipient);
  g_test_add_func ("/client-transaction/dot-stuffing", test_dot_stuffing);
  g_test_add_func ("/client-transaction/421-mid-transaction", test_421_mid_transaction);
  g_test_add_func ("/client-transaction/malformed-or-long-reply", test_bad_replies);
  return g_test_run ();
}
