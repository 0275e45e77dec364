/* relay.h - passing queued mail on to the next host (RFC 821 §3.6), with
 * retries, and undeliverable-mail notices (RFC 821 §3.6, §3.7). */
#ifndef SMTPLAB_SERVER_RELAY_H
#define SMTPLAB_SERVER_RELAY_H

#include <gio/gio.h>
#include "queue.h"
#include "store.h"

typedef struct _Host Host;
typedef struct _Relay Relay;

/* Starts the relay of host and picks up what its queue folder holds. */
Relay *relay_new (Host *host);
void   relay_free (Relay *relay);

/* Spools mail for next_hop durably, then tries to deliver it.  forward
 * paths and reverse path are as they will be sent. */
void relay_enqueue (Relay *relay, const char *id, const char *next_hop,
                    const char *reverse_path, GPtrArray *forward_paths, GBytes *message,
                    SmtpStoreDone done,
                    gpointer user_data);

/* ETRN (RFC 1985): try now what is held for domain; the number of spool
 * files started. */
guint relay_release (Relay *relay, const char *domain);

/* TURN (RFC 821 §3.8): the spool files held for domain, taken out of the
 * relay's hands (the caller delivers them and removes the files). */
GPtrArray *relay_take_held (Relay *relay, const char *domain);
/* Gives back a spool entry relay_take_held took that was not delivered. */
void relay_return (Relay *relay, QueueEntry *entry);
/* Removes a delivered entry's spool file (durably). */
void relay_remove_file (Relay *relay, QueueEntry *entry);

#endif
