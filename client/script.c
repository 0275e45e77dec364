/* script.c - script mode: plays a transcript and checks each reply.
 *
 *   # a comment
 *   S: 220                      the greeting expected
 *   C: HELO Alpha.ARPA
 *   S: 250                      the code expected for the command above
 *   C: DATA
 *   S: 354
 *   C: Blah blah blah...        after a 354, C: lines are mail data ...
 *   C: .                        ... up to the line with "."
 *   S: 2xx                      an "x" matches any digit
 *
 * A transcript in RFC 821's own notation (S: sender, R: receiver) works
 * too: a file with R: lines is read that way.  The first reply that does
 * not match stops the run with "FILE:LINE: expected ..., got ..." and exit
 * status 1, so a lab can use it as a checker; a transcript that matches to
 * the end says "transcript FILE: N replies matched".
 */
#include <stdio.h>
#include <string.h>

#include "reply.h"
#include "client.h"

typedef struct {
  guint lineno;
  char *command;             /* a command line, or NULL for the greeting */
  GPtrArray *data;           /* for DATA after a 354: the data lines */
  char expect[4];            /* "250", "2xx", or "" for anything */
  guint expect_lineno;
} ScriptStep;

typedef struct {
  ClientRun *run;
  const char *file;
  GPtrArray *steps;          /* of ScriptStep */
  guint next;
  gboolean in_data;          /* the last reply was 354 */
  gboolean challenged;       /* the last reply was 334: the next line answers it */
  guint matched;             /* replies checked against an S: line so far */
} Script;

static void
script_step_free (ScriptStep *s)
{
  g_free (s->command);
  if (s->data)
    g_ptr_array_unref (s->data);
  g_free (s);
}

/* code_matches - "250" against "250", "25x", "2xx" */
static gboolean
code_matches (const char *expect, guint code)
{
  char got[4];
  g_snprintf (got, sizeof got, "%03u", code);
  for (int i = 0; i < 3; i++)
    if (expect[i] != 'x' && expect[i] != got[i])
      return FALSE;
  return TRUE;
}

/* parse - the transcript into steps; FALSE with error for a bad line */
static gboolean
parse (Script *script, const char *text, GError **error)
{
  gboolean rfc821 = g_regex_match_simple ("^R:", text, G_REGEX_MULTILINE, 0);
  const char *client = rfc821 ? "S:" : "C:";
  const char *server = rfc821 ? "R:" : "S:";
  char **lines = g_strsplit (text, "\n", -1);
  ScriptStep *current = g_new0 (ScriptStep, 1);      /* the greeting */
  g_ptr_array_add (script->steps, current);
  gboolean data = FALSE;
  for (guint i = 0; lines[i]; i++) {
    char *line = g_strchomp (lines[i]);
    if (line[0] == '#' || strlen (line) < 2)
      continue;
    const char *body = line + 2;
    if (*body == ' ')
      body++;
    if (g_str_has_prefix (line, client)) {
      if (data) {
        if (g_str_equal (body, "."))
          data = FALSE;
        else
          g_ptr_array_add (current->data, g_strdup (body));
        continue;
      }
      current = g_new0 (ScriptStep, 1);
      current->lineno = i + 1;
      current->command = g_strdup (body);
      g_ptr_array_add (script->steps, current);
    } else if (g_str_has_prefix (line, server)) {
      if (current->expect[0])
        continue;                 /* further lines of a multi-line reply */
      if (strlen (body) < 3 || !strchr ("12345", body[0])
          || strspn (body, "0123456789x") < 3) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s:%u: expected a reply code like 250 or 2xx", script->file, i + 1);
        g_strfreev (lines);
        return FALSE;
      }
      memcpy (current->expect, body, 3);
      current->expect_lineno = i + 1;
      if (current->command && smtp_verb_leads_to (current->command, SMTP_STATE_DATA)
          && g_str_has_prefix (body, "354")) {
        /* the data follows as its own step, answered by the final reply */
        current = g_new0 (ScriptStep, 1);
        current->lineno = i + 1;
        current->data = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_add (script->steps, current);
        data = TRUE;
      }
    } else {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s:%u: a line must start with %s or %s", script->file, i + 1, client, server);
      g_strfreev (lines);
      return FALSE;
    }
  }
  g_strfreev (lines);
  return TRUE;
}

