/* smtplab-client - the student's SMTP client.
 *
 *   send:   smtplab-client --server ADDR:PORT --from ADDR --to ADDR [--to ...]
 *             [--cc ADDR] [--subject S] [--body TEXT | --body-file F]
 *             [--attach FILE] [--header 'Name: value'] [--verb MAIL|SEND|SOML|SAML]
 *             [--count N] [--no-pipelining]
 *   step:   smtplab-client --server ADDR:PORT --step
 *   script: smtplab-client --server ADDR:PORT --script FILE
 *   TURN:   smtplab-client --server ADDR:PORT --helo NAME --turn --maildir DIR [--user NAME]
 *
 * Exit status: 0 all accepted (or the script matched), 1 a script reply
 * did not match, 2 bad arguments, 3 no or broken connection, 4 a temporary
 * failure (4yz), 5 a permanent one (5yz).
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <gio/gio.h>

#include "client.h"
#include "listen.h"
#include "program.h"

static char *opt_server;
static gboolean opt_step;
static char *opt_script;
static gboolean opt_turn;
static char *opt_maildir;
static char *opt_from;
static char **opt_to;
static char **opt_cc;
static char *opt_subject;
static char *opt_body;
static char *opt_body_file;
static char **opt_attach;
static char **opt_header;
static char *opt_verb = "MAIL";
static char *opt_helo;
static char *opt_trace;
static char *opt_lang;
static int opt_timeout;
static int opt_count = 1;
static gboolean opt_no_pipelining;
static ClientSecurity opt_sec = { .mechanism = "PLAIN" };

static GOptionEntry entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, &opt_server, "The SMTP server, e.g. 127.0.0.11:2525 (the port is required)", "ADDR:PORT" },
  { "step", 0, 0, G_OPTION_ARG_NONE, &opt_step, "Interactive: type commands, see each reply explained", NULL },
  { "script", 0, 0, G_OPTION_ARG_FILENAME, &opt_script, "Play a C:/S: transcript and check the replies", "FILE" },
  { "turn", 0, 0, G_OPTION_ARG_NONE, &opt_turn, "Ask to swap roles (TURN) and receive held mail", NULL },
  { "maildir", 0, 0, G_OPTION_ARG_FILENAME, &opt_maildir, "With --turn: where received mail goes", "DIR" },
  { "from", 'f', 0, G_OPTION_ARG_STRING, &opt_from, "Sender (the reverse-path)", "ADDR" },
  { "to", 't', 0, G_OPTION_ARG_STRING_ARRAY, &opt_to, "Recipient (repeat for more)", "ADDR" },
  { "cc", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_cc, "Carbon-copy recipient", "ADDR" },
  { "subject", 0, 0, G_OPTION_ARG_STRING, &opt_subject, "Subject", "TEXT" },
  { "body", 0, 0, G_OPTION_ARG_STRING, &opt_body, "Body text", "TEXT" },
  { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_body_file, "Body from a file", "FILE" },
  { "attach", 'a', 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_attach, "Attach a file (MIME, base64)", "FILE" },
  { "header", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_header, "Extra header line", "'Name: value'" },
  { "verb", 0, 0, G_OPTION_ARG_STRING, &opt_verb, "MAIL, SEND, SOML or SAML (RFC 821 section 3.4)", "VERB" },
  { "count", 0, 0, G_OPTION_ARG_INT, &opt_count, "Send the message N times in one session: one EHLO, N mail transactions, one QUIT", "N" },
  { "no-pipelining", 0, 0, G_OPTION_ARG_NONE, &opt_no_pipelining, "Never pipeline (RFC 2920), even when offered: one command, then its reply", NULL },
  { "helo", 0, 0, G_OPTION_ARG_STRING, &opt_helo, "Name to give in EHLO/HELO (default: this machine)", "NAME" },
  SMTP_OPTION_TRACE (opt_trace, ""),
  { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang, "Explanations in en or zh (default: $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG)", "LANG" },
  { "timeout", 0, 0, G_OPTION_ARG_INT, &opt_timeout, "Seconds to wait for each reply", "S" },
  { NULL }
};

static GOptionEntry security_entries[] = {
  { "starttls", 0, 0, G_OPTION_ARG_NONE, &opt_sec.starttls, "Use STARTTLS (RFC 3207) and insist on it", NULL },
  { "tls", 0, 0, G_OPTION_ARG_NONE, &opt_sec.implicit, "TLS from the first byte (RFC 8314), e.g. to port 465", NULL },
  { "ca", 0, 0, G_OPTION_ARG_FILENAME, &opt_sec.ca, "Trust the CAs in FILE (default: the lab CA, ca.crt of $SMTPLAB_CERTS, of certs/ in the source tree, or of ~/.local/share/smtplab/certs)", "FILE" },
  { "insecure", 0, 0, G_OPTION_ARG_NONE, &opt_sec.insecure, "Do not check the server's certificate (lab only)", NULL },
  { "tls-name", 0, 0, G_OPTION_ARG_STRING, &opt_sec.tls_name, "The name the certificate must have (default: from --server)", "NAME" },
  { "user", 'u', 0, G_OPTION_ARG_STRING, &opt_sec.user, "AUTH as this user (RFC 4954)", "NAME" },
  { "password", 0, 0, G_OPTION_ARG_STRING, &opt_sec.password, "The password (default: $SMTPLAB_PASSWORD)", "PW" },
  { "auth", 0, 0, G_OPTION_ARG_STRING, &opt_sec.mechanism, "AUTH mechanism: PLAIN (default) or LOGIN", "MECH" },
  { NULL }
};

static int
usage_error (const char *why)
{
  fprintf (stderr, "smtplab-client: %s\n", why);
  return EXIT_USAGE;
}

/* server_well_formed - --server is ADDR:PORT (the port is not guessed: a
 * lab server listens on 2525, a real one on 25 or 587); a name that does
 * not resolve is a connection failure, found when connecting */
