/* pcap.h - packet captures (pcap, pcapng, read with libpcap) of SMTP
 * traffic turned into trace lines, so a capture of a real MTA (Postfix,
 * OpenSMTPD, captured with tshark or tcpdump on loopback) shows in the
 * same views as smtplab's own traces. */
#ifndef SMTPLAB_VIEWER_PCAP_H
#define SMTPLAB_VIEWER_PCAP_H

#include <glib.h>

/* TRUE when the file starts like a pcap or pcapng capture. */
gboolean smtplab_pcap_is_capture (const char *path);

/* What was read of a capture besides its sessions. */
typedef struct {
  guint n_packets;          /* records read */
  guint n_not_smtp;         /* TCP streams that were not SMTP */
  gboolean cut_short;       /* the file ends inside a record (tcpdump
                               killed, a copy not finished): what was
                               read before the cut is there */
} SmtplabCaptureInfo;

/* The SMTP sessions of the capture as trace lines (JSON Lines,
 * docs/trace-format.md): TCP streams reassembled, one session per stream,
 * as its server saw it; AUTH secrets masked unless show_secrets
 * (pcap-smtp.h).  *info (may be NULL) gets what else was found.  NULL with
 * error when the file cannot be read as a capture at all. */
GBytes *smtplab_pcap_to_trace (const char *path, gboolean show_secrets, SmtplabCaptureInfo *info,
                               GError **error);

#endif
