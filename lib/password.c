/* password.c - PBKDF2-SHA256 password hashes (see password.h). */
#include "password.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <gio/gio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define PREFIX "pbkdf2-sha256"
#define SALT_LEN 16
#define HASH_LEN 32

/* derive - PBKDF2-HMAC-SHA256 of password into out */
static gboolean
derive (const char *password, const guchar *salt, gsize salt_len, guint iterations,
        guchar out[HASH_LEN])
{
  return PKCS5_PBKDF2_HMAC (password, strlen (password), salt, salt_len, iterations,
                            EVP_sha256 (), HASH_LEN, out) == 1;
}

char *
smtp_password_hash (const char *password, guint iterations)
{
  guchar salt[SALT_LEN], hash[HASH_LEN];
  if (RAND_bytes (salt, sizeof salt) != 1 || !derive (password, salt, sizeof salt, iterations, hash))
    return NULL;
  char *salt64 = g_base64_encode (salt, sizeof salt);
  char *hash64 = g_base64_encode (hash, sizeof hash);
  char *text = g_strdup_printf (PREFIX "$%u$%s$%s", iterations, salt64, hash64);
  g_free (salt64);
  g_free (hash64);
  return text;
}

/* split - the parts of a stored hash; FALSE when it is malformed */
static gboolean
split (const char *stored, guint *iterations, guchar **salt, gsize *salt_len,
       guchar **hash, gsize *hash_len)
{
  char **parts = g_strsplit (stored, "$", -1);
  gboolean ok = g_strv_length (parts) == 4 && g_str_equal (parts[0], PREFIX)
                && parts[1][0] && strspn (parts[1], "0123456789") == strlen (parts[1])
                && strlen (parts[1]) < 8;
  if (ok) {
    *iterations = (guint) g_ascii_strtoull (parts[1], NULL, 10);
    *salt = g_base64_decode (parts[2], salt_len);
    *hash = g_base64_decode (parts[3], hash_len);
    ok = *iterations > 0 && *salt_len > 0 && *hash_len == HASH_LEN;
    if (!ok) {
      g_free (*salt);
      g_free (*hash);
    }
  }
  g_strfreev (parts);
  return ok;
}

gboolean
smtp_password_is_hash (const char *text)
{
  guint iterations;
  guchar *salt, *hash;
  gsize salt_len, hash_len;
  if (!split (text, &iterations, &salt, &salt_len, &hash, &hash_len))
    return FALSE;
  g_free (salt);
  g_free (hash);
  return TRUE;
}

gboolean
smtp_password_check (const char *stored, const char *password)
{
  guint iterations;
  guchar *salt, *hash, mine[HASH_LEN];
  gsize salt_len, hash_len;
  if (!stored || !split (stored, &iterations, &salt, &salt_len, &hash, &hash_len))
    return FALSE;
  gboolean ok = derive (password, salt, salt_len, iterations, mine)
                && CRYPTO_memcmp (mine, hash, HASH_LEN) == 0;
  g_free (salt);
  g_free (hash);
  return ok;
}

/* read_line - one line of fd, without its end; NULL at the end of input */
static char *
read_line (int fd)
{
  GString *line = g_string_new (NULL);
  char c;
  gssize n;
  while ((n = read (fd, &c, 1)) == 1 && c != '\n')
    g_string_append_c (line, c);
  if (n <= 0 && line->len == 0) {
    g_string_free (line, TRUE);
    return NULL;
  }
  return g_strchomp (g_string_free (line, FALSE));
}

/* read_hidden - prompt on stderr, then a line typed with echo off */
static char *
read_hidden (int fd, const char *prompt)
{
  struct termios saved, quiet;
  gboolean hidden = tcgetattr (fd, &saved) == 0;
  if (hidden) {                  /* echo off before the prompt: nothing typed shows */
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t) ECHO;
    tcsetattr (fd, TCSAFLUSH, &quiet);
  }
  fputs (prompt, stderr);
  fflush (stderr);
  char *line = read_line (fd);
  if (hidden)
    tcsetattr (fd, TCSANOW, &saved);
  fputs ("\n", stderr);
  return line;
}

char *
smtp_password_read (int fd, gboolean confirm, GError **error)
{
  gboolean terminal = isatty (fd);
  char *password = terminal ? read_hidden (fd, "Password: ") : read_line (fd);
  if (!password || !*password) {
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         terminal ? "no password typed" : "no password on stdin (one line)");
    g_free (password);
    return NULL;
  }
  if (terminal && confirm) {
    char *again = read_hidden (fd, "Password again: ");
    gboolean same = again && g_str_equal (again, password);
    g_free (again);
    if (!same) {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the two passwords differ; nothing hashed");
      g_free (password);
      return NULL;
    }
  }
  return password;
}
