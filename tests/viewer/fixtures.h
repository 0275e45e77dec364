/* fixtures.h - small traces the viewer's model tests read: the RFC 821
 * §3.1 dialogue as Beta.ARPA traced it, a TURN, an ESMTP session with its
 * state events, and broken input. */
#ifndef SMTPLAB_TEST_FIXTURES_H
#define SMTPLAB_TEST_FIXTURES_H

#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#define EV(ts, role, session, rest) \
  "{\"ts\":\"2026-11-24T10:00:" ts "Z\",\"v\":1,\"host\":\"Beta.ARPA\",\"role\":\"" role \
  "\",\"session\":\"" session "\"," rest "}\n"

/* RFC 821 §3.1: Smith at Alpha mails Jones, Green (no such user) and Brown. */
#define RFC821_SMITH \
  EV ("00.000100", "server", "s1", "\"event\":\"connect\",\"peer\":\"127.0.0.10\",\"local\":\"127.0.0.11\"") \
  EV ("00.000200", "server", "s1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"Beta.ARPA Simple Mail Transfer Service Ready\"]") \
  EV ("00.000300", "server", "s1", "\"event\":\"command\",\"line\":\"HELO Alpha.ARPA\",\"verb\":\"HELO\"") \
  EV ("00.000400", "server", "s1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"Beta.ARPA\"]") \
  EV ("00.010000", "server", "s1", "\"event\":\"command\",\"line\":\"MAIL FROM:<Smith@Alpha.ARPA>\",\"verb\":\"MAIL\"") \
  EV ("00.010100", "server", "s1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]") \
  EV ("00.011000", "server", "s1", "\"event\":\"command\",\"line\":\"RCPT TO:<Jones@Beta.ARPA>\",\"verb\":\"RCPT\"") \
  EV ("00.011100", "server", "s1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]") \
  EV ("00.012000", "server", "s1", "\"event\":\"command\",\"line\":\"RCPT TO:<Green@Beta.ARPA>\",\"verb\":\"RCPT\"") \
  EV ("00.012100", "server", "s1", "\"event\":\"reply\",\"code\":550,\"lines\":[\"No such user here\"]") \
  EV ("00.013000", "server", "s1", "\"event\":\"command\",\"line\":\"RCPT TO:<Brown@Beta.ARPA>\",\"verb\":\"RCPT\"") \
  EV ("00.013100", "server", "s1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]") \
  EV ("00.014000", "server", "s1", "\"event\":\"command\",\"line\":\"DATA\",\"verb\":\"DATA\"") \
  EV ("00.014100", "server", "s1", "\"event\":\"reply\",\"code\":354,\"lines\":[\"Start mail input; end with <CRLF>.<CRLF>\"]") \
  EV ("00.030000", "server", "s1", "\"event\":\"data\",\"size\":37,\"lines\":2") \
  EV ("00.030100", "server", "s1", "\"event\":\"message\",\"id\":\"B1\",\"hop\":1,\"headers\":[[\"Received\"," \
      "\"from Alpha.ARPA ([127.0.0.10])\\r\\n    by Beta.ARPA with SMTP id B1; Tue, 24 Nov 2026 10:00:00 +0000\"],[\"Subject\",\"Hi\"]]") \
  EV ("00.030200", "server", "s1", "\"event\":\"delivery\",\"recipient\":\"Jones\",\"via\":\"mailbox\",\"outcome\":\"delivered\"") \
  EV ("00.030300", "server", "s1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"OK\"]") \
  EV ("00.040000", "server", "s1", "\"event\":\"command\",\"line\":\"QUIT\",\"verb\":\"QUIT\"") \
  EV ("00.040100", "server", "s1", "\"event\":\"reply\",\"code\":221,\"lines\":[\"Beta.ARPA Service closing transmission channel\"]") \
  EV ("00.041000", "server", "s1", "\"event\":\"close\",\"reason\":\"peer closed\"")

/* The commands and replies of RFC821_SMITH: 7 commands, 9 replies. */
#define RFC821_SMITH_ARROWS 16

/* A session as smtplab-server traces it since issue 15: each move of the
 * receiver's state is a "state" event (RFC 821 §4.3).  EHLO, STARTTLS
 * (the handshake puts the state back to GREETED, after the 220 and the
 * tls event), EHLO again, one message (DATA -> STORING while the host
 * stores it -> READY just before the 250), then the client goes away
 * without QUIT (the move to QUIT comes after the close event). */
