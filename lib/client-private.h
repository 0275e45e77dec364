/* client-private.h - what the RFC 821 core of the sender
 * (client-session.c) shares with the files that add ESMTP to it
 * (client-tls.c).  Not for programs: they use client-session.h.
 *
 * Interface
 *   struct _SmtpClient               the sender's state
 *   smtp_client_send_line            one command out, secrets masked
 *   smtp_client_fail_all             the connection is gone: all hear it
 *   smtp_client_start_implicit_tls   RFC 8314's handshake (client-tls.c)
 */
#ifndef SMTPLAB_CLIENT_PRIVATE_H
#define SMTPLAB_CLIENT_PRIVATE_H

#include "client-session.h"

struct _SmtpClient {
  char *helo_domain;
  SmtpTrace *trace;
  char *id;                       /* trace session id */
  SmtpConn *conn;
  GSource *connecting;            /* the connect under way */
  gpointer connect_step;          /* whom it tells (freed if the client goes first) */
  GSList *later;                  /* of Later: failures to report from the loop */
  guint timeout;                  /* seconds, 0 = the RFC's default */
  char *source_address;

  GQueue waiting;                 /* of Waiting: commands sent, reply due */
  SmtpReply *partial;             /* the lines of a reply read so far */
  GPtrArray *extensions;          /* EHLO keywords with their values */
  gboolean no_pipelining;         /* never pipeline, even when offered */
  GError *failure;                /* the connection failed: every later call gets it */

  SSL_CTX *implicit_tls;          /* RFC 8314: TLS from the first byte */
  char *tls_name;                 /* the name the server's certificate must have */

  SmtpClientObserver observer;
  gpointer observer_data;
  gpointer quitting;              /* QUIT answered: waits for the clean close */
};

/* Sends one line and waits for its reply; a secret line (an AUTH
 * response) is shown and traced as "***". */
void smtp_client_send_line (SmtpClient *client, const char *line, gboolean secret,
                            SmtpReplyFunc done, gpointer user_data);
/* The connection is gone: every command waiting for a reply gets error
 * (which this takes), and so does every later call. */
void smtp_client_fail_all (SmtpClient *client, GError *error);
/* RFC 8314: starts the handshake on a new connection (client-tls.c). */
void smtp_client_start_implicit_tls (SmtpClient *client);

#endif
