/* server-session.c - the receiver-SMTP of RFC 821 (§3, §4.1, §4.3).
 *
 * Read it top to bottom, in the order a session meets it:
 *   1. the verb table: one row per RFC 821 command (verbs.h says what a
 *      row holds; the extensions add rows from their own files)
 *   2. replies and states: every reply goes through smtp_session_reply(),
 *      every change of state through smtp_session_enter_state(); both are
 *      traced
 *   3. the dispatcher: a command line, checked against its row (argument,
 *      state), then its handler
 *   4. the handlers, in the order of a mail transaction: HELO, MAIL (and
 *      SEND, SOML, SAML), RCPT, DATA; then RSET, VRFY, EXPN, HELP, NOOP,
 *      QUIT, TURN
 *   5. the end of mail data: Received: stamped, the host stores, then 250
 *   6. the session's life: new, stored, shutdown, and its one end
 *
 * What a reply says is decided by pure functions in their own files:
 * recipient.c (RCPT), vrfy-expn.c (VRFY, EXPN), route.c (source routes),
 * mail-data.c (the data), message.c (the Received: line).
 */
#include "server-private.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "smtp-limits.h"
#include "message.h"
#include "reply.h"
#include "sasl.h"
#include "state-moves.h"
#include "turn-policy.h"
#include "vrfy-expn.h"

static void cmd_helo (SmtpServerSession *s, const char *arg);
static void cmd_mail (SmtpServerSession *s, const char *arg);
static void cmd_rcpt (SmtpServerSession *s, const char *arg);
static void cmd_data (SmtpServerSession *s, const char *arg);
static void cmd_rset (SmtpServerSession *s, const char *arg);
static void cmd_vrfy (SmtpServerSession *s, const char *arg);
static void cmd_expn (SmtpServerSession *s, const char *arg);
static void cmd_help (SmtpServerSession *s, const char *arg);
static void cmd_noop (SmtpServerSession *s, const char *arg);
static void cmd_quit (SmtpServerSession *s, const char *arg);
static void cmd_turn (SmtpServerSession *s, const char *arg);
static void end_of_data (SmtpServerSession *s);
static void session_end (SmtpServerSession *s, const char *reason);

/* ---- 1. the verb table ---- */

#define GREETED     SMTP_STATE_GREETED
#define READY       SMTP_STATE_READY
#define OPEN        (SMTP_STATE_GREETED | SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT)
#define IN_MAIL     (SMTP_STATE_MAIL | SMTP_STATE_RCPT)
#define MINIMUM     SMTP_VERB_MINIMUM
#define OPENS_MAIL  SMTP_VERB_OPENS_MAIL
#define HELLO       SMTP_VERB_HELLO
#define BEFORE_TLS  SMTP_VERB_BEFORE_TLS
#define LAST        SMTP_VERB_GROUP_LAST

/* RFC 821 §4.1.1, in the RFC's order.  SEND, SOML and SAML share MAIL's
 * handler: they differ only in where the mail is delivered (§3.4). */
