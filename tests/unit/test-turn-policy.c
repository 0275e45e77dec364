/* test-turn-policy.c - TURN's decisions (lib/turn-policy.c, RFC 821 §3.8,
 * RFC 1985), on labs/scenarios/rfc821.ini: HOSTB.ARPA holds the mail of
 * HOSTA.ARPA and may TURN; the other hosts may not. */
#include "turn-policy.h"
#include "rfc821-fixture.h"

/* §3.8: "the receiver ... may send a refusal"; this one: turn=true, a
 * sender in the host, and no TLS */
static void
test_refusal (void)
{
  const SmtpHostConfig *hostb = smtp_scenario_host (rfc821, "HOSTB.ARPA");
  const SmtpHostConfig *beta = smtp_scenario_host (rfc821, "Beta.ARPA");
  g_assert_null (smtp_turn_refusal (hostb, TRUE, FALSE));
  g_assert_cmpstr (smtp_turn_refusal (hostb, TRUE, TRUE), ==,
                   "Command not implemented: no TURN on a TLS connection");
  g_assert_cmpstr (smtp_turn_refusal (hostb, FALSE, FALSE), ==,
                   "Command not implemented: this host does not TURN");
  g_assert_cmpstr (smtp_turn_refusal (beta, TRUE, FALSE), ==,
                   "Command not implemented: this host does not TURN");
}

/* the held mail goes to the host that receives for the domain, named by
 * itself (TURN after its HELO) or by the domain (ETRN) */
static void
test_held_domain (void)
{
  const SmtpHostConfig *hostb = smtp_scenario_host (rfc821, "HOSTB.ARPA");
  g_assert_cmpstr (smtp_turn_held_domain (hostb, "HOSTA.ARPA"), ==, "HOSTA.ARPA");
  g_assert_cmpstr (smtp_turn_held_domain (hostb, "hosta.arpa"), ==, "HOSTA.ARPA");
  g_assert_null (smtp_turn_held_domain (hostb, "Beta.ARPA"));
  g_assert_null (smtp_turn_held_domain (smtp_scenario_host (rfc821, "HOSTX.ARPA"), "HOSTW.ARPA"));
}

/* labs/06-turn/turn.ini: HOSTB.ARPA holds for HOSTA.ARPA and HOSTC.ARPA,
 * with turn-auth=required; hosta and hostc may take their own, mallory none */
static SmtpScenario *
lab06 (void)
{
  GError *error = NULL;
  SmtpScenario *s = smtp_scenario_load ("labs/06-turn/turn.ini", &error);
  g_assert_no_error (error);
  return s;
}

/* RFC 4954 §6: 530 before AUTH where policy wants it; without turn-auth=
 * who the client is does not matter (RFC 821 §3.8) */
static void
test_auth_refusal (void)
{
  SmtpScenario *s = lab06 ();
  const SmtpHostConfig *hostb = smtp_scenario_host (s, "HOSTB.ARPA");
  g_assert_cmpstr (smtp_turn_auth_refusal (hostb, NULL), ==, "5.7.0 Authentication required");
  g_assert_null (smtp_turn_auth_refusal (hostb, "hosta@HOSTB.ARPA"));
  g_assert_null (smtp_turn_auth_refusal (hostb, "mallory@HOSTB.ARPA"));
  g_assert_null (smtp_turn_auth_refusal (smtp_scenario_host (rfc821, "HOSTB.ARPA"), NULL));
  smtp_scenario_free (s);
}

/* without turn-auth= the HELO name takes the mail; with it only the user's
 * turn-for=, whatever the HELO name */
static void
test_domain (void)
{
  const SmtpHostConfig *plain = smtp_scenario_host (rfc821, "HOSTB.ARPA");
  g_assert_cmpstr (smtp_turn_domain (plain, "HOSTA.ARPA", NULL), ==, "HOSTA.ARPA");
  g_assert_null (smtp_turn_domain (plain, "Beta.ARPA", NULL));
  SmtpScenario *s = lab06 ();
  const SmtpHostConfig *hostb = smtp_scenario_host (s, "HOSTB.ARPA");
  g_assert_null (smtp_turn_domain (hostb, "HOSTA.ARPA", NULL));
  g_assert_cmpstr (smtp_turn_domain (hostb, "HOSTA.ARPA", "hosta@HOSTB.ARPA"), ==, "HOSTA.ARPA");
  g_assert_cmpstr (smtp_turn_domain (hostb, "dialup.example", "hosta@HOSTB.ARPA"), ==, "HOSTA.ARPA");
  g_assert_cmpstr (smtp_turn_domain (hostb, "HOSTA.ARPA", "hostc@HOSTB.ARPA"), ==, "HOSTC.ARPA");
  g_assert_null (smtp_turn_domain (hostb, "HOSTA.ARPA", "mallory@HOSTB.ARPA"));
  smtp_scenario_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/turn-policy/refusal", test_refusal);
  g_test_add_func ("/turn-policy/held-domain", test_held_domain);
  g_test_add_func ("/turn-policy/auth-refusal", test_auth_refusal);
  g_test_add_func ("/turn-policy/domain", test_domain);
  return rfc821_run ();
}
