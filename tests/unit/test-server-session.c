/* test-server-session.c - the receiver-SMTP (lib/server-session.c) driven
 * over a TCP connection on loopback with stub hooks (server-peer.h): one
 * path per rule of RFC 821's session, named after it, with the section
 * the rule comes from. */
#include "server-peer.h"
#include "smtp-limits.h"
#include "tmp-folder.h"

static char *folder;

/* Beta.ARPA of RFC 821 §3, with one of each kind of directory entry. */
static const char scenario_text[] =
  "[host Beta.ARPA]\nlisten=127.0.0.1:2525\ngreeting=Simple Mail Transfer Service Ready\n"
  "max-message-size=2048\nturn=true\n"
  "[user Jones@Beta.ARPA]\nname=Jon Jones\n"
  "[user Brown@Beta.ARPA]\nname=Bill Brown\n"
  "[user AnnaG@Beta.ARPA]\nname=Anna Gourzenkyinplatz\n"
  "[user IvanG@Beta.ARPA]\nname=Ivan Gourzenkyinplatz\n"
  "[forward Postel@Beta.ARPA]\nto=<Postel@USC-ISIF.ARPA>\n"
  "[moved Paul@Beta.ARPA]\nto=<Mockapetris@USC-ISIF.ARPA>\n"
  "[list Example-People@Beta.ARPA]\nmembers=Jon Jones <Jones@Beta.ARPA>;<joe@foo-unix.ARPA>\n"
  "[list Executive-Washroom-List@Beta.ARPA]\nmembers=Jon Jones <Jones@Beta.ARPA>\nexpn=deny\n"
  "[host Quiet.ARPA]\nlisten=127.0.0.1:2526\nvrfy=false\nexpn=false\npipelining=false\n"
  "[user Jones@Quiet.ARPA]\nname=Jon Jones\n";

/* beta - a session of Beta.ARPA (with a TURN hook) */
static Peer *
beta (void)
{
  return peer_new (folder, scenario_text, "Beta.ARPA", TRUE);
}

/* beta_ready - the same after "HELO Alpha.ARPA" */
static Peer *
beta_ready (void)
{
  Peer *p = beta ();
  g_assert_cmpuint (peer_command (p, "HELO Alpha.ARPA"), ==, 250);
  return p;
}

/* beta_mail - the same after MAIL FROM (or verb FROM) */
static Peer *
beta_mail (const char *verb)
{
  Peer *p = beta_ready ();
  char *line = g_strdup_printf ("%s FROM:<Smith@Alpha.ARPA>", verb);
  g_assert_cmpuint (peer_command (p, line), ==, 250);
  g_free (line);
  return p;
}

/* assert_reply - the reply to line is code with exactly text */
static void
assert_reply (Peer *p, const char *line, guint code, const char *text)
{
  g_assert_cmpuint (peer_command (p, line), ==, code);
  g_assert_cmpstr (p->text, ==, text);
}

/* send_data - DATA, the lines, the final "."; the code of the last reply */
static guint
send_data (Peer *p, const char *lines)
{
  g_assert_cmpuint (peer_command (p, "DATA"), ==, 354);
  peer_send (p, lines);
  return peer_command (p, ".");
}

/* stored - the message the host was given, as text */
static char *
stored (Peer *p)
{
  g_assert_nonnull (p->message);
  return g_strndup (g_bytes_get_data (p->message, NULL), g_bytes_get_size (p->message));
}

/* §3.5: "220 BBN-UNIX.ARPA Simple Mail Transfer Service Ready" */
static void
test_greeting (void)
{
  Peer *p = beta ();
  g_assert_cmpstr (p->text, ==, "Beta.ARPA Simple Mail Transfer Service Ready");
  peer_free (p);
}

/* §3.5: "HELO USC-ISIF.ARPA" "250 BBN-UNIX.ARPA"; §4.1.2 <domain> */
static void
test_helo (void)
{
  Peer *p = beta ();
  assert_reply (p, "HELO Alpha.ARPA", 250, "Beta.ARPA");
  g_assert_cmpuint (peer_command (p, "HELO -Alpha-"), ==, 501);
  g_assert_true (g_str_has_prefix (p->text, "Syntax error in parameters or arguments: "));
  assert_reply (p, "HELO", 501, "Syntax error in parameters or arguments: HELO needs an argument");
  peer_free (p);
}

