/* relay.c - the sender side of a host: spool files go to their next hop.
 *
 * Each spool file is tried as one mail transaction with the client session
 * of lib/ (the same one smtplab-client uses).  A next hop gets at most
 * RELAY_CONNECTIONS_PER_HOP connections at once; more mail for it waits
 * its turn and goes over a connection that is already open, one
 * transaction after another (RFC 5321 §3.3: a session may carry several),
 * so a busy host neither floods its neighbour with connections (which
 * would answer 421 beyond its limit) nor greets it anew for every letter.
 * After the attempt:
 *   - recipients the next host accepted are done;
 *   - a 4yz (or no connection) is tried again later, the wait doubling each
 *     time (RFC 5321 §4.5.4.1), until queue-lifetime= runs out;
 *   - a 5yz, or the lifetime running out, sends an undeliverable-mail
 *     notice to the reverse-path with MAIL FROM:<> (RFC 821 §3.6), unless
 *     the mail was itself a notice: a notice is never answered by one.
 * The spool file is removed (or rewritten with the recipients still to go)
 * only after the next host answered, so a crash loses nothing.  Which
 * recipient goes where is lib/relay-outcome.c's decision, the notice's
 * words are lib/bounce-notice.c's and the opening (greeting, EHLO) is
 * lib/client-open.c's; this file does the spool, the timers and the I/O.
 *
 * Opportunistic TLS (RFC 3207 §4.1, RFC 7435): when the next host lists
 * STARTTLS after EHLO, the relay starts TLS and says EHLO again.  A
 * certificate it cannot verify does not stop the mail (encryption without
 * authentication beats none, RFC 7435 §3); the "tls" event says whether it
 * was verified.  A STARTTLS refused (454) goes on in the clear on the same
 * connection (RFC 3207 §4.1: the client decides).  A handshake that fails
 * leaves the connection unusable, so the relay says so ("tls-fallback" in
 * the trace) and tries at once again in the clear on a new connection,
 * without STARTTLS: cleartext is the baseline opportunistic security falls
 * back to (RFC 7435 §3).  The lesson: an attacker on the path can force
 * that, so opportunistic TLS only stops eavesdroppers (MTA-STS, RFC 8461,
 * and DANE, RFC 7672, are what stop the downgrade).
 */
#include "reply.h"
#include "relay.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "bounce-notice.h"
#include "client-open.h"
#include "host.h"
#include "message.h"
#include "relay-outcome.h"

#define RETRY_MAX_SECONDS 3600
/* Connections open at once to one next hop (Postfix's default is 20). */
#define RELAY_CONNECTIONS_PER_HOP 10

struct _Relay {
  Host *host;
  GHashTable *entries;        /* path -> QueueEntry */
  GHashTable *hops;           /* address -> Hop */
};

/* A next hop's connections: how many are open, and the entries that wait
 * for one (each already counted as an attempt, busy). */
typedef struct {
  guint open;
  GQueue waiting;
} Hop;

typedef struct {
  Relay *relay;
  QueueEntry *entry;          /* the mail of the transaction under way */
  SmtpClient *client;
  const char *address;        /* where the next hop listens */
  Hop *hop;
  gboolean plaintext;         /* TLS failed on this hop: no STARTTLS now */
} Attempt;

static void attempt (Relay *relay, QueueEntry *entry);

/* ---- tracing ---- */

static void
trace_queue (Relay *relay, const QueueEntry *e, const char *action, const char *detail)
{
  SmtpTraceEvent *b = smtp_trace_begin (relay->host->trace, "client", e->id, "queue");
  if (!b)
    return;
  smtp_trace_add_string (b, "id", e->id);
  smtp_trace_add_string (b, "action", action);
  smtp_trace_add_string (b, "next_hop", e->next_hop);
  smtp_trace_add_strings (b, "recipients", (const char * const *) e->forward_paths->pdata,
                          e->forward_paths->len);
  if (detail) {
    smtp_trace_add_string (b, "detail", detail);
  }
  smtp_trace_end (relay->host->trace, b);
}

/* ---- the spool ---- */

/* hold_domain - the domain a held entry waits for, or NULL (hold-for=) */
static const char *
held_for (Relay *relay, const QueueEntry *e)
{
  const SmtpHostConfig *config = relay->host->config;
  for (guint i = 0; config->hold_for[i]; i++) {
    char *hop = smtp_scenario_next_hop (config, config->hold_for[i]);
    gboolean match = hop && g_ascii_strcasecmp (hop, e->next_hop) == 0;
    g_free (hop);
    if (match || g_ascii_strcasecmp (config->hold_for[i], e->next_hop) == 0)
      return config->hold_for[i];
  }
  return NULL;
}