static void run_next (Script *script);

/* on_tls_done - after "STARTTLS" and its 220, the script goes on in TLS */
static void
on_tls_done (SmtpClient *client, const GError *error, gpointer data)
{
  Script *script = data;
  (void) client;
  if (error) {
    char *why = g_strdup_printf ("%s: %s", script->file, error->message);
    client_stop (script->run, EXIT_CONNECTION, why);
    g_free (why);
    return;
  }
  run_next (script);
}

static void
on_reply (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Script *script = data;
  (void) client;
  ScriptStep *step = g_ptr_array_index (script->steps, script->next - 1);
  if (error) {
    char *where = g_strdup_printf ("%s:%u", script->file, step->lineno);
    client_stop_error (script->run, where, error);
    g_free (where);
    return;
  }
  if (step->expect[0] && !code_matches (step->expect, reply->code)) {
    char *text = smtp_reply_text (reply);
    char *why = g_strdup_printf ("%s:%u: expected %s, got %u %s", script->file,
                                 step->expect_lineno, step->expect, reply->code, text);
    client_stop (script->run, EXIT_MISMATCH, why);
    g_free (why);
    g_free (text);
    return;
  }
  script->matched += step->expect[0] != '\0';
  script->challenged = reply->code == 334;
  script->in_data = smtp_reply_is_intermediate (reply->code)   /* 354 */
                    && step->command && smtp_verb_leads_to (step->command, SMTP_STATE_DATA);
  char *verb = step->command ? g_ascii_strup (step->command, strcspn (step->command, " ")) : NULL;
  gboolean tls = client_after_starttls (script->run, verb, reply, on_tls_done, script);
  g_free (verb);
  if (!tls)
    run_next (script);
}

/* run_next - the next command, or the data after a 354 */
static void
run_next (Script *script)
{
  if (script->next >= script->steps->len) {
    printf ("transcript %s: %u replies matched\n", script->file, script->matched);
    client_stop (script->run, EXIT_OK, NULL);
    return;
  }
  ScriptStep *step = g_ptr_array_index (script->steps, script->next++);
  if (step->data) {
    GString *text = g_string_new (NULL);
    for (guint i = 0; i < step->data->len; i++)
      g_string_append_printf (text, "%s\r\n", (char *) g_ptr_array_index (step->data, i));
    GBytes *bytes = g_string_free_to_bytes (text);
    smtp_client_data (script->run->smtp, bytes, on_reply, script);
    g_bytes_unref (bytes);
  } else if (script->challenged) {
    smtp_client_sasl_response (script->run->smtp, step->command, on_reply, script);
  } else {
    smtp_client_command (script->run->smtp, step->command, on_reply, script);
  }
}

int
client_script (ClientRun *run, const char *server, const char *file)
{
  GError *error = NULL;
  char *text;
  Script script = { .run = run, .file = file };
  gsize len;
  if (!g_file_get_contents (file, &text, &len, &error)) {
    fprintf (stderr, "smtplab-client: %s\n", error->message);
    g_error_free (error);
    return EXIT_USAGE;
  }
  if (memchr (text, '\0', len)) {
    /* a NUL would cut a command short: never send what the file does not say */
    fprintf (stderr, "smtplab-client: %s: holds a NUL byte\n", file);
    g_free (text);
    return EXIT_USAGE;
  }
  script.steps = g_ptr_array_new_with_free_func ((GDestroyNotify) script_step_free);
  gboolean ok = parse (&script, text, &error);
  g_free (text);
  if (!ok) {
    fprintf (stderr, "smtplab-client: %s\n", error->message);
    g_error_free (error);
    g_ptr_array_unref (script.steps);
    return EXIT_USAGE;
  }
  script.next = 1;                               /* step 0 is the greeting */
  smtp_client_connect (run->smtp, server, on_reply, &script);
  g_main_loop_run (run->loop);
  g_ptr_array_unref (script.steps);
  return run->status;
}
