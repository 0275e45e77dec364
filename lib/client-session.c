/* client-session.c - the sender-SMTP of RFC 821 (§3.1, §4.1, §4.3).
 *
 * Commands go out through one function (client_send), and every reply that
 * comes back is matched to the oldest command still waiting for one (the
 * `waiting` queue): that is all PIPELINING (RFC 2920) needs from us.  A
 * whole mail transaction (smtp_client_send_mail) records each reply and
 * asks client-next.c what to send next; with PIPELINING, MAIL, the RCPTs
 * and DATA go out in one write first.  A run of transactions
 * (smtp_client_send_mails) puts each next group after the previous "."
 * in the same write.
 */
#include "client-private.h"

#include <string.h>

#include "smtp-limits.h"
#include "client-next.h"
#include "listen.h"
#include "message.h"
#include "reply.h"
#include "sasl.h"

typedef struct {
  SmtpReplyFunc done;
  gpointer user_data;
} Waiting;

G_DEFINE_QUARK (smtp-client-error-quark, smtp_client_error)

/* smtp_reply_free - a reply as read, and its lines */
void
smtp_reply_free (SmtpReply *reply)
{
  if (!reply)
    return;
  g_ptr_array_unref (reply->lines);
  g_free (reply);
}

/* smtp_reply_text - the reply's text lines joined with LF */
char *
smtp_reply_text (const SmtpReply *reply)
{
  g_ptr_array_add (reply->lines, NULL);
  char *text = g_strjoinv ("\n", (char **) reply->lines->pdata);
  g_ptr_array_remove_index (reply->lines, reply->lines->len - 1);
  return text;
}

/* ---- replies ---- */

/* trace_reply - the "reply" event for a reply this client received */
static void
trace_reply (SmtpClient *c, const SmtpReply *reply)
{
  g_ptr_array_add (reply->lines, NULL);
  smtp_trace_reply (c->trace, "client", c->id, reply->code,
                    (const char * const *) reply->lines->pdata);
  g_ptr_array_remove_index (reply->lines, reply->lines->len - 1);
}

/* smtp_client_fail_all - the connection is gone: every command waiting gets
 * the error */
void
smtp_client_fail_all (SmtpClient *c, GError *error)
{
  if (!c->failure)
    c->failure = error;
  else
    g_error_free (error);
  smtp_conn_set_timeout (c->conn, 0);
  Waiting *w;
  while ((w = g_queue_pop_head (&c->waiting))) {
    w->done (c, NULL, c->failure, w->user_data);
    g_free (w);
  }
}

/* reply_complete - a whole reply arrived: give it to the oldest command */
static void
reply_complete (SmtpClient *c, SmtpReply *reply)
{
  trace_reply (c, reply);
  if (c->observer.received)
    c->observer.received (c, reply, c->observer_data);
  Waiting *w = g_queue_pop_head (&c->waiting);
  if (g_queue_is_empty (&c->waiting))
    smtp_conn_set_timeout (c->conn, 0);     /* nothing due: no timer */
  if (w) {
    w->done (c, reply, NULL, w->user_data);
    g_free (w);
  }
  smtp_reply_free (reply);
}

/* on_line - one reply line: "250-more" or "250 last" (RFC 821 §4.2) */
static void
on_line (SmtpConn *conn, const char *line, gsize len, SmtpLineFlags flags, gpointer data)
{
  SmtpClient *c = data;
  guint code;
  gboolean last;
  const char *text;
  (void) len;

  if (c->failure)
    return;
  if (flags & SMTP_LINE_TOO_LONG) {
    smtp_client_fail_all (c, g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_PROTOCOL,
                              "reply line longer than %d octets (RFC 5321 §4.5.3.1.5)",
                              SMTP_LIMIT_REPLY_LINE));
    smtp_conn_close (conn);
    return;
  }
  if (!smtp_reply_line_parse (line, &code, &last, &text)
      || (c->partial && c->partial->code != code)) {
    smtp_client_fail_all (c, g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_PROTOCOL,
                              "malformed reply line: \"%.80s\"", line));
    smtp_conn_close (conn);
    return;
  }
  if (!c->partial) {
    c->partial = g_new0 (SmtpReply, 1);
    c->partial->code = code;
    c->partial->lines = g_ptr_array_new_with_free_func (g_free);
  }
  g_ptr_array_add (c->partial->lines, g_strdup (text));
  if (last) {
    SmtpReply *reply = c->partial;
    c->partial = NULL;
    reply_complete (c, reply);
  }
}

/* on_timeout - RFC 5321 §4.5.3.2: no reply in time ends the connection */
static void
on_timeout (SmtpConn *conn, gpointer data)
{
  SmtpClient *c = data;
  smtp_client_fail_all (c, g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_TIMEOUT,
                            "no reply from the server in time (RFC 5321 §4.5.3.2)"));
  smtp_conn_close (conn);
}

/* What QUIT's caller gets once the connection is closed. */
typedef struct {
  SmtpReplyFunc done;
  gpointer user_data;
  SmtpReply *reply;             /* the 221 */
} Quitting;

