/* server-peer.h - a server session (lib/server-session.h) driven from a
 * test: the session on one end of a TCP connection on loopback, the test
 * on the other end writing command lines and reading replies, with stub
 * hooks the test sets up, and the session's trace read back.
 *
 * Interface
 *   Peer                 the session, the client's socket and the stubs
 *   peer_new             a session of a host of a scenario text, greeted
 *   peer_command         one line out, the code of its reply back
 *   peer_reply           the next reply (its text in peer->text)
 *   peer_events          the trace events of one kind so far
 *   peer_wait            runs the main loop until a flag is set (5 s at most)
 *   peer_free            closes and frees everything
 */
#ifndef SMTPLAB_SERVER_PEER_H
#define SMTPLAB_SERVER_PEER_H

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "server-session.h"

typedef struct {
  SmtpScenario *scenario;
  SmtpTrace *trace;
  char *trace_path;
  SmtpServerSession *session;
  int client;                   /* the client's socket, non-blocking */
  GString *input;               /* what the server sent, not read yet */
  char *text;                   /* the text of the last reply, lines joined by LF */
  gboolean ended;               /* the session told its host it is over */

  /* the stubs */
  int store_error;              /* what `store` answers: 0, ENOSPC, EIO ... */
  gboolean store_later;         /* store does not answer; the test calls stored() */
  GBytes *message;              /* the last message stored */
  SmtpMailMode mode;            /* its transaction's mode */
  GPtrArray *kinds;             /* its recipients' SmtpRcptKind, as GINT_TO_POINTER */
  const char *logged_in;        /* the one user at a terminal, or NULL */
  gboolean has_turn;            /* a turn hook is given */
  GSocket *turned;              /* the socket TURN handed over */
} Peer;

/* peer_store - the host stores: remember the message, answer as told */
static void
peer_store (SmtpServerSession *session, SmtpTransaction *t, gpointer data)
{
  Peer *p = data;
  g_clear_pointer (&p->message, g_bytes_unref);
  p->message = g_bytes_ref (t->message);
  p->mode = t->mode;
  g_ptr_array_set_size (p->kinds, 0);
  for (guint i = 0; i < t->recipients->len; i++) {
    SmtpRecipient *r = g_ptr_array_index (t->recipients, i);
    g_ptr_array_add (p->kinds, GINT_TO_POINTER (r->kind));
  }
  if (!p->store_later)
    smtp_server_session_stored (session, p->store_error);
}

/* peer_terminal - RFC 821 §3.4: only p->logged_in is at a terminal */
static gboolean
peer_terminal (SmtpServerSession *session, const char *local_part, gpointer data)
{
  Peer *p = data;
  (void) session;
  return p->logged_in && g_ascii_strcasecmp (local_part, p->logged_in) == 0;
}

/* peer_turn - RFC 821 §3.8: the host takes the socket to become the sender */
static void
peer_turn (SmtpServerSession *session, GSocket *socket, const char *domain, gpointer data)
{
  Peer *p = data;
  (void) session;
  (void) domain;
  p->turned = g_object_ref (socket);
}

/* peer_ended - the session is over; the test frees it */
static void
peer_ended (SmtpServerSession *session, gpointer data)
{
  (void) session;
  ((Peer *) data)->ended = TRUE;
}

