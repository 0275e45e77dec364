/* test-pcap.c - SMTP from packet captures (viewer/model/tcp.c, pcap.c,
 * pcap-smtp.c): TCP segments put back in order, retransmissions kept
 * once, sequence numbers that wrap; pcap and pcapng files written here
 * frame by frame, read back as one SMTP session; a capture that is not
 * SMTP is skipped and said so. */
#include <string.h>
#include "fixtures.h"
#include "ladder.h"
#include "tcp.h"
#include "trace-set.h"

#define CLIENT "10.0.0.1:40000"
#define SERVER "10.0.0.2:25"

static const SmtplabTcpSide *
side (SmtplabTcp *tcp, int which)
{
  SmtplabTcpStream *s = g_ptr_array_index (smtplab_tcp_streams (tcp), 0);
  return &s->side[which];
}

static void
add (SmtplabTcp *tcp, const char *from, const char *to, guint32 seq, guint8 flags, const char *data)
{
  smtplab_tcp_add (tcp, 1000 + seq, from, to, seq, flags, (const guint8 *) data, strlen (data));
}

/* segments out of order and retransmitted come out once, in order */
static void
test_reassembly (void)
{
  SmtplabTcp *tcp = smtplab_tcp_new ();
  add (tcp, CLIENT, SERVER, 100, SMTPLAB_TCP_SYN, "");
  add (tcp, CLIENT, SERVER, 107, SMTPLAB_TCP_ACK, "FROM:<a@b>\r\n");    /* before the gap fills */
  add (tcp, CLIENT, SERVER, 101, SMTPLAB_TCP_ACK, "MAIL ");
  add (tcp, CLIENT, SERVER, 101, SMTPLAB_TCP_ACK, "MAIL ");              /* retransmitted */
  add (tcp, CLIENT, SERVER, 106, SMTPLAB_TCP_ACK, " FROM");              /* overlaps both */
  const SmtplabTcpSide *c = side (tcp, 0);
  g_assert_cmpstr (c->address, ==, CLIENT);
  g_assert_cmpmem (c->bytes->data, c->bytes->len, "MAIL  FROM:<a@b>\r\n", 18);
  g_assert_cmpuint (c->pending->len, ==, 0);
  smtplab_tcp_free (tcp);
}

/* sequence numbers wrap at 2^32 (RFC 793 §3.3) */
static void
test_sequence_wraps (void)
{
  SmtplabTcp *tcp = smtplab_tcp_new ();
  add (tcp, SERVER, CLIENT, 0xFFFFFFFA, SMTPLAB_TCP_ACK, "220 mx");
  add (tcp, SERVER, CLIENT, 0, SMTPLAB_TCP_ACK, " ready\r\n");
  const SmtplabTcpSide *s = side (tcp, 0);
  g_assert_cmpmem (s->bytes->data, s->bytes->len, "220 mx ready\r\n", 14);
  smtplab_tcp_free (tcp);
}

/* ---- writing captures ---- */

typedef struct {
  guint32 seq[2];
  GByteArray *file;
  gboolean pcapng;
  guint32 usec;
} Capture;

static void
put32 (GByteArray *a, guint32 v)
{
  g_byte_array_append (a, (guint8 *) &v, 4);
}

static void
put16 (GByteArray *a, guint16 v)
{
  g_byte_array_append (a, (guint8 *) &v, 2);
}

/* frame - Ethernet, IPv4 and TCP headers around payload */
static GByteArray *
frame (int from, guint32 seq, guint8 flags, const char *payload)
{
  static const guint8 ip[2][4] = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } };
  static const guint16 port[2] = { 40000, 25 };
  gsize len = strlen (payload);
  guint8 h[54] = { 0 };
  h[12] = 0x08;                                          /* IPv4 */
  h[14] = 0x45;
  h[16] = (20 + 20 + len) >> 8;
  h[17] = (20 + 20 + len) & 0xFF;
  h[22] = 64;
  h[23] = 6;                                             /* TCP */
  memcpy (h + 26, ip[from], 4);
  memcpy (h + 30, ip[!from], 4);
  h[34] = port[from] >> 8;
  h[35] = port[from] & 0xFF;
  h[36] = port[!from] >> 8;
  h[37] = port[!from] & 0xFF;
  h[38] = seq >> 24;
  h[39] = seq >> 16;
  h[40] = seq >> 8;
  h[41] = seq;
  h[46] = 5 << 4;
  h[47] = flags;
  GByteArray *f = g_byte_array_new ();
  g_byte_array_append (f, h, sizeof h);
  g_byte_array_append (f, (const guint8 *) payload, len);
  return f;
}

