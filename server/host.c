/* host.c - one host of a scenario: what happens to mail it accepts.
 *
 * The session (lib/server-session.c) decides, command by command, what the
 * host promises; this file keeps the promises when the data has arrived:
 *   - a local user's mail goes into STATE/HOST/mail/USER/ (a Maildir), with
 *     Return-Path: on top (RFC 821 §4.1.2, final delivery);
 *   - SEND/SOML/SAML also write to the user's terminal (RFC 821 §3.4);
 *   - mail to pass on (251 forwards, list members elsewhere) goes into the
 *     durable queue STATE/HOST/queue/ for the relay to send.
 * Everything is on disk, fsync'd, before the session says 250.
 */
#include "host.h"

#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>

#include "lab-ca.h"
#include "message.h"
#include "relay.h"
#include "route.h"
#include "state.h"
#include "terminal.h"
#include "turn.h"

/* One store in progress: the session (or, for a message the host makes
 * itself, done) waits for every file it needs. */
typedef struct {
  Host *host;
  SmtpServerSession *session;
  SmtpStoreDone done;       /* without a session */
  gpointer done_data;
  guint pending;            /* store jobs not yet done */
  int error_number;         /* the first failure's errno */
  char *error;              /* and what it was */
} Storing;

static char *
mailbox_dir (Host *host, const char *user)
{
  return g_build_filename (host->state_dir, "mail", user, NULL);
}

/* trace_delivery - one "delivery" event: who, how, and what came of it */
static void
trace_delivery (Host *host, const char *session_id, const char *recipient,
                const char *how, const char *outcome)
{
  SmtpTraceEvent *b = smtp_trace_begin (host->trace, "server", session_id, "delivery");
  if (!b)
    return;
  smtp_trace_add_string (b, "recipient", recipient);
  smtp_trace_add_string (b, "via", how);
  smtp_trace_add_string (b, "outcome", outcome);
  smtp_trace_end (host->trace, b);
}

/* store_done - one file is durable (or failed); the last one answers */
static void
store_done (int error, const char *message, gpointer data)
{
  Storing *st = data;
  if (error && !st->error) {
    st->error_number = error;
    st->error = g_strdup (message);
  }
  if (--st->pending > 0)
    return;
  if (!st->session) {
    st->done (st->error_number, st->error, st->done_data);
  } else {
    if (st->error)
      g_warning ("%s: storing mail failed: %s", st->host->config->name, st->error);
    smtp_server_session_stored (st->session, st->error_number);
  }
  g_free (st->error);
  g_free (st);
}

/* member_path - the path in a list member line "Jon Postel <Postel@X>" */
static SmtpPath *
member_path (const char *member)
{
  const char *lt = strrchr (member, '<');
  return lt ? smtp_path_parse (lt, FALSE, NULL) : NULL;
}

/* route - where one forward-path goes from here (RFC 821 §3.6, route.c):
 * a local user's mailbox (added to users), or a next hop (the path added
 * to the hop's list in hops). */
static void
route (Host *host, const SmtpPath *path, GPtrArray *users, GHashTable *hops)
{
  SmtpPath *next = smtp_route_next_hop (host->config, path);
  if (smtp_route_ends_here (host->config, next)) {
    g_autoptr (SmtpDirEntry) entry =
      smtp_directory_lookup_mailbox (host->config, next->local_part, next->domain);
    if (entry->kind == SMTP_DIR_USER)
      g_ptr_array_add (users, g_strdup (entry->local_part));
    else
      g_warning ("%s: no mailbox for %s@%s", host->config->name, next->local_part, next->domain);
    smtp_path_free (next);
    return;
  }
  char *hop = next->route->len > 0 ? g_strdup (g_ptr_array_index (next->route, 0))
                                   : smtp_scenario_next_hop (host->config, next->domain);
  if (!hop)
    hop = g_strdup (next->domain);          /* unroutable: the relay sends a notice */
  GPtrArray *paths = g_hash_table_lookup (hops, hop);
  if (!paths) {
    paths = g_ptr_array_new_with_free_func (g_free);
    g_hash_table_insert (hops, g_strdup (hop), paths);
  }
  g_ptr_array_add (paths, smtp_path_to_string (next));
  g_free (hop);
  smtp_path_free (next);
}

/* store_mailboxes - one file linked into every local user's Maildir, with
 * Return-Path: on top (RFC 821 §4.1.2, final delivery) */
