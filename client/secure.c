/* secure.c - what comes between the greeting and the mail when asked for:
 * STARTTLS (RFC 3207) and AUTH (RFC 4954), or TLS from the first byte
 * (RFC 8314).  The certificate is checked against the lab CA unless the
 * student says --insecure. */
#include <stdio.h>
#include <string.h>

#include "reply.h"
#include "client.h"

typedef struct {
  ClientRun *run;
  SmtpReplyFunc ready;
  gpointer data;
} Chain;

gboolean
client_tls_setup (ClientRun *run, const ClientSecurity *sec, const char *server, GError **error)
{
  run->security = sec;
  if (!sec->starttls && !sec->implicit && !run->explain && !run->scripted)
    return TRUE;
  char *ca = sec->ca ? g_strdup (sec->ca) : NULL;
  if (!ca && !sec->insecure) {
    char *dir = smtp_tls_default_certs_dir ();
    ca = g_build_filename (dir, "ca.crt", NULL);
    g_free (dir);
    if (!g_file_test (ca, G_FILE_TEST_EXISTS))
      g_clear_pointer (&ca, g_free);       /* no lab CA: the system's CAs */
  }
  run->tls_context = smtp_tls_client_context (ca, !sec->insecure, error);
  g_free (ca);
  if (!run->tls_context)
    return FALSE;
  /* RFC 6125: the name to find in the certificate; by default the host
   * part of --server, which may be an address (then an IP SAN) */
  if (sec->tls_name)
    run->tls_name = g_strdup (sec->tls_name);
  else {
    const char *colon = strrchr (server, ':');
    run->tls_name = g_strndup (server, colon ? (gsize) (colon - server) : strlen (server));
    g_strdelimit (run->tls_name, "[]", ' ');
    g_strstrip (run->tls_name);
  }
  if (sec->implicit)
    smtp_client_set_implicit_tls (run->smtp, run->tls_context, run->tls_name);
  return TRUE;
}

/* chain_stop - the run ends on a refusal or a broken connection */
static void
chain_stop (Chain *chain, const SmtpReply *reply, const GError *error, const char *what)
{
  client_stop_reply (chain->run, reply, error, what);
  g_free (chain);
}

static void
on_auth (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Chain *chain = data;
  if (error || !smtp_reply_is_positive (reply->code)) {
    chain_stop (chain, reply, error, "AUTH refused");
    return;
  }
  chain->ready (client, reply, NULL, chain->data);
  g_free (chain);
}

/* authenticate - AUTH when --user was given, else on to the mail */
static void
authenticate (Chain *chain, SmtpClient *client, const SmtpReply *reply)
{
  const ClientSecurity *sec = chain->run->security;
  if (!sec->user) {
    chain->ready (client, reply, NULL, chain->data);
    g_free (chain);
    return;
  }
  if (!smtp_client_has_extension (client, "AUTH")) {
    client_stop (chain->run, EXIT_PERMANENT, smtp_client_is_tls (client)
                 ? "the server does not offer AUTH"
                 : "the server does not offer AUTH without TLS (try --starttls)");
    g_free (chain);
    return;
  }
  smtp_client_auth (client, sec->mechanism, sec->user, sec->password, on_auth, chain);
}

static void
on_secure_hello (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Chain *chain = data;
  if (error || !smtp_reply_is_positive (reply->code)) {
    chain_stop (chain, reply, error, "STARTTLS refused");
    return;
  }
  authenticate (chain, client, reply);
}

/* client_secure - after the hello: STARTTLS and AUTH when asked for */
void
client_secure (ClientRun *run, SmtpClient *client, const SmtpReply *hello,
               SmtpReplyFunc ready, gpointer data)
{
  gboolean starttls = run->security->starttls && !smtp_client_is_tls (client);
  /* RFC 3207 §4.1: a client that wants TLS does not go on without it */
  if (starttls && !smtp_client_has_extension (client, "STARTTLS")) {
    client_stop (run, EXIT_PERMANENT, "the server does not offer STARTTLS");
    return;
  }
  Chain *chain = g_new0 (Chain, 1);
  chain->run = run;
  chain->ready = ready;
  chain->data = data;
  if (starttls)
    smtp_client_starttls (client, run->tls_context, run->tls_name, on_secure_hello, chain);
  else
    authenticate (chain, client, hello);
}

/* client_after_starttls - the handshake after a typed STARTTLS got 220 */
gboolean
client_after_starttls (ClientRun *run, const char *verb, const SmtpReply *reply,
                       SmtpTlsFunc done, gpointer data)
{
  if (g_strcmp0 (verb, "STARTTLS") != 0 || reply->code != 220 || !run->tls_context)
    return FALSE;
  smtp_client_tls_handshake (run->smtp, run->tls_context, run->tls_name, done, data);
  return TRUE;
}
