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

#include "message.h"
#include "terminal.h"

/* One store in progress: the session waits for every file it needs. */
typedef struct {
  Host *host;
  SmtpServerSession *session;
  guint pending;            /* store jobs not yet done */
  char *error;              /* the first failure */
} Storing;

static char *
mailbox_dir (Host *host, const char *user)
{
  return g_build_filename (host->state_dir, "mail", user, NULL);
}

/* trace_delivery - one "delivery" event: who, how, and what came of it */
static void
trace_delivery (Host *host, SmtpServerSession *session, const char *recipient,
                const char *how, const char *outcome)
{
  JsonBuilder *b = smtp_trace_begin (host->trace, "server",
                                     smtp_server_session_id (session), "delivery");
  if (!b)
    return;
  json_builder_set_member_name (b, "recipient");
  json_builder_add_string_value (b, recipient);
  json_builder_set_member_name (b, "via");
  json_builder_add_string_value (b, how);
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, outcome);
  smtp_trace_end (host->trace, b);
}

/* store_done - one file is durable (or failed); the last one answers */
static void
store_done (gboolean ok, const char *error, gpointer data)
{
  Storing *st = data;
  if (!ok && !st->error)
    st->error = g_strdup (error);
  if (--st->pending > 0)
    return;
  if (st->error)
    g_warning ("%s: storing mail failed: %s", st->host->config->name, st->error);
  smtp_server_session_stored (st->session, st->error ? 451 : 250,
                              "Requested action aborted: local error in processing (storage)");
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

/* add_local_or_queue - a list member: a user here gets the mailbox, anyone
 * else goes to the queue (RFC 821 §3.3: the list is delivered to all) */
static void
add_list_member (Host *host, const char *member, GPtrArray *mailboxes, GPtrArray *queued)
{
  SmtpPath *path = member_path (member);
  if (!path)
    return;
  if (path->route->len == 0 && smtp_host_serves_domain (host->config, path->domain)) {
    g_autoptr (SmtpDirEntry) entry =
      smtp_directory_lookup_mailbox (host->config, path->local_part, path->domain);
    if (entry->kind == SMTP_DIR_USER) {
      g_ptr_array_add (mailboxes, g_strdup (entry->local_part));
      smtp_path_free (path);
      return;
    }
  }
  g_ptr_array_add (queued, smtp_path_to_string (path));
  smtp_path_free (path);
}

/* queue_file - the spool file: envelope lines, a blank line, the message */
static GBytes *
queue_file (SmtpTransaction *t, GPtrArray *forward_paths)
{
  GString *file = g_string_new ("smtplab-queue 1\n");
  char *reverse = smtp_path_to_string (t->reverse_path);
  g_string_append_printf (file, "id %s\nreverse-path %s\n", t->id, reverse);
  g_free (reverse);
  for (guint i = 0; i < forward_paths->len; i++)
    g_string_append_printf (file, "forward-path %s\n", (char *) g_ptr_array_index (forward_paths, i));
  g_string_append (file, "\n");
  gsize len;
  const char *message = g_bytes_get_data (t->message, &len);
  g_string_append_len (file, message, len);
  return g_string_free_to_bytes (file);
}

/* deliver_terminals - RFC 821 §3.4: SEND/SOML/SAML show the mail on the
 * user's terminal.  If the user logged out since RCPT, the mail goes to the
 * mailbox instead (RFC 821 is silent; we never lose it). */
static void
deliver_terminals (Host *host, SmtpServerSession *session, SmtpTransaction *t,
                   GPtrArray *mailboxes)
{
  char *reverse = smtp_path_to_string (t->reverse_path);
  for (guint i = 0; i < t->recipients->len; i++) {
    SmtpRecipient *r = g_ptr_array_index (t->recipients, i);
    if (r->kind != SMTP_RCPT_TERMINAL && r->kind != SMTP_RCPT_BOTH)
      continue;
    GError *error = NULL;
    gboolean ok = terminal_write (host->state_dir, r->local_part, reverse, t->message, &error);
    trace_delivery (host, session, r->local_part, "terminal", ok ? "delivered" : error->message);
    if (!ok && r->kind == SMTP_RCPT_TERMINAL)
      g_ptr_array_add (mailboxes, g_strdup (r->local_part));
    g_clear_error (&error);
  }
  g_free (reverse);
}

/* store_mailboxes - one file linked into every local recipient's Maildir */
static void
store_mailboxes (Host *host, SmtpServerSession *session, SmtpTransaction *t,
                 GPtrArray *mailboxes, Storing *st)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func (g_free);
  char *name = smtp_maildir_unique_name (host->config->name);
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < mailboxes->len; i++) {
    const char *user = g_ptr_array_index (mailboxes, i);
    if (!g_hash_table_add (seen, (gpointer) user))
      continue;                              /* once per user, even via a list */
    char *dir = mailbox_dir (host, user);
    GError *error = NULL;
    if (!smtp_maildir_create (dir, &error)) {
      g_warning ("%s", error->message);
      g_error_free (error);
    }
    g_ptr_array_add (targets, g_build_filename (dir, "new", name, NULL));
    trace_delivery (host, session, user, "mailbox", "delivered");
    g_free (dir);
  }
  g_ptr_array_add (targets, NULL);
  char *reverse = smtp_path_to_string (t->reverse_path);
  char *return_path = smtp_return_path_line (reverse);
  gsize len;
  const char *message = g_bytes_get_data (t->message, &len);
  GBytes *data = smtp_message_prepend (return_path, message, len);
  st->pending++;
  smtp_store_write (host->store, (const char * const *) targets->pdata, data, store_done, st);
  g_bytes_unref (data);
  g_free (return_path);
  g_free (reverse);
  g_hash_table_unref (seen);
  g_free (name);
  g_ptr_array_unref (targets);
}

