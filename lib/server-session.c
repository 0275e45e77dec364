/* server-session.c - the receiver-SMTP of RFC 821 (§3, §4.1, §4.3).
 *
 * A session reads command lines, looks the verb up in the command table,
 * checks that it is allowed in the current state (RFC 821 §4.3 sequencing)
 * and calls its handler.  Every reply goes through smtp_session_reply(),
 * which also writes it to the trace.  After DATA the session collects the
 * mail data line by line (mail-data.c), stamps a Received: line (§4.1.2 TIME STAMP) and
 * hands the message to its host, which stores it before the 250 is sent.
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
#include "verbs.h"

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
static void session_unref (SmtpServerSession *s);
static const SmtpCommand *find_command (const char *verb);

#define ANY_STATE   (SMTP_STATE_GREETED | SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT)
#define IN_MAIL     (SMTP_STATE_MAIL | SMTP_STATE_RCPT)

/* The RFC 821 command table (§4.1.1), in the RFC's order.  SEND, SOML and
 * SAML share MAIL's handler: they differ only in where mail is delivered. */
static const SmtpCommand commands[] = {
  { "HELO", ANY_STATE,          SMTP_ARG_REQUIRED, cmd_helo },
  { "MAIL", SMTP_STATE_READY,   SMTP_ARG_REQUIRED, cmd_mail },
  { "RCPT", IN_MAIL,            SMTP_ARG_REQUIRED, cmd_rcpt },
  { "DATA", SMTP_STATE_RCPT,    SMTP_ARG_NONE,     cmd_data },
  { "RSET", ANY_STATE,          SMTP_ARG_NONE,     cmd_rset },
  { "SEND", SMTP_STATE_READY,   SMTP_ARG_REQUIRED, cmd_mail },
  { "SOML", SMTP_STATE_READY,   SMTP_ARG_REQUIRED, cmd_mail },
  { "SAML", SMTP_STATE_READY,   SMTP_ARG_REQUIRED, cmd_mail },
  { "VRFY", ANY_STATE,          SMTP_ARG_REQUIRED, cmd_vrfy },
  { "EXPN", ANY_STATE,          SMTP_ARG_REQUIRED, cmd_expn },
  { "HELP", ANY_STATE,          SMTP_ARG_OPTIONAL, cmd_help },
  { "NOOP", ANY_STATE,          SMTP_ARG_OPTIONAL, cmd_noop },
  { "QUIT", ANY_STATE,          SMTP_ARG_NONE,     cmd_quit },
  { "TURN", SMTP_STATE_READY,   SMTP_ARG_NONE,     cmd_turn },
};
static const gsize n_commands = G_N_ELEMENTS (commands);

/* Every command table: RFC 821's above, each extension's in its own file
 * (server-esmtp.c, server-tls.c, server-auth.c). */
static const struct {
  const SmtpCommand *rows;
  const gsize *n_rows;
} command_tables[] = {
  { commands, &n_commands },
  { smtp_esmtp_commands, &smtp_esmtp_n_commands },
  { smtp_tls_commands, &smtp_tls_n_commands },
  { smtp_auth_commands, &smtp_auth_n_commands },
};

const char *
smtp_server_state_name (SmtpServerState state)
{
  switch (state) {
  case SMTP_STATE_GREETED: return "GREETED";
  case SMTP_STATE_READY:   return "READY";
  case SMTP_STATE_MAIL:    return "MAIL";
  case SMTP_STATE_RCPT:    return "RCPT";
  case SMTP_STATE_DATA:    return "DATA";
  case SMTP_STATE_STORING: return "STORING";
  case SMTP_STATE_QUIT:    return "QUIT";
  }
  return "?";
}

/* ---- replies ---- */

/* enhanced_default - the RFC 3463 code for a reply whose text has none:
 * the table's, made precise for the 250s that accept an address */
static const char *
enhanced_default (SmtpServerSession *s, guint code)
{
  if (code == 250 && s->verb && (g_str_equal (s->verb, "MAIL") || g_str_equal (s->verb, "SEND")
                                 || g_str_equal (s->verb, "SOML") || g_str_equal (s->verb, "SAML")))
    return "2.1.0";                                    /* originator ok */
  if (code == 250 && s->verb && g_str_equal (s->verb, "RCPT"))
    return "2.1.5";                                    /* destination ok */
  const SmtpReplyInfo *info = smtp_reply_lookup (code);
  return info && info->enhanced ? info->enhanced : NULL;
}

