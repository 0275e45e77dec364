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
  JsonBuilder *b = smtp_trace_begin (t, "server", "s1", "message");
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/trace/write-and-read", test_write_and_read);
  g_test_add_func ("/trace/headers", test_headers);
  g_test_add_func ("/trace/null-is-no-op", test_null_trace_is_a_no_op);
  g_test_add_func ("/trace/bad-lines", test_bad_lines);
  g_test_add_func ("/trace/session-ids", test_session_ids_unique);
  return g_test_run ();
}
