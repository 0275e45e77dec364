/* auth-check.c - the credentials of an AUTH exchange (RFC 4954, RFC 4616). */
#include "auth-check.h"

#include "smtp-limits.h"

/* smtp_auth_check - RFC 4616 §2: the server checks authcid's password and
 * whether authcid may act as authzid; here only as itself */
char *
smtp_auth_check (const SmtpHostConfig *host, const char *authzid, const char *authcid,
                 const char *password)
{
  char *mailbox = NULL;
  if (authzid && *authzid && g_ascii_strcasecmp (authzid, authcid) != 0)
    return NULL;
  if (!smtp_directory_authenticate (host, authcid, password, &mailbox))
    return NULL;
  return mailbox;
}

/* smtp_auth_failure_delay - RFC 4954 §4 leaves the pace of retries to the
 * server; a growing delay is what real servers do against guessing */
guint
smtp_auth_failure_delay (guint failures)
{
  return MIN (MAX (failures, 1), SMTP_LIMIT_AUTH_DELAY);
}