/* with_enhanced_codes - RFC 2034 §3: after EHLO, every line of a 2yz, 4yz
 * or 5yz reply starts with an enhanced status code (not the 220 greeting,
 * not the reply to EHLO itself); after HELO none does, so RFC 821's
 * dialogues read exactly as in the RFC.  A text may bring its own code
 * ("5.7.1 Relaying denied"); otherwise the default is used. */
static char **
with_enhanced_codes (SmtpServerSession *s, guint code, const char *text)
{
  gboolean enhance = s->esmtp && code / 100 != 3 && code / 100 != 1
                     && !(code == 250 && g_strcmp0 (s->verb, "EHLO") == 0);
  gsize own = smtp_enhanced_code_length (text);
  const char *status = own ? NULL : enhanced_default (s, code);
  char **lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    const char *plain = lines[i] + smtp_enhanced_code_length (lines[i]);
    char *line = !enhance ? g_strdup (plain)
                 : own ? g_strdup_printf ("%.*s %s", (int) own - 1, text, plain)
                 : status ? g_strconcat (status, " ", plain, NULL) : g_strdup (plain);
    g_free (lines[i]);
    lines[i] = line;
  }
  return lines;
}

void
smtp_session_reply (SmtpServerSession *s, guint code, const char *text)
{
  if (!text) {
    const SmtpReplyInfo *info = smtp_reply_lookup (code);
    text = info ? info->text : "";
  }
  char **lines = with_enhanced_codes (s, code, text);
  GString *wire = g_string_sized_new (128);
  smtp_reply_format_lines (wire, code, (const char * const *) lines);
  smtp_conn_write (s->conn, wire->str, wire->len);
  g_string_free (wire, TRUE);
  smtp_trace_reply (s->trace, "server", s->id, code, (const char * const *) lines);
  g_strfreev (lines);

  /* RFC 5321 §4.1.4 leaves it to the server how often a client may err;
   * we count syntax and sequence errors in a row */
  if (code >= 500 && code <= 504)
    s->bad_commands++;
  else if (code < 400)
    s->bad_commands = 0;
}

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

/* ---- transactions ---- */

void
smtp_recipient_free (SmtpRecipient *r)
{
  if (!r)
    return;
  smtp_path_free (r->forward_path);
  smtp_path_free (r->next_path);
  g_free (r->local_part);
  if (r->members)
    g_ptr_array_unref (r->members);
  g_free (r);
}

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

void
smtp_session_reset_transaction (SmtpServerSession *s)
{
  g_clear_pointer (&s->transaction, transaction_free);
  smtp_mail_data_reset (&s->mail_data);
  if (s->state & (SMTP_STATE_MAIL | SMTP_STATE_RCPT | SMTP_STATE_DATA))
    s->state = SMTP_STATE_READY;
}

/* ---- HELO and QUIT (§3.5) ---- */

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
  s->state = SMTP_STATE_READY;
  return TRUE;
}

/* cmd_helo - "HELO <domain>": who the client is */
static void
cmd_helo (SmtpServerSession *s, const char *arg)
{
  /* RFC 821 §3.5: "250 BBN-UNIX.ARPA" */
  if (smtp_session_hello (s, arg, FALSE))
    smtp_session_reply (s, 250, s->host->name);
}

/* cmd_quit - "221 <host> Service closing transmission channel", then close */
static void
cmd_quit (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_session_reset_transaction (s);
  s->state = SMTP_STATE_QUIT;
  smtp_session_replyf (s, 221, "%s Service closing transmission channel", s->host->name);
  smtp_conn_close (s->conn);
}

/* ---- the mail transaction (§3.1) ---- */

static SmtpMailMode
mail_mode (const char *verb)
{
  if (g_str_equal (verb, "SEND")) return SMTP_MAIL_MODE_SEND;
  if (g_str_equal (verb, "SOML")) return SMTP_MAIL_MODE_SOML;
  if (g_str_equal (verb, "SAML")) return SMTP_MAIL_MODE_SAML;
  return SMTP_MAIL_MODE_MAIL;
}

