/* auth-check.h - whether the credentials of an AUTH exchange (RFC 4954)
 * let the client in, and how long a refusal waits.
 *
 * Interface
 *   smtp_auth_check          the mailbox the credentials log in as, or NULL
 *   smtp_auth_failure_delay  seconds before the 535 of the nth failure
 *
 * Pure: the host's directory (password= hashes, password.h) and the
 * decoded credentials come in; server-auth.c runs the exchange around it.
 */
#ifndef SMTPLAB_AUTH_CHECK_H
#define SMTPLAB_AUTH_CHECK_H

#include "scenario.h"

/* The mailbox ("Jones@Beta.ARPA", newly allocated) that authcid logs in
 * as with password at host, or NULL.  authzid (PLAIN's, RFC 4616 §2; NULL
 * or "" for none) must be empty or the user itself: nobody acts for
 * someone else here. */
char *smtp_auth_check (const SmtpHostConfig *host, const char *authzid, const char *authcid,
                       const char *password);

/* Seconds the 535 waits after the failures-th failure in a session: one
 * more each time, up to SMTP_LIMIT_AUTH_DELAY (a guesser gets slower). */
guint smtp_auth_failure_delay (guint failures);

#endif
