/* fuzz.c - what the libFuzzer harnesses share (see fuzz.h). */
#include "fuzz.h"

#include <string.h>

/* fuzz_string - the input as a C string, NULL if it holds a NUL */
char *
fuzz_string (const uint8_t *data, size_t size)
{
  if (memchr (data, '\0', size))
    return NULL;
  return g_strndup ((const char *) data, size);
}

/* assert_same_path - a and b have the same route, local part and domain */
static void
assert_same_path (const SmtpPath *a, const SmtpPath *b)
{
  g_assert_cmpuint (a->route->len, ==, b->route->len);
  for (guint i = 0; i < a->route->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a->route, i), ==, g_ptr_array_index (b->route, i));
  g_assert_cmpstr (a->local_part, ==, b->local_part);
  g_assert_cmpstr (a->domain, ==, b->domain);
}

/* fuzz_assert_path_round_trip - print, parse again, compare */
void
fuzz_assert_path_round_trip (const SmtpPath *path, gboolean allow_null)
{
  char *printed = smtp_path_to_string (path);
  GError *error = NULL;
  SmtpPath *again = smtp_path_parse (printed, allow_null, &error);
  g_assert_no_error (error);
  assert_same_path (path, again);
  char *printed_again = smtp_path_to_string (again);
  g_assert_cmpstr (printed, ==, printed_again);

  SmtpPath *copy = smtp_path_copy (path);
  assert_same_path (path, copy);

  g_free (printed);
  g_free (printed_again);
  smtp_path_free (again);
  smtp_path_free (copy);
}
