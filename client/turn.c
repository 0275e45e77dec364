/* turn.c - TURN mode: the client asks the server to swap roles (RFC 821
 * §3.8) and then *is* a receiver on the same connection, running the
 * server session of lib/: it greets with 220, takes the mail the server
 * held for it and stores it in a Maildir (--maildir).
 */
#include <stdio.h>

#include "reply.h"
#include "client.h"
#include "client-open.h"
#include "message.h"
#include "scenario.h"
#include "server-session.h"
#include "store.h"

typedef struct {
  ClientRun *run;
  const char *helo;
  const char *maildir;
  SmtpTrace *trace;
  SmtpScenario *scenario;
  SmtpStore *store;
  SmtpServerSession *session;
  guint received;
} Turn;

typedef struct {
  Turn *turn;
  SmtpServerSession *session;
} Storing;

static void
on_stored (int error, const char *message, gpointer data)
{
  Storing *st = data;
  if (!error)
    st->turn->received++;
  smtp_server_session_stored (st->session, error);
  if (error)
    fprintf (stderr, "smtplab-client: storing mail failed: %s\n", message);
  g_free (st);
}

/* on_store - every message goes into the one Maildir, with Return-Path: */
static void
on_store (SmtpServerSession *session, SmtpTransaction *t, gpointer data)
{
  Turn *turn = data;
  char *reverse = smtp_path_to_string (t->reverse_path);
  gsize len;
  const char *message = g_bytes_get_data (t->message, &len);
  GBytes *bytes = smtp_message_for_mailbox (reverse, message, len);
  char *name = smtp_maildir_unique_name (turn->helo);
  char *target = g_build_filename (turn->maildir, "new", name, NULL);
  const char *targets[] = { target, NULL };
  Storing *st = g_new0 (Storing, 1);
  st->turn = turn;
  st->session = session;
  smtp_store_write (turn->store, targets, bytes, on_stored, st);
  g_free (target);
  g_free (name);
  g_bytes_unref (bytes);
  g_free (reverse);
}

static void
on_session_ended (SmtpServerSession *session, gpointer data)
{
  Turn *turn = data;
  (void) session;
  printf ("%u message%s received into %s\n", turn->received, turn->received == 1 ? "" : "s",
          turn->maildir);
  client_stop (turn->run, EXIT_OK, NULL);
}

/* become_receiver - the socket now carries a server session of ours */
static void
become_receiver (Turn *turn)
{
  static const SmtpServerHooks hooks = { .store = on_store, .ended = on_session_ended };
  GError *error = NULL;
  /* it takes every recipient the holder sends, whatever its domain: after
   * AUTH the held mail is the account's (RFC 2645), not the HELO name's;
   * "relay" here only means "not one of the HELO name's domains", it all
   * goes into the one Maildir */
  char *text = g_strdup_printf ("[host %s]\nlisten=127.0.0.1:0\ncatch-all=%s\nrelay=open\n",
                                turn->helo, turn->helo);
  turn->scenario = smtp_scenario_load_data (text, &error);
  g_free (text);
  if (!turn->scenario) {
    client_stop (turn->run, EXIT_USAGE, error->message);
    g_error_free (error);
    return;
  }
  client_print (turn->run, "--", "roles swapped (RFC 821 §3.8): this client is now the receiver");
  GSocket *socket = smtp_client_steal_socket (turn->run->smtp);
  turn->session = smtp_server_session_new (socket, smtp_scenario_host (turn->scenario, turn->helo),
                                           turn->trace, &hooks, turn);
  g_object_unref (socket);
}

static void
on_turn_reply (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Turn *turn = data;
  (void) client;
  if (error)
    client_stop (turn->run, EXIT_CONNECTION, error->message);
  else if (smtp_reply_is_positive (reply->code))
    become_receiver (turn);
  else {
    char *why = g_strdup_printf ("the server refused TURN: %u", reply->code);
    client_stop (turn->run, client_status_for_code (reply->code), why);
    g_free (why);
  }
}

/* on_ready - STARTTLS and AUTH done when asked for (--user): TURN */
static void
on_ready (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  (void) reply;
  (void) error;
  smtp_client_command (client, "TURN", on_turn_reply, data);
}

/* on_open - greeted and hello said: log in if asked (a holder with
 * turn-auth=required answers TURN 530 before AUTH, RFC 4954 §6), then TURN */
static void
on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
         gpointer data)
{
  Turn *turn = data;
  if (step == SMTP_OPEN_READY)
    client_secure (turn->run, client, reply, on_ready, turn);
  else if (step == SMTP_OPEN_GREETING && error)
    client_stop_error (turn->run, NULL, error);
  else
    client_stop (turn->run, error ? EXIT_CONNECTION : client_status_for_code (reply->code),
                 error ? error->message
                       : step == SMTP_OPEN_GREETING ? "the server is not ready" : "HELO refused");
}

int
client_turn (ClientRun *run, const char *server, const char *helo, const char *maildir,
             SmtpTrace *trace)
{
  GError *error = NULL;
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_free);
  gboolean made = smtp_maildir_create (maildir, changed, &error)
                  && smtp_sync_folders (changed, &error);
  g_ptr_array_unref (changed);
  if (!made) {
    fprintf (stderr, "smtplab-client: %s\n", error->message);
    g_error_free (error);
    return EXIT_USAGE;
  }
  Turn turn = { .run = run, .helo = helo, .maildir = maildir, .trace = trace };
  char *tmp = g_build_filename (maildir, "tmp", NULL);
  turn.store = smtp_store_new (tmp);
  g_free (tmp);
  smtp_client_open (run->smtp, server, on_open, &turn);
  g_main_loop_run (run->loop);
  smtp_store_free (turn.store);
  smtp_server_session_free (turn.session);
  smtp_scenario_free (turn.scenario);
  return run->status;
}
