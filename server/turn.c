/* turn.c - TURN (RFC 821 §3.8) and ETRN (RFC 1985): mail held for a host
 * that is only reachable when it connects (hold-for= in the scenario).
 *
 * After TURN the server is the sender on the same connection: it waits for
 * the client's 220 (the client is now the receiver), says EHLO and sends
 * each held message, then QUIT.  ETRN only asks the relay to try now.
 *
 * The other side is here too: a host with turn-poll= connects to the
 * holding host now and then, says TURN, and on 250 becomes the receiver.
 */
#include "reply.h"
#include "turn.h"

#include "client-open.h"
#include "relay.h"
#include "turn-policy.h"

typedef struct {
  Host *host;
  SmtpClient *client;
  GPtrArray *held;          /* of QueueEntry, taken from the relay */
  guint next;
} Turn;

static void send_next (Turn *turn);

static void
turn_free (Turn *turn)
{
  /* whatever was not delivered goes back to the relay, still held */
  for (guint i = turn->next; i < turn->held->len; i++)
    relay_return (turn->host->relay, g_ptr_array_index (turn->held, i));
  g_ptr_array_unref (turn->held);
  smtp_client_free (turn->client);
  g_free (turn);
}

static void
on_quit (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  (void) client;
  (void) reply;
  (void) error;
  turn_free (data);
}

static void
on_sent (SmtpClient *client, SmtpMailOutcome *outcome, const GError *error, gpointer data)
{
  Turn *turn = data;
  (void) client;
  QueueEntry *e = g_ptr_array_index (turn->held, turn->next);
  if (error) {
    smtp_mail_outcome_free (outcome);
    turn_free (turn);
    return;
  }
  turn->next++;
  /* RFC 821 §3.8 leaves the rest to the receiver: a message it took is done */
  if (smtp_mail_outcome_class (outcome) == 0)
    relay_remove_file (turn->host->relay, e);
  else
    relay_return (turn->host->relay, e);
  smtp_mail_outcome_free (outcome);
  send_next (turn);
}

static void
send_next (Turn *turn)
{
  if (turn->next >= turn->held->len) {
    smtp_client_quit (turn->client, on_quit, turn);
    return;
  }
  QueueEntry *e = g_ptr_array_index (turn->held, turn->next);
  g_ptr_array_add (e->forward_paths, NULL);
  smtp_client_send_mail (turn->client, SMTP_MAIL_MODE_MAIL, e->reverse_path,
                         (const char * const *) e->forward_paths->pdata, NULL, e->message,
                         on_sent, turn);
  g_ptr_array_remove_index (e->forward_paths, e->forward_paths->len - 1);
}

/* on_open - the peer greeted and took our hello: the held mail, one by one */
static void
on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
         gpointer data)
{
  (void) client;
  (void) reply;
  (void) error;
  if (step == SMTP_OPEN_READY)
    send_next (data);
  else
    turn_free (data);
}

void
turn_start (Host *host, GSocket *socket, const char *domain)
{
  Turn *turn = g_new0 (Turn, 1);
  turn->host = host;
  turn->held = domain ? relay_take_held (host->relay, domain) : g_ptr_array_new ();
  turn->client = smtp_client_new (host->config->name, host->trace);
  smtp_client_set_timeout (turn->client, host->config->timeout);
  smtp_client_open_adopted (turn->client, socket, on_open, turn);
}

int
turn_etrn (Host *host, const char *domain)
{
  const char *held = smtp_turn_held_domain (host->config, domain);
  return held ? (int) relay_release (host->relay, held) : -1;
}

/* ---- asking for held mail (turn-poll=) ---- */

typedef struct {
  Host *host;
  char *holder;             /* the host that holds mail for us */
  SmtpClient *client;       /* NULL between polls */
  guint timer;
} Poll;

static gboolean poll_now (gpointer data);

/* poll_later - this poll is over; the next one in retry= seconds */
static void
poll_later (Poll *p)
{
  smtp_client_free (p->client);
  p->client = NULL;
  p->timer = g_timeout_add_seconds (MAX (p->host->config->retry, 1), poll_now, p);
}

static void
on_poll_quit (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  (void) client;
  (void) reply;
  (void) error;
  poll_later (data);
}

/* on_poll_turn - RFC 821 §3.8: after 250 we are the receiver-SMTP on this
 * connection, a session like any other of this host's */
static void
on_poll_turn (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Poll *p = data;
  if (error) {
    poll_later (p);
  } else if (smtp_reply_is_positive (reply->code)) {
    GSocket *socket = smtp_client_steal_socket (client);
    host_accept (p->host, socket, FALSE);
    g_object_unref (socket);
    poll_later (p);
  } else {
    smtp_client_quit (client, on_poll_quit, p);       /* 502: it will not turn */
  }
}

/* on_poll_open - the holder greeted and took our hello: ask it to TURN */
static void
on_poll_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
              gpointer data)
{
  (void) reply;
  (void) error;
  if (step == SMTP_OPEN_READY)
    smtp_client_command (client, "TURN", on_poll_turn, data);
  else
    poll_later (data);
}

static gboolean
poll_now (gpointer data)
{
  Poll *p = data;
  p->timer = 0;
  const char *address = smtp_scenario_hop_address (p->host->config->scenario, p->holder);
  if (!address) {
    poll_later (p);
    return G_SOURCE_REMOVE;
  }
  p->client = host_new_client (p->host);
  smtp_client_open (p->client, address, on_poll_open, p);
  return G_SOURCE_REMOVE;
}

static void
poll_free (Poll *p)
{
  if (p->timer)
    g_source_remove (p->timer);
  smtp_client_free (p->client);
  g_free (p->holder);
  g_free (p);
}

GPtrArray *
turn_poll_start (Host *host)
{
  GPtrArray *polls = g_ptr_array_new_with_free_func ((GDestroyNotify) poll_free);
  for (guint i = 0; host->config->turn_poll[i]; i++) {
    Poll *p = g_new0 (Poll, 1);
    p->host = host;
    p->holder = g_strdup (host->config->turn_poll[i]);
    p->timer = g_idle_add (poll_now, p);
    g_ptr_array_add (polls, p);
  }
  return polls;
}

void
turn_poll_stop (GPtrArray *polls)
{
  if (polls)
    g_ptr_array_unref (polls);
}
