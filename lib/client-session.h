/* client-session.h - the sender-SMTP of RFC 821: connects, says HELO or
 * EHLO, runs mail transactions and reports each recipient's outcome.
 *
 * Everything happens on the GLib main loop; each step ends in a callback.
 * smtplab-client uses it to send mail and to run step and script modes,
 * smtplab-server uses it to relay.  When the server offers PIPELINING
 * (RFC 2920) the MAIL, RCPT and DATA commands go out in one write (unless
 * smtp_client_set_pipelining turned that off).
 *
 * Interface
 *   smtp_client_new, _free, _set_observer, _set_timeout, _set_source_address
 *   smtp_client_connect, _adopt_socket, _steal_socket   the connection
 *   smtp_client_hello, _command, _data, _quit            one step each
 *   smtp_client_starttls, _tls_handshake, _auth, ...     (client-tls.c)
 *   smtp_client_send_mail   a whole transaction (client-next.c decides
 *                           each next command) -> SmtpMailOutcome
 *   smtp_client_send_mails  the same transaction N times in one session,
 *                           each next one pipelined after the "."
 *   smtp_client_set_pipelining   RFC 2920 on or off
 *   smtp_mail_outcome_code, _class   which reply decided a recipient
 *   smtp_reply_free, smtp_reply_text
 *
 * The seed's C API, in these terms:
 *   smtp_connect      -> smtp_client_new + smtp_client_connect
 *   smtp_login        -> smtp_client_auth
 *   smtp_createLetter -> smtp_letter_new   (see letter.h)
 *   smtp_attachFile   -> smtp_letter_attach
 *   smtp_sendLetter   -> smtp_client_send_mail
 *   smtp_close        -> smtp_client_quit + smtp_client_free
 */
#ifndef SMTPLAB_CLIENT_SESSION_H
#define SMTPLAB_CLIENT_SESSION_H

#include <gio/gio.h>
#include "conn.h"
#include "verbs.h"
#include "trace.h"

typedef struct _SmtpClient SmtpClient;

#define SMTP_CLIENT_ERROR (smtp_client_error_quark ())
GQuark smtp_client_error_quark (void);

typedef enum {
  SMTP_CLIENT_ERROR_CONNECT,     /* could not connect (refused, unreachable) */
  SMTP_CLIENT_ERROR_CLOSED,      /* the server closed the connection */
  SMTP_CLIENT_ERROR_TIMEOUT,     /* no reply in time (RFC 5321 §4.5.3.2) */
  SMTP_CLIENT_ERROR_PROTOCOL,    /* a malformed or over-long reply */
  SMTP_CLIENT_ERROR_ARGUMENT,    /* CR, LF or NUL in something to send */
} SmtpClientError;

/* One reply as read: code and text lines (without code and separator). */
typedef struct {
  guint code;
  GPtrArray *lines;              /* of char* */
} SmtpReply;

void  smtp_reply_free (SmtpReply *reply);
/* The text lines joined with '\n'. */
char *smtp_reply_text (const SmtpReply *reply);

/* Watches the dialogue, for printing it as C:/S: lines. */
typedef struct {
  void (*sent) (SmtpClient *client, const char *line, gpointer user_data);
  void (*received) (SmtpClient *client, const SmtpReply *reply, gpointer user_data);
  /* the mail data as sent: dot-stuffed, ending with ".\r\n" */
  void (*data_sent) (SmtpClient *client, GBytes *wire, gpointer user_data);
  /* a TLS handshake ended: what was agreed, or why it failed */
  void (*tls) (SmtpClient *client, const char *what, gboolean ok, gpointer user_data);
} SmtpClientObserver;

/* A reply to one command, or error when the connection failed first. */
typedef void (*SmtpReplyFunc) (SmtpClient *client, const SmtpReply *reply,
                               const GError *error, gpointer user_data);

/* helo_domain: the name this client gives in HELO/EHLO.  trace may be NULL;
 * trace_host names this side in the trace. */
