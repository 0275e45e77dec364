/* server-auth.c - SMTP AUTH (RFC 4954) for the receiver: the AUTH row of
 * the command table and the SASL exchange that follows it, with the
 * mechanisms PLAIN (RFC 4616) and LOGIN (the seeds' "334 VXNlcm5hbWU6").
 *
 * Read server-session.c first.  What each client response means is
 * smtp_sasl_server_step (sasl.c, pure: lab 08 writes it); this file
 * answers it and keeps the exchange's state.  Passwords are checked against the hashes
 * of the scenario (password.h); no secret is traced, except for the
 * plaintext lesson (smtp_auth_reveals).
 */
#include "server-private.h"

#include <string.h>
#include "auth-check.h"
#include "sasl.h"

static void cmd_auth (SmtpServerSession *s, const char *arg);

/* RFC 4954 §4: AUTH is not allowed during a mail transaction. */
/* (Columns as in server-session.c.) */
const SmtpVerb smtp_auth_verbs[] = {
  { "AUTH", "AUTH <mechanism> [<initial-response>]", SMTP_STATE_READY, SMTP_ARG_REQUIRED,
    0, 0, cmd_auth, 0,
    235, 235, "RFC 4954", SMTP_TEXT_AUTH },
};
const gsize smtp_auth_n_verbs = G_N_ELEMENTS (smtp_auth_verbs);

/* The steps of an exchange: what the next client line answers. */
enum { AUTH_NONE, AUTH_PLAIN_RESPONSE, AUTH_LOGIN_USER, AUTH_LOGIN_PASSWORD };

/* smtp_auth_offered - is AUTH on offer now (RFC 4954 §4, §14)? */
gboolean
smtp_auth_offered (SmtpServerSession *s)
{
  /* RFC 4954 §4 and §14: not in the clear, unless the lab asks for it */
  return s->host->auth && (s->tls || s->host->auth_plaintext);
}

/* trace_auth - the "auth" event: mechanism, who, how it went and, for a
 * failure, the seconds the 535 waits */
static void
trace_auth (SmtpServerSession *s, const char *mechanism, const char *user, const char *outcome,
            guint delay)
{
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "auth");
  if (!b)
    return;
  smtp_trace_add_string (b, "mechanism", mechanism);
  if (user) {
    smtp_trace_add_string (b, "user", user);
  }
  smtp_trace_add_string (b, "outcome", outcome);
  if (delay > 0) {
    smtp_trace_add_int (b, "delay", delay);
  }
  smtp_trace_end (s->trace, b);
}

/* on_failure_delay - the 535, once the delay is over */
static gboolean
on_failure_delay (gpointer data)
{
  SmtpServerSession *s = data;
  s->auth_delay = 0;
  smtp_session_reply (s, 535, "5.7.8 Authentication credentials invalid");
  smtp_conn_resume (s->conn);
  return G_SOURCE_REMOVE;
}

/* check_login - the end of an exchange: 235, or 535 after a delay that
 * grows with each failure (a password guesser gets slower and slower) */
static void
check_login (SmtpServerSession *s, const char *mechanism, const char *authzid, const char *login,
             const char *password)
{
  char *mailbox = smtp_auth_check (s->host, authzid, login, password);
  s->auth_step = AUTH_NONE;
  if (mailbox) {
    s->auth_mailbox = mailbox;
    s->auth_failures = 0;
    trace_auth (s, mechanism, login, "ok", 0);
    smtp_session_reply (s, 235, "2.7.0 Authentication successful");
    return;
  }
  guint seconds = smtp_auth_failure_delay (++s->auth_failures);
  trace_auth (s, mechanism, login, "failed", seconds);
  smtp_conn_pause (s->conn);
  s->auth_delay = g_timeout_add (seconds * 1000, on_failure_delay, s);   /* to the ms: a student times it */
}

/* cancel - the exchange is over without a login: 501 and text */
static void
cancel (SmtpServerSession *s, const char *text)
{
  s->auth_step = AUTH_NONE;
  smtp_sasl_credentials_clear (&s->auth_creds);
  smtp_session_reply (s, 501, text);
}

/* answer - one response: the initial one on the AUTH line, or a line of
 * its own after a 334; what it means is smtp_sasl_server_step's */