const SmtpVerb smtp_rfc821_verbs[] = {
  /* verb    syntax                       allowed  argument
   *   flags                            mode                 handler   success leads to
   *   success replies  section                          explanation */
  { "HELO", "HELO <domain>",              OPEN,    SMTP_ARG_REQUIRED,
    MINIMUM | HELLO | BEFORE_TLS,       0,                   cmd_helo, SMTP_STATE_READY,
    250, 250,           "RFC 821 §3.5, §4.1.1",          SMTP_TEXT_HELO },
  { "MAIL", "MAIL FROM:<reverse-path>",   READY,   SMTP_ARG_REQUIRED,
    MINIMUM | OPENS_MAIL,               SMTP_MAIL_MODE_MAIL, cmd_mail, SMTP_STATE_MAIL,
    250, 250,           "RFC 821 §3.1, §4.1.1",          SMTP_TEXT_MAIL },
  { "RCPT", "RCPT TO:<forward-path>",     IN_MAIL, SMTP_ARG_REQUIRED,
    MINIMUM,                            0,                   cmd_rcpt, SMTP_STATE_RCPT,
    250, 251,           "RFC 821 §3.1, §3.6, §4.1.1",    SMTP_TEXT_RCPT },
  { "DATA", "DATA",                       SMTP_STATE_RCPT, SMTP_ARG_NONE,
    MINIMUM | LAST,                     0,                   cmd_data, SMTP_STATE_DATA,
    354, 354,           "RFC 821 §3.1, §4.1.1, §4.5.2",  SMTP_TEXT_DATA },
  { "RSET", "RSET",                       OPEN,    SMTP_ARG_NONE,
    MINIMUM | BEFORE_TLS,               0,                   cmd_rset, SMTP_STATE_READY,
    250, 250,           "RFC 821 §4.1.1",                SMTP_TEXT_RSET },
  { "SEND", "SEND FROM:<reverse-path>",   READY,   SMTP_ARG_REQUIRED,
    OPENS_MAIL,                         SMTP_MAIL_MODE_SEND, cmd_mail, SMTP_STATE_MAIL,
    250, 250,           "RFC 821 §3.4, §4.1.1",          SMTP_TEXT_SEND },
  { "SOML", "SOML FROM:<reverse-path>",   READY,   SMTP_ARG_REQUIRED,
    OPENS_MAIL,                         SMTP_MAIL_MODE_SOML, cmd_mail, SMTP_STATE_MAIL,
    250, 250,           "RFC 821 §3.4, §4.1.1",          SMTP_TEXT_SOML },
  { "SAML", "SAML FROM:<reverse-path>",   READY,   SMTP_ARG_REQUIRED,
    OPENS_MAIL,                         SMTP_MAIL_MODE_SAML, cmd_mail, SMTP_STATE_MAIL,
    250, 250,           "RFC 821 §3.4, §4.1.1",          SMTP_TEXT_SAML },
  { "VRFY", "VRFY <string>",              OPEN,    SMTP_ARG_REQUIRED,
    LAST,                               0,                   cmd_vrfy, 0,
    250, 252,           "RFC 821 §3.3, §4.1.1",          SMTP_TEXT_VRFY },
  { "EXPN", "EXPN <string>",              OPEN,    SMTP_ARG_REQUIRED,
    LAST,                               0,                   cmd_expn, 0,
    250, 250,           "RFC 821 §3.3, §4.1.1",          SMTP_TEXT_EXPN },
  { "HELP", "HELP [<string>]",            OPEN,    SMTP_ARG_OPTIONAL,
    BEFORE_TLS,                         0,                   cmd_help, 0,
    211, 214,           "RFC 821 §4.1.1",                SMTP_TEXT_HELP },
  { "NOOP", "NOOP",                       OPEN,    SMTP_ARG_OPTIONAL,
    MINIMUM | BEFORE_TLS | LAST,        0,                   cmd_noop, 0,
    250, 250,           "RFC 821 §4.1.1",                SMTP_TEXT_NOOP },
  { "QUIT", "QUIT",                       OPEN,    SMTP_ARG_NONE,
    MINIMUM | BEFORE_TLS | LAST,        0,                   cmd_quit, SMTP_STATE_QUIT,
    221, 221,           "RFC 821 §3.5, §4.1.1",          SMTP_TEXT_QUIT },
  { "TURN", "TURN",                       READY,   SMTP_ARG_NONE,
    LAST,                               0,                   cmd_turn, SMTP_STATE_QUIT,
    250, 250,           "RFC 821 §3.8, §4.1.1",          SMTP_TEXT_TURN },
};
const gsize smtp_rfc821_n_verbs = G_N_ELEMENTS (smtp_rfc821_verbs);

/* ---- 2. replies and states ---- */

/* send_reply - the reply's lines on the wire and in the trace */
static void
send_reply (SmtpServerSession *s, guint code, char **lines)
{
  GString *wire = g_string_sized_new (128);
  smtp_reply_format_lines (wire, code, (const char * const *) lines);
  smtp_conn_write (s->conn, wire->str, wire->len);
  g_string_free (wire, TRUE);
  smtp_trace_reply (s->trace, "server", s->id, code, (const char * const *) lines);

  /* RFC 5321 §4.1.4 leaves it to the server how often a client may err;
   * we count syntax and sequence errors in a row */
  if (code >= 500 && code <= 504)
    s->bad_commands++;
  else if (code < 400)
    s->bad_commands = 0;
}

/* smtp_session_reply - one reply; text NULL is the reply table's text */
void
smtp_session_reply (SmtpServerSession *s, guint code, const char *text)
{
  if (!text) {
    const SmtpReplyInfo *info = smtp_reply_lookup (code);
    text = info ? info->text : "";
  }
  char **lines = smtp_esmtp_enhance (s, code, text);
  send_reply (s, code, lines);
  g_strfreev (lines);
}

/* smtp_session_reply_plain - a reply whose text is sent as it is */
void
smtp_session_reply_plain (SmtpServerSession *s, guint code, const char *text)
{
  char **lines = g_strsplit (text, "\n", -1);
  send_reply (s, code, lines);
  g_strfreev (lines);
}

/* smtp_session_replyf - a reply with printf-style text */
void
smtp_session_replyf (SmtpServerSession *s, guint code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *text = g_strdup_vprintf (format, args);
  va_end (args);
  smtp_session_reply (s, code, text);
  g_free (text);
}

/* smtp_session_enter_state - the one place the state changes; the "state"
 * event lets the viewer draw what the server did instead of guessing */
void
smtp_session_enter_state (SmtpServerSession *s, SmtpServerState to, const char *verb)
{
  if (to == s->state)
    return;
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "state");
  if (b) {
    smtp_trace_add_string (b, "from", smtp_server_state_name (s->state));
    smtp_trace_add_string (b, "to", smtp_server_state_name (to));
    if (verb)
      smtp_trace_add_string (b, "verb", verb);
    smtp_trace_end (s->trace, b);
  }
  s->state = to;
}

