/* sasl.h - what the sender and the receiver share of SMTP AUTH (RFC 4954):
 * the PLAIN (RFC 4616) and LOGIN messages, strict base64, and masking
 * secrets out of what is traced.
 *
 * Interface
 *   smtp_sasl_decode                   strict base64 (RFC 4648 §4)
 *   smtp_sasl_plain_decode, _encode    PLAIN's message (RFC 4616 §2)
 *   smtp_sasl_login_decode             one of LOGIN's messages
 *   smtp_sasl_server_step              what one client response means to
 *                                      the receiver (RFC 4954 §4)
 *   smtp_sasl_mask_command, _response  what a trace shows: "***"
 *   smtp_sasl_reveal, smtp_sasl_show_line   the plaintext lesson
 */
#ifndef SMTPLAB_SASL_H
#define SMTPLAB_SASL_H

#include <glib.h>

/* What a trace shows instead of a secret. */
#define SMTP_SASL_MASK "***"

/* Decodes base64 that is exactly base64 (RFC 4648 §4: its alphabet, "="
 * only at the end, a length that is a multiple of 4); NULL otherwise.
 * "=" alone is the empty string (RFC 4954 §4). */
GBytes *smtp_sasl_decode (const char *text);

/* PLAIN (RFC 4616 §2): "authzid NUL authcid NUL passwd", base64.  FALSE
 * for bad base64 or a message without two NULs or with an empty authcid. */
gboolean smtp_sasl_plain_decode (const char *text, char **authzid, char **authcid,
                                 char **password);
/* The base64 PLAIN message for authcid and password (no authzid). */
char    *smtp_sasl_plain_encode (const char *authcid, const char *password);

/* LOGIN (draft-murchison-sasl-login §2): one message, the user name or the
 * password, as text (newly allocated); NULL for bad base64 or a NUL in it. */
char *smtp_sasl_login_decode (const char *text);

/* ---- the receiver's side of an exchange (server-auth.c drives it) ---- */

/* What one client response means (RFC 4954 §4). */
typedef enum {
  SMTP_SASL_CANCELLED,  /* "*": the client gives up; 501 */
  SMTP_SASL_MALFORMED,  /* not the mechanism's message in base64; 501 */
  SMTP_SASL_CONTINUE,   /* LOGIN's user name: ask for the password (334) */
  SMTP_SASL_COMPLETE,   /* the credentials are all in: check them (235 or 535) */
} SmtpSaslStep;

/* The credentials an exchange has sent so far (each newly allocated, or
 * NULL): PLAIN's three at once, LOGIN's authcid then its password. */
typedef struct {
  char *authzid;
  char *authcid;
  char *password;
} SmtpSaslCredentials;

/* What response, the step-th message of an exchange of mechanism ("PLAIN"
 * or "LOGIN"; step counts from 0, the initial response of the AUTH line
 * included), means; the credentials it carries are put in creds. */
SmtpSaslStep smtp_sasl_server_step (const char *mechanism, guint step, const char *response,
                                    SmtpSaslCredentials *creds);
/* Frees the credentials, the password wiped first; creds is then empty. */
void smtp_sasl_credentials_clear (SmtpSaslCredentials *creds);

/* A command or response line as a trace may show it: "AUTH PLAIN ***"
 * for "AUTH PLAIN <secret>"; other lines unchanged.  Newly allocated. */
char *smtp_sasl_mask_command (const char *line);
/* A client line sent in answer to a 334 challenge, as it may be shown:
 * SMTP_SASL_MASK, or "*" (the client cancels, RFC 4954 §4).  Newly allocated. */
char *smtp_sasl_mask_response (const char *line);

/* ---- the plaintext lesson (--show-secrets) ----
 * AUTH in the clear shows its secret to anyone on the path: base64 is an
 * encoding, not encryption (RFC 4954 §14).  For a session that ran in the
 * clear, and only when the teacher asks, traces and the viewer show what
 * the base64 says instead of masking it. */

/* What one SASL message of mechanism says.  PLAIN (RFC 4616 §2): the
 * message split on its NULs, 'authzid "", authcid "carol", password
 * "carol-pw"'.  LOGIN (draft-murchison-sasl-login §2): the user name,
 * then the password, one per message ('username "carol"'); step is how
 * many messages the exchange sent before this one.  NULL for a message
 * that is not base64 of that, or another mechanism.  Newly allocated. */
char *smtp_sasl_reveal (const char *mechanism, guint step, const char *text);

/* A client line of an AUTH exchange as a trace or a screen shows it, the
 * one rule for all of them.  mechanism: NULL for a command line ("AUTH
 * PLAIN <initial-response>" or any other command), else the exchange's,
 * for a line answering a 334 (step as for smtp_sasl_reveal).  Without
 * reveal, secrets are masked and *decoded is NULL; with reveal (a session
 * in the clear, and --show-secrets) the line is as sent and *decoded gets
 * what its secret says, or NULL.  decoded may be NULL.  Newly allocated. */
char *smtp_sasl_show_line (const char *line, const char *mechanism, guint step,
                           gboolean reveal, char **decoded);

#endif