/* quitting_free - what QUIT's caller was to get */
static void
quitting_free (Quitting *q)
{
  smtp_reply_free (q->reply);
  g_free (q);
}

/* on_ended - the connection is over: traced, and whoever waits is told */
static void
on_ended (SmtpConn *conn, SmtpConnEnd why, gpointer data)
{
  SmtpClient *c = data;
  Quitting *q = c->quitting;
  (void) conn;
  SmtpTraceEvent *b = smtp_trace_begin (c->trace, "client", c->id, "close");
  if (b) {
    smtp_trace_add_string (b, "reason", why == SMTP_CONN_END_LOCAL ? "closed"
                                      : why == SMTP_CONN_END_PEER ? "server closed" : "error");
    smtp_trace_end (c->trace, b);
  }
  smtp_client_fail_all (c, g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED,
                            "the server closed the connection"));
  if (q) {
    c->quitting = NULL;
    q->done (c, q->reply, NULL, q->user_data);     /* may free c */
    quitting_free (q);
  }
}

/* ---- commands ---- */

/* due - the RFC's seconds, unless --timeout replaced them */
static guint
due (SmtpClient *c, guint rfc_seconds)
{
  return c->timeout ? c->timeout : rfc_seconds;
}

/* reply_timeout - RFC 5321 §4.5.3.2: how long to wait for the reply to
 * verb: MAIL and RCPT 5 minutes, DATA's 354 2 minutes, the rest as MAIL
 * (--timeout replaces them all) */
static guint
reply_timeout (SmtpClient *c, const char *verb)
{
  if (g_ascii_strcasecmp (verb, "DATA") == 0)
    return due (c, SMTP_TIMEOUT_DATA_INIT);         /* §4.5.3.2.4 */
  if (g_ascii_strcasecmp (verb, "RCPT") == 0)
    return due (c, SMTP_TIMEOUT_RCPT);              /* §4.5.3.2.3 */
  return due (c, SMTP_TIMEOUT_MAIL);                /* §4.5.3.2.2 */
}

/* wait_for_reply - the next reply is for done, due within seconds */
static void
wait_for_reply (SmtpClient *c, guint seconds, SmtpReplyFunc done, gpointer user_data)
{
  Waiting *w = g_new0 (Waiting, 1);
  w->done = done;
  w->user_data = user_data;
  g_queue_push_tail (&c->waiting, w);
  smtp_conn_set_timeout (c->conn, seconds);
}

/* fail_later - done gets error from the main loop (never re-entrantly) */
typedef struct {
  SmtpClient *client;
  SmtpReplyFunc done;
  gpointer user_data;
  GError *error;
  guint idle;
} Later;

/* later_free - a failure report and its error */
static void
later_free (Later *l)
{
  g_error_free (l->error);
  g_free (l);
}

/* later_cb - a failure reported from the main loop */
static gboolean
later_cb (gpointer data)
{
  Later *l = data;
  l->client->later = g_slist_remove (l->client->later, l);
  l->done (l->client, NULL, l->error, l->user_data);
  later_free (l);
  return G_SOURCE_REMOVE;
}

/* fail_later - done gets error from the main loop (never re-entrantly) */
static void
fail_later (SmtpClient *c, GError *error, SmtpReplyFunc done, gpointer user_data)
{
  Later *l = g_new0 (Later, 1);
  l->client = c;
  l->done = done;
  l->user_data = user_data;
  l->error = error;
  l->idle = g_idle_add (later_cb, l);
  c->later = g_slist_prepend (c->later, l);
}

/* cancel_later - the client goes: reports not yet made are dropped */
static void
cancel_later (SmtpClient *c)
{
  for (GSList *i = c->later; i; i = i->next) {
    Later *l = i->data;
    g_source_remove (l->idle);
    later_free (l);
  }
  g_clear_pointer (&c->later, g_slist_free);
}

/* has_bad_bytes - CR, LF or NUL would end the line early or smuggle a
 * second command (CRLF injection) */
static gboolean
has_bad_bytes (const char *line)
{
  return strpbrk (line, "\r\n") != NULL;
}

/* client_send - sends one command line and waits for its reply */
static void
client_send (SmtpClient *c, const char *line, SmtpReplyFunc done, gpointer user_data)
{
  smtp_client_send_line (c, line, FALSE, done, user_data);
}

/* smtp_client_send_line - one command line out, traced and shown (secrets
 * masked); its reply is awaited */