typedef struct {
  Relay *relay;
  char *path;
} Retry;

static gboolean
on_retry (gpointer data)
{
  Retry *r = data;
  QueueEntry *e = g_hash_table_lookup (r->relay->entries, r->path);
  if (e && !e->busy)
    attempt (r->relay, e);
  g_free (r->path);
  g_free (r);
  return G_SOURCE_REMOVE;
}

/* schedule - try entry again in `seconds` (0: as soon as the loop is idle) */
static void
schedule (Relay *relay, QueueEntry *e, guint seconds)
{
  Retry *r = g_new0 (Retry, 1);
  r->relay = relay;
  r->path = g_strdup (e->path);
  if (seconds == 0)
    g_idle_add (on_retry, r);
  else
    g_timeout_add_seconds (seconds, on_retry, r);
}

/* adopt - the relay takes care of a spool entry from now on */
static void
adopt (Relay *relay, QueueEntry *e)
{
  g_hash_table_insert (relay->entries, e->path, e);
  const char *domain = held_for (relay, e);
  if (domain)
    trace_queue (relay, e, "held", domain);
  else
    schedule (relay, e, 0);
}

typedef struct {
  Relay *relay;
  QueueEntry *entry;
  SmtpStoreDone done;
  gpointer user_data;
} Spooling;

static void
on_spooled (int error, const char *message, gpointer data)
{
  Spooling *sp = data;
  if (sp->done)
    sp->done (error, message, sp->user_data);
  if (!error)
    adopt (sp->relay, sp->entry);
  else
    queue_entry_free (sp->entry);
  g_free (sp);
}

/* spool - writes entry durably, then adopts it */
static void
spool (Relay *relay, QueueEntry *e, SmtpStoreDone done, gpointer user_data)
{
  Spooling *sp = g_new0 (Spooling, 1);
  sp->relay = relay;
  sp->entry = e;
  sp->done = done;
  sp->user_data = user_data;
  const char *targets[] = { e->path, NULL };
  GBytes *file = queue_entry_serialize (e);
  smtp_store_write (relay->host->store, targets, file, on_spooled, sp);
  g_bytes_unref (file);
}

/* new_entry - a spool entry with a fresh file name */
static QueueEntry *
new_entry (Relay *relay, const char *id, const char *next_hop, const char *reverse_path,
           GPtrArray *forward_paths, GBytes *message, gint64 queued_at)
{
  QueueEntry *e = g_new0 (QueueEntry, 1);
  char *name = smtp_maildir_unique_name (id);
  char *file = g_strdup_printf ("%s.queue", name);
  e->path = g_build_filename (relay->host->state_dir, "queue", file, NULL);
  g_free (file);
  g_free (name);
  e->id = g_strdup (id);
  e->queued_at = queued_at;
  e->next_hop = g_strdup (next_hop);
  e->reverse_path = g_strdup (reverse_path);
  e->forward_paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < forward_paths->len; i++)
    g_ptr_array_add (e->forward_paths, g_strdup (g_ptr_array_index (forward_paths, i)));
  e->message = g_bytes_ref (message);
  return e;
}

void
relay_enqueue (Relay *relay, const char *id, const char *next_hop, const char *reverse_path,
               GPtrArray *forward_paths, GBytes *message,
               SmtpStoreDone done, gpointer user_data)
{
  QueueEntry *e = new_entry (relay, id, next_hop, reverse_path, forward_paths, message,
                             g_get_real_time () / G_USEC_PER_SEC);
  trace_queue (relay, e, "queued", NULL);
  spool (relay, e, done, user_data);
}

/* ---- undeliverable-mail notices (RFC 821 §3.6) ---- */

/* notice_text - the notice about recipient, dated now (bounce-notice.c) */
static GBytes *
notice_text (Relay *relay, const QueueEntry *e, const char *recipient, const char *why)
{
  GDateTime *now = smtp_now_local ();
  char *date = smtp_rfc822_date (now);
  const SmtpBounce bounce = {
    .reporting_host = relay->host->config->name, .reverse_path = e->reverse_path,
    .forward_path = recipient, .remote_host = e->next_hop, .reason = why,
    .date = date, .message = e->message,
  };
  GBytes *notice = smtp_bounce_notice (&bounce);
  g_free (date);
  g_date_time_unref (now);
  return notice;
}

/* Release - a spool file whose entry is done with.  The file goes only
 * once what was made from it (notices, a spool file for the recipients
 * still waiting) is on disk: a crash before then finds it again and sends
 * it again, twice rather than lost (RFC 5321 §6.1). */
