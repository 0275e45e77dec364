/* test-auth-mask.c - AUTH secrets masked before a dialogue is shown
 * (lib/auth-mask.c, RFC 4954 §4). */
#include "auth-mask.h"

static void
test_initial_response_masked (void)
{
  char *shown = smtp_auth_mask_command ("AUTH PLAIN dGVzdAB0ZXN0ADEyMzQ=");
  g_assert_cmpstr (shown, ==, "AUTH PLAIN " SMTP_AUTH_MASK);
  g_free (shown);
  shown = smtp_auth_mask_command ("auth login");
  g_assert_cmpstr (shown, ==, "auth login");
  g_free (shown);
  shown = smtp_auth_mask_command ("MAIL FROM:<a@b>");
  g_assert_cmpstr (shown, ==, "MAIL FROM:<a@b>");
  g_free (shown);
}

static void
test_challenge_response_masked (void)
{
  char *shown = smtp_auth_mask_response ("c2VjcmV0");
  g_assert_cmpstr (shown, ==, SMTP_AUTH_MASK);
  g_free (shown);
  shown = smtp_auth_mask_response ("*");
  g_assert_cmpstr (shown, ==, "*");
  g_free (shown);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/auth-mask/initial-response", test_initial_response_masked);
  g_test_add_func ("/auth-mask/challenge-response", test_challenge_response_masked);
  return g_test_run ();
}
