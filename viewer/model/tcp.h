/* tcp.h - TCP streams put back together from captured segments (RFC 793
 * §3.3 sequence numbers): segments out of order wait for the gap to fill,
 * retransmitted bytes are kept once, sequence numbers may wrap.  Each
 * stream keeps the bytes each side sent and when each part arrived. */
#ifndef SMTPLAB_VIEWER_TCP_H
#define SMTPLAB_VIEWER_TCP_H

#include <glib.h>

/* TCP header flags (RFC 793 §3.1). */
#define SMTPLAB_TCP_FIN 0x01
#define SMTPLAB_TCP_SYN 0x02
#define SMTPLAB_TCP_RST 0x04
#define SMTPLAB_TCP_ACK 0x10

/* One direction of a stream. */
typedef struct {
  char *address;            /* the sender's "ip:port" */
  GByteArray *bytes;        /* in order, without gaps */
  GArray *arrivals;         /* SmtplabArrival: when bytes up to an offset were there */
  guint32 next_seq;         /* the sequence number of the next byte wanted */
  gboolean started;         /* next_seq is known */
  GPtrArray *pending;       /* segments beyond a gap (SmtplabSegment) */
  gboolean fin, rst;
} SmtplabTcpSide;

typedef struct {
  gsize end;                /* bytes [.., end) had arrived ... */
  gint64 ts;                /* ... by this time (microseconds) */
} SmtplabArrival;

typedef struct {
  SmtplabTcpSide side[2];   /* [0] the client (sent SYN), [1] the server */
  gboolean syn_seen;        /* the client side is known for sure */
  gint64 first_ts;
} SmtplabTcpStream;

typedef struct _SmtplabTcp SmtplabTcp;

SmtplabTcp *smtplab_tcp_new (void);
void smtplab_tcp_free (SmtplabTcp *tcp);

/* Adds one captured segment from src to dst ("ip:port" each). */
void smtplab_tcp_add (SmtplabTcp *tcp, gint64 ts, const char *src, const char *dst, guint32 seq,
                      guint8 flags, const guint8 *payload, gsize len);

/* The streams, in the order they were first seen (SmtplabTcpStream). */
GPtrArray *smtplab_tcp_streams (SmtplabTcp *tcp);

/* When byte offset of side had arrived. */
gint64 smtplab_tcp_side_time (const SmtplabTcpSide *side, gsize offset);

#endif