typedef struct {
  Relay *relay;
  char *path;
  guint pending;          /* 1 (the hold) + what is still being stored */
  gboolean keep;          /* something made from it could not be stored */
} Release;

static Release *
release_new (Relay *relay, const QueueEntry *e)
{
  Release *r = g_new0 (Release, 1);
  r->relay = relay;
  r->path = g_strdup (e->path);
  r->pending = 1;
  return r;
}

/* release_done - one thing made from the file is stored (or the hold is
 * dropped): the last one removes the file */
static void
release_done (int error, const char *message, gpointer data)
{
  Release *r = data;
  if (error) {
    r->keep = TRUE;
    g_warning ("%s: %s; keeping %s", r->relay->host->config->name, message, r->path);
  }
  if (--r->pending > 0)
    return;
  if (!r->keep)
    smtp_store_remove (r->relay->host->store, r->path);
  g_free (r->path);
  g_free (r);
}

/* release_entry - the entry is done with: out of the queue now, its file
 * once everything made from it is stored */
static void
release_entry (Release *r, QueueEntry *e)
{
  g_hash_table_remove (r->relay->entries, e->path);
  release_done (0, NULL, r);
}

void
relay_remove_file (Relay *relay, QueueEntry *e)
{
  release_entry (release_new (relay, e), e);     /* nothing made from it to wait for */
}

/* bounce - RFC 821 §3.6: tell the reverse-path that recipient failed; the
 * notice is one of the things r waits for */
static void
bounce (Relay *relay, const QueueEntry *e, const char *recipient, const char *why,
        Release *r)
{
  const char *from = NULL, *to = NULL;
  gboolean notice_due = smtp_bounce_envelope (e->reverse_path, &from, &to);
  SmtpTraceEvent *b = smtp_trace_begin (relay->host->trace, "client", e->id, "bounce");
  if (b) {
    smtp_trace_add_string (b, "id", e->id);
    smtp_trace_add_string (b, "recipient", recipient);
    smtp_trace_add_string (b, "reverse_path", e->reverse_path);
    smtp_trace_add_string (b, "reason", why);
    smtp_trace_add_bool (b, "notice", notice_due);
    smtp_trace_end (relay->host->trace, b);
  }
  /* a notice is sent with MAIL FROM:<> and is never bounced itself */
  if (!notice_due)
    return;
  GBytes *notice = notice_text (relay, e, recipient, why);
  char *id = g_strdup_printf ("%s-notice", e->id);
  r->pending++;
  host_send (relay->host, id, from, to, notice, release_done, r);
  g_free (id);
  g_bytes_unref (notice);
}

/* ---- one delivery attempt ---- */

static void hop_start (Relay *relay, Hop *hop, const char *address);

/* attempt_free - the connection is over: a waiting entry may have it */
static void
attempt_free (Attempt *a)
{
  smtp_client_free (a->client);
  a->hop->open--;
  hop_start (a->relay, a->hop, a->address);
  g_free (a);
}

/* retry_or_expire - recipients that failed for now: again later, or, past
 * the lifetime, a notice.  r holds the file until then. */
static void
retry_or_expire (Relay *relay, QueueEntry *e, GPtrArray *again, const char *why, Release *r)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  if (again->len == 0) {
    trace_queue (relay, e, "delivered", NULL);
    release_entry (r, e);
    return;
  }
  if (now - e->queued_at >= relay->host->config->queue_lifetime) {
    char *expired = g_strdup_printf ("%s (gave up after %" G_GINT64_FORMAT " seconds)", why,
                                     now - e->queued_at);
    for (guint i = 0; i < again->len; i++)
      bounce (relay, e, g_ptr_array_index (again, i), expired, r);
    trace_queue (relay, e, "expired", expired);
    g_free (expired);
    release_entry (r, e);
    return;
  }
  guint wait = relay->host->config->retry;
  for (guint i = 1; i < e->attempts && wait < RETRY_MAX_SECONDS; i++)
    wait *= 2;
  wait = MIN (wait, RETRY_MAX_SECONDS);
  char *detail = g_strdup_printf ("%s; next try in %u s", why, wait);
  trace_queue (relay, e, "deferred", detail);
  g_free (detail);
  if (again->len < e->forward_paths->len) {
    /* some recipients are done: a new spool file keeps only the others */
    QueueEntry *rest = new_entry (relay, e->id, e->next_hop, e->reverse_path, again,
                                  e->message, e->queued_at);
    rest->attempts = e->attempts;
    const char *targets[] = { rest->path, NULL };
    GBytes *file = queue_entry_serialize (rest);
    r->pending++;
    smtp_store_write (relay->host->store, targets, file, release_done, r);
    g_bytes_unref (file);
    release_entry (r, e);
    g_hash_table_insert (relay->entries, rest->path, rest);
    e = rest;
  } else {
    r->keep = TRUE;       /* every recipient waits: the file stays as it is */
    release_done (0, NULL, r);
  }
  e->busy = FALSE;
  schedule (relay, e, wait);
}