SmtpClient *smtp_client_new (const char *helo_domain, SmtpTrace *trace);
void        smtp_client_free (SmtpClient *client);
void        smtp_client_set_observer (SmtpClient *client, const SmtpClientObserver *observer,
                                      gpointer user_data);
/* Seconds to wait for each reply (default: RFC 5321 §4.5.3.2 per command). */
void        smtp_client_set_timeout (SmtpClient *client, guint seconds);
/* The local address to connect from (e.g. a host's own loopback address). */
void        smtp_client_set_source_address (SmtpClient *client, const char *ip);

/* Connects to "ADDR:PORT" and reads the greeting; done gets the 220 reply. */
void smtp_client_connect (SmtpClient *client, const char *address,
                          SmtpReplyFunc done, gpointer user_data);
/* TURN (RFC 821 §3.8): a client on a connection that was a server's; the
 * peer is now the receiver and sends its 220 greeting, which done gets. */
void smtp_client_adopt_socket (SmtpClient *client, GSocket *socket,
                               SmtpReplyFunc done, gpointer user_data);
/* TURN the other way: after the server said 250 to TURN, the socket for a
 * server session; the client can then only be freed. */
GSocket *smtp_client_steal_socket (SmtpClient *client);

/* Sends EHLO, or HELO when the server does not know EHLO (RFC 5321 §3.2);
 * done gets the final reply. */
void smtp_client_hello (SmtpClient *client, SmtpReplyFunc done, gpointer user_data);
/* Sends one command line and reads its reply (step and script modes). */
void smtp_client_command (SmtpClient *client, const char *line,
                          SmtpReplyFunc done, gpointer user_data);
/* Sends mail data (dot-stuffed here, RFC 821 §4.5.2) after a 354 and reads
 * the reply to the final ".". */
void smtp_client_data (SmtpClient *client, GBytes *mail_data,
                       SmtpReplyFunc done, gpointer user_data);
/* ---- TLS and AUTH (client-tls.c) ---- */

/* The end of a TLS handshake: error is NULL when it worked. */
typedef void (*SmtpTlsFunc) (SmtpClient *client, const GError *error, gpointer user_data);

/* STARTTLS (RFC 3207): the command; after its 220 the handshake, checking
 * that the certificate is for server_name (when context verifies); then
 * EHLO again, because what the server said before TLS does not count
 * (§4.2).  done gets EHLO's reply, or the reply refusing STARTTLS, or the
 * error of a failed handshake (then the connection is over). */
void smtp_client_starttls (SmtpClient *client, SSL_CTX *context, const char *server_name,
                           SmtpReplyFunc done, gpointer user_data);
/* Only the handshake, after someone else sent STARTTLS and got 220 (step
 * mode: the student types the commands, the EHLO after it too). */
void smtp_client_tls_handshake (SmtpClient *client, SSL_CTX *context, const char *server_name,
                                SmtpTlsFunc done, gpointer user_data);
/* RFC 8314: the next smtp_client_connect speaks TLS from the first byte. */
void smtp_client_set_implicit_tls (SmtpClient *client, SSL_CTX *context, const char *server_name);
/* TRUE when the connection is encrypted. */
gboolean smtp_client_is_tls (SmtpClient *client);
/* AUTH (RFC 4954) with PLAIN (an initial response, RFC 4616) or LOGIN
 * (answering "334 VXNlcm5hbWU6" and "334 UGFzc3dvcmQ6"); done gets the
 * final reply: 235 logged in, 535 refused, ...  Secrets are never shown
 * to the observer or traced. */
void smtp_client_auth (SmtpClient *client, const char *mechanism, const char *user,
                       const char *password, SmtpReplyFunc done, gpointer user_data);

/* Sends an answer to a 334 challenge (RFC 4954 §4) as given; the observer
 * and the trace see "***" instead (step and script modes, where the
 * student types the base64 answers). */
void smtp_client_sasl_response (SmtpClient *client, const char *line,
                                SmtpReplyFunc done, gpointer user_data);

/* Sends QUIT; done gets the 221 once the connection is closed cleanly:
 * TLS close_notify sent, our FIN, the server's end read (no RST). */