/* succeed - the command's row says where success leads */
static void
succeed (SmtpServerSession *s)
{
  smtp_session_enter_state (s, s->command->to, s->command->verb);
}

/* transaction_free - a mail transaction and everything it holds */
static void
transaction_free (SmtpTransaction *t)
{
  if (!t)
    return;
  smtp_path_free (t->reverse_path);
  g_ptr_array_unref (t->recipients);
  g_free (t->id);
  if (t->message)
    g_bytes_unref (t->message);
  g_free (t);
}

/* smtp_session_reset_transaction - forget the mail transaction, if any
 * (RFC 821 §4.1.1: RSET, HELO, QUIT); the caller moves the state */
void
smtp_session_reset_transaction (SmtpServerSession *s)
{
  g_clear_pointer (&s->transaction, transaction_free);
  smtp_mail_data_reset (&s->mail_data);
}

/* ---- 3. the dispatcher ---- */

/* sequence_error - the 503 text for a verb used in the wrong state */
static const char *
sequence_error (SmtpServerSession *s, const SmtpVerb *row)
{
  if (s->state == SMTP_STATE_GREETED && (row->allowed & SMTP_STATE_READY))
    return "Bad sequence of commands: send HELO first";
  if (s->state & (SMTP_STATE_MAIL | SMTP_STATE_RCPT)
      && (row->allowed & SMTP_STATE_READY))
    return "Bad sequence of commands: a mail transaction is already open (RSET first)";
  if (s->state == SMTP_STATE_MAIL && (row->allowed & SMTP_STATE_RCPT))
    return "Bad sequence of commands: no valid recipients yet";
  return "Bad sequence of commands: MAIL first";
}

/* dispatch_now - a well-formed command: its row's checks, then its handler */
static void
dispatch_now (SmtpServerSession *s, const char *verb, const char *arg)
{
  const SmtpVerb *row = smtp_verb_lookup (verb);
  if (!row)
    smtp_session_reply (s, 500, "Syntax error, command unrecognized");
  else if (!row->handler)
    smtp_session_replyf (s, 502, "Command not implemented: %s", row->verb);
  else if (row->arg == SMTP_ARG_NONE && arg)
    smtp_session_replyf (s, 501, "Syntax error in parameters or arguments: %s takes no argument", verb);
  else if (row->arg == SMTP_ARG_REQUIRED && !arg)
    smtp_session_replyf (s, 501, "Syntax error in parameters or arguments: %s needs an argument", verb);
  else if (s->host->require_tls && !s->tls && !(row->flags & SMTP_VERB_BEFORE_TLS))
    smtp_session_reply (s, 530, "5.7.0 Must issue a STARTTLS command first");  /* RFC 3207 §4 */
  else if (!(row->allowed & s->state))
    smtp_session_reply (s, 503, sequence_error (s, row));
  else {
    s->command = row;
    row->handler (s, arg);
    /* RFC 2920 §3.1: a verb that ends a pipelined group changes what the
     * client does next, so its reply goes out now, not with later ones */
    if ((row->flags & SMTP_VERB_GROUP_LAST) && !s->ended && s->state != SMTP_STATE_QUIT)
      smtp_conn_flush (s->conn);
  }
}

/* dispatch - a command of the table the host was told to fail (faults on
 * demand, server-fault.c) is failed; any other is acted on */
static void
dispatch (SmtpServerSession *s, const char *verb, const char *arg)
{
  if (smtp_verb_lookup (verb) && smtp_session_fault (s, verb, dispatch_now, arg))
    return;
  dispatch_now (s, verb, arg);
}

/* command_line - one command line: traced, its form checked, dispatched */
static void
command_line (SmtpServerSession *s, const char *line, gsize len, SmtpLineFlags flags)
{
  char *verb = NULL, *arg = NULL;
  GError *error = NULL;

  /* no secret in a trace, unless the lesson asks (smtp_auth_reveals) */
  char *secret;
  char *shown = smtp_sasl_show_line (line, NULL, 0, smtp_auth_reveals (s), &secret);
  smtp_trace_command_secret (s->trace, "server", s->id, shown, NULL, secret);
  g_free (secret);
  g_free (shown);
  if (flags & SMTP_LINE_TOO_LONG) {
    smtp_session_reply (s, 500, "Line too long");      /* RFC 5321 §4.5.3.1.9 */
  } else if (flags & SMTP_LINE_BARE_LF) {
    /* RFC 5321 §2.3.8: a line ends with CRLF; like Postfix's
     * smtpd_forbid_bare_newline, we say so rather than guess */
    smtp_session_reply (s, 500, "5.5.2 Syntax error: a command ends with CRLF, "
                        "not a bare LF (RFC 5321 section 2.3.8)");
  } else if ((flags & SMTP_LINE_HAS_NUL) || strlen (line) != len) {
    smtp_session_reply (s, 500, "Syntax error, command unrecognized: NUL byte in command");
  } else if (!smtp_command_split (line, &verb, &arg, &error)) {
    smtp_session_replyf (s, smtp_grammar_error_reply (error), "Syntax error, command unrecognized: %s",
                         error->message);
    g_error_free (error);
  } else {
    dispatch (s, verb, arg);
  }
  g_free (verb);
  g_free (arg);

  if (s->bad_commands >= SMTP_LIMIT_BAD_COMMANDS && s->state != SMTP_STATE_QUIT)
    smtp_server_session_shutdown (s, "too many errors");
}