static gboolean
server_well_formed (const char *server, GError **error)
{
  GError *e = NULL;
  GSocketAddress *address = smtp_parse_address (server, &e);
  gboolean bad = !address && g_error_matches (e, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  if (bad)
    g_propagate_prefixed_error (error, e, "--server ");
  else
    g_clear_error (&e);
  g_clear_object (&address);
  return !bad;
}

int
main (int argc, char **argv)
{
  /* a peer gone mid-write is an error to report, not a signal that kills
   * us (OpenSSL writes to the socket itself) */
  signal (SIGPIPE, SIG_IGN);
  g_autoptr (GError) error = NULL;
  GOptionContext *context = smtp_program_options (
      "smtplab-client", "- send mail and talk SMTP",
      "Modes: send (default), --step, --script FILE, --turn --maildir DIR.\n"
      "Exit status: 0 ok, 1 script mismatch, 2 usage, 3 connection, "
      "4 temporary failure (4yz), 5 permanent failure (5yz).",
      entries, NULL);
  GOptionGroup *security = g_option_group_new ("security", "TLS and AUTH:", "Show TLS and AUTH options",
                                               NULL, NULL);
  g_option_group_add_entries (security, security_entries);
  g_option_context_add_group (context, security);
  int parsed = smtp_program_parse (context, &argc, &argv);
  if (parsed >= 0)
    return parsed;
  if (!opt_server)
    return usage_error ("--server ADDR:PORT is required (see --help)");
  if (!server_well_formed (opt_server, &error))
    return usage_error (error->message);
  if (opt_turn && !opt_maildir)
    return usage_error ("--turn needs --maildir DIR for the mail it receives");
  if (!opt_step && !opt_script && !opt_turn && (!opt_from || !opt_to))
    return usage_error ("sending needs --from and at least one --to (see --help)");
  SmtpMailMode mode;
  if (!smtp_verb_opens_mail (opt_verb, &mode))
    return usage_error ("--verb must be MAIL, SEND, SOML or SAML");
  SmtpLang lang;
  if (!smtp_lang_choose (opt_lang, &lang, &error))
    return usage_error (error->message);
  if (opt_timeout < 0)
    return usage_error ("--timeout must be a number of seconds");
  if (opt_count < 1)
    return usage_error ("--count must be a number of messages, 1 or more");
  if (opt_count > 1 && (opt_step || opt_script || opt_turn))
    return usage_error ("--count goes with sending (--from, --to), not with --step, "
                        "--script or --turn");
  if (opt_sec.starttls && opt_sec.implicit)
    return usage_error ("--starttls and --tls exclude each other: TLS starts once");
  if (g_ascii_strcasecmp (opt_sec.mechanism, "PLAIN") != 0
      && g_ascii_strcasecmp (opt_sec.mechanism, "LOGIN") != 0)
    return usage_error ("--auth must be PLAIN or LOGIN");
  if (opt_sec.user && !opt_sec.password)
    opt_sec.password = g_getenv ("SMTPLAB_PASSWORD");
  if (opt_sec.user && !opt_sec.password)
    return usage_error ("--user needs --password PW or $SMTPLAB_PASSWORD");

  char *helo = g_strdup (opt_helo ? opt_helo : g_get_host_name ());
  SmtpTrace *trace = NULL;
  if (opt_trace && !(trace = smtp_trace_open (opt_trace, helo, &error)))
    return usage_error (error->message);

  ClientRun run = { 0 };
  run.loop = g_main_loop_new (NULL, FALSE);
  run.smtp = smtp_client_new (helo, trace);
  run.colour = isatty (STDOUT_FILENO);
  run.lang = lang;
  run.explain = opt_step;
  run.scripted = opt_script != NULL;
  if (!client_tls_setup (&run, &opt_sec, opt_server, &error))
    return usage_error (error->message);
  client_watch_dialogue (&run);
  if (opt_timeout > 0)
    smtp_client_set_timeout (run.smtp, opt_timeout);
  smtp_client_set_pipelining (run.smtp, !opt_no_pipelining);

  int status;
  if (opt_step) {
    status = client_step (&run, opt_server);
  } else if (opt_turn) {
    status = client_turn (&run, opt_server, helo, opt_maildir, trace);
  } else if (opt_script) {
    status = client_script (&run, opt_server, opt_script);
  } else {
    SendOptions send = {
      .from = opt_from, .to = opt_to, .cc = opt_cc, .subject = opt_subject,
      .body = opt_body, .body_file = opt_body_file, .attach = opt_attach,
      .header = opt_header, .mode = mode, .count = opt_count,
    };
    status = client_send (&run, opt_server, &send);
  }
  smtp_client_free (run.smtp);
  if (run.flusher) {
    g_source_destroy (run.flusher);
    g_source_unref (run.flusher);
  }
  if (run.tls_context)
    SSL_CTX_free (run.tls_context);
  g_free (run.tls_name);
  smtp_trace_close (trace);
  g_main_loop_unref (run.loop);
  g_free (helo);
  return status;
}
