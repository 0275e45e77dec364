/* pcap-smtp.h - reassembled TCP streams read as SMTP: the server's lines
 * are replies (RFC 821 §4.2), the client's lines commands, and after a
 * 354 the client's lines are mail data up to the lone "." (§4.5.2).  Each
 * stream becomes one session of trace lines, as its server saw it.  After
 * STARTTLS is accepted the rest is encrypted and only counted.
 *
 * AUTH secrets are masked, as in a trace, unless show_secrets: then every
 * AUTH line is kept as sent, with a "secret" member saying what its
 * base64 says (sasl.h).  A capture only ever reads AUTH that went in the
 * clear (a connection that did STARTTLS is encrypted from there on), so
 * that is the plaintext lesson by definition. */
#ifndef SMTPLAB_VIEWER_PCAP_SMTP_H
#define SMTPLAB_VIEWER_PCAP_SMTP_H

#include <glib.h>

/* The trace lines of every SMTP stream of streams (SmtplabTcpStream);
 * *n_skipped gets how many streams did not speak SMTP. */
GBytes *smtplab_pcap_smtp_trace (GPtrArray *streams, gboolean show_secrets, guint *n_skipped);

#endif