static void send_mail (SmtpClient *client, Attempt *a);

static void
on_quit (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  (void) client;
  (void) reply;
  (void) error;
  attempt_free (data);
}

/* on_mail_done - the next host answered (or did not): bounce what it
 * refused for good, keep the rest for later (relay-outcome.c decides) */
static void
on_mail_done (SmtpClient *client, SmtpMailOutcome *o, const GError *error, gpointer data)
{
  Attempt *a = data;
  QueueEntry *e = a->entry;
  SmtpRelaySort *sort = smtp_relay_sort (o, error, e->forward_paths);
  smtp_mail_outcome_free (o);
  Release *release = release_new (a->relay, e);
  for (guint i = 0; i < sort->bounce->len; i++) {
    SmtpRelayBounce *b = g_ptr_array_index (sort->bounce, i);
    bounce (a->relay, e, b->forward_path, b->reason, release);
  }
  retry_or_expire (a->relay, e, sort->retry, sort->why, release);
  smtp_relay_sort_free (sort);
  QueueEntry *next = error ? NULL : g_queue_pop_head (&a->hop->waiting);
  if (next) {
    /* the same session carries the next letter for this hop */
    a->entry = next;
    trace_queue (a->relay, next, "attempt", a->address);
    send_mail (client, a);
  } else if (error) {
    attempt_free (a);
  } else {
    smtp_client_quit (client, on_quit, a);
  }
}

static void on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply,
                     const GError *error, gpointer data);

/* tls_name - the name the next hop's certificate should have: its host
 * name, none for a hop given as ADDR:PORT */
static const char *
tls_name (const QueueEntry *e)
{
  return strchr (e->next_hop, ':') ? NULL : e->next_hop;
}

/* fall_back - the handshake failed and took the connection with it: the
 * same attempt again at once, in the clear, on a new connection */
static void
fall_back (Attempt *a, const GError *error)
{
  char *detail = g_strdup_printf ("STARTTLS failed (%s): trying again without TLS", error->message);
  trace_queue (a->relay, a->entry, "tls-fallback", detail);
  g_free (detail);
  smtp_client_free (a->client);
  a->client = host_new_client (a->relay->host);
  a->plaintext = TRUE;
  smtp_client_open (a->client, a->address, on_open, a);
}

/* send_mail - the transaction, once the hello (and TLS) are done */
static void
send_mail (SmtpClient *client, Attempt *a)
{
  const QueueEntry *e = a->entry;
  char *params = NULL;
  if (smtp_client_has_extension (client, "SIZE"))
    params = g_strdup_printf ("SIZE=%" G_GSIZE_FORMAT, g_bytes_get_size (e->message));
  g_ptr_array_add (e->forward_paths, NULL);
  smtp_client_send_mail (client, SMTP_MAIL_MODE_MAIL, e->reverse_path,
                         (const char * const *) e->forward_paths->pdata, params, e->message,
                         on_mail_done, a);
  g_ptr_array_remove_index (e->forward_paths, e->forward_paths->len - 1);
  g_free (params);
}

/* open_failed - no session to send in: the greeting or the hello (maybe
 * the EHLO inside TLS) was refused, or the connection broke */
static void
open_failed (SmtpClient *client, Attempt *a, const SmtpReply *reply, const GError *error,
             const char *what)
{
  GError *why = error ? g_error_copy (error)
                      : g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CLOSED,
                                     "%s: %u", what, reply->code);
  on_mail_done (client, NULL, why, a);
  g_error_free (why);
}

/* on_starttls - EHLO's reply inside TLS; or STARTTLS refused (RFC 3207
 * §4.1: on in the clear, what the first EHLO said still holds); or the
 * handshake failed */
static void
on_starttls (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Attempt *a = data;
  if (error && g_error_matches (error, SMTP_TLS_ERROR, SMTP_TLS_ERROR_HANDSHAKE)) {
    fall_back (a, error);
  } else if (!error && !smtp_client_is_tls (client)) {
    a->plaintext = TRUE;
    send_mail (client, a);
  } else if (error || !smtp_reply_is_positive (reply->code)) {
    open_failed (client, a, reply, error, "HELO refused");
  } else {
    send_mail (client, a);
  }
}

