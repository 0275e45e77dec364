/* test-trace-set.c - traces read into sessions (viewer/model/trace-set.c,
 * session.c, scan.c): the list's columns, live following, bad input. */
#include <string.h>
#include "fixtures.h"
#include "scan.h"
#include "trace-set.h"
#include "verbs.h"

static SmtplabTraceSet *
open_text (const char *text, char **path)
{
  *path = fixture_write ("trace.jsonl", text);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  GError *error = NULL;
  g_assert_true (smtplab_trace_set_add_path (set, *path, &error));
  g_assert_no_error (error);
  return set;
}

static SmtplabSession *
nth_session (SmtplabTraceSet *set, guint n)
{
  SmtplabSession *s = g_list_model_get_item (smtplab_trace_set_get_sessions (set), n);
  g_object_unref (s);
  return s;
}

/* the list shows host, peer (the HELO name), start, messages and outcome */
static void
test_session_columns (void)
{
  char *path;
  SmtplabTraceSet *set = open_text (RFC821_SMITH, &path);
  g_assert_cmpuint (g_list_model_get_n_items (smtplab_trace_set_get_sessions (set)), ==, 1);
  SmtplabSession *s = nth_session (set, 0);
  g_assert_cmpstr (smtplab_session_get_host (s), ==, "Beta.ARPA");
  g_assert_cmpstr (smtplab_session_get_peer (s), ==, "Alpha.ARPA");
  g_assert_cmpstr (smtplab_session_get_peer_address (s), ==, "127.0.0.10");
  char *start = smtplab_session_format_start (s);
  g_assert_cmpstr (start, ==, "10:00:00");
  g_free (start);
  g_assert_cmpuint (smtplab_session_get_n_messages (s), ==, 1);
  /* one message accepted, Green refused (550): partly */
  g_assert_cmpint (smtplab_session_get_outcome (s), ==, SMTPLAB_OUTCOME_PARTIAL);
  g_assert_cmpuint (smtplab_trace_set_get_n_events (set), ==, 21);
  g_assert_cmpuint (smtplab_trace_set_get_messages (set)->len, ==, 1);
  g_assert_null (smtplab_trace_set_describe_problems (set));
  g_object_unref (set);
  fixture_remove (path);
}

/* a host appends while the class watches: poll reads the new lines, and
 * a half-written last line waits until it is whole */
static void
test_follow_live (void)
{
  static const char *const first = EV ("00.000100", "server", "s1", "\"event\":\"connect\",\"peer\":\"127.0.0.10\",\"local\":\"127.0.0.11\"");
  char *path;
  SmtplabTraceSet *set = open_text (first, &path);
  SmtplabSession *s = nth_session (set, 0);
  g_assert_cmpint (smtplab_session_get_outcome (s), ==, SMTPLAB_OUTCOME_OPEN);
  FILE *f = fopen (path, "a");
  fputs (EV ("00.000200", "server", "s1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"Beta.ARPA ready\"]"), f);
  fputs ("{\"ts\":\"2026-11-24T10:00:01.000000Z\",\"v\":1,\"host\":\"Beta.A", f);
  fclose (f);
  g_assert_cmpuint (smtplab_trace_set_poll (set), ==, 1);
  char *problems = smtplab_trace_set_describe_problems (set);
  g_assert_nonnull (strstr (problems, "incomplete line"));
  g_free (problems);
  f = fopen (path, "a");
  fputs ("RPA\",\"role\":\"server\",\"session\":\"s1\",\"event\":\"close\",\"reason\":\"peer closed\"}\n", f);
  fclose (f);
  g_assert_cmpuint (smtplab_trace_set_poll (set), ==, 1);
  g_assert_cmpint (smtplab_session_get_outcome (s), ==, SMTPLAB_OUTCOME_NO_MAIL);
  g_assert_cmpuint (smtplab_trace_set_poll (set), ==, 0);
  g_assert_null (smtplab_trace_set_describe_problems (set));
  g_object_unref (set);
  fixture_remove (path);
}

/* malformed lines, unknown events and a newer version: the rest is shown,
 * the skipped lines are counted and named */
