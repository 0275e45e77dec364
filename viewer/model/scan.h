/* scan.h - a fast first look at one trace line.
 *
 * Opening a trace of a million events must take well under two seconds, so
 * a full JSON parse of every line is too slow (json-glib needs about 14 µs a
 * line here).  The scanner walks the line once, checks that it is one
 * complete JSON object, and notes where the members the session list needs
 * are; everything else is read later, line by line, with
 * smtp_trace_parse_line() when a view needs it.  It accepts and reads a
 * line as json-glib does (fuzz/fuzz-scan.c checks it), except that it
 * refuses what json-glib lets through beyond RFC 8259: escapes JSON has
 * not, lone UTF-16 surrogates, numbers JSON has not ("05", "0x1", "$1",
 * "1.", ".5"), strings in single quotes, comments, nesting deeper than 32.
 */
#ifndef SMTPLAB_VIEWER_SCAN_H
#define SMTPLAB_VIEWER_SCAN_H

#include <glib.h>

/* A string member as it is in the line: still JSON-escaped, not copied. */
typedef struct {
  const char *text;   /* NULL when the member is absent or not a string */
  gsize len;
} SmtplabSlice;

/* The members of one event the viewer indexes. */
typedef struct {
  SmtplabSlice ts, host, role, session, event, verb, line, peer, local, first_line, to;
  gint64 v;           /* -1 when absent */
  gint64 code;        /* -1 when absent */
  gint n_lines;       /* elements of a "lines" array, -1 when not an array */
} SmtplabScan;

/* Scans line[0, len) (without its line end).  FALSE when it is not exactly
 * one JSON object with string members ts, host, role, session and event. */
gboolean smtplab_scan_line (const char *line, gsize len, SmtplabScan *scan);

/* The slice's text with JSON escapes decoded, newly allocated ("" when absent). */
char *smtplab_slice_dup (SmtplabSlice slice);

/* Copies the slice's raw text into buf (size bytes) as a string, for a
 * short name ("READY", "MAIL"); FALSE when it is absent or does not fit. */
gboolean smtplab_slice_copy (SmtplabSlice slice, char *buf, gsize size);

/* TRUE when the slice holds exactly text (compared raw). */
gboolean smtplab_slice_is (SmtplabSlice slice, const char *text);

/* "2026-11-24T10:00:00.123456Z" in microseconds since 1970, or 0. */
gint64 smtplab_parse_ts (SmtplabSlice ts);

#endif
