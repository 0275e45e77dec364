/* password.c - PBKDF2-SHA256 password hashes (see password.h). */
#include "password.h"

#include <string.h>
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
