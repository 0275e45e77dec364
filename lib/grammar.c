/* grammar.c - the syntax of SMTP commands (RFC 821 §4.1.2).
 *
 * Read it beside the BNF of RFC 821 §4.1.2: each <rule> there is a
 * function here that looks at the text at *p, moves p past what it
 * accepted, and returns FALSE when the text does not fit.  Where RFC 5321
 * relaxed a rule (domain names), the comment says so.
 */
#include "grammar.h"

#include <string.h>

#include "smtp-limits.h"

/* smtp_grammar_error_quark - the GError domain of the errors below */
G_DEFINE_QUARK (smtp-grammar-error-quark, smtp_grammar_error)

/* smtp_grammar_error_reply - 500 when the line is no command at all (no
 * verb, bad bytes), 501 when only its argument is wrong (RFC 821 §4.2.1) */
guint
smtp_grammar_error_reply (const GError *error)
{
  if (error->code == SMTP_GRAMMAR_ERROR_NO_VERB || error->code == SMTP_GRAMMAR_ERROR_BAD_BYTES)
    return 500;
  return 501;
}

/* ---- command lines (§4.1.1: "<verb> <SP> <argument> <CRLF>") ---- */

/* smtp_command_split - the verb (upper-cased) and the argument of a
 * command line (RFC 821 §4.1.1), which must hold no control or 8-bit byte
 * but TAB (RFC 5321 §2.4) */
gboolean
smtp_command_split (const char *line, char **verb, char **argument, GError **error)
{
  *verb = NULL;
  *argument = NULL;
  /* RFC 5321 §2.4: commands are US-ASCII; no control characters but TAB */
  for (const unsigned char *p = (const unsigned char *) line; *p; p++)
    if ((*p < 32 && *p != '\t') || *p >= 127) {
      g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_BAD_BYTES,
                   "the command holds a control or 8-bit byte (0x%02X)", *p);
      return FALSE;
    }
  gsize n = strspn (line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  if (n == 0 || n > 16 || (line[n] != '\0' && line[n] != ' ')) {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_NO_VERB,
                 "a command starts with a verb of letters, then a space");
    return FALSE;
  }
  *verb = g_ascii_strup (line, n);          /* §4.1.2: verbs ignore case */
  const char *rest = line + n;
  while (*rest == ' ')
    rest++;
  char *arg = g_strchomp (g_strdup (rest));
  if (*arg)
    *argument = arg;
  else
    g_free (arg);
  return TRUE;
}

/* ---- domains (§4.1.2 <domain>, <element>) ---- */

/* is_let_dig - <let-dig>: a letter or a digit */
static gboolean
is_let_dig (char c)
{
  return g_ascii_isalnum (c);
}

/* name - <let-dig> [<ldh-str>]: letters, digits, inner hyphens.  RFC 821
 * wanted a letter first and three characters; RFC 5321 §4.1.2 allows a
 * digit first and one character ("3com", "x"). */
static gboolean
name (const char **p)
{
  const char *s = *p;
  if (!is_let_dig (*s))
    return FALSE;
  while (is_let_dig (*s) || *s == '-')
    s++;
  if (s[-1] == '-')
    return FALSE;
  *p = s;
  return TRUE;
}

/* number - "#" <number>: a host number (RFC 821 §4.1.2) */
static gboolean
number (const char **p)
{
  const char *s = *p + 1;
  if (**p != '#' || !g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;
  *p = s;
  return TRUE;
}

/* address_literal - RFC 821 §4.1.2 <dotnum>: "[" <snum> "." <snum> "."
 * <snum> "." <snum> "]", each 0..255; or RFC 5321 §4.1.3's "[IPv6:...]" */
static gboolean
address_literal (const char **p)
{
  const char *s = *p;
  if (*s != '[')
    return FALSE;
  s++;
  if (g_ascii_strncasecmp (s, "IPv6:", 5) == 0) {
    s += 5;
    const char *start = s;
    while (g_ascii_isxdigit (*s) || *s == ':' || *s == '.')
      s++;
    if (s == start || *s != ']')
      return FALSE;
    *p = s + 1;
    return TRUE;
  }
  for (int i = 0; i < 4; i++) {
    if (i > 0 && *s++ != '.')
      return FALSE;
    if (!g_ascii_isdigit (*s))
      return FALSE;
    int value = 0, digits = 0;
    while (g_ascii_isdigit (*s) && digits < 4) {
      value = value * 10 + (*s++ - '0');
      digits++;
    }
    if (value > 255 || digits > 3)
      return FALSE;
  }
  if (*s != ']')
    return FALSE;
  *p = s + 1;
  return TRUE;
}

/* domain - <element> { "." <element> }; an address literal stands alone */
static gboolean
domain (const char **p)
{
  const char *s = *p;
  if (*s == '[') {
    if (!address_literal (&s))
      return FALSE;
    *p = s;
    return TRUE;
  }
  do {
    if (!(name (&s) || number (&s)))
      return FALSE;
  } while (*s == '.' && s++);
  *p = s;
  return TRUE;
}

/* smtp_domain_is_valid - the whole text is one <domain> (RFC 821 §4.1.2)
 * of at most 255 octets (RFC 5321 §4.5.3.1.2) */
gboolean
smtp_domain_is_valid (const char *text, GError **error)
{
  const char *p = text;
  if (!text || !domain (&p) || *p) {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_SYNTAX,
                 "\"%s\" is not a domain", text ? text : "");
    return FALSE;
  }
  if (strlen (text) > SMTP_LIMIT_DOMAIN) {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_TOO_LONG, "Domain too long");
    return FALSE;
  }
  return TRUE;
}