/* §4.3: MAIL before HELO, RCPT before MAIL, DATA before RCPT, MAIL in a
 * transaction: 503 */
static void
test_sequence (void)
{
  Peer *p = beta ();
  assert_reply (p, "MAIL FROM:<Smith@Alpha.ARPA>", 503, "Bad sequence of commands: send HELO first");
  g_assert_cmpuint (peer_command (p, "HELO Alpha.ARPA"), ==, 250);
  assert_reply (p, "RCPT TO:<Jones@Beta.ARPA>", 503, "Bad sequence of commands: MAIL first");
  assert_reply (p, "DATA", 503, "Bad sequence of commands: MAIL first");
  g_assert_cmpuint (peer_command (p, "MAIL FROM:<Smith@Alpha.ARPA>"), ==, 250);
  assert_reply (p, "DATA", 503, "Bad sequence of commands: no valid recipients yet");
  assert_reply (p, "MAIL FROM:<Smith@Alpha.ARPA>", 503,
                "Bad sequence of commands: a mail transaction is already open (RSET first)");
  peer_free (p);
}

/* §4.1.2: a reverse-path that breaks the grammar is 501 */
static void
test_mail_syntax (void)
{
  Peer *p = beta_ready ();
  g_assert_cmpuint (peer_command (p, "MAIL FROM:<Smith@>"), ==, 501);
  g_assert_cmpuint (peer_command (p, "MAIL FROM:<Smith@Alpha..ARPA>"), ==, 501);
  g_assert_cmpuint (peer_command (p, "MAIL TO:<Smith@Alpha.ARPA>"), ==, 501);
  assert_reply (p, "MAIL FROM:<>", 250, "OK");                  /* §3.6: notices */
  peer_free (p);
}

/* RFC 1869 §6: parameters belong to ESMTP: 555 after HELO */
static void
test_mail_params_after_helo (void)
{
  Peer *p = beta_ready ();
  assert_reply (p, "MAIL FROM:<Smith@Alpha.ARPA> SIZE=100", 555,
                "MAIL FROM parameters not recognized: say EHLO to use them");
  peer_free (p);
}

/* §3.1: "250 OK" for Jones, "550 No such user here" for Green */
static void
test_rcpt_250_550 (void)
{
  Peer *p = beta_mail ("MAIL");
  assert_reply (p, "RCPT TO:<Jones@Beta.ARPA>", 250, "OK");
  assert_reply (p, "RCPT TO:<Green@Beta.ARPA>", 550, "No such user here");
  peer_free (p);
}

/* §3.2: 251 the receiver forwards; 551 the sender must */
static void
test_rcpt_251_551 (void)
{
  Peer *p = beta_mail ("MAIL");
  assert_reply (p, "RCPT TO:<Postel@Beta.ARPA>", 251, "User not local; will forward to <Postel@USC-ISIF.ARPA>");
  assert_reply (p, "RCPT TO:<Paul@Beta.ARPA>", 551, "User not local; please try <Mockapetris@USC-ISIF.ARPA>");
  peer_free (p);
}

/* RFC 5321 §3.6.2: no relaying for a stranger */
static void
test_rcpt_relay_denied (void)
{
  Peer *p = beta_mail ("MAIL");
  assert_reply (p, "RCPT TO:<someone@example.com>", 550, "Relaying denied");
  assert_reply (p, "RCPT TO:<@Gamma.ARPA:Jones@Beta.ARPA>", 550, "Relaying denied");
  peer_free (p);
}

/* RFC 5321 §4.5.3.1.10: past the limit 452, and the client tries again */
static void
test_rcpt_452_too_many (void)
{
  Peer *p = beta_mail ("MAIL");
  for (guint i = 0; i < SMTP_LIMIT_RECIPIENTS; i++)
    g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  assert_reply (p, "RCPT TO:<Brown@Beta.ARPA>", 452, "Too many recipients");
  peer_free (p);
}