/* cmd_mail - "MAIL FROM:<reverse-path>" (and SEND, SOML, SAML, §3.4):
 * starts a mail transaction with a clean buffer */
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
  t->mode = mail_mode (s->verb);
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
  s->state = SMTP_STATE_MAIL;
  smtp_session_reply (s, 250, "OK");
}

/* is_this_host - is domain a name of this host (for source routes, §3.6)? */
static gboolean
is_this_host (SmtpServerSession *s, const char *domain)
{
  return smtp_domain_equal (domain, s->host->name)
         || smtp_host_serves_domain (s->host, domain);
}

/* recipient_for_user - a local user, by mode (RFC 821 §3.4): SEND needs the
 * user at a terminal (450 otherwise), SOML falls back to the mailbox, SAML
 * delivers to both */
static guint
recipient_for_user (SmtpServerSession *s, SmtpRecipient *r, const char **text)
{
  gboolean at_terminal = s->transaction->mode != SMTP_MAIL_MODE_MAIL
                         && s->hooks.terminal_available
                         && s->hooks.terminal_available (s, r->local_part, s->user_data);
  switch (s->transaction->mode) {
  case SMTP_MAIL_MODE_MAIL:
    r->kind = SMTP_RCPT_MAILBOX;
    break;
  case SMTP_MAIL_MODE_SEND:
    if (!at_terminal) {
      *text = "Requested mail action not taken: user not logged in at a terminal";
      return 450;
    }
    r->kind = SMTP_RCPT_TERMINAL;
    break;
  case SMTP_MAIL_MODE_SOML:
    r->kind = at_terminal ? SMTP_RCPT_TERMINAL : SMTP_RCPT_MAILBOX;
    break;
  case SMTP_MAIL_MODE_SAML:
    r->kind = at_terminal ? SMTP_RCPT_BOTH : SMTP_RCPT_MAILBOX;
    break;
  }
  return 250;
}

/* decide_recipient - what this host does with one forward-path: the reply
 * code for RCPT, with r filled in when it is accepted.  *text is set for
 * replies whose text is not the table's default. */
static guint
decide_recipient (SmtpServerSession *s, SmtpRecipient *r, char **text)
{
  const SmtpPath *path = r->forward_path;

  /* RFC 821 §3.6: the first host of a source route is the receiver; it
   * takes itself off the route.  A route that goes on, or a mailbox at
   * another host, is mail to relay, which this host does not do for
   * strangers (RFC 5321 §3.6.2, relay is a matter of policy). */
  guint first = 0;
  while (first < path->route->len && is_this_host (s, g_ptr_array_index (path->route, first)))
    first++;
  if (first < path->route->len || !smtp_host_serves_domain (s->host, path->domain)) {
    if (!s->auth_mailbox && !smtp_host_relays_for (s->host, smtp_conn_peer_address (s->conn))) {
      *text = g_strdup ("5.7.1 Relaying denied");
      return 550;
    }
    /* the rest of the route (or the mailbox) is where the mail goes next */
    r->kind = SMTP_RCPT_RELAY;
    r->next_path = smtp_path_copy (path);
    g_ptr_array_remove_range (r->next_path->route, 0, first);
    return 250;
  }

  g_autoptr (SmtpDirEntry) entry =
    smtp_directory_lookup_mailbox (s->host, path->local_part, path->domain);
  switch (entry->kind) {
  case SMTP_DIR_USER: {
    const char *why = NULL;
    r->local_part = g_strdup (entry->local_part);
    guint code = recipient_for_user (s, r, &why);
    if (why)
      *text = g_strdup (why);
    return code;
  }
  case SMTP_DIR_LIST:
    if (s->transaction->mode == SMTP_MAIL_MODE_SEND) {
      *text = g_strdup ("Requested action not taken: SEND goes to a user's terminal, not to a list");
      return 550;
    }
    r->kind = SMTP_RCPT_LIST;
    r->members = g_ptr_array_ref (entry->members);
    return 250;
  case SMTP_DIR_FORWARD:
    /* RFC 821 §3.2: 251, and this host takes the responsibility to forward */
    r->kind = SMTP_RCPT_FORWARD;
    r->next_path = smtp_path_parse (entry->forward_path, FALSE, NULL);
    if (!r->next_path) {
      *text = g_strdup_printf ("Requested action aborted: bad forward address %s in scenario",
                               entry->forward_path);
      return 451;
    }
    *text = g_strdup_printf ("User not local; will forward to %s", entry->forward_path);
    return 251;
  case SMTP_DIR_MOVED:
    /* RFC 821 §3.2: 551, the sender must try the new address itself */
    *text = g_strdup_printf ("User not local; please try %s", entry->forward_path);
    return 551;
  case SMTP_DIR_UNKNOWN:
  case SMTP_DIR_AMBIGUOUS:
  case SMTP_DIR_NOT_LOCAL:
    break;
  }
  /* RFC 821 §3.1: "550 No such user here" */
  *text = g_strdup ("No such user here");
  return 550;
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
  SmtpRecipient *r = g_new0 (SmtpRecipient, 1);
  r->forward_path = forward_path;
  char *text = NULL;
  guint code = decide_recipient (s, r, &text);
  if (code == 250 || code == 251) {
    g_ptr_array_add (s->transaction->recipients, r);
    s->state = SMTP_STATE_RCPT;
  } else {
    smtp_recipient_free (r);
  }
  smtp_session_reply (s, code, code == 250 ? "OK" : text);
  g_free (text);
}