static void
test_bad_lines (void)
{
  char *path;
  SmtplabTraceSet *set = open_text (
    "not json at all\n"
    "{\"ts\":\"x\",\"host\":\"h\"}\n"
    "[1,2,3]\n"
    "\n"
    EV ("00.000100", "server", "s1", "\"event\":\"connect\",\"peer\":\"a\",\"local\":\"b\"")
    "{\"ts\":\"2026-11-24T10:00:00.5Z\",\"v\":9,\"host\":\"Beta.ARPA\",\"role\":\"server\",\"session\":\"s1\","
    "\"event\":\"teleport\",\"to\":\"Mars\"}\n"
    "{\"ts\":\"2026-11-24T10:00:00.6Z\",\"v\":1,\"host\":\"Beta.ARPA\",\"role\":\"server\",\"session\":\"s1\","
    "\"event\":\"reply\",\"code\":220,\"lines\":[\"a\"],\"extra\":{\"deep\":[1,{\"x\":null}]}}\n"
    "{\"unterminated\":\"\n", &path);
  g_assert_cmpuint (smtplab_trace_set_get_n_events (set), ==, 3);
  g_assert_cmpuint (smtplab_trace_set_get_n_skipped (set), ==, 4);
  GPtrArray *skips = smtplab_trace_set_get_skipped (set);
  SmtplabSkip *first = g_ptr_array_index (skips, 0);
  g_assert_cmpuint (first->line, ==, 1);
  char *problems = smtplab_trace_set_describe_problems (set);
  g_assert_nonnull (strstr (problems, "4 lines skipped"));
  g_assert_nonnull (strstr (problems, "unknown"));
  g_assert_nonnull (strstr (problems, "newer version"));
  g_free (problems);
  g_object_unref (set);
  fixture_remove (path);
}

/* an empty file opens with nothing to show; a missing one is an error */
static void
test_empty_and_missing (void)
{
  char *path;
  SmtplabTraceSet *set = open_text ("", &path);
  g_assert_cmpuint (g_list_model_get_n_items (smtplab_trace_set_get_sessions (set)), ==, 0);
  GError *error = NULL;
  g_assert_false (smtplab_trace_set_add_path (set, "/nonexistent/trace.jsonl", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_error_free (error);
  g_object_unref (set);
  fixture_remove (path);
}

/* a state directory opens every DIR/HOST/trace.jsonl */
static void
test_state_directory (void)
{
  /* a state directory of its own: STATE/Beta.ARPA/trace.jsonl */
  char *state = g_dir_make_tmp ("smtplab-state-XXXXXX", NULL);
  char *host_dir = g_build_filename (state, "Beta.ARPA", NULL);
  char *path = g_build_filename (host_dir, "trace.jsonl", NULL);
  g_assert_cmpint (g_mkdir (host_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, RFC821_SMITH, -1, NULL));
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, state, NULL));
  g_assert_cmpuint (smtplab_trace_set_get_n_sources (set), ==, 1);
  g_assert_nonnull (smtplab_trace_set_find_session (set, "s1"));
  g_object_unref (set);
  g_unlink (path);
  g_rmdir (host_dir);
  g_rmdir (state);
  g_free (path);
  g_free (host_dir);
  g_free (state);
}

/* a trace read in steps (as the window reads a huge one) ends up whole */
static void
test_read_in_steps (void)
{
  char *path = fixture_write ("trace.jsonl", RFC821_SMITH);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  smtplab_trace_set_set_step (set, 1);
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  double fraction;
  g_assert_true (smtplab_trace_set_reading (set, &fraction));
  guint polls = 0;
  while (smtplab_trace_set_reading (set, NULL) && polls++ < 100)
    smtplab_trace_set_poll (set);
  g_assert_false (smtplab_trace_set_reading (set, &fraction));
  g_assert_cmpfloat (fraction, ==, 1.0);
  g_assert_cmpuint (smtplab_trace_set_get_n_events (set), ==, 21);
  g_assert_cmpint (smtplab_session_get_outcome (smtplab_trace_set_find_session (set, "s1")), ==,
                   SMTPLAB_OUTCOME_PARTIAL);
  g_object_unref (set);
  fixture_remove (path);
}