/* store_queue - mail to pass on, in one spool file */
static void
store_queue (Host *host, SmtpServerSession *session, SmtpTransaction *t,
             GPtrArray *queued, Storing *st)
{
  char *file = g_strdup_printf ("%s.queue", t->id);
  char *target = g_build_filename (host->state_dir, "queue", file, NULL);
  const char *targets[] = { target, NULL };
  GBytes *data = queue_file (t, queued);
  for (guint i = 0; i < queued->len; i++)
    trace_delivery (host, session, g_ptr_array_index (queued, i), "queue", "queued");
  st->pending++;
  smtp_store_write (host->store, targets, data, store_done, st);
  g_bytes_unref (data);
  g_free (target);
  g_free (file);
}

/* on_store - the session's `store` hook: sort the recipients, then write */
static void
on_store (SmtpServerSession *session, SmtpTransaction *t, gpointer data)
{
  Host *host = data;
  GPtrArray *mailboxes = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *queued = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < t->recipients->len; i++) {
    SmtpRecipient *r = g_ptr_array_index (t->recipients, i);
    switch (r->kind) {
    case SMTP_RCPT_MAILBOX:
    case SMTP_RCPT_BOTH:
      g_ptr_array_add (mailboxes, g_strdup (r->local_part));
      break;
    case SMTP_RCPT_LIST:
      for (guint m = 0; m < r->members->len; m++)
        add_list_member (host, g_ptr_array_index (r->members, m), mailboxes, queued);
      break;
    case SMTP_RCPT_FORWARD:
    case SMTP_RCPT_RELAY:
      g_ptr_array_add (queued, smtp_path_to_string (r->next_path));
      break;
    case SMTP_RCPT_TERMINAL:
      break;
    }
  }
  deliver_terminals (host, session, t, mailboxes);

  Storing *st = g_new0 (Storing, 1);
  st->host = host;
  st->session = session;
  st->pending = 1;                 /* held until every job is started */
  if (mailboxes->len > 0)
    store_mailboxes (host, session, t, mailboxes, st);
  if (queued->len > 0)
    store_queue (host, session, t, queued, st);
  g_ptr_array_unref (mailboxes);
  g_ptr_array_unref (queued);
  store_done (TRUE, NULL, st);     /* releases the hold */
}

static gboolean
on_terminal_available (SmtpServerSession *session, const char *user, gpointer data)
{
  Host *host = data;
  (void) session;
  return terminal_available (host->state_dir, user);
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
  .ended = on_ended,
};

Host *
host_new (const SmtpHostConfig *config, const char *state_root, const char *trace_path,
          GError **error)
{
  static const char *dirs[] = { "mail", "queue", "terminals", "tmp", NULL };
  char *state_dir = g_build_filename (state_root, config->name, NULL);
  if (!smtp_make_dirs (state_dir, dirs, error)) {
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
  host->config = config;
  host->state_dir = state_dir;
  host->trace = trace;
  char *tmp = g_build_filename (state_dir, "tmp", NULL);
  host->store = smtp_store_new (tmp);
  g_free (tmp);
  host->sessions = g_ptr_array_new ();
  return host;
}

void
host_accept (Host *host, GSocket *socket)
{
  g_ptr_array_add (host->sessions,
                   smtp_server_session_new (socket, host->config, host->trace, &hooks, host));
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
  smtp_store_free (host->store);
  while (host->sessions->len > 0) {
    SmtpServerSession *s = g_ptr_array_steal_index_fast (host->sessions, 0);
    smtp_server_session_free (s);
  }
  g_ptr_array_unref (host->sessions);
  smtp_trace_close (host->trace);
  g_free (host->state_dir);
  g_free (host);
}