/* cmd_data - "354 Start mail input"; the lines that follow are mail data */
static void
cmd_data (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_mail_data_reset (&s->mail_data);
  s->state = SMTP_STATE_DATA;
  smtp_conn_set_line_limit (s->conn, SMTP_LIMIT_TEXT_LINE);
  smtp_session_reply (s, 354, NULL);
}

/* cmd_rset - abort the mail transaction; keep the HELO (§4.1.1) */
static void
cmd_rset (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_session_reset_transaction (s);
  smtp_session_reply (s, 250, "OK");
}

/* ---- VRFY and EXPN (§3.3) ---- */

/* reply_not_a_user - the answers VRFY and EXPN share for forwards, moved
 * users, ambiguous and unknown strings */
static void
reply_lookup_failure (SmtpServerSession *s, const SmtpDirEntry *entry)
{
  switch (entry->kind) {
  case SMTP_DIR_FORWARD:
    smtp_session_replyf (s, 251, "User not local; will forward to %s", entry->forward_path);
    return;
  case SMTP_DIR_MOVED:
    smtp_session_replyf (s, 551, "User not local; please try %s", entry->forward_path);
    return;
  case SMTP_DIR_AMBIGUOUS:
    smtp_session_reply (s, 553, "User ambiguous");
    return;
  default:
    smtp_session_reply (s, 550, "String does not match anything");
    return;
  }
}

/* cmd_vrfy - "VRFY <string>": the user's full name and mailbox */
static void
cmd_vrfy (SmtpServerSession *s, const char *arg)
{
  if (!s->host->vrfy) {
    /* RFC 5321 §3.5.3: a host that will not tell answers 252 */
    smtp_session_reply (s, 252, "Cannot VRFY user, but will accept message and attempt delivery");
    return;
  }
  g_autoptr (SmtpDirEntry) entry = smtp_directory_lookup_string (s->host, arg);
  if (entry->kind == SMTP_DIR_USER)
    smtp_session_replyf (s, 250, "%s <%s>", entry->full_name, entry->mailbox);
  else if (entry->kind == SMTP_DIR_LIST)
    smtp_session_reply (s, 550, "That is a mailing list, not a user name");
  else
    reply_lookup_failure (s, entry);
}

/* cmd_expn - "EXPN <string>": one reply line per member of a list */
static void
cmd_expn (SmtpServerSession *s, const char *arg)
{
  if (!s->host->expn) {
    smtp_session_reply (s, 502, "Command not implemented: EXPN is disabled here");
    return;
  }
  g_autoptr (SmtpDirEntry) entry = smtp_directory_lookup_string (s->host, arg);
  if (entry->kind == SMTP_DIR_LIST && entry->expn_denied) {
    smtp_session_reply (s, 550, "5.7.1 Access Denied to You");
  } else if (entry->kind == SMTP_DIR_LIST) {
    GString *text = g_string_new (NULL);
    for (guint i = 0; i < entry->members->len; i++)
      g_string_append_printf (text, "%s%s", i ? "\n" : "",
                              (char *) g_ptr_array_index (entry->members, i));
    smtp_session_reply (s, 250, text->str);
    g_string_free (text, TRUE);
  } else if (entry->kind == SMTP_DIR_USER) {
    smtp_session_reply (s, 550, "That is a user name, not a mailing list");
  } else {
    reply_lookup_failure (s, entry);
  }
}

