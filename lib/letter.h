/* letter.h - composing a message to send: an RFC 5322 header (Date,
 * Message-ID, From, To, Cc, Subject) and a body, with files attached as
 * MIME multipart/mixed parts in base64 (RFC 2045, RFC 2046).
 *
 * In the words of the seed's C API: smtp_createLetter is smtp_letter_new,
 * smtp_attachFile is smtp_letter_attach, smtp_endLetter is
 * smtp_letter_to_bytes.
 */
#ifndef SMTPLAB_LETTER_H
#define SMTPLAB_LETTER_H

#include <glib.h>

typedef struct _SmtpLetter SmtpLetter;

/* A letter from `from` (an address, "Name <a@b>" is fine) with a subject
 * (may be NULL) and a plain text body (may be NULL). */
SmtpLetter *smtp_letter_new (const char *from, const char *subject, const char *body);
void        smtp_letter_free (SmtpLetter *letter);

void smtp_letter_add_to (SmtpLetter *letter, const char *address);
void smtp_letter_add_cc (SmtpLetter *letter, const char *address);
/* An extra header line "Name: value"; FALSE (and nothing added) when it is
 * not a valid field or holds CR, LF or NUL (header injection). */
gboolean smtp_letter_add_header (SmtpLetter *letter, const char *field);
/* Attaches a file: its type is guessed from its name and contents; FALSE
 * with error when it cannot be read. */
gboolean smtp_letter_attach (SmtpLetter *letter, const char *path, GError **error);

/* For a server that does not offer 8BITMIME (RFC 6152 §3: the client
 * converts the message to seven bits, or does not send it): a text beyond
 * US-ASCII goes in base64 (RFC 2045 §6.8).  Subjects always are seven-bit
 * (RFC 2047), and attachments base64. */
void smtp_letter_set_seven_bit (SmtpLetter *letter);

/* The whole message with CRLF line ends, ready for smtp_client_send_mail.
 * Called again, a copy: the same Date, a new Message-ID, the same size. */
GBytes *smtp_letter_to_bytes (SmtpLetter *letter);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmtpLetter, smtp_letter_free)

#endif
