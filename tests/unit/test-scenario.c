/* test-scenario.c - loading scenarios and the directory (lib/scenario.c),
 * on labs/scenarios/rfc821.ini: every look-up RFC 821 §3.2 and §3.3 show. */
#include "scenario.h"

#include <glib/gstdio.h>

static SmtpScenario *rfc821;

static SmtpHostConfig *
host (const char *name)
{
  SmtpHostConfig *h = smtp_scenario_host (rfc821, name);
  g_assert_nonnull (h);
  return h;
}

/* holds_for - does h hold mail for domain (hold-for=, any case)? */
static gboolean
holds_for (const SmtpHostConfig *h, const char *domain)
{
  for (guint i = 0; h->hold_for[i]; i++)
    if (g_ascii_strcasecmp (h->hold_for[i], domain) == 0)
      return TRUE;
  return FALSE;
}

static void
test_hosts (void)
{
  g_assert_cmpstr (smtp_scenario_title (rfc821), ==, "RFC 821 examples");
  SmtpHostConfig *beta = host ("beta.arpa");
  g_assert_cmpstr (beta->name, ==, "Beta.ARPA");
  g_assert_cmpstr (beta->listen, ==, "127.0.0.11:2525");
  g_assert_cmpstr (beta->domains[0], ==, "Beta.ARPA");
  g_assert_cmpstr (beta->greeting, ==, "Simple Mail Transfer Service Ready");
  g_assert_cmpuint (beta->max_recipients, ==, 100);
  g_assert_false (beta->turn);
  g_assert_true (smtp_scenario_host_for_domain (rfc821, "BETA.arpa") == beta);
  g_assert_null (smtp_scenario_host_for_domain (rfc821, "hotmail.com"));
}

/* RFC 821 §4.1.1: HOSTB.ARPA ("program-B") holds the mail for HOSTA.ARPA
 * ("program-A") until TURN or ETRN; the hosts of the other examples hold none */
static void
test_turn_holds (void)
{
  SmtpHostConfig *hostb = host ("HOSTB.ARPA");
  g_assert_true (hostb->turn);
  g_assert_true (holds_for (hostb, "hosta.arpa"));
  g_assert_false (holds_for (hostb, "Beta.ARPA"));
  g_assert_false (holds_for (host ("HOSTX.ARPA"), "HOSTW.ARPA"));
  g_assert_null (host ("HOSTA.ARPA")->turn_poll[0]);
}

static void
assert_mailbox (const char *at, const char *local, const char *domain, SmtpDirKind kind,
                const char *detail)
{
  SmtpDirEntry *e = smtp_directory_lookup_mailbox (host (at), local, domain);
  g_assert_cmpint (e->kind, ==, kind);
  if (kind == SMTP_DIR_FORWARD || kind == SMTP_DIR_MOVED)
    g_assert_cmpstr (e->forward_path, ==, detail);
  else if (detail)
    g_assert_cmpstr (e->mailbox, ==, detail);
  smtp_dir_entry_free (e);
}

/* §3.1 and §3.2 at RCPT */
static void
test_rcpt_lookups (void)
{
  assert_mailbox ("Beta.ARPA", "Jones", "Beta.ARPA", SMTP_DIR_USER, "Jones@Beta.ARPA");
  assert_mailbox ("Beta.ARPA", "jones", "beta.arpa", SMTP_DIR_USER, "Jones@Beta.ARPA");
  assert_mailbox ("Beta.ARPA", "Green", "Beta.ARPA", SMTP_DIR_UNKNOWN, NULL);
  assert_mailbox ("Beta.ARPA", "Smith", "Alpha.ARPA", SMTP_DIR_NOT_LOCAL, NULL);
  assert_mailbox ("USC-ISI.ARPA", "Postel", "USC-ISI.ARPA", SMTP_DIR_FORWARD, "<Postel@USC-ISIF.ARPA>");
  assert_mailbox ("USC-ISIB.ARPA", "Paul", "USC-ISIB.ARPA", SMTP_DIR_MOVED, "<Mockapetris@USC-ISIF.ARPA>");
}

