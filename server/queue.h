/* queue.h - the durable spool STATE/HOST/queue/: mail this host has
 * accepted and must still pass on (RFC 821 §3.6 store-and-forward).
 *
 * One file per message and next hop, so that one SMTP transaction delivers
 * a whole file and the file is removed only after the next host said 250:
 *
 *   smtplab-queue 1
 *   id 6B0632FF00001
 *   queued-at 1795560000
 *   next-hop HOSTY.ARPA
 *   reverse-path <@HOSTX.ARPA:JOE@HOSTW.ARPA>
 *   forward-path <SAM@HOSTZ.ARPA>
 *   (empty line)
 *   the message, with every Received: line so far
 */
#ifndef SMTPLAB_SERVER_QUEUE_H
#define SMTPLAB_SERVER_QUEUE_H

#include <glib.h>

typedef struct {
  char *path;               /* the spool file */
  char *id;
  gint64 queued_at;         /* unix seconds */
  char *next_hop;           /* a scenario host, or ADDR:PORT */
  char *reverse_path;       /* "<...>", as sent in MAIL FROM: */
  GPtrArray *forward_paths; /* of char* "<...>", as sent in RCPT TO: */
  GBytes *message;
  guint attempts;           /* delivery attempts since this process started */
  gboolean busy;            /* an attempt is under way */
} QueueEntry;

void        queue_entry_free (QueueEntry *entry);
/* The bytes of the spool file for entry. */
GBytes     *queue_entry_serialize (const QueueEntry *entry);
/* Reads a spool file; NULL with error when it is not one. */
QueueEntry *queue_entry_load (const char *path, GError **error);

#endif
