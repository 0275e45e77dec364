/* conn.c - buffered line I/O for one SMTP connection on the GLib main loop.
 *
 * Input: bytes are read into `in` when the socket is readable; complete
 * lines are handed to the owner one by one.  A line longer than the limit
 * is cut: its first part is handed out flagged TOO_LONG and the rest, up to
 * the next LF, is thrown away, so one bad line never stalls the session.
 * Output: `out` collects replies; it is written when input runs dry (so
 * pipelined replies go out together) or when the owner flushes.
 *
 * The end (conn_finish) is a lingering close: TLS close_notify (RFC 8446
 * §6.1), our FIN, then what the peer still sends is read and dropped until
 * its own end.  Closing a socket with unread input makes the kernel answer
 * with a reset (RST) instead of a FIN, and the peer's last bytes may be lost.
 *
 * TLS (RFC 3207): after smtp_conn_start_tls the same buffers are read and
 * written through OpenSSL instead of the socket.  The handshake is driven
 * by the socket's readable/writable events like everything else: OpenSSL
 * says what it waits for (SSL_ERROR_WANT_READ / _WRITE) and we watch that.
 */
#include "conn.h"
#include "loop.h"
#include "smtp-limits.h"
#include "trace.h"

#include <string.h>
#include <openssl/err.h>

#define READ_CHUNK 16384
#define PAUSED_READ_MAX (64 * 1024)  /* what a paused connection buffers at most */

struct _SmtpConn {
  GSocket *socket;
  SmtpConnHandlers handlers;
  gpointer user_data;

  GByteArray *in;          /* read, not yet handed out */
  GByteArray *out;         /* queued, not yet sent */
  gsize line_limit;        /* incl. CRLF */
  SmtpLineState cutting;   /* smtp_line_cut's state between reads */

  GSource *read_source;
  GSource *write_source;
  guint dispatch_idle;     /* hands out buffered lines after resume */
  guint timeout_id;
  gint64 last_input;       /* monotonic time of the last input (or timeout set) */
  guint timeout_seconds;
  guint end_idle;          /* reports `ended` from the main loop */

  gboolean paused;
  gboolean peer_closed;    /* read returned 0 */
  gboolean closing;        /* smtp_conn_close called */
  gboolean failed;         /* a read or write error */
  gboolean ended;          /* `ended` scheduled, or draining first */
  gboolean draining;       /* our end is sent; reading until the peer's */
  guint linger_id;         /* the most the draining may take */
  guint dispatching;       /* inside conn_dispatch: an owner's handler runs */
  gboolean free_pending;   /* smtp_conn_free was called from that handler */
  GList *write_later;      /* in `writers` until the loop is about to poll */

  char *peer_address;
  guint16 peer_port;
  char *local_address;

  /* TLS */
  SSL *ssl;                /* set once the handshake may start */
  SSL_CTX *tls_context;
  gboolean tls_server;
  char *tls_name;          /* the name the server's certificate must have */
  gboolean tls_flushing;   /* plain output (e.g. "220 Ready to start TLS") first */
  gboolean handshaking;
  gboolean tls_want_read;  /* OpenSSL waits for the socket to be readable */
  gboolean tls_want_write; /* ... or writable */
  SmtpConnTlsDone tls_done;
  gpointer tls_data;
};

static void conn_dispatch (SmtpConn *conn);
static void conn_free_now (SmtpConn *conn);
static void conn_update_sources (SmtpConn *conn);

/* conn_end_cb - tells the owner, from the main loop, that the conn is over */
static gboolean
conn_end_cb (gpointer data)
{
  SmtpConn *conn = data;
  SmtpConnEnd why = conn->failed ? SMTP_CONN_END_ERROR
                  : conn->closing ? SMTP_CONN_END_LOCAL : SMTP_CONN_END_PEER;
  conn->end_idle = 0;
  conn->handlers.ended (conn, why, conn->user_data);
  return G_SOURCE_REMOVE;
}

/* conn_drained - the peer's end came (or the wait is over): close, and
 * tell the owner from the main loop */
static void
conn_drained (SmtpConn *conn)
{
  conn->draining = FALSE;
  if (conn->linger_id)
    g_source_remove (conn->linger_id);
  conn->linger_id = 0;
  conn_update_sources (conn);
  g_socket_shutdown (conn->socket, TRUE, TRUE, NULL);
  conn->end_idle = g_idle_add (conn_end_cb, conn);
}

