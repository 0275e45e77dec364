/* server-session.h - the receiver-SMTP of RFC 821: one session per
 * connection, driven by the verb table (verbs.h).
 *
 * Interface
 *   SmtpTransaction             one mail transaction: reverse-path,
 *                               recipients (recipient.h), the data
 *   SmtpServerHooks             what the host provides: terminals,
 *                               storing, TURN, ETRN, TLS, the end
 *   smtp_server_session_new     a session on a connected socket, greeted
 *   smtp_server_session_stored  the host stored the message: 250 (or not)
 *   smtp_server_session_shutdown  421 and close
 *   smtp_server_refuse          421 without a session
 *   smtp_server_session_free, smtp_server_session_id
 *
 * The session speaks the protocol (greeting, commands, replies, mail data,
 * Received: stamping, trace events) and asks its host, through the hooks,
 * for what depends on the machine it runs on: whether a user is at a
 * terminal, and how to store or pass on accepted mail.  smtplab-server uses
 * it for every connection; smtplab-client uses it after TURN.
 */
#ifndef SMTPLAB_SERVER_SESSION_H
#define SMTPLAB_SERVER_SESSION_H

#include <glib.h>
#include "conn.h"
#include "grammar.h"
#include "scenario.h"
#include "recipient.h"
#include "trace.h"
#include "verbs.h"

typedef struct _SmtpServerSession SmtpServerSession;

/* One mail transaction (RFC 821 §3.1): reverse-path, forward-paths, data. */
typedef struct {
  SmtpMailMode mode;
  SmtpPath *reverse_path;
  GPtrArray *recipients;    /* of SmtpRecipient */
  char *id;                 /* this host's id for the message ("Received: ... id") */
  GBytes *message;          /* the mail data with this host's Received: on top */
  gsize size;               /* octets of mail data as received */
  gboolean body_8bit;       /* BODY=8BITMIME (RFC 6152) */
} SmtpTransaction;

/* What the host provides.  Every hook gets the hooks' user_data. */
typedef struct {
  /* RFC 821 §3.4: is user (a local part) logged in at a terminal here? */
  gboolean (*terminal_available) (SmtpServerSession *session,
                                  const char *local_part, gpointer user_data);
  /* The end of mail data: store or pass on the message, then call
   * smtp_server_session_stored() (now or later, from the main loop).
   * The session keeps transaction alive until then. */
  void (*store) (SmtpServerSession *session, SmtpTransaction *transaction,
                 gpointer user_data);
  /* RFC 821 §3.8 TURN, accepted (250 sent): the host becomes the sender
   * on socket and sends what it holds for domain (smtp_turn_domain; NULL:
   * nothing).  NULL: 502. */
  void (*turn) (SmtpServerSession *session, GSocket *socket, const char *domain,
                gpointer user_data);
  /* RFC 1985 ETRN domain: start delivering what is held for it; returns
   * how many messages (spool files) were started, or -1 if domain is not
   * held here.  NULL: ETRN is not offered. */
  int (*etrn) (SmtpServerSession *session, const char *domain, gpointer user_data);
  /* The connection is over; the host frees the session. */
  void (*ended) (SmtpServerSession *session, gpointer user_data);
  /* The host's certificate for STARTTLS (RFC 3207); NULL: not offered. */
  SSL_CTX *tls_context;
  /* RFC 8314: TLS from the first byte (a second port); the greeting
   * comes after the handshake.  Needs tls_context. */
  gboolean implicit_tls;
  /* --show-secrets: AUTH lines of a session in the clear at a host with
   * auth-plaintext=true are traced as sent, with what their base64 says
   * (the plaintext lesson, RFC 4954 §14); otherwise always masked. */
  gboolean show_secrets;
} SmtpServerHooks;

/* Starts a session on a connected socket: sends the 220 greeting. */
SmtpServerSession *smtp_server_session_new (GSocket *socket,
                                            const SmtpHostConfig *host,
                                            SmtpTrace *trace,
                                            const SmtpServerHooks *hooks,
                                            gpointer user_data);
void smtp_server_session_free (SmtpServerSession *session);

/* The host's answer to `store`: error is 0 when the message is durable,
 * else the errno that stopped it.  The reply (250, 452 when the disk is
 * full, 451 otherwise) goes out and the session reads the next command.
 * Safe to call after the connection ended. */
void smtp_server_session_stored (SmtpServerSession *session, int error);

/* Refuses a connection without a session: "421 <host> Service not
 * available, closing transmission channel (why)", traced, then closed. */
void smtp_server_refuse (GSocket *socket, const SmtpHostConfig *host, SmtpTrace *trace,
                         const char *why);

/* Closes the session with "421 <host> Service not available" (shutdown). */
void smtp_server_session_shutdown (SmtpServerSession *session, const char *why);

const char *smtp_server_session_id (SmtpServerSession *session);



#endif