void
smtp_client_send_line (SmtpClient *c, const char *line, gboolean secret,
                       SmtpReplyFunc done, gpointer user_data)
{
  if (c->failure) {
    fail_later (c, g_error_copy (c->failure), done, user_data);
    return;
  }
  if (has_bad_bytes (line)) {
    fail_later (c, g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_ARGUMENT,
                                "refusing to send a command with CR or LF in it"),
                done, user_data);
    return;
  }
  /* what is shown and traced never holds a secret (RFC 4954 §14) */
  char *shown = secret ? smtp_sasl_mask_response (line) : smtp_sasl_mask_command (line);
  char *verb = secret ? g_strdup ("AUTH") : g_strndup (line, strcspn (line, " "));
  smtp_trace_command (c->trace, "client", c->id, shown, verb);
  if (c->observer.sent)
    c->observer.sent (c, shown, c->observer_data);
  g_free (shown);
  smtp_conn_write (c->conn, line, strlen (line));
  smtp_conn_write (c->conn, "\r\n", 2);
  wait_for_reply (c, reply_timeout (c, verb), done, user_data);
  g_free (verb);
}

/* smtp_client_command - one command line out at once (step and script modes) */
void
smtp_client_command (SmtpClient *c, const char *line, SmtpReplyFunc done, gpointer user_data)
{
  client_send (c, line, done, user_data);
  smtp_conn_flush (c->conn);
}

/* ---- connecting and greeting ---- */

typedef struct {
  SmtpClient *client;
  SmtpReplyFunc done;
  gpointer user_data;
  char *address;            /* connecting: "ADDR:PORT" as given */
} Step;

/* step_new - a step of connecting or greeting, with whom it tells */
static Step *
step_new (SmtpClient *c, SmtpReplyFunc done, gpointer user_data)
{
  Step *s = g_new0 (Step, 1);
  s->client = c;
  s->done = done;
  s->user_data = user_data;
  return s;
}

/* step_free - a step, once its callback ran (or never will) */
static void
step_free (Step *s)
{
  g_free (s->address);
  g_free (s);
}

/* client_start - reads from socket and waits for the 220 greeting */
static void
client_start (SmtpClient *c, GSocket *socket, SmtpReplyFunc done, gpointer user_data)
{
  static const SmtpConnHandlers handlers = { on_line, on_timeout, on_ended };
  c->conn = smtp_conn_new (socket, &handlers, c);
  smtp_conn_set_line_limit (c->conn, SMTP_LIMIT_REPLY_LINE);
  SmtpTraceEvent *b = smtp_trace_begin (c->trace, "client", c->id, "connect");
  if (b) {
    smtp_trace_add_string (b, "peer", smtp_conn_peer_address (c->conn));
    smtp_trace_add_string (b, "local", smtp_conn_local_address (c->conn));
    smtp_trace_end (c->trace, b);
  }
  /* RFC 5321 §4.5.3.2.1: the greeting is due within 5 minutes */
  wait_for_reply (c, due (c, SMTP_TIMEOUT_INITIAL), done, user_data);
  if (c->implicit_tls)
    smtp_client_start_implicit_tls (c);       /* RFC 8314: TLS before the greeting */
}

/* connect_failed - done gets "cannot connect to ADDR:PORT: why" */
static void
connect_failed (SmtpClient *c, Step *s, const char *why)
{
  GError *error = g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CONNECT,
                               "cannot connect to %s: %s", s->address, why);
  c->failure = g_error_copy (error);
  s->done (c, NULL, error, s->user_data);
  g_error_free (error);
  step_free (s);
}

/* on_connect_ready - the non-blocking connect finished, or timed out */
static gboolean
on_connect_ready (GSocket *socket, GIOCondition cond, gpointer data)
{
  Step *s = data;
  SmtpClient *c = s->client;
  GError *error = NULL;
  g_source_destroy (c->connecting);
  g_clear_pointer (&c->connecting, g_source_unref);
  c->connect_step = NULL;
  if (cond == 0)
    connect_failed (c, s, "no answer in time");
  else if (!g_socket_check_connect_result (socket, &error)) {
    connect_failed (c, s, error->message);
    g_error_free (error);
  } else {
    client_start (c, socket, s->done, s->user_data);
    step_free (s);
  }
  g_object_unref (socket);
  return G_SOURCE_REMOVE;
}

/* smtp_client_adopt_socket - TURN (RFC 821 §3.8): a client on a socket that
 * was a server's */
void
smtp_client_adopt_socket (SmtpClient *c, GSocket *socket, SmtpReplyFunc done, gpointer user_data)
{
  client_start (c, socket, done, user_data);
}

/* smtp_client_steal_socket - TURN the other way: the socket leaves the
 * client */
GSocket *
smtp_client_steal_socket (SmtpClient *c)
{
  GSocket *socket = smtp_conn_steal_socket (c->conn);
  c->failure = g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED,
                            "the connection was handed over (TURN)");
  return socket;
}

/* smtp_client_connect - a non-blocking connect to "ADDR:PORT", then the 220
 * greeting */