/* ---- HELP, NOOP, TURN ---- */

/* help_verbs - the verbs this receiver accepts, from the command tables */
static char *
help_verbs (void)
{
  GString *text = g_string_new ("Commands:");
  gsize n = 0;
  for (gsize t = 0; t < G_N_ELEMENTS (command_tables); t++)
    for (gsize i = 0; i < *command_tables[t].n_rows; i++, n++)
      g_string_append_printf (text, "%s%s", n % 8 ? " " : "\n  ", command_tables[t].rows[i].verb);
  g_string_append (text, "\nHELP <command> tells more about one of them");
  return g_string_free (text, FALSE);
}

/* help_text - a verb's syntax, its explanation wrapped to 72 columns, and
 * its RFC section; replies are US-ASCII (RFC 5321 section 2.4), so "§"
 * is spelled "section" */
static char *
help_text (const SmtpVerbInfo *verb)
{
  GString *text = g_string_new (verb->syntax);
  char **words = g_strsplit (smtp_verb_summary (verb, SMTP_LANG_EN), " ", -1);
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
  char **parts = g_strsplit (verb->section, "\u00a7", -1);
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
  const SmtpVerbInfo *verb = arg ? smtp_verb_lookup (arg) : NULL;
  char *text = NULL;
  if (!arg)
    text = help_verbs ();
  else if (verb && find_command (verb->verb))
    text = help_text (verb);
  if (text)
    smtp_session_reply (s, 214, text);
  else
    smtp_session_replyf (s, 504, "HELP topic unknown: %s", arg);
  g_free (text);
}

static void
cmd_noop (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  smtp_session_reply (s, 250, "OK");
}

static gboolean
turn_end_cb (gpointer data)
{
  session_unref (data);
  return G_SOURCE_REMOVE;
}

/* cmd_turn - RFC 821 §3.8: "If program-A is currently the sender-SMTP and
 * it sends the TURN command and receives an ok reply (250) then program-A
 * becomes the receiver-SMTP."  A receiver may refuse with 502. */
static void
cmd_turn (SmtpServerSession *s, const char *arg)
{
  (void) arg;
  if (!s->host->turn || !s->hooks.turn) {
    smtp_session_reply (s, 502, "Command not implemented: this host does not TURN");
    return;
  }
  if (s->tls) {
    /* the roles could swap, but the TLS session could not follow them */
    smtp_session_reply (s, 502, "Command not implemented: no TURN on a TLS connection");
    return;
  }
  smtp_session_reply (s, 250, "OK");
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "turn");
  if (b) {
    smtp_trace_add_string (b, "now", "client");
    smtp_trace_add_string (b, "peer", s->helo);
    smtp_trace_end (s->trace, b);
  }
  GSocket *socket = smtp_conn_steal_socket (s->conn);
  s->state = SMTP_STATE_QUIT;
  s->ended = TRUE;
  s->hooks.turn (s, socket, s->helo, s->user_data);
  g_object_unref (socket);
  /* this session is over, but the conn is still handing out this line */
  g_idle_add (turn_end_cb, s);
}

/* ---- mail data (§4.1.1 DATA, §4.5.2 transparency) ---- */

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

/* received_with - RFC 3848: SMTP, ESMTP, and an S for TLS, an A for AUTH */
static const char *
received_with (SmtpServerSession *s)
{
  static const char *with[] = { "ESMTP", "ESMTPA", "ESMTPS", "ESMTPSA" };
  return s->esmtp ? with[(s->tls ? 2 : 0) + (s->auth_mailbox ? 1 : 0)] : "SMTP";
}

/* stamp_received - RFC 821 §4.1.2: "when the receiver-SMTP makes the
 * 'final delivery' ... or relays ... it inserts at the beginning of the
 * mail data a time stamp line"; "for" only when there is one recipient */
