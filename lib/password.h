/* password.h - passwords stored hashed, never in the clear: PBKDF2 with
 * HMAC-SHA-256 (RFC 8018 §5.2) from OpenSSL, in one text field
 *
 *   pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>
 *
 * which a scenario keeps as a user's password= (AUTH, RFC 4954). */
#ifndef SMTPLAB_PASSWORD_H
#define SMTPLAB_PASSWORD_H

#include <glib.h>

/* Iterations for a new hash: slow enough to hurt a guesser, fast enough
 * for a lab server to check a login without stalling its loop. */
#define SMTP_PASSWORD_ITERATIONS 20000

/* A new hash of password with a random salt. */
char    *smtp_password_hash (const char *password, guint iterations);
/* Does stored (a hash as above) match password?  Compares in constant
 * time; FALSE for a malformed stored value. */
gboolean smtp_password_check (const char *stored, const char *password);
/* Reads a password from fd: at a terminal, prompts ("Password: ") on
 * stderr without echo (termios) and, with confirm, asks again and insists
 * the two agree; from a pipe or file, reads one line.  NULL with error when
 * nothing was read or the two differ. */
char    *smtp_password_read (int fd, gboolean confirm, GError **error);
/* Is text a hash in the format above (and not, say, a password in the clear)? */
gboolean smtp_password_is_hash (const char *text);

#endif
