/* fuzz-trace.c - libFuzzer harness for the trace (docs/trace-format.md):
 * the reader (smtp_trace_parse_line) that the viewer and the tests use, and
 * the writer every program uses, read back by the reader.
 *
 * Invariants: a line is either an event with the common members as strings
 * or an error, never both or neither; and whatever a client sends as a
 * command (any bytes), the writer makes exactly one line of it, which the
 * reader reads back with the command as valid UTF-8.
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

/* LLVMFuzzerTestOneInput - one input, read and written */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_reader (data, size);
  check_writer (data, size);
  return 0;
}