static void
store_mailboxes (Host *host, const char *session_id, const char *reverse_path,
                 GBytes *message, GPtrArray *users, SmtpStoreDone done, gpointer data)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  char *name = smtp_maildir_unique_name (host->config->name);
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < users->len; i++) {
    const char *user = g_ptr_array_index (users, i);
    if (!g_hash_table_add (seen, (gpointer) user))
      continue;                              /* once per user, even via a list */
    char *dir = mailbox_dir (host, user);
    GError *error = NULL;
    if (!smtp_maildir_create (dir, changed, &error)) {
      g_warning ("%s", error->message);
      g_error_free (error);
    }
    g_ptr_array_add (targets, g_build_filename (dir, "new", name, NULL));
    trace_delivery (host, session_id, user, "mailbox", "delivered");
    g_free (dir);
  }
  g_ptr_array_add (targets, NULL);
  gsize len;
  const char *bytes = g_bytes_get_data (message, &len);
  GBytes *file = smtp_message_for_mailbox (reverse_path, bytes, len);
  smtp_store_folders_changed (host->store, changed);   /* a first delivery's Maildir */
  smtp_store_write (host->store, (const char * const *) targets->pdata, file, done, data);
  g_ptr_array_unref (changed);
  g_bytes_unref (file);
  g_hash_table_unref (seen);
  g_free (name);
  g_ptr_array_unref (targets);
}

/* enqueue_hops - one spool file per next hop */
static void
enqueue_hops (Host *host, const char *session_id, const char *id, const char *reverse_path,
              GBytes *message, GHashTable *hops, Storing *st)
{
  GHashTableIter iter;
  gpointer hop, paths;
  g_hash_table_iter_init (&iter, hops);
  while (g_hash_table_iter_next (&iter, &hop, &paths)) {
    GPtrArray *list = paths;
    for (guint i = 0; i < list->len; i++)
      trace_delivery (host, session_id, g_ptr_array_index (list, i), "queue", hop);
    if (st)
      st->pending++;
    relay_enqueue (host->relay, id, hop, reverse_path, list, message,
                   st ? store_done : NULL, st);
  }
}

void
host_send (Host *host, const char *id, const char *reverse_path, const char *forward_path,
           GBytes *message, SmtpStoreDone done, gpointer user_data)
{
  Storing *st = g_new0 (Storing, 1);
  st->host = host;
  st->done = done;
  st->done_data = user_data;
  st->pending = 1;                 /* held until every job is started */
  SmtpPath *path = smtp_path_parse (forward_path, FALSE, NULL);
  if (!path) {
    st->error_number = EINVAL;
    st->error = g_strdup_printf ("%s: cannot send to %s", host->config->name, forward_path);
    store_done (0, NULL, st);
    return;
  }
  GPtrArray *users = g_ptr_array_new_with_free_func (g_free);
  GHashTable *hops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  route (host, path, users, hops);
  if (users->len > 0) {
    st->pending++;
    store_mailboxes (host, id, reverse_path, message, users, store_done, st);
  }
  enqueue_hops (host, id, id, reverse_path, message, hops, st);
  g_hash_table_unref (hops);
  g_ptr_array_unref (users);
  smtp_path_free (path);
  store_done (0, NULL, st);        /* releases the hold */
}

/* A message on its way to one user's terminal (RFC 821 §3.4). */
typedef struct {
  Storing *st;              /* holds the 250 until the terminal has it */
  char *user;
  char *session_id;
  char *reverse_path;
  GBytes *message;
  gboolean fall_back;       /* SEND: to the mailbox if the terminal fails */
} ToTerminal;

/* on_terminal_written - traced; a SEND whose user logged out since RCPT
 * goes to the mailbox instead (RFC 821 is silent; we never lose it) */
static void
on_terminal_written (const GError *error, gpointer data)
{
  ToTerminal *t = data;
  Host *host = t->st->host;
  trace_delivery (host, t->session_id, t->user, "terminal", error ? error->message : "delivered");
  if (error && t->fall_back) {
    GPtrArray *users = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (users, g_strdup (t->user));
    t->st->pending++;
    store_mailboxes (host, t->session_id, t->reverse_path, t->message, users, store_done, t->st);
    g_ptr_array_unref (users);
  }
  store_done (0, NULL, t->st);
  g_free (t->user);
  g_free (t->session_id);
  g_free (t->reverse_path);
  g_bytes_unref (t->message);
  g_free (t);
}

/* deliver_terminals - RFC 821 §3.4: SEND/SOML/SAML show the mail on the
 * user's terminal, written from the main loop; st holds the reply until
 * each terminal has it (or its mailbox, for SEND) */
