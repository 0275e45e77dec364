/* sasl.c - SASL messages for SMTP AUTH (see sasl.h). */
#include "sasl.h"

#include <string.h>

/* smtp_sasl_decode - RFC 4648 §4: base64 that is exactly base64, or NULL */
GBytes *
smtp_sasl_decode (const char *text)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (g_str_equal (text, "="))
    return g_bytes_new (NULL, 0);
  gsize len = strlen (text);
  gsize data = strspn (text, alphabet);
  gsize pad = strspn (text + data, "=");
  if (len == 0 || len % 4 != 0 || data + pad != len || pad > 2)
    return NULL;
  gsize out_len;
  guchar *out = g_base64_decode (text, &out_len);
  return g_bytes_new_take (out, out_len);
}

/* smtp_sasl_plain_decode - RFC 4616 §2: "authzid NUL authcid NUL passwd"
 * taken apart */
gboolean
smtp_sasl_plain_decode (const char *text, char **authzid, char **authcid, char **password)
{
  /* LAB 08 BEGIN plain-decode */
  GBytes *bytes = smtp_sasl_decode (text);
  if (!bytes)
    return FALSE;
  gsize len;
  const char *msg = g_bytes_get_data (bytes, &len);
  const char *nul1 = msg ? memchr (msg, '\0', len) : NULL;
  const char *nul2 = nul1 ? memchr (nul1 + 1, '\0', len - (nul1 + 1 - msg)) : NULL;
  gboolean ok = nul2 != NULL && nul2 > nul1 + 1
                && memchr (nul2 + 1, '\0', len - (nul2 + 1 - msg)) == NULL;
  if (ok) {
    *authzid = g_strndup (msg, nul1 - msg);
    *authcid = g_strndup (nul1 + 1, nul2 - nul1 - 1);
    *password = g_strndup (nul2 + 1, len - (nul2 + 1 - msg));
  }
  g_bytes_unref (bytes);
  return ok;
  /* LAB 08 END */
}

/* smtp_sasl_plain_encode - RFC 4616 §2: the base64 PLAIN message for authcid
 * and password */
char *
smtp_sasl_plain_encode (const char *authcid, const char *password)
{
  gsize a = strlen (authcid), p = strlen (password);
  guchar *msg = g_malloc (a + p + 2);
  msg[0] = '\0';
  memcpy (msg + 1, authcid, a);
  msg[a + 1] = '\0';
  memcpy (msg + a + 2, password, p);
  char *text = g_base64_encode (msg, a + p + 2);
  g_free (msg);
  return text;
}

/* smtp_sasl_login_decode - draft-murchison-sasl-login §2: one LOGIN
 * message (the user name, or the password) as text */
char *
smtp_sasl_login_decode (const char *text)
{
  /* LAB 08 BEGIN login-decode */
  GBytes *bytes = smtp_sasl_decode (text);
  if (!bytes)
    return NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  char *out = !data || !memchr (data, '\0', len) ? g_strndup (data ? data : "", len) : NULL;
  g_bytes_unref (bytes);
  return out;
  /* LAB 08 END */
}

/* smtp_sasl_server_step - RFC 4954 §4: what one client response of a
 * PLAIN or LOGIN exchange means to the receiver */
SmtpSaslStep
smtp_sasl_server_step (const char *mechanism, guint step, const char *response,
                       SmtpSaslCredentials *creds)
{
  /* LAB 08 BEGIN server-step */
  if (g_str_equal (response, "*"))
    return SMTP_SASL_CANCELLED;                 /* RFC 4954 §4: the client gives up */
  if (g_ascii_strcasecmp (mechanism, "PLAIN") == 0)
    return smtp_sasl_plain_decode (response, &creds->authzid, &creds->authcid, &creds->password)
           ? SMTP_SASL_COMPLETE : SMTP_SASL_MALFORMED;
  char *text = smtp_sasl_login_decode (response);
  if (!text)
    return SMTP_SASL_MALFORMED;
  if (step == 0) {                              /* 334 VXNlcm5hbWU6 ("Username:") answered */
    creds->authcid = text;
    return SMTP_SASL_CONTINUE;
  }
  creds->password = text;                       /* 334 UGFzc3dvcmQ6 ("Password:") answered */
  return SMTP_SASL_COMPLETE;
  /* LAB 08 END */
}

/* smtp_sasl_credentials_clear - frees the credentials, the password wiped */
void
smtp_sasl_credentials_clear (SmtpSaslCredentials *creds)
{
  if (creds->password)
    memset (creds->password, 0, strlen (creds->password));
  g_clear_pointer (&creds->authzid, g_free);
  g_clear_pointer (&creds->authcid, g_free);
  g_clear_pointer (&creds->password, g_free);
}

/* smtp_sasl_mask_command - a command line as a trace may show it: "AUTH
 * PLAIN ***" */
char *
smtp_sasl_mask_command (const char *line)
{
  if (g_ascii_strncasecmp (line, "AUTH ", 5) != 0)
    return g_strdup (line);
  const char *mechanism = line + 5;
  const char *space = strchr (mechanism, ' ');
  if (!space)
    return g_strdup (line);          /* "AUTH LOGIN": no secret yet */
  return g_strdup_printf ("%.*s " SMTP_SASL_MASK, (int) (space - line), line);
}

/* smtp_sasl_mask_response - an answer to a 334 as it may be shown: "***" */
char *
smtp_sasl_mask_response (const char *line)
{
  return g_strdup (g_str_equal (line, "*") ? "*" : SMTP_SASL_MASK);
}

/* smtp_sasl_reveal - the plaintext lesson: what one SASL message of
 * mechanism says */
char *
smtp_sasl_reveal (const char *mechanism, guint step, const char *text)
{
  if (g_ascii_strcasecmp (mechanism, "PLAIN") == 0) {
    char *authzid, *authcid, *password;
    if (!smtp_sasl_plain_decode (text, &authzid, &authcid, &password))
      return NULL;
    char *shown = g_strdup_printf ("authzid \"%s\", authcid \"%s\", password \"%s\"",
                                   authzid, authcid, password);
    g_free (authzid);
    g_free (authcid);
    g_free (password);
    return shown;
  }
  if (g_ascii_strcasecmp (mechanism, "LOGIN") != 0 || step > 1)
    return NULL;
  char *value = smtp_sasl_login_decode (text);
  char *shown = value ? g_strdup_printf ("%s \"%s\"", step == 0 ? "username" : "password", value) : NULL;
  g_free (value);
  return shown;
}

/* command_reveal - what the initial response of "AUTH <mechanism>
 * <initial-response>" says (RFC 4954 §4), or NULL */
static char *
command_reveal (const char *line)
{
  if (g_ascii_strncasecmp (line, "AUTH ", 5) != 0)
    return NULL;
  char **words = g_strsplit (line + 5, " ", 3);
  char *shown = words[0] && words[1] && !words[2] ? smtp_sasl_reveal (words[0], 0, words[1]) : NULL;
  g_strfreev (words);
  return shown;
}

/* smtp_sasl_show_line - a client line of an AUTH exchange as a trace or
 * screen shows it */
char *
smtp_sasl_show_line (const char *line, const char *mechanism, guint step, gboolean reveal,
                     char **decoded)
{
  if (decoded)
    *decoded = NULL;
  if (!reveal)
    return mechanism ? smtp_sasl_mask_response (line) : smtp_sasl_mask_command (line);
  if (decoded)
    *decoded = mechanism ? smtp_sasl_reveal (mechanism, step, line) : command_reveal (line);
  return g_strdup (line);
}
