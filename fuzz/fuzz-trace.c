/* fuzz-trace.c - libFuzzer harness for the trace (docs/trace-format.md):
 * the reader (smtp_trace_parse_line) that the viewer and the tests use, and
 * the writer every program uses, read back by the reader.
 *
 * Invariants: a line is either an event with the common members as strings
 * or an error, never both or neither; and whatever a client sends as a
 * command (any bytes), the writer makes exactly one line of it, which the
 * reader reads back with the command as valid UTF-8, in the very bytes
 * json-glib would have written.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "fuzz.h"
#include "trace.h"

static char *trace_path;
static SmtpTrace *trace;

/* remove_trace - the trace file goes when the fuzzer stops */
static void
remove_trace (void)
{
  g_unlink (trace_path);
}

/* LLVMFuzzerInitialize - one trace file for all inputs, emptied for each */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  int fd = g_file_open_tmp ("smtplab-fuzz-trace-XXXXXX", &trace_path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  trace = smtp_trace_open (trace_path, "Beta.ARPA", NULL);
  g_assert_nonnull (trace);
  atexit (remove_trace);
  return 0;
}

/* check_reader - the input as one line of a trace */
static void
check_reader (const uint8_t *data, size_t size)
{
  static const char *common[] = { "ts", "host", "role", "session", "event" };
  GError *error = NULL;
  JsonObject *event = smtp_trace_parse_line ((const char *) data, size, &error);
  g_assert_true ((event == NULL) != (error == NULL));
  g_clear_error (&error);
  if (!event)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    g_assert_nonnull (json_object_get_string_member (event, common[i]));
  json_object_unref (event);
}

/* check_writer - the input as a command line: written, then read back */
static void
check_writer (const uint8_t *data, size_t size)
{
  char *line = g_strndup ((const char *) data, size);   /* as far as a NUL */
  g_assert_cmpint (truncate (trace_path, 0), ==, 0);
  smtp_trace_command (trace, "server", "1.1.1", line, NULL);
  smtp_trace_flush_all ();                  /* events wait for the main loop */

  char *text;
  gsize len;
  g_assert_true (g_file_get_contents (trace_path, &text, &len, NULL));
  g_assert_cmpuint (len, >, 0);
  g_assert_true (memchr (text, '\n', len) == text + len - 1);   /* one line */
  GError *error = NULL;
  JsonObject *event = smtp_trace_parse_line (text, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (event, "event"), ==, "command");
  char *valid = g_utf8_make_valid (line, -1);
  g_assert_cmpstr (json_object_get_string_member (event, "line"), ==, valid);
  g_free (valid);
  json_object_unref (event);
  g_free (text);
  g_free (line);
}

/* check_same_as_json_glib - the writer copies plain strings itself: its
 * line must be byte for byte what json-glib writes for the same object */
static void
check_same_as_json_glib (const uint8_t *data, size_t size)
{
  char *value = g_strndup ((const char *) data, size);
  GString *out = g_string_new (NULL);
  SmtpTraceEvent *e = smtp_trace_event_begin (out, 0, "Beta.ARPA", "server", "1.1.1", "x");
  smtp_trace_add_string (e, "line", value);
  smtp_trace_event_end (e);

  JsonBuilder *b = json_builder_new ();
  json_builder_begin_object (b);
  const char *members[][2] = { { "ts", "1970-01-01T00:00:00.000000Z" }, { "v", NULL },
                               { "host", "Beta.ARPA" }, { "role", "server" },
                               { "session", "1.1.1" }, { "event", "x" } };
  for (gsize i = 0; i < G_N_ELEMENTS (members); i++) {
    json_builder_set_member_name (b, members[i][0]);
    if (members[i][1])
      json_builder_add_string_value (b, members[i][1]);
    else
      json_builder_add_int_value (b, SMTP_TRACE_VERSION);
  }
  char *valid = g_utf8_make_valid (value, -1);
  json_builder_set_member_name (b, "line");
  json_builder_add_string_value (b, valid);
  json_builder_end_object (b);
  JsonNode *root = json_builder_get_root (b);
  char *expected = json_to_string (root, FALSE);
  g_assert_cmpuint (out->len, ==, strlen (expected) + 1);
  g_assert_true (memcmp (out->str, expected, out->len - 1) == 0);
  g_free (expected);
  json_node_unref (root);
  g_object_unref (b);
  g_free (valid);
  g_string_free (out, TRUE);
  g_free (value);
}

/* LLVMFuzzerTestOneInput - one input, read and written */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_reader (data, size);
  check_writer (data, size);
  check_same_as_json_glib (data, size);
  return 0;
}
