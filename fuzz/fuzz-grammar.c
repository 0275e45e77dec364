/* fuzz-grammar.c - libFuzzer harness for the command grammar: a command
 * line split into verb and argument (RFC 821 §4.1.1), and the argument
 * parsed as MAIL's "FROM:" and as RCPT's "TO:", with ESMTP parameters
 * (RFC 5321 §4.1.2).
 *
 * Invariants: a split gives an upper-case verb of letters and an argument
 * with no spaces around it, or a 500 error and nothing; a parsed path is
 * the same path when printed and parsed again; only FROM: takes the null
 * path <>; every parameter is an esmtp-keyword with an optional esmtp-value;
 * every refusal is a grammar error answered 501.
 */
#include <string.h>

#include "fuzz.h"

/* assert_verb - RFC 821 §4.1.1: a verb is letters; we keep it upper-cased */
static void
assert_verb (const char *line, const char *verb)
{
  gsize n = strlen (verb);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <=, 16);
  g_assert_cmpuint (strspn (verb, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), ==, n);
  g_assert_cmpint (g_ascii_strncasecmp (line, verb, n), ==, 0);
}

/* assert_argument - present only when there is text, with no space around it */
static void
assert_argument (const char *argument)
{
  gsize n = strlen (argument);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpint (argument[0], !=, ' ');
  g_assert_false (g_ascii_isspace (argument[n - 1]));
}

/* assert_param - RFC 5321 §4.1.2: esmtp-keyword ["=" esmtp-value] */
static void
assert_param (GPtrArray *params, const SmtpParam *param)
{
  const char *k = param->keyword;
  g_assert_true (g_ascii_isalnum (k[0]));
  for (const char *c = k; *c; c++)
    g_assert_true (g_ascii_isdigit (*c) || g_ascii_isupper (*c) || *c == '-');
  if (param->value) {
    g_assert_cmpuint (strlen (param->value), >, 0);
    for (const char *c = param->value; *c; c++)
      g_assert_true (*c >= 33 && *c <= 126 && *c != '=');
  }
  const SmtpParam *first = smtp_params_find (params, k);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->keyword, ==, k);
}

/* parse_path_argument - the argument as MAIL's FROM: or RCPT's TO: */
static void
parse_path_argument (const char *argument, const char *keyword)
{
  gboolean from = g_str_equal (keyword, "FROM");
  SmtpPath *path = NULL;
  GPtrArray *params = NULL;
  GError *error = NULL;

  if (!smtp_parse_path_argument (argument, keyword, &path, &params, &error)) {
    g_assert_null (path);
    g_assert_null (params);
    g_assert_true (error->domain == SMTP_GRAMMAR_ERROR);
    g_assert_cmpuint (smtp_grammar_error_reply (error), ==, 501);
    g_error_free (error);
    return;
  }
  g_assert_no_error (error);
  g_assert_nonnull (params);
  g_assert_true (from || !smtp_path_is_null (path));   /* RFC 821 §3.6 */
  fuzz_assert_path_round_trip (path, from);
  for (guint i = 0; i < params->len; i++)
    assert_param (params, g_ptr_array_index (params, i));
  smtp_path_free (path);
  g_ptr_array_unref (params);
}

/* LLVMFuzzerTestOneInput - one command line */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *line = fuzz_string (data, size);
  if (!line)
    return 0;
  char *verb = NULL, *argument = NULL;
  GError *error = NULL;
  if (smtp_command_split (line, &verb, &argument, &error)) {
    g_assert_no_error (error);
    assert_verb (line, verb);
    if (argument) {
      assert_argument (argument);
      parse_path_argument (argument, "FROM");
      parse_path_argument (argument, "TO");
    }
  } else {
    g_assert_null (verb);
    g_assert_null (argument);
    g_assert_nonnull (error);
    g_assert_cmpuint (smtp_grammar_error_reply (error), ==, 500);
    g_error_free (error);
  }
  g_free (verb);
  g_free (argument);
  g_free (line);
  return 0;
}
