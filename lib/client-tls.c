/* client-tls.c - STARTTLS (RFC 3207), TLS from the first byte (RFC 8314)
 * and AUTH PLAIN / LOGIN (RFC 4954) for the sender.
 *
 * Read client-session.c first: these are more steps of the same kind, each
 * a command, a reply and a callback deciding what comes next.
 */
#include "client-private.h"

#include <string.h>
#include "reply.h"
#include "sasl.h"

/* ---- TLS ---- */

typedef struct {
  SmtpClient *client;
  SSL_CTX *context;
  SmtpTlsFunc tls_done;          /* smtp_client_tls_handshake */
  SmtpReplyFunc hello_done;      /* smtp_client_starttls */
  gpointer user_data;
} TlsStep;

/* trace_tls - the client's "tls" event (and whether the certificate was
 * verified), and the observer's */
static void
trace_tls (SmtpClient *c, const GError *error)
{
  char *text = error ? g_strdup (error->message) : smtp_tls_describe (smtp_conn_ssl (c->conn));
  SmtpTraceEvent *b = smtp_trace_begin (c->trace, "client", c->id, "tls");
  if (b) {
    smtp_trace_add_string (b, "outcome", error ? "failed" : "ok");
    smtp_trace_add_string (b, error ? "error" : "protocol", text);
    char *why = NULL;
    if (!error)                       /* was it who it should be (RFC 6125)? */
      smtp_trace_add_bool (b, "verified", smtp_tls_peer_verified (smtp_conn_ssl (c->conn), &why));
    if (why)
      smtp_trace_add_string (b, "verify_error", why);
    g_free (why);
    smtp_trace_end (c->trace, b);
  }
  if (c->observer.tls)
    c->observer.tls (c, text, error == NULL, c->observer_data);
  g_free (text);
}

/* on_handshake - the TLS session is up (or failed, and the connection
 * with it); RFC 3207 §4.2: the client forgets what EHLO said before */
static void
on_handshake (SmtpConn *conn, const GError *error, gpointer data)
{
  TlsStep *t = data;
  SmtpClient *c = t->client;
  (void) conn;
  trace_tls (c, error);
  if (error)
    smtp_client_fail_all (c, g_error_copy (error));
  else
    g_ptr_array_set_size (c->extensions, 0);
  if (t->tls_done)
    t->tls_done (c, error, t->user_data);
  else if (error)
    t->hello_done (c, NULL, error, t->user_data);
  else
    smtp_client_hello (c, t->hello_done, t->user_data);
  g_free (t);
}

/* smtp_client_tls_handshake - only the handshake, after someone else sent
 * STARTTLS and got 220 */
void
smtp_client_tls_handshake (SmtpClient *c, SSL_CTX *context, const char *server_name,
                           SmtpTlsFunc done, gpointer user_data)
{
  TlsStep *t = g_new0 (TlsStep, 1);
  t->client = c;
  t->tls_done = done;
  t->user_data = user_data;
  smtp_conn_start_tls (c->conn, context, FALSE, server_name, on_handshake, t);
}

/* on_starttls_reply - 220 to STARTTLS: the handshake; anything else: the
 * caller hears */
static void
on_starttls_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  TlsStep *t = data;
  if (error || reply->code != 220) {      /* 454, 502: no TLS here */
    t->hello_done (c, reply, error, t->user_data);
    g_free (t);
    return;
  }
  smtp_conn_start_tls (c->conn, t->context, FALSE, c->tls_name, on_handshake, t);
}

/* smtp_client_starttls - STARTTLS (RFC 3207), the handshake, then EHLO again
 * (§4.2) */
void
smtp_client_starttls (SmtpClient *c, SSL_CTX *context, const char *server_name,
                      SmtpReplyFunc done, gpointer user_data)
{
  TlsStep *t = g_new0 (TlsStep, 1);
  t->client = c;
  t->context = context;
  t->hello_done = done;
  t->user_data = user_data;
  g_free (c->tls_name);
  c->tls_name = g_strdup (server_name);
  smtp_client_command (c, "STARTTLS", on_starttls_reply, t);
}

/* smtp_client_set_implicit_tls - RFC 8314: the next connect speaks TLS from
 * the first byte */
void
smtp_client_set_implicit_tls (SmtpClient *c, SSL_CTX *context, const char *server_name)
{
  c->implicit_tls = context;
  g_free (c->tls_name);
  c->tls_name = g_strdup (server_name);
}