static void
deliver_terminals (Host *host, SmtpServerSession *session, SmtpTransaction *t, Storing *st)
{
  for (guint i = 0; i < t->recipients->len; i++) {
    SmtpRecipient *r = g_ptr_array_index (t->recipients, i);
    if (r->kind != SMTP_RCPT_TERMINAL && r->kind != SMTP_RCPT_BOTH)
      continue;
    ToTerminal *to = g_new0 (ToTerminal, 1);
    to->st = st;
    to->user = g_strdup (r->local_part);
    to->session_id = g_strdup (smtp_server_session_id (session));
    to->reverse_path = smtp_path_to_string (t->reverse_path);
    to->message = g_bytes_ref (t->message);
    to->fall_back = r->kind == SMTP_RCPT_TERMINAL;
    st->pending++;
    terminal_write (host->state_dir, to->user, to->reverse_path, t->message,
                    on_terminal_written, to);
  }
}

/* on_store - the session's `store` hook: sort the recipients, then write */
static void
on_store (SmtpServerSession *session, SmtpTransaction *t, gpointer data)
{
  Host *host = data;
  const char *session_id = smtp_server_session_id (session);
  GPtrArray *users = g_ptr_array_new_with_free_func (g_free);
  GHashTable *hops = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < t->recipients->len; i++) {
    SmtpRecipient *r = g_ptr_array_index (t->recipients, i);
    switch (r->kind) {
    case SMTP_RCPT_MAILBOX:
    case SMTP_RCPT_BOTH:
      g_ptr_array_add (users, g_strdup (r->local_part));
      break;
    case SMTP_RCPT_LIST:
      for (guint m = 0; m < r->members->len; m++) {
        SmtpPath *member = member_path (g_ptr_array_index (r->members, m));
        if (member)
          route (host, member, users, hops);
        smtp_path_free (member);
      }
      break;
    case SMTP_RCPT_FORWARD:
    case SMTP_RCPT_RELAY:
      route (host, r->next_path, users, hops);
      break;
    case SMTP_RCPT_TERMINAL:
      break;
    }
  }
  Storing *st = g_new0 (Storing, 1);
  st->host = host;
  st->session = session;
  st->pending = 1;                 /* held until every job is started */
  deliver_terminals (host, session, t, st);
  char *reverse = smtp_path_to_string (t->reverse_path);
  if (users->len > 0) {
    st->pending++;
    store_mailboxes (host, session_id, reverse, t->message, users, store_done, st);
  }
  if (g_hash_table_size (hops) > 0) {
    char *relayed = smtp_route_reverse_path (host->config, t->reverse_path);
    enqueue_hops (host, session_id, t->id, relayed, t->message, hops, st);
    g_free (relayed);
  }
  g_free (reverse);
  g_ptr_array_unref (users);
  g_hash_table_unref (hops);
  store_done (0, NULL, st);        /* releases the hold */
}

static gboolean
on_terminal_available (SmtpServerSession *session, const char *user, gpointer data)
{
  Host *host = data;
  (void) session;
  return terminal_available (host->state_dir, user);
}

static void
on_turn (SmtpServerSession *session, GSocket *socket, const char *domain, gpointer data)
{
  (void) session;
  turn_start (data, socket, domain);
}

static int
on_etrn (SmtpServerSession *session, const char *domain, gpointer data)
{
  (void) session;
  return turn_etrn (data, domain);
}

static void
on_ended (SmtpServerSession *session, gpointer data)
{
  Host *host = data;
  g_ptr_array_remove_fast (host->sessions, session);
  smtp_server_session_free (session);
}

static const SmtpServerHooks hooks = {
  .terminal_available = on_terminal_available,
  .store = on_store,
  .turn = on_turn,
  .etrn = on_etrn,
  .ended = on_ended,
};

/* cert_path - a tls-cert=/tls-key= file, or NAME.crt/NAME.key, in certs_dir
 * unless it is an absolute path */
static char *
cert_path (const char *certs_dir, const char *configured, const char *name, const char *ext)
{
  if (configured && g_path_is_absolute (configured))
    return g_strdup (configured);
  if (configured)
    return g_build_filename (certs_dir, configured, NULL);
  char *file = g_strconcat (name, ext, NULL);
  char *path = g_build_filename (certs_dir, file, NULL);
  g_free (file);
  return path;
}

/* load_tls - the relay's CAs, and the host's certificate when tls= or
 * listen-tls= asks for it; NAME.crt and NAME.key are made on first use when
 * missing (lab-ca.h) */