static GBytes *
stamp_received (SmtpServerSession *s)
{
  SmtpTransaction *t = s->transaction;
  char *for_path = NULL;
  if (t->recipients->len == 1) {
    SmtpRecipient *r = g_ptr_array_index (t->recipients, 0);
    for_path = smtp_path_to_string (r->forward_path);
  }
  GDateTime *now = smtp_now_local ();
  SmtpReceived received = {
    .from_domain = s->helo,
    .from_address = smtp_conn_peer_address (s->conn),
    .by_domain = s->host->name,
    .with = received_with (s),
    .id = t->id,
    .for_path = for_path,
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

/* end_of_data - the lone "." arrived: refuse, or stamp and store */
static void
end_of_data (SmtpServerSession *s)
{
  SmtpTransaction *t = s->transaction;
  const char *text = NULL;

  smtp_conn_set_line_limit (s->conn, SMTP_LIMIT_COMMAND_LINE);
  t->size = s->mail_data.bytes->len;
  guint code = smtp_mail_data_refusal (&s->mail_data, &text);
  if (code) {
    smtp_session_reset_transaction (s);
    smtp_session_reply (s, code, text);
    return;
  }
  gsize body_offset;
  GPtrArray *headers = smtp_headers_parse ((const char *) s->mail_data.bytes->data,
                                           s->mail_data.bytes->len, &body_offset);
  /* RFC 5321 §6.3: count the Received: lines to catch a mail loop */
  if (smtp_headers_count (headers, "Received") >= SMTP_LIMIT_RECEIVED_HOPS) {
    g_ptr_array_unref (headers);
    smtp_session_reset_transaction (s);
    smtp_session_reply (s, 554, "5.4.6 Transaction failed: too many Received: lines (mail loop?)");
    return;
  }
  g_ptr_array_unref (headers);

  t->id = new_message_id ();
  t->message = stamp_received (s);
  gsize len;
  const char *message = g_bytes_get_data (t->message, &len);
  headers = smtp_headers_parse (message, len, &body_offset);
  trace_message (s, headers);
  g_ptr_array_unref (headers);

  /* the host stores the message; the 250 waits for it (nothing is lost) */
  s->state = SMTP_STATE_STORING;
  smtp_conn_pause (s->conn);
  s->refs++;
  s->hooks.store (s, t, s->user_data);
}

/* ---- dispatching ---- */

static const SmtpCommand *
find_command (const char *verb)
{
  for (gsize t = 0; t < G_N_ELEMENTS (command_tables); t++)
    for (gsize i = 0; i < *command_tables[t].n_rows; i++)
      if (g_str_equal (command_tables[t].rows[i].verb, verb))
        return &command_tables[t].rows[i];
  return NULL;
}

/* sequence_error - the 503 text for a verb used in the wrong state */
static const char *
sequence_error (SmtpServerSession *s, const SmtpCommand *cmd)
{
  if (s->state == SMTP_STATE_GREETED && (cmd->allowed & SMTP_STATE_READY))
    return "Bad sequence of commands: send HELO first";
  if (s->state & (SMTP_STATE_MAIL | SMTP_STATE_RCPT)
      && (cmd->allowed & SMTP_STATE_READY))
    return "Bad sequence of commands: a mail transaction is already open (RSET first)";
  if (s->state == SMTP_STATE_MAIL && (cmd->allowed & SMTP_STATE_RCPT))
    return "Bad sequence of commands: no valid recipients yet";
  return "Bad sequence of commands: MAIL first";
}

/* command_line - one command: check it against the table, then run it */
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
    const SmtpCommand *cmd = find_command (verb);
    if (!cmd && smtp_verb_lookup (verb))
      smtp_session_replyf (s, 502, "Command not implemented: %s", verb);
    else if (!cmd)
      smtp_session_reply (s, 500, "Syntax error, command unrecognized");
    else if (cmd->arg == SMTP_ARG_NONE && arg)
      smtp_session_replyf (s, 501, "Syntax error in parameters or arguments: %s takes no argument", verb);
    else if (cmd->arg == SMTP_ARG_REQUIRED && !arg)
      smtp_session_replyf (s, 501, "Syntax error in parameters or arguments: %s needs an argument", verb);
    else if (!(cmd->allowed & s->state))
      smtp_session_reply (s, 503, sequence_error (s, cmd));
    else {
      s->verb = cmd->verb;
      cmd->handler (s, arg);
    }
  }
  g_free (verb);
  g_free (arg);

  if (s->bad_commands >= SMTP_LIMIT_BAD_COMMANDS && s->state != SMTP_STATE_QUIT) {
    s->state = SMTP_STATE_QUIT;
    smtp_session_replyf (s, 421, "%s Service not available, closing transmission channel "
                         "(too many errors)", s->host->name);
    smtp_conn_close (s->conn);
  }
}