#define ESMTP_TRACED \
  EV ("01.000100", "server", "e1", "\"event\":\"connect\",\"peer\":\"127.0.0.1\",\"local\":\"127.0.0.30\"") \
  EV ("01.000200", "server", "e1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"Beta.ARPA ESMTP\"]") \
  EV ("01.000300", "server", "e1", "\"event\":\"command\",\"line\":\"ehlo client.lab.example\",\"verb\":\"EHLO\"") \
  EV ("01.000301", "server", "e1", "\"event\":\"state\",\"from\":\"GREETED\",\"to\":\"READY\",\"verb\":\"EHLO\"") \
  EV ("01.000302", "server", "e1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"Beta.ARPA greets client.lab.example\",\"STARTTLS\"]") \
  EV ("01.000400", "server", "e1", "\"event\":\"command\",\"line\":\"STARTTLS\",\"verb\":\"STARTTLS\"") \
  EV ("01.000401", "server", "e1", "\"event\":\"reply\",\"code\":220,\"lines\":[\"2.0.0 Ready to start TLS\"]") \
  EV ("01.000500", "server", "e1", "\"event\":\"tls\",\"outcome\":\"ok\",\"protocol\":\"TLSv1.3\"") \
  EV ("01.000501", "server", "e1", "\"event\":\"state\",\"from\":\"READY\",\"to\":\"GREETED\",\"verb\":\"STARTTLS\"") \
  EV ("01.000600", "server", "e1", "\"event\":\"command\",\"line\":\"ehlo client.lab.example\",\"verb\":\"EHLO\"") \
  EV ("01.000601", "server", "e1", "\"event\":\"state\",\"from\":\"GREETED\",\"to\":\"READY\",\"verb\":\"EHLO\"") \
  EV ("01.000602", "server", "e1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"Beta.ARPA greets client.lab.example\"]") \
  EV ("01.000700", "server", "e1", "\"event\":\"command\",\"line\":\"MAIL FROM:<Smith@Alpha.ARPA>\",\"verb\":\"MAIL\"") \
  EV ("01.000701", "server", "e1", "\"event\":\"state\",\"from\":\"READY\",\"to\":\"MAIL\",\"verb\":\"MAIL\"") \
  EV ("01.000702", "server", "e1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"2.1.0 OK\"]") \
  EV ("01.000800", "server", "e1", "\"event\":\"command\",\"line\":\"RCPT TO:<Jones@Beta.ARPA>\",\"verb\":\"RCPT\"") \
  EV ("01.000801", "server", "e1", "\"event\":\"state\",\"from\":\"MAIL\",\"to\":\"RCPT\",\"verb\":\"RCPT\"") \
  EV ("01.000802", "server", "e1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"2.1.5 OK\"]") \
  EV ("01.000900", "server", "e1", "\"event\":\"command\",\"line\":\"DATA\",\"verb\":\"DATA\"") \
  EV ("01.000901", "server", "e1", "\"event\":\"state\",\"from\":\"RCPT\",\"to\":\"DATA\",\"verb\":\"DATA\"") \
  EV ("01.000902", "server", "e1", "\"event\":\"reply\",\"code\":354,\"lines\":[\"Start mail input; end with <CRLF>.<CRLF>\"]") \
  EV ("01.001000", "server", "e1", "\"event\":\"data\",\"size\":22,\"lines\":3") \
  EV ("01.001001", "server", "e1", "\"event\":\"message\",\"id\":\"E1\",\"hop\":1,\"headers\":[[\"Subject\",\"hi\"]]") \
  EV ("01.001002", "server", "e1", "\"event\":\"state\",\"from\":\"DATA\",\"to\":\"STORING\",\"verb\":\".\"") \
  EV ("01.001100", "server", "e1", "\"event\":\"delivery\",\"recipient\":\"Jones\",\"via\":\"mailbox\",\"outcome\":\"delivered\"") \
  EV ("01.001200", "server", "e1", "\"event\":\"state\",\"from\":\"STORING\",\"to\":\"READY\",\"verb\":\".\"") \
  EV ("01.001201", "server", "e1", "\"event\":\"reply\",\"code\":250,\"lines\":[\"2.0.0 OK\"]") \
  EV ("01.001300", "server", "e1", "\"event\":\"close\",\"reason\":\"peer closed\"") \
  EV ("01.001301", "server", "e1", "\"event\":\"state\",\"from\":\"READY\",\"to\":\"QUIT\"")

/* Writes text to a new file name in a new temporary folder; returns its path. */
static inline char *
fixture_write (const char *name, const char *text)
{
  char *dir = g_dir_make_tmp ("smtplab-viewer-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (dir);
  return path;
}

/* text without its "state" events: the same session as a trace written
 * before issue 15 would have it; newly allocated. */
static inline char *
fixture_without_state_events (const char *text)
{
  char **lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  for (char **l = lines; *l; l++)
    if (**l && !strstr (*l, "\"event\":\"state\""))
      g_string_append_printf (out, "%s\n", *l);
  g_strfreev (lines);
  return g_string_free (out, FALSE);
}

/* Removes a file fixture_write made, and its folder. */
static inline void
fixture_remove (char *path)
{
  char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
  g_free (dir);
  g_free (path);
}

#endif