/* on_line - every line the client sends: mail data, a SASL answer, or a
 * command */
static void
on_line (SmtpConn *conn, const char *line, gsize len, SmtpLineFlags flags, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  if (s->state == SMTP_STATE_DATA) {
    /* drop=mid-data: the connection goes after the first line of data */
    if (s->mail_data.lines == 0 && !(len == 1 && line[0] == '.')
        && smtp_session_fault (s, "DATA-LINE", NULL, NULL))
      return;
    if (smtp_mail_data_add_line (&s->mail_data, line, len, flags))
      end_of_data (s);
  } else if (s->auth_step) {
    smtp_auth_response (s, line, len);
  } else if (s->state != SMTP_STATE_QUIT) {
    command_line (s, line, len, flags);
  }
}

/* ---- 4. the handlers, in the order of a mail transaction ---- */

/* smtp_session_hello - what HELO and EHLO share: check the domain, reset
 * the state (RFC 821 §4.1.1), remember who the client says it is */
gboolean
smtp_session_hello (SmtpServerSession *s, const char *domain, gboolean esmtp)
{
  GError *error = NULL;
  if (!smtp_domain_is_valid (domain, &error)) {
    smtp_session_replyf (s, 501, "Syntax error in parameters or arguments: %s", error->message);
    g_error_free (error);
    return FALSE;
  }
  smtp_session_reset_transaction (s);
  g_free (s->helo);
  s->helo = g_strdup (domain);
  s->esmtp = esmtp;
  succeed (s);
  return TRUE;
}

/* cmd_helo - "HELO <domain>": who the client is; RFC 821 §3.5:
 * "250 BBN-UNIX.ARPA" */
static void
cmd_helo (SmtpServerSession *s, const char *arg)
{
  if (smtp_session_hello (s, arg, FALSE))
    smtp_session_reply (s, 250, s->host->name);
}

/* cmd_mail - "MAIL FROM:<reverse-path>" (and SEND, SOML, SAML, §3.4):
 * starts a mail transaction with a clean buffer (§3.1) */
static void
cmd_mail (SmtpServerSession *s, const char *arg)
{
  GError *error = NULL;
  SmtpPath *reverse_path = NULL;
  GPtrArray *params = NULL;

  if (!smtp_parse_path_argument (arg, "FROM", &reverse_path, &params, &error)) {
    smtp_session_replyf (s, smtp_grammar_error_reply (error), "%s", error->message);
    g_error_free (error);
    return;
  }
  SmtpTransaction *t = g_new0 (SmtpTransaction, 1);
  t->mode = s->command->mode;
  t->reverse_path = reverse_path;
  t->recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) smtp_recipient_free);
  gboolean ok = smtp_esmtp_mail_params (s, params, t);
  if (params)
    g_ptr_array_unref (params);
  if (!ok) {
    transaction_free (t);
    return;
  }
  s->transaction = t;
  succeed (s);
  smtp_session_reply (s, 250, "2.1.0 OK");             /* RFC 3463: originator ok */
}

/* at_terminal - the host's answer to "is this user at a terminal?" */
static gboolean
at_terminal (const char *local_part, gpointer data)
{
  SmtpServerSession *s = data;
  return s->hooks.terminal_available
         && s->hooks.terminal_available (s, local_part, s->user_data);
}