/* §3.4: SEND to a user not at a terminal: 450; to one who is: the terminal */
static void
test_send (void)
{
  Peer *p = beta_mail ("SEND");
  p->logged_in = "Jones";
  assert_reply (p, "RCPT TO:<Brown@Beta.ARPA>", 450,
                "Requested mail action not taken: user not logged in at a terminal");
  assert_reply (p, "RCPT TO:<Jones@Beta.ARPA>", 250, "OK");
  g_assert_cmpuint (send_data (p, "Subject: hi\r\n\r\nHello"), ==, 250);
  g_assert_cmpint (p->mode, ==, SMTP_MAIL_MODE_SEND);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (p->kinds, 0)), ==, SMTP_RCPT_TERMINAL);
  peer_free (p);
}

/* §3.4: SOML falls back to the mailbox; SAML adds the terminal */
static void
test_soml_saml (void)
{
  Peer *p = beta_mail ("SOML");
  p->logged_in = "Jones";
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Brown@Beta.ARPA>"), ==, 250);
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  g_assert_cmpuint (send_data (p, "Subject: hi\r\n\r\nHello"), ==, 250);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (p->kinds, 0)), ==, SMTP_RCPT_MAILBOX);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (p->kinds, 1)), ==, SMTP_RCPT_TERMINAL);
  g_assert_cmpuint (peer_command (p, "SAML FROM:<Smith@Alpha.ARPA>"), ==, 250);
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  g_assert_cmpuint (send_data (p, "Subject: hi\r\n\r\nHello"), ==, 250);
  g_assert_cmpint (p->mode, ==, SMTP_MAIL_MODE_SAML);
  g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (p->kinds, 0)), ==, SMTP_RCPT_BOTH);
  peer_free (p);
}

/* §4.5.2: a line of data that starts with "." came with one more; the
 * host gets it without, after this host's Received: line (§4.1.2) */
static void
test_data_transparency_and_stamp (void)
{
  Peer *p = beta_mail ("MAIL");
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  g_assert_cmpuint (send_data (p, "Subject: dots\r\n\r\n..leading\r\n..\r\n... three"), ==, 250);
  g_assert_cmpstr (p->text, ==, "OK");
  char *message = stored (p);
  g_assert_true (g_str_has_prefix (message, "Received: from Alpha.ARPA ([127.0.0.1])"));
  g_assert_nonnull (strstr (message, "by Beta.ARPA with SMTP id "));
  g_assert_nonnull (strstr (message, "for <Jones@Beta.ARPA>;"));
  g_assert_true (g_str_has_suffix (message, "Subject: dots\r\n\r\n.leading\r\n.\r\n.. three\r\n"));
  g_free (message);
  peer_free (p);
}

/* RFC 1870 / RFC 5321 §4.5.3.1.9: data beyond the host's size is 552,
 * and the transaction is over */
static void
test_data_552_too_big (void)
{
  Peer *p = beta_mail ("MAIL");
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  GString *big = g_string_new ("Subject: big\r\n\r\n");
  for (guint i = 0; i < 40; i++)
    g_string_append (big, "0123456789012345678901234567890123456789012345678901234567890123456789\r\n");
  g_string_truncate (big, big->len - 2);
  g_assert_cmpuint (send_data (p, big->str), ==, 552);
  g_assert_null (p->message);
  assert_reply (p, "RCPT TO:<Jones@Beta.ARPA>", 503, "Bad sequence of commands: MAIL first");
  g_string_free (big, TRUE);
  peer_free (p);
}

/* RFC 5321 §4.2.3: the host could not store: 452 for a full disk, 451 for
 * any other error; nothing was taken */
static void
test_data_store_errors (void)
{
  const struct { int error; guint code; } cases[] = { { ENOSPC, 452 }, { EIO, 451 } };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    Peer *p = beta_mail ("MAIL");
    p->store_error = cases[i].error;
    g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
    g_assert_cmpuint (send_data (p, "Subject: x\r\n\r\ny"), ==, cases[i].code);
    assert_reply (p, "NOOP", 250, "OK");
    peer_free (p);
  }
}

