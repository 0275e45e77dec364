/* fault.c - faults on demand (see fault.h): parsing a scenario's entries,
 * finding the fault for a command's nth arrival, counting arrivals. */
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "verbs.h"

/* is_command - a name a fault may be about: a verb of the table, or one
 * of the moments that are not commands */
static gboolean
is_command (const char *name)
{
  return smtp_verb_lookup (name) || g_str_equal (name, "GREETING")
         || g_str_equal (name, "DATA-END") || g_str_equal (name, "DATA-LINE");
}

/* parse_number - all of text is a decimal number in [min, max] */
static gboolean
parse_number (const char *text, guint min, guint max, guint *out)
{
  char *end;
  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  guint64 n = g_ascii_strtoull (text, &end, 10);
  if (*end || n < min || n > max)
    return FALSE;
  *out = n;
  return TRUE;
}

/* parse_target - "VERB" or "VERB@N" (text) of entry into the fault */
static gboolean
parse_target (SmtpFault *f, const char *text, const char *entry, char **why)
{
  g_auto (GStrv) parts = g_strsplit (text, "@", 2);
  f->verb = g_ascii_strup (g_strstrip (parts[0]), -1);
  if (!is_command (f->verb)) {
    *why = g_strdup_printf ("\"%s\": %s is no command (a verb, GREETING or DATA-END)", entry, f->verb);
    return FALSE;
  }
  if (parts[1] && !parse_number (parts[1], 1, G_MAXUINT, &f->nth)) {
    *why = g_strdup_printf ("\"%s\": after @ comes which time, a number from 1", entry);
    return FALSE;
  }
  return TRUE;
}

/* smtp_fault_parse - one entry: "TARGET:CODE TEXT" (fault=), "TARGET:MS"
 * (delay=), "after-greeting", "mid-data" or "after-TARGET" (drop=) */
SmtpFault *
smtp_fault_parse (SmtpFaultKind kind, const char *entry, char **why)
{
  SmtpFault *f = g_new0 (SmtpFault, 1);
  f->kind = kind;
  g_autofree char *text = g_strstrip (g_strdup (entry));
  const char *colon = strchr (text, ':');
  gboolean ok = FALSE;
  if (kind == SMTP_FAULT_DROP) {
    if (g_ascii_strcasecmp (text, "mid-data") == 0)
      ok = parse_target (f, "DATA-LINE", text, why);
    else if (g_ascii_strncasecmp (text, "after-", 6) == 0)
      ok = parse_target (f, text + 6, text, why);
    else
      *why = g_strdup_printf ("\"%s\": expected after-greeting, mid-data or after-VERB[@N]", text);
  } else if (!colon) {
    *why = g_strdup_printf ("\"%s\": expected %s", text,
                            kind == SMTP_FAULT_REPLY ? "VERB[@N]:CODE TEXT" : "VERB[@N]:MILLISECONDS");
  } else {
    g_autofree char *target = g_strndup (text, colon - text);
    const char *rest = colon + 1;
    if (parse_target (f, target, text, why)) {
      if (kind == SMTP_FAULT_DELAY) {
        ok = parse_number (rest, 1, 600000, &f->ms);
        if (!ok)
          *why = g_strdup_printf ("\"%s\": the delay is milliseconds, 1 to 600000", text);
      } else {
        /* RFC 5321 §4.2: a fault is a failure, transient (4yz) or permanent (5yz) */
        g_autofree char *code = g_strndup (rest, strcspn (rest, " "));
        ok = parse_number (code, 400, 599, &f->code);
        if (ok)
          f->text = g_strdup (rest[strlen (code)] ? rest + strlen (code) + 1 : "Fault on demand");
        else
          *why = g_strdup_printf ("\"%s\": the reply code must be 400 to 599", text);
      }
    }
  }
  if (ok && kind != SMTP_FAULT_DROP && g_str_equal (f->verb, "DATA-LINE")) {
    *why = g_strdup_printf ("\"%s\": DATA-LINE is only for drop=mid-data", text);
    ok = FALSE;
  }
  if (!ok) {
    smtp_fault_free (f);
    return NULL;
  }
  return f;
}

/* smtp_fault_free - frees a fault (NULL is fine) */
void
smtp_fault_free (SmtpFault *fault)
{
  if (!fault)
    return;
  g_free (fault->verb);
  g_free (fault->text);
  g_free (fault);
}

/* smtp_fault_find - the first fault of this kind for verb's nth arrival */
const SmtpFault *
smtp_fault_find (const GPtrArray *faults, SmtpFaultKind kind, const char *verb, guint nth)
{
  for (guint i = 0; faults && i < faults->len; i++) {
    const SmtpFault *f = g_ptr_array_index (faults, i);
    if (f->kind == kind && g_ascii_strcasecmp (f->verb, verb) == 0 && (f->nth == 0 || f->nth == nth))
      return f;
  }
  return NULL;
}

/* smtp_fault_count - one more arrival of verb in counts (verb -> n) */
guint
smtp_fault_count (GHashTable *counts, const char *verb)
{
  char *key = g_ascii_strup (verb, -1);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) + 1;
  g_hash_table_replace (counts, key, GUINT_TO_POINTER (n));
  return n;
}
