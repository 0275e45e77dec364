/* test-route.c - where a forward-path goes from a host (lib/route.c,
 * RFC 821 §3.6), on the hosts of labs/scenarios/rfc821.ini. */
#include "route.h"
#include "rfc821-fixture.h"

/* next - the path as host passes it on, written out */
static char *
next (const char *host, const char *path, gboolean *here)
{
  const SmtpHostConfig *h = smtp_scenario_host (rfc821, host);
  g_autoptr (SmtpPath) p = smtp_path_parse (path, FALSE, NULL);
  g_assert_nonnull (h);
  g_assert_nonnull (p);
  g_autoptr (SmtpPath) n = smtp_route_next_hop (h, p);
  *here = smtp_route_ends_here (h, n);
  return smtp_path_to_string (n);
}

/* §3.6: "<@ONE,@TWO:JOE@THREE>" at ONE goes on as "<@TWO:JOE@THREE>" */
static void
test_first_hop_taken_off (void)
{
  gboolean here;
  g_autofree char *at_one = next ("ONE", "<@ONE,@TWO:JOE@THREE>", &here);
  g_assert_cmpstr (at_one, ==, "<@TWO:JOE@THREE>");
  g_assert_false (here);
  g_autofree char *at_two = next ("TWO", "<@TWO:JOE@THREE>", &here);
  g_assert_cmpstr (at_two, ==, "<JOE@THREE>");
  g_assert_false (here);
  g_autofree char *at_three = next ("THREE", "<JOE@THREE>", &here);
  g_assert_cmpstr (at_three, ==, "<JOE@THREE>");
  g_assert_true (here);
}

/* a route that names the host twice in a row loses both; a hop that is
 * another host further on stays */
static void
test_only_the_front (void)
{
  gboolean here;
  g_autofree char *twice = next ("ONE", "<@one,@ONE,@TWO,@ONE:JOE@THREE>", &here);
  g_assert_cmpstr (twice, ==, "<@TWO,@ONE:JOE@THREE>");
  g_autofree char *other = next ("TWO", "<@ONE,@TWO:JOE@THREE>", &here);
  g_assert_cmpstr (other, ==, "<@ONE,@TWO:JOE@THREE>");
  g_assert_false (here);
}

/* a route ending at this host for a mailbox it serves is delivered here */
static void
test_route_to_a_local_mailbox (void)
{
  gboolean here;
  g_autofree char *path = next ("THREE", "<@THREE:JOE@THREE>", &here);
  g_assert_cmpstr (path, ==, "<JOE@THREE>");
  g_assert_true (here);
}

/* a host is its own name and every domain it serves (domains=) */
static void
test_is_this_host (void)
{
  g_autoptr (GError) error = NULL;
  SmtpScenario *s = smtp_scenario_load_data ("[host mx.example]\nlisten=127.0.0.1:2525\n"
                                             "domains=example.org\n", &error);
  g_assert_no_error (error);
  const SmtpHostConfig *h = smtp_scenario_host (s, "mx.example");
  g_assert_true (smtp_route_is_this_host (h, "MX.example"));
  g_assert_true (smtp_route_is_this_host (h, "example.org"));
  g_assert_false (smtp_route_is_this_host (h, "example.net"));
  g_autoptr (SmtpPath) p = smtp_path_parse ("<@example.org,@mx.example:u@example.org>", FALSE, NULL);
  g_autoptr (SmtpPath) n = smtp_route_next_hop (h, p);
  g_assert_cmpuint (n->route->len, ==, 0);
  g_assert_true (smtp_route_ends_here (h, n));
  smtp_scenario_free (s);
}

/* reverse - the reverse-path as host sends it on, written out */
static char *
reverse (const char *host, const char *path)
{
  g_autoptr (SmtpPath) p = smtp_path_parse (path, TRUE, NULL);
  g_assert_nonnull (p);
  return smtp_route_reverse_path (smtp_scenario_host (rfc821, host), p);
}

/* §3.6: each relay puts its own name first on the reverse-path; "<>"
 * (a notice's) stays null */
static void
test_reverse_path_grows (void)
{
  g_autofree char *at_one = reverse ("ONE", "<Smith@Alpha.ARPA>");
  g_assert_cmpstr (at_one, ==, "<@ONE:Smith@Alpha.ARPA>");
  g_autofree char *at_two = reverse ("TWO", "<@ONE:Smith@Alpha.ARPA>");
  g_assert_cmpstr (at_two, ==, "<@TWO,@ONE:Smith@Alpha.ARPA>");
  g_autofree char *null = reverse ("TWO", "<>");
  g_assert_cmpstr (null, ==, "<>");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/route/first-hop-taken-off", test_first_hop_taken_off);
  g_test_add_func ("/route/only-the-front", test_only_the_front);
  g_test_add_func ("/route/to-a-local-mailbox", test_route_to_a_local_mailbox);
  g_test_add_func ("/route/is-this-host", test_is_this_host);
  g_test_add_func ("/route/reverse-path-grows", test_reverse_path_grows);
  return rfc821_run ();
}