/* on_open - greeted and hello said (client-open.c): STARTTLS whenever
 * offered (RFC 3207 §4.1), then the mail */
static void
on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
         gpointer data)
{
  Attempt *a = data;
  if (step != SMTP_OPEN_READY)
    open_failed (client, a, reply, error,
                 step == SMTP_OPEN_GREETING ? "not ready" : "HELO refused");
  else if (!a->plaintext && !smtp_client_is_tls (client)
           && smtp_client_has_extension (client, "STARTTLS"))
    smtp_client_starttls (client, a->relay->host->relay_tls, tls_name (a->entry), on_starttls, a);
  else
    send_mail (client, a);
}

/* attempt - one delivery attempt of a spool entry */
static void
attempt (Relay *relay, QueueEntry *e)
{
  const char *address = smtp_scenario_hop_address (relay->host->config->scenario, e->next_hop);
  e->busy = TRUE;
  e->attempts++;
  if (!address) {
    char *why = g_strdup_printf ("550 no route to %s", e->next_hop);
    Release *release = release_new (relay, e);
    for (guint i = 0; i < e->forward_paths->len; i++)
      bounce (relay, e, g_ptr_array_index (e->forward_paths, i), why, release);
    trace_queue (relay, e, "failed", why);
    g_free (why);
    release_entry (release, e);
    return;
  }
  Hop *hop = g_hash_table_lookup (relay->hops, address);
  if (!hop) {
    hop = g_new0 (Hop, 1);
    g_hash_table_insert (relay->hops, g_strdup (address), hop);
  }
  g_queue_push_tail (&hop->waiting, e);
  hop_start (relay, hop, address);
}

/* hop_start - new connections for the entries waiting, up to the limit */
static void
hop_start (Relay *relay, Hop *hop, const char *address)
{
  while (hop->open < RELAY_CONNECTIONS_PER_HOP && !g_queue_is_empty (&hop->waiting)) {
    QueueEntry *e = g_queue_pop_head (&hop->waiting);
    trace_queue (relay, e, "attempt", address);
    Attempt *a = g_new0 (Attempt, 1);
    a->relay = relay;
    a->entry = e;
    a->address = address;
    a->hop = hop;
    a->client = host_new_client (relay->host);
    hop->open++;
    smtp_client_open (a->client, address, on_open, a);
  }
}

/* ---- the relay ---- */

static void
hop_free (gpointer data)
{
  Hop *hop = data;
  g_queue_clear (&hop->waiting);
  g_free (hop);
}

Relay *
relay_new (Host *host)
{
  Relay *relay = g_new0 (Relay, 1);
  relay->host = host;
  relay->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) queue_entry_free);
  relay->hops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, hop_free);
  char *dir = g_build_filename (host->state_dir, "queue", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d))) {
    if (!g_str_has_suffix (name, ".queue"))
      continue;
    char *path = g_build_filename (dir, name, NULL);
    GError *error = NULL;
    QueueEntry *e = queue_entry_load (path, &error);
    if (e) {
      trace_queue (relay, e, "restarted", NULL);
      adopt (relay, e);
    } else {
      g_warning ("%s", error->message);
      g_error_free (error);
    }
    g_free (path);
  }
  if (d)
    g_dir_close (d);
  g_free (dir);
  return relay;
}

void
relay_free (Relay *relay)
{
  if (!relay)
    return;
  g_hash_table_unref (relay->entries);
  g_hash_table_unref (relay->hops);
  g_free (relay);
}

guint
relay_release (Relay *relay, const char *domain)
{
  guint started = 0;
  GList *entries = g_hash_table_get_values (relay->entries);
  for (GList *l = entries; l; l = l->next) {
    QueueEntry *e = l->data;
    const char *held = held_for (relay, e);
    if (held && g_ascii_strcasecmp (held, domain) == 0 && !e->busy) {
      attempt (relay, e);
      started++;
    }
  }
  g_list_free (entries);
  return started;
}

GPtrArray *
relay_take_held (Relay *relay, const char *domain)
{
  GPtrArray *taken = g_ptr_array_new ();
  GList *entries = g_hash_table_get_values (relay->entries);
  for (GList *l = entries; l; l = l->next) {
    QueueEntry *e = l->data;
    const char *held = held_for (relay, e);
    if (held && g_ascii_strcasecmp (held, domain) == 0 && !e->busy) {
      e->busy = TRUE;
      g_ptr_array_add (taken, e);
    }
  }
  g_list_free (entries);
  return taken;
}

void
relay_return (Relay *relay, QueueEntry *e)
{
  (void) relay;
  e->busy = FALSE;
}
