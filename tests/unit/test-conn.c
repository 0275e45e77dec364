/* test-conn.c - how a connection cuts its input into lines (lib/io/conn.c,
 * smtp_line_cut): at LF, CRLF removed, odd bytes flagged, over-long lines
 * cut (RFC 5321 §2.3.8, §4.5.3.1).  Each test is one example of a rule. */
#include "conn.h"

#include <string.h>
#include <sys/socket.h>

/* cut - one step on text with the command line limit (512) */
static gboolean
cut (const char *text, SmtpLineState *state, SmtpLineCut *step)
{
  return smtp_line_cut ((const guint8 *) text, strlen (text), 512, state, step);
}

/* A line ends at CRLF; the CRLF is not part of its text */
static void
test_crlf (void)
{
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_true (cut ("HELO Alpha.ARPA\r\nMAIL", &state, &step));
  g_assert_true (step.is_line);
  g_assert_cmpuint (step.text_len, ==, 15);
  g_assert_cmpuint (step.consumed, ==, 17);
  g_assert_cmpuint (step.flags, ==, 0);
}

/* No LF yet: nothing to hand out, the rest is still on its way */
static void
test_incomplete (void)
{
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_false (cut ("MAIL FROM:<Smith@Alpha.ARPA>\r", &state, &step));
  g_assert_false (cut ("", &state, &step));
}

/* A line ended by LF alone, or holding a CR, is flagged (RFC 5321 §2.3.8) */
static void
test_bare_newlines (void)
{
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_true (cut (".\n", &state, &step));
  g_assert_cmpuint (step.text_len, ==, 1);
  g_assert_cmpuint (step.consumed, ==, 2);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_BARE_LF);
  g_assert_true (cut ("a\r.\r\n", &state, &step));
  g_assert_cmpuint (step.text_len, ==, 3);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_BARE_CR);
}

/* A NUL byte is kept in the text and flagged */
static void
test_nul (void)
{
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_true (smtp_line_cut ((const guint8 *) "a\0b\r\n", 5, 512, &state, &step));
  g_assert_cmpuint (step.text_len, ==, 3);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_HAS_NUL);
}

/* Over the limit (RFC 5321 §4.5.3.1.4: 512 with CRLF): the first 510
 * octets come out flagged, the rest up to the LF is thrown away */
static void
test_too_long (void)
{
  char *x = g_strnfill (600, 'x');
  char *text = g_strconcat (x, "\r\nQUIT\r\n", NULL);
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_true (cut (text, &state, &step));
  g_assert_true (step.is_line);
  g_assert_cmpuint (step.text_len, ==, 510);
  g_assert_cmpuint (step.consumed, ==, 510);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_TOO_LONG);
  g_assert_true (state.discarding);
  g_assert_true (cut (text + 510, &state, &step));
  g_assert_false (step.is_line);
  g_assert_cmpuint (step.consumed, ==, 92);
  g_assert_false (state.discarding);
  g_assert_true (cut (text + 602, &state, &step));
  g_assert_cmpuint (step.text_len, ==, 4);
  g_free (text);
  g_free (x);
}

/* An over-long line ended by a bare LF: the line after it is told, since
 * its own cut was handed out before the end was seen (RFC 5321 §4.1.1.4:
 * "\n.\r\n" is no end of data, however long the line before it) */
static void
test_too_long_bare_lf (void)
{
  char *x = g_strnfill (600, 'x');
  char *text = g_strconcat (x, "\n.\r\n.\r\n", NULL);
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_true (cut (text, &state, &step));
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_TOO_LONG);
  g_assert_true (cut (text + 510, &state, &step));
  g_assert_false (step.is_line);
  g_assert_true (cut (text + 601, &state, &step));
  g_assert_cmpuint (step.text_len, ==, 1);
  g_assert_cmpuint (step.flags, ==, SMTP_LINE_AFTER_BARE_LF);
  g_assert_true (cut (text + 604, &state, &step));
  g_assert_cmpuint (step.flags, ==, 0);             /* told once only */
  g_free (text);
  g_free (x);
}

/* The rest of an over-long line that arrives as "...\r" then "\n": the
 * CR is kept until the LF comes, so the line end is seen as CRLF */
static void
test_too_long_crlf_split (void)
{
  char *x = g_strnfill (600, 'x');
  char *first = g_strconcat (x, "\r", NULL);
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_true (cut (first, &state, &step));
  g_assert_true (cut (first + 510, &state, &step));
  g_assert_cmpuint (step.consumed, ==, 90);          /* not the CR */
  g_assert_false (cut ("\r", &state, &step));
  g_assert_true (cut ("\r\n.\r\n", &state, &step));
  g_assert_cmpuint (step.consumed, ==, 2);
  g_assert_true (cut (".\r\n", &state, &step));
  g_assert_cmpuint (step.flags, ==, 0);
  g_free (first);
  g_free (x);
}