/* on_implicit_handshake - a failed handshake fails the greeting's wait */
static void
on_implicit_handshake (SmtpConn *conn, const GError *error, gpointer data)
{
  SmtpClient *c = data;
  (void) conn;
  trace_tls (c, error);
  if (error)
    smtp_client_fail_all (c, g_error_copy (error));
}

/* smtp_client_start_implicit_tls - RFC 8314: the handshake on a new
 * connection, before the greeting */
void
smtp_client_start_implicit_tls (SmtpClient *c)
{
  smtp_conn_start_tls (c->conn, c->implicit_tls, FALSE, c->tls_name, on_implicit_handshake, c);
}

/* smtp_client_is_tls - is the connection encrypted? */
gboolean
smtp_client_is_tls (SmtpClient *c)
{
  return c->conn && smtp_conn_is_tls (c->conn);
}

/* ---- AUTH ---- */

typedef struct {
  SmtpClient *client;
  char *mechanism;
  char *user;
  char *password;
  guint step;                    /* LOGIN: 334s answered so far */
  SmtpReplyFunc done;
  gpointer user_data;
} AuthStep;

/* auth_step_free - an AUTH exchange under way, its secrets wiped */
static void
auth_step_free (AuthStep *a)
{
  g_free (a->mechanism);
  g_free (a->user);
  memset (a->password, 0, strlen (a->password));
  g_free (a->password);
  g_free (a);
}

/* trace_auth - the client's "auth" event (who and how, never a secret) */
static void
trace_auth (SmtpClient *c, AuthStep *a, const SmtpReply *reply)
{
  SmtpTraceEvent *b = smtp_trace_begin (c->trace, "client", c->id, "auth");
  if (!b)
    return;
  smtp_trace_add_string (b, "mechanism", a->mechanism);
  smtp_trace_add_string (b, "user", a->user);
  smtp_trace_add_string (b, "outcome", reply && smtp_reply_is_positive (reply->code) ? "ok" : "failed");
  smtp_trace_end (c->trace, b);
}

/* on_auth_reply - LOGIN answers each 334 (user name, then password); any
 * other reply ends the exchange */
static void
on_auth_reply (SmtpClient *c, const SmtpReply *reply, const GError *error, gpointer data)
{
  AuthStep *a = data;
  if (!error && smtp_reply_is_intermediate (reply->code) && a->step < 2
      && g_ascii_strcasecmp (a->mechanism, "LOGIN") == 0) {
    const char *value = a->step++ == 0 ? a->user : a->password;
    char *line = g_base64_encode ((const guchar *) value, strlen (value));
    smtp_client_send_line (c, line, TRUE, on_auth_reply, a);
    smtp_conn_flush (c->conn);
    g_free (line);
    return;
  }
  if (!error && smtp_reply_is_intermediate (reply->code)) {
    /* a challenge we have no answer to: RFC 4954 §4 "*" cancels */
    smtp_client_send_line (c, "*", FALSE, on_auth_reply, a);
    smtp_conn_flush (c->conn);
    a->step = 2;
    return;
  }
  if (!error)
    trace_auth (c, a, reply);
  a->done (c, reply, error, a->user_data);
  auth_step_free (a);
}

/* smtp_client_auth - AUTH PLAIN (RFC 4616) or LOGIN (RFC 4954), secrets
 * never shown */
void
smtp_client_auth (SmtpClient *c, const char *mechanism, const char *user, const char *password,
                  SmtpReplyFunc done, gpointer user_data)
{
  AuthStep *a = g_new0 (AuthStep, 1);
  a->client = c;
  a->mechanism = g_ascii_strup (mechanism, -1);
  a->user = g_strdup (user);
  a->password = g_strdup (password);
  a->done = done;
  a->user_data = user_data;
  if (g_str_equal (a->mechanism, "PLAIN")) {
    /* RFC 4954 §4: the initial response saves a round trip */
    char *response = smtp_sasl_plain_encode (user, password);
    char *line = g_strconcat ("AUTH PLAIN ", response, NULL);
    smtp_client_command (c, line, on_auth_reply, a);
    memset (response, 0, strlen (response));
    g_free (response);
    g_free (line);
  } else {
    char *line = g_strconcat ("AUTH ", a->mechanism, NULL);
    smtp_client_command (c, line, on_auth_reply, a);
    g_free (line);
  }
}

/* smtp_client_sasl_response - an answer to a 334 as typed, shown and traced
 * as "***" */
void
smtp_client_sasl_response (SmtpClient *c, const char *line, SmtpReplyFunc done, gpointer user_data)
{
  smtp_client_send_line (c, line, TRUE, done, user_data);
  smtp_conn_flush (c->conn);
}
