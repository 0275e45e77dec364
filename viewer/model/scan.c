/* scan.c - one pass over a trace line: structure checked, members noted. */
#include "scan.h"

#include <string.h>

/* Nesting deeper than this is not a trace event. */
#define SCAN_MAX_DEPTH 32

typedef struct {
  const char *p, *end;
} Cursor;

static gboolean skip_value (Cursor *c, int depth);

/* skip_ws - past JSON white space */
static void
skip_ws (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\r' || *c->p == '\n'))
    c->p++;
}

/* hex4 - the code unit of a "uXXXX" escape at p (before end), or -1 */
static gint
hex4 (const char *p, const char *end)
{
  gint unit = 0;
  if (end - p < 5 || *p != 'u')
    return -1;
  for (int i = 1; i <= 4; i++) {
    if (!g_ascii_isxdigit (p[i]))
      return -1;
    unit = unit * 16 + g_ascii_xdigit_value (p[i]);
  }
  return unit;
}

/* valid_escape - the escape at p (after its backslash, before end) is one
 * of JSON's (RFC 8259 §7), a UTF-16 surrogate only as the first of a pair
 * with the second; returns its length, or 0 */
static gsize
valid_escape (const char *p, const char *end)
{
  if (p < end && *p && strchr ("\"\\/bfnrt", *p))
    return 1;
  gint unit = hex4 (p, end);
  if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
    return 0;
  if (unit < 0xD800 || unit > 0xDBFF)
    return 5;
  gint low = end - p > 6 && p[5] == '\\' ? hex4 (p + 6, end) : -1;
  return low >= 0xDC00 && low <= 0xDFFF ? 11 : 0;
}

/* valid_contents - a string's contents [p, end) as json-glib takes them:
 * only JSON's escapes (RFC 8259 §7), UTF-8 (§8.1), and no NUL (json-glib
 * lets the other control characters through).  Plain ASCII, most of a
 * trace, takes one comparison a byte */
static gboolean
valid_contents (const char *p, const char *end)
{
  while (p < end) {
    guchar ch = *p;
    if (ch >= 0x20 && ch < 0x80 && ch != '\\') {
      p++;
    } else if (ch == '\\') {
      gsize len = valid_escape (p + 1, end);
      if (!len)
        return FALSE;
      p += 1 + len;
    } else if (ch >= 0x80) {
      gunichar u = g_utf8_get_char_validated (p, end - p);
      if (u == (gunichar) -1 || u == (gunichar) -2)
        return FALSE;
      p = g_utf8_next_char (p);
    } else if (ch == '\0') {
      return FALSE;
    } else {
      p++;                            /* a control character */
    }
  }
  return TRUE;
}

/* read_string - a string at c->p; *out gets its raw contents.  The
 * closing quote is found with memchr (a quote after an odd number of
 * backslashes is escaped): strings are most of a line's bytes */
static gboolean
read_string (Cursor *c, SmtplabSlice *out)
{
  if (c->p >= c->end || *c->p != '"')
    return FALSE;
  const char *start = ++c->p, *quote;
  for (;;) {
    quote = memchr (c->p, '"', c->end - c->p);
    if (!quote)
      return FALSE;
    const char *backslash = quote;
    while (backslash > start && backslash[-1] == '\\')
      backslash--;
    if ((quote - backslash) % 2 == 0)
      break;
    c->p = quote + 1;
  }
  if (!valid_contents (start, quote))
    return FALSE;
  if (out) {
    out->text = start;
    out->len = quote - start;
  }
  c->p = quote + 1;
  return TRUE;
}

/* skip_digits - past digits; how many */
static gsize
skip_digits (Cursor *c)
{
  const char *start = c->p;
  while (c->p < c->end && g_ascii_isdigit (*c->p))
    c->p++;
  return c->p - start;
}

/* integer_value - the integer of n digits at digits (after a '-' when
 * digits > start) as json-glib reads it: beyond G_MAXUINT64 the digits
 * stay G_MAXUINT64, and the value wraps into a gint64 */
static gint64
integer_value (const char *start, const char *digits, gsize n)
{
  guint64 magnitude = 0;
  for (gsize i = 0; i < n; i++) {
    guint d = digits[i] - '0';
    magnitude = magnitude > (G_MAXUINT64 - d) / 10 ? G_MAXUINT64 : magnitude * 10 + d;
  }
  return (gint64) (digits > start ? 0 - magnitude : magnitude);
}

/* read_number - a JSON number (RFC 8259 §6: -? int frac? exp?); *out gets
 * its value when it is an integer, else -1 */