static gboolean
load_tls (Host *host, const char *certs_dir, GError **error)
{
  const SmtpHostConfig *config = host->config;
  host->hooks = hooks;
  host->tls_hooks = hooks;
  char *ca = g_build_filename (certs_dir, "ca.crt", NULL);
  host->relay_tls = smtp_tls_opportunistic_context (g_file_test (ca, G_FILE_TEST_EXISTS) ? ca : NULL, error);
  g_free (ca);
  if (!host->relay_tls)
    return FALSE;
  if (!config->tls && !config->listen_tls)
    return TRUE;
  const char *listen[] = { config->listen, config->listen_tls, NULL };
  if (!config->tls_cert && !config->tls_key
      && !smtp_lab_ca_ensure_host (certs_dir, config->name, listen, error))
    return FALSE;
  char *cert = cert_path (certs_dir, config->tls_cert, config->name, ".crt");
  char *key = cert_path (certs_dir, config->tls_key, config->name, ".key");
  host->tls_context = smtp_tls_server_context (cert, key, error);
  g_free (cert);
  g_free (key);
  if (!host->tls_context)
    return FALSE;
  host->hooks.tls_context = config->tls ? host->tls_context : NULL;
  host->tls_hooks.tls_context = host->tls_context;
  host->tls_hooks.implicit_tls = TRUE;
  return TRUE;
}

Host *
host_new (const SmtpHostConfig *config, const char *state_root, const char *certs_dir,
          const char *trace_path, gboolean show_secrets, GError **error)
{
  static const char *dirs[] = { "mail", "queue", "terminals", "tmp", NULL };
  char *state_dir = smtp_state_host_dir (state_root, config->name);
  GPtrArray *changed = g_ptr_array_new_with_free_func (g_free);
  gboolean made = smtp_make_dirs (state_dir, dirs, changed, error)
                  && smtp_sync_folders (changed, error);       /* before any 250 */
  g_ptr_array_unref (changed);
  if (!made) {
    g_free (state_dir);
    return NULL;
  }
  char *default_trace = g_build_filename (state_dir, "trace.jsonl", NULL);
  SmtpTrace *trace = smtp_trace_open (trace_path ? trace_path : default_trace,
                                      config->name, error);
  g_free (default_trace);
  if (!trace) {
    g_free (state_dir);
    return NULL;
  }
  Host *host = g_new0 (Host, 1);
  host->running_lock = -1;
  host->config = config;
  host->state_dir = state_dir;
  host->trace = trace;
  char *tmp = g_build_filename (state_dir, "tmp", NULL);
  host->store = smtp_store_new (tmp);
  g_free (tmp);
  host->sessions = g_ptr_array_new ();
  host->relay = relay_new (host);
  if (!load_tls (host, certs_dir, error)
      || (host->running_lock = smtp_state_mark_running (state_dir,
                                 smtp_scenario_path (config->scenario), error)) < 0) {
    host_free (host);
    return NULL;
  }
  host->hooks.show_secrets = host->tls_hooks.show_secrets = show_secrets;
  host->turn_polls = turn_poll_start (host);
  return host;
}

SmtpClient *
host_new_client (Host *host)
{
  SmtpClient *client = smtp_client_new (host->config->name, host->trace);
  smtp_client_set_timeout (client, host->config->timeout);
  const char *listen = host->config->listen;
  char *ip = g_strndup (listen, strrchr (listen, ':') - listen);
  smtp_client_set_source_address (client, g_strstrip (g_strdelimit (ip, "[]", ' ')));
  g_free (ip);
  return client;
}

void
host_accept (Host *host, GSocket *socket, gboolean implicit_tls)
{
  /* RFC 5321 §4.3.2: a server may refuse a connection with 421 */
  if (host->sessions->len >= host->config->max_connections) {
    smtp_server_refuse (socket, host->config, host->trace, "too many connections");
    return;
  }
  const SmtpServerHooks *h = implicit_tls ? &host->tls_hooks : &host->hooks;
  g_ptr_array_add (host->sessions,
                   smtp_server_session_new (socket, host->config, host->trace, h, host));
}

void
host_shutdown (Host *host)
{
  smtp_store_flush (host->store);
  for (guint i = 0; i < host->sessions->len; i++)
    smtp_server_session_shutdown (g_ptr_array_index (host->sessions, i), "shutting down");
}

void
host_free (Host *host)
{
  if (!host)
    return;
  turn_poll_stop (host->turn_polls);
  smtp_store_flush (host->store);      /* what it reports may still need the relay */
  relay_free (host->relay);
  if (host->tls_context)
    SSL_CTX_free (host->tls_context);
  if (host->relay_tls)
    SSL_CTX_free (host->relay_tls);
  smtp_store_free (host->store);
  while (host->sessions->len > 0) {
    SmtpServerSession *s = g_ptr_array_steal_index_fast (host->sessions, 0);
    smtp_server_session_free (s);
  }
  g_ptr_array_unref (host->sessions);
  smtp_trace_close (host->trace);
  smtp_state_unmark (host->running_lock);
  g_free (host->state_dir);
  g_free (host);
}
