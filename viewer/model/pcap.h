/* pcap.h - packet captures (pcap, pcapng) of SMTP traffic turned into
 * trace lines, so a capture of a real MTA shows in the same views. */
#ifndef SMTPLAB_VIEWER_PCAP_H
#define SMTPLAB_VIEWER_PCAP_H

#include <glib.h>

/* TRUE when the file starts like a pcap or pcapng capture. */
gboolean smtplab_pcap_is_capture (const char *path);

/* The SMTP sessions of the capture as trace lines (JSON Lines, one event a
 * line, docs/trace-format.md).  NULL with error when the file cannot be
 * read as a capture. */
GBytes *smtplab_pcap_to_trace (const char *path, GError **error);

#endif