/* conn_linger_cb - the peer did not end in time: close all the same */
static gboolean
conn_linger_cb (gpointer data)
{
  SmtpConn *conn = data;
  conn->linger_id = 0;
  conn_drained (conn);
  return G_SOURCE_REMOVE;
}

/* conn_drain - after our end: reads and drops what the peer still sends,
 * until its close_notify or its FIN */
static void
conn_drain (SmtpConn *conn)
{
  char buf[READ_CHUNK];
  if (conn->ssl && !conn->handshaking) {
    int n;
    while ((n = SSL_read (conn->ssl, buf, sizeof buf)) > 0)
      ;
    if (SSL_get_error (conn->ssl, n) == SSL_ERROR_WANT_READ)
      return;
    ERR_clear_error ();                /* close_notify, the TCP end, or broken */
    conn_drained (conn);
    return;
  }
  GError *error = NULL;
  gssize n;
  while ((n = g_socket_receive (conn->socket, buf, sizeof buf, NULL, &error)) > 0)
    ;
  gboolean again = n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  g_clear_error (&error);
  if (!again)
    conn_drained (conn);
}

/* conn_finish - stops all I/O and ends the connection once: a failed one
 * at once, else with a lingering close (see the top of this file) */
static void
conn_finish (SmtpConn *conn)
{
  if (conn->ended)
    return;
  conn->ended = TRUE;
  if (conn->timeout_id)
    g_source_remove (conn->timeout_id);
  conn->timeout_id = 0;
  if (conn->ssl && !conn->handshaking && !conn->failed)
    SSL_shutdown (conn->ssl);          /* close_notify (RFC 8446 §6.1) */
  if (conn->failed || conn->peer_closed) {
    conn_drained (conn);               /* nothing more will come */
    return;
  }
  g_socket_shutdown (conn->socket, FALSE, TRUE, NULL);   /* our FIN */
  conn->draining = TRUE;
  conn->linger_id = g_timeout_add (SMTP_LIMIT_LINGER_MS, conn_linger_cb, conn);
  conn_update_sources (conn);
}

static gboolean conn_timeout_cb (gpointer data);

/* conn_arm_timer - the idle timer, due in ms milliseconds (none for 0) */
static void
conn_arm_timer (SmtpConn *conn, gint64 ms)
{
  if (conn->timeout_id)
    g_source_remove (conn->timeout_id);
  conn->timeout_id = 0;
  if (ms > 0 && !conn->ended)
    conn->timeout_id = g_timeout_add ((guint) MIN (ms, G_MAXUINT), conn_timeout_cb, conn);
}

/* conn_timeout_cb - the timer is due: was there input since it was set?
 * Then it waits for the rest of the time; else the owner decides. */
static gboolean
conn_timeout_cb (gpointer data)
{
  SmtpConn *conn = data;
  conn->timeout_id = 0;
  gint64 due = conn->last_input + (gint64) conn->timeout_seconds * G_USEC_PER_SEC;
  gint64 left = due - g_get_monotonic_time ();
  if (left > 0)
    conn_arm_timer (conn, left / 1000 + 1);
  else if (conn->handlers.timeout)
    conn->handlers.timeout (conn, conn->user_data);
  return G_SOURCE_REMOVE;
}

/* conn_restart_timer - input arrived: the idle time starts over.  Only
 * the time is noted; the one timer looks at it when it is due (no timer
 * is made and unmade for each line) */
static void
conn_restart_timer (SmtpConn *conn)
{
  conn->last_input = g_get_monotonic_time ();
  if (!conn->timeout_id && conn->timeout_seconds > 0)
    conn_arm_timer (conn, (gint64) conn->timeout_seconds * 1000);
}

/* tls_again - after an SSL call returned n <= 0: TRUE if it only has to
 * wait for the socket (and notes for what), FALSE on a real failure */
static gboolean
tls_again (SmtpConn *conn, int n)
{
  switch (SSL_get_error (conn->ssl, n)) {
  case SSL_ERROR_WANT_READ:
    conn->tls_want_read = TRUE;
    return TRUE;
  case SSL_ERROR_WANT_WRITE:
    conn->tls_want_write = TRUE;
    return TRUE;
  default:
    return FALSE;
  }
}

/* conn_send - one send of queued output, plain or through TLS: the bytes
 * sent, 0 when the socket is full, -1 on failure */
