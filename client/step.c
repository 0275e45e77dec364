/* step.c - step mode: the student types SMTP commands one at a time (any
 * verb, even invalid ones) and sees each reply with what it means.
 *
 * Local commands, in lowercase, never go to the server:
 *   help            what you can type
 *   explain 550     what a reply code means; explain RCPT: what a verb does
 *   lang zh|en      explanations in Chinese or English (lang alone: which)
 *   exit            QUIT (if connected) and leave; Ctrl-D and Ctrl-C do the same
 * After a 354 reply the lines typed are mail data, until a line with ".".
 * At a terminal, line editing and history come from libedit; from a pipe or
 * a file, commands are read line by line.  Explanations are wrapped to the
 * terminal's width.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <gio/gunixinputstream.h>
#include <editline/readline.h>

#include "reply.h"
#include "client.h"
#include "enhanced.h"
#include "explain.h"
#include "verbs.h"

typedef struct {
  ClientRun *run;
  guint stdin_watch;
  gboolean in_data;          /* after 354: lines are mail data */
  char *last_verb;           /* of the command the reply is for */
  gboolean challenged;       /* the last reply was a 334: the next line answers it */
  GString *mail_data;
  gboolean connected;        /* the greeting came */
  gboolean leaving;          /* QUIT sent: waiting for 221 */
  gboolean quit_typed;       /* that QUIT was typed (its 221 is explained) */
  GDataInputStream *lines;   /* stdin when it is not a terminal */
  GCancellable *reading;     /* cancels the line being read */
  gboolean pending_read;     /* a read of lines is under way */
} Step;

static Step *the_step;       /* libedit's callback takes no user data */

static void prompt (Step *step);

/* explain - the dimmed explanation under a reply or for `explain`,
 * wrapped to the terminal (client_print puts 3 columns before it) */
static void
explain (Step *step, char *text)
{
  guint columns = client_columns ();
  char *wrapped = smtp_explain_wrap (text, columns > 23 ? columns - 3 : 0);
  g_free (text);
  text = wrapped;
  char **lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    client_print (step->run, "  ", lines[i]);
  g_strfreev (lines);
  g_free (text);
}

/* on_tls_done - after STARTTLS and its 220: the student says EHLO again */
static void
on_tls_done (SmtpClient *client, const GError *error, gpointer data)
{
  Step *step = data;
  (void) client;
  if (error) {
    client_stop (step->run, EXIT_CONNECTION, NULL);
    return;
  }
  client_print (step->run, "  ", step->run->lang == SMTP_LANG_ZH_CN
                ? "RFC 3207 §4.2：TLS 建立之后要重新发送 EHLO。"
                : "RFC 3207 section 4.2: after TLS, say EHLO again.");
  prompt (step);
}

static void
on_reply (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Step *step = data;
  (void) client;
  if (error) {
    client_print (step->run, "!!", error->message);
    client_stop (step->run, step->leaving ? EXIT_OK : EXIT_CONNECTION, NULL);
    return;
  }
  if (step->leaving)                  /* the reply to a command before QUIT */
    return;
  if (step->run->explain) {
    explain (step, smtp_explain_reply (reply->code, step->run->lang));
    char *enhanced = smtp_explain_enhanced (g_ptr_array_index (reply->lines, 0), step->run->lang);
    if (enhanced)
      explain (step, enhanced);
  }
  step->challenged = reply->code == 334;
  if (client_after_starttls (step->run, step->last_verb, reply, on_tls_done, step))
    return;                                         /* the handshake first */
  if (smtp_reply_is_intermediate (reply->code)
      && step->last_verb && smtp_verb_leads_to (step->last_verb, SMTP_STATE_DATA)) {   /* 354 */
    step->in_data = TRUE;
    g_string_truncate (step->mail_data, 0);
    client_print (step->run, "  ", step->run->lang == SMTP_LANG_ZH_CN
                  ? "现在输入邮件内容；单独一行“.”结束。"
                  : "Type the mail data now; a line with only \".\" ends it.");
  }
  if (reply->code == 221) {
    client_stop (step->run, EXIT_OK, NULL);
    return;
  }
  prompt (step);
}

