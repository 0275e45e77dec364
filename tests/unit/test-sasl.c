/* test-sasl.c - SMTP AUTH's messages (lib/sasl.c, RFC 4954, RFC 4616) and
 * the password hashes AUTH checks (lib/password.c). */
#include <string.h>
#include "password.h"
#include "sasl.h"

/* RFC 4648 §4: base64 exactly, nothing looser */
static void
test_decode_strict (void)
{
  GBytes *b = smtp_sasl_decode ("YWxpY2U=");
  g_assert_cmpmem (g_bytes_get_data (b, NULL), g_bytes_get_size (b), "alice", 5);
  g_bytes_unref (b);
  b = smtp_sasl_decode ("=");                       /* RFC 4954 §4: empty */
  g_assert_cmpuint (g_bytes_get_size (b), ==, 0);
  g_bytes_unref (b);
  const char *bad[] = { "", "YWxpY2U", "YWx pY2U=", "YW=xpY2U", "YWxpY2U===", "!!!!", "Zm9v\r\n" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_null (smtp_sasl_decode (bad[i]));
}

/* RFC 4616 §2: authzid NUL authcid NUL passwd */
static void
test_plain_round_trip (void)
{
  char *text = smtp_sasl_plain_encode ("alice", "wonderland");
  g_assert_cmpstr (text, ==, "AGFsaWNlAHdvbmRlcmxhbmQ=");
  char *authzid, *authcid, *password;
  g_assert_true (smtp_sasl_plain_decode (text, &authzid, &authcid, &password));
  g_assert_cmpstr (authzid, ==, "");
  g_assert_cmpstr (authcid, ==, "alice");
  g_assert_cmpstr (password, ==, "wonderland");
  g_free (authzid);
  g_free (authcid);
  g_free (password);
  g_free (text);
}

/* no second NUL, an empty user, a third NUL: refused */
static void
test_plain_malformed (void)
{
  char *a, *b, *c;
  g_assert_false (smtp_sasl_plain_decode ("AGFsaWNl", &a, &b, &c));          /* "\0alice" */
  g_assert_false (smtp_sasl_plain_decode ("AABwdw==", &a, &b, &c));          /* "\0\0pw" */
  g_assert_false (smtp_sasl_plain_decode ("AGEAYgBj", &a, &b, &c));          /* "\0a\0b\0c" */
  g_assert_false (smtp_sasl_plain_decode ("not base64", &a, &b, &c));
}

/* what a trace or a screen may show */
static void
test_masking (void)
{
  char *shown = smtp_sasl_mask_command ("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=");
  g_assert_cmpstr (shown, ==, "AUTH PLAIN " SMTP_SASL_MASK);
  g_free (shown);
  shown = smtp_sasl_mask_command ("auth login");
  g_assert_cmpstr (shown, ==, "auth login");
  g_free (shown);
  shown = smtp_sasl_mask_command ("MAIL FROM:<a@b>");
  g_assert_cmpstr (shown, ==, "MAIL FROM:<a@b>");
  g_free (shown);
  shown = smtp_sasl_mask_response ("d29uZGVybGFuZA==");
  g_assert_cmpstr (shown, ==, SMTP_SASL_MASK);
  g_free (shown);
  shown = smtp_sasl_mask_response ("*");
  g_assert_cmpstr (shown, ==, "*");
  g_free (shown);
}

/* the plaintext lesson: what the base64 says, PLAIN split on its NULs
 * (RFC 4616 §2), LOGIN's user name then password */
static void
test_reveal (void)
{
  char *text = smtp_sasl_reveal ("PLAIN", 0, "AGNhcm9sAGNhcm9sLXB3");
  g_assert_cmpstr (text, ==, "authzid \"\", authcid \"carol\", password \"carol-pw\"");
  g_free (text);
  text = smtp_sasl_reveal ("plain", 0, "Y2Fyb2wAY2Fyb2wAY2Fyb2wtcHc=");   /* carol\0carol\0carol-pw */
  g_assert_cmpstr (text, ==, "authzid \"carol\", authcid \"carol\", password \"carol-pw\"");
  g_free (text);
  text = smtp_sasl_reveal ("LOGIN", 0, "Y2Fyb2w=");
  g_assert_cmpstr (text, ==, "username \"carol\"");
  g_free (text);
  text = smtp_sasl_reveal ("LOGIN", 1, "Y2Fyb2wtcHc=");
  g_assert_cmpstr (text, ==, "password \"carol-pw\"");
  g_free (text);
  g_assert_null (smtp_sasl_reveal ("LOGIN", 2, "Y2Fyb2w="));
  g_assert_null (smtp_sasl_reveal ("PLAIN", 0, "Y2Fyb2w="));              /* no NULs */
  g_assert_null (smtp_sasl_reveal ("CRAM-MD5", 0, "Y2Fyb2w="));
  g_assert_null (smtp_sasl_reveal ("LOGIN", 0, "*"));
}

/* one rule for every screen: masked unless revealed, then as sent */
static void
test_show_line (void)
{
  char *decoded;
  char *shown = smtp_sasl_show_line ("AUTH PLAIN AGNhcm9sAGNhcm9sLXB3", NULL, 0, FALSE, &decoded);
  g_assert_cmpstr (shown, ==, "AUTH PLAIN " SMTP_SASL_MASK);
  g_assert_null (decoded);
  g_free (shown);
  shown = smtp_sasl_show_line ("AUTH PLAIN AGNhcm9sAGNhcm9sLXB3", NULL, 0, TRUE, &decoded);
  g_assert_cmpstr (shown, ==, "AUTH PLAIN AGNhcm9sAGNhcm9sLXB3");
  g_assert_cmpstr (decoded, ==, "authzid \"\", authcid \"carol\", password \"carol-pw\"");
  g_free (decoded);
  g_free (shown);
  shown = smtp_sasl_show_line ("AUTH LOGIN Y2Fyb2w=", NULL, 0, TRUE, &decoded);
  g_assert_cmpstr (decoded, ==, "username \"carol\"");
  g_free (decoded);
  g_free (shown);
  shown = smtp_sasl_show_line ("Y2Fyb2wtcHc=", "LOGIN", 1, FALSE, &decoded);
  g_assert_cmpstr (shown, ==, SMTP_SASL_MASK);
  g_assert_null (decoded);
  g_free (shown);
  shown = smtp_sasl_show_line ("Y2Fyb2wtcHc=", "LOGIN", 1, TRUE, &decoded);
  g_assert_cmpstr (shown, ==, "Y2Fyb2wtcHc=");
  g_assert_cmpstr (decoded, ==, "password \"carol-pw\"");
  g_free (decoded);
  g_free (shown);
  shown = smtp_sasl_show_line ("MAIL FROM:<a@b>", NULL, 0, TRUE, &decoded);
  g_assert_cmpstr (shown, ==, "MAIL FROM:<a@b>");
  g_assert_null (decoded);
  g_free (shown);
}

/* a hash checks its own password and no other; salts differ */
static void
test_password_hash (void)
{
  char *one = smtp_password_hash ("wonderland", 1000);
  char *two = smtp_password_hash ("wonderland", 1000);
  g_assert_true (g_str_has_prefix (one, "pbkdf2-sha256$1000$"));
  g_assert_cmpstr (one, !=, two);
  g_assert_true (smtp_password_is_hash (one));
  g_assert_true (smtp_password_check (one, "wonderland"));
  g_assert_true (smtp_password_check (two, "wonderland"));
  g_assert_false (smtp_password_check (one, "Wonderland"));
  g_assert_false (smtp_password_check (one, ""));
  g_free (one);
  g_free (two);
}

/* a password in the clear, or a damaged hash, is not a hash */
static void
test_password_malformed (void)
{
  const char *bad[] = { "wonderland", "pbkdf2-sha256$abc$AAAA$AAAA", "pbkdf2-sha256$0$AAAA$AAAA",
                        "pbkdf2-sha256$1000$AAAA$AAAA", "md5$1$a$b", "pbkdf2-sha256$1000$$" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_assert_false (smtp_password_is_hash (bad[i]));
    g_assert_false (smtp_password_check (bad[i], "wonderland"));
  }
}
/* LOGIN: each message is base64 of text; a NUL in it or bad base64 is no
 * message */
static void
test_login_decode (void)
{
  char *text = smtp_sasl_login_decode ("Y2Fyb2w=");
  g_assert_cmpstr (text, ==, "carol");
  g_free (text);
  text = smtp_sasl_login_decode ("=");                       /* RFC 4954 §4: empty */
  g_assert_cmpstr (text, ==, "");
  g_free (text);
  g_assert_null (smtp_sasl_login_decode ("carol"));
  g_assert_null (smtp_sasl_login_decode ("AGE="));          /* "\0a" */
}

/* RFC 4954 §4: what each client response means to the receiver */
static void
test_server_step (void)
{
  SmtpSaslCredentials c = { 0 };
  /* PLAIN: one message, all three credentials (RFC 4616 §2) */
  g_assert_cmpint (smtp_sasl_server_step ("PLAIN", 0, "Ym9iAGFsaWNlAHdvbmRlcmxhbmQ=", &c), ==,
                   SMTP_SASL_COMPLETE);                      /* bob\0alice\0wonderland */
  g_assert_cmpstr (c.authzid, ==, "bob");
  g_assert_cmpstr (c.authcid, ==, "alice");
  g_assert_cmpstr (c.password, ==, "wonderland");
  smtp_sasl_credentials_clear (&c);
  g_assert_null (c.password);
  g_assert_cmpint (smtp_sasl_server_step ("plain", 0, "YWxpY2U=", &c), ==, SMTP_SASL_MALFORMED);
  g_assert_cmpint (smtp_sasl_server_step ("PLAIN", 0, "*", &c), ==, SMTP_SASL_CANCELLED);
  /* LOGIN: the user name (334 VXNlcm5hbWU6), then the password */
  g_assert_cmpint (smtp_sasl_server_step ("LOGIN", 0, "Y2Fyb2w=", &c), ==, SMTP_SASL_CONTINUE);
  g_assert_cmpstr (c.authcid, ==, "carol");
  g_assert_cmpint (smtp_sasl_server_step ("LOGIN", 1, "Y2Fyb2wtcHc=", &c), ==, SMTP_SASL_COMPLETE);
  g_assert_cmpstr (c.authcid, ==, "carol");
  g_assert_cmpstr (c.password, ==, "carol-pw");
  g_assert_null (c.authzid);
  smtp_sasl_credentials_clear (&c);
  g_assert_cmpint (smtp_sasl_server_step ("LOGIN", 0, "carol", &c), ==, SMTP_SASL_MALFORMED);
  g_assert_cmpint (smtp_sasl_server_step ("LOGIN", 1, "*", &c), ==, SMTP_SASL_CANCELLED);
  g_assert_null (c.authcid);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sasl/decode/strict-base64", test_decode_strict);
  g_test_add_func ("/sasl/plain/round-trip", test_plain_round_trip);
  g_test_add_func ("/sasl/plain/malformed", test_plain_malformed);
  g_test_add_func ("/sasl/login/decode", test_login_decode);
  g_test_add_func ("/sasl/server-step/plain-login-cancel", test_server_step);
  g_test_add_func ("/sasl/mask/command-and-response", test_masking);
  g_test_add_func ("/sasl/reveal/plain-and-login", test_reveal);
  g_test_add_func ("/sasl/show-line/masked-or-revealed", test_show_line);
  g_test_add_func ("/password/hash-and-check", test_password_hash);
  g_test_add_func ("/password/malformed", test_password_malformed);
  return g_test_run ();
}