/* smtp_domain_equal - the same domain name, whatever the case of its
 * letters (RFC 5321 §2.4: domains are not case-sensitive) */
gboolean
smtp_domain_equal (const char *a, const char *b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

/* ---- local parts (§4.1.2 <local-part>) ---- */

/* is_special - <special>: characters a <dot-string> may not hold plainly */
static gboolean
is_special (char c)
{
  return strchr ("<>()[]\\.,;:@\"", c) != NULL || (unsigned char) c < 32 || c == 127;
}

/* dot_string - <string> { "." <string> }; <char> is <c> or "\" <x> */
static gboolean
dot_string (const char **p)
{
  /* LAB 02 BEGIN dot-string */
  const char *s = *p;
  for (;;) {
    const char *start = s;
    for (;;) {
      if (*s == '\\' && s[1] && (unsigned char) s[1] < 128)
        s += 2;
      else if (*s && *s != ' ' && (unsigned char) *s < 128 && !is_special (*s))
        s++;
      else
        break;
    }
    if (s == start)
      return FALSE;                 /* empty <string>: "a..b", ".a", "a." */
    if (*s != '.')
      break;
    s++;
  }
  *p = s;
  return TRUE;
  /* LAB 02 END */
}

/* quoted_string - """ <qtext> """: any ASCII but CR, LF, '"' and '\',
 * which a '\' makes ordinary */
static gboolean
quoted_string (const char **p)
{
  /* LAB 02 BEGIN quoted-string */
  const char *s = *p;
  if (*s++ != '"')
    return FALSE;
  while (*s && *s != '"') {
    if (*s == '\\' && s[1])
      s++;
    if (*s == '\r' || *s == '\n' || (unsigned char) *s >= 128)
      return FALSE;
    s++;
  }
  if (*s != '"')
    return FALSE;
  *p = s + 1;
  return TRUE;
  /* LAB 02 END */
}

/* smtp_local_part_unquote - the local part with its quotes and backslash
 * escapes taken out ("a b" -> a b) */
char *
smtp_local_part_unquote (const char *local_part)
{
  GString *out = g_string_new (NULL);
  for (const char *s = local_part; *s; s++) {
    if (*s == '"')
      continue;
    if (*s == '\\' && s[1])
      s++;
    g_string_append_c (out, *s);
  }
  return g_string_free (out, FALSE);
}

/* ---- paths (§4.1.2 <path>, <a-d-l>, <mailbox>) ---- */

/* syntax_error - sets a SYNTAX error saying why; returns FALSE */
static gboolean
syntax_error (GError **error, const char *why)
{
  g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_SYNTAX, "%s", why);
  return FALSE;
}

/* mailbox - <local-part> "@" <domain>; fills path */
static gboolean
mailbox (const char **p, SmtpPath *path, GError **error)
{
  /* LAB 02 BEGIN mailbox */
  const char *s = *p, *start = s;
  if (!(quoted_string (&s) || dot_string (&s)))
    return syntax_error (error, "Syntax error in mailbox: bad local part");
  if (s - start > SMTP_LIMIT_LOCAL_PART) {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_TOO_LONG,
                 "Local part too long (more than %d octets)", SMTP_LIMIT_LOCAL_PART);
    return FALSE;
  }
  path->local_part = g_strndup (start, s - start);
  if (*s != '@')
    return syntax_error (error, "Syntax error in mailbox: missing '@'");
  const char *domain_start = ++s;
  if (!domain (&s))
    return syntax_error (error, "Syntax error in mailbox: bad domain");
  if (s - domain_start > SMTP_LIMIT_DOMAIN) {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_TOO_LONG, "Domain too long");
    return FALSE;
  }
  path->domain = g_strndup (domain_start, s - domain_start);
  *p = s;
  return TRUE;
  /* LAB 02 END */
}