/* RFC 5321 §6.3: too many Received: lines is a loop: 554 */
static void
test_data_554_loop (void)
{
  Peer *p = beta_mail ("MAIL");
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  GString *data = g_string_new (NULL);
  for (guint i = 0; i < SMTP_LIMIT_RECEIVED_HOPS; i++)
    g_string_append (data, "Received: from a by b; Thu, 1 Jan 2026 00:00:00 +0000\r\n");
  g_string_append (data, "\r\nbody");
  g_assert_cmpuint (send_data (p, data->str), ==, 554);
  g_assert_cmpstr (p->text, ==, "Transaction failed: too many Received: lines (mail loop?)");
  g_assert_null (p->message);
  g_string_free (data, TRUE);
  peer_free (p);
}

/* §3.3: VRFY's answers: the user, ambiguous, nothing, a list */
static void
test_vrfy (void)
{
  Peer *p = beta_ready ();
  assert_reply (p, "VRFY Jones", 250, "Jon Jones <Jones@Beta.ARPA>");
  assert_reply (p, "VRFY Gourzenkyinplatz", 553, "User ambiguous");
  assert_reply (p, "VRFY Green", 550, "String does not match anything");
  assert_reply (p, "VRFY Example-People", 550, "That is a mailing list, not a user name");
  peer_free (p);
  p = peer_new (folder, scenario_text, "Quiet.ARPA", FALSE);
  assert_reply (p, "VRFY Jones", 252, "Cannot VRFY user, but will accept message and attempt delivery");
  assert_reply (p, "EXPN Jones", 502, "Command not implemented: EXPN is disabled here");
  peer_free (p);
}

/* §3.3: EXPN: one line per member, or 550 for a private list */
static void
test_expn (void)
{
  Peer *p = beta_ready ();
  assert_reply (p, "EXPN Example-People", 250, "Jon Jones <Jones@Beta.ARPA>\n<joe@foo-unix.ARPA>");
  assert_reply (p, "EXPN Executive-Washroom-List", 550, "Access Denied to You");
  peer_free (p);
}

/* §4.1.1 HELP: the verbs, one verb's syntax, or 504 */
static void
test_help (void)
{
  Peer *p = beta ();
  g_assert_cmpuint (peer_command (p, "HELP"), ==, 214);
  g_assert_true (g_str_has_prefix (p->text, "Commands:\n  HELO MAIL RCPT DATA RSET SEND SOML SAML\n"));
  g_assert_cmpuint (peer_command (p, "HELP mail"), ==, 214);
  g_assert_true (g_str_has_prefix (p->text, "MAIL FROM:<reverse-path>\n"));
  g_assert_true (g_str_has_suffix (p->text, "\nRFC 821 section 3.1, section 4.1.1"));
  assert_reply (p, "HELP XYZZY", 504, "HELP topic unknown: XYZZY");
  peer_free (p);
}

/* §4.1.1: RSET ends the transaction, keeps the HELO; NOOP does nothing */
static void
test_rset_noop (void)
{
  Peer *p = beta_mail ("MAIL");
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  assert_reply (p, "RSET", 250, "OK");
  assert_reply (p, "DATA", 503, "Bad sequence of commands: MAIL first");
  assert_reply (p, "NOOP", 250, "OK");
  assert_reply (p, "MAIL FROM:<Smith@Alpha.ARPA>", 250, "OK");
  assert_reply (p, "RSET now", 501, "Syntax error in parameters or arguments: RSET takes no argument");
  peer_free (p);
}

/* §3.5: "221 BBN-UNIX.ARPA Service closing transmission channel", closed */
static void
test_quit (void)
{
  Peer *p = beta_ready ();
  assert_reply (p, "QUIT", 221, "Beta.ARPA Service closing transmission channel");
  g_assert_cmpuint (peer_reply (p), ==, 0);                    /* then the end */
  peer_free (p);
}

