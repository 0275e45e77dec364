/* tls.c - OpenSSL contexts and helpers for STARTTLS (see tls.h). */
#include "tls.h"

#include "kit.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

G_DEFINE_QUARK (smtp-tls-error-quark, smtp_tls_error)

/* openssl_errors - OpenSSL's error queue as one line (and emptied) */
static char *
openssl_errors (void)
{
  GString *text = g_string_new (NULL);
  unsigned long e;
  while ((e = ERR_get_error ()) != 0) {
    char buf[256];
    ERR_error_string_n (e, buf, sizeof buf);
    if (text->len)
      g_string_append (text, "; ");
    g_string_append (text, buf);
  }
  if (text->len == 0)
    g_string_append (text, "unknown TLS error");
  return g_string_free (text, FALSE);
}

/* setup_failed - sets error from the queue and frees ctx */
static SSL_CTX *
setup_failed (SSL_CTX *ctx, GError **error, const char *what, const char *file)
{
  char *why = openssl_errors ();
  g_set_error (error, SMTP_TLS_ERROR, SMTP_TLS_ERROR_SETUP, "%s %s: %s", what,
               file ? file : "", why);
  g_free (why);
  SSL_CTX_free (ctx);
  return NULL;
}

/* new_context - TLS 1.2 or newer; writes may be partial and the buffer may
 * move between retries (our output buffer shrinks as it is sent) */
static SSL_CTX *
new_context (const SSL_METHOD *method)
{
  SSL_CTX *ctx = SSL_CTX_new (method);
  if (!ctx)
    return NULL;
  SSL_CTX_set_min_proto_version (ctx, TLS1_2_VERSION);
  SSL_CTX_set_mode (ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  return ctx;
}

SSL_CTX *
smtp_tls_server_context (const char *cert_file, const char *key_file, GError **error)
{
  SSL_CTX *ctx = new_context (TLS_server_method ());
  if (!ctx)
    return setup_failed (ctx, error, "cannot make a TLS context", NULL);
  if (SSL_CTX_use_certificate_chain_file (ctx, cert_file) != 1)
    return setup_failed (ctx, error, "cannot load certificate", cert_file);
  if (SSL_CTX_use_PrivateKey_file (ctx, key_file, SSL_FILETYPE_PEM) != 1)
    return setup_failed (ctx, error, "cannot load private key", key_file);
  if (SSL_CTX_check_private_key (ctx) != 1)
    return setup_failed (ctx, error, "the key does not match the certificate", key_file);
  return ctx;
}

/* sender_context - a sender's context trusting the CAs in ca_file (NULL:
 * the system's); mode: SSL_VERIFY_PEER refuses a certificate that does
 * not verify, SSL_VERIFY_NONE only notes it */
static SSL_CTX *
sender_context (const char *ca_file, int mode, GError **error)
{
  SSL_CTX *ctx = new_context (TLS_client_method ());
  if (!ctx)
    return setup_failed (ctx, error, "cannot make a TLS context", NULL);
  SSL_CTX_set_verify (ctx, mode, NULL);
  int ok = ca_file ? SSL_CTX_load_verify_locations (ctx, ca_file, NULL)
                   : SSL_CTX_set_default_verify_paths (ctx);
  if (ok != 1)
    return setup_failed (ctx, error, "cannot load CA certificates", ca_file);
  return ctx;
}

SSL_CTX *
smtp_tls_client_context (const char *ca_file, gboolean verify, GError **error)
{
  if (!verify) {
    SSL_CTX *ctx = new_context (TLS_client_method ());
    if (!ctx)
      return setup_failed (ctx, error, "cannot make a TLS context", NULL);
    SSL_CTX_set_verify (ctx, SSL_VERIFY_NONE, NULL);
    return ctx;
  }
  return sender_context (ca_file, SSL_VERIFY_PEER, error);
}

SSL_CTX *
smtp_tls_opportunistic_context (const char *ca_file, GError **error)
{
  /* the chain is checked and the result kept, but any certificate will do:
   * RFC 7435 §3, encryption without authentication beats none */
  return sender_context (ca_file, SSL_VERIFY_NONE, error);
}

gboolean
smtp_tls_peer_verified (SSL *ssl, char **why)
{
  X509 *cert = SSL_get0_peer_certificate (ssl);
  long result = SSL_get_verify_result (ssl);
  if (cert && result == X509_V_OK)
    return TRUE;
  if (why)
    *why = g_strdup (cert ? X509_verify_cert_error_string (result) : "no certificate");
  return FALSE;
}

SSL *
smtp_tls_new (SSL_CTX *context, int fd, gboolean is_server, const char *server_name)
{
  SSL *ssl = SSL_new (context);
  SSL_set_fd (ssl, fd);
  if (is_server) {
    SSL_set_accept_state (ssl);
    return ssl;
  }
  SSL_set_connect_state (ssl);
  if (server_name) {
    /* RFC 6066 SNI, and RFC 6125: the certificate must name this host (a
     * context that does not verify only notes whether it does) */
    SSL_set_tlsext_host_name (ssl, server_name);
    SSL_set_hostflags (ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    SSL_set1_host (ssl, server_name);
  }
  return ssl;
}

char *
smtp_tls_describe (SSL *ssl)
{
  return g_strdup_printf ("%s with %s", SSL_get_version (ssl),
                          SSL_CIPHER_get_name (SSL_get_current_cipher (ssl)));
}

char *
smtp_tls_error_text (SSL *ssl)
{
  long verify = ssl ? SSL_get_verify_result (ssl) : X509_V_OK;
  if (verify != X509_V_OK) {
    ERR_clear_error ();
    return g_strdup_printf ("certificate verification failed: %s",
                            X509_verify_cert_error_string (verify));
  }
  return openssl_errors ();
}

char *
smtp_tls_default_certs_dir (void)
{
  const char *env = g_getenv ("SMTPLAB_CERTS");
  if (env && *env)
    return g_strdup (env);
  char *source_tree = smtp_kit_path ("certs");
  if (g_file_test (source_tree, G_FILE_TEST_IS_DIR))
    return source_tree;
  g_free (source_tree);
  return smtp_kit_user_path ("certs");
}