/* the scanner: escapes decoded, structure checked to the last brace */
static void
test_scan (void)
{
  SmtplabScan scan;
  const char *line = "{\"ts\":\"t\",\"host\":\"h\\u00e9\\\"\",\"role\":\"client\",\"session\":\"s\","
                     "\"event\":\"reply\",\"code\":250,\"lines\":[\"a\",\"b\"]}";
  g_assert_true (smtplab_scan_line (line, strlen (line), &scan));
  char *host = smtplab_slice_dup (scan.host);
  g_assert_cmpstr (host, ==, "hé\"");
  g_free (host);
  g_assert_cmpint (scan.code, ==, 250);
  g_assert_cmpint (scan.n_lines, ==, 2);
  g_assert_true (smtplab_slice_is (scan.first_line, "a"));
  g_assert_false (smtplab_scan_line (line, strlen (line) - 1, &scan));
  SmtplabSlice ts = { "1970-01-02T00:00:01.000002Z", 27 };
  g_assert_cmpint (smtplab_parse_ts (ts), ==, G_GINT64_CONSTANT (86401000002));
}

/* a trace with state events: they are a known kind (nothing skipped),
 * the session says it has them, the peer is the EHLO domain (split by the
 * grammar, in any case of the verb) and the one message was delivered */
static void
test_state_events (void)
{
  char *path;
  SmtplabTraceSet *set = open_text (ESMTP_TRACED, &path);
  SmtplabSession *s = nth_session (set, 0);
  g_assert_true (smtplab_session_has_state_events (s));
  g_assert_cmpstr (smtplab_session_get_peer (s), ==, "client.lab.example");
  g_assert_cmpuint (smtplab_session_get_n_messages (s), ==, 1);
  g_assert_cmpint (smtplab_session_get_outcome (s), ==, SMTPLAB_OUTCOME_DELIVERED);
  g_assert_null (smtplab_trace_set_describe_problems (set));
  const SmtplabEvent *e = smtplab_trace_set_get_event (set, 8);
  g_assert_cmpint (e->kind, ==, SMTPLAB_EVENT_STATE);
  g_assert_cmpint (e->to, ==, SMTP_STATE_GREETED);
  g_assert_cmpstr (smtplab_trace_set_get_verb (set, e), ==, "STARTTLS");
  g_object_unref (set);
  fixture_remove (path);
}

/* RFC 821 §3.1, §4.2.1: a refusal counts only in a mail transaction (its
 * verb's row leads into one), whatever the replies pipelined after it */
static void
test_outcome_from_verb_table (void)
{
  char *path;
  SmtplabTraceSet *set = open_text (
    EV ("00.1", "server", "o1", "\"event\":\"command\",\"line\":\"HELO Alpha.ARPA\",\"verb\":\"HELO\"")
    EV ("00.2", "server", "o1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"Beta.ARPA\"]")
    EV ("00.3", "server", "o1", "\"event\":\"command\",\"line\":\"VRFY Green\",\"verb\":\"VRFY\"")
    EV ("00.4", "server", "o1", "\"event\":\"reply\",\"code\":550,\"lines\":[\"String does not match anything.\"]")
    EV ("00.4", "server", "o1", "\"event\":\"close\",\"reason\":\"closed\"")
    EV ("00.5", "server", "o2", "\"event\":\"command\",\"line\":\"SOML FROM:<Smith@Alpha.ARPA>\",\"verb\":\"SOML\"")
    EV ("00.6", "server", "o2", "\"event\":\"reply\",\"code\":451,\"lines\":[\"Try later\"]")
    EV ("00.7", "server", "o2", "\"event\":\"close\",\"reason\":\"closed\""), &path);
  g_assert_cmpint (smtplab_session_get_outcome (nth_session (set, 0)), ==, SMTPLAB_OUTCOME_NO_MAIL);
  SmtplabSession *o2 = nth_session (set, 1);
  g_assert_cmpint (smtplab_session_get_outcome (o2), ==, SMTPLAB_OUTCOME_DEFERRED);
  g_assert_cmpstr (smtplab_session_get_peer (nth_session (set, 0)), ==, "Alpha.ARPA");
  g_object_unref (set);
  fixture_remove (path);
}

/* The line scan_with() scanned last: its slices point into it. */
static char *scanned_line;

/* scan_with - scans the common members followed by more, as one line */
static gboolean
scan_with (const char *more, SmtplabScan *scan)
{
  g_free (scanned_line);
  scanned_line = g_strdup_printf ("{\"ts\":\"t\",\"role\":\"client\",\"session\":\"s\","
                                  "\"event\":\"reply\",%s}", more);
  return smtplab_scan_line (scanned_line, strlen (scanned_line), scan);
}

