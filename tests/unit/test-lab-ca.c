/* test-lab-ca.c - each user's lab CA and hosts' keys, made on first use
 * (lib/lab-ca.c), and where the programs look for them (lib/tls.c,
 * smtp_tls_default_certs_dir).  $XDG_DATA_HOME is a new temporary folder,
 * so the user's folder (~/.local/share/smtplab/certs) starts empty; the
 * tests after made-once use folders of their own beside it. */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "lab-ca.h"
#include "tls.h"
#include "tmp-folder.h"

static const char *const addresses[] = { "127.0.0.30:2525", "127.0.0.30:4650", NULL };
static char *tmp;      /* $XDG_DATA_HOME and the tests' folders, removed at the end */

/* user_folder - the per-user folder, as the programs find it */
static char *
user_folder (void)
{
  g_unsetenv ("SMTPLAB_CERTS");
  return smtp_tls_default_certs_dir ();
}

/* own_folder - a new certificate folder for one test */
static char *
own_folder (void)
{
  return g_build_filename (tmp, g_test_get_path (), "certs", NULL);
}

/* file_in - DIR/FILE, newly allocated */
static char *
file_in (const char *dir, const char *file)
{
  return g_build_filename (dir, file, NULL);
}

/* mode_of - the permission bits of DIR/FILE */
static int
mode_of (const char *dir, const char *file)
{
  char *path = file_in (dir, file);
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_free (path);
  return st.st_mode & 0777;
}

/* contents_of - DIR/FILE's text */
static char *
contents_of (const char *dir, const char *file)
{
  char *path = file_in (dir, file);
  char *text;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_free (path);
  return text;
}

/* read_cert - DIR/FILE as an X509 */
static X509 *
read_cert (const char *dir, const char *file)
{
  char *path = file_in (dir, file);
  FILE *f = fopen (path, "r");
  g_assert_nonnull (f);
  X509 *cert = PEM_read_X509 (f, NULL, NULL, NULL);
  fclose (f);
  g_assert_nonnull (cert);
  g_free (path);
  return cert;
}

/* signed_by - does DIR/CA_FILE's CA vouch for DIR/CERT_FILE? */
static gboolean
signed_by (const char *dir, const char *cert_file, const char *ca_file)
{
  X509 *cert = read_cert (dir, cert_file);
  X509 *ca = read_cert (dir, ca_file);
  X509_STORE *store = X509_STORE_new ();
  X509_STORE_add_cert (store, ca);
  X509_STORE_CTX *ctx = X509_STORE_CTX_new ();
  X509_STORE_CTX_init (ctx, store, cert, NULL);
  X509_STORE_CTX_set_purpose (ctx, X509_PURPOSE_SSL_SERVER);
  gboolean ok = X509_verify_cert (ctx) == 1;
  X509_STORE_CTX_free (ctx);
  X509_STORE_free (store);
  X509_free (ca);
  X509_free (cert);
  return ok;
}

/* ensure - smtp_lab_ca_ensure_host, which must succeed */
static void
ensure (const char *dir, const char *name)
{
  GError *error = NULL;
  g_assert_true (smtp_lab_ca_ensure_host (dir, name, addresses, &error));
  g_assert_no_error (error);
}

/* assert_usable - NAME.crt is signed by the lab CA, names the host and
 * its address, and NAME.key goes with it */
static void
assert_usable (const char *dir, const char *name)
{
  char *crt_file = g_strconcat (name, ".crt", NULL);
  char *key_file = g_strconcat (name, ".key", NULL);
  g_assert_true (signed_by (dir, crt_file, "ca.crt"));
  X509 *cert = read_cert (dir, crt_file);
  g_assert_cmpint (X509_check_host (cert, name, 0, 0, NULL), ==, 1);
  g_assert_cmpint (X509_check_ip_asc (cert, "127.0.0.30", 0), ==, 1);
  X509_free (cert);
  char *crt = file_in (dir, crt_file);
  char *key = file_in (dir, key_file);
  GError *error = NULL;
  SSL_CTX *ctx = smtp_tls_server_context (crt, key, &error);
  g_assert_no_error (error);
  SSL_CTX_free (ctx);
  g_free (key);
  g_free (crt);
  g_free (key_file);
  g_free (crt_file);
}

static void
test_default_folder (void)
{
  char *dir = user_folder ();
  char *expected = g_build_filename (tmp, "data", "smtplab", "certs", NULL);
  g_assert_cmpstr (dir, ==, expected);
  g_free (expected);
  g_free (dir);
  g_setenv ("SMTPLAB_CERTS", "/srv/lab/certs", TRUE);
  dir = smtp_tls_default_certs_dir ();
  g_assert_cmpstr (dir, ==, "/srv/lab/certs");
  g_free (dir);
}

static void
test_made_once (void)
{
  char *dir = user_folder ();
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  ensure (dir, "mail.lab.example");
  g_assert_cmpint (mode_of (dir, "."), ==, 0700);
  g_assert_cmpint (mode_of (dir, "ca.key"), ==, 0600);
  g_assert_cmpint (mode_of (dir, "mail.lab.example.key"), ==, 0600);
  g_assert_cmpint (mode_of (dir, "ca.crt"), ==, 0644);
  assert_usable (dir, "mail.lab.example");
  /* the second server to start uses them as they are */
  char *key = contents_of (dir, "mail.lab.example.key");
  char *ca = contents_of (dir, "ca.crt");
  ensure (dir, "mail.lab.example");
  char *key_again = contents_of (dir, "mail.lab.example.key");
  g_assert_cmpstr (key, ==, key_again);
  /* another host: signed by the same CA */
  ensure (dir, "outside.example");
  assert_usable (dir, "outside.example");
  char *ca_again = contents_of (dir, "ca.crt");
  g_assert_cmpstr (ca, ==, ca_again);
  g_free (ca_again);
  g_free (key_again);
  g_free (ca);
  g_free (key);
  g_free (dir);
}

