/* test-trace.c - the JSON Lines trace (lib/trace.c): written one event per
 * line, read back with every common member. */
#include <string.h>
#include <glib/gstdio.h>
#include "message.h"
#include "trace.h"

static char *
temp_trace (void)
{
  char *dir = g_dir_make_tmp ("smtplab-trace-XXXXXX", NULL);
  char *path = g_build_filename (dir, "trace.jsonl", NULL);
  g_free (dir);
  return path;
}

static char **
read_lines (const char *path)
{
  char *text;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  char **lines = g_strsplit (text, "\n", -1);
  g_free (text);
  return lines;
}

static void
remove_trace (char *path)
{
  char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
  g_free (dir);
  g_free (path);
}

static void
test_write_and_read (void)
{
  char *path = temp_trace ();
  SmtpTrace *t = smtp_trace_open (path, "Beta.ARPA", NULL);
  g_assert_nonnull (t);
  char *session = smtp_trace_new_session_id ();
  smtp_trace_command (t, "server", session, "MAIL FROM:<Smith@Alpha.ARPA>", "MAIL");
  const char *lines[] = { "Beta.ARPA greets Alpha.ARPA", "PIPELINING", NULL };
  smtp_trace_reply (t, "server", session, 250, lines);
  smtp_trace_command (t, "server", session, "evil\r\nsecond line", NULL);
  smtp_trace_close (t);

  char **got = read_lines (path);
  g_assert_cmpuint (g_strv_length (got), ==, 4);           /* 3 lines + "" after the last \n */
  g_assert_cmpstr (got[3], ==, "");
  GRegex *rfc3339 = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$", 0, 0, NULL);
  for (guint i = 0; i < 3; i++) {
    GError *error = NULL;
    JsonObject *o = smtp_trace_parse_line (got[i], strlen (got[i]), &error);
    g_assert_no_error (error);
    g_assert_true (g_regex_match (rfc3339, json_object_get_string_member (o, "ts"), 0, NULL));
    g_assert_cmpstr (json_object_get_string_member (o, "host"), ==, "Beta.ARPA");
    g_assert_cmpstr (json_object_get_string_member (o, "role"), ==, "server");
    g_assert_cmpstr (json_object_get_string_member (o, "session"), ==, session);
    g_assert_cmpint (json_object_get_int_member (o, "v"), ==, SMTP_TRACE_VERSION);
    if (i == 1) {
      g_assert_cmpstr (json_object_get_string_member (o, "event"), ==, "reply");
      g_assert_cmpint (json_object_get_int_member (o, "code"), ==, 250);
      JsonArray *a = json_object_get_array_member (o, "lines");
      g_assert_cmpuint (json_array_get_length (a), ==, 2);
      g_assert_cmpstr (json_array_get_string_element (a, 1), ==, "PIPELINING");
    }
    if (i == 2) {
      g_assert_cmpstr (json_object_get_string_member (o, "line"), ==, "evil\r\nsecond line");
      g_assert_cmpstr (json_object_get_string_member (o, "verb"), ==, "EVIL");
    }
    json_object_unref (o);
  }
  g_regex_unref (rfc3339);
  g_strfreev (got);
  g_free (session);
  remove_trace (path);
}

static void
test_headers (void)
{
  char *path = temp_trace ();
  SmtpTrace *t = smtp_trace_open (path, "Beta.ARPA", NULL);
  const char *message = "Received: from a by b; date\r\nSubject: hi\r\n\r\nbody\r\n";
  gsize body;
  GPtrArray *headers = smtp_headers_parse (message, strlen (message), &body);
  SmtpTraceEvent *b = smtp_trace_begin (t, "server", "s1", "message");
  smtp_trace_add_headers (b, headers);
  smtp_trace_end (t, b);
  smtp_trace_close (t);
  g_ptr_array_unref (headers);
  char **got = read_lines (path);
  JsonObject *o = smtp_trace_parse_line (got[0], strlen (got[0]), NULL);
  JsonArray *h = json_object_get_array_member (o, "headers");
  g_assert_cmpuint (json_array_get_length (h), ==, 2);
  JsonArray *first = json_array_get_array_element (h, 0);
  g_assert_cmpstr (json_array_get_string_element (first, 0), ==, "Received");
  g_assert_cmpstr (json_array_get_string_element (first, 1), ==, "from a by b; date");
  json_object_unref (o);
  g_strfreev (got);
  remove_trace (path);
}

