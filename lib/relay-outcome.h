/* relay-outcome.h - what a relay does with each recipient once the next
 * host answered: delivered, tried again later, or returned to the sender.
 *
 * Interface:
 *   smtp_relay_fate        one recipient's fate from the reply that decided it
 *   smtp_relay_sort        every recipient of one attempt sorted by fate
 *   smtp_relay_sort_free
 * Pure: no I/O, no clock, no spool.  server/relay.c acts on the result
 * (notices, a spool file for the recipients still waiting, the next try).
 */
#ifndef SMTPLAB_RELAY_OUTCOME_H
#define SMTPLAB_RELAY_OUTCOME_H

#include "client-session.h"

/* RFC 5321 §4.2.1 and §6.1: what a relay does with a recipient. */
typedef enum {
  SMTP_RELAY_DELIVERED,     /* 2yz: the next host has taken responsibility */
  SMTP_RELAY_RETRY,         /* 4yz, no reply, a code off the protocol: later */
  SMTP_RELAY_BOUNCE,        /* 5yz: never again; a notice to the reverse-path */
} SmtpRelayFate;

/* One recipient the next host refused for good. */
typedef struct {
  char *forward_path;       /* "<SAM@HOSTZ.ARPA>" */
  char *reason;             /* the reply that refused it: "550 No Such User" */
} SmtpRelayBounce;

/* One attempt's recipients, sorted; each in the order given. */
typedef struct {
  GPtrArray *retry;         /* of char*: forward paths to try again */
  GPtrArray *bounce;        /* of SmtpRelayBounce */
  char *why;                /* why the retries wait: the connection's error
                             * or the last 4yz ("451 try later"); "" if none */
} SmtpRelaySort;

/* A recipient's fate from the code of the reply that decided it (0: none came). */
SmtpRelayFate smtp_relay_fate (guint code);
/* Sorts the recipients of one attempt.  With error (no connection, or it
 * broke) every path in forward_paths is retried and outcome is not read;
 * else each recipient of outcome goes by the reply that decided it
 * (smtp_mail_outcome_code). */
SmtpRelaySort *smtp_relay_sort (const SmtpMailOutcome *outcome, const GError *error,
                                GPtrArray *forward_paths);
void smtp_relay_sort_free (SmtpRelaySort *sort);

#endif