static void
test_rogue_signs_nothing (void)
{
  char *dir = own_folder ();
  ensure (dir, "mail.lab.example");
  g_assert_true (signed_by (dir, "mail.lab.example.crt", "ca.crt"));
  g_assert_false (signed_by (dir, "mail.lab.example.crt", "rogue-ca.crt"));
  g_assert_cmpint (mode_of (dir, "rogue-ca.key"), ==, 0600);
  g_free (dir);
}

static void
test_lost_key_remade (void)
{
  char *dir = own_folder ();
  ensure (dir, "mail.lab.example");
  char *cert = contents_of (dir, "mail.lab.example.crt");
  char *ca = contents_of (dir, "ca.crt");
  char *key_file = file_in (dir, "mail.lab.example.key");
  g_assert_cmpint (g_unlink (key_file), ==, 0);
  ensure (dir, "mail.lab.example");
  char *cert_again = contents_of (dir, "mail.lab.example.crt");
  char *ca_again = contents_of (dir, "ca.crt");
  g_assert_cmpstr (cert, !=, cert_again);          /* a new pair ... */
  g_assert_cmpstr (ca, ==, ca_again);              /* ... from the same CA */
  assert_usable (dir, "mail.lab.example");
  g_free (ca_again);
  g_free (cert_again);
  g_free (key_file);
  g_free (ca);
  g_free (cert);
  g_free (dir);
}

static void
test_two_at_once (void)
{
  /* several servers of one user start at the same moment, in a folder
   * nobody has made yet: each must end up with a key and a certificate
   * from the one CA that ca.crt holds */
  enum { STARTING = 6 };
  char *dir = own_folder ();
  pid_t pids[STARTING];
  for (int i = 0; i < STARTING; i++) {
    pids[i] = fork ();
    g_assert_cmpint (pids[i], >=, 0);
    if (pids[i] == 0) {
      GError *error = NULL;
      _exit (smtp_lab_ca_ensure_host (dir, i % 2 ? "mail.lab.example" : "outside.example",
                                      addresses, &error) ? 0 : 1);
    }
  }
  for (int i = 0; i < STARTING; i++) {
    int status;
    g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  }
  assert_usable (dir, "mail.lab.example");
  assert_usable (dir, "outside.example");
  g_free (dir);
}

static void
test_folder_not_made (void)
{
  /* a folder that cannot be made: the error names it */
  char *file = g_build_filename (tmp, "a-file", NULL);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  char *dir = g_build_filename (file, "certs", NULL);
  GError *error = NULL;
  g_assert_false (smtp_lab_ca_ensure_host (dir, "mail.lab.example", addresses, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOTDIR);
  char *expected = g_strdup_printf ("mail.lab.example has no %s/mail.lab.example.crt and .key, "
                                    "and they cannot be made: cannot make the folder %s: "
                                    "Not a directory", dir, dir);
  g_assert_cmpstr (error->message, ==, expected);
  g_free (expected);
  g_error_free (error);
  g_free (dir);
  g_free (file);
}

static void
test_ca_key_with_passphrase (void)
{
  /* a teacher's CA whose key wants a passphrase: an error naming the
   * key, never a prompt that waits at the server's terminal */
  char *dir = own_folder ();
  ensure (dir, "mail.lab.example");
  char *key_file = file_in (dir, "ca.key");
  BIO *in = BIO_new_file (key_file, "r");
  EVP_PKEY *key = PEM_read_bio_PrivateKey (in, NULL, NULL, NULL);
  BIO_free (in);
  BIO *out = BIO_new_file (key_file, "w");
  g_assert_cmpint (PEM_write_bio_PrivateKey (out, key, EVP_aes_128_cbc (),
                                             (unsigned char *) "secret", 6, NULL, NULL), ==, 1);
  BIO_free (out);
  EVP_PKEY_free (key);
  GError *error = NULL;
  g_assert_false (smtp_lab_ca_ensure_host (dir, "outside.example", addresses, &error));
  g_assert_error (error, SMTP_TLS_ERROR, SMTP_TLS_ERROR_SETUP);
  char *expected = g_strdup_printf ("cannot read the lab CA %s: ", key_file);
  g_assert_true (g_str_has_prefix (strstr (error->message, "cannot read"), expected));
  g_free (expected);
  g_error_free (error);
  g_free (key_file);
  g_free (dir);
}

int
main (int argc, char **argv)
{
  tmp = tmp_folder_new ("test-lab-ca");
  char *data = g_build_filename (tmp, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_free (data);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tls/user-ca/default-folder", test_default_folder);
  g_test_add_func ("/tls/user-ca/made-once", test_made_once);
  g_test_add_func ("/tls/user-ca/rogue-signs-nothing", test_rogue_signs_nothing);
  g_test_add_func ("/tls/user-ca/lost-key-remade", test_lost_key_remade);
  g_test_add_func ("/tls/user-ca/two-at-once", test_two_at_once);
  g_test_add_func ("/tls/user-ca/folder-not-made", test_folder_not_made);
  g_test_add_func ("/tls/user-ca/ca-key-with-passphrase", test_ca_key_with_passphrase);
  return tmp_folder_run (tmp);
}
