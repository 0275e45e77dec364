/* mail-data.h - the receiver's DATA reader: the lines that follow "354"
 * become the mail data (RFC 821 §4.1.1 DATA, §4.5.2 transparency).
 *
 * The connection cuts the input into lines (conn.h); each line is handed
 * here.  A leading period is removed, the line gets its CRLF back, and the
 * lone "." ends the data, but only when it came as <CRLF>.<CRLF> (RFC 5321
 * §4.1.1.4): a "." line with a bare CR or LF in it or just before it ends
 * nothing (SMTP smuggling).  What makes the data unacceptable is noted as it goes, so the
 * reader always goes on to the real end and the reply comes after it.
 *
 * Interface
 *   SmtpMailData               the data read so far, and what is wrong with it
 *   smtp_mail_data_init, _reset, _clear   ready, empty again, free
 *   smtp_mail_data_add_line    one line read after 354; TRUE at the end
 *   smtp_mail_data_refusal     the reply refusing the data, or 0: accept it
 */
#ifndef SMTPLAB_MAIL_DATA_H
#define SMTPLAB_MAIL_DATA_H

#include <glib.h>
#include "conn.h"

typedef struct {
  GByteArray *bytes;        /* unstuffed, every line ended by CRLF */
  gsize lines;              /* lines read, the final "." not counted */
  gsize max_size;           /* octets accepted; beyond, nothing more is kept */
  gboolean too_big;         /* over max_size (RFC 5321 §4.5.3.1.9) */
  gboolean line_too_long;   /* a line over 1000 octets (§4.5.3.1.6) */
  gboolean has_nul;         /* a NUL byte */
  gboolean bare_newline;    /* a bare CR or LF (RFC 5321 §2.3.8) */
  gboolean after_crlf;      /* the line before ended in CRLF (or was DATA's) */
} SmtpMailData;

/* Readies data for messages of at most max_size octets. */
void     smtp_mail_data_init (SmtpMailData *data, gsize max_size);
/* Empties data for the next message. */
void     smtp_mail_data_reset (SmtpMailData *data);
/* Frees what smtp_mail_data_init allocated. */
void     smtp_mail_data_clear (SmtpMailData *data);
/* One line as the connection handed it out; TRUE when it ends the data. */
gboolean smtp_mail_data_add_line (SmtpMailData *data, const char *line, gsize len,
                                  SmtpLineFlags flags);
/* The reply code refusing the data (552, 500 or 554) with its text, or 0
 * when the data can be accepted. */
guint    smtp_mail_data_refusal (const SmtpMailData *data, const char **text);

#endif
