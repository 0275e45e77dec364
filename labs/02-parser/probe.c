/* probe.c - lab 02's window on the parser: each line of standard input is
 * parsed as a path (smtp_path_parse) and its parts, or the reply its error
 * gets, are printed.
 *
 *   probe             the null path <> allowed (as in MAIL FROM)
 *   probe --no-null   not allowed (as in RCPT TO)
 *   probe --fuzz      both ways, printing nothing; exits 3 on the first path
 *                     that parses but does not print back as it was written
 *
 *   <@ONE,@TWO:JOE@THREE>  ->  ok route=ONE,TWO local=JOE domain=THREE
 *   <@ONE;JOE@THREE>       ->  501 Syntax error in source route: ...
 */
#include <stdio.h>
#include <string.h>

#include "grammar.h"

/* describe - the path's parts, or the error's reply, as one line */
static char *
describe (const char *text, gboolean allow_null)
{
  GError *error = NULL;
  SmtpPath *path = smtp_path_parse (text, allow_null, &error);
  if (!path) {
    char *out = g_strdup_printf ("%u %s", smtp_grammar_error_reply (error), error->message);
    g_error_free (error);
    return out;
  }
  GString *route = g_string_new (NULL);
  for (guint i = 0; i < path->route->len; i++)
    g_string_append_printf (route, "%s%s", i ? "," : "", (char *) g_ptr_array_index (path->route, i));
  char *out = smtp_path_is_null (path) ? g_strdup ("ok null")
    : g_strdup_printf ("ok route=%s local=%s domain=%s", route->str, path->local_part, path->domain);
  g_string_free (route, TRUE);
  smtp_path_free (path);
  return out;
}

/* round_trip - a path that parses prints back as exactly its text */
static gboolean
round_trip (const char *text, gboolean allow_null)
{
  SmtpPath *path = smtp_path_parse (text, allow_null, NULL);
  if (!path)
    return TRUE;
  char *back = smtp_path_to_string (path);
  gboolean same = strcmp (back, text) == 0;
  if (!same)
    printf ("%s => prints back as %s\n", text, back);
  g_free (back);
  smtp_path_free (path);
  return same;
}

int
main (int argc, char **argv)
{
  gboolean fuzz = argc > 1 && strcmp (argv[1], "--fuzz") == 0;
  gboolean allow_null = !(argc > 1 && strcmp (argv[1], "--no-null") == 0);
  char *line = NULL;
  size_t size = 0;
  ssize_t len;
  while ((len = getline (&line, &size, stdin)) > 0) {
    if (line[len - 1] == '\n')
      len--;
    char *text = g_strndup (line, len);        /* exactly its size: ASan sees a step past it */
    if (fuzz) {
      if (!round_trip (text, TRUE) || !round_trip (text, FALSE))
        return 3;
    } else {
      char *out = describe (text, allow_null);
      printf ("%s\n", out);
      g_free (out);
    }
    g_free (text);
  }
  free (line);
  return 0;
}