static void
test_null_trace_is_a_no_op (void)
{
  g_assert_null (smtp_trace_begin (NULL, "server", "s", "connect"));
  smtp_trace_end (NULL, NULL);
  smtp_trace_command (NULL, "server", "s", "NOOP", "NOOP");
}

static void
test_bad_lines (void)
{
  const char *bad[] = { "", "{\"ts\":\"x\"", "[1,2]", "{\"ts\":\"x\",\"host\":\"h\"}",
                        "{\"ts\":1,\"host\":\"h\",\"role\":\"server\",\"session\":\"s\",\"event\":\"e\"}" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
    GError *error = NULL;
    g_assert_null (smtp_trace_parse_line (bad[i], strlen (bad[i]), &error));
    g_assert_nonnull (error);
    g_error_free (error);
  }
}

static void
test_session_ids_unique (void)
{
  char *a = smtp_trace_new_session_id ();
  char *b = smtp_trace_new_session_id ();
  g_assert_cmpstr (a, !=, b);
  g_free (a);
  g_free (b);
}

/* What json-glib itself writes for the same event: the writer must give
 * the same bytes for every kind of string (plain ones are copied, the rest
 * go through json-glib's escaping). */
static char *
json_glib_line (const char *ts, const char *const *values, gsize n)
{
  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  const char *common[][2] = { { "ts", ts }, { "v", NULL }, { "host", "Beta.ARPA" },
                              { "role", "server" }, { "session", "s.1" }, { "event", "x" } };
  for (gsize i = 0; i < G_N_ELEMENTS (common); i++) {
    json_builder_set_member_name (b, common[i][0]);
    if (common[i][1])
      json_builder_add_string_value (b, common[i][1]);
    else
      json_builder_add_int_value (b, SMTP_TRACE_VERSION);
  }
  for (gsize i = 0; i < n; i++) {
    char *name = g_strdup_printf ("m%" G_GSIZE_FORMAT, i);
    char *valid = g_utf8_make_valid (values[i], -1);
    json_builder_set_member_name (b, name);
    json_builder_add_string_value (b, valid);
    g_free (valid);
    g_free (name);
  }
  json_builder_set_member_name (b, "n");
  json_builder_add_int_value (b, -42);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "all");
  json_builder_begin_array (b);
  for (gsize i = 0; i < n; i++) {
    char *valid = g_utf8_make_valid (values[i], -1);
    json_builder_add_string_value (b, valid);
    g_free (valid);
  }
  json_builder_end_array (b);
  json_builder_end_object (b);
  JsonNode *root = json_builder_get_root (b);
  char *text = json_to_string (root, FALSE);
  json_node_unref (root);
  g_object_unref (b);
  char *line = g_strconcat (text, "\n", NULL);
  g_free (text);
  return line;
}

