/* vrfy-expn.c - the replies to VRFY and EXPN (RFC 821 §3.3). */
#include "vrfy-expn.h"

/* not_a_match - what VRFY and EXPN share for forwards, moved users,
 * ambiguous and unknown strings (RFC 821 §3.3, §4.2.1) */
static guint
not_a_match (const SmtpDirEntry *entry, char **text)
{
  /* LAB 03 BEGIN not-a-match */
  switch (entry->kind) {
  case SMTP_DIR_FORWARD:
    *text = g_strdup_printf ("User not local; will forward to %s", entry->forward_path);
    return 251;
  case SMTP_DIR_MOVED:
    *text = g_strdup_printf ("User not local; please try %s", entry->forward_path);
    return 551;
  case SMTP_DIR_AMBIGUOUS:
    *text = g_strdup ("User ambiguous");
    return 553;
  default:
    *text = g_strdup ("String does not match anything");
    return 550;
  }
  /* LAB 03 END */
}

/* smtp_vrfy_reply - "VRFY <string>": the user's full name and mailbox */
guint
smtp_vrfy_reply (const SmtpHostConfig *host, const char *string, char **text)
{
  /* LAB 03 BEGIN vrfy */
  if (!host->vrfy) {
    /* RFC 5321 §3.5.3: a host that will not tell answers 252 */
    *text = g_strdup ("Cannot VRFY user, but will accept message and attempt delivery");
    return 252;
  }
  g_autoptr (SmtpDirEntry) entry = smtp_directory_lookup_string (host, string);
  if (entry->kind == SMTP_DIR_USER) {
    *text = g_strdup_printf ("%s <%s>", entry->full_name, entry->mailbox);
    return 250;
  }
  if (entry->kind == SMTP_DIR_LIST) {
    *text = g_strdup ("That is a mailing list, not a user name");
    return 550;
  }
  return not_a_match (entry, text);
  /* LAB 03 END */
}

/* smtp_expn_reply - "EXPN <string>": one reply line per member of a list */
guint
smtp_expn_reply (const SmtpHostConfig *host, const char *string, char **text)
{
  /* LAB 03 BEGIN expn */
  if (!host->expn) {
    *text = g_strdup ("Command not implemented: EXPN is disabled here");
    return 502;
  }
  g_autoptr (SmtpDirEntry) entry = smtp_directory_lookup_string (host, string);
  if (entry->kind == SMTP_DIR_LIST && entry->expn_denied) {
    *text = g_strdup ("5.7.1 Access Denied to You");
    return 550;
  }
  if (entry->kind == SMTP_DIR_LIST) {
    GString *lines = g_string_new (NULL);
    for (guint i = 0; i < entry->members->len; i++)
      g_string_append_printf (lines, "%s%s", i ? "\n" : "",
                              (const char *) g_ptr_array_index (entry->members, i));
    *text = g_string_free (lines, FALSE);
    return 250;
  }
  if (entry->kind == SMTP_DIR_USER) {
    *text = g_strdup ("That is a user name, not a mailing list");
    return 550;
  }
  return not_a_match (entry, text);
  /* LAB 03 END */
}
