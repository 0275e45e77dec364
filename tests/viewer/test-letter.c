/* test-letter.c - a source-routed letter followed across ONE, TWO and
 * THREE (real traces of `make demo`, tests/viewer/data/relay): its hops,
 * the lines each hop added, Return-Path at final delivery, the network
 * path, and Received: clauses labelled (viewer/model/letter.c, network.c). */
#include <string.h>
#include "network.h"

#define RELAY "tests/viewer/data/relay"
#define THREE_SESSION "1795656367.7359.1"
#define ONE_RELAY_SESSION "1795656367.7355.2"

static SmtplabTraceSet *
open_relay (void)
{
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, RELAY, NULL));
  return set;
}

static SmtplabHop *
hop (SmtplabLetter *letter, guint i)
{
  return g_ptr_array_index (letter->hops, i);
}

static guint
n_added (SmtplabHop *h)
{
  guint n = 0;
  for (guint i = 0; i < h->lines->len; i++)
    n += ((SmtplabHeaderLine *) g_ptr_array_index (h->lines, i))->added;
  return n;
}

/* from the final host's session: three hops, one Received: added at each */
static void
test_hops_and_added_lines (void)
{
  SmtplabTraceSet *set = open_relay ();
  SmtplabLetter *letter = smtplab_letter_for_session (set, smtplab_trace_set_find_session (set, THREE_SESSION));
  g_assert_nonnull (letter);
  g_assert_cmpuint (letter->hops->len, ==, 3);
  g_assert_cmpstr (letter->origin, ==, "Alpha.ARPA");
  g_assert_cmpstr (hop (letter, 0)->host, ==, "ONE");
  g_assert_cmpstr (hop (letter, 1)->host, ==, "TWO");
  g_assert_cmpstr (hop (letter, 2)->host, ==, "THREE");
  for (guint i = 0; i < 3; i++) {
    g_assert_cmpuint (n_added (hop (letter, i)), ==, 1);
    SmtplabHeaderLine *top = g_ptr_array_index (hop (letter, i)->lines, 0);
    g_assert_cmpstr (top->name, ==, "Received");
    g_assert_true (top->added);
  }
  g_assert_cmpuint (hop (letter, 2)->lines->len, ==, 6);
  g_assert_null (hop (letter, 0)->return_path);
  g_assert_cmpstr (hop (letter, 2)->return_path, ==, "<@TWO,@ONE:Smith@Alpha.ARPA>");
  g_assert_nonnull (hop (letter, 0)->relay);
  g_assert_cmpstr (smtplab_session_get_id (hop (letter, 0)->relay), ==, ONE_RELAY_SESSION);
  g_assert_null (hop (letter, 2)->relay);
  smtplab_letter_free (letter);
  g_object_unref (set);
}

/* from the sending side (ONE's client session) the same letter is found */
static void
test_found_from_relay_session (void)
{
  SmtplabTraceSet *set = open_relay ();
  SmtplabSession *relay = NULL;
  for (guint i = 0; i < smtplab_trace_set_get_n_all_sessions (set); i++)
    if (g_str_equal (smtplab_session_get_id (smtplab_trace_set_get_session (set, i)), ONE_RELAY_SESSION))
      relay = smtplab_trace_set_get_session (set, i);
  SmtplabLetter *letter = smtplab_letter_for_session (set, relay);
  g_assert_nonnull (letter);
  g_assert_cmpuint (letter->hops->len, ==, 3);
  smtplab_letter_free (letter);
  g_object_unref (set);
}

/* the network view: Alpha.ARPA → ONE → TWO → THREE, every hop's commands
 * and replies in the order they happened */
static void
test_network_path (void)
{
  SmtplabTraceSet *set = open_relay ();
  SmtplabLetter *letter = smtplab_letter_for_session (set, smtplab_trace_set_find_session (set, THREE_SESSION));
  SmtplabNetwork *network = smtplab_network_new (set, letter);
  g_assert_cmpuint (network->path->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (network->path, 0), ==, "Alpha.ARPA");
  g_assert_cmpstr (g_ptr_array_index (network->path, 3), ==, "THREE");
  guint arrows = 0;
  for (guint h = 0; h < network->ladders->len; h++)
    arrows += smtplab_ladder_count_arrows (g_ptr_array_index (network->ladders, h));
  g_assert_cmpuint (network->rows->len, ==, arrows + 3);      /* and one data block per hop */
  gint64 last = 0;
  for (guint i = 0; i < network->rows->len; i++) {
    SmtplabLadder *l;
    const SmtplabLadderRow *r = smtplab_network_get_row (network, i, &l);
    gint64 ts = smtplab_trace_set_get_event (set, r->event)->ts;
    g_assert_cmpint (ts, >=, last);
    last = ts;
  }
  smtplab_network_free (network);
  g_object_unref (set);
}

/* a session that carried no message has no letter */
static void
test_no_letter (void)
{
  SmtplabTraceSet *set = open_relay ();
  SmtplabSession *vrfy = NULL;
  for (guint i = 0; i < smtplab_trace_set_get_n_all_sessions (set); i++)
    if (g_str_equal (smtplab_session_get_host (smtplab_trace_set_get_session (set, i)), "USC-ISIF.ARPA"))
      vrfy = smtplab_trace_set_get_session (set, i);
  g_assert_nonnull (vrfy);
  g_assert_null (smtplab_letter_for_session (set, vrfy));
  g_object_unref (set);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/letter/hops-and-added-lines", test_hops_and_added_lines);
  g_test_add_func ("/viewer/letter/found-from-relay-session", test_found_from_relay_session);
  g_test_add_func ("/viewer/letter/network-path", test_network_path);
  g_test_add_func ("/viewer/letter/no-letter", test_no_letter);
  return g_test_run ();
}