void
smtp_client_connect (SmtpClient *c, const char *address, SmtpReplyFunc done, gpointer user_data)
{
  GError *error = NULL;
  Step *s = step_new (c, done, user_data);
  s->address = g_strdup (address);
  GSocketAddress *target = smtp_parse_address (address, &error);
  GSocket *socket = target ? g_socket_new (g_socket_address_get_family (target), G_SOCKET_TYPE_STREAM,
                                           G_SOCKET_PROTOCOL_TCP, &error) : NULL;
  if (socket && c->source_address) {
    GInetAddress *ip = g_inet_address_new_from_string (c->source_address);
    GSocketAddress *local = ip ? g_inet_socket_address_new (ip, 0) : NULL;
    if (local && !g_socket_bind (socket, local, TRUE, &error))
      g_clear_object (&socket);
    g_clear_object (&local);
    g_clear_object (&ip);
  }
  if (socket) {
    /* a non-blocking connect: the loop tells us when it is done */
    g_socket_set_blocking (socket, FALSE);
    if (!g_socket_connect (socket, target, NULL, &error)
        && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
      g_clear_object (&socket);
    g_clear_error (&error);
  }
  g_clear_object (&target);
  if (!socket) {
    GError *failed = g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CONNECT,
                                  "cannot connect to %s: %s",
                                  address, error ? error->message : "no such address");
    c->failure = g_error_copy (failed);
    fail_later (c, failed, done, user_data);
    g_clear_error (&error);
    step_free (s);
    return;
  }
  c->connecting = g_socket_create_source (socket, G_IO_OUT, NULL);
  g_source_set_ready_time (c->connecting, g_get_monotonic_time ()
                           + (gint64) due (c, SMTP_TIMEOUT_INITIAL) * G_USEC_PER_SEC);
  g_source_set_callback (c->connecting, (GSourceFunc) (void (*) (void)) on_connect_ready, s, NULL);
  c->connect_step = s;
  g_source_attach (c->connecting, NULL);
}

/* remember_extensions - RFC 1869 §4.3: each line after the first of the
 * EHLO reply is a keyword, maybe with parameters */
static void
remember_extensions (SmtpClient *c, const SmtpReply *reply)
{
  g_ptr_array_set_size (c->extensions, 0);
  for (guint i = 1; i < reply->lines->len; i++)
    g_ptr_array_add (c->extensions, g_strdup (g_ptr_array_index (reply->lines, i)));
}

/* on_helo_reply - HELO answered: the caller hears */
static void
on_helo_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  Step *s = data;
  s->done (c, reply, error, s->user_data);
  step_free (s);
}

/* on_ehlo_reply - EHLO answered: the extensions kept, or HELO instead */
static void
on_ehlo_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  Step *s = data;
  /* RFC 5321 §3.2: a server that does not know EHLO says 500/502/504/550;
   * then the client falls back to RFC 821's HELO */
  if (reply && smtp_reply_is_permanent (reply->code) && reply->code != 554) {
    char *line = g_strdup_printf ("HELO %s", c->helo_domain);
    smtp_client_command (c, line, on_helo_reply, s);
    g_free (line);
    return;
  }
  if (reply && smtp_reply_is_positive (reply->code))
    remember_extensions (c, reply);
  s->done (c, reply, error, s->user_data);
  step_free (s);
}

/* smtp_client_hello - EHLO, falling back to HELO (RFC 5321 §3.2) */
void
smtp_client_hello (SmtpClient *c, SmtpReplyFunc done, gpointer user_data)
{
  char *line = g_strdup_printf ("EHLO %s", c->helo_domain);
  smtp_client_command (c, line, on_ehlo_reply, step_new (c, done, user_data));
  g_free (line);
}

/* queue_data - the mail data dot-stuffed (RFC 821 §4.5.2) and "." queued,
 * its reply awaited; the next flush sends it */
static void
queue_data (SmtpClient *c, GBytes *mail_data, SmtpReplyFunc done, gpointer user_data)
{
  if (c->failure) {
    fail_later (c, g_error_copy (c->failure), done, user_data);
    return;
  }
  gsize len;
  const char *data = g_bytes_get_data (mail_data, &len);
  GBytes *wire = smtp_dot_stuff (data, len);
  const char *bytes = g_bytes_get_data (wire, &len);
  smtp_conn_write (c->conn, bytes, len);
  if (c->observer.data_sent)
    c->observer.data_sent (c, wire, c->observer_data);
  SmtpTraceEvent *b = smtp_trace_begin (c->trace, "client", c->id, "data");
  if (b) {
    smtp_trace_add_int (b, "size", g_bytes_get_size (mail_data));
    smtp_trace_end (c->trace, b);
  }
  g_bytes_unref (wire);
  /* RFC 5321 §4.5.3.2.6: up to 10 minutes for the reply to "." */
  wait_for_reply (c, due (c, SMTP_TIMEOUT_DATA_TERM), done, user_data);
}

/* smtp_client_data - the mail data dot-stuffed (RFC 821 §4.5.2), then the
 * reply to "." */
void
smtp_client_data (SmtpClient *c, GBytes *mail_data, SmtpReplyFunc done, gpointer user_data)
{
  queue_data (c, mail_data, done, user_data);
  if (!c->failure)
    smtp_conn_flush (c->conn);
}

/* on_quit_reply - the 221: now the clean close (conn.c: TLS close_notify,
 * FIN, the server's end read), and only then the caller hears of it */
