/* message.h - the mail data: dot-stuffing, the header block, and the
 * Received: and Return-Path: lines each SMTP host stamps on it.
 *
 * RFC 821 §4.5.2 (transparency), §4.1.2 (TIME STAMP and RETURN PATH),
 * RFC 822 §3.1 (header fields, folding), RFC 5321 §4.4 (trace information).
 *
 * Interface
 *   smtp_dot_stuff            the sender's side of transparency: data as sent
 *   smtp_dot_unstuff_line     the receiver's side, one line at a time
 *   SmtpHeader                one header field: name and (folded) body
 *   smtp_headers_parse        the header block into its fields
 *   smtp_header_free          frees one field
 *   smtp_headers_get          the body of the first field with a name
 *   smtp_headers_count        how many fields have that name
 *   smtp_header_unfold        a field body on one line
 *   smtp_rfc822_date          a date as header fields write it
 *   smtp_now_local            the time now, in the local zone
 *   SmtpReceived              what goes into one Received: line
 *   smtp_received_line        the Received: line itself, folded
 *   smtp_received_with        its "with" protocol: SMTP, ESMTP, ESMTPSA, ...
 *   smtp_return_path_line     the Return-Path: line of the final delivery
 *   smtp_message_prepend      stamp lines on top of a message
 *   smtp_message_for_mailbox  a message as a Maildir file holds it
 */
#ifndef SMTPLAB_MESSAGE_H
#define SMTPLAB_MESSAGE_H

#include <glib.h>

/* ---- transparency (RFC 821 §4.5.2) ---- */

/* Sender side: the mail data as it goes on the wire after DATA.  Every line
 * that starts with '.' gets one more '.'; line ends become CRLF (a bare LF is
 * taken as a line end); a last line without an end gets one; the terminating
 * ".\r\n" is appended.  Returns a new GBytes. */
GBytes *smtp_dot_stuff (const char *data, gsize len);

/* Receiver side: one line of mail data as read (without its CRLF).  Sets
 * *is_end when the line is the lone "." that ends the data; otherwise returns
 * the offset of the line's text (1 when a leading '.' is removed, else 0). */
gsize smtp_dot_unstuff_line (const char *line, gsize len, gboolean *is_end);

/* ---- the header block (RFC 822 §3.1) ---- */

typedef struct {
  char *name;    /* field name as written, e.g. "Received" */
  char *value;   /* field body with folding kept (CRLF + WSP), no final CRLF;
                    leading space after the colon removed */
} SmtpHeader;

void smtp_header_free (SmtpHeader *header);

/* Parses the header block at the start of message (up to the first empty
 * line, or the end).  Returns a GPtrArray of SmtpHeader in order and sets
 * *body_offset to where the body starts (after the empty line).  A line that
 * is neither a field nor a continuation ends the header block there (it is
 * body, as most MTAs treat it).  Accepts CRLF or LF line ends. */
GPtrArray *smtp_headers_parse (const char *message, gsize len, gsize *body_offset);

/* The first field named name (case-insensitive), or NULL. */
const char *smtp_headers_get (GPtrArray *headers, const char *name);
/* How many fields are named name (case-insensitive). */
guint smtp_headers_count (GPtrArray *headers, const char *name);
/* A field body unfolded: CRLF/LF followed by white space becomes one space. */
char *smtp_header_unfold (const char *value);

/* ---- trace lines (RFC 821 §4.1.2, RFC 5321 §4.4) ---- */

/* The date in RFC 822 §5 / RFC 5322 §3.3 form, always in English:
 * "Wed, 18 Mar 1998 15:39:44 +0000". */
char *smtp_rfc822_date (GDateTime *when);
/* The time now in the local zone, for dates in headers.  The zone is read
 * once: GLib would look at /etc/localtime again for every message. */
GDateTime *smtp_now_local (void);

/* What goes into one Received: line.  from_domain is what the client said
 * in HELO/EHLO; from_address the client's IP address (may be NULL); with is
 * "SMTP", "ESMTP", "ESMTPS", ... (RFC 3848); id and for_path may be NULL. */
typedef struct {
  const char *from_domain;
  const char *from_address;
  const char *by_domain;
  const char *with;
  const char *id;
  const char *for_path;     /* "<Jones@Beta.ARPA>" */
  GDateTime  *when;
} SmtpReceived;

/* "Received: from Alpha.ARPA ([127.0.0.10]) by Beta.ARPA with SMTP id 1a2b
 *  for <Jones@Beta.ARPA>; Wed, 18 Mar 1998 15:39:44 +0000\r\n", folded
 * before "by" and ";" so no line exceeds 78 characters (RFC 5322 §2.1.1). */
char *smtp_received_line (const SmtpReceived *received);
/* The protocol for "with" (RFC 3848): "SMTP" after HELO, "ESMTP" after
 * EHLO, with an "S" for TLS and an "A" for AUTH ("ESMTPSA"). */
const char *smtp_received_with (gboolean esmtp, gboolean tls, gboolean authenticated);

/* "Return-Path: <@ONE,@TWO:JOE@THREE>\r\n" for the final delivery
 * (RFC 821 §4.1.2 RETURN PATH); reverse_path is the path as text. */
char *smtp_return_path_line (const char *reverse_path);

/* A new GBytes: the stamp lines (already CRLF-terminated) followed by
 * message.  Stamps go on top (RFC 821 §4.1.2: "at the beginning").  When
 * message has no header block (its first line is neither a field nor
 * empty), an empty line goes between the stamps and it, so it stays the
 * body (RFC 5322 §2.1). */
GBytes *smtp_message_prepend (const char *stamp, const char *message, gsize len);

/* The file a Maildir gets at final delivery: "Return-Path: <reverse_path>"
 * on top (RFC 821 §4.1.2), and every CRLF turned into the LF that local
 * mail readers (mutt, python's mailbox) expect. */
GBytes *smtp_message_for_mailbox (const char *reverse_path, const char *message, gsize len);

#endif
