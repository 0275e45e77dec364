/* lab-ca.c - the lab's certificate authority, made on first use (see
 * lab-ca.h).  The same certificates mk/certs.sh makes with the openssl
 * command, made here with OpenSSL's library. */
#include "lab-ca.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "tls.h"

/* openssl_failed - an error naming what failed and file, with OpenSSL's why */
static gboolean
openssl_failed (GError **error, const char *what, const char *file)
{
  char *why = smtp_tls_error_text (NULL);
  g_set_error (error, SMTP_TLS_ERROR, SMTP_TLS_ERROR_SETUP, "%s %s: %s", what, file, why);
  g_free (why);
  return FALSE;
}

/* save - bio's PEM text into path with mode, through a temporary file
 * renamed into place (a reader never sees half a key) */
static gboolean
save (BIO *bio, const char *path, int mode, GError **error)
{
  char *pem;
  long length = BIO_get_mem_data (bio, &pem);
  gboolean saved = g_file_set_contents_full (path, pem, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                             mode, error);
  BIO_free (bio);
  return saved;
}

/* save_pair - key (mode 0600) and then cert into DIR/BASE.key, BASE.crt:
 * the certificate last, so that one being there means both are */
static gboolean
save_pair (const char *dir, const char *base, EVP_PKEY *key, X509 *cert, GError **error)
{
  char *key_file = g_strdup_printf ("%s/%s.key", dir, base);
  char *cert_file = g_strdup_printf ("%s/%s.crt", dir, base);
  BIO *key_pem = BIO_new (BIO_s_mem ());
  BIO *cert_pem = BIO_new (BIO_s_mem ());
  gboolean ok = PEM_write_bio_PrivateKey (key_pem, key, NULL, NULL, 0, NULL, NULL) == 1
                && PEM_write_bio_X509 (cert_pem, cert) == 1;
  if (!ok) {
    openssl_failed (error, "cannot write", key_file);
    BIO_free (key_pem);
    BIO_free (cert_pem);
  } else
    ok = save (key_pem, key_file, 0600, error) && save (cert_pem, cert_file, 0644, error);
  g_free (cert_file);
  g_free (key_file);
  return ok;
}

/* read_pem - the PEM text of path in a memory BIO, or NULL with error */
static BIO *
read_pem (const char *path, GError **error)
{
  char *text;
  gsize length;
  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  BIO *bio = BIO_new (BIO_s_mem ());
  BIO_write (bio, text, (int) length);
  g_free (text);
  return bio;
}

/* no_passphrase - PEM's password callback: the lab's keys have none, and a
 * key that wants one fails rather than waiting for one at the terminal */
static int
no_passphrase (char *buf, int size, int rwflag, void *data)
{
  (void) buf, (void) size, (void) rwflag, (void) data;
  return -1;
}

/* load_ca - DIR/ca.crt and DIR/ca.key, the lab CA that signs hosts */
static gboolean
load_ca (const char *dir, X509 **cert, EVP_PKEY **key, GError **error)
{
  char *cert_file = g_build_filename (dir, "ca.crt", NULL);
  char *key_file = g_build_filename (dir, "ca.key", NULL);
  BIO *cert_pem = read_pem (cert_file, error);
  BIO *key_pem = cert_pem ? read_pem (key_file, error) : NULL;
  *cert = cert_pem ? PEM_read_bio_X509 (cert_pem, NULL, NULL, NULL) : NULL;
  *key = key_pem ? PEM_read_bio_PrivateKey (key_pem, NULL, no_passphrase, NULL) : NULL;
  gboolean ok = *cert && *key;
  if (!ok && key_pem)
    openssl_failed (error, "cannot read the lab CA", *cert ? key_file : cert_file);
  BIO_free (cert_pem);
  BIO_free (key_pem);
  g_free (key_file);
  g_free (cert_file);
  return ok;
}

/* add_extension - one X.509v3 extension, written as in openssl.cnf */
static gboolean
add_extension (X509 *cert, X509 *issuer, int nid, const char *value)
{
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb (&ctx);
  X509V3_set_ctx (&ctx, issuer, cert, NULL, NULL, 0);
  X509_EXTENSION *extension = X509V3_EXT_nconf_nid (NULL, &ctx, nid, value);
  gboolean ok = extension && X509_add_ext (cert, extension, -1) == 1;
  X509_EXTENSION_free (extension);
  return ok;
}

/* new_certificate - a certificate for key, subject O=smtplab, CN=cn, valid
 * from now for SMTP_LAB_CA_DAYS, with a random serial (RFC 5280 §4.1.2.2);
 * issuer NULL: self-signed */
static X509 *
new_certificate (EVP_PKEY *key, const char *cn, X509 *issuer)
{
  X509 *cert = X509_new ();
  unsigned char serial[16];
  BIGNUM *bn = RAND_bytes (serial, sizeof serial) == 1
               ? BN_bin2bn (serial, sizeof serial, NULL) : NULL;
  X509_NAME *subject = X509_get_subject_name (cert);
  gboolean ok = bn && BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (cert))
                && X509_set_version (cert, X509_VERSION_3)
                && X509_gmtime_adj (X509_getm_notBefore (cert), 0)
                && X509_time_adj_ex (X509_getm_notAfter (cert), SMTP_LAB_CA_DAYS, 0, NULL)
                && X509_NAME_add_entry_by_txt (subject, "O", MBSTRING_UTF8,
                                               (const unsigned char *) "smtplab", -1, -1, 0)
                && X509_NAME_add_entry_by_txt (subject, "CN", MBSTRING_UTF8,
                                               (const unsigned char *) cn, -1, -1, 0)
                && X509_set_issuer_name (cert, X509_get_subject_name (issuer ? issuer : cert))
                && X509_set_pubkey (cert, key)
                && add_extension (cert, issuer ? issuer : cert, NID_subject_key_identifier, "hash");
  BN_free (bn);
  if (!ok)
    g_clear_pointer (&cert, X509_free);
  return cert;
}