static void
on_quit_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  Quitting *q = data;
  if (error) {
    q->done (c, reply, error, q->user_data);
    quitting_free (q);
    return;
  }
  q->reply = g_new0 (SmtpReply, 1);
  q->reply->code = reply->code;
  q->reply->lines = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < reply->lines->len; i++)
    g_ptr_array_add (q->reply->lines, g_strdup (g_ptr_array_index (reply->lines, i)));
  c->quitting = q;
  smtp_conn_close (c->conn);
}

/* smtp_client_quit - QUIT, and the clean close after its 221 */
void
smtp_client_quit (SmtpClient *c, SmtpReplyFunc done, gpointer user_data)
{
  Quitting *q = g_new0 (Quitting, 1);
  q->done = done;
  q->user_data = user_data;
  smtp_client_command (c, "QUIT", on_quit_reply, q);
}

/* ---- one whole mail transaction ---- */

typedef struct _MailRun MailRun;

typedef struct {
  SmtpClient *client;
  MailRun *run;                   /* the run it is part of, or NULL */
  char *mail;                     /* "MAIL FROM:<...> params" */
  SmtpMailOutcome *outcome;
  GBytes *message;
  SmtpClientProgress progress;    /* what client-next.c decides from */
  char **forward_paths;
  SmtpMailFunc done;
  gpointer user_data;
  GError *error;
  guint unanswered;               /* its commands still waiting for a reply */
  gboolean finished;              /* the caller has the outcome */
  gboolean holds_reverse_path;    /* MAIL accepted; no "." or RSET since */
  gboolean followed;              /* the run's next transaction has begun */
} MailJob;

static void run_job_finished (MailJob *job);
static gboolean pipelines (SmtpClient *c);
static void run_follow_data (MailJob *job);

/* One command of a job, waiting for its reply. */
typedef struct {
  MailJob *job;
  SmtpSent sent;
} JobCommand;

/* mail_job_free - the job, once no reply is due to it */
static void
mail_job_free (MailJob *job)
{
  g_clear_error (&job->error);
  g_bytes_unref (job->message);
  g_strfreev (job->forward_paths);
  g_free (job->mail);
  g_free (job);
}

/* mail_job_finish - the caller gets the outcome; the job goes once no
 * reply is due to it.  A decision that ends the transaction with commands
 * unanswered (lab 10's smtp_client_next can) leaves those replies to be
 * read and dropped, so the next command gets its own reply */
static void
mail_job_finish (MailJob *job)
{
  job->finished = TRUE;
  if (job->run)
    run_job_finished (job);
  else
    job->done (job->client, job->outcome, job->error, job->user_data);
  if (job->unanswered == 0)
    mail_job_free (job);
}

static void on_job_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data);

/* job_send - one command of the job out; its reply goes to on_job_reply */
static void
job_send (MailJob *job, SmtpSent sent, const char *line)
{
  JobCommand *command = g_new0 (JobCommand, 1);
  command->job = job;
  command->sent = sent;
  job->unanswered++;
  client_send (job->client, line, on_job_reply, command);
}

/* job_send_rcpt - "RCPT TO:" the forward-path number i */
static void
job_send_rcpt (MailJob *job, guint i)
{
  char *line = g_strdup_printf ("RCPT TO:%s", job->forward_paths[i]);
  job_send (job, SMTP_SENT_RCPT, line);
  g_free (line);
}

/* job_record - what a reply says goes into the outcome */
static void
job_record (MailJob *job, SmtpSent sent, const SmtpReply *reply)
{
  SmtpMailOutcome *o = job->outcome;
  switch (sent) {
  case SMTP_SENT_MAIL:
    o->mail_code = reply->code;
    o->mail_text = smtp_reply_text (reply);
    job->holds_reverse_path = smtp_reply_is_positive (reply->code);
    break;
  case SMTP_SENT_RCPT: {
    SmtpRecipientOutcome *r = g_ptr_array_index (o->recipients, job->progress.answered - 1);
    r->code = reply->code;
    r->text = smtp_reply_text (reply);
    if (smtp_reply_is_positive (reply->code))      /* 250, 251 */
      job->progress.accepted++;
    break;
  }
  case SMTP_SENT_DATA:
    o->data_code = reply->code;
    if (!smtp_reply_is_intermediate (reply->code))
      o->final_text = smtp_reply_text (reply);
    break;
  case SMTP_SENT_MESSAGE:
    o->final_code = reply->code;
    o->final_text = smtp_reply_text (reply);
    break;
  case SMTP_SENT_RSET:
    break;
  }
}

