/* test-grammar.c - the syntax of commands and paths (lib/grammar.c), with
 * every example form of RFC 821 the seeds quote and malformed ones. */
#include <string.h>
#include "grammar.h"

/* parse_ok - a path that must parse, printed back canonically */
static void
assert_path (const char *text, gboolean allow_null, const char *canonical)
{
  GError *error = NULL;
  SmtpPath *path = smtp_path_parse (text, allow_null, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  char *back = smtp_path_to_string (path);
  g_assert_cmpstr (back, ==, canonical);
  g_free (back);
  smtp_path_free (path);
}

static void
assert_bad_path (const char *text, gboolean allow_null, SmtpGrammarError code)
{
  GError *error = NULL;
  SmtpPath *path = smtp_path_parse (text, allow_null, &error);
  g_assert_null (path);
  g_assert_error (error, SMTP_GRAMMAR_ERROR, (gint) code);
  g_assert_cmpstr (error->message, !=, "");
  g_error_free (error);
}

static void
test_command_split (void)
{
  char *verb, *arg;
  GError *error = NULL;
  g_assert_true (smtp_command_split ("mail from:<Smith@Alpha.ARPA>", &verb, &arg, &error));
  g_assert_cmpstr (verb, ==, "MAIL");                 /* verbs ignore case */
  g_assert_cmpstr (arg, ==, "from:<Smith@Alpha.ARPA>");
  g_free (verb);
  g_free (arg);
  g_assert_true (smtp_command_split ("QUIT", &verb, &arg, &error));
  g_assert_cmpstr (verb, ==, "QUIT");
  g_assert_null (arg);
  g_free (verb);
  g_assert_true (smtp_command_split ("NOOP   ", &verb, &arg, &error));
  g_assert_null (arg);                                /* trailing spaces are no argument */
  g_free (verb);
}

static void
test_command_bad (void)
{
  const struct { const char *line; SmtpGrammarError code; } cases[] = {
    { "", SMTP_GRAMMAR_ERROR_NO_VERB },
    { " MAIL", SMTP_GRAMMAR_ERROR_NO_VERB },
    { "8BITMIME", SMTP_GRAMMAR_ERROR_NO_VERB },
    { "MA1L FROM:<a@b>", SMTP_GRAMMAR_ERROR_NO_VERB },
    { "NO\x01OP", SMTP_GRAMMAR_ERROR_BAD_BYTES },
    { "VRFY J\xc3\xb6nes", SMTP_GRAMMAR_ERROR_BAD_BYTES },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    char *verb, *arg;
    GError *error = NULL;
    g_assert_false (smtp_command_split (cases[i].line, &verb, &arg, &error));
    g_assert_error (error, SMTP_GRAMMAR_ERROR, (gint) cases[i].code);
    g_assert_cmpuint (smtp_grammar_error_reply (error), ==, 500);
    g_error_free (error);
  }
}

static void
test_path_rfc821_examples (void)
{
  assert_path ("<Smith@Alpha.ARPA>", FALSE, "<Smith@Alpha.ARPA>");
  assert_path ("<Postel@USC-ISIF.ARPA>", FALSE, "<Postel@USC-ISIF.ARPA>");
  assert_path ("<Q-Smith@ISI-VAXA.ARPA>", FALSE, "<Q-Smith@ISI-VAXA.ARPA>");
  assert_path ("<>", TRUE, "<>");
}

static void
test_path_source_route (void)
{
  GError *error = NULL;
  SmtpPath *path = smtp_path_parse ("<@ONE,@TWO:JOE@THREE>", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (path->route->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (path->route, 0), ==, "ONE");
  g_assert_cmpstr (g_ptr_array_index (path->route, 1), ==, "TWO");
  g_assert_cmpstr (path->local_part, ==, "JOE");
  g_assert_cmpstr (path->domain, ==, "THREE");
  char *mailbox = smtp_path_mailbox (path);
  g_assert_cmpstr (mailbox, ==, "JOE@THREE");
  g_free (mailbox);
  smtp_path_free (path);
  assert_path ("<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>", FALSE, "<@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>");
  assert_path ("<@HOSTX.ARPA:JOE@HOSTW.ARPA>", FALSE, "<@HOSTX.ARPA:JOE@HOSTW.ARPA>");
}

static void
test_path_local_parts (void)
{
  assert_path ("<\"John Q. Public\"@x.com>", FALSE, "<\"John Q. Public\"@x.com>");
  assert_path ("<a\\ b@x.com>", FALSE, "<a\\ b@x.com>");
  assert_path ("<first.last@x.com>", FALSE, "<first.last@x.com>");
  char *plain = smtp_local_part_unquote ("\"John Q. Public\"");
  g_assert_cmpstr (plain, ==, "John Q. Public");
  g_free (plain);
}

static void
test_path_domains (void)
{
  assert_path ("<joe@#123>", FALSE, "<joe@#123>");
  assert_path ("<joe@[1.2.3.4]>", FALSE, "<joe@[1.2.3.4]>");
  assert_path ("<joe@[IPv6:::1]>", FALSE, "<joe@[IPv6:::1]>");
  assert_path ("<joe@3com.com>", FALSE, "<joe@3com.com>");
  g_assert_true (smtp_domain_is_valid ("USC-ISIF.ARPA", NULL));
  g_assert_false (smtp_domain_is_valid ("-a.com", NULL));
  g_assert_false (smtp_domain_is_valid ("a-.com", NULL));
  g_assert_false (smtp_domain_is_valid ("a..com", NULL));
  g_assert_false (smtp_domain_is_valid ("a.com.", NULL));
  g_assert_false (smtp_domain_is_valid ("[1.2.3.256]", NULL));
  g_assert_true (smtp_domain_equal ("beta.arpa", "Beta.ARPA"));
}

/* The address forms open-relay tests use (seed 001, nmap's smtp-open-relay):
 * most are valid syntax, so relay policy, not grammar, must refuse them. */
static void
test_path_open_relay_forms (void)
{
  assert_path ("<user%host@relay>", FALSE, "<user%host@relay>");
  assert_path ("<\"user@host\"@relay>", FALSE, "<\"user@host\"@relay>");
  assert_path ("<@relay:user@host>", FALSE, "<@relay:user@host>");
  assert_path ("<host!user@relay>", FALSE, "<host!user@relay>");
  assert_bad_path ("<user@host@relay>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
}

static void
test_path_malformed (void)
{
  assert_bad_path ("<a@b", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("a@b", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<@b>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<a@>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<a@b..c>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<a@-b>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<a b@c>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<.a@c>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<@A:@B:c@d>", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
  assert_bad_path ("<a@b> x", FALSE, SMTP_GRAMMAR_ERROR_SYNTAX);
}

/* RFC 5321 §4.5.3.1: local part 64, domain 255, path 256 octets */
static void
test_path_limits (void)
{
  char *local = g_strnfill (64, 'a');
  char *text = g_strdup_printf ("<%s@b.c>", local);
  assert_path (text, FALSE, text);
  g_free (text);
  g_free (local);

  local = g_strnfill (65, 'a');
  text = g_strdup_printf ("<%s@b.c>", local);
  assert_bad_path (text, FALSE, SMTP_GRAMMAR_ERROR_TOO_LONG);
  g_free (text);
  g_free (local);

  GString *route = g_string_new ("<");
  for (int i = 0; i < 30; i++)
    g_string_append_printf (route, "%s@relay%02d.example", i ? "," : "", i);
  g_string_append (route, ":joe@x.org>");
  g_assert_cmpuint (route->len, >, 256);
  assert_bad_path (route->str, FALSE, SMTP_GRAMMAR_ERROR_TOO_LONG);
  g_string_free (route, TRUE);

  GString *domain = g_string_new (NULL);
  while (domain->len < 256)
    g_string_append (domain, "abcdefghi.");
  g_string_append (domain, "com");
  GError *error = NULL;
  g_assert_false (smtp_domain_is_valid (domain->str, &error));
  g_assert_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_TOO_LONG);
  g_error_free (error);
  g_string_free (domain, TRUE);
}

/* "MAIL FROM:local@domain" without brackets stands for <local@domain>: the
 * 256-octet limit counts the brackets it will be sent on with, so a path
 * accepted here can be printed and parsed again (found by fuzz-grammar) */
static void
test_bare_path_limit (void)
{
  SmtpPath *path;
  GError *error = NULL;
  char *local = g_strnfill (64, 'a');
  char *domain = g_strnfill (189, 'b');
  char *fits = g_strdup_printf ("FROM:%s@%s", local, domain);      /* 254 + 2 */
  char *over = g_strdup_printf ("FROM:%s@%sb", local, domain);     /* 255 + 2 */

  g_assert_true (smtp_parse_path_argument (fits, "FROM", &path, NULL, &error));
  char *printed = smtp_path_to_string (path);
  g_assert_cmpuint (strlen (printed), ==, 256);
  g_free (printed);
  smtp_path_free (path);
  g_assert_false (smtp_parse_path_argument (over, "FROM", &path, NULL, &error));
  g_assert_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_TOO_LONG);
  g_error_free (error);

  g_free (over);
  g_free (fits);
  g_free (domain);
  g_free (local);
}

static void
test_mail_argument (void)
{
  SmtpPath *path;
  GPtrArray *params;
  GError *error = NULL;
  g_assert_true (smtp_parse_path_argument ("FROM:<Smith@Alpha.ARPA>", "FROM", &path, &params, &error));
  g_assert_cmpstr (path->local_part, ==, "Smith");
  g_assert_cmpuint (params->len, ==, 0);
  smtp_path_free (path);
  g_ptr_array_unref (params);

  /* the seed's "MAIL FROM: <a***@example.net>": a space after the colon */
  g_assert_true (smtp_parse_path_argument ("from: <a@example.net>", "FROM", &path, NULL, &error));
  g_assert_cmpstr (path->domain, ==, "example.net");
  smtp_path_free (path);

  /* the seed's open-relay test: "mail from:nobody@yahoo.com", no brackets */
  g_assert_true (smtp_parse_path_argument ("from:nobody@yahoo.com", "FROM", &path, NULL, &error));
  g_assert_cmpstr (path->local_part, ==, "nobody");
  smtp_path_free (path);

  g_assert_true (smtp_parse_path_argument ("FROM:<>", "FROM", &path, NULL, &error));
  g_assert_true (smtp_path_is_null (path));
  smtp_path_free (path);
}

static void
test_mail_parameters (void)
{
  SmtpPath *path;
  GPtrArray *params;
  GError *error = NULL;
  g_assert_true (smtp_parse_path_argument ("FROM:<a@b.c> SIZE=1000 body=8BITMIME", "FROM",
                                           &path, &params, &error));
  g_assert_cmpuint (params->len, ==, 2);
  g_assert_cmpstr (smtp_params_find (params, "SIZE")->value, ==, "1000");
  g_assert_cmpstr (smtp_params_find (params, "BODY")->value, ==, "8BITMIME");
  g_assert_null (smtp_params_find (params, "AUTH"));
  smtp_path_free (path);
  g_ptr_array_unref (params);

  g_assert_false (smtp_parse_path_argument ("FROM:<a@b.c> =x", "FROM", &path, &params, &error));
  g_assert_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_PARAMETER);
  g_clear_error (&error);
  g_assert_false (smtp_parse_path_argument ("FROM:<a@b.c> SIZE=", "FROM", &path, &params, &error));
  g_assert_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_PARAMETER);
  g_clear_error (&error);
}

static void
test_rcpt_argument_bad (void)
{
  SmtpPath *path;
  GError *error = NULL;
  g_assert_false (smtp_parse_path_argument ("TO:<>", "TO", &path, NULL, &error));
  g_assert_error (error, SMTP_GRAMMAR_ERROR, SMTP_GRAMMAR_ERROR_SYNTAX);
  g_assert_cmpuint (smtp_grammar_error_reply (error), ==, 501);
  g_clear_error (&error);
  g_assert_false (smtp_parse_path_argument ("FROM:<a@b>", "TO", &path, NULL, &error));
  g_clear_error (&error);
  g_assert_false (smtp_parse_path_argument (NULL, "TO", &path, NULL, &error));
  g_clear_error (&error);
  g_assert_false (smtp_parse_path_argument ("TO:<a@b>x", "TO", &path, NULL, &error));
  g_clear_error (&error);
}

static void
test_path_copy (void)
{
  SmtpPath *path = smtp_path_parse ("<@ONE,@TWO:JOE@THREE>", FALSE, NULL);
  SmtpPath *copy = smtp_path_copy (path);
  smtp_path_free (path);
  char *text = smtp_path_to_string (copy);
  g_assert_cmpstr (text, ==, "<@ONE,@TWO:JOE@THREE>");
  g_free (text);
  smtp_path_free (copy);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/grammar/command/split", test_command_split);
  g_test_add_func ("/grammar/command/bad", test_command_bad);
  g_test_add_func ("/grammar/path/rfc821-examples", test_path_rfc821_examples);
  g_test_add_func ("/grammar/path/source-route", test_path_source_route);
  g_test_add_func ("/grammar/path/local-parts", test_path_local_parts);
  g_test_add_func ("/grammar/path/domains", test_path_domains);
  g_test_add_func ("/grammar/path/open-relay-forms", test_path_open_relay_forms);
  g_test_add_func ("/grammar/path/malformed", test_path_malformed);
  g_test_add_func ("/grammar/path/limits", test_path_limits);
  g_test_add_func ("/grammar/path/copy", test_path_copy);
  g_test_add_func ("/grammar/argument/mail", test_mail_argument);
  g_test_add_func ("/grammar/argument/bare-path-limit", test_bare_path_limit);
  g_test_add_func ("/grammar/argument/parameters", test_mail_parameters);
  g_test_add_func ("/grammar/argument/rcpt-bad", test_rcpt_argument_bad);
  return g_test_run ();
}
