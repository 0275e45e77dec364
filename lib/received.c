/* received.c - a Received: line taken apart into its clauses
 * (RFC 821 §4.1.2, RFC 5321 §4.4). */
#include "received.h"

#include <string.h>

#include "message.h"

/* The clause keywords of RFC 5321 §4.4 (Stamp, Opt-info), in no order. */
static const char *const keywords[] = { "from", "by", "via", "with", "id", "for" };

/* smtp_received_clause_free - frees one clause (NULL is fine) */
void
smtp_received_clause_free (SmtpReceivedClause *clause)
{
  if (!clause)
    return;
  g_free (clause->text);
  g_free (clause);
}

/* keyword_at - the keyword starting a clause at word (a word of the line), or NULL */
static const char *
keyword_at (const char *word, gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (keywords); i++)
    if (strlen (keywords[i]) == len && g_ascii_strncasecmp (word, keywords[i], len) == 0)
      return keywords[i];
  return NULL;
}

/* add_clause - appends keyword and text[start, end) trimmed, if not empty */
static void
add_clause (GPtrArray *clauses, const char *keyword, const char *text, gsize start, gsize end)
{
  char *value = g_strstrip (g_strndup (text + start, end - start));
  if (!*value && !*keyword) {
    g_free (value);
    return;
  }
  SmtpReceivedClause *clause = g_new0 (SmtpReceivedClause, 1);
  clause->keyword = keyword;
  clause->text = value;
  g_ptr_array_add (clauses, clause);
}

/* find_date - where the date starts: after the last ';' outside comments
 * and angle brackets (RFC 5321 §4.4: ";" date-time ends the line) */
static const char *
find_date (const char *text)
{
  const char *semicolon = NULL;
  int depth = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '(' || *p == '<')
      depth++;
    else if ((*p == ')' || *p == '>') && depth > 0)
      depth--;
    else if (*p == ';' && depth == 0)
      semicolon = p;
  }
  return semicolon;
}

/* smtp_received_parse - the clauses of a Received: field's body, in the
 * order written: the body is cut before each keyword that starts a word
 * outside comments and angle brackets, and what follows the last ';' is
 * the date (RFC 5321 §4.4) */
GPtrArray *
smtp_received_parse (const char *value)
{
  GPtrArray *clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) smtp_received_clause_free);
  char *text = smtp_header_unfold (value ? value : "");
  const char *date = find_date (text);
  gsize end = date ? (gsize) (date - text) : strlen (text);
  const char *keyword = "";
  gsize start = 0;
  int depth = 0;
  for (gsize i = 0; i < end; i++) {
    char c = text[i];
    if (c == '(' || c == '<')
      depth++;
    else if ((c == ')' || c == '>') && depth > 0)
      depth--;
    if (depth > 0 || (i > 0 && !g_ascii_isspace (text[i - 1])) || g_ascii_isspace (c))
      continue;
    gsize len = strcspn (text + i, " \t");
    const char *next = keyword_at (text + i, MIN (len, end - i));
    if (next) {
      add_clause (clauses, keyword, text, start, i);
      keyword = next;
      start = i + strlen (next);
      i += len - 1;
    }
  }
  add_clause (clauses, keyword, text, start, end);
  if (date)
    add_clause (clauses, "date", text, end + 1, strlen (text));
  g_free (text);
  return clauses;
}

/* smtp_received_get - the text of the first clause named keyword, or NULL */
const char *
smtp_received_get (GPtrArray *clauses, const char *keyword)
{
  for (guint i = 0; i < clauses->len; i++) {
    SmtpReceivedClause *clause = g_ptr_array_index (clauses, i);
    if (g_str_equal (clause->keyword, keyword))
      return clause->text;
  }
  return NULL;
}
