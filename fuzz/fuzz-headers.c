/* fuzz-headers.c - libFuzzer harness for the header parser (RFC 822 §3.1,
 * smtp_headers_parse): the fields at the top of a message, folded lines
 * (§3.1.1) and where the body starts.
 *
 * Invariants: the body starts within the message; every field name is
 * printable ASCII without ':' (§3.1.2) and every field can be found by its
 * name; an unfolded body holds no line end; parsing the header block alone
 * gives the same fields; and the fields written out again as "name: value"
 * lines parse to the same fields.
 */
#include <string.h>

#include "fuzz.h"
#include "message.h"

/* assert_field - one parsed field is well formed and can be found */
static void
assert_field (GPtrArray *headers, const SmtpHeader *header)
{
  g_assert_cmpuint (strlen (header->name), >, 0);
  for (const char *c = header->name; *c; c++)
    g_assert_true (*c >= 33 && *c <= 126 && *c != ':');
  g_assert_nonnull (smtp_headers_get (headers, header->name));
  g_assert_cmpuint (smtp_headers_count (headers, header->name), >=, 1);
  char *unfolded = smtp_header_unfold (header->value);
  g_assert_null (strchr (unfolded, '\n'));
  g_assert_cmpuint (strlen (unfolded), <=, strlen (header->value));
  g_free (unfolded);
}

/* assert_same_fields - a and b hold the same fields in the same order */
static void
assert_same_fields (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++) {
    const SmtpHeader *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);
    g_assert_cmpstr (x->name, ==, y->name);
    g_assert_cmpstr (x->value, ==, y->value);
  }
}

/* write_fields - the fields as a header block: "name: value" CRLF each,
 * then the empty line */
static GString *
write_fields (GPtrArray *headers)
{
  GString *block = g_string_new (NULL);
  for (guint i = 0; i < headers->len; i++) {
    const SmtpHeader *h = g_ptr_array_index (headers, i);
    g_string_append_printf (block, "%s: %s\r\n", h->name, h->value);
  }
  g_string_append (block, "\r\n");
  return block;
}

/* LLVMFuzzerTestOneInput - one message */
int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *message = (const char *) data;
  gsize body_offset = G_MAXSIZE;
  GPtrArray *headers = smtp_headers_parse (message, size, &body_offset);
  g_assert_cmpuint (body_offset, <=, size);

  /* a NUL ends a C string: names and bodies with one are cut short */
  if (memchr (data, '\0', body_offset) == NULL) {
    for (guint i = 0; i < headers->len; i++)
      assert_field (headers, g_ptr_array_index (headers, i));

    gsize block_offset;
    GPtrArray *block = smtp_headers_parse (message, body_offset, &block_offset);
    assert_same_fields (headers, block);
    g_ptr_array_unref (block);

    GString *written = write_fields (headers);
    gsize written_offset;
    GPtrArray *again = smtp_headers_parse (written->str, written->len, &written_offset);
    assert_same_fields (headers, again);
    g_assert_cmpuint (written_offset, ==, written->len);
    g_ptr_array_unref (again);
    g_string_free (written, TRUE);
  }
  g_ptr_array_unref (headers);
  return 0;
}
