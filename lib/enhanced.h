/* enhanced.h - the enhanced mail system status codes (RFC 3463) that follow
 * the reply code after EHLO when ENHANCEDSTATUSCODES is on (RFC 2034):
 * "550 5.1.1 No such user here" - class 5 (permanent), subject 1
 * (addressing), detail 1 (bad destination mailbox).
 *
 * Interface
 *   smtp_explain_enhanced  the enhanced code of a reply explained, number
 *                          by number, in English or Chinese
 *
 * (smtp_enhanced_code_length in reply.h finds the code in a reply's text.)
 */
#ifndef SMTPLAB_ENHANCED_H
#define SMTPLAB_ENHANCED_H

#include <glib.h>
#include "lang.h"

/* "5.1.1: permanent failure (5.x.x), addressing (x.1.x): bad destination
 * mailbox address (RFC 3463 §3.2)" for a reply text that starts with an
 * enhanced code; NULL when it does not.  Newly allocated. */
char *smtp_explain_enhanced (const char *text, SmtpLang lang);

#endif