/* 510 octets and a CR that may be the start of CRLF: wait for the LF */
static void
test_limit_exactly (void)
{
  char *x = g_strnfill (510, 'x');
  char *text = g_strconcat (x, "\r", NULL);
  SmtpLineState state = { 0 };
  SmtpLineCut step;
  g_assert_false (cut (text, &state, &step));
  g_free (text);
  g_free (x);
}

/* ---- the owner lets go of the connection in its own handler ---- */

typedef struct {
  SmtpConn *conn;
  guint lines;
  GMainLoop *loop;
} Owner;

static void
free_on_first_line (SmtpConn *conn, const char *line, gsize len, SmtpLineFlags flags,
                    gpointer data)
{
  Owner *o = data;
  (void) line; (void) len; (void) flags;
  o->lines++;
  smtp_conn_free (conn);            /* as the relay does after QUIT's reply */
  o->conn = NULL;
  g_main_loop_quit (o->loop);
}

static void
never_ended (SmtpConn *conn, SmtpConnEnd why, gpointer data)
{
  (void) conn; (void) why; (void) data;
  g_assert_not_reached ();
}

/* Two lines arrive in one read; the handler of the first frees the conn:
 * the second is never handed out and nothing touches freed memory (ASan
 * and valgrind run this test) */
static void
test_free_in_handler (void)
{
  GSocket *pair[2];
  int fds[2];
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  for (int i = 0; i < 2; i++)
    pair[i] = g_socket_new_from_fd (fds[i], NULL);
  Owner o = { 0 };
  o.loop = g_main_loop_new (NULL, FALSE);
  SmtpConnHandlers handlers = { .line = free_on_first_line, .ended = never_ended };
  o.conn = smtp_conn_new (pair[0], &handlers, &o);
  const char *two = "221 bye\r\n250 more\r\n";
  g_assert_cmpint (g_socket_send (pair[1], two, strlen (two), NULL, NULL), ==, strlen (two));
  g_main_loop_run (o.loop);
  g_assert_null (o.conn);
  g_assert_cmpuint (o.lines, ==, 1);
  /* a turn of the main loop: no source of the freed conn may fire */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_main_loop_unref (o.loop);
  g_object_unref (pair[0]);
  g_object_unref (pair[1]);
}

static void
pause_on_line (SmtpConn *conn, const char *line, gsize len, SmtpLineFlags flags, gpointer data)
{
  Owner *o = data;
  (void) line; (void) len; (void) flags;
  o->lines++;
  smtp_conn_pause (conn);             /* as a session does while mail is stored */
}

/* A reply written while paused (the 250 after the mail is stored) goes out
 * the first time the loop is about to poll after the resume, not one loop
 * iteration later. */
static void
test_resume_sends_at_once (void)
{
  GSocket *pair[2];
  int fds[2];
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  for (int i = 0; i < 2; i++)
    pair[i] = g_socket_new_from_fd (fds[i], NULL);
  g_socket_set_blocking (pair[1], FALSE);
  Owner o = { 0 };
  SmtpConnHandlers handlers = { .line = pause_on_line, .ended = never_ended };
  o.conn = smtp_conn_new (pair[0], &handlers, &o);
  g_assert_cmpint (g_socket_send (pair[1], ".\r\n", 3, NULL, NULL), ==, 3);
  for (guint i = 0; i < 50 && o.lines == 0; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (o.lines, ==, 1);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  smtp_conn_write (o.conn, "250 OK\r\n", 8);
  smtp_conn_resume (o.conn);
  g_main_context_iteration (NULL, FALSE);            /* one turn of the loop */
  char buf[16] = { 0 };
  g_assert_cmpint (g_socket_receive (pair[1], buf, sizeof buf - 1, NULL, NULL), ==, 8);
  g_assert_cmpstr (buf, ==, "250 OK\r\n");
  /* and it reads again: the next line is handed out */
  g_assert_cmpint (g_socket_send (pair[1], "QUIT\r\n", 6, NULL, NULL), ==, 6);
  for (guint i = 0; i < 50 && o.lines == 1; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (o.lines, ==, 2);
  smtp_conn_free (o.conn);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (pair[0]);
  g_object_unref (pair[1]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/conn/line-cut/crlf", test_crlf);
  g_test_add_func ("/conn/line-cut/incomplete", test_incomplete);
  g_test_add_func ("/conn/line-cut/bare-newlines", test_bare_newlines);
  g_test_add_func ("/conn/line-cut/nul", test_nul);
  g_test_add_func ("/conn/line-cut/too-long", test_too_long);
  g_test_add_func ("/conn/line-cut/limit-exactly", test_limit_exactly);
  g_test_add_func ("/conn/line-cut/too-long-bare-lf", test_too_long_bare_lf);
  g_test_add_func ("/conn/line-cut/too-long-crlf-split", test_too_long_crlf_split);
  g_test_add_func ("/conn/free-in-handler", test_free_in_handler);
  g_test_add_func ("/conn/resume-sends-at-once", test_resume_sends_at_once);
  return g_test_run ();
}
