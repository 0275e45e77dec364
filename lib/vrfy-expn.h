/* vrfy-expn.h - the replies to VRFY and EXPN (RFC 821 §3.3): who a string
 * names here, looked up in the scenario's directory.
 *
 * Interface
 *   smtp_vrfy_reply   "VRFY Smith"  -> 250 Fred Smith <Smith@USC-ISIF.ARPA>
 *   smtp_expn_reply   "EXPN Example-People" -> 250, one line per member
 *
 * Pure functions: the host's configuration and the string come in, the
 * reply code and text go out.
 */
#ifndef SMTPLAB_VRFY_EXPN_H
#define SMTPLAB_VRFY_EXPN_H

#include "scenario.h"

/* The reply to "VRFY string" at host: 250 user, 251/551 moved, 553
 * ambiguous, 550 no match or a list, 252 when the host will not say.
 * *text is newly allocated. */
guint smtp_vrfy_reply (const SmtpHostConfig *host, const char *string, char **text);
/* The reply to "EXPN string" at host: 250 with one member per line, 550
 * for a private list or a user, 251/551/553/550 as for VRFY, 502 when the
 * host has EXPN turned off.  *text is newly allocated. */
guint smtp_expn_reply (const SmtpHostConfig *host, const char *string, char **text);

#endif