static void
on_line (SmtpConn *conn, const char *line, gsize len, SmtpLineFlags flags, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  if (s->state == SMTP_STATE_DATA) {
    if (smtp_mail_data_add_line (&s->mail_data, line, len, flags))
      end_of_data (s);
  } else if (s->auth_step) {
    smtp_auth_response (s, line, len);
  } else if (s->state != SMTP_STATE_QUIT) {
    command_line (s, line, len, flags);
  }
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

static void
session_unref (SmtpServerSession *s)
{
  if (--s->refs > 0)
    return;
  if (s->hooks.ended)
    s->hooks.ended (s, s->user_data);
}

/* on_ended - the connection is over; mail data not yet ended is dropped
 * (nothing half-received is ever delivered) */
static void
on_ended (SmtpConn *conn, SmtpConnEnd why, gpointer data)
{
  SmtpServerSession *s = data;
  (void) conn;
  static const char *reasons[] = { "peer closed", "closed", "error" };
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "close");
  if (b) {
    smtp_trace_add_string (b, "reason", s->state == SMTP_STATE_DATA ? "closed during DATA: mail dropped"
                                                                 : reasons[why]);
    smtp_trace_end (s->trace, b);
  }
  s->ended = TRUE;
  if (s->state != SMTP_STATE_STORING)
    smtp_session_reset_transaction (s);
  session_unref (s);
}

/* ---- public ---- */

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
  s->refs = 1;
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

void
smtp_session_greet (SmtpServerSession *s)
{
  /* RFC 821 §3.5: "220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready" */
  smtp_session_replyf (s, 220, "%s %s", s->host->name, s->host->greeting);
  smtp_conn_flush (s->conn);
}

void
smtp_server_session_free (SmtpServerSession *s)
{
  if (!s)
    return;
  smtp_conn_free (s->conn);
  g_clear_handle_id (&s->auth_delay, g_source_remove);
  g_free (s->auth_login);
  g_free (s->auth_mailbox);
  g_clear_pointer (&s->transaction, transaction_free);
  smtp_mail_data_clear (&s->mail_data);
  g_free (s->helo);
  g_free (s->id);
  g_free (s);
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

void
smtp_server_session_stored (SmtpServerSession *s, int error)
{
  if (!s->ended) {
    smtp_session_reset_transaction (s);
    s->state = SMTP_STATE_READY;
    smtp_session_reply (s, stored_reply_code (error), error ? NULL : "OK");
    smtp_conn_resume (s->conn);
  } else {
    g_clear_pointer (&s->transaction, transaction_free);
  }
  session_unref (s);
}

void
smtp_server_session_shutdown (SmtpServerSession *s, const char *why)
{
  if (s->ended || s->state == SMTP_STATE_QUIT)
    return;
  if (s->state != SMTP_STATE_STORING)
    smtp_session_reset_transaction (s);
  s->state = SMTP_STATE_QUIT;
  smtp_session_replyf (s, 421, "%s Service not available, closing transmission channel (%s)",
                       s->host->name, why);
  smtp_conn_close (s->conn);
}

SmtpServerState
smtp_server_session_state (SmtpServerSession *s)
{
  return s->state;
}

const char *
smtp_server_session_id (SmtpServerSession *s)
{
  return s->id;
}

const char *
smtp_server_session_helo (SmtpServerSession *s)
{
  return s->helo;
}

const SmtpHostConfig *
smtp_server_session_host (SmtpServerSession *s)
{
  return s->host;
}

SmtpTrace *
smtp_server_session_trace (SmtpServerSession *s)
{
  return s->trace;
}

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

/* smtp_server_allowed_verbs - the command table read for one state: which
 * verbs the receiver accepts there (RFC 821 §4.3), for the viewer's state
 * diagram and explanations */
GPtrArray *
smtp_server_allowed_verbs (SmtpServerState state)
{
  GPtrArray *verbs = g_ptr_array_new ();
  for (gsize t = 0; t < G_N_ELEMENTS (command_tables); t++)
    for (gsize i = 0; i < *command_tables[t].n_rows; i++)
      if (command_tables[t].rows[i].allowed & state)
        g_ptr_array_add (verbs, (gpointer) command_tables[t].rows[i].verb);
  return verbs;
}