static gssize
conn_send (SmtpConn *conn)
{
  smtp_trace_flush_all ();   /* the peer never sees a reply before the trace has it */
  if (conn->ssl && !conn->handshaking) {
    conn->tls_want_write = FALSE;
    int n = SSL_write (conn->ssl, conn->out->data, (int) MIN (conn->out->len, G_MAXINT));
    if (n > 0)
      return n;
    return tls_again (conn, n) ? 0 : -1;
  }
  GError *error = NULL;
  gssize n = g_socket_send (conn->socket, (const char *) conn->out->data,
                            conn->out->len, NULL, &error);
  if (n >= 0)
    return n;
  gboolean again = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  g_error_free (error);
  return again ? 0 : -1;
}

static void conn_begin_handshake (SmtpConn *conn);

/* conn_try_write - sends as much queued output as the socket takes */
static void
conn_try_write (SmtpConn *conn)
{
  if (conn->handshaking) {
    if (conn->closing)
      conn_finish (conn);             /* e.g. a timeout during the handshake */
    return;
  }
  while (conn->out->len > 0 && !conn->failed) {
    gssize n = conn_send (conn);
    if (n == 0)
      break;
    if (n < 0) {
      conn->failed = TRUE;
      g_byte_array_set_size (conn->out, 0);
      break;
    }
    g_byte_array_remove_range (conn->out, 0, n);
  }
  if (conn->failed || (conn->closing && conn->out->len == 0))
    conn_finish (conn);
  else if (conn->tls_flushing && conn->out->len == 0)
    conn_begin_handshake (conn);
  else
    conn_update_sources (conn);
}

/* Replies wait until the main loop is about to poll again.  Then each
 * connection sends its replies: one send(2) a connection, and (conn_send
 * writes the trace first) one write(2) of the trace for everything that
 * happened, however many sessions answered in that loop iteration. */
static GQueue writers = G_QUEUE_INIT;
static GSource *writer_source;

static gboolean
writers_before_poll (gpointer data)
{
  (void) data;
  SmtpConn *conn;
  while ((conn = g_queue_pop_head (&writers))) {
    conn->write_later = NULL;
    if (!conn->ended)
      conn_try_write (conn);
  }
  return FALSE;
}

/* conn_write_later - the output goes when the loop is about to poll */
static void
conn_write_later (SmtpConn *conn)
{
  if (conn->write_later || conn->out->len == 0)
    return;
  if (!writer_source)
    writer_source = smtp_before_poll_add (SMTP_BEFORE_POLL_REPLIES, "smtplab replies",
                                          writers_before_poll, NULL);
  g_queue_push_tail (&writers, conn);
  conn->write_later = writers.tail;
}

static void conn_handshake (SmtpConn *conn);
static void conn_readable (SmtpConn *conn);

static gboolean
conn_writable_cb (GSocket *socket, GIOCondition cond, gpointer data)
{
  SmtpConn *conn = data;
  (void) socket;
  (void) cond;
  if (conn->handshaking)
    conn_handshake (conn);
  else if (conn->ssl && conn->out->len == 0)
    conn_readable (conn);        /* an SSL_read that had to write first */
  else
    conn_try_write (conn);
  return G_SOURCE_CONTINUE;
}

/* conn_tls_read_some - conn_read_some through TLS: a record may hold more
 * than one read takes, so read while OpenSSL has bytes pending */
static gboolean
conn_tls_read_some (SmtpConn *conn)
{
  char buf[READ_CHUNK];
  do {
    conn->tls_want_read = conn->tls_want_write = FALSE;
    int n = SSL_read (conn->ssl, buf, sizeof buf);
    if (n > 0) {
      g_byte_array_append (conn->in, (const guint8 *) buf, n);
      continue;
    }
    int why = SSL_get_error (conn->ssl, n);
    if (why == SSL_ERROR_ZERO_RETURN || (why == SSL_ERROR_SYSCALL && ERR_peek_error () == 0)) {
      conn->peer_closed = TRUE;            /* close_notify, or the TCP end */
      return FALSE;
    }
    if (!tls_again (conn, n)) {
      ERR_clear_error ();
      conn->failed = TRUE;
      return FALSE;
    }
    return TRUE;
  } while (SSL_pending (conn->ssl) > 0);
  return TRUE;
}