/* cmd_rcpt - "RCPT TO:<forward-path>": one recipient (§3.1); may repeat */
static void
cmd_rcpt (SmtpServerSession *s, const char *arg)
{
  GError *error = NULL;
  SmtpPath *forward_path = NULL;
  GPtrArray *params = NULL;

  if (!smtp_parse_path_argument (arg, "TO", &forward_path, &params, &error)) {
    smtp_session_replyf (s, smtp_grammar_error_reply (error), "%s", error->message);
    g_error_free (error);
    return;
  }
  gboolean params_ok = smtp_esmtp_rcpt_params (s, params);
  if (params)
    g_ptr_array_unref (params);
  if (!params_ok) {
    smtp_path_free (forward_path);
    return;
  }
  /* RFC 5321 §4.5.3.1.10: recipients beyond the limit get 452, so the
   * client sends them again in another transaction: none is dropped */
  if (s->transaction->recipients->len >= s->host->max_recipients) {
    smtp_path_free (forward_path);
    smtp_session_reply (s, 452, "4.5.3 Too many recipients");
    return;
  }
  SmtpRcptContext context = {
    .host = s->host,
    .mode = s->transaction->mode,
    .may_relay = s->auth_mailbox || smtp_host_relays_for (s->host, smtp_conn_peer_address (s->conn)),
    .at_terminal = at_terminal,
    .user_data = s,
  };
  SmtpRecipient *r = g_new0 (SmtpRecipient, 1);
  r->forward_path = forward_path;
  char *text = NULL;
  guint code = smtp_rcpt_decide (&context, r, &text);
  if (smtp_verb_succeeded (s->command, code)) {
    g_ptr_array_add (s->transaction->recipients, r);
    succeed (s);
  } else {
    smtp_recipient_free (r);
  }
  smtp_session_reply (s, code, code == 250 ? "2.1.5 OK" : text);  /* RFC 3463: destination ok */
  g_free (text);
}

/* cmd_data - "354 Start mail input"; the lines that follow are mail data */
static void
cmd_data (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_mail_data_reset (&s->mail_data);
  succeed (s);
  smtp_conn_set_line_limit (s->conn, SMTP_LIMIT_TEXT_LINE);
  smtp_session_reply (s, 354, NULL);
}

/* cmd_rset - abort the mail transaction; keep the HELO (§4.1.1) */
static void
cmd_rset (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_session_reset_transaction (s);
  if (s->state != SMTP_STATE_GREETED)                  /* no HELO is no HELO */
    succeed (s);
  smtp_session_reply (s, 250, "OK");
}

/* reply_owned - a reply whose text the caller made for it */
static void
reply_owned (SmtpServerSession *s, guint code, char *text)
{
  smtp_session_reply (s, code, text);
  g_free (text);
}

/* cmd_vrfy - "VRFY <string>": the user's full name and mailbox (§3.3) */
static void
cmd_vrfy (SmtpServerSession *s, const char *arg)
{
  char *text;
  guint code = smtp_vrfy_reply (s->host, arg, &text);
  reply_owned (s, code, text);
}

/* cmd_expn - "EXPN <string>": one reply line per member of a list (§3.3) */
static void
cmd_expn (SmtpServerSession *s, const char *arg)
{
  char *text;
  guint code = smtp_expn_reply (s->host, arg, &text);
  reply_owned (s, code, text);
}

/* help_verbs - the verbs this receiver accepts, from the verb table */
static char *
help_verbs (void)
{
  GString *text = g_string_new ("Commands:");
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++)
    g_string_append_printf (text, "%s%s", i % 8 ? " " : "\n  ", row->verb);
  g_string_append (text, "\nHELP <command> tells more about one of them");
  return g_string_free (text, FALSE);
}

/* help_text - a verb's syntax, its explanation wrapped to 72 columns, and
 * its RFC section; replies are US-ASCII (RFC 5321 section 2.4), so "§"
 * is spelled "section" */
static char *
help_text (const SmtpVerb *row)
{
  GString *text = g_string_new (row->syntax);
  char **words = g_strsplit (smtp_verb_summary (row, SMTP_LANG_EN), " ", -1);
  gsize column = 72;
  for (guint i = 0; words[i]; i++) {
    if (column + strlen (words[i]) >= 72) {
      g_string_append_c (text, '\n');
      column = 0;
    } else {
      g_string_append_c (text, ' ');
      column++;
    }
    g_string_append (text, words[i]);
    column += strlen (words[i]);
  }
  g_strfreev (words);
  char **parts = g_strsplit (row->section, "\u00a7", -1);
  char *section = g_strjoinv ("section ", parts);
  g_string_append_printf (text, "\n%s", section);
  g_free (section);
  g_strfreev (parts);
  return g_string_free (text, FALSE);
}

/* cmd_help - "HELP [<string>]": the verbs, or one verb's syntax and use */
static void
cmd_help (SmtpServerSession *s, const char *arg)
{
  const SmtpVerb *row = arg ? smtp_verb_lookup (arg) : NULL;
  if (!arg)
    reply_owned (s, 214, help_verbs ());
  else if (row)
    reply_owned (s, 214, help_text (row));
  else
    smtp_session_replyf (s, 504, "HELP topic unknown: %s", arg);
}

/* cmd_noop - "250 OK", nothing else (§4.1.1) */
static void
cmd_noop (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_session_reply (s, 250, "OK");
}

/* cmd_quit - "221 <host> Service closing transmission channel", then
 * close (§3.5) */
static void
cmd_quit (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_session_reset_transaction (s);
  succeed (s);
  smtp_session_replyf (s, 221, "%s Service closing transmission channel", s->host->name);
  smtp_conn_close (s->conn);
}

/* turn_end_cb - after TURN: the session ends once the line that asked
 * for it has been handled */
