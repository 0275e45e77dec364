/* auth-mask.c - AUTH secrets hidden (RFC 4954 §4). */
#include "auth-mask.h"

#include <string.h>

char *
smtp_auth_mask_command (const char *line)
{
  /* "AUTH" SP sasl-mech [SP initial-response] */
  if (g_ascii_strncasecmp (line, "AUTH ", 5) != 0)
    return g_strdup (line);
  const char *mechanism = line + 5;
  gsize len = strcspn (mechanism, " ");
  if (mechanism[len] == '\0')
    return g_strdup (line);
  return g_strdup_printf ("%.*s %s", (int) (mechanism - line + len), line, SMTP_AUTH_MASK);
}

char *
smtp_auth_mask_response (const char *line)
{
  return g_strdup (g_str_equal (line, "*") ? "*" : SMTP_AUTH_MASK);
}