/* conn_read_some - reads what is there; FALSE when nothing more will come */
static gboolean
conn_read_some (SmtpConn *conn)
{
  if (conn->ssl)
    return conn_tls_read_some (conn);
  char buf[READ_CHUNK];
  GError *error = NULL;
  gssize n = g_socket_receive (conn->socket, buf, sizeof buf, NULL, &error);
  if (n < 0) {
    gboolean again = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
    g_error_free (error);
    if (again)
      return TRUE;
    conn->failed = TRUE;
    return FALSE;
  }
  if (n == 0) {
    conn->peer_closed = TRUE;
    return FALSE;
  }
  g_byte_array_append (conn->in, (const guint8 *) buf, n);
  return TRUE;
}

/* conn_readable - reads and hands out the lines that came */
static void
conn_readable (SmtpConn *conn)
{
  conn_restart_timer (conn);
  if (!conn_read_some (conn) && conn->failed) {
    conn_finish (conn);
    return;
  }
  conn_dispatch (conn);
}

static gboolean
conn_readable_cb (GSocket *socket, GIOCondition cond, gpointer data)
{
  SmtpConn *conn = data;
  (void) socket;
  (void) cond;
  if (conn->draining)
    conn_drain (conn);
  else if (conn->handshaking)
    conn_handshake (conn);
  else
    conn_readable (conn);       /* also retries a write that waited to read */
  return G_SOURCE_CONTINUE;
}

/* conn_update_sources - watch for reading only while we want lines, and for
 * writing only while output is queued */
static void
conn_update_sources (SmtpConn *conn)
{
  /* a paused connection goes on reading into its buffer, up to a bound:
   * pausing then changes nothing the main loop polls, which would cost it
   * two wake-ups for each message stored */
  gboolean full = conn->paused && conn->in->len >= PAUSED_READ_MAX;
  /* so does one whose last reply waits for the loop to be about to poll
   * (smtp_conn_close): it reads until the peer's end next, and leaving
   * the poll set in between would cost two wake-ups a connection */
  if (conn->closing)
    full = conn->in->len >= PAUSED_READ_MAX;
  gboolean want_read = !conn->ended && !full && !conn->peer_closed
                       && !conn->failed && !conn->tls_flushing;
  gboolean want_write = !conn->ended && conn->out->len > 0 && !conn->failed
                        && !conn->write_later;
  if (conn->draining) {                /* only the peer's end */
    want_read = TRUE;
    want_write = FALSE;
  } else if (conn->handshaking) {      /* only what OpenSSL waits for */
    want_read = !conn->ended && conn->tls_want_read;
    want_write = !conn->ended && conn->tls_want_write;
  } else if (conn->ssl && conn->tls_want_write && !conn->ended) {
    want_write = TRUE;                 /* an SSL_read must write first */
  }

  if (want_read && !conn->read_source) {
    conn->read_source = smtp_socket_watch (conn->socket, G_IO_IN, conn_readable_cb, conn);
  } else if (!want_read && conn->read_source) {
    g_source_destroy (conn->read_source);
    g_source_unref (conn->read_source);
    conn->read_source = NULL;
  }
  if (want_write && !conn->write_source) {
    conn->write_source = smtp_socket_watch (conn->socket, G_IO_OUT, conn_writable_cb, conn);
  } else if (!want_write && conn->write_source) {
    g_source_destroy (conn->write_source);
    g_source_unref (conn->write_source);
    conn->write_source = NULL;
  }
}

/* conn_line_flags - what is odd inside a line (NUL, CR not before LF):
 * the line's own CRLF is not part of it, so any CR in it is a bare one */
static SmtpLineFlags
conn_line_flags (const guint8 *line, gsize len)
{
  SmtpLineFlags flags = 0;
  if (memchr (line, '\0', len))
    flags |= SMTP_LINE_HAS_NUL;
  if (memchr (line, '\r', len))
    flags |= SMTP_LINE_BARE_CR;
  return flags;
}

/* discard_rest - the rest of an over-long line, up to its LF, is thrown
 * away (RFC 5321 §4.5.3.1); how it ended still counts for the line after
 * it, which ends the mail data only after a CRLF (§4.1.1.4) */
static gboolean
discard_rest (const guint8 *data, gsize len, const guint8 *lf, SmtpLineState *state,
              SmtpLineCut *cut)
{
  if (lf == NULL) {
    /* a CR at the end may be the start of CRLF: keep it for the next read */
    cut->consumed = len > 0 && data[len - 1] == '\r' ? len - 1 : len;
    return cut->consumed > 0;
  }
  state->discarding = FALSE;
  if (lf == data || lf[-1] != '\r')
    state->carry = SMTP_LINE_AFTER_BARE_LF;
  cut->consumed = (gsize) (lf - data) + 1;
  return TRUE;
}

