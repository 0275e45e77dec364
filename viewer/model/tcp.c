/* tcp.c - TCP stream reassembly for captures (RFC 793 §3.3). */
#include "tcp.h"

#include <string.h>

typedef struct {
  guint32 seq;
  gint64 ts;
  GBytes *bytes;
} SmtplabSegment;

struct _SmtplabTcp {
  GPtrArray *streams;       /* SmtplabTcpStream */
  GHashTable *by_pair;      /* "a|b" (both orders) -> stream */
};

static void
segment_free (SmtplabSegment *s)
{
  g_bytes_unref (s->bytes);
  g_free (s);
}

static void
side_init (SmtplabTcpSide *side, const char *address)
{
  side->address = g_strdup (address);
  side->bytes = g_byte_array_new ();
  side->arrivals = g_array_new (FALSE, FALSE, sizeof (SmtplabArrival));
  side->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) segment_free);
}

static void
stream_free (SmtplabTcpStream *s)
{
  for (int i = 0; i < 2; i++) {
    g_free (s->side[i].address);
    g_byte_array_unref (s->side[i].bytes);
    g_array_unref (s->side[i].arrivals);
    g_ptr_array_unref (s->side[i].pending);
  }
  g_free (s);
}

SmtplabTcp *
smtplab_tcp_new (void)
{
  SmtplabTcp *tcp = g_new0 (SmtplabTcp, 1);
  tcp->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  tcp->by_pair = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return tcp;
}

void
smtplab_tcp_free (SmtplabTcp *tcp)
{
  if (!tcp)
    return;
  g_hash_table_unref (tcp->by_pair);
  g_ptr_array_unref (tcp->streams);
  g_free (tcp);
}

GPtrArray *
smtplab_tcp_streams (SmtplabTcp *tcp)
{
  return tcp->streams;
}

/* seq_before - a comes before b, modulo 2^32 (RFC 793 §3.3) */
static gboolean
seq_before (guint32 a, guint32 b)
{
  return (gint32) (a - b) < 0;
}

/* stream_for - the stream between src and dst, made on first sight; the
 * side that sends a SYN without ACK is the client */
static SmtplabTcpStream *
stream_for (SmtplabTcp *tcp, const char *src, const char *dst, guint8 flags, int *from)
{
  char *key = g_strconcat (src, "|", dst, NULL);
  SmtplabTcpStream *s = g_hash_table_lookup (tcp->by_pair, key);
  if (!s) {
    s = g_new0 (SmtplabTcpStream, 1);
    side_init (&s->side[0], src);
    side_init (&s->side[1], dst);
    s->syn_seen = (flags & (SMTPLAB_TCP_SYN | SMTPLAB_TCP_ACK)) == SMTPLAB_TCP_SYN;
    g_ptr_array_add (tcp->streams, s);
    g_hash_table_insert (tcp->by_pair, g_strconcat (src, "|", dst, NULL), s);
    g_hash_table_insert (tcp->by_pair, g_strconcat (dst, "|", src, NULL), s);
  }
  g_free (key);
  *from = g_str_equal (s->side[0].address, src) ? 0 : 1;
  return s;
}

/* append - bytes that continue side's stream, and when they came */
static void
append (SmtplabTcpSide *side, gint64 ts, const guint8 *data, gsize len)
{
  g_byte_array_append (side->bytes, data, len);
  side->next_seq += len;
  SmtplabArrival a = { side->bytes->len, ts };
  g_array_append_val (side->arrivals, a);
}

/* take - a segment at seq: the part not yet seen is appended if it is
 * next, kept for later if it is beyond a gap */
static void
take (SmtplabTcpSide *side, gint64 ts, guint32 seq, const guint8 *data, gsize len)
{
  if (seq_before (side->next_seq, seq)) {
    SmtplabSegment *later = g_new0 (SmtplabSegment, 1);
    later->seq = seq;
    later->ts = ts;
    later->bytes = g_bytes_new (data, len);
    g_ptr_array_add (side->pending, later);
    return;
  }
  guint32 seen = side->next_seq - seq;                 /* retransmitted part */
  if (seen < len)
    append (side, ts, data + seen, len - seen);
}

/* drain - segments that waited for a gap that is now filled; their bytes
 * are there (in order) from now on */
static void
drain (SmtplabTcpSide *side, gint64 now)
{
  for (guint i = 0; i < side->pending->len;) {
    SmtplabSegment *s = g_ptr_array_index (side->pending, i);
    if (seq_before (side->next_seq, s->seq)) {
      i++;
      continue;
    }
    SmtplabSegment *ready = g_ptr_array_steal_index (side->pending, i);
    gsize len;
    const guint8 *data = g_bytes_get_data (ready->bytes, &len);
    take (side, MAX (ready->ts, now), ready->seq, data, len);
    segment_free (ready);
    i = 0;                             /* the gap moved: look at every waiting segment again */
  }
}

void
smtplab_tcp_add (SmtplabTcp *tcp, gint64 ts, const char *src, const char *dst, guint32 seq, guint8 flags,
                 const guint8 *payload, gsize len)
{
  int from;
  SmtplabTcpStream *s = stream_for (tcp, src, dst, flags, &from);
  SmtplabTcpSide *side = &s->side[from];
  if (!s->first_ts)
    s->first_ts = ts;
  if (flags & SMTPLAB_TCP_SYN) {
    side->next_seq = seq + 1;
    side->started = TRUE;
    return;
  }
  if (!side->started && len > 0) {
    side->next_seq = seq;             /* the capture began after the SYN */
    side->started = TRUE;
  }
  if (len > 0) {
    take (side, ts, seq, payload, len);
    drain (side, ts);
  }
  side->fin |= (flags & SMTPLAB_TCP_FIN) != 0;
  side->rst |= (flags & SMTPLAB_TCP_RST) != 0;
}

gint64
smtplab_tcp_side_time (const SmtplabTcpSide *side, gsize offset)
{
  for (guint i = 0; i < side->arrivals->len; i++) {
    const SmtplabArrival *a = &g_array_index (side->arrivals, SmtplabArrival, i);
    if (offset < a->end)
      return a->ts;
  }
  return side->arrivals->len ? g_array_index (side->arrivals, SmtplabArrival, side->arrivals->len - 1).ts : 0;
}