/* §3.8: TURN: 250 and the host gets the socket; 502 where it may not */
static void
test_turn (void)
{
  Peer *p = beta_ready ();
  assert_reply (p, "TURN", 250, "OK");
  peer_wait (&p->ended);
  g_assert_true (p->ended);
  g_assert_nonnull (p->turned);
  peer_free (p);
  p = peer_new (folder, scenario_text, "Quiet.ARPA", FALSE);
  g_assert_cmpuint (peer_command (p, "HELO Alpha.ARPA"), ==, 250);
  assert_reply (p, "TURN", 502, "Command not implemented: this host does not TURN");
  peer_free (p);
}

/* RFC 1869 §4.3: EHLO lists the extensions; RFC 2034 §3: then every 2yz,
 * 4yz and 5yz reply carries an enhanced status code */
static void
test_ehlo (void)
{
  Peer *p = beta ();
  g_assert_cmpuint (peer_command (p, "EHLO Alpha.ARPA"), ==, 250);
  g_assert_true (g_str_has_prefix (p->text, "Beta.ARPA greets Alpha.ARPA\n"));
  g_assert_nonnull (strstr (p->text, "\nSIZE 2048\n"));
  g_assert_nonnull (strstr (p->text, "\nPIPELINING\n"));
  g_assert_nonnull (strstr (p->text, "\nENHANCEDSTATUSCODES"));
  g_assert_nonnull (strstr (p->text, "\nTURN"));
  assert_reply (p, "MAIL FROM:<Smith@Alpha.ARPA> SIZE=100", 250, "2.1.0 OK");
  assert_reply (p, "RCPT TO:<Jones@Beta.ARPA>", 250, "2.1.5 OK");
  assert_reply (p, "RCPT TO:<Green@Beta.ARPA>", 550, "5.1.1 No such user here");
  assert_reply (p, "RSET", 250, "2.0.0 OK");
  assert_reply (p, "MAIL FROM:<Smith@Alpha.ARPA> SIZE=999999", 552,
                "5.3.4 Message size exceeds fixed maximum message size (2048)");
  peer_free (p);
}

/* pipelining=false: EHLO leaves PIPELINING (RFC 2920) out, the rest stays */
static void
test_ehlo_without_pipelining (void)
{
  Peer *p = peer_new (folder, scenario_text, "Quiet.ARPA", FALSE);
  g_assert_cmpuint (peer_command (p, "EHLO Alpha.ARPA"), ==, 250);
  g_assert_null (strstr (p->text, "PIPELINING"));
  g_assert_nonnull (strstr (p->text, "\nENHANCEDSTATUSCODES"));
  peer_free (p);
}

/* RFC 5321 §2.3.8, §4.5.3.1.4: command lines end in CRLF and fit in 512 */
static void
test_bad_lines (void)
{
  Peer *p = beta ();
  g_assert_cmpint (write (p->client, "NOOP\n", 5), ==, 5);
  g_assert_cmpuint (peer_reply (p), ==, 500);
  g_assert_nonnull (strstr (p->text, "not a bare LF"));
  char *long_line = g_strnfill (600, 'A');
  assert_reply (p, long_line, 500, "Line too long");
  g_free (long_line);
  assert_reply (p, "XYZZY", 500, "Syntax error, command unrecognized");
  peer_free (p);
}

/* RFC 5321 §4.1.4: after too many errors in a row, 421 and close */
static void
test_too_many_errors (void)
{
  Peer *p = beta ();
  guint code = 0;
  for (guint i = 0; i < SMTP_LIMIT_BAD_COMMANDS; i++)
    code = peer_command (p, "XYZZY");
  g_assert_cmpuint (code, ==, 500);
  g_assert_cmpuint (peer_reply (p), ==, 421);
  g_assert_cmpstr (p->text, ==, "Beta.ARPA Service not available, closing transmission channel "
                                "(too many errors)");
  g_assert_cmpuint (peer_reply (p), ==, 0);
  peer_free (p);
}

/* §4.1.1 DATA: mail data not ended by "." when the client goes is never
 * delivered; the trace says so */
static void
test_close_during_data (void)
{
  Peer *p = beta_mail ("MAIL");
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  g_assert_cmpuint (peer_command (p, "DATA"), ==, 354);
  peer_send (p, "Subject: half\r\n\r\nand then");
  close (p->client);
  p->client = -1;
  peer_wait (&p->ended);
  g_assert_true (p->ended);
  g_assert_null (p->message);
  GPtrArray *closes = peer_events (p, "close");
  g_assert_cmpuint (closes->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (closes, 0), "reason"), ==,
                   "closed during DATA: mail dropped");
  g_ptr_array_unref (closes);
  peer_free (p);
}

