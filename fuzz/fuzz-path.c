/* fuzz-path.c - libFuzzer harness for paths (RFC 821 §4.1.2 <path>):
 * "<@ONE,@TWO:JOE@THREE>" with its source route (§3.6), "<>" and domains.
 *
 * Invariants: a path that parses prints back as exactly the text it came
 * from (nothing is lost or rewritten), and printed and parsed again it is
 * the same path; its domain and every host of its route are domains; "<>"
 * is the only difference between allowing the null path or not; a valid
 * domain is accepted in a mailbox and in a source route alike.
 */
#include <string.h>

#include "fuzz.h"
#include "smtp-limits.h"

/* assert_parts - the parts of a parsed path are well formed */
static void
assert_parts (const SmtpPath *path)
{
  if (smtp_path_is_null (path)) {
    g_assert_cmpuint (path->route->len, ==, 0);
    return;
  }
  for (guint i = 0; i < path->route->len; i++)
    g_assert_true (smtp_domain_is_valid (g_ptr_array_index (path->route, i), NULL));
  g_assert_true (smtp_domain_is_valid (path->domain, NULL));
  g_assert_cmpuint (strlen (path->local_part), <=, SMTP_LIMIT_LOCAL_PART);
  char *mailbox = smtp_path_mailbox (path);
  char *expected = g_strconcat (path->local_part, "@", path->domain, NULL);
  g_assert_cmpstr (mailbox, ==, expected);
  char *unquoted = smtp_local_part_unquote (path->local_part);
  g_assert_cmpuint (strlen (unquoted), <=, strlen (path->local_part));
  g_free (unquoted);
  g_free (expected);
  g_free (mailbox);
}

/* parse_path - the text as a path, with or without the null path allowed */
static void
parse_path (const char *text)
{
  GError *error = NULL;
  SmtpPath *with_null = smtp_path_parse (text, TRUE, NULL);
  SmtpPath *without_null = smtp_path_parse (text, FALSE, &error);

  g_assert_true ((without_null == NULL) == (error != NULL));
  g_clear_error (&error);
  if (without_null)
    g_assert_nonnull (with_null);
  if (with_null && !without_null)
    g_assert_cmpstr (text, ==, "<>");
  if (with_null) {
    char *printed = smtp_path_to_string (with_null);
    g_assert_cmpstr (printed, ==, text);
    g_assert_cmpuint (strlen (printed), <=, SMTP_LIMIT_PATH);
    g_free (printed);
    assert_parts (with_null);
    fuzz_assert_path_round_trip (with_null, TRUE);
  }
  smtp_path_free (with_null);
  smtp_path_free (without_null);
}

/* parse_domain - a valid domain works as a mailbox's and as a route's */
static void
parse_domain (const char *text)
{
  /* the longer of the two paths around it must fit in a path */
  if (!smtp_domain_is_valid (text, NULL)
      || strlen (text) > SMTP_LIMIT_PATH - strlen ("<@:Smith@Alpha.ARPA>"))
    return;
  char *mailbox = g_strconcat ("<Smith@", text, ">", NULL);
  char *routed = g_strconcat ("<@", text, ":Smith@Alpha.ARPA>", NULL);
  SmtpPath *a = smtp_path_parse (mailbox, FALSE, NULL);
  SmtpPath *b = smtp_path_parse (routed, FALSE, NULL);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpstr (a->domain, ==, text);
  g_assert_cmpstr (g_ptr_array_index (b->route, 0), ==, text);
  smtp_path_free (a);
  smtp_path_free (b);
  g_free (mailbox);
  g_free (routed);
}

/* LLVMFuzzerTestOneInput - one path, and the same text as a domain */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *text = fuzz_string (data, size);
  if (!text)
    return 0;
  parse_path (text);
  parse_domain (text);
  g_free (text);
  return 0;
}
