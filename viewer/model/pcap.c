/* pcap.c - SMTP in packet captures: frames to TCP segments (libpcap). */
#include "pcap.h"

#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <glib/gi18n.h>

#include "pcap-smtp.h"
#include "tcp.h"

/* Link types of loopback and Ethernet captures (pcap-linktype(7)). */
#define LINKTYPE_NULL       0
#define LINKTYPE_ETHERNET   1
#define LINKTYPE_RAW        101
#define LINKTYPE_LOOP       108
#define LINKTYPE_LINUX_SLL  113
#define LINKTYPE_LINUX_SLL2 276

gboolean
smtplab_pcap_is_capture (const char *path)
{
  static const guint8 magics[][4] = {
    { 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },   /* pcap, microseconds */
    { 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },   /* pcap, nanoseconds */
    { 0x0a, 0x0d, 0x0d, 0x0a },                               /* pcapng section header */
  };
  guint8 head[4] = { 0 };
  FILE *f = fopen (path, "rb");
  if (!f)
    return FALSE;
  gsize got = fread (head, 1, sizeof head, f);
  fclose (f);
  for (guint i = 0; got == sizeof head && i < G_N_ELEMENTS (magics); i++)
    if (memcmp (head, magics[i], sizeof head) == 0)
      return TRUE;
  return FALSE;
}

/* network_layer - where the IP packet starts in a frame of link type
 * link, or NULL for a frame that carries no IP */
static const guint8 *
network_layer (int link, const guint8 *frame, gsize caplen, gsize *len)
{
  gsize skip;
  guint16 type = 0;
  switch (link) {
  case LINKTYPE_ETHERNET:
    skip = 14;
    type = caplen >= 14 ? (frame[12] << 8) | frame[13] : 0;
    if (type == 0x8100 && caplen >= 18) {              /* an 802.1Q tag */
      skip = 18;
      type = (frame[16] << 8) | frame[17];
    }
    if (type != 0x0800 && type != 0x86DD)
      return NULL;
    break;
  case LINKTYPE_NULL:
  case LINKTYPE_LOOP:
    skip = 4;
    break;
  case LINKTYPE_RAW:
    skip = 0;
    break;
  case LINKTYPE_LINUX_SLL:
    skip = 16;
    break;
  case LINKTYPE_LINUX_SLL2:
    skip = 20;
    break;
  default:
    return NULL;
  }
  if (caplen <= skip)
    return NULL;
  *len = caplen - skip;
  return frame + skip;
}

/* address - "ip:port" of an IPv4 or IPv6 address */
static char *
address (int family, const guint8 *ip, guint16 port)
{
  char text[INET6_ADDRSTRLEN];
  inet_ntop (family, ip, text, sizeof text);
  return family == AF_INET6 ? g_strdup_printf ("[%s]:%u", text, port) : g_strdup_printf ("%s:%u", text, port);
}

/* take_packet - the TCP segment of one IP packet, if it is one */
static void
take_packet (SmtplabTcp *tcp, gint64 ts, const guint8 *ip, gsize len)
{
  int family;
  gsize header, total;
  const guint8 *src, *dst;
  if (len >= 20 && ip[0] >> 4 == 4) {
    family = AF_INET;
    header = (ip[0] & 0x0F) * 4;
    total = MIN ((gsize) ((ip[2] << 8) | ip[3]), len);
    if (ip[9] != 6 || header < 20 || total < header)
      return;
    src = ip + 12;
    dst = ip + 16;
  } else if (len >= 40 && ip[0] >> 4 == 6) {
    family = AF_INET6;
    header = 40;
    total = MIN ((gsize) ((ip[4] << 8) | ip[5]) + 40, len);
    if (ip[6] != 6)
      return;
    src = ip + 8;
    dst = ip + 24;
  } else {
    return;
  }
  const guint8 *t = ip + header;
  gsize tcp_len = total - header, offset = tcp_len >= 20 ? (t[12] >> 4) * 4 : 0;
  if (offset < 20 || offset > tcp_len)
    return;
  char *from = address (family, src, (t[0] << 8) | t[1]);
  char *to = address (family, dst, (t[2] << 8) | t[3]);
  guint32 seq = ((guint32) t[4] << 24) | (t[5] << 16) | (t[6] << 8) | t[7];
  smtplab_tcp_add (tcp, ts, from, to, seq, t[13], t + offset, tcp_len - offset);
  g_free (from);
  g_free (to);
}

GBytes *
smtplab_pcap_to_trace (const char *path, gboolean show_secrets, SmtplabCaptureInfo *info, GError **error)
{
  SmtplabCaptureInfo read = { 0 };
  char message[PCAP_ERRBUF_SIZE];
  pcap_t *pcap = pcap_open_offline_with_tstamp_precision (path, PCAP_TSTAMP_PRECISION_MICRO, message);
  if (!pcap) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: %s", path, message);
    return NULL;
  }
  int link = pcap_datalink (pcap);
  SmtplabTcp *tcp = smtplab_tcp_new ();
  struct pcap_pkthdr *header;
  const guint8 *frame;
  int got;
  while ((got = pcap_next_ex (pcap, &header, &frame)) == 1) {
    gsize len;
    const guint8 *ip = network_layer (link, frame, header->caplen, &len);
    read.n_packets++;
    if (ip)
      take_packet (tcp, (gint64) header->ts.tv_sec * G_USEC_PER_SEC + header->ts.tv_usec, ip, len);
  }
  /* -2 is the end of the file; -1 an error, which for a file is a record
   * cut short ("truncated dump file") */
  read.cut_short = got == -1;
  pcap_close (pcap);
  GBytes *lines = smtplab_pcap_smtp_trace (smtplab_tcp_streams (tcp), show_secrets, &read.n_not_smtp);
  smtplab_tcp_free (tcp);
  if (info)
    *info = read;
  return lines;
}