/* job_act - does what smtp_client_next decided */
static void
job_act (MailJob *job, SmtpClientNext next)
{
  GBytes *empty;
  switch (next) {
  case SMTP_NEXT_WAIT:
    return;
  case SMTP_NEXT_RCPT:
    job_send_rcpt (job, job->progress.answered);
    break;
  case SMTP_NEXT_DATA:
    job_send (job, SMTP_SENT_DATA, "DATA");
    break;
  case SMTP_NEXT_RSET:
    job->holds_reverse_path = FALSE;               /* RFC 821 §4.1.1: RSET aborts it */
    job_send (job, SMTP_SENT_RSET, "RSET");
    break;
  case SMTP_NEXT_MESSAGE:
  case SMTP_NEXT_NO_MESSAGE: {
    JobCommand *command = g_new0 (JobCommand, 1);
    command->job = job;
    command->sent = SMTP_SENT_MESSAGE;
    empty = g_bytes_new_static ("", 0);
    job->unanswered++;
    job->holds_reverse_path = FALSE;               /* "." ends the transaction */
    queue_data (job->client, next == SMTP_NEXT_MESSAGE ? job->message : empty,
                on_job_reply, command);
    g_bytes_unref (empty);
    if (job->run)
      run_follow_data (job);
    break;
  }
  case SMTP_NEXT_DONE:
    mail_job_finish (job);
    return;
  }
  smtp_conn_flush (job->client->conn);
}

/* on_job_reply - a reply to one of the job's commands: recorded, then the
 * next step.  A failed connection ends the job at once, or, when the
 * commands went out together, at the last reply due (DATA's) */
static void
on_job_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  JobCommand *command = data;
  MailJob *job = command->job;
  SmtpSent sent = command->sent;
  (void) c;
  g_free (command);
  job->unanswered--;
  if (job->finished) {
    if (job->unanswered == 0)
      mail_job_free (job);
    return;
  }
  if (sent == SMTP_SENT_RCPT)
    job->progress.answered++;
  if (error && !job->error)
    job->error = g_error_copy (error);
  if (job->error) {
    gboolean more_due = job->progress.pipelined && (sent == SMTP_SENT_MAIL || sent == SMTP_SENT_RCPT);
    if (!more_due)
      mail_job_finish (job);
    return;
  }
  job_record (job, sent, reply);
  job_act (job, smtp_client_next (sent, reply->code, &job->progress));
}

/* job_new - a transaction not yet begun, with a blank outcome; job->error
 * says when it cannot begin (CR or LF in the MAIL line or in a path, no
 * recipient) */
static MailJob *
job_new (SmtpClient *c, const char *mail, const char * const *forward_paths, GBytes *message)
{
  MailJob *job = g_new0 (MailJob, 1);
  job->client = c;
  job->mail = g_strdup (mail);
  job->message = g_bytes_ref (message);
  job->forward_paths = g_strdupv ((char **) forward_paths);
  job->outcome = g_new0 (SmtpMailOutcome, 1);
  job->outcome->recipients = g_ptr_array_new ();
  gboolean bad = has_bad_bytes (mail);
  for (guint i = 0; forward_paths[i]; i++) {
    SmtpRecipientOutcome *r = g_new0 (SmtpRecipientOutcome, 1);
    r->forward_path = g_strdup (forward_paths[i]);
    g_ptr_array_add (job->outcome->recipients, r);
    bad = bad || has_bad_bytes (forward_paths[i]);
  }
  if (bad || !forward_paths[0])
    job->error = g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_ARGUMENT,
                              bad ? "refusing to send an address with CR or LF in it"
                                  : "no recipient given");
  job->progress.recipients = job->outcome->recipients->len;
  job->progress.pipelined = pipelines (c);
  return job;
}

/* mail_line - "MAIL FROM:<reverse-path> params" (or SEND, SOML, SAML) */
static char *
mail_line (SmtpMailMode mode, const char *reverse_path, const char *mail_params)
{
  return g_strdup_printf ("%s FROM:%s%s%s", smtp_verb_for_mode (mode), reverse_path,
                          mail_params && *mail_params ? " " : "",
                          mail_params ? mail_params : "");
}

/* job_begin - MAIL, and with PIPELINING every RCPT and DATA after it
 * (RFC 2920 §3.1: MAIL and RCPT may be anywhere in a group, DATA ends
 * it: its reply decides what comes next); queued, not yet flushed */
static void
job_begin (MailJob *job)
{
  job_send (job, SMTP_SENT_MAIL, job->mail);
  if (job->progress.pipelined) {
    for (guint i = 0; job->forward_paths[i]; i++)
      job_send_rcpt (job, i);
    job_send (job, SMTP_SENT_DATA, "DATA");
  }
}

/* smtp_client_send_mail - one whole mail transaction (RFC 821 §3.1),
 * pipelined when offered */
void
smtp_client_send_mail (SmtpClient *c, SmtpMailMode mode, const char *reverse_path,
                       const char * const *forward_paths, const char *mail_params,
                       GBytes *message, SmtpMailFunc done, gpointer user_data)
{
  char *mail = mail_line (mode, reverse_path, mail_params);
  MailJob *job = job_new (c, mail, forward_paths, message);
  g_free (mail);
  job->done = done;
  job->user_data = user_data;
  if (job->error) {
    mail_job_finish (job);
    return;
  }
  job_begin (job);
  smtp_conn_flush (c->conn);
}