void smtp_client_quit (SmtpClient *client, SmtpReplyFunc done, gpointer user_data);

/* TRUE when the EHLO reply listed keyword (e.g. "PIPELINING"). */
gboolean     smtp_client_has_extension (SmtpClient *client, const char *keyword);
/* allowed FALSE: never pipeline, even when the server offers PIPELINING:
 * one command, then its reply (to compare, or to watch every step). */
void         smtp_client_set_pipelining (SmtpClient *client, gboolean allowed);

/* ---- a whole mail transaction (RFC 821 §3.1) ---- */

typedef struct {
  char *forward_path;   /* "<Jones@Beta.ARPA>" */
  guint code;           /* RCPT reply code, 0 if never answered */
  char *text;           /* RCPT reply text */
} SmtpRecipientOutcome;

typedef struct {
  guint mail_code;      /* reply to MAIL/SEND/SOML/SAML */
  char *mail_text;
  GPtrArray *recipients; /* of SmtpRecipientOutcome, in the order given */
  guint data_code;      /* reply to DATA (354) or 0 if not sent */
  guint final_code;     /* reply to the final "." or 0 */
  char *final_text;     /* its text (or that of a refused DATA) */
} SmtpMailOutcome;

void smtp_mail_outcome_free (SmtpMailOutcome *outcome);
/* The reply that decided recipient i's fate (text: its text, or ""): the
 * MAIL reply if MAIL was refused, the RCPT reply if the recipient was,
 * else DATA's if DATA was refused, else the reply to the final ".".  0 if
 * the connection ended before that reply came. */
guint smtp_mail_outcome_code (const SmtpMailOutcome *outcome, guint i, const char **text);
/* 0 when every recipient was accepted and the data too; otherwise the
 * worst class seen: 4 (some temporary failure) or 5 (permanent). */
guint smtp_mail_outcome_class (const SmtpMailOutcome *outcome);

typedef void (*SmtpMailFunc) (SmtpClient *client, SmtpMailOutcome *outcome,
                              const GError *error, gpointer user_data);

/* Runs one transaction: verb FROM:reverse_path params, RCPT TO: for each
 * forward path, DATA and the message if any recipient was accepted.  The
 * outcome is owned by the caller.  Paths are sent as given ("<a@b>"); any
 * CR, LF or NUL in them is an SMTP_CLIENT_ERROR_ARGUMENT. */
void smtp_client_send_mail (SmtpClient *client, SmtpMailMode mode,
                            const char *reverse_path, const char * const *forward_paths,
                            const char *mail_params, GBytes *message,
                            SmtpMailFunc done, gpointer user_data);

/* One transaction of smtp_client_send_mails: number counts from 1; last is
 * TRUE on the final call (number is the count, or error ended the run);
 * the outcome is the caller's. */
typedef void (*SmtpMailsFunc) (SmtpClient *client, guint number, SmtpMailOutcome *outcome,
                               const GError *error, gboolean last, gpointer user_data);

/* The message of transaction number (from 1) of smtp_client_send_mails, a
 * new reference: each a message of its own (its own Message-ID, RFC 5322
 * §3.6.4), all of one size when MAIL's parameters declare SIZE. */
typedef GBytes *(*SmtpMessageFunc) (guint number, gpointer user_data);

/* Runs the transaction of smtp_client_send_mail count times, one after the
 * other in this session (a load generator), the messages from message.
 * When pipelining, each next transaction's MAIL, RCPTs and DATA go out in
 * the same write as the previous message's "." (RFC 2920 §3.1); every
 * reply is still read in order and decides as in one transaction.  A
 * transaction that ended holding a reverse-path (its DATA refused: no
 * recipient) is ended with RSET before the next MAIL.  each hears every
 * transaction; an error ends the run (that call is the last). */
void smtp_client_send_mails (SmtpClient *client, guint count, SmtpMailMode mode,
                             const char *reverse_path, const char * const *forward_paths,
                             const char *mail_params, SmtpMessageFunc message,
                             SmtpMailsFunc each, gpointer user_data);

#endif