static gboolean
turn_end_cb (gpointer data)
{
  session_end (data, NULL);
  return G_SOURCE_REMOVE;
}

/* cmd_turn - RFC 821 §3.8: "If program-A is currently the sender-SMTP and
 * it sends the TURN command and receives an ok reply (250) then program-A
 * becomes the receiver-SMTP."  A receiver may refuse with 502; under
 * turn-auth=required it asks for AUTH first (530) and hands over only
 * what the logged-in user may take (RFC 2645's idea). */
static void
cmd_turn (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  const char *refusal = smtp_turn_refusal (s->host, s->hooks.turn != NULL, s->tls);
  if (refusal) {
    smtp_session_reply (s, 502, refusal);
    return;
  }
  refusal = smtp_turn_auth_refusal (s->host, s->auth_mailbox);
  if (refusal) {
    smtp_session_reply (s, 530, refusal);       /* RFC 4954 §6 */
    return;
  }
  const char *domain = smtp_turn_domain (s->host, s->helo, s->auth_mailbox);
  succeed (s);
  smtp_session_reply (s, 250, "OK");
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "turn");
  if (b) {
    smtp_trace_add_string (b, "now", "client");
    smtp_trace_add_string (b, "peer", s->helo);
    if (s->auth_mailbox)
      smtp_trace_add_string (b, "user", s->auth_mailbox);
    if (domain)
      smtp_trace_add_string (b, "domain", domain);
    smtp_trace_end (s->trace, b);
  }
  GSocket *socket = smtp_conn_steal_socket (s->conn);
  s->hooks.turn (s, socket, domain, s->user_data);
  g_object_unref (socket);
  g_idle_add (turn_end_cb, s);
}

/* ---- 5. the end of mail data (§4.1.1 DATA, §4.1.2, §4.5.2) ---- */

/* new_message_id - an id for Received: "id", unique across the hosts of a
 * scenario: the time, the process and a counter in hex, like an MTA's
 * queue id */
static char *
new_message_id (void)
{
  static guint counter;
  return g_strdup_printf ("%08" G_GINT64_MODIFIER "X%04X%04X",
                          g_get_real_time () / G_USEC_PER_SEC, (guint) getpid () & 0xFFFF,
                          ++counter & 0xFFFF);
}

/* trace_message - the "data" and "message" events for the stamped message */
static void
trace_message (SmtpServerSession *s, GPtrArray *headers)
{
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "data");
  if (b) {
    smtp_trace_add_int (b, "size", s->transaction->size);
    smtp_trace_add_int (b, "lines", s->mail_data.lines);
    smtp_trace_end (s->trace, b);
  }
  b = smtp_trace_begin (s->trace, "server", s->id, "message");
  if (b) {
    smtp_trace_add_string (b, "id", s->transaction->id);
    smtp_trace_add_int (b, "hop", smtp_headers_count (headers, "Received"));
    smtp_trace_add_headers (b, headers);
    smtp_trace_end (s->trace, b);
  }
}

/* stamp_received - RFC 821 §4.1.2: "when the receiver-SMTP makes the
 * 'final delivery' ... or relays ... it inserts at the beginning of the
 * mail data a time stamp line" (message.c writes the line) */
static GBytes *
stamp_received (SmtpServerSession *s)
{
  SmtpTransaction *t = s->transaction;
  GDateTime *now = smtp_now_local ();
  const SmtpRecipient *only = t->recipients->len == 1 ? g_ptr_array_index (t->recipients, 0) : NULL;
  char *for_path = only ? smtp_path_to_string (only->forward_path) : NULL;
  SmtpReceived received = {
    .from_domain = s->helo,
    .from_address = smtp_conn_peer_address (s->conn),
    .by_domain = s->host->name,
    .with = smtp_received_with (s->esmtp, s->tls, s->auth_mailbox != NULL),
    .id = t->id,
    .for_path = for_path,              /* "for" only with one recipient */
    .when = now,
  };
  char *line = smtp_received_line (&received);
  GBytes *message = smtp_message_prepend (line, (const char *) s->mail_data.bytes->data,
                                          s->mail_data.bytes->len);
  g_free (line);
  g_free (for_path);
  g_date_time_unref (now);
  return message;
}

/* refuse_data - the data is refused: the transaction is over (§4.1.1) */
static void
refuse_data (SmtpServerSession *s, guint code, const char *text)
{
  smtp_session_reset_transaction (s);
  smtp_session_enter_state (s, SMTP_STATE_READY, SMTP_END_OF_DATA);
  smtp_session_reply (s, code, text);
}