/* smtp_line_cut - the next line (or discarded rest of one) in the input */
gboolean
smtp_line_cut (const guint8 *data, gsize len, gsize limit, SmtpLineState *state,
               SmtpLineCut *cut)
{
  const guint8 *lf = memchr (data, '\n', len);

  *cut = (SmtpLineCut) { 0 };
  if (state->discarding)
    return discard_rest (data, len, lf, state, cut);
  gsize line_len = lf ? (gsize) (lf - data) : len;
  gsize text_len = lf && line_len > 0 && data[line_len - 1] == '\r' ? line_len - 1 : line_len;
  SmtpLineFlags flags = state->carry;
  if (text_len + 2 > limit) {
    /* hand out what fits, flagged, and skip the rest of the line */
    gsize keep = limit > 2 ? limit - 2 : 0;
    if (lf == NULL && len <= keep + 1)
      return FALSE;           /* maybe the CRLF is still on its way */
    state->discarding = TRUE;
    state->carry = 0;
    flags |= SMTP_LINE_TOO_LONG | conn_line_flags (data, keep);
    *cut = (SmtpLineCut) { keep, TRUE, keep, flags };
    return TRUE;
  }
  if (lf == NULL)
    return FALSE;
  state->carry = 0;
  flags |= conn_line_flags (data, text_len);
  if (text_len == line_len)
    flags |= SMTP_LINE_BARE_LF;
  *cut = (SmtpLineCut) { line_len + 1, TRUE, text_len, flags };
  return TRUE;
}

/* conn_next_line - hands out the next complete line; FALSE if there is none */
static gboolean
conn_next_line (SmtpConn *conn)
{
  SmtpLineCut cut;
  if (!smtp_line_cut (conn->in->data, conn->in->len, conn->line_limit, &conn->cutting, &cut))
    return FALSE;
  char *line = NULL;
  if (cut.is_line) {
    line = g_malloc (cut.text_len + 1);     /* may hold NULs: not strndup */
    memcpy (line, conn->in->data, cut.text_len);
    line[cut.text_len] = '\0';
  }
  g_byte_array_remove_range (conn->in, 0, cut.consumed);
  if (line)
    conn->handlers.line (conn, line, cut.text_len, cut.flags, conn->user_data);
  g_free (line);
  return TRUE;
}

/* conn_handler_done - after an owner's handler (begun with dispatching++):
 * TRUE if the owner let go of conn in it, which is then freed here, once
 * no handler is running any more, and must not be touched */
static gboolean
conn_handler_done (SmtpConn *conn)
{
  conn->dispatching--;
  if (!conn->free_pending)
    return FALSE;
  if (conn->dispatching == 0)
    conn_free_now (conn);
  return TRUE;
}

/* conn_dispatch - hands out buffered lines until none is left or the owner
 * pauses or closes; then flushes replies and notices the peer's close */
static void
conn_dispatch (SmtpConn *conn)
{
  conn->dispatching++;
  while (!conn->paused && !conn->closing && !conn->ended && !conn->tls_flushing
         && !conn->handshaking && conn->in->len > 0) {
    if (!conn_next_line (conn))
      break;
  }
  if (conn_handler_done (conn))
    return;
  if (conn->ended)
    return;
  if (!conn->paused && conn->peer_closed)
    conn_try_write (conn);     /* before the end, below */
  else if (!conn->paused)
    conn_write_later (conn);
  if (conn->peer_closed && !conn->paused && !conn->closing && !conn->ended)
    conn_finish (conn);      /* an unterminated last line is not a command */
  else if (!conn->ended)
    conn_update_sources (conn);
}

/* ---- TLS ---- */

/* conn_begin_handshake - the plain output is out: from here on every byte
 * is TLS.  The server waits for the ClientHello, the client sends it. */
static void
conn_begin_handshake (SmtpConn *conn)
{
  conn->tls_flushing = FALSE;
  conn->handshaking = TRUE;
  conn->ssl = smtp_tls_new (conn->tls_context, g_socket_get_fd (conn->socket),
                            conn->tls_server, conn->tls_name);
  conn->tls_want_read = conn->tls_server;
  conn->tls_want_write = !conn->tls_server;
  conn_update_sources (conn);
}

