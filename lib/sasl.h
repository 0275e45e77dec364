/* sasl.h - what the sender and the receiver share of SMTP AUTH (RFC 4954):
 * the PLAIN (RFC 4616) and LOGIN messages, strict base64, and masking
 * secrets out of what is traced. */
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

/* A command or response line as a trace may show it: "AUTH PLAIN ***"
 * for "AUTH PLAIN <secret>"; other lines unchanged.  Newly allocated. */
char *smtp_sasl_mask_command (const char *line);
/* A client line sent in answer to a 334 challenge, as it may be shown:
 * SMTP_SASL_MASK, or "*" (the client cancels, RFC 4954 §4).  Newly allocated. */
char *smtp_sasl_mask_response (const char *line);

#endif