/* tcp_pair - a connected pair of sockets on 127.0.0.1 */
static void
tcp_pair (int *server, int *client)
{
  int listener = socket (AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  g_assert_cmpint (bind (listener, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (listener, 1), ==, 0);
  g_assert_cmpint (getsockname (listener, (struct sockaddr *) &addr, &len), ==, 0);
  *client = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (connect (*client, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  *server = accept (listener, NULL, NULL);
  g_assert_cmpint (*server, >=, 0);
  close (listener);
  fcntl (*client, F_SETFL, O_NONBLOCK);
}

/* reply_in - a whole reply at the start of input: its code and text, and
 * it is taken off input; 0 when it has not all come yet (RFC 821 §4.2:
 * the last line is "ddd text", the others "ddd-text") */
static guint
reply_in (GString *input, char **text)
{
  GString *lines = g_string_new (NULL);
  gsize used = 0;
  for (const char *p = input->str, *eol; (eol = strstr (p, "\r\n")); p = eol + 2) {
    used = eol + 2 - input->str;
    g_string_append_printf (lines, "%s%.*s", lines->len ? "\n" : "",
                            (int) MAX (eol - p - 4, 0), eol - p > 4 ? p + 4 : "");
    if (eol - p >= 3 && p[3] != '-') {
      guint code = g_ascii_strtoull (p, NULL, 10);
      g_string_erase (input, 0, used);
      *text = g_string_free (lines, FALSE);
      return code;
    }
  }
  g_string_free (lines, TRUE);
  return 0;
}

/* peer_reply - waits (up to 5 s) for the server's next whole reply; its
 * code, or 0 when the connection closed first */
static guint
peer_reply (Peer *p)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  for (;;) {
    char *text = NULL;
    guint code = reply_in (p->input, &text);
    if (code) {
      g_free (p->text);
      p->text = text;
      return code;
    }
    char buf[4096];
    ssize_t n = read (p->client, buf, sizeof buf);
    if (n > 0)
      g_string_append_len (p->input, buf, n);
    else if (n == 0 || (errno != EAGAIN && errno != EINTR))
      return 0;
    else
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
  }
}

/* peer_send - one line out, with its CRLF */
static void
peer_send (Peer *p, const char *line)
{
  char *wire = g_strconcat (line, "\r\n", NULL);
  g_assert_cmpint (write (p->client, wire, strlen (wire)), ==, (gssize) strlen (wire));
  g_free (wire);
}

/* peer_command - sends one line, returns the code of its reply */
static guint
peer_command (Peer *p, const char *line)
{
  peer_send (p, line);
  return peer_reply (p);
}

/* peer_new - a session of host (of the scenario in text), its trace in
 * folder; greeted (the 220 is read) */
static Peer *
peer_new (const char *folder, const char *text, const char *host, gboolean has_turn)
{
  Peer *p = g_new0 (Peer, 1);
  GError *error = NULL;
  p->scenario = smtp_scenario_load_data (text, &error);
  g_assert_no_error (error);
  p->trace_path = g_build_filename (folder, "trace.jsonl", NULL);
  g_unlink (p->trace_path);
  p->trace = smtp_trace_open (p->trace_path, host, &error);
  g_assert_no_error (error);
  p->input = g_string_new (NULL);
  p->kinds = g_ptr_array_new ();
  p->has_turn = has_turn;
  SmtpServerHooks hooks = {
    .terminal_available = peer_terminal,
    .store = peer_store,
    .turn = has_turn ? peer_turn : NULL,
    .ended = peer_ended,
  };
  int server;
  tcp_pair (&server, &p->client);
  GSocket *socket = g_socket_new_from_fd (server, &error);
  g_assert_no_error (error);
  p->session = smtp_server_session_new (socket, smtp_scenario_host (p->scenario, host),
                                        p->trace, &hooks, p);
  g_object_unref (socket);
  g_assert_cmpuint (peer_reply (p), ==, 220);
  return p;
}

/* peer_wait - the main loop runs until *flag is TRUE, or 5 s have passed */
static void
peer_wait (const gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

/* peer_free - the client goes away, the session ends, all is freed */
static void
peer_free (Peer *p)
{
  close (p->client);
  peer_wait (&p->ended);
  smtp_server_session_free (p->session);
  g_clear_object (&p->turned);
  smtp_trace_close (p->trace);
  smtp_scenario_free (p->scenario);
  g_string_free (p->input, TRUE);
  g_clear_pointer (&p->message, g_bytes_unref);
  g_ptr_array_unref (p->kinds);
  g_free (p->text);
  g_free (p->trace_path);
  g_free (p);
}

/* peer_events - the trace's events named event so far, as JSON objects */
static GPtrArray *
peer_events (Peer *p, const char *event)
{
  smtp_trace_flush_all ();
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  char *text = NULL;
  g_assert_true (g_file_get_contents (p->trace_path, &text, NULL, NULL));
  char **lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    JsonObject *e = *lines[i] ? smtp_trace_parse_line (lines[i], strlen (lines[i]), NULL) : NULL;
    if (e && g_str_equal (json_object_get_string_member (e, "event"), event))
      g_ptr_array_add (events, json_object_ref (e));
    if (e)
      json_object_unref (e);
  }
  g_strfreev (lines);
  g_free (text);
  return events;
}

#endif
