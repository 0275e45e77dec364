/* test-auth-check.c - the credentials of AUTH (lib/auth-check.c, RFC 4954,
 * RFC 4616 §2), on labs/scenarios/esmtp.ini: alice's password is
 * "wonderland" (the README's tour), bob's is something else. */
#include "auth-check.h"

static SmtpScenario *esmtp;

/* check - what "authzid NUL authcid NUL password" logs in as at the host */
static char *
check (const char *authzid, const char *authcid, const char *password)
{
  const SmtpHostConfig *host = smtp_scenario_host (esmtp, "mail.lab.example");
  g_assert_nonnull (host);
  return smtp_auth_check (host, authzid, authcid, password);
}

/* the right password logs in, as the user or as the whole mailbox */
static void
test_plain_good (void)
{
  g_autofree char *a = check ("", "alice", "wonderland");
  g_assert_cmpstr (a, ==, "alice@mail.lab.example");
  g_autofree char *b = check (NULL, "alice@mail.lab.example", "wonderland");
  g_assert_cmpstr (b, ==, "alice@mail.lab.example");
  g_autofree char *c = check ("alice", "alice", "wonderland");   /* acting as itself */
  g_assert_cmpstr (c, ==, "alice@mail.lab.example");
}

/* a wrong password, an unknown user, an empty password: no */
static void
test_wrong (void)
{
  g_assert_null (check ("", "alice", "Wonderland"));
  g_assert_null (check ("", "alice", ""));
  g_assert_null (check ("", "carol", "wonderland"));
  g_assert_null (check ("", "bob", "wonderland"));
}

/* RFC 4616 §2: authzid other than the user asks to act for someone else,
 * which nobody may here, whatever the password */
static void
test_authzid_other_user (void)
{
  g_assert_null (check ("bob", "alice", "wonderland"));
}

/* the 535 waits one second more each failure, up to the limit */
static void
test_failure_delay (void)
{
  g_assert_cmpuint (smtp_auth_failure_delay (1), ==, 1);
  g_assert_cmpuint (smtp_auth_failure_delay (2), ==, 2);
  g_assert_cmpuint (smtp_auth_failure_delay (5), ==, 5);
  g_assert_cmpuint (smtp_auth_failure_delay (50), ==, 5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  GError *error = NULL;
  esmtp = smtp_scenario_load ("labs/scenarios/esmtp.ini", &error);
  g_assert_no_error (error);
  g_test_add_func ("/auth-check/plain-good", test_plain_good);
  g_test_add_func ("/auth-check/wrong", test_wrong);
  g_test_add_func ("/auth-check/authzid-other-user", test_authzid_other_user);
  g_test_add_func ("/auth-check/failure-delay", test_failure_delay);
  int status = g_test_run ();
  smtp_scenario_free (esmtp);
  return status;
}
