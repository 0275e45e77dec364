/* test-vrfy-expn.c - the replies to VRFY and EXPN (lib/vrfy-expn.c), as
 * RFC 821 §3.3 shows them, on labs/scenarios/rfc821.ini. */
#include "vrfy-expn.h"
#include "rfc821-fixture.h"

/* ask - the reply of host to VRFY (expn FALSE) or EXPN: "code text" */
static char *
ask (const char *host, gboolean expn, const char *string)
{
  const SmtpHostConfig *h = smtp_scenario_host (rfc821, host);
  g_assert_nonnull (h);
  char *text;
  guint code = expn ? smtp_expn_reply (h, string, &text) : smtp_vrfy_reply (h, string, &text);
  char *reply = g_strdup_printf ("%u %s", code, text);
  g_free (text);
  return reply;
}

#define assert_reply(host, expn, string, expected) \
  G_STMT_START { \
    char *reply_ = ask (host, expn, string); \
    g_assert_cmpstr (reply_, ==, expected); \
    g_free (reply_); \
  } G_STMT_END

/* §3.3 example 1: "VRFY Smith" -> "250 Fred Smith <Smith@USC-ISIF.ARPA>" */
static void
test_vrfy_user (void)
{
  assert_reply ("USC-ISIF.ARPA", FALSE, "Smith", "250 Fred Smith <Smith@USC-ISIF.ARPA>");
}

/* §3.3 examples 2 and 3: 251 forwarded, 551 moved */
static void
test_vrfy_forward_and_moved (void)
{
  assert_reply ("USC-ISI.ARPA", FALSE, "Smith", "251 User not local; will forward to <Smith@USC-ISIQ.ARPA>");
  assert_reply ("USC-ISI.ARPA", FALSE, "Jones", "551 User not local; please try <Jones@USC-ISIQ.ARPA>");
}

/* §3.3 examples 4 and 5: 550 no match, 553 ambiguous */
static void
test_vrfy_no_match_and_ambiguous (void)
{
  assert_reply ("Alpha.ARPA", FALSE, "Jones", "550 String does not match anything");
  assert_reply ("USC-ISIQ.ARPA", FALSE, "Gourzenkyinplatz", "553 User ambiguous");
}

/* VRFY of a list names it as such; EXPN of a user the other way round */
static void
test_list_versus_user (void)
{
  assert_reply ("USC-ISIF.ARPA", FALSE, "Example-People", "550 That is a mailing list, not a user name");
  assert_reply ("USC-ISIF.ARPA", TRUE, "Smith", "550 That is a user name, not a mailing list");
}

/* §3.3 example 6: one line per member, in the list's order */
static void
test_expn_members (void)
{
  char *reply = ask ("USC-ISIF.ARPA", TRUE, "Example-People");
  g_assert_true (g_str_has_prefix (reply, "250 Jon Postel <Postel@USC-ISIF.ARPA>\n"
                                          "Fred Fonebone <Fonebone@USC-ISIQ.ARPA>\n"));
  g_assert_true (g_str_has_suffix (reply, "\n<xyz@bar-unix.ARPA>"));
  g_free (reply);
}

/* §3.3 example 7: "550 Access Denied to You." for a private list */
static void
test_expn_private (void)
{
  assert_reply ("USC-ISIF.ARPA", TRUE, "Executive-Washroom-List", "550 5.7.1 Access Denied to You");
}

/* a host that will not tell: VRFY 252 (RFC 5321 §3.5.3), EXPN 502 */
static void
test_disabled (void)
{
  g_autoptr (GError) error = NULL;
  SmtpScenario *s = smtp_scenario_load_data ("[host mx.example]\nlisten=127.0.0.1:2525\n"
                                             "vrfy=false\nexpn=false\n"
                                             "[user u@mx.example]\nname=U\n", &error);
  g_assert_no_error (error);
  const SmtpHostConfig *h = smtp_scenario_host (s, "mx.example");
  char *text;
  g_assert_cmpuint (smtp_vrfy_reply (h, "u", &text), ==, 252);
  g_free (text);
  g_assert_cmpuint (smtp_expn_reply (h, "u", &text), ==, 502);
  g_assert_cmpstr (text, ==, "Command not implemented: EXPN is disabled here");
  g_free (text);
  smtp_scenario_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vrfy/250-user", test_vrfy_user);
  g_test_add_func ("/vrfy/251-forward-551-moved", test_vrfy_forward_and_moved);
  g_test_add_func ("/vrfy/550-no-match-553-ambiguous", test_vrfy_no_match_and_ambiguous);
  g_test_add_func ("/vrfy/550-list-or-user", test_list_versus_user);
  g_test_add_func ("/expn/250-members", test_expn_members);
  g_test_add_func ("/expn/550-private", test_expn_private);
  g_test_add_func ("/vrfy-expn/disabled", test_disabled);
  return rfc821_run ();
}