static void
assert_string (const char *at, const char *string, SmtpDirKind kind, const char *name)
{
  SmtpDirEntry *e = smtp_directory_lookup_string (host (at), string);
  g_assert_cmpint (e->kind, ==, kind);
  if (name)
    g_assert_cmpstr (e->full_name, ==, name);
  smtp_dir_entry_free (e);
}

/* §3.3 VRFY examples */
static void
test_vrfy_lookups (void)
{
  assert_string ("USC-ISIF.ARPA", "Smith", SMTP_DIR_USER, "Fred Smith");
  assert_string ("USC-ISIF.ARPA", "Postel", SMTP_DIR_USER, "Jon Postel");
  assert_string ("USC-ISIF.ARPA", "<Smith@USC-ISIF.ARPA>", SMTP_DIR_USER, "Fred Smith");
  assert_string ("USC-ISI.ARPA", "Smith", SMTP_DIR_FORWARD, NULL);
  assert_string ("USC-ISI.ARPA", "Jones", SMTP_DIR_MOVED, NULL);
  assert_string ("Alpha.ARPA", "Jones", SMTP_DIR_UNKNOWN, NULL);
  assert_string ("USC-ISIQ.ARPA", "Gourzenkyinplatz", SMTP_DIR_AMBIGUOUS, NULL);
  assert_string ("USC-ISIQ.ARPA", "Fonebone", SMTP_DIR_USER, "Fred Fonebone");
  /* a word of one user's name, and only one: not ambiguous */
  assert_string ("USC-ISIQ.ARPA", "Anna", SMTP_DIR_USER, "Anna Gourzenkyinplatz");
}

/* §3.3 EXPN examples */
static void
test_expn_lookups (void)
{
  SmtpDirEntry *e = smtp_directory_lookup_string (host ("USC-ISIF.ARPA"), "Example-People");
  g_assert_cmpint (e->kind, ==, SMTP_DIR_LIST);
  g_assert_false (e->expn_denied);
  g_assert_cmpuint (e->members->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (e->members, 0), ==, "Jon Postel <Postel@USC-ISIF.ARPA>");
  g_assert_cmpstr (g_ptr_array_index (e->members, 3), ==, "Quincy Smith <@USC-ISIF.ARPA:Q-Smith@ISI-VAXA.ARPA>");
  g_assert_cmpstr (g_ptr_array_index (e->members, 5), ==, "<xyz@bar-unix.ARPA>");
  smtp_dir_entry_free (e);
  e = smtp_directory_lookup_string (host ("USC-ISIF.ARPA"), "Executive-Washroom-List");
  g_assert_cmpint (e->kind, ==, SMTP_DIR_LIST);
  g_assert_true (e->expn_denied);
  smtp_dir_entry_free (e);
}

/* a scenario with a mistake: the error names the group */
static void
assert_scenario_error (const char *data, const char *group)
{
  GError *error = NULL;
  SmtpScenario *s = smtp_scenario_load_data (data, &error);
  g_assert_null (s);
  g_assert_nonnull (error);
  if (!g_strrstr (error->message, group))
    g_error ("\"%s\" does not name %s", error->message, group);
  g_error_free (error);
}

static void
test_errors (void)
{
  assert_scenario_error ("[hots a]\nlisten=127.0.0.1:1\n", "hots a");
  assert_scenario_error ("[host a]\nlisten=127.0.0.1:1\nlisen=x\n", "lisen");
  assert_scenario_error ("[host a]\ndomains=a\n", "host a");
  assert_scenario_error ("[host a]\nlisten=127.0.0.1:1\nmax-recipients=10\n", "max-recipients");
  assert_scenario_error ("[host a]\nlisten=127.0.0.1:1\n[user joe@b]\n", "user joe@b");
  assert_scenario_error ("[host a]\nlisten=127.0.0.1:1\n[user joe]\n", "user joe");
  assert_scenario_error ("[host a]\nlisten=127.0.0.1:1\n[forward joe@a]\n", "forward joe@a");
  assert_scenario_error ("[host a]\nlisten=127.0.0.1:1\nvrfy=maybe\n", "host a");
}