static gboolean
read_number (Cursor *c, gint64 *out)
{
  const char *start = c->p;
  if (c->p < c->end && *c->p == '-')
    c->p++;
  const char *digits = c->p;
  gsize n = skip_digits (c);
  if (n == 0 || (n > 1 && *digits == '0'))
    return FALSE;                     /* no digit, or a leading zero */
  gboolean integer = TRUE;
  if (c->p < c->end && *c->p == '.') {
    c->p++;
    if (!skip_digits (c))
      return FALSE;
    integer = FALSE;
  }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    c->p++;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
      c->p++;
    if (!skip_digits (c))
      return FALSE;
    integer = FALSE;
  }
  if (out)
    *out = integer ? integer_value (start, digits, n) : -1;
  return TRUE;
}

/* skip_literal - true, false or null */
static gboolean
skip_literal (Cursor *c)
{
  static const char *const words[] = { "true", "false", "null" };
  for (guint i = 0; i < G_N_ELEMENTS (words); i++) {
    gsize len = strlen (words[i]);
    if ((gsize) (c->end - c->p) >= len && memcmp (c->p, words[i], len) == 0) {
      c->p += len;
      return TRUE;
    }
  }
  return FALSE;
}

/* skip_container - an array or object; *count gets an array's length, and
 * *first its first element when that is a string */
static gboolean
skip_container (Cursor *c, int depth, int *count, SmtplabSlice *first)
{
  char close = *c->p == '[' ? ']' : '}';
  int n = 0;
  if (depth > SCAN_MAX_DEPTH)
    return FALSE;
  c->p++;
  skip_ws (c);
  if (c->p < c->end && *c->p == close) {
    c->p++;
    goto done;
  }
  for (;;) {
    skip_ws (c);
    if (close == '}') {
      if (!read_string (c, NULL))
        return FALSE;
      skip_ws (c);
      if (c->p >= c->end || *c->p++ != ':')
        return FALSE;
      skip_ws (c);
    }
    if (n == 0 && first && c->p < c->end && *c->p == '"') {
      if (!read_string (c, first))
        return FALSE;
    } else if (!skip_value (c, depth + 1))
      return FALSE;
    n++;
    skip_ws (c);
    if (c->p >= c->end)
      return FALSE;
    if (*c->p == close) {
      c->p++;
      break;
    }
    if (*c->p++ != ',')
      return FALSE;
  }
done:
  if (count)
    *count = n;
  return TRUE;
}

static gboolean
skip_value (Cursor *c, int depth)
{
  if (c->p >= c->end)
    return FALSE;
  switch (*c->p) {
  case '"':
    return read_string (c, NULL);
  case '[':
  case '{':
    return skip_container (c, depth, NULL, NULL);
  case 't':
  case 'f':
  case 'n':
    return skip_literal (c);
  default:
    return read_number (c, NULL);
  }
}

/* slot - where a member named key goes in scan, or NULL (looked up by
 * length first: this runs for every member of every line) */
static SmtplabSlice *
slot (SmtplabScan *scan, SmtplabSlice key)
{
  switch (key.len) {
  case 2:
    if (smtplab_slice_is (key, "ts")) return &scan->ts;
    return smtplab_slice_is (key, "to") ? &scan->to : NULL;
  case 4:
    if (smtplab_slice_is (key, "host")) return &scan->host;
    if (smtplab_slice_is (key, "role")) return &scan->role;
    if (smtplab_slice_is (key, "verb")) return &scan->verb;
    if (smtplab_slice_is (key, "line")) return &scan->line;
    if (smtplab_slice_is (key, "peer")) return &scan->peer;
    return NULL;
  case 5:
    if (smtplab_slice_is (key, "event")) return &scan->event;
    return smtplab_slice_is (key, "local") ? &scan->local : NULL;
  case 7: return smtplab_slice_is (key, "session") ? &scan->session : NULL;
  default: return NULL;
  }
}

/* scan_member - the value of member key, noted in scan when it is wanted;
 * a later member of the same name replaces it, as in json-glib */
static gboolean
scan_member (Cursor *c, SmtplabSlice key, SmtplabScan *scan)
{
  SmtplabSlice *s = slot (scan, key);
  gint64 *number = smtplab_slice_is (key, "v") ? &scan->v
                   : smtplab_slice_is (key, "code") ? &scan->code : NULL;
  if (s)
    *s = (SmtplabSlice) { NULL, 0 };
  if (s && *c->p == '"')
    return read_string (c, s);
  if (number) {
    *number = -1;
    if (*c->p == '-' || g_ascii_isdigit (*c->p))
      return read_number (c, number);
  }
  if (smtplab_slice_is (key, "lines")) {
    scan->n_lines = -1;
    scan->first_line = (SmtplabSlice) { NULL, 0 };
    if (*c->p == '[')
      return skip_container (c, 1, &scan->n_lines, &scan->first_line);
  }
  return skip_value (c, 1);
}

/* member_name - a member's name as json-glib reads it: a name written with
 * escapes ("h\u006fst") is decoded into *decoded first (rare) */
