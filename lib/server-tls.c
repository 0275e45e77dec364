/* server-tls.c - STARTTLS (RFC 3207) for the receiver: the STARTTLS row of
 * the command table, and implicit TLS on a second port (RFC 8314).
 *
 * Read server-session.c first.  The handshake itself runs in the
 * connection (conn.c); this file decides when, and what the session
 * forgets afterwards.
 */
#include "server-private.h"

static void cmd_starttls (SmtpServerSession *s, const char *arg);

/* RFC 3207 §4: STARTTLS takes no argument, outside a mail transaction;
 * after the handshake the client starts again from the greeting (§4.2).
 * (Columns as in server-session.c.) */
const SmtpVerb smtp_tls_verbs[] = {
  { "STARTTLS", "STARTTLS", SMTP_STATE_GREETED | SMTP_STATE_READY, SMTP_ARG_NONE,
    SMTP_VERB_BEFORE_TLS | SMTP_VERB_GROUP_LAST, 0, cmd_starttls, SMTP_STATE_GREETED,
    220, 220, "RFC 3207", SMTP_TEXT_STARTTLS },
};
const gsize smtp_tls_n_verbs = G_N_ELEMENTS (smtp_tls_verbs);

/* trace_tls - the "tls" event: how the handshake went, never a secret */
static void
trace_tls (SmtpServerSession *s, const GError *error)
{
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "tls");
  if (!b)
    return;
  smtp_trace_add_string (b, "outcome", error ? "failed" : "ok");
  if (error) {
    smtp_trace_add_string (b, "error", error->message);
  } else {
    char *text = smtp_tls_describe (smtp_conn_ssl (s->conn));
    smtp_trace_add_string (b, "protocol", text);
    g_free (text);
  }
  smtp_trace_end (s->trace, b);
}

/* on_handshake - RFC 3207 §4.2: after the handshake "the server MUST
 * discard any knowledge obtained from the client, such as the argument to
 * the EHLO command": the client starts again with EHLO */
static void
on_handshake (SmtpConn *conn, const GError *error, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  trace_tls (s, error);
  if (error)
    return;                             /* the connection ends */
  s->tls = TRUE;
  smtp_session_reset_transaction (s);
  g_clear_pointer (&s->helo, g_free);
  g_clear_pointer (&s->auth_mailbox, g_free);
  s->esmtp = FALSE;
  smtp_session_enter_state (s, SMTP_STATE_GREETED, smtp_tls_verbs[0].verb);
}

/* cmd_starttls - "220 Ready to start TLS", then the handshake */
static void
cmd_starttls (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  if (!s->hooks.tls_context) {
    smtp_session_reply (s, 502, "Command not implemented: this host has no certificate (STARTTLS)");
    return;
  }
  if (s->tls) {
    smtp_session_reply (s, 503, "Bad sequence of commands: TLS is already on");  /* RFC 3207 §4 */
    return;
  }
  smtp_session_reply (s, 220, "Ready to start TLS");
  smtp_conn_start_tls (s->conn, s->hooks.tls_context, TRUE, NULL, on_handshake, s);
}

/* on_implicit_handshake - RFC 8314 §3.3: the greeting comes through TLS */
static void
on_implicit_handshake (SmtpConn *conn, const GError *error, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  trace_tls (s, error);
  if (error)
    return;
  s->tls = TRUE;
  smtp_session_greet (s);
}

/* smtp_tls_start_implicit - RFC 8314: the handshake before the greeting */
void
smtp_tls_start_implicit (SmtpServerSession *s)
{
  smtp_conn_start_tls (s->conn, s->hooks.tls_context, TRUE, NULL, on_implicit_handshake, s);
}
