/* tls.h - the OpenSSL side of TLS for SMTP: contexts for the receiver
 * (certificate and key) and for the sender (which CAs it trusts, and
 * whether it checks at all), and a one-line description of a session.
 *
 * The handshake itself runs inside a connection (conn.h,
 * smtp_conn_start_tls), on the main loop, without threads.  STARTTLS is
 * RFC 3207; TLS from the first byte on a second port is RFC 8314.
 */
#ifndef SMTPLAB_TLS_H
#define SMTPLAB_TLS_H

#include <glib.h>
#include <openssl/ssl.h>

#define SMTP_TLS_ERROR (smtp_tls_error_quark ())
GQuark smtp_tls_error_quark (void);

typedef enum {
  SMTP_TLS_ERROR_SETUP,       /* a certificate, key or CA file is unusable */
  SMTP_TLS_ERROR_HANDSHAKE,   /* the handshake failed (verification, protocol) */
} SmtpTlsError;

/* A receiver's context: TLS 1.2 or newer, with the PEM certificate
 * (chain) and private key; NULL with error set when they do not load or
 * do not match. */
SSL_CTX *smtp_tls_server_context (const char *cert_file, const char *key_file, GError **error);

/* A sender's context.  verify: check the server's certificate against
 * ca_file (PEM; NULL: the system's CAs) and its name (see
 * smtp_tls_client_new); FALSE is the lab's --insecure. */
SSL_CTX *smtp_tls_client_context (const char *ca_file, gboolean verify, GError **error);

/* A relay's context for opportunistic TLS (RFC 7435, RFC 3207 §4.1): it
 * checks the server's certificate against ca_file (NULL: the system's
 * CAs) and its name, but never refuses the handshake for it; what the
 * check found is smtp_tls_peer_verified's. */
SSL_CTX *smtp_tls_opportunistic_context (const char *ca_file, GError **error);

/* A new SSL for one connection on fd; a client checks that the server's
 * certificate is for server_name (when its context verifies; an
 * opportunistic context only notes the result). */
SSL *smtp_tls_new (SSL_CTX *context, int fd, gboolean is_server, const char *server_name);

/* Where the lab's certificates are, in this order: $SMTPLAB_CERTS; else
 * certs/ beside the program's bin/ (the source tree, made by make with
 * mk/certs.sh); else the user's own folder, ~/.local/share/smtplab/certs
 * ($XDG_DATA_HOME), where a server makes the user's lab CA and its host's
 * key on first use (lab-ca.h).  An installed kit holds no key.  The folder
 * may not exist yet.  Newly allocated. */
char *smtp_tls_default_certs_dir (void);

/* TRUE when the peer's certificate chains to a trusted CA and names the
 * host asked for (RFC 6125); otherwise *why (may be NULL) gets the reason,
 * newly allocated.  After a client handshake. */
gboolean smtp_tls_peer_verified (SSL *ssl, char **why);

/* "TLSv1.3 with TLS_AES_256_GCM_SHA384" */
char *smtp_tls_describe (SSL *ssl);

/* Why the last OpenSSL call failed, as text: the verification result when
 * it was the certificate, else OpenSSL's error queue (which it empties). */
char *smtp_tls_error_text (SSL *ssl);

#endif