static void
assert_message (const char *data, const char *message)
{
  GError *error = NULL;
  g_assert_null (smtp_scenario_load_data (data, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, message);
  g_error_free (error);
}

/* a boolean GKeyFile cannot read, a port that is not a number: the group
 * and the key, and what to write instead */
static void
test_bad_values_say_what_to_write (void)
{
  assert_message ("[host A]\nlisten=127.0.0.1:2525\ntls=yes\n",
                  "[host A] tls: \"yes\" is not a boolean: write true or false");
  assert_message ("[host A]\nlisten=127.0.0.1:25x25\n",
                  "[host A] listen: 127.0.0.1:25x25: bad port \"25x25\" (a number from 0 to 65535)");
  assert_message ("[host A]\nlisten=127.0.0.1:2525\nlisten-tls=127.0.0.1\n",
                  "[host A] listen-tls: 127.0.0.1: expected ADDR:PORT, e.g. 127.0.0.1:2525");
  assert_message ("[host A]\nlisten=127.0.0.1:2525\nrelay-loophole=percent;bang\n",
                  "[host A] relay-loophole: \"bang\": expected source-route or percent");
}

/* turn-auth= (RFC 2645's idea) and a user's turn-for=: what to write, and
 * a domain the user's host does not hold */
static void
test_turn_auth_keys (void)
{
  assert_message ("[host A]\nlisten=127.0.0.1:2525\nturn=true\nauth=true\nturn-auth=yes\n",
                  "[host A] turn-auth: must be none (the default) or required");
  assert_message ("[host A]\nlisten=127.0.0.1:2525\nturn=true\nturn-auth=required\n",
                  "[host A] turn-auth: required needs turn=true and auth=true");
  assert_message ("[host A]\nlisten=127.0.0.1:2525\nhold-for=B\n[host B]\nlisten=127.0.0.2:2525\n"
                  "[user b@A]\nturn-for=C\n",
                  "[user b@A] turn-for: C is not in hold-for= of A");
  GError *error = NULL;
  SmtpScenario *s = smtp_scenario_load_data (
    "[host A]\nlisten=127.0.0.1:2525\nhold-for=B;C\nturn=true\nauth=true\nturn-auth=required\n"
    "[host B]\nlisten=127.0.0.2:2525\n[host C]\nlisten=127.0.0.3:2525\n"
    "[user b@A]\nturn-for=b\n[user nobody@A]\n", &error);
  g_assert_no_error (error);
  const SmtpHostConfig *a = smtp_scenario_host (s, "A");
  g_assert_true (a->turn_auth);
  g_assert_false (smtp_scenario_host (s, "B")->turn_auth);
  g_assert_true (smtp_directory_may_turn (a, "b@A", "B"));
  g_assert_true (smtp_directory_may_turn (a, "B@a", "b"));
  g_assert_false (smtp_directory_may_turn (a, "b@A", "C"));
  g_assert_false (smtp_directory_may_turn (a, "nobody@A", "B"));
  g_assert_false (smtp_directory_may_turn (a, "stranger@A", "B"));
  g_assert_false (smtp_directory_may_turn (a, "b", "B"));
  smtp_scenario_free (s);
}

/* GKeyFile merges a second [host A] into the first; the loader refuses it */
static void
test_group_twice (void)
{
  assert_message ("[host A]\nlisten=127.0.0.1:2525\n\n[host B]\nlisten=127.0.0.2:2525\n"
                  "\n[host A]\ngreeting=hello\n",
                  "[host A] appears twice, on lines 1 and 7: put its keys in one group");
}

/* the file's name comes first in every error of smtp_scenario_load */
static void
test_errors_name_the_file (void)
{
  char *path = g_build_filename (g_get_tmp_dir (), "test-scenario-bad.ini", NULL);
  g_assert_true (g_file_set_contents (path, "[host A]\nlisten=127.0.0.1:2525\nturn=yes\n", -1, NULL));
  GError *error = NULL;
  g_assert_null (smtp_scenario_load (path, &error));
  char *expected = g_strdup_printf ("%s: [host A] turn: \"yes\" is not a boolean: write true or false",
                                    path);
  g_assert_cmpstr (error->message, ==, expected);
  g_error_free (error);
  g_free (expected);
  g_unlink (path);
  g_free (path);
}

/* smtplab-term's look-up: any case, with or without the domain */
static void
test_lookup_user (void)
{
  SmtpDirEntry *e = smtp_directory_lookup_user (host ("Beta.ARPA"), "jones");
  g_assert_cmpint (e->kind, ==, SMTP_DIR_USER);
  g_assert_cmpstr (e->local_part, ==, "Jones");
  smtp_dir_entry_free (e);
  e = smtp_directory_lookup_user (host ("Beta.ARPA"), "Brown@beta.arpa");
  g_assert_cmpint (e->kind, ==, SMTP_DIR_USER);
  g_assert_cmpstr (e->local_part, ==, "Brown");
  smtp_dir_entry_free (e);
  e = smtp_directory_lookup_user (host ("Beta.ARPA"), "Green");
  g_assert_cmpint (e->kind, ==, SMTP_DIR_UNKNOWN);
  smtp_dir_entry_free (e);
  e = smtp_directory_lookup_user (host ("USC-ISIF.ARPA"), "Example-People");
  g_assert_cmpint (e->kind, ==, SMTP_DIR_LIST);
  smtp_dir_entry_free (e);
  char **users = smtp_directory_users (host ("Beta.ARPA"));
  char *joined = g_strjoinv (", ", users);
  g_assert_cmpstr (joined, ==, "Jones, Brown");
  g_free (joined);
  g_strfreev (users);
}

static void
test_defaults (void)
{
  GError *error = NULL;
  SmtpScenario *s = smtp_scenario_load_data ("[host mx.example]\nlisten=127.0.0.1:2525\n"
                                             "domains=example.org;example.net\ntimeout=5\n", &error);
  g_assert_no_error (error);
  SmtpHostConfig *h = smtp_scenario_host (s, "mx.example");
  g_assert_true (smtp_host_serves_domain (h, "EXAMPLE.net"));
  g_assert_false (smtp_host_serves_domain (h, "mx.example"));
  g_assert_cmpuint (h->timeout, ==, 5);
  g_assert_true (h->vrfy);
  g_assert_true (h->pipelining);
  smtp_scenario_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  GError *error = NULL;
  rfc821 = smtp_scenario_load ("labs/scenarios/rfc821.ini", &error);
  g_assert_no_error (error);
  g_test_add_func ("/scenario/rfc821/hosts", test_hosts);
  g_test_add_func ("/scenario/rfc821/turn-holds", test_turn_holds);
  g_test_add_func ("/scenario/rfc821/rcpt-lookups", test_rcpt_lookups);
  g_test_add_func ("/scenario/rfc821/vrfy-lookups", test_vrfy_lookups);
  g_test_add_func ("/scenario/rfc821/expn-lookups", test_expn_lookups);
  g_test_add_func ("/scenario/errors-name-the-group", test_errors);
  g_test_add_func ("/scenario/defaults", test_defaults);
  g_test_add_func ("/scenario/bad-values-say-what-to-write", test_bad_values_say_what_to_write);
  g_test_add_func ("/scenario/group-twice", test_group_twice);
  g_test_add_func ("/scenario/turn-auth-keys", test_turn_auth_keys);
  g_test_add_func ("/scenario/errors-name-the-file", test_errors_name_the_file);
  g_test_add_func ("/scenario/rfc821/lookup-user", test_lookup_user);
  int rc = g_test_run ();
  smtp_scenario_free (rfc821);
  return rc;
}