/* on_quit_reply - the 221 after QUIT, exit, Ctrl-D or Ctrl-C: the session is over */
static void
on_quit_reply (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Step *step = data;
  (void) client;
  if (error)
    client_print (step->run, "!!", error->message);
  else if (reply && step->run->explain && step->quit_typed)   /* as any reply to a typed command */
    explain (step, smtp_explain_reply (reply->code, step->run->lang));
  client_stop (step->run, EXIT_OK, NULL);
}

/* local_help - what step mode understands */
static void
local_help (Step *step)
{
  gboolean zh = step->run->lang == SMTP_LANG_ZH_CN;
  client_print (step->run, "  ", zh ? "输入任何 SMTP 命令（大写或小写），它会原样发给服务器："
                                    : "Type any SMTP command; it goes to the server as typed:");
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++) {
    char *line = g_strdup_printf ("  %-40s %s", row->syntax, row->section);
    client_print (step->run, "  ", line);
    g_free (line);
  }
  client_print (step->run, "  ", zh ? "本地命令（小写，不发给服务器）：help、explain 550、explain RCPT、lang zh|en、exit"
                                    : "Local commands (lowercase, never sent): help, explain 550, "
                                      "explain RCPT, lang zh|en, exit");
  client_print (step->run, "  ", zh ? "HELP（大写）询问服务器。" : "HELP in capitals asks the server.");
}

/* local_command - help, explain, lang, exit; FALSE if line is none of them */
static gboolean
local_command (Step *step, const char *line)
{
  if (g_str_equal (line, "help")) {
    local_help (step);
  } else if (g_str_has_prefix (line, "explain ")) {
    const char *what = line + strlen ("explain ");
    guint64 code;
    char *text = NULL;
    if (g_ascii_string_to_unsigned (what, 10, 100, 599, &code, NULL))
      text = smtp_explain_reply (code, step->run->lang);
    else
      text = smtp_explain_verb (what, step->run->lang);
    if (text)
      explain (step, text);
    else
      client_print (step->run, "  ", "explain takes a reply code (100-599) or a verb");
  } else if (g_str_equal (line, "lang zh") || g_str_equal (line, "lang en")) {
    step->run->lang = line[5] == 'z' ? SMTP_LANG_ZH_CN : SMTP_LANG_EN;
  } else if (g_str_equal (line, "lang") || g_str_has_prefix (line, "lang ")) {
    client_print (step->run, "  ", step->run->lang == SMTP_LANG_ZH_CN
                  ? "解释现在用中文;lang en 换成英文。"
                  : "Explanations are in English; lang zh switches to Chinese.");
  } else {
    return FALSE;
  }
  return TRUE;
}

/* stop_reading - no prompt while a reply is due */
static void
stop_reading (Step *step)
{
  if (step->lines) {
    g_cancellable_cancel (step->reading);
    g_clear_object (&step->reading);
    return;
  }
  rl_callback_handler_remove ();
  if (step->stdin_watch)
    g_source_remove (step->stdin_watch);
  step->stdin_watch = 0;
}

/* quit - QUIT, and leave once its 221 came (exit, Ctrl-D, Ctrl-C) */
static void
quit (Step *step)
{
  stop_reading (step);
  step->leaving = TRUE;
  smtp_client_quit (step->run->smtp, on_quit_reply, step);
}

/* send_line - a command typed by the student, as typed */
static void
send_line (Step *step, const char *line)
{
  stop_reading (step);
  if (step->challenged) {              /* an AUTH answer: never shown or traced */
    smtp_client_sasl_response (step->run->smtp, line, on_reply, step);
    return;
  }
  g_free (step->last_verb);
  step->last_verb = g_ascii_strup (line, strcspn (line, " "));
  smtp_client_command (step->run->smtp, line, on_reply, step);
}

/* data_line - one line of mail data; "." sends it all */
static void
data_line (Step *step, const char *line)
{
  if (!g_str_equal (line, ".")) {
    g_string_append_printf (step->mail_data, "%s\r\n", line);
    prompt (step);
    return;
  }
  step->in_data = FALSE;
  stop_reading (step);
  g_clear_pointer (&step->last_verb, g_free);
  GBytes *data = g_bytes_new (step->mail_data->str, step->mail_data->len);
  smtp_client_data (step->run->smtp, data, on_reply, step);
  g_bytes_unref (data);
}

