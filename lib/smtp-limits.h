/* smtp-limits.h - every protocol limit smtplab enforces, in one place.
 *
 * The numbers are the minimums RFC 5321 §4.5.3 asks every implementation to
 * accept; a scenario may raise (never lower) the ones marked "settable".
 *
 * Interface
 *   SMTP_LIMIT_LOCAL_PART, _DOMAIN, _PATH   sizes of a path's parts (octets)
 *   SMTP_LIMIT_COMMAND_LINE, _REPLY_LINE, _TEXT_LINE   line lengths (octets)
 *   SMTP_LIMIT_RECIPIENTS, _MESSAGE_SIZE   one transaction's recipients, size
 *   SMTP_LIMIT_RECEIVED_HOPS   Received: lines beyond which mail is looping
 *   SMTP_LIMIT_CONNECTIONS, _AUTH_DELAY, _BAD_COMMANDS, _LINGER_MS
 *                              sessions at once, a failed AUTH's wait, bad
 *                              commands before 421, a closing connection's wait
 *   SMTP_TIMEOUT_*             how long each side waits (seconds)
 */
#ifndef SMTPLAB_LIMITS_H
#define SMTPLAB_LIMITS_H

/* RFC 5321 §4.5.3.1.1: local-part, at most 64 octets. */
#define SMTP_LIMIT_LOCAL_PART        64
/* RFC 5321 §4.5.3.1.2: domain, at most 255 octets. */
#define SMTP_LIMIT_DOMAIN           255
/* RFC 5321 §4.5.3.1.3: reverse- or forward-path, at most 256 octets
 * including the angle brackets. */
#define SMTP_LIMIT_PATH             256
/* RFC 5321 §4.5.3.1.4: command line, at most 512 octets including CRLF. */
#define SMTP_LIMIT_COMMAND_LINE     512
/* RFC 5321 §4.5.3.1.5: reply line, at most 512 octets including CRLF. */
#define SMTP_LIMIT_REPLY_LINE       512
/* RFC 5321 §4.5.3.1.6: text line of mail data, at most 1000 octets incl. CRLF. */
#define SMTP_LIMIT_TEXT_LINE       1000
/* RFC 5321 §4.5.3.1.8: at least 100 recipients per transaction (settable). */
#define SMTP_LIMIT_RECIPIENTS       100
/* Message size accepted by default (settable; advertised with SIZE, RFC 1870). */
#define SMTP_LIMIT_MESSAGE_SIZE    (10 * 1024 * 1024)
/* RFC 5321 §6.3: a message with more Received: lines than this is looping. */
#define SMTP_LIMIT_RECEIVED_HOPS     30
/* Sessions a host serves at once (settable: max-connections=); one more
 * is greeted with 421 and closed (RFC 5321 §4.3.2). */
#define SMTP_LIMIT_CONNECTIONS     1000
/* Seconds the n-th failed AUTH waits before its 535, at most this many. */
#define SMTP_LIMIT_AUTH_DELAY         5
/* Consecutive bad commands after which a session is closed with 421. */
#define SMTP_LIMIT_BAD_COMMANDS      20
/* Milliseconds a closing connection waits for the peer's end (its TLS
 * close_notify or FIN) before it closes anyway (conn.c, lingering close). */
#define SMTP_LIMIT_LINGER_MS       2000

/* RFC 5321 §4.5.3.2 timeouts, in seconds (settable). */
#define SMTP_TIMEOUT_INITIAL        300   /* §4.5.3.2.1 waiting for 220   */
#define SMTP_TIMEOUT_MAIL           300   /* §4.5.3.2.2 MAIL reply        */
#define SMTP_TIMEOUT_RCPT           300   /* §4.5.3.2.3 RCPT reply        */
#define SMTP_TIMEOUT_DATA_INIT      120   /* §4.5.3.2.4 DATA 354 reply    */
#define SMTP_TIMEOUT_DATA_BLOCK     180   /* §4.5.3.2.5 each data block   */
#define SMTP_TIMEOUT_DATA_TERM      600   /* §4.5.3.2.6 reply to final .  */
#define SMTP_TIMEOUT_SERVER         300   /* §4.5.3.2.7 server idle       */

#endif
