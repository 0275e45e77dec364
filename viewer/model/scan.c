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
  if (out) {
    out->text = start;
    out->len = quote - start;
  }
  c->p = quote + 1;
  return TRUE;
}

/* read_number - a JSON number; *out gets its integer part */
static gboolean
read_number (Cursor *c, gint64 *out)
{
  const char *start = c->p;
  gboolean negative = c->p < c->end && *c->p == '-';
  gint64 value = 0;
  if (negative)
    c->p++;
  while (c->p < c->end && g_ascii_isdigit (*c->p))
    value = value * 10 + (*c->p++ - '0');
  while (c->p < c->end && strchr ("0123456789.eE+-", *c->p))
    c->p++;
  if (c->p == start + negative)
    return FALSE;
  if (out)
    *out = negative ? -value : value;
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

/* scan_member - the value of member key, noted in scan when it is wanted */
static gboolean
scan_member (Cursor *c, SmtplabSlice key, SmtplabScan *scan)
{
  SmtplabSlice *s = slot (scan, key);
  if (s && *c->p == '"')
    return read_string (c, s);
  if ((smtplab_slice_is (key, "code") || smtplab_slice_is (key, "v"))
      && (*c->p == '-' || g_ascii_isdigit (*c->p)))
    return read_number (c, smtplab_slice_is (key, "v") ? &scan->v : &scan->code);
  if (smtplab_slice_is (key, "lines") && *c->p == '[')
    return skip_container (c, 1, &scan->n_lines, &scan->first_line);
  return skip_value (c, 1);
}

gboolean
smtplab_scan_line (const char *line, gsize len, SmtplabScan *scan)
{
  Cursor c = { line, line + len };
  memset (scan, 0, sizeof *scan);
  scan->v = scan->code = -1;
  scan->n_lines = -1;
  skip_ws (&c);
  if (c.p >= c.end || *c.p++ != '{')
    return FALSE;
  skip_ws (&c);
  gboolean empty = c.p < c.end && *c.p == '}';
  while (!empty) {
    SmtplabSlice key;
    skip_ws (&c);
    if (!read_string (&c, &key))
      return FALSE;
    skip_ws (&c);
    if (c.p >= c.end || *c.p++ != ':')
      return FALSE;
    skip_ws (&c);
    if (c.p >= c.end || !scan_member (&c, key, scan))
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
  if (left >= 5 && *p == 'u') {
    char hex[5] = { p[1], p[2], p[3], p[4], 0 };
    gunichar ch = (gunichar) g_ascii_strtoull (hex, NULL, 16);
    g_string_append_unichar (out, g_unichar_validate (ch) ? ch : 0xFFFD);
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
