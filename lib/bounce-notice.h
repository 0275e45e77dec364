/* bounce-notice.h - the undeliverable-mail notice a relay sends back to
 * the reverse-path when a recipient fails for good.
 *
 * Interface:
 *   smtp_bounce_envelope whether a notice is sent, and its envelope
 *   smtp_bounce_notice   the notice's bytes (header and body, CRLF lines)
 * Pure: the caller gives the date and sends the result with the envelope
 * smtp_bounce_envelope gives: MAIL FROM:<> (RFC 821 §3.6), so that a
 * notice is never answered by another.
 */
#ifndef SMTPLAB_BOUNCE_NOTICE_H
#define SMTPLAB_BOUNCE_NOTICE_H

#include <glib.h>

/* What a notice says: who reports, to whom, about which recipient, why. */
typedef struct {
  const char *reporting_host;   /* this host: "From: SMTP@HOSTY.ARPA" */
  const char *reverse_path;     /* the original sender: "<JOE@HOSTW.ARPA>" */
  const char *forward_path;     /* the recipient that failed: "<SAM@HOSTZ.ARPA>" */
  const char *remote_host;      /* the host that said why: "HOSTZ.ARPA" */
  const char *reason;           /* what it said: "550 No Such User" */
  const char *date;             /* RFC 822 date for the Date: field */
  GBytes *message;              /* the original message; its header is quoted */
} SmtpBounce;

/* The envelope of the notice about mail that came from reverse_path:
 * FALSE when none may be sent (the mail was itself a notice, "<>"); else
 * TRUE with *notice_reverse_path and *notice_forward_path set (pointing at
 * a constant or at reverse_path). */
gboolean smtp_bounce_envelope (const char *reverse_path, const char **notice_reverse_path,
                               const char **notice_forward_path);

/* The notice in the words of RFC 821 §3.6's example ("Sorry JOE, your
 * message to SAM@HOSTZ.ARPA lost."), the original header quoted below. */
GBytes *smtp_bounce_notice (const SmtpBounce *bounce);

#endif