/* the scanner says what json-glib says (fuzz/fuzz-scan.c found these):
 * strings as JSON allows them, numbers by RFC 8259 §6, a repeated member
 * replaces the first, a name may be escaped */
static void
test_scan_as_json_glib (void)
{
  static const char *rejected[] = {
    "\"host\":\"a\xff" "b\"",            /* not UTF-8 */
    "\"host\":\"a\\qb\"",            /* no such escape */
    "\"host\":\"a\\u12\"",           /* a short \u escape */
    "\"host\":\"a\\ud800x\"",        /* half a surrogate pair */
    "\"host\":\"h\",\"n\":1-2",      /* numbers */
    "\"host\":\"h\",\"n\":1e",
    "\"host\":\"h\",\"n\":-",
    "\"host\":\"h\",\"n\":.5",       /* json-glib takes these; RFC 8259 §6 does not */
    "\"host\":\"h\",\"n\":01",
    "\"host\":\"h\",\"n\":1.",
    "\"host\":\"h\",\"host\":1",     /* the last host is no string */
  };
  SmtplabScan scan;
  for (gsize i = 0; i < G_N_ELEMENTS (rejected); i++)
    g_assert_false (scan_with (rejected[i], &scan));
  static const char nul[] = "{\"ts\":\"t\0\",\"host\":\"h\",\"role\":\"r\",\"session\":\"s\",\"event\":\"e\"}";
  g_assert_false (smtplab_scan_line (nul, sizeof nul - 1, &scan));   /* a NUL in a string */
  g_assert_true (scan_with ("\"host\":\"a\x01" "b\"", &scan));     /* other control characters pass */
  static const char bom[] = "\xEF\xBB\xBF{\"ts\":\"t\",\"host\":\"h\",\"role\":\"r\",\"session\":\"s\",\"event\":\"e\"}";
  g_assert_true (smtplab_scan_line (bom, sizeof bom - 1, &scan));     /* json-glib skips a BOM */

  g_assert_true (scan_with ("\"host\":\"\\ud83d\\ude00\"", &scan));
  char *host = smtplab_slice_dup (scan.host);
  g_assert_cmpstr (host, ==, "\xF0\x9F\x98\x80");           /* RFC 8259 §7: one character */
  g_free (host);
  g_assert_true (scan_with ("\"h\\u006fst\":\"Beta.ARPA\"", &scan));
  g_assert_true (smtplab_slice_is (scan.host, "Beta.ARPA"));
  g_assert_true (scan_with ("\"host\":\"h\",\"code\":2.5e2,\"v\":99999999999999999999", &scan));
  g_assert_cmpint (scan.code, ==, -1);                /* not an integer */
  g_assert_cmpint (scan.v, ==, -1);                   /* as json-glib: G_MAXUINT64 as a gint64 */
  g_assert_true (scan_with ("\"host\":\"h\",\"code\":250,\"code\":\"x\",\"verb\":\"A\",\"verb\":[]", &scan));
  g_assert_cmpint (scan.code, ==, -1);
  g_assert_null (scan.verb.text);
  g_assert_true (scan_with ("\"host\":\"h\",\"v\":-9223372036854775808,\"lines\":[\"a\"],\"lines\":0", &scan));
  g_assert_cmpint (scan.v, ==, G_MININT64);
  g_assert_cmpint (scan.n_lines, ==, -1);
  g_assert_null (scan.first_line.text);
  g_clear_pointer (&scanned_line, g_free);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/trace-set/session-columns", test_session_columns);
  g_test_add_func ("/viewer/trace-set/follow-live", test_follow_live);
  g_test_add_func ("/viewer/trace-set/bad-lines", test_bad_lines);
  g_test_add_func ("/viewer/trace-set/empty-and-missing", test_empty_and_missing);
  g_test_add_func ("/viewer/trace-set/state-directory", test_state_directory);
  g_test_add_func ("/viewer/trace-set/scan", test_scan);
  g_test_add_func ("/viewer/trace-set/scan-as-json-glib", test_scan_as_json_glib);
  g_test_add_func ("/viewer/trace-set/read-in-steps", test_read_in_steps);
  g_test_add_func ("/viewer/trace-set/state-events", test_state_events);
  g_test_add_func ("/viewer/trace-set/outcome-from-verb-table", test_outcome_from_verb_table);
  return g_test_run ();
}