/* record - one frame into the capture, in pcap or pcapng form */
static void
record (Capture *c, GByteArray *f)
{
  c->usec += 1000;
  if (c->pcapng) {
    guint32 padded = (f->len + 3) & ~3u;
    put32 (c->file, 6);                                  /* enhanced packet block */
    put32 (c->file, 32 + padded);
    put32 (c->file, 0);
    put32 (c->file, 0);
    put32 (c->file, c->usec);
    put32 (c->file, f->len);
    put32 (c->file, f->len);
    g_byte_array_append (c->file, f->data, f->len);
    for (guint32 i = f->len; i < padded; i++)
      g_byte_array_append (c->file, (const guint8 *) "", 1);
    put32 (c->file, 32 + padded);
  } else {
    put32 (c->file, 1700000000);
    put32 (c->file, c->usec);
    put32 (c->file, f->len);
    put32 (c->file, f->len);
    g_byte_array_append (c->file, f->data, f->len);
  }
  g_byte_array_unref (f);
}

/* say - side from sends text in one segment */
static void
say (Capture *c, int from, const char *text)
{
  record (c, frame (from, c->seq[from], SMTPLAB_TCP_ACK, text));
  c->seq[from] += strlen (text);
}

static Capture
capture_new (gboolean pcapng)
{
  Capture c = { { 1000, 5000 }, g_byte_array_new (), pcapng, 0 };
  if (pcapng) {
    put32 (c.file, 0x0A0D0D0A);                          /* section header block */
    put32 (c.file, 28);
    put32 (c.file, 0x1A2B3C4D);
    put16 (c.file, 1);
    put16 (c.file, 0);
    put32 (c.file, 0xFFFFFFFF);
    put32 (c.file, 0xFFFFFFFF);
    put32 (c.file, 28);
    put32 (c.file, 1);                                   /* interface description block */
    put32 (c.file, 20);
    put16 (c.file, 1);                                   /* Ethernet */
    put16 (c.file, 0);
    put32 (c.file, 65535);
    put32 (c.file, 20);
  } else {
    put32 (c.file, 0xa1b2c3d4);
    put16 (c.file, 2);
    put16 (c.file, 4);
    put32 (c.file, 0);
    put32 (c.file, 0);
    put32 (c.file, 65535);
    put32 (c.file, 1);                                   /* Ethernet */
  }
  return c;
}

/* write_dialogue - RFC 821 §3.1 as a capture: the greeting split over two
 * segments, RCPT and DATA arriving out of order, a retransmission */
static char *
write_dialogue (gboolean pcapng)
{
  Capture c = capture_new (pcapng);
  record (&c, frame (0, c.seq[0]++, SMTPLAB_TCP_SYN, ""));
  record (&c, frame (1, c.seq[1]++, SMTPLAB_TCP_SYN | SMTPLAB_TCP_ACK, ""));
  say (&c, 1, "220 Beta.ARPA Simple Mail");
  say (&c, 1, " Transfer Service Ready\r\n");
  say (&c, 0, "HELO Alpha.ARPA\r\n");
  say (&c, 1, "250 Beta.ARPA\r\n");
  say (&c, 0, "MAIL FROM:<Smith@Alpha.ARPA>\r\n");
  say (&c, 1, "250 OK\r\n");
  guint32 rcpt = c.seq[0];
  c.seq[0] += strlen ("RCPT TO:<Jones@Beta.ARPA>\r\n");
  say (&c, 0, "AUTH PLAIN c2VjcmV0\r\n");
  c.seq[0] = rcpt;
  say (&c, 0, "RCPT TO:<Jones@Beta.ARPA>\r\n");
  c.seq[0] += strlen ("AUTH PLAIN c2VjcmV0\r\n");
  say (&c, 1, "250 OK\r\n");
  say (&c, 1, "503 Bad sequence of commands\r\n");
  say (&c, 0, "DATA\r\n");
  say (&c, 1, "354 Start mail input; end with <CRLF>.<CRLF>\r\n");
  say (&c, 0, "Subject: captured\r\nMessage-ID: <1@alpha>\r\n\r\n..a line with a dot\r\n.\r\n");
  say (&c, 1, "250 OK\r\n");
  say (&c, 0, "QUIT\r\n");
  say (&c, 1, "221 Beta.ARPA Service closing transmission channel\r\n");
  record (&c, frame (1, c.seq[1], SMTPLAB_TCP_FIN | SMTPLAB_TCP_ACK, ""));
  char *dir = g_dir_make_tmp ("smtplab-pcap-XXXXXX", NULL);
  char *path = g_build_filename (dir, pcapng ? "smtp.pcapng" : "smtp.pcap", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) c.file->data, c.file->len, NULL));
  g_byte_array_unref (c.file);
  g_free (dir);
  return path;
}