/* ---- a run: the same transaction again and again in one session ---- */

struct _MailRun {
  guint count;                    /* transactions to run */
  guint begun;                    /* transactions begun */
  guint reported;                 /* outcomes handed to each */
  guint unfinished;               /* begun, outcome not yet handed out */
  gboolean over;                  /* the last outcome was handed out */
  SmtpMessageFunc message;        /* the message of each transaction */
  SmtpMailsFunc each;
  gpointer user_data;
};

static void on_run_rset (SmtpClient *c, const SmtpReply *reply, const GError *error,
                         gpointer data);

/* run_begin - the run's next transaction after job; with rset_first, RSET
 * before its MAIL.  Queued, not yet flushed */
static void
run_begin (const MailJob *job, gboolean rset_first)
{
  MailRun *run = job->run;
  GBytes *message = run->message (run->begun + 1, run->user_data);
  MailJob *next = job_new (job->client, job->mail, (const char * const *) job->forward_paths,
                           message);
  g_bytes_unref (message);
  next->run = run;
  next->run->begun++;
  next->run->unfinished++;
  if (!rset_first) {
    job_begin (next);
    return;
  }
  /* RFC 5321 §4.1.4: MAIL begins a transaction only when none is under
   * way, and the last one still holds its reverse-path (its DATA was
   * refused); RSET ends it (RFC 821 §4.1.1).  RFC 2920 §3.1: RSET may be
   * anywhere in a group, so with PIPELINING the group follows at once */
  client_send (next->client, "RSET", on_run_rset, next->progress.pipelined ? NULL : next);
  if (next->progress.pipelined)
    job_begin (next);
}

/* on_run_rset - RSET answered: without PIPELINING, now the MAIL (whatever
 * the reply: if RSET failed, MAIL's own reply says so) */
static void
on_run_rset (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  MailJob *next = data;
  (void) reply;
  (void) error;
  if (next) {
    job_begin (next);
    if (!c->failure)
      smtp_conn_flush (c->conn);
  }
}

/* run_more - TRUE while transactions of the run remain to begin */
static gboolean
run_more (const MailRun *run)
{
  return !run->over && run->begun < run->count;
}

/* run_follow_data - job's "." is queued: RFC 2920 §3.1 ("the actual
 * transfer of message content is explicitly allowed to be the first
 * command in a group"), so the next transaction's group goes in the same
 * write; its replies come after the reply to "." */
static void
run_follow_data (MailJob *job)
{
  if (job->progress.pipelined && run_more (job->run)) {
    job->followed = TRUE;
    run_begin (job, FALSE);
  }
}

/* run_job_finished - one transaction of the run is over: each hears it,
 * then the next one begins unless it went out behind the "." already */
static void
run_job_finished (MailJob *job)
{
  MailRun *run = job->run;
  SmtpClient *c = job->client;
  run->unfinished--;
  if (run->over) {                  /* an error ended the run: drop the rest */
    smtp_mail_outcome_free (job->outcome);
  } else {
    guint number = ++run->reported;
    gboolean last = job->error || number == run->count;
    run->over = last;
    run->each (c, number, job->outcome, job->error, last, run->user_data);
    if (!last && !job->followed) {
      run_begin (job, job->holds_reverse_path);
      if (!c->failure)
        smtp_conn_flush (c->conn);
    }
  }
  if (run->over && run->unfinished == 0)
    g_free (run);
}

/* smtp_client_send_mails - count transactions in one session, each next
 * one pipelined behind the previous "." when PIPELINING is offered */
void
smtp_client_send_mails (SmtpClient *c, guint count, SmtpMailMode mode, const char *reverse_path,
                        const char * const *forward_paths, const char *mail_params,
                        SmtpMessageFunc message_for, SmtpMailsFunc each, gpointer user_data)
{
  char *mail = mail_line (mode, reverse_path, mail_params);
  GBytes *message = message_for (1, user_data);
  MailJob *job = job_new (c, mail, forward_paths, message);
  g_bytes_unref (message);
  g_free (mail);
  MailRun *run = g_new0 (MailRun, 1);
  run->count = count;
  run->message = message_for;
  run->each = each;
  run->user_data = user_data;
  run->begun = 1;
  run->unfinished = 1;
  job->run = run;
  if (count == 0 && !job->error)
    job->error = g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_ARGUMENT, "no mail to send");
  if (job->error) {
    mail_job_finish (job);
    return;
  }
  job_begin (job);
  smtp_conn_flush (c->conn);
}

/* recipient_outcome_free - one recipient's outcome */
static void
recipient_outcome_free (SmtpRecipientOutcome *r)
{
  g_free (r->forward_path);
  g_free (r->text);
  g_free (r);
}

/* smtp_mail_outcome_free - a transaction's outcome */
void
smtp_mail_outcome_free (SmtpMailOutcome *o)
{
  if (!o)
    return;
  g_ptr_array_foreach (o->recipients, (GFunc) (void (*) (void)) recipient_outcome_free, NULL);
  g_ptr_array_unref (o->recipients);
  g_free (o->mail_text);
  g_free (o->final_text);
  g_free (o);
}