static SmtplabSlice
member_name (SmtplabSlice key, char **decoded)
{
  if (!memchr (key.text, '\\', key.len))
    return key;
  *decoded = smtplab_slice_dup (key);
  return (SmtplabSlice) { *decoded, strlen (*decoded) };
}

gboolean
smtplab_scan_line (const char *line, gsize len, SmtplabScan *scan)
{
  Cursor c = { line, line + len };
  memset (scan, 0, sizeof *scan);
  scan->v = scan->code = -1;
  scan->n_lines = -1;
  if (len >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
    c.p += 3;                         /* a byte order mark, which json-glib skips */
  skip_ws (&c);
  if (c.p >= c.end || *c.p++ != '{')
    return FALSE;
  skip_ws (&c);
  gboolean empty = c.p < c.end && *c.p == '}';
  while (!empty) {
    SmtplabSlice key;
    char *decoded = NULL;
    skip_ws (&c);
    if (!read_string (&c, &key))
      return FALSE;
    skip_ws (&c);
    if (c.p >= c.end || *c.p++ != ':')
      return FALSE;
    skip_ws (&c);
    gboolean ok = c.p < c.end && scan_member (&c, member_name (key, &decoded), scan);
    g_free (decoded);
    if (!ok)
      return FALSE;
    skip_ws (&c);
    if (c.p >= c.end)
      return FALSE;
    if (*c.p == '}')
      break;
    if (*c.p++ != ',')
      return FALSE;
  }
  c.p++;
  skip_ws (&c);
  return c.p == c.end && scan->ts.text && scan->host.text && scan->role.text
         && scan->session.text && scan->event.text;
}

gboolean
smtplab_slice_copy (SmtplabSlice slice, char *buf, gsize size)
{
  if (!slice.text || slice.len >= size)
    return FALSE;
  memcpy (buf, slice.text, slice.len);
  buf[slice.len] = '\0';
  return TRUE;
}

gboolean
smtplab_slice_is (SmtplabSlice slice, const char *text)
{
  gsize len = strlen (text);
  return slice.text && slice.len == len && memcmp (slice.text, text, len) == 0;
}

/* append_escape - one JSON escape (after the backslash) decoded into out;
 * returns how many bytes it took */
static gsize
append_escape (GString *out, const char *p, gsize left)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *hit = left ? strchr (from, *p) : NULL;
  if (hit && *p) {
    g_string_append_c (out, to[hit - from]);
    return 1;
  }
  gint unit = hex4 (p, p + left);
  if (unit >= 0xD800 && unit <= 0xDBFF && left >= 11 && p[5] == '\\') {
    gint low = hex4 (p + 6, p + left);   /* RFC 8259 §7: a surrogate pair */
    if (low >= 0xDC00 && low <= 0xDFFF) {
      g_string_append_unichar (out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
      return 11;
    }
  }
  if (unit >= 0) {
    g_string_append_unichar (out, g_unichar_validate (unit) ? (gunichar) unit : 0xFFFD);
    return 5;
  }
  return left ? 1 : 0;
}

char *
smtplab_slice_dup (SmtplabSlice slice)
{
  if (!slice.text)
    return g_strdup ("");
  if (!memchr (slice.text, '\\', slice.len))
    return g_strndup (slice.text, slice.len);
  GString *out = g_string_sized_new (slice.len);
  for (gsize i = 0; i < slice.len; i++) {
    if (slice.text[i] == '\\')
      i += append_escape (out, slice.text + i + 1, slice.len - i - 1);
    else
      g_string_append_c (out, slice.text[i]);
  }
  return g_string_free (out, FALSE);
}

/* days_from_civil - days since 1970-01-01 of a proleptic Gregorian date */
static gint64
days_from_civil (gint64 y, int m, int d)
{
  y -= m <= 2;
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* digits - the number written by n digits at p, or -1 */
static int
digits (const char *p, int n)
{
  int value = 0;
  for (int i = 0; i < n; i++) {
    if (!g_ascii_isdigit (p[i]))
      return -1;
    value = value * 10 + (p[i] - '0');
  }
  return value;
}

gint64
smtplab_parse_ts (SmtplabSlice ts)
{
  /* 2026-11-24T10:00:00.123456Z: fixed places, read without scanf (this
   * runs for every line of a trace) */
  const char *p = ts.text;
  if (!p || ts.len < 19 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':')
    return 0;
  int y = digits (p, 4), mo = digits (p + 5, 2), d = digits (p + 8, 2);
  int h = digits (p + 11, 2), mi = digits (p + 14, 2), s = digits (p + 17, 2), us = 0;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || mi < 0 || s < 0)
    return 0;
  for (gsize i = 20, scale = 100000; ts.len > 20 && p[19] == '.' && i < ts.len && g_ascii_isdigit (p[i]) && scale;
       i++, scale /= 10)
    us += (p[i] - '0') * scale;
  return ((days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * G_USEC_PER_SEC) + us;
}
