/* pcap.h - packet captures (pcap, pcapng, read with libpcap) of SMTP
 * traffic turned into trace lines, so a capture of a real MTA (Postfix,
 * OpenSMTPD, captured with tshark or tcpdump on loopback) shows in the
 * same views as smtplab's own traces. */
#ifndef SMTPLAB_VIEWER_PCAP_H
#define SMTPLAB_VIEWER_PCAP_H

#include <glib.h>

/* TRUE when the file starts like a pcap or pcapng capture. */
gboolean smtplab_pcap_is_capture (const char *path);

/* The SMTP sessions of the capture as trace lines (JSON Lines,
 * docs/trace-format.md): TCP streams reassembled, one session per stream,
 * as its server saw it.  *n_skipped gets how many TCP streams were not
 * SMTP.  NULL with error when the file cannot be read as a capture. */
GBytes *smtplab_pcap_to_trace (const char *path, guint *n_skipped, GError **error);

#endif
