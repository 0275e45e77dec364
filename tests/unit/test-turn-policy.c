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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/turn-policy/refusal", test_refusal);
  g_test_add_func ("/turn-policy/held-domain", test_held_domain);
  return rfc821_run ();
}