/* end_of_data_now - the lone "." arrived: refuse, or stamp and store */
static void
end_of_data_now (SmtpServerSession *s, const char *verb, const char *arg)
{
  (void) verb;
  (void) arg;
  SmtpTransaction *t = s->transaction;
  const char *text = NULL;

  smtp_conn_set_line_limit (s->conn, SMTP_LIMIT_COMMAND_LINE);
  t->size = s->mail_data.bytes->len;
  guint code = smtp_mail_data_refusal (&s->mail_data, &text);
  if (code) {
    refuse_data (s, code, text);
    return;
  }
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse ((const char *) s->mail_data.bytes->data,
                                           s->mail_data.bytes->len, &body_offset);
  guint hops = smtp_headers_count (headers, "Received");
  g_ptr_array_unref (headers);
  /* RFC 5321 §6.3: count the Received: lines to catch a mail loop */
  if (hops >= SMTP_LIMIT_RECEIVED_HOPS) {
    refuse_data (s, 554, "5.4.6 Transaction failed: too many Received: lines (mail loop?)");
    return;
  }

  t->id = new_message_id ();
  t->message = stamp_received (s);
  gsize len;
  const char *message = g_bytes_get_data (t->message, &len);
  headers = smtp_headers_parse (message, len, &body_offset);
  trace_message (s, headers);
  g_ptr_array_unref (headers);

  /* the host stores the message; the 250 waits for it (nothing is lost) */
  smtp_session_enter_state (s, SMTP_STATE_STORING, SMTP_END_OF_DATA);
  smtp_conn_pause (s->conn);
  s->storing = TRUE;
  s->hooks.store (s, t, s->user_data);
}

/* end_of_data - the end of the mail data, unless the host was told to
 * fail it (fault=DATA-END, server-fault.c) */
static void
end_of_data (SmtpServerSession *s)
{
  if (!smtp_session_fault (s, "DATA-END", end_of_data_now, NULL))
    end_of_data_now (s, NULL, NULL);
}

/* stored_reply_code - the reply to the end of mail data once the host
 * stored it or failed to: RFC 5321 §4.2.3 has 452 "insufficient system
 * storage" for a full disk, and 451 "local error in processing" */
static guint
stored_reply_code (int error)
{
  if (error == 0)
    return 250;
  return error == ENOSPC || error == EDQUOT ? 452 : 451;
}

/* smtp_server_session_stored - the host's answer: now the reply */
void
smtp_server_session_stored (SmtpServerSession *s, int error)
{
  s->storing = FALSE;
  if (s->ended) {
    g_clear_pointer (&s->transaction, transaction_free);
    session_end (s, NULL);
    return;
  }
  smtp_session_reset_transaction (s);
  smtp_session_enter_state (s, SMTP_STATE_READY, SMTP_END_OF_DATA);
  smtp_session_reply (s, stored_reply_code (error), error ? NULL : "OK");
  smtp_conn_resume (s->conn);
  if (s->shutdown_why) {
    char *why = g_steal_pointer (&s->shutdown_why);
    smtp_server_session_shutdown (s, why);
    g_free (why);
  }
}

/* ---- 6. the session's life ---- */

/* greet_now - RFC 821 §3.5:
 * "220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready" */
static void
greet_now (SmtpServerSession *s, const char *verb, const char *arg)
{
  (void) verb;
  (void) arg;
  smtp_session_replyf (s, 220, "%s %s", s->host->name, s->host->greeting);
  smtp_conn_flush (s->conn);
}

/* smtp_session_greet - the greeting, unless the host was told to delay,
 * replace or hang up after it (GREETING faults, server-fault.c) */
void
smtp_session_greet (SmtpServerSession *s)
{
  if (!smtp_session_fault (s, "GREETING", greet_now, NULL))
    greet_now (s, NULL, NULL);
}

/* on_timeout - RFC 5321 §4.5.3.2.7: a server may give up on an idle client */
static void
on_timeout (SmtpConn *conn, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  if (s->state == SMTP_STATE_STORING)
    return;
  smtp_server_session_shutdown (s, "idle timeout");
}

/* on_ended - the connection is over, whoever closed it */
static void
on_ended (SmtpConn *conn, SmtpConnEnd why, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  static const char *reasons[] = { "peer closed", "closed", "error" };
  session_end (s, s->state == SMTP_STATE_DATA ? "closed during DATA: mail dropped" : reasons[why]);
}

/* session_end - the one way a session ends, whether by QUIT, 421, TURN or
 * the client going away: the "close" event (reason NULL: none, as after
 * TURN, where the connection lives on), mail data not yet ended dropped
 * (nothing half-received is ever delivered), and the host told, unless it
 * is still storing a message: then smtp_server_session_stored() ends it. */
static void
session_end (SmtpServerSession *s, const char *reason)
{
  if (!s->ended && reason) {
    SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "close");
    if (b) {
      smtp_trace_add_string (b, "reason", reason);
      smtp_trace_end (s->trace, b);
    }
  }
  s->ended = TRUE;
  if (s->storing)
    return;
  smtp_session_reset_transaction (s);
  smtp_session_enter_state (s, SMTP_STATE_QUIT, NULL);
  if (s->hooks.ended)
    s->hooks.ended (s, s->user_data);
}