/* conn_handshake - one step of the handshake, when the socket is ready */
static void
conn_handshake (SmtpConn *conn)
{
  conn->tls_want_read = conn->tls_want_write = FALSE;
  int n = SSL_do_handshake (conn->ssl);
  if (n != 1 && tls_again (conn, n)) {
    conn_update_sources (conn);
    return;
  }
  conn->handshaking = FALSE;
  GError *error = NULL;
  if (n != 1) {
    char *why = smtp_tls_error_text (conn->ssl);
    error = g_error_new (SMTP_TLS_ERROR, SMTP_TLS_ERROR_HANDSHAKE, "TLS handshake failed: %s", why);
    g_free (why);
    conn->failed = TRUE;
  }
  conn_restart_timer (conn);
  conn->dispatching++;
  conn->tls_done (conn, error, conn->tls_data);
  if (conn_handler_done (conn)) {
    g_clear_error (&error);
    return;
  }
  if (error) {
    g_error_free (error);
    conn_finish (conn);
  } else if (!conn->ended) {
    conn_dispatch (conn);
  }
}

void
smtp_conn_start_tls (SmtpConn *conn, SSL_CTX *context, gboolean is_server,
                     const char *server_name, SmtpConnTlsDone done, gpointer user_data)
{
  /* RFC 3207 §4.2 (the STARTTLS command injection, CVE-2011-0411):
   * whatever the peer sent after the command was sent in the clear and is
   * thrown away, never acted on after the handshake */
  smtp_conn_discard_input (conn);
  conn->tls_context = context;
  conn->tls_server = is_server;
  conn->tls_name = g_strdup (server_name);
  conn->tls_done = done;
  conn->tls_data = user_data;
  conn->tls_flushing = TRUE;
  if (conn->out->len == 0)
    conn_begin_handshake (conn);
  else
    conn_update_sources (conn);
}

gboolean
smtp_conn_is_tls (SmtpConn *conn)
{
  return conn->ssl != NULL && !conn->handshaking;
}

SSL *
smtp_conn_ssl (SmtpConn *conn)
{
  return conn->ssl;
}

static gboolean
conn_dispatch_idle_cb (gpointer data)
{
  SmtpConn *conn = data;
  conn->dispatch_idle = 0;
  conn_dispatch (conn);
  return G_SOURCE_REMOVE;
}

char *
smtp_address_string (GSocketAddress *address, guint16 *port)
{
  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("local");
  GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
  if (port)
    *port = g_inet_socket_address_get_port (inet);
  return g_inet_address_to_string (g_inet_socket_address_get_address (inet));
}

SmtpConn *
smtp_conn_new (GSocket *socket, const SmtpConnHandlers *handlers, gpointer user_data)
{
  SmtpConn *conn = g_new0 (SmtpConn, 1);
  conn->socket = g_object_ref (socket);
  conn->handlers = *handlers;
  conn->user_data = user_data;
  conn->in = g_byte_array_new ();
  conn->out = g_byte_array_new ();
  conn->line_limit = 512;
  g_socket_set_blocking (socket, FALSE);

  GSocketAddress *remote = g_socket_get_remote_address (socket, NULL);
  GSocketAddress *local = g_socket_get_local_address (socket, NULL);
  conn->peer_address = remote ? smtp_address_string (remote, &conn->peer_port) : g_strdup ("unknown");
  conn->local_address = local ? smtp_address_string (local, NULL) : g_strdup ("unknown");
  g_clear_object (&remote);
  g_clear_object (&local);

  conn_update_sources (conn);
  return conn;
}

/* conn_free_now - releases everything; no handler is running */
static void
conn_free_now (SmtpConn *conn)
{
  if (conn->write_later)
    g_queue_delete_link (&writers, conn->write_later);
  conn->write_later = NULL;
  conn->ended = TRUE;
  conn->draining = FALSE;
  conn_update_sources (conn);
  if (conn->linger_id)
    g_source_remove (conn->linger_id);
  if (conn->timeout_id)
    g_source_remove (conn->timeout_id);
  if (conn->dispatch_idle)
    g_source_remove (conn->dispatch_idle);
  if (conn->end_idle)
    g_source_remove (conn->end_idle);
  if (conn->ssl)
    SSL_free (conn->ssl);
  g_free (conn->tls_name);
  if (conn->socket) {                 /* NULL once stolen for TURN */
    g_socket_close (conn->socket, NULL);
    g_object_unref (conn->socket);
  }
  g_byte_array_unref (conn->in);
  g_byte_array_unref (conn->out);
  g_free (conn->peer_address);
  g_free (conn->local_address);
  g_free (conn);
}

