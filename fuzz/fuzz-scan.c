/* fuzz-scan.c - differential libFuzzer harness for the viewer's trace
 * scanner (viewer/model/scan.c) against json-glib (smtp_trace_parse_line,
 * the reader the rest of the kit uses).
 *
 * The scanner is hand-written for speed: it must say what json-glib says.
 * Both read the same line (as the viewer does, without its line end), and
 *   - accept or reject it alike (one JSON object with string members ts,
 *     host, role, session and event);
 *   - for a line they accept, the scanner's members are json-glib's: each
 *     string member it notes (ts host role session event verb line peer
 *     local) decoded, or absent when json-glib has no string there; "v" and
 *     "code" when they are JSON integers, else -1; the length of a "lines"
 *     array and its first element when that is a string.
 * Two rules are the scanner's own, where json-glib is more lenient than
 * RFC 8259 and no trace writer goes: nesting deeper than SCAN_MAX_DEPTH is
 * not a trace event, so such lines are only checked to be rejected; and a
 * line with an escape JSON does not have ("\q", "\uZZZZ", a lone UTF-16
 * surrogate "\ud800", which json-glib turns into "q", "ZZZZ" and invalid
 * UTF-8), a number JSON does not have ("05", "0x1", "1.", ".5"), a string
 * in single quotes or a comment, is only checked to be rejected by the
 * scanner.
 */
#include <string.h>

#include "fuzz.h"
#include "scan.h"
#include "trace.h"

/* Containers nest no deeper than this in a line the scanner accepts
 * (SCAN_MAX_DEPTH of scan.c, plus the event object itself). */
#define MAX_NESTING 33

/* without - text with every match of pattern taken out (*regex keeps it
 * compiled for the next input) */
static char *
without (GRegex **regex, const char *pattern, const char *text, gssize size)
{
  if (!*regex)
    *regex = g_regex_new (pattern, G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, NULL);
  return g_regex_replace_literal (*regex, text, size, 0, "", 0, NULL);
}

/* beyond_rfc - line uses what json-glib accepts and RFC 8259 has not: an
 * escape other than §7's (surrogates only in pairs), or a number other
 * than §6's (a leading zero, "0x1", "$1", "1.", ".5"), a string in single quotes
 * or a comment */
static gboolean
beyond_rfc (const char *line, gsize size)
{
  static GRegex *escapes, *strings, *numbers;
  char *rest = without (&escapes, "\\\\(?:[\"\\\\/bfnrt]"
                        "|u(?:[dD][89abAB][[:xdigit:]]{2}\\\\u[dD][c-fC-F][[:xdigit:]]{2}"
                        "|(?![dD][89a-fA-F])[[:xdigit:]]{4}))", line, size);
  gboolean beyond = memchr (rest, '\\', strlen (rest)) != NULL;
  char *outside = without (&strings, "\"[^\"]*\"", rest, -1);   /* the strings out */
  if (!numbers)
    numbers = g_regex_new ("(?<![[:alnum:]_.])-?0[0-9xXbB]|[0-9]\\.(?![0-9])|(?<![0-9])\\.[0-9]",
                           G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, NULL);
  beyond = beyond || g_regex_match (numbers, outside, 0, NULL)
           || strpbrk (outside, "'/$") != NULL;     /* 'strings', comments, $hex */
  g_free (outside);
  g_free (rest);
  return beyond;
}

/* nesting - how deep arrays and objects nest in node */
static guint
nesting (JsonNode *node)
{
  guint deepest = 0;
  if (JSON_NODE_HOLDS_ARRAY (node)) {
    JsonArray *a = json_node_get_array (node);
    for (guint i = 0; i < json_array_get_length (a); i++)
      deepest = MAX (deepest, nesting (json_array_get_element (a, i)));
    return deepest + 1;
  }
  if (JSON_NODE_HOLDS_OBJECT (node)) {
    JsonObjectIter iter;
    JsonNode *member;
    json_object_iter_init (&iter, json_node_get_object (node));
    while (json_object_iter_next (&iter, NULL, &member))
      deepest = MAX (deepest, nesting (member));
    return deepest + 1;
  }
  return 0;
}

/* string_of - node's string, or NULL when it holds none */
static const char *
string_of (JsonNode *node)
{
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* assert_same_string - the scanner's slice is json-glib's string member */
static void
assert_same_string (JsonObject *event, const char *name, SmtplabSlice slice)
{
  const char *want = string_of (json_object_get_member (event, name));
  if (!want) {
    g_assert_null (slice.text);
    return;
  }
  g_assert_nonnull (slice.text);
  char *got = smtplab_slice_dup (slice);
  g_assert_cmpstr (got, ==, want);
  g_free (got);
}

/* assert_same_integer - the scanner's number is json-glib's integer member, or -1 */
static void
assert_same_integer (JsonObject *event, const char *name, gint64 got)
{
  JsonNode *node = json_object_get_member (event, name);
  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    g_assert_cmpint (got, ==, json_node_get_int (node));
  else
    g_assert_cmpint (got, ==, -1);
}

/* assert_same_lines - the length and first string of a "lines" array */
static void
assert_same_lines (JsonObject *event, const SmtplabScan *scan)
{
  JsonNode *node = json_object_get_member (event, "lines");
  if (!node || !JSON_NODE_HOLDS_ARRAY (node)) {
    g_assert_cmpint (scan->n_lines, ==, -1);
    g_assert_null (scan->first_line.text);
    return;
  }
  JsonArray *lines = json_node_get_array (node);
  g_assert_cmpint (scan->n_lines, ==, json_array_get_length (lines));
  const char *first = json_array_get_length (lines) ? string_of (json_array_get_element (lines, 0)) : NULL;
  if (!first) {
    g_assert_null (scan->first_line.text);
    return;
  }
  char *got = smtplab_slice_dup (scan->first_line);
  g_assert_cmpstr (got, ==, first);
  g_free (got);
}

/* assert_same_event - every member the scanner notes, as json-glib reads it */
static void
assert_same_event (JsonObject *event, const SmtplabScan *scan)
{
  const struct { const char *name; SmtplabSlice slice; } strings[] = {
    { "ts", scan->ts }, { "host", scan->host }, { "role", scan->role },
    { "session", scan->session }, { "event", scan->event }, { "verb", scan->verb },
    { "line", scan->line }, { "peer", scan->peer }, { "local", scan->local },
    { "to", scan->to },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    assert_same_string (event, strings[i].name, strings[i].slice);
  assert_same_integer (event, "v", scan->v);
  assert_same_integer (event, "code", scan->code);
  assert_same_lines (event, scan);
}

/* LLVMFuzzerTestOneInput - one line, read by both */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *line = (const char *) data;
  while (size > 0 && (line[size - 1] == '\n' || line[size - 1] == '\r'))
    size--;                                 /* the viewer's line, without its end */
  SmtplabScan scan;
  gboolean scanned = smtplab_scan_line (line, size, &scan);
  GError *error = NULL;
  JsonObject *event = smtp_trace_parse_line (line, size, &error);
  g_clear_error (&error);
  if (event) {
    JsonNode *root = json_node_init_object (json_node_alloc (), event);
    gboolean scanners_own = nesting (root) > MAX_NESTING || beyond_rfc (line, size);
    json_node_unref (root);
    if (scanners_own)
      g_assert_false (scanned);
    else {
      g_assert_true (scanned);
      assert_same_event (event, &scan);
    }
    json_object_unref (event);
  } else {
    g_assert_false (scanned);
  }
  return 0;
}
