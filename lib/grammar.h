/* grammar.h - the syntax of SMTP commands (RFC 821 §4.1.2, RFC 5321 §4.1.2).
 *
 * Parses command lines into a verb and its argument, and the argument of
 * MAIL/SEND/SOML/SAML/RCPT into a path (with its source route) and ESMTP
 * parameters.  Nothing here knows about sessions or hosts: it only says
 * whether a string is well formed and what its parts are.
 *
 * Interface
 *   SmtpGrammarError          what was wrong with a command
 *   smtp_grammar_error_reply  the reply such an error gets: 500 or 501
 *   smtp_command_split        a command line into its verb and argument
 *   smtp_domain_is_valid      is a string a domain?
 *   smtp_domain_equal         do two domains name the same host?
 *   SmtpPath                  a path: source route, local part, domain
 *   smtp_path_parse           "<@A,@B:local@domain>" or "<>" into an SmtpPath
 *   smtp_path_new, _copy, _free, _is_null   make, copy, free; is it "<>"?
 *   smtp_path_to_string       a path back to text, route and brackets too
 *   smtp_path_mailbox         just its mailbox, "local@domain"
 *   smtp_local_part_unquote   a local part without its quotes and escapes
 *   SmtpParam                 one ESMTP parameter (keyword, value); _free
 *   smtp_parse_path_argument  MAIL's "FROM:<path> params" or RCPT's "TO:..."
 *   smtp_params_find          a parameter by its keyword
 */
#ifndef SMTPLAB_GRAMMAR_H
#define SMTPLAB_GRAMMAR_H

#include <glib.h>

#define SMTP_GRAMMAR_ERROR (smtp_grammar_error_quark ())
GQuark smtp_grammar_error_quark (void);

/* What was wrong; each maps to one reply code (see smtp_grammar_error_reply). */
typedef enum {
  SMTP_GRAMMAR_ERROR_SYNTAX,        /* 501: argument does not follow the grammar */
  SMTP_GRAMMAR_ERROR_NO_VERB,       /* 500: empty line or verb not 4 letters-ish */
  SMTP_GRAMMAR_ERROR_BAD_BYTES,     /* 500: NUL, bare CR, 8-bit or control byte */
  SMTP_GRAMMAR_ERROR_TOO_LONG,      /* 501: local part, domain or path too long */
  SMTP_GRAMMAR_ERROR_PARAMETER,     /* 501: malformed ESMTP parameter */
} SmtpGrammarError;

/* The reply code RFC 5321 gives for this grammar error (500 or 501). */
guint smtp_grammar_error_reply (const GError *error);

/* A command line split at its first space (RFC 821 §4.1.1: "<verb> <SP>
 * <argument>").  The verb is returned upper-cased (verbs are case-insensitive,
 * §4.1.2); the argument keeps its case and is NULL when there is none. */
gboolean smtp_command_split (const char *line, char **verb, char **argument,
                             GError **error);

/* A domain (RFC 821 §4.1.2 <domain>): names made of letters, digits and
 * hyphens (RFC 5321 relaxes RFC 821's three-letter minimum), "#123" numbers
 * and "[1.2.3.4]" or "[IPv6:...]" address literals, separated by dots. */
gboolean smtp_domain_is_valid (const char *domain, GError **error);

/* A path: the optional source route "@A,@B:" then the mailbox local@domain.
 * The null reverse-path "<>" has mailbox == NULL (RFC 821 §3.6). */
typedef struct {
  GPtrArray *route;     /* of char*: "A", "B" (no '@'), first host first */
  char *local_part;     /* exactly as written, quotes and escapes kept */
  char *domain;         /* as written; NULL only for the null path */
} SmtpPath;

/* Parses "<@A,@B:local@domain>" or "<>" (only when allow_null).  The angle
 * brackets are required; see smtp_parse_path_argument for MAIL/RCPT. */
SmtpPath *smtp_path_parse (const char *text, gboolean allow_null, GError **error);
/* A path with no route for local@domain (domain may not be NULL). */
SmtpPath *smtp_path_new (const char *local_part, const char *domain);
SmtpPath *smtp_path_copy (const SmtpPath *path);
void      smtp_path_free (SmtpPath *path);
/* TRUE for the null reverse-path "<>". */
gboolean  smtp_path_is_null (const SmtpPath *path);
/* "<@A,@B:local@domain>" or "<>", newly allocated. */
char     *smtp_path_to_string (const SmtpPath *path);
/* "local@domain" (no route, no brackets), newly allocated; "" for <>. */
char     *smtp_path_mailbox (const SmtpPath *path);
/* The local part with quotes and backslash escapes removed ("a b" -> a b). */
char     *smtp_local_part_unquote (const char *local_part);
/* TRUE when the two domains are the same name (case-insensitive, §2.4). */
gboolean  smtp_domain_equal (const char *a, const char *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmtpPath, smtp_path_free)

/* One ESMTP parameter of MAIL or RCPT (RFC 5321 §4.1.2 esmtp-param):
 * "SIZE=1000" gives keyword "SIZE" (upper-cased), value "1000"; a keyword
 * without "=" has value NULL. */
typedef struct {
  char *keyword;
  char *value;
} SmtpParam;

void smtp_param_free (SmtpParam *param);

/* Parses the argument of MAIL/SEND/SOML/SAML ("FROM:") or RCPT ("TO:"):
 *   keyword ":" [spaces] path [SP esmtp-params]
 * keyword is "FROM" or "TO" and matches case-insensitively.  Like Postfix and
 * Sendmail we accept a space after the colon and a mailbox without angle
 * brackets ("MAIL FROM:nobody@yahoo.com", seen in the open-relay seed), which
 * RFC 821 §4.1.2 does not; the null path "<>" is allowed only for FROM.
 * On success *path is set and *params (may be NULL) is a GPtrArray of
 * SmtpParam (free with g_ptr_array_unref). */
gboolean smtp_parse_path_argument (const char *argument, const char *keyword,
                                   SmtpPath **path, GPtrArray **params,
                                   GError **error);

/* The value of a parameter by keyword (case-insensitive), or NULL. */
const SmtpParam *smtp_params_find (GPtrArray *params, const char *keyword);

#endif