/* check_dialogue - the capture reads as the session that was sent */
static void
check_dialogue (gboolean pcapng)
{
  char *path = write_dialogue (pcapng);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  GError *error = NULL;
  g_assert_true (smtplab_trace_set_add_path (set, path, &error));
  g_assert_no_error (error);
  GListModel *sessions = smtplab_trace_set_get_sessions (set);
  g_assert_cmpuint (g_list_model_get_n_items (sessions), ==, 1);
  SmtplabSession *s = g_list_model_get_item (sessions, 0);
  g_assert_cmpstr (smtplab_session_get_host (s), ==, "Beta.ARPA");
  g_assert_cmpstr (smtplab_session_get_peer (s), ==, "Alpha.ARPA");
  g_assert_cmpuint (smtplab_session_get_n_messages (s), ==, 1);
  SmtplabLadder *l = smtplab_ladder_new (set, s);
  g_assert_cmpuint (smtplab_ladder_count_arrows (l), ==, 14);
  GString *all = g_string_new (NULL);
  for (guint i = 0; i < smtplab_ladder_get_n_rows (l); i++) {
    char *text = smtplab_ladder_row_text (l, i);
    g_string_append_printf (all, "%s\n", text);
    g_free (text);
  }
  g_assert_nonnull (strstr (all->str, "220 Beta.ARPA Simple Mail Transfer Service Ready\n"));
  g_assert_nonnull (strstr (all->str, "RCPT TO:<Jones@Beta.ARPA>\nAUTH PLAIN ***\n"));
  g_assert_null (strstr (all->str, "c2VjcmV0"));
  g_assert_nonnull (strstr (all->str, "mail data: 4 lines"));
  g_assert_nonnull (strstr (all->str, "closed (FIN)"));
  /* a capture has no state events: the states are worked out from the
   * commands and replies (RFC 821 §4.3), DATA for the block, READY after */
  g_assert_false (smtplab_session_has_state_events (s));
  guint n_checked = 0;
  for (guint i = 0; i < smtplab_ladder_get_n_rows (l); i++) {
    const SmtplabLadderRow *r = smtplab_ladder_get_row (l, i);
    if (r->kind == SMTPLAB_ROW_DATA || r->end_of_data)
      g_assert_cmpint (r->state, ==, r->end_of_data ? SMTP_STATE_READY : SMTP_STATE_DATA);
    n_checked += r->kind == SMTPLAB_ROW_DATA || r->end_of_data;
  }
  g_assert_cmpuint (n_checked, ==, 2);
  guint32 message = g_array_index (smtplab_trace_set_get_messages (set), guint32, 0);
  JsonObject *o = smtplab_trace_set_parse_event (set, message);
  JsonArray *headers = json_object_get_array_member (o, "headers");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (headers, 1), 1), ==, "<1@alpha>");
  json_object_unref (o);
  g_string_free (all, TRUE);
  smtplab_ladder_free (l);
  g_object_unref (s);
  g_object_unref (set);
  fixture_remove (path);
}

static void
test_pcap_dialogue (void)
{
  check_dialogue (FALSE);
}

static void
test_pcapng_dialogue (void)
{
  check_dialogue (TRUE);
}