static void
on_input_line (char *line)
{
  Step *step = the_step;
  if (!line) {                                   /* Ctrl-D, or the end of a pipe */
    line = g_strdup ("exit");
    if (!step->lines)
      printf ("\n");
  }
  if (step->in_data) {
    data_line (step, line);
  } else if (g_str_equal (line, "exit")) {
    quit (step);
  } else if (g_ascii_strcasecmp (line, "QUIT") == 0) {
    /* the session's own QUIT, so that it ends as cleanly as "exit" does
     * (over TLS: close_notify, then the peer's end, RFC 8446 §6.1) */
    add_history (line);
    step->quit_typed = TRUE;
    quit (step);
  } else if (*line && local_command (step, line)) {
    add_history (line);
    prompt (step);
  } else if (*line) {
    if (!step->challenged)           /* an AUTH answer stays out of the history */
      add_history (line);
    send_line (step, line);
  } else {
    prompt (step);
  }
  free (line);
}

static gboolean
on_stdin (int fd, GIOCondition cond, gpointer data)
{
  (void) fd;
  (void) cond;
  (void) data;
  rl_callback_read_char ();
  return G_SOURCE_CONTINUE;
}

/* on_piped_line - a line from stdin that is not a terminal (NULL at its end) */
static void
on_piped_line (GObject *source, GAsyncResult *result, gpointer data)
{
  Step *step = data;
  GError *error = NULL;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                         NULL, &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  step->pending_read = FALSE;
  if (cancelled || !step->reading) {             /* no longer wanted */
    g_free (line);
    return;
  }
  g_clear_object (&step->reading);
  if (line)
    g_strchomp (line);                           /* a CRLF file */
  on_input_line (line);
}

/* prompt - reads the next line */
static void
prompt (Step *step)
{
  if (step->lines) {
    step->reading = g_cancellable_new ();
    step->pending_read = TRUE;
    g_data_input_stream_read_line_async (step->lines, G_PRIORITY_DEFAULT, step->reading,
                                         on_piped_line, step);
    return;
  }
  rl_callback_handler_install (step->in_data ? "data> " : "smtp> ", on_input_line);
  if (!step->stdin_watch)
    step->stdin_watch = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP, on_stdin, step);
}

/* on_interrupt - Ctrl-C: QUIT and wait for 221 (RFC 821 §4.1.1: a session
 * ends with QUIT); a second Ctrl-C, or one before the greeting, leaves at
 * once.  In the mail data nothing has gone yet, and QUIT would be taken as
 * a line of it: the connection is closed instead, which aborts the mail. */
static gboolean
on_interrupt (gpointer data)
{
  Step *step = data;
  printf ("\n");
  if (!step->connected || step->leaving) {
    client_stop (step->run, EXIT_CONNECTION, "interrupted");
  } else if (step->in_data) {
    stop_reading (step);
    client_stop (step->run, EXIT_OK, "interrupted in the mail data: closing without QUIT, "
                 "so the server drops the unfinished mail");
  } else {
    quit (step);
  }
  return G_SOURCE_CONTINUE;
}

static void
on_greeting (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  Step *step = data;
  (void) client;
  if (error) {
    client_stop_error (step->run, NULL, error);
    return;
  }
  step->connected = TRUE;
  if (step->run->explain)
    explain (step, smtp_explain_reply (reply->code, step->run->lang));
  client_print (step->run, "  ", step->run->lang == SMTP_LANG_ZH_CN
                ? "输入 help 查看可用命令。" : "Type help for what you can type.");
  prompt (step);
}

int
client_step (ClientRun *run, const char *server)
{
  Step step = { .run = run, .mail_data = g_string_new (NULL) };
  the_step = &step;
  rl_readline_name = "smtplab";
  rl_catch_signals = 0;                          /* Ctrl-C is ours: QUIT */
  if (!isatty (STDIN_FILENO)) {
    GInputStream *in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
    step.lines = g_data_input_stream_new (in);
    g_object_unref (in);
  }
  guint interrupt = g_unix_signal_add (SIGINT, on_interrupt, &step);
  smtp_client_connect (run->smtp, server, on_greeting, &step);
  g_main_loop_run (run->loop);
  g_source_remove (interrupt);
  stop_reading (&step);
  while (step.pending_read)                      /* the cancelled read ends */
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&step.lines);
  g_string_free (step.mail_data, TRUE);
  g_free (step.last_verb);
  the_step = NULL;
  return run->status;
}