static void
answer (SmtpServerSession *s, const char *line, gsize len)
{
  gboolean plain = s->auth_step == AUTH_PLAIN_RESPONSE;
  const char *mechanism = plain ? "PLAIN" : "LOGIN";
  /* a line with a NUL in it is no response at all: cancelled, as "*" */
  SmtpSaslStep step = strlen (line) != len ? SMTP_SASL_CANCELLED
    : smtp_sasl_server_step (mechanism, s->auth_step == AUTH_LOGIN_PASSWORD, line, &s->auth_creds);
  switch (step) {
  case SMTP_SASL_CANCELLED:                       /* RFC 4954 §4, §6 */
    cancel (s, "5.7.0 Authentication cancelled");
    break;
  case SMTP_SASL_MALFORMED:                       /* RFC 4954 §6 */
    cancel (s, plain ? "5.5.2 Cannot decode the PLAIN response (base64 of authzid NUL user NUL password)"
                     : "5.5.2 Cannot decode the response (base64 expected)");
    break;
  case SMTP_SASL_CONTINUE:
    s->auth_step = AUTH_LOGIN_PASSWORD;
    smtp_session_reply (s, 334, "UGFzc3dvcmQ6");      /* base64 of "Password:" */
    break;
  case SMTP_SASL_COMPLETE:
    check_login (s, mechanism, s->auth_creds.authzid, s->auth_creds.authcid, s->auth_creds.password);
    smtp_sasl_credentials_clear (&s->auth_creds);
    break;
  }
}

/* smtp_auth_reveals - are AUTH lines traced as sent (the plaintext lesson,
 * --show-secrets)? */
gboolean
smtp_auth_reveals (SmtpServerSession *s)
{
  /* RFC 4954 §14: in the clear, anyone on the path reads the secret anyway */
  return s->hooks.show_secrets && s->host->auth_plaintext && !s->tls;
}

/* smtp_auth_response - one client line of a SASL exchange (RFC 4954 §4),
 * traced masked */
void
smtp_auth_response (SmtpServerSession *s, const char *line, gsize len)
{
  char *secret;
  char *shown = smtp_sasl_show_line (line, s->auth_step == AUTH_PLAIN_RESPONSE ? "PLAIN" : "LOGIN",
                                     s->auth_step == AUTH_LOGIN_PASSWORD, smtp_auth_reveals (s), &secret);
  smtp_trace_command_secret (s->trace, "server", s->id, shown, "AUTH", secret);
  g_free (secret);
  g_free (shown);
  answer (s, line, len);
}

/* cmd_auth - "AUTH <mechanism> [<initial-response>]" */
static void
cmd_auth (SmtpServerSession *s, const char *arg)
{
  if (!s->host->auth) {
    smtp_session_reply (s, 502, "5.5.1 Command not implemented: this host has no AUTH");
    return;
  }
  if (!smtp_auth_offered (s)) {
    smtp_session_reply (s, 530, "5.7.0 Must issue a STARTTLS command first");  /* RFC 3207 §4 */
    return;
  }
  if (s->auth_mailbox) {
    smtp_session_reply (s, 503, "5.5.1 Bad sequence of commands: already authenticated");
    return;
  }
  char **words = g_strsplit (arg, " ", 3);
  const char *mechanism = words[0];
  const char *initial = words[1];
  if (words[1] && words[2]) {
    smtp_session_reply (s, 501, "5.5.4 Syntax error: AUTH <mechanism> [<initial-response>]");
  } else if (g_ascii_strcasecmp (mechanism, "PLAIN") == 0) {
    s->auth_step = AUTH_PLAIN_RESPONSE;
    if (initial)
      answer (s, initial, strlen (initial));
    else
      smtp_session_reply (s, 334, "");                  /* RFC 4954 §4: an empty challenge */
  } else if (g_ascii_strcasecmp (mechanism, "LOGIN") == 0) {
    s->auth_step = AUTH_LOGIN_USER;
    if (initial)
      answer (s, initial, strlen (initial));
    else
      smtp_session_reply (s, 334, "VXNlcm5hbWU6");      /* base64 of "Username:" */
  } else {
    smtp_session_replyf (s, 504, "5.5.4 Unrecognized authentication type: %s", mechanism);
  }
  g_strfreev (words);
}