/* smtp_mail_outcome_code - the reply that decided recipient i's fate */
guint
smtp_mail_outcome_code (const SmtpMailOutcome *o, guint i, const char **text)
{
  const SmtpRecipientOutcome *r = g_ptr_array_index (o->recipients, i);
  const char *why = NULL;
  guint code;
  if (!smtp_reply_is_positive (o->mail_code)) {
    code = o->mail_code;
    why = o->mail_text;
  } else if (!smtp_reply_is_positive (r->code)) {
    code = r->code;
    why = r->text;
  } else if (!smtp_reply_is_intermediate (o->data_code)) {
    code = o->data_code;
    why = o->final_text;
  } else {
    code = o->final_code;
    why = o->final_text;
  }
  if (text)
    *text = why ? why : "";
  return code;
}

/* smtp_mail_outcome_class - 0, or the worst class of failure: 4 or 5 (RFC
 * 5321 §4.2.1) */
guint
smtp_mail_outcome_class (const SmtpMailOutcome *o)
{
  guint worst = 0;
  for (guint i = 0; i < o->recipients->len; i++) {
    guint code = smtp_mail_outcome_code (o, i, NULL);
    if (code == 0 || smtp_reply_is_positive (code))
      continue;
    /* 4yz and 5yz as they are; a 1yz or 3yz where the transaction
     * should have ended is the server breaking the protocol: permanent */
    worst = MAX (worst, smtp_reply_is_transient (code) ? 4 : 5);
  }
  return worst;
}

/* ---- the client itself ---- */

/* smtp_client_new - a sender that says HELO/EHLO helo_domain */
SmtpClient *
smtp_client_new (const char *helo_domain, SmtpTrace *trace)
{
  SmtpClient *c = g_new0 (SmtpClient, 1);
  c->helo_domain = g_strdup (helo_domain);
  c->trace = trace;
  c->id = smtp_trace_new_session_id ();
  c->extensions = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&c->waiting);
  return c;
}

/* smtp_client_free - the sender, its connection and whatever still waits */
void
smtp_client_free (SmtpClient *c)
{
  if (!c)
    return;
  if (c->conn && !c->failure) {      /* closed by us, not by the server */
    SmtpTraceEvent *b = smtp_trace_begin (c->trace, "client", c->id, "close");
    if (b) {
      smtp_trace_add_string (b, "reason", "closed");
      smtp_trace_end (c->trace, b);
    }
  }
  cancel_later (c);
  if (c->quitting)
    quitting_free (c->quitting);
  if (c->connecting) {
    g_source_destroy (c->connecting);
    g_source_unref (c->connecting);
    step_free (c->connect_step);
  }
  smtp_conn_free (c->conn);
  g_free (c->tls_name);
  g_queue_clear_full (&c->waiting, g_free);
  smtp_reply_free (c->partial);
  g_ptr_array_unref (c->extensions);
  g_clear_error (&c->failure);
  g_free (c->source_address);
  g_free (c->helo_domain);
  g_free (c->id);
  g_free (c);
}

/* smtp_client_set_observer - who watches the dialogue (C:/S: lines) */
void
smtp_client_set_observer (SmtpClient *c, const SmtpClientObserver *observer, gpointer user_data)
{
  c->observer = *observer;
  c->observer_data = user_data;
}

/* smtp_client_set_timeout - --timeout: seconds for every reply */
void
smtp_client_set_timeout (SmtpClient *c, guint seconds)
{
  c->timeout = seconds;
}

/* smtp_client_set_source_address - the local address to connect from */
void
smtp_client_set_source_address (SmtpClient *c, const char *ip)
{
  g_free (c->source_address);
  c->source_address = g_strdup (ip);
}

/* find_extension - the EHLO line for keyword, or NULL */
static const char *
find_extension (SmtpClient *c, const char *keyword)
{
  gsize n = strlen (keyword);
  for (guint i = 0; i < c->extensions->len; i++) {
    const char *line = g_ptr_array_index (c->extensions, i);
    if (g_ascii_strncasecmp (line, keyword, n) == 0 && (line[n] == '\0' || line[n] == ' '))
      return line;
  }
  return NULL;
}

/* smtp_client_has_extension - did the EHLO reply list keyword (RFC 1869
 * §4.3)? */
gboolean
smtp_client_has_extension (SmtpClient *c, const char *keyword)
{
  return find_extension (c, keyword) != NULL;
}

/* smtp_client_set_pipelining - FALSE: one command, one reply, always */
void
smtp_client_set_pipelining (SmtpClient *c, gboolean allowed)
{
  c->no_pipelining = !allowed;
}

/* pipelines - RFC 2920 §3.1: a client may pipeline only when the
 * server's EHLO reply listed PIPELINING (and it was not turned off) */
static gboolean
pipelines (SmtpClient *c)
{
  return !c->no_pipelining && smtp_client_has_extension (c, "PIPELINING");
}