/* route - <a-d-l> ":" : "@ONE,@TWO:" (RFC 821 §3.6 source routes) */
static gboolean
route (const char **p, SmtpPath *path, GError **error)
{
  /* LAB 02 BEGIN route */
  const char *s = *p;
  if (*s != '@')
    return TRUE;                    /* no route: that is fine */
  for (;;) {
    const char *start = ++s;        /* past '@' */
    if (!domain (&s))
      return syntax_error (error, "Syntax error in source route: bad domain");
    g_ptr_array_add (path->route, g_strndup (start, s - start));
    if (*s == ':')
      break;
    if (*s != ',' || s[1] != '@')
      return syntax_error (error, "Syntax error in source route: expected ',@' or ':'");
    s++;
  }
  *p = s + 1;
  return TRUE;
  /* LAB 02 END */
}

/* path_new_empty - a path with an empty route and no mailbox yet */
static SmtpPath *
path_new_empty (void)
{
  SmtpPath *path = g_new0 (SmtpPath, 1);
  path->route = g_ptr_array_new_with_free_func (g_free);
  return path;
}

/* path_parse - "<" [route] mailbox ">" at *p (brackets optional when
 * `bare`, for the lenient "MAIL FROM:user@host") */
static SmtpPath *
path_parse (const char **p, gboolean allow_null, gboolean bare, GError **error)
{
  const char *s = *p, *start = s;
  SmtpPath *path = path_new_empty ();
  gboolean bracket = *s == '<';
  if (bracket)
    s++;
  else if (!bare) {
    syntax_error (error, "Syntax error in path: it must be in angle brackets <...>");
    goto fail;
  }
  if (bracket && *s == '>') {       /* RFC 821 §3.6: the null path "<>" */
    if (!allow_null) {
      syntax_error (error, "Syntax error in path: the null path <> is only for MAIL FROM");
      goto fail;
    }
    *p = s + 1;
    return path;
  }
  if (!route (&s, path, error) || !mailbox (&s, path, error))
    goto fail;
  if (bracket && *s++ != '>') {
    syntax_error (error, s[-1] == '@' ? "Syntax error in mailbox: more than one '@'"
                                      : "Syntax error in path: missing '>'");
    goto fail;
  }
  /* RFC 5321 §4.5.3.1.3 counts the angle brackets, also those the lenient
   * form leaves out: the path is sent on, and stamped, with them */
  if ((gsize) (s - start) + (bracket ? 0 : 2) > SMTP_LIMIT_PATH) {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_TOO_LONG,
                 "Path too long (more than %d octets)", SMTP_LIMIT_PATH);
    goto fail;
  }
  *p = s;
  return path;
fail:
  smtp_path_free (path);
  return NULL;
}

/* smtp_path_parse - text that is one <path> (RFC 821 §4.1.2), in angle
 * brackets, with nothing after it */
SmtpPath *
smtp_path_parse (const char *text, gboolean allow_null, GError **error)
{
  const char *p = text;
  SmtpPath *path = path_parse (&p, allow_null, FALSE, error);
  if (path && *p) {
    smtp_path_free (path);
    syntax_error (error, "Syntax error in path: text after '>'");
    return NULL;
  }
  return path;
}

/* smtp_path_new - the path of local_part@domain, with no route */
SmtpPath *
smtp_path_new (const char *local_part, const char *domain_name)
{
  SmtpPath *path = path_new_empty ();
  path->local_part = g_strdup (local_part);
  path->domain = g_strdup (domain_name);
  return path;
}

/* smtp_path_copy - a new path with the same route and mailbox */
SmtpPath *
smtp_path_copy (const SmtpPath *path)
{
  SmtpPath *copy = smtp_path_new (path->local_part, path->domain);
  for (guint i = 0; i < path->route->len; i++)
    g_ptr_array_add (copy->route, g_strdup (g_ptr_array_index (path->route, i)));
  return copy;
}

/* smtp_path_free - frees a path (NULL is fine) */
void
smtp_path_free (SmtpPath *path)
{
  if (!path)
    return;
  g_ptr_array_unref (path->route);
  g_free (path->local_part);
  g_free (path->domain);
  g_free (path);
}