/* smtp_server_session_new - a session on a connected socket, greeted */
SmtpServerSession *
smtp_server_session_new (GSocket *socket, const SmtpHostConfig *host, SmtpTrace *trace,
                         const SmtpServerHooks *hooks, gpointer user_data)
{
  static const SmtpConnHandlers handlers = { on_line, on_timeout, on_ended };
  SmtpServerSession *s = g_new0 (SmtpServerSession, 1);
  s->host = host;
  s->trace = trace;
  s->hooks = *hooks;
  s->user_data = user_data;
  s->id = smtp_trace_new_session_id ();
  smtp_mail_data_init (&s->mail_data, host->max_message_size);
  s->state = SMTP_STATE_GREETED;
  s->conn = smtp_conn_new (socket, &handlers, s);
  smtp_conn_set_line_limit (s->conn, SMTP_LIMIT_COMMAND_LINE);
  smtp_conn_set_timeout (s->conn, host->timeout);

  SmtpTraceEvent *b = smtp_trace_begin (trace, "server", s->id, "connect");
  if (b) {
    smtp_trace_add_string (b, "peer", smtp_conn_peer_address (s->conn));
    smtp_trace_add_string (b, "local", smtp_conn_local_address (s->conn));
    smtp_trace_end (trace, b);
  }
  if (hooks->implicit_tls && hooks->tls_context)
    smtp_tls_start_implicit (s);
  else
    smtp_session_greet (s);
  return s;
}

/* smtp_server_session_shutdown - "421 <host> Service not available" and
 * close (RFC 821 §3.8, §4.2.2): shutdown, idle timeout, too many errors.
 * A message being stored gets its reply first: the client must not think
 * lost what is on disk (and send it twice). */
void
smtp_server_session_shutdown (SmtpServerSession *s, const char *why)
{
  if (s->ended || s->state == SMTP_STATE_QUIT)
    return;
  if (s->storing) {
    g_free (s->shutdown_why);
    s->shutdown_why = g_strdup (why);
    return;
  }
  smtp_session_reset_transaction (s);
  smtp_session_enter_state (s, SMTP_STATE_QUIT, NULL);
  smtp_session_replyf (s, 421, "%s Service not available, closing transmission channel (%s)",
                       s->host->name, why);
  smtp_conn_close (s->conn);
}

/* smtp_server_session_free - the host frees a session that has ended */
void
smtp_server_session_free (SmtpServerSession *s)
{
  if (!s)
    return;
  smtp_conn_free (s->conn);
  g_clear_handle_id (&s->auth_delay, g_source_remove);
  g_clear_handle_id (&s->fault_delay, g_source_remove);
  g_free (s->fault_verb);
  g_free (s->fault_arg);
  smtp_sasl_credentials_clear (&s->auth_creds);
  g_free (s->auth_mailbox);
  g_clear_pointer (&s->transaction, transaction_free);
  smtp_mail_data_clear (&s->mail_data);
  g_free (s->shutdown_why);
  g_free (s->helo);
  g_free (s->id);
  g_free (s);
}

/* smtp_server_session_id - the session's id in the trace */
const char *
smtp_server_session_id (SmtpServerSession *s)
{
  return s->id;
}

/* smtp_server_refuse - a 421 without a session (too many connections) */
void
smtp_server_refuse (GSocket *socket, const SmtpHostConfig *host, SmtpTrace *trace,
                    const char *why)
{
  char *id = smtp_trace_new_session_id ();
  char *text = g_strdup_printf ("%s Service not available, closing transmission channel (%s)",
                                host->name, why);
  char *wire = smtp_reply_format (421, text);
  /* a few bytes into an empty socket buffer: this send does not block */
  g_socket_set_blocking (socket, FALSE);
  g_socket_send (socket, wire, strlen (wire), NULL, NULL);
  SmtpTraceEvent *b = smtp_trace_begin (trace, "server", id, "connect");
  if (b) {
    GSocketAddress *remote = g_socket_get_remote_address (socket, NULL);
    GSocketAddress *local = g_socket_get_local_address (socket, NULL);
    char *peer = remote ? smtp_address_string (remote, NULL) : g_strdup ("unknown");
    char *here = local ? smtp_address_string (local, NULL) : g_strdup ("unknown");
    smtp_trace_add_string (b, "peer", peer);
    smtp_trace_add_string (b, "local", here);
    smtp_trace_end (trace, b);
    g_free (peer);
    g_free (here);
    g_clear_object (&remote);
    g_clear_object (&local);
  }
  const char *lines[] = { text, NULL };
  smtp_trace_reply (trace, "server", id, 421, lines);
  b = smtp_trace_begin (trace, "server", id, "close");
  if (b) {
    smtp_trace_add_string (b, "reason", why);
    smtp_trace_end (trace, b);
  }
  g_socket_close (socket, NULL);
  g_free (wire);
  g_free (text);
  g_free (id);
}