/* smtp_conn_free - an owner may call it from its own line handler (after
 * QUIT's reply, say): then no handler runs again and the memory goes when
 * the dispatch loop that called the handler unwinds */
void
smtp_conn_free (SmtpConn *conn)
{
  if (!conn)
    return;
  if (conn->dispatching > 0) {
    conn->ended = TRUE;
    conn->draining = FALSE;
    conn->free_pending = TRUE;
    conn_update_sources (conn);
    return;
  }
  conn_free_now (conn);
}

void
smtp_conn_set_line_limit (SmtpConn *conn, gsize limit)
{
  conn->line_limit = limit;
}

void
smtp_conn_set_timeout (SmtpConn *conn, guint seconds)
{
  conn->timeout_seconds = seconds;
  conn->last_input = g_get_monotonic_time ();
  conn_arm_timer (conn, (gint64) seconds * 1000);
}

void
smtp_conn_write (SmtpConn *conn, const char *data, gsize len)
{
  if (conn->ended || conn->failed)
    return;
  g_byte_array_append (conn->out, (const guint8 *) data, len);
}

/* conn_nothing_before_poll - no line waits to be handed out, so nothing
 * more is answered on this connection before the loop is about to poll */
static gboolean
conn_nothing_before_poll (SmtpConn *conn)
{
  return conn->in->len == 0 && !conn->ssl && !conn->tls_flushing;
}

void
smtp_conn_flush (SmtpConn *conn)
{
  if (conn->ended)
    return;
  /* output that nothing could follow before the loop polls goes then, with
   * every other connection's: the same moment, one write of the trace */
  if (conn_nothing_before_poll (conn))
    conn_write_later (conn);
  else
    conn_try_write (conn);
}

void
smtp_conn_pause (SmtpConn *conn)
{
  conn->paused = TRUE;
  conn_update_sources (conn);
}

void
smtp_conn_resume (SmtpConn *conn)
{
  if (!conn->paused)
    return;
  conn->paused = FALSE;
  if (conn->ended || conn->dispatch_idle)
    return;
  if (conn->in->len == 0 && !conn->peer_closed)
    /* no line to hand out, so no handler runs from here: the replies go
     * when the loop is about to poll, without waiting a loop iteration */
    conn_dispatch (conn);
  else
    /* at the sockets' priority: a plain idle waits until no socket is
     * ready, which under load would hold the reply back */
    conn->dispatch_idle = g_idle_add_full (G_PRIORITY_DEFAULT, conn_dispatch_idle_cb, conn, NULL);
}

void
smtp_conn_discard_input (SmtpConn *conn)
{
  g_byte_array_set_size (conn->in, 0);
  conn->cutting = (SmtpLineState) { 0 };
}

void
smtp_conn_close (SmtpConn *conn)
{
  if (conn->closing || conn->ended)
    return;
  conn->closing = TRUE;
  if (conn_nothing_before_poll (conn) && conn->out->len > 0)
    conn_write_later (conn);    /* the last reply, then the end (as above) */
  else
    conn_try_write (conn);
}

GSocket *
smtp_conn_steal_socket (SmtpConn *conn)
{
  /* the reply before the swap (250 to TURN) must go out first */
  g_socket_set_blocking (conn->socket, TRUE);
  g_socket_set_timeout (conn->socket, 1);
  conn_try_write (conn);
  g_socket_set_timeout (conn->socket, 0);
  g_socket_set_blocking (conn->socket, FALSE);
  GSocket *socket = g_object_ref (conn->socket);
  conn->ended = TRUE;
  conn_update_sources (conn);
  if (conn->timeout_id)
    g_source_remove (conn->timeout_id);
  conn->timeout_id = 0;
  g_byte_array_set_size (conn->in, 0);
  g_clear_object (&conn->socket);
  return socket;
}

const char *
smtp_conn_peer_address (SmtpConn *conn)
{
  return conn->peer_address;
}

guint16
smtp_conn_peer_port (SmtpConn *conn)
{
  return conn->peer_port;
}

const char *
smtp_conn_local_address (SmtpConn *conn)
{
  return conn->local_address;
}