static void
test_same_bytes_as_json_glib (void)
{
  const char *values[] = {
    "", "MAIL FROM:<Smith@Alpha.ARPA>", "say \"hi\"", "back\\slash", "tab\there",
    "evil\r\nsecond line", "\x01\x1f control", "del \x7f", "</script> & 'q'",
    "\xe4\xbd\xa0\xe5\xa5\xbd (UTF-8)", "bad \xff\xfe bytes", "a/b", "100% {json}",
    "\x1f", "\"\\\r\n\t\b\f", "\xe4\xbd\xa0 \"\xe5\xa5\xbd\"\r\n", "\xe4\xbd\xa0\x7f",
    "cut \xe4\xbd", "end\r\n.\r\n", "\xc0\x80 overlong",
  };
  GString *out = g_string_new (NULL);
  /* 2026-11-24T10:00:00.000100Z */
  SmtpTraceEvent *e = smtp_trace_event_begin (out, G_GINT64_CONSTANT (1795514400000100),
                                              "Beta.ARPA", "server", "s.1", "x");
  for (gsize i = 0; i < G_N_ELEMENTS (values); i++) {
    char *name = g_strdup_printf ("m%" G_GSIZE_FORMAT, i);
    smtp_trace_add_string (e, name, values[i]);
    g_free (name);
  }
  smtp_trace_add_int (e, "n", -42);
  smtp_trace_add_bool (e, "ok", TRUE);
  smtp_trace_add_strings (e, "all", values, G_N_ELEMENTS (values));
  smtp_trace_event_end (e);
  char *expected = json_glib_line ("2026-11-24T10:00:00.000100Z", values, G_N_ELEMENTS (values));
  g_assert_cmpstr (out->str, ==, expected);
  g_free (expected);
  g_string_free (out, TRUE);
}

/* Events wait in memory only until the program sends to a peer
 * (smtp_trace_flush_all) or its main loop is about to wait. */
static void
test_buffered_until_flush (void)
{
  char *path = temp_trace ();
  SmtpTrace *t = smtp_trace_open (path, "Beta.ARPA", NULL);
  smtp_trace_command (t, "server", "s.1", "NOOP", "NOOP");
  char *text;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "");
  g_free (text);
  smtp_trace_flush_all ();
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"verb\":\"NOOP\"}\n"));
  g_free (text);

  smtp_trace_command (t, "server", "s.1", "RSET", "RSET");
  g_main_context_iteration (NULL, FALSE);   /* the loop prepares to poll */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"verb\":\"RSET\"}\n"));
  g_free (text);

  smtp_trace_command (t, "server", "s.1", "QUIT", "QUIT");
  smtp_trace_close (t);                      /* and on close */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"verb\":\"QUIT\"}\n"));
  g_free (text);
  remove_trace (path);
}

/* An event begun while another is under way is its own line. */
static void
test_nested_events (void)
{
  char *path = temp_trace ();
  SmtpTrace *t = smtp_trace_open (path, "Beta.ARPA", NULL);
  SmtpTraceEvent *outer = smtp_trace_begin (t, "server", "s.1", "outer");
  SmtpTraceEvent *inner = smtp_trace_begin (t, "server", "s.1", "inner");
  smtp_trace_add_string (inner, "who", "inner");
  smtp_trace_add_string (outer, "who", "outer");
  smtp_trace_end (t, inner);
  smtp_trace_end (t, outer);
  smtp_trace_close (t);
  char **got = read_lines (path);
  g_assert_cmpuint (g_strv_length (got), ==, 3);
  for (guint i = 0; i < 2; i++) {
    JsonObject *o = smtp_trace_parse_line (got[i], strlen (got[i]), NULL);
    g_assert_nonnull (o);
    g_assert_cmpstr (json_object_get_string_member (o, "event"), ==,
                     json_object_get_string_member (o, "who"));
    json_object_unref (o);
  }
  g_strfreev (got);
  remove_trace (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace/write-and-read", test_write_and_read);
  g_test_add_func ("/trace/headers", test_headers);
  g_test_add_func ("/trace/null-is-no-op", test_null_trace_is_a_no_op);
  g_test_add_func ("/trace/bad-lines", test_bad_lines);
  g_test_add_func ("/trace/session-ids", test_session_ids_unique);
  g_test_add_func ("/trace/same-bytes-as-json-glib", test_same_bytes_as_json_glib);
  g_test_add_func ("/trace/buffered-until-flush", test_buffered_until_flush);
  g_test_add_func ("/trace/nested-events", test_nested_events);
  return g_test_run ();
}