/* §3.8 421: a host shutting down says so; a message it is storing gets
 * its 250 first, then the 421 (the client must not send it twice) */
static void
test_shutdown (void)
{
  Peer *p = beta_ready ();
  smtp_server_session_shutdown (p->session, "shutting down");
  g_assert_cmpuint (peer_reply (p), ==, 421);
  g_assert_cmpstr (p->text, ==, "Beta.ARPA Service not available, closing transmission channel "
                                "(shutting down)");
  g_assert_cmpuint (peer_reply (p), ==, 0);
  peer_free (p);

  p = beta_mail ("MAIL");
  p->store_later = TRUE;
  g_assert_cmpuint (peer_command (p, "RCPT TO:<Jones@Beta.ARPA>"), ==, 250);
  g_assert_cmpuint (peer_command (p, "DATA"), ==, 354);
  peer_send (p, "Subject: x\r\n\r\ny\r\n.");
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!p->message && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (p->message);                       /* the host is storing */
  smtp_server_session_shutdown (p->session, "shutting down");
  smtp_server_session_stored (p->session, 0);
  g_assert_cmpuint (peer_reply (p), ==, 250);
  g_assert_cmpuint (peer_reply (p), ==, 421);
  g_assert_cmpuint (peer_reply (p), ==, 0);
  peer_free (p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  folder = tmp_folder_new ("test-server-session");
  g_test_add_func ("/server-session/greeting/220", test_greeting);
  g_test_add_func ("/server-session/helo/250-or-501", test_helo);
  g_test_add_func ("/server-session/sequence/503", test_sequence);
  g_test_add_func ("/server-session/mail/501-syntax", test_mail_syntax);
  g_test_add_func ("/server-session/mail/555-params-after-helo", test_mail_params_after_helo);
  g_test_add_func ("/server-session/rcpt/250-550", test_rcpt_250_550);
  g_test_add_func ("/server-session/rcpt/251-forward-551-moved", test_rcpt_251_551);
  g_test_add_func ("/server-session/rcpt/550-relay-denied", test_rcpt_relay_denied);
  g_test_add_func ("/server-session/rcpt/452-too-many", test_rcpt_452_too_many);
  g_test_add_func ("/server-session/send/450-no-terminal", test_send);
  g_test_add_func ("/server-session/soml-saml/terminal-or-mailbox", test_soml_saml);
  g_test_add_func ("/server-session/data/transparency-and-stamp", test_data_transparency_and_stamp);
  g_test_add_func ("/server-session/data/552-too-big", test_data_552_too_big);
  g_test_add_func ("/server-session/data/452-451-store-errors", test_data_store_errors);
  g_test_add_func ("/server-session/data/554-mail-loop", test_data_554_loop);
  g_test_add_func ("/server-session/vrfy/250-553-550-252", test_vrfy);
  g_test_add_func ("/server-session/expn/list-or-550", test_expn);
  g_test_add_func ("/server-session/help/214-504", test_help);
  g_test_add_func ("/server-session/rset-noop/keep-helo", test_rset_noop);
  g_test_add_func ("/server-session/quit/221-closes", test_quit);
  g_test_add_func ("/server-session/turn/250-hands-socket-or-502", test_turn);
  g_test_add_func ("/server-session/ehlo/keywords-enhanced-codes", test_ehlo);
  g_test_add_func ("/server-session/ehlo/pipelining-false", test_ehlo_without_pipelining);
  g_test_add_func ("/server-session/line/500-bare-lf-too-long-unknown", test_bad_lines);
  g_test_add_func ("/server-session/errors/421-too-many", test_too_many_errors);
  g_test_add_func ("/server-session/data/close-drops-mail", test_close_during_data);
  g_test_add_func ("/server-session/shutdown/421-after-the-250", test_shutdown);
  return tmp_folder_run (folder);
}