/* make_ca - DIR/BASE.crt and .key, a self-signed CA named cn, unless
 * DIR/BASE.crt is there (as mk/certs.sh's ca ()) */
static gboolean
make_ca (const char *dir, const char *base, const char *cn, GError **error)
{
  char *cert_file = g_strdup_printf ("%s/%s.crt", dir, base);
  if (g_file_test (cert_file, G_FILE_TEST_EXISTS)) {
    g_free (cert_file);
    return TRUE;
  }
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *cert = key ? new_certificate (key, cn, NULL) : NULL;
  /* RFC 5280 §4.2.1.9 and §4.2.1.3: a CA, which signs certificates */
  gboolean ok = cert && add_extension (cert, cert, NID_basic_constraints, "critical,CA:TRUE")
                && add_extension (cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign")
                && X509_sign (cert, key, EVP_sha256 ()) > 0;
  ok = ok ? save_pair (dir, base, key, cert, error)
          : openssl_failed (error, "cannot make the lab CA", cert_file);
  X509_free (cert);
  EVP_PKEY_free (key);
  g_free (cert_file);
  return ok;
}

/* subject_alt_name - "DNS:name,IP:127.0.0.30": the host's name and the
 * address of each listen ADDR:PORT, each once (RFC 6125 §6.4) */
static char *
subject_alt_name (const char *name, const char *const *listen)
{
  GString *san = g_string_new (NULL);
  g_string_append_printf (san, "DNS:%s", name);
  for (guint i = 0; listen && listen[i]; i++) {
    const char *colon = strrchr (listen[i], ':');
    char *address = g_strndup (listen[i], colon ? (gsize) (colon - listen[i]) : strlen (listen[i]));
    g_strstrip (g_strdelimit (address, "[]", ' '));
    char *entry = g_strdup_printf ("%s:%s", g_hostname_is_ip_address (address) ? "IP" : "DNS",
                                   address);
    if (*address && !strstr (san->str, entry))
      g_string_append_printf (san, ",%s", entry);
    g_free (entry);
    g_free (address);
  }
  return g_string_free (san, FALSE);
}

/* make_host - DIR/NAME.crt and .key, signed by DIR's lab CA (as the loop
 * at the end of mk/certs.sh) */
static gboolean
make_host (const char *dir, const char *name, const char *const *listen, GError **error)
{
  X509 *ca_cert;
  EVP_PKEY *ca_key;
  if (!load_ca (dir, &ca_cert, &ca_key, error)) {
    X509_free (ca_cert);
    EVP_PKEY_free (ca_key);
    return FALSE;
  }
  char *san = subject_alt_name (name, listen);
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *cert = key ? new_certificate (key, name, ca_cert) : NULL;
  gboolean ok = cert && add_extension (cert, ca_cert, NID_subject_alt_name, san)
                && add_extension (cert, ca_cert, NID_ext_key_usage, "serverAuth")
                && add_extension (cert, ca_cert, NID_authority_key_identifier, "keyid")
                && X509_sign (cert, ca_key, EVP_sha256 ()) > 0;
  ok = ok ? save_pair (dir, name, key, cert, error)
          : openssl_failed (error, "cannot make a certificate for", name);
  X509_free (cert);
  EVP_PKEY_free (key);
  g_free (san);
  X509_free (ca_cert);
  EVP_PKEY_free (ca_key);
  return ok;
}

/* errno_failed - a GFileError: what path: strerror (errno) */
static void
errno_failed (GError **error, const char *what, const char *path)
{
  int saved = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s %s: %s", what, path,
               g_strerror (saved));
}

/* lock_folder - waits for the exclusive lock on DIR/.lock (DIR made 0700
 * if need be): one maker at a time; the fd to close, or -1 with error */
static int
lock_folder (const char *dir, GError **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0) {
    errno_failed (error, "cannot make the folder", dir);
    return -1;
  }
  char *lock = g_build_filename (dir, ".lock", NULL);
  int fd = g_open (lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX) != 0) {
    errno_failed (error, "cannot lock", lock);
    if (fd >= 0)
      close (fd);
    fd = -1;
  }
  g_free (lock);
  return fd;
}

/* host_pair_there - are DIR/NAME.crt and DIR/NAME.key both there? */
static gboolean
host_pair_there (const char *dir, const char *name)
{
  char *cert_file = g_strdup_printf ("%s/%s.crt", dir, name);
  char *key_file = g_strdup_printf ("%s/%s.key", dir, name);
  gboolean there = g_file_test (cert_file, G_FILE_TEST_EXISTS)
                   && g_file_test (key_file, G_FILE_TEST_EXISTS);
  g_free (key_file);
  g_free (cert_file);
  return there;
}

gboolean
smtp_lab_ca_ensure_host (const char *folder, const char *name,
                         const char *const *listen, GError **error)
{
  if (host_pair_there (folder, name))
    return TRUE;                 /* nothing to make: not even the lock */
  int lock = lock_folder (folder, error);
  /* another program may have made them while we waited for the lock */
  gboolean ok = lock >= 0
                && (host_pair_there (folder, name)
                    || (make_ca (folder, "ca", "smtplab lab CA", error)
                        && make_ca (folder, "rogue-ca", "a CA nobody trusts", error)
                        && make_host (folder, name, listen, error)));
  if (lock >= 0)
    close (lock);                /* and the lock goes with it */
  if (!ok)
    g_prefix_error (error, "%s has no %s/%s.crt and .key, and they cannot be made: ", name,
                    folder, name);
  return ok;
}
