/* pcap-smtp.h - reassembled TCP streams read as SMTP: the server's lines
 * are replies (RFC 821 §4.2), the client's lines commands, and after a
 * 354 the client's lines are mail data up to the lone "." (§4.5.2).  Each
 * stream becomes one session of trace lines, as its server saw it.  After
 * STARTTLS is accepted the rest is encrypted and only counted. */
#ifndef SMTPLAB_VIEWER_PCAP_SMTP_H
#define SMTPLAB_VIEWER_PCAP_SMTP_H

#include <glib.h>

/* The trace lines of every SMTP stream of streams (SmtplabTcpStream);
 * *n_skipped gets how many streams did not speak SMTP. */
GBytes *smtplab_pcap_smtp_trace (GPtrArray *streams, guint *n_skipped);

#endif