/* a capture of something else: no session, and the skip is said */
static void
test_not_smtp (void)
{
  Capture c = capture_new (FALSE);
  say (&c, 0, "GET / HTTP/1.1\r\nHost: example\r\n\r\n");
  say (&c, 1, "HTTP/1.1 200 OK\r\n\r\n");
  char *dir = g_dir_make_tmp ("smtplab-pcap-XXXXXX", NULL);
  char *path = g_build_filename (dir, "web.pcap", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) c.file->data, c.file->len, NULL));
  g_byte_array_unref (c.file);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (smtplab_trace_set_get_sessions (set)), ==, 0);
  char *problems = smtplab_trace_set_describe_problems (set);
  g_assert_nonnull (problems);
  SmtplabSkip *skip = g_ptr_array_index (smtplab_trace_set_get_skipped (set), 0);
  g_assert_nonnull (strstr (skip->reason, "not SMTP"));
  g_free (problems);
  g_object_unref (set);
  g_free (dir);
  fixture_remove (path);
}

/* write_capture - c into a new file name, returned */
static char *
write_capture (Capture *c, const char *name, gsize cut)
{
  char *dir = g_dir_make_tmp ("smtplab-pcap-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, (const char *) c->file->data, c->file->len - cut, NULL));
  g_byte_array_unref (c->file);
  g_free (dir);
  return path;
}

/* all_rows - every row of the first session's ladder, one a line */
static char *
all_rows (SmtplabTraceSet *set)
{
  SmtplabSession *s = g_list_model_get_item (smtplab_trace_set_get_sessions (set), 0);
  SmtplabLadder *l = smtplab_ladder_new (set, s);
  GString *all = g_string_new (NULL);
  for (guint i = 0; i < smtplab_ladder_get_n_rows (l); i++) {
    char *text = smtplab_ladder_row_text (l, i);
    g_string_append_printf (all, "%s\n", text);
    g_free (text);
  }
  smtplab_ladder_free (l);
  g_object_unref (s);
  return g_string_free (all, FALSE);
}

/* write_plaintext_auth - esmtp.ini's plaintext lesson as a capture: carol
 * logs in with PLAIN, then LOGIN, at plain.lab.example, no TLS */
static char *
write_plaintext_auth (void)
{
  Capture c = capture_new (FALSE);
  record (&c, frame (0, c.seq[0]++, SMTPLAB_TCP_SYN, ""));
  say (&c, 1, "220 plain.lab.example ESMTP\r\n");
  say (&c, 0, "EHLO client.example\r\n");
  say (&c, 1, "250-plain.lab.example\r\n250 AUTH PLAIN LOGIN\r\n");
  say (&c, 0, "AUTH PLAIN AGNhcm9sAGNhcm9sLXB3\r\n");                /* \0carol\0carol-pw */
  say (&c, 1, "235 2.7.0 Authentication successful\r\n");
  say (&c, 0, "RSET\r\n");
  say (&c, 1, "250 OK\r\n");
  say (&c, 0, "AUTH LOGIN\r\n");
  say (&c, 1, "334 VXNlcm5hbWU6\r\n");
  say (&c, 0, "Y2Fyb2w=\r\n");                                       /* carol */
  say (&c, 1, "334 UGFzc3dvcmQ6\r\n");
  say (&c, 0, "Y2Fyb2wtcHc=\r\n");                                   /* carol-pw */
  say (&c, 1, "503 already authenticated\r\n");
  return write_capture (&c, "plain.pcap", 0);
}

/* the plaintext lesson: masked by default; --show-secrets decodes PLAIN
 * (RFC 4616 §2) and LOGIN, since a capture only reads what went in clear */
static void
test_plaintext_auth_shown_only_when_asked (void)
{
  char *path = write_plaintext_auth ();
  for (int show = 0; show < 2; show++) {
    SmtplabTraceSet *set = smtplab_trace_set_new ();
    smtplab_trace_set_set_show_secrets (set, show);
    g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
    char *all = all_rows (set);
    if (show) {
      g_assert_nonnull (strstr (all, "AUTH PLAIN AGNhcm9sAGNhcm9sLXB3  (authzid \"\", authcid \"carol\", "
                                     "password \"carol-pw\")\n"));
      g_assert_nonnull (strstr (all, "Y2Fyb2w=  (username \"carol\")\n"));
      g_assert_nonnull (strstr (all, "Y2Fyb2wtcHc=  (password \"carol-pw\")\n"));
    } else {
      g_assert_nonnull (strstr (all, "AUTH PLAIN ***\n"));
      g_assert_null (strstr (all, "carol"));
      g_assert_null (strstr (all, "Y2Fyb2w"));
    }
    g_free (all);
    g_object_unref (set);
  }
  fixture_remove (path);
}

/* after STARTTLS the capture reads nothing: no secret to show, switch or not */
static void
test_starttls_auth_stays_hidden (void)
{
  Capture c = capture_new (FALSE);
  say (&c, 1, "220 mail.lab.example ESMTP\r\n");
  say (&c, 0, "EHLO client.example\r\n");
  say (&c, 1, "250 STARTTLS\r\n");
  say (&c, 0, "STARTTLS\r\n");
  say (&c, 1, "220 2.0.0 Ready to start TLS\r\n");
  say (&c, 0, "\x16\x03\x01 AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n");  /* as if it were readable */
  char *path = write_capture (&c, "tls.pcap", 0);
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  smtplab_trace_set_set_show_secrets (set, TRUE);
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  char *all = all_rows (set);
  g_assert_nonnull (strstr (all, "encrypted from here on"));
  g_assert_null (strstr (all, "alice"));
  g_assert_null (strstr (all, "AGFsaWNl"));
  g_free (all);
  g_object_unref (set);
  fixture_remove (path);
}

/* a capture cut inside a record (tcpdump killed): the sessions up to the
 * cut, and the problems say so */
static void
test_cut_short_in_a_record (void)
{
  Capture c = capture_new (FALSE);
  say (&c, 1, "220 Beta.ARPA Simple Mail Transfer Service Ready\r\n");
  say (&c, 0, "HELO Alpha.ARPA\r\n");
  say (&c, 1, "250 Beta.ARPA\r\n");
  say (&c, 0, "QUIT\r\n");
  char *path = write_capture (&c, "cut.pcap", 3);                   /* QUIT's record cut */
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  char *all = all_rows (set);
  g_assert_nonnull (strstr (all, "250 Beta.ARPA\n"));
  g_assert_null (strstr (all, "QUIT"));
  char *problems = smtplab_trace_set_describe_problems (set);
  char *expected = g_strdup_printf ("capture cut short after 3 packets: %s", path);
  g_assert_cmpstr (problems, ==, expected);
  g_free (expected);
  g_free (problems);
  g_free (all);
  g_object_unref (set);
  fixture_remove (path);
}

/* a whole capture has no such warning */
static void
test_whole_capture_not_cut (void)
{
  char *path = write_plaintext_auth ();
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  g_assert_true (smtplab_trace_set_add_path (set, path, NULL));
  g_assert_null (smtplab_trace_set_describe_problems (set));
  g_object_unref (set);
  fixture_remove (path);
}

/* a file that only starts like a capture is an error, not a crash */
static void
test_truncated_capture (void)
{
  char *dir = g_dir_make_tmp ("smtplab-pcap-XXXXXX", NULL);
  char *path = g_build_filename (dir, "cut.pcap", NULL);
  g_assert_true (g_file_set_contents (path, "\xd4\xc3\xb2\xa1\x02", 5, NULL));
  SmtplabTraceSet *set = smtplab_trace_set_new ();
  GError *error = NULL;
  g_assert_false (smtplab_trace_set_add_path (set, path, &error));
  g_assert_nonnull (error);
  g_error_free (error);
  g_object_unref (set);
  g_free (dir);
  fixture_remove (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/viewer/pcap/tcp-reassembly", test_reassembly);
  g_test_add_func ("/viewer/pcap/tcp-sequence-wraps", test_sequence_wraps);
  g_test_add_func ("/viewer/pcap/pcap-dialogue", test_pcap_dialogue);
  g_test_add_func ("/viewer/pcap/pcapng-dialogue", test_pcapng_dialogue);
  g_test_add_func ("/viewer/pcap/not-smtp", test_not_smtp);
  g_test_add_func ("/viewer/pcap/truncated-capture", test_truncated_capture);
  g_test_add_func ("/viewer/pcap/cut-short-in-a-record", test_cut_short_in_a_record);
  g_test_add_func ("/viewer/pcap/whole-capture-not-cut", test_whole_capture_not_cut);
  g_test_add_func ("/viewer/pcap/plaintext-auth-shown-only-when-asked", test_plaintext_auth_shown_only_when_asked);
  g_test_add_func ("/viewer/pcap/starttls-auth-stays-hidden", test_starttls_auth_stays_hidden);
  return g_test_run ();
}
