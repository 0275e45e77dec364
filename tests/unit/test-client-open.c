/* test-client-open.c - the sender's opening of a session (lib/client-open.c):
 * the 220 greeting, then EHLO with HELO as the fallback (RFC 821 §3.5,
 * RFC 5321 §3.2), against a scripted receiver on the other end of a
 * socketpair. */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "client-open.h"

/* What opening ended with, and everything the client wrote. */
typedef struct {
  GMainLoop *loop;
  SmtpOpenStep step;
  guint code;               /* 0 with an error */
  gboolean error;
  GString *sent;
} Opened;

/* on_open - what opening ended with */
static void
on_open (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply, const GError *error,
         gpointer data)
{
  Opened *o = data;
  (void) client;
  o->step = step;
  o->code = reply ? reply->code : 0;
  o->error = error != NULL;
  g_main_loop_quit (o->loop);
}

/* open_against - opens a session with a receiver that answers `script`
 * (all of it written at once, then its end closed when `close_after`) */
static Opened
open_against (const char *script, gboolean close_after)
{
  int sv[2];
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
  g_assert_cmpint (write (sv[1], script, strlen (script)), ==, (gssize) strlen (script));
  if (close_after)
    shutdown (sv[1], SHUT_WR);
  GSocket *socket = g_socket_new_from_fd (sv[0], NULL);
  SmtpClient *client = smtp_client_new ("Alpha.ARPA", NULL);
  Opened o = { .loop = g_main_loop_new (NULL, FALSE), .sent = g_string_new (NULL) };
  smtp_client_open_adopted (client, socket, on_open, &o);
  g_main_loop_run (o.loop);
  smtp_client_free (client);
  g_object_unref (socket);
  char buffer[512];
  gssize n;
  while ((n = recv (sv[1], buffer, sizeof buffer, MSG_DONTWAIT)) > 0)
    g_string_append_len (o.sent, buffer, n);
  close (sv[1]);
  g_main_loop_unref (o.loop);
  return o;
}

/* RFC 5321 §3.2: 220, EHLO, 250: ready, nothing else said */
static void
test_ehlo_ready (void)
{
  Opened o = open_against ("220 Beta.ARPA ready\r\n250-Beta.ARPA\r\n250 PIPELINING\r\n", FALSE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_READY);
  g_assert_cmpuint (o.code, ==, 250);
  g_assert_cmpstr (o.sent->str, ==, "EHLO Alpha.ARPA\r\n");
  g_string_free (o.sent, TRUE);
}

/* RFC 5321 §3.2: an RFC 821 receiver does not know EHLO: HELO instead */
static void
test_helo_fallback (void)
{
  Opened o = open_against ("220 Beta.ARPA\r\n500 Command unrecognized\r\n250 Beta.ARPA\r\n", FALSE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_READY);
  g_assert_cmpuint (o.code, ==, 250);
  g_assert_cmpstr (o.sent->str, ==, "EHLO Alpha.ARPA\r\nHELO Alpha.ARPA\r\n");
  g_string_free (o.sent, TRUE);
}

/* RFC 821 §3.5: 421 instead of 220: the sender stops at the greeting */
static void
test_421_not_ready (void)
{
  Opened o = open_against ("421 Beta.ARPA Service not available\r\n", FALSE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_GREETING);
  g_assert_cmpuint (o.code, ==, 421);
  g_assert_false (o.error);
  g_assert_cmpstr (o.sent->str, ==, "");
  g_string_free (o.sent, TRUE);
}

/* EHLO and HELO both refused: opening stops at the hello with HELO's reply */
static void
test_hello_refused (void)
{
  Opened o = open_against ("220 Beta.ARPA\r\n502 no EHLO\r\n550 go away\r\n", FALSE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_HELLO);
  g_assert_cmpuint (o.code, ==, 550);
  g_assert_cmpstr (o.sent->str, ==, "EHLO Alpha.ARPA\r\nHELO Alpha.ARPA\r\n");
  g_string_free (o.sent, TRUE);
}

/* 554 to EHLO is a refusal of the session, not of EHLO: no HELO after it */
static void
test_554_no_fallback (void)
{
  Opened o = open_against ("220 Beta.ARPA\r\n554 no service\r\n", FALSE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_HELLO);
  g_assert_cmpuint (o.code, ==, 554);
  g_assert_cmpstr (o.sent->str, ==, "EHLO Alpha.ARPA\r\n");
  g_string_free (o.sent, TRUE);
}

/* the receiver closes before greeting: an error at the greeting */
static void
test_closed_before_greeting (void)
{
  Opened o = open_against ("", TRUE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_GREETING);
  g_assert_true (o.error);
  g_assert_cmpuint (o.code, ==, 0);
  g_string_free (o.sent, TRUE);
}

/* the receiver closes after its greeting: an error at the hello */
static void
test_closed_after_greeting (void)
{
  Opened o = open_against ("220 Beta.ARPA\r\n", TRUE);
  g_assert_cmpint (o.step, ==, SMTP_OPEN_HELLO);
  g_assert_true (o.error);
  g_string_free (o.sent, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-open/ehlo-ready", test_ehlo_ready);
  g_test_add_func ("/client-open/helo-fallback", test_helo_fallback);
  g_test_add_func ("/client-open/421-not-ready", test_421_not_ready);
  g_test_add_func ("/client-open/hello-refused", test_hello_refused);
  g_test_add_func ("/client-open/554-no-fallback", test_554_no_fallback);
  g_test_add_func ("/client-open/closed-before-greeting", test_closed_before_greeting);
  g_test_add_func ("/client-open/closed-after-greeting", test_closed_after_greeting);
  return g_test_run ();
}
