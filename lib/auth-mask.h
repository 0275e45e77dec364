/* auth-mask.h - AUTH secrets hidden before a dialogue is shown (RFC 4954).
 *
 * "AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=" carries a password in its initial
 * response, and every line a client sends after a 334 challenge is a
 * response too.  Whoever shows or records a dialogue masks them.
 */
#ifndef SMTPLAB_AUTH_MASK_H
#define SMTPLAB_AUTH_MASK_H

#include <glib.h>

/* What stands for a secret. */
#define SMTP_AUTH_MASK "********"

/* The command line as it may be shown: "AUTH PLAIN ********" for an AUTH
 * with an initial response, the line itself otherwise.  Newly allocated. */
char *smtp_auth_mask_command (const char *line);

/* A client line sent in answer to a 334 challenge, as it may be shown:
 * SMTP_AUTH_MASK, or "*" (the client cancels, RFC 4954 §4).  Newly allocated. */
char *smtp_auth_mask_response (const char *line);

#endif