/* smtp_path_is_null - is this the null reverse-path "<>" (RFC 821 §3.6)? */
gboolean
smtp_path_is_null (const SmtpPath *path)
{
  return path->domain == NULL;
}

/* smtp_path_mailbox - "local@domain": the mailbox without route or
 * brackets; "" for <> */
char *
smtp_path_mailbox (const SmtpPath *path)
{
  if (smtp_path_is_null (path))
    return g_strdup ("");
  return g_strdup_printf ("%s@%s", path->local_part, path->domain);
}

/* smtp_path_to_string - the path as written in a command:
 * "<@A,@B:local@domain>", or "<>" */
char *
smtp_path_to_string (const SmtpPath *path)
{
  if (smtp_path_is_null (path))
    return g_strdup ("<>");
  GString *s = g_string_new ("<");
  for (guint i = 0; i < path->route->len; i++)
    g_string_append_printf (s, "%s@%s", i ? "," : "", (char *) g_ptr_array_index (path->route, i));
  if (path->route->len)
    g_string_append_c (s, ':');
  g_string_append_printf (s, "%s@%s>", path->local_part, path->domain);
  return g_string_free (s, FALSE);
}

/* ---- MAIL FROM: / RCPT TO: arguments, with ESMTP parameters ---- */

/* smtp_param_free - frees one ESMTP parameter */
void
smtp_param_free (SmtpParam *param)
{
  g_free (param->keyword);
  g_free (param->value);
  g_free (param);
}

/* esmtp_param - RFC 5321 §4.1.2: esmtp-keyword ["=" esmtp-value] */
static SmtpParam *
esmtp_param (const char *text, gsize len)
{
  const char *eq = memchr (text, '=', len);
  gsize klen = eq ? (gsize) (eq - text) : len;
  if (klen == 0 || !g_ascii_isalnum (text[0]))
    return NULL;
  for (gsize i = 0; i < klen; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-')
      return NULL;
  if (eq) {
    for (const char *v = eq + 1; v < text + len; v++)
      if (*v < 33 || *v > 126 || *v == '=')
        return NULL;
    if (eq + 1 == text + len)
      return NULL;
  }
  SmtpParam *param = g_new0 (SmtpParam, 1);
  param->keyword = g_ascii_strup (text, klen);
  param->value = eq ? g_strndup (eq + 1, text + len - eq - 1) : NULL;
  return param;
}

/* smtp_parse_path_argument - the argument of MAIL ("FROM:<path>") or
 * RCPT ("TO:<path>") with its ESMTP parameters (RFC 821 §4.1.2, RFC 5321
 * §4.1.2 Mail-parameters), read leniently as grammar.h says */
gboolean
smtp_parse_path_argument (const char *argument, const char *keyword,
                          SmtpPath **path, GPtrArray **params, GError **error)
{
  gsize klen = strlen (keyword);
  *path = NULL;
  if (params)
    *params = NULL;
  if (!argument || g_ascii_strncasecmp (argument, keyword, klen) != 0 || argument[klen] != ':') {
    g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_SYNTAX,
                 "Syntax error in parameters: expected %s:<path>", keyword);
    return FALSE;
  }
  const char *p = argument + klen + 1;
  while (*p == ' ')                 /* "MAIL FROM: <a@b>", as many clients send */
    p++;
  SmtpPath *parsed = path_parse (&p, g_str_equal (keyword, "FROM"), TRUE, error);
  if (!parsed)
    return FALSE;
  if (*p && *p != ' ') {
    smtp_path_free (parsed);
    return syntax_error (error, "Syntax error in path: text after the path");
  }
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) smtp_param_free);
  while (*p) {
    while (*p == ' ')
      p++;
    gsize len = strcspn (p, " ");
    if (len == 0)
      break;
    SmtpParam *param = esmtp_param (p, len);
    if (!param) {
      g_set_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_PARAMETER,
                   "Syntax error in parameters: bad ESMTP parameter \"%.*s\"", (int) len, p);
      g_ptr_array_unref (list);
      smtp_path_free (parsed);
      return FALSE;
    }
    g_ptr_array_add (list, param);
    p += len;
  }
  *path = parsed;
  if (params)
    *params = list;
  else
    g_ptr_array_unref (list);
  return TRUE;
}

/* smtp_params_find - the parameter named keyword (any case), or NULL */
const SmtpParam *
smtp_params_find (GPtrArray *params, const char *keyword)
{
  for (guint i = 0; params && i < params->len; i++) {
    const SmtpParam *param = g_ptr_array_index (params, i);
    if (g_ascii_strcasecmp (param->keyword, keyword) == 0)
      return param;
  }
  return NULL;
}
