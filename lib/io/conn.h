/* conn.h - buffered line I/O for one SMTP connection on the GLib main loop.
 *
 * A connection reads bytes when the socket is readable, cuts them into lines
 * at LF and hands each line to its owner; replies are appended to an output
 * buffer that is written when the socket is writable.  Nothing blocks: a
 * session never waits inside a handler.  When no complete line is left in
 * the input, pending output is flushed, so pipelined commands get their
 * replies in one write (RFC 2920 §3.2).
 */
#ifndef SMTPLAB_CONN_H
#define SMTPLAB_CONN_H

#include <gio/gio.h>
#include "tls.h"

typedef struct _SmtpConn SmtpConn;

/* What was odd about a line; 0 for a plain line that ended in CRLF. */
typedef enum {
  SMTP_LINE_BARE_LF   = 1 << 0,  /* ended in LF without CR (RFC 5321 §2.3.8) */
  SMTP_LINE_TOO_LONG  = 1 << 1,  /* over the limit: cut, the rest discarded */
  SMTP_LINE_HAS_NUL   = 1 << 2,  /* contains a NUL byte */
  SMTP_LINE_BARE_CR   = 1 << 3,  /* contains a CR not followed by LF */
  SMTP_LINE_AFTER_BARE_LF = 1 << 4, /* the over-long line before it ended in a
                                     * bare LF (told here: it was cut before) */
} SmtpLineFlags;

/* One step of cutting input into lines (smtp_line_cut). */
typedef struct {
  gsize consumed;          /* bytes to take off the front of the input */
  gboolean is_line;        /* FALSE: only the rest of an over-long line, thrown away */
  gsize text_len;          /* the line's text: the first text_len input bytes */
  SmtpLineFlags flags;
} SmtpLineCut;

/* What cutting carries from one step to the next; all zero to begin. */
typedef struct {
  gboolean discarding;     /* inside an over-long line */
  SmtpLineFlags carry;     /* for the next line: SMTP_LINE_AFTER_BARE_LF */
} SmtpLineState;

/* The next step for len bytes of input: a line (cut at LF, without its CR
 * LF; an over-long one cut at limit - 2 octets and flagged) or the rest of
 * an over-long line to throw away.  FALSE when the input holds no complete
 * step yet.  This is all a connection does with input bytes; it is
 * separate so that it can be tested and fuzzed on its own. */
gboolean smtp_line_cut (const guint8 *data, gsize len, gsize limit,
                        SmtpLineState *state, SmtpLineCut *cut);

/* Why a connection ended. */
typedef enum {
  SMTP_CONN_END_PEER,     /* the peer closed its side (after we read all it sent) */
  SMTP_CONN_END_LOCAL,    /* smtp_conn_close() and the output was flushed */
  SMTP_CONN_END_ERROR,    /* a read or write failed (reset, broken pipe) */
} SmtpConnEnd;

typedef struct {
  /* One line without its line end; line[len] is '\0'. */
  void (*line) (SmtpConn *conn, const char *line, gsize len,
                SmtpLineFlags flags, gpointer user_data);
  /* No input for the idle timeout; the owner decides (421 and close). */
  void (*timeout) (SmtpConn *conn, gpointer user_data);
  /* The connection is over; called once, from the main loop, never from
   * inside another smtp_conn_* call.  The owner may free the conn here. */
  void (*ended) (SmtpConn *conn, SmtpConnEnd why, gpointer user_data);
} SmtpConnHandlers;

/* Wraps a connected socket (made non-blocking here) and starts reading. */
SmtpConn *smtp_conn_new (GSocket *socket, const SmtpConnHandlers *handlers,
                         gpointer user_data);
/* Stops everything and closes the socket. */
void      smtp_conn_free (SmtpConn *conn);

/* The longest line accepted, including CRLF (RFC 5321 §4.5.3.1.4/.6). */
void  smtp_conn_set_line_limit (SmtpConn *conn, gsize limit);
/* Seconds without input before the timeout handler runs; 0 = never. */
void  smtp_conn_set_timeout (SmtpConn *conn, guint seconds);

/* Queues bytes to send. */
void  smtp_conn_write (SmtpConn *conn, const char *data, gsize len);
/* Sends queued bytes: now, or, when no line waits to be handed out, as the
 * loop is about to poll (the same moment for the peer, one trace write). */
void  smtp_conn_flush (SmtpConn *conn);

/* Stops handing out lines (e.g. while mail is being stored) / goes on. */
void  smtp_conn_pause (SmtpConn *conn);
void  smtp_conn_resume (SmtpConn *conn);

/* Discards input already read but not yet handed out (RFC 3207 §4.2:
 * nothing pipelined before the TLS handshake may be acted on after it). */
void  smtp_conn_discard_input (SmtpConn *conn);

/* The end of a TLS handshake: error NULL when it succeeded (then lines
 * flow again, now through TLS); on failure the connection ends. */
typedef void (*SmtpConnTlsDone) (SmtpConn *conn, const GError *error, gpointer user_data);

/* STARTTLS (RFC 3207): throws away input read but not yet handed out
 * (§4.2), sends what is queued in the clear (the 220 to STARTTLS), then
 * runs the handshake as server or client on the main loop; no line is
 * handed out until done has been called.  A client checks that the
 * server's certificate is for server_name when its context verifies. */
void  smtp_conn_start_tls (SmtpConn *conn, SSL_CTX *context, gboolean is_server,
                           const char *server_name, SmtpConnTlsDone done, gpointer user_data);
/* TRUE once the handshake is done: everything is encrypted. */
gboolean smtp_conn_is_tls (SmtpConn *conn);
/* The OpenSSL session (to describe it), or NULL. */
SSL  *smtp_conn_ssl (SmtpConn *conn);

/* Flushes queued output, then closes; `ended` follows with END_LOCAL. */
void  smtp_conn_close (SmtpConn *conn);

/* TURN (RFC 821 §3.8): sends what is queued (waiting at most a second),
 * stops all I/O and returns the socket for the other role to use; the conn
 * is then only to be freed.  Input read but not handed out is dropped. */
GSocket    *smtp_conn_steal_socket (SmtpConn *conn);

/* "127.0.0.1" for an internet socket address (and its port, if port is
 * not NULL); "local" for any other.  Newly allocated. */
char *smtp_address_string (GSocketAddress *address, guint16 *port);

/* "127.0.0.1" (the peer's address, without port) and its port. */
const char *smtp_conn_peer_address (SmtpConn *conn);
guint16     smtp_conn_peer_port (SmtpConn *conn);
/* The local address the peer connected to. */
const char *smtp_conn_local_address (SmtpConn *conn);

#endif
