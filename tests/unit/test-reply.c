/* test-reply.c - the reply code table and reply lines (lib/reply.c) and
 * the verb table (lib/verbs.c). */
#include <string.h>
#include "enhanced.h"
#include "explain.h"
#include "reply.h"
#include "verbs.h"

/* RFC 821 §4.2: every code it defines is in the table */
static void
test_table_has_rfc821_codes (void)
{
  static const guint rfc821[] = { 211, 214, 220, 221, 250, 251, 354, 421, 450, 451, 452,
                                  500, 501, 502, 503, 504, 550, 551, 552, 553, 554 };
  for (gsize i = 0; i < G_N_ELEMENTS (rfc821); i++) {
    const SmtpReplyInfo *info = smtp_reply_lookup (rfc821[i]);
    g_assert_nonnull (info);
    g_assert_cmpstr (info->text, !=, "");
  }
  g_assert_null (smtp_reply_lookup (299));
}

static void
test_table_sorted_and_complete (void)
{
  gsize n;
  const SmtpReplyInfo *rows = smtp_reply_table (&n);
  g_assert_cmpuint (n, >=, 30);
  for (gsize i = 0; i < n; i++) {
    if (i > 0)
      g_assert_cmpuint (rows[i - 1].code, <, rows[i].code);
    g_assert_cmpuint (strlen (rows[i].meaning_en), >, 10);
    g_assert_cmpuint (strlen (rows[i].meaning_zh), >, 10);
    g_assert_true (g_str_has_prefix (rows[i].section, "RFC "));
  }
}

/* the words of RFC 821's examples */
static void
test_default_texts (void)
{
  g_assert_cmpstr (smtp_reply_lookup (250)->text, ==, "OK");
  g_assert_cmpstr (smtp_reply_lookup (354)->text, ==, "Start mail input; end with <CRLF>.<CRLF>");
  g_assert_cmpstr (smtp_reply_lookup (221)->text, ==, "Service closing transmission channel");
}

static void
test_format (void)
{
  char *s = smtp_reply_format (250, "OK");
  g_assert_cmpstr (s, ==, "250 OK\r\n");
  g_free (s);
  s = smtp_reply_format (250, "Beta.ARPA\nPIPELINING\nSIZE 1000");
  g_assert_cmpstr (s, ==, "250-Beta.ARPA\r\n250-PIPELINING\r\n250 SIZE 1000\r\n");
  g_free (s);
  s = smtp_reply_format (354, NULL);
  g_assert_cmpstr (s, ==, "354 Start mail input; end with <CRLF>.<CRLF>\r\n");
  g_free (s);
}

static void
test_parse (void)
{
  guint code;
  gboolean last;
  const char *text;
  g_assert_true (smtp_reply_line_parse ("250-PIPELINING", &code, &last, &text));
  g_assert_cmpuint (code, ==, 250);
  g_assert_false (last);
  g_assert_cmpstr (text, ==, "PIPELINING");
  g_assert_true (smtp_reply_line_parse ("250 OK", &code, &last, &text));
  g_assert_true (last);
  g_assert_cmpstr (text, ==, "OK");
  g_assert_true (smtp_reply_line_parse ("250", &code, &last, &text));
  g_assert_true (last);
  g_assert_cmpstr (text, ==, "");
  const char *bad[] = { "25", "abc", "2500 x", "250x", "650 what", "" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (smtp_reply_line_parse (bad[i], &code, &last, &text));
}

/* RFC 821 §4.2.1: an unknown code still means something by its digits */
static void
test_meaning_by_digits (void)
{
  g_assert_true (g_str_has_prefix (smtp_reply_meaning (299, SMTP_LANG_EN), "Positive Completion"));
  g_assert_true (g_str_has_prefix (smtp_reply_meaning (471, SMTP_LANG_EN), "Transient Negative"));
  g_assert_cmpstr (smtp_reply_second_digit (5, SMTP_LANG_EN), ==, "Mail system (the receiver's mailboxes)");
  g_assert_cmpstr (smtp_reply_meaning (550, SMTP_LANG_ZH_CN), ==, smtp_reply_lookup (550)->meaning_zh);
}

/* RFC 821 §4.1.1 lists 14 verbs; §4.5.1 requires 7 of them */
static void
test_verbs (void)
{
  static const char *rfc821[] = { "HELO", "MAIL", "RCPT", "DATA", "RSET", "SEND", "SOML",
                                  "SAML", "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "TURN" };
  guint minimum = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (rfc821); i++) {
    const SmtpVerb *v = smtp_verb_lookup (rfc821[i]);
    g_assert_nonnull (v);
    minimum += (v->flags & SMTP_VERB_MINIMUM) != 0;
    g_assert_cmpuint (strlen (smtp_verb_summary (v, SMTP_LANG_EN)), >, 20);
    g_assert_cmpuint (strlen (smtp_verb_summary (v, SMTP_LANG_ZH_CN)), >, 20);
  }
  g_assert_cmpuint (minimum, ==, 7);
  g_assert_true (smtp_verb_lookup ("mail") == smtp_verb_lookup ("MAIL"));
  g_assert_null (smtp_verb_lookup ("BOGUS"));
}

/* set_locale_env - LANGUAGE, LC_ALL, LC_MESSAGES, LANG as given (NULL: unset) */
static void
set_locale_env (const char *language, const char *lc_all, const char *lc_messages, const char *lang)
{
  const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
  const char *values[] = { language, lc_all, lc_messages, lang };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (values[i])
      g_setenv (names[i], values[i], TRUE);
    else
      g_unsetenv (names[i]);
}

/* the order docs/viewer.md gives: LC_ALL/LC_MESSAGES/LANG = C wins, then
 * LANGUAGE (even with no locale variable set), then the locale variables */
static void
test_lang_from_environment (void)
{
  static const struct { const char *language, *lc_all, *lc_messages, *lang; SmtpLang want; } cases[] = {
    { NULL, NULL, NULL, NULL, SMTP_LANG_EN },
    { "zh_CN", NULL, NULL, NULL, SMTP_LANG_ZH_CN },             /* no locale generated: still Chinese */
    { "zh_CN", NULL, NULL, "C.UTF-8", SMTP_LANG_ZH_CN },        /* C.UTF-8 honours LANGUAGE */
    { "zh_CN", NULL, NULL, "C", SMTP_LANG_EN },                 /* gettext ignores LANGUAGE in C */
    { "zh_CN", "POSIX", NULL, "zh_CN.UTF-8", SMTP_LANG_EN },
    { "fr:zh_CN:en", NULL, NULL, NULL, SMTP_LANG_ZH_CN },       /* the first entry we speak */
    { "en", NULL, NULL, "zh_CN.UTF-8", SMTP_LANG_EN },          /* LANGUAGE before LANG */
    { "de", NULL, NULL, "zh_CN.UTF-8", SMTP_LANG_ZH_CN },
    { NULL, NULL, NULL, "zh_CN.UTF-8", SMTP_LANG_ZH_CN },
    { NULL, "zh_CN.UTF-8", NULL, "en_US.UTF-8", SMTP_LANG_ZH_CN },
    { NULL, NULL, "zh_CN.UTF-8", "en_US.UTF-8", SMTP_LANG_ZH_CN },
    { NULL, "en_GB.UTF-8", "zh_CN.UTF-8", NULL, SMTP_LANG_EN },
    { "", "", "", "zh_TW.UTF-8", SMTP_LANG_ZH_CN },             /* empty counts as unset */
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    set_locale_env (cases[i].language, cases[i].lc_all, cases[i].lc_messages, cases[i].lang);
    g_assert_cmpint (smtp_lang_from_environment (), ==, cases[i].want);
  }
  set_locale_env (NULL, NULL, NULL, NULL);
}

/* an explicit --lang wins over the environment; a bad one is named */
static void
test_lang_choose (void)
{
  SmtpLang lang = SMTP_LANG_EN;
  GError *error = NULL;
  set_locale_env ("en", NULL, NULL, "en_US.UTF-8");
  g_assert_true (smtp_lang_choose ("zh", &lang, NULL));
  g_assert_cmpint (lang, ==, SMTP_LANG_ZH_CN);
  g_assert_true (smtp_lang_choose ("en", &lang, NULL));
  g_assert_cmpint (lang, ==, SMTP_LANG_EN);
  g_assert_true (smtp_lang_choose ("zh_CN.UTF-8", &lang, NULL));
  g_assert_cmpint (lang, ==, SMTP_LANG_ZH_CN);
  set_locale_env ("zh_CN", NULL, NULL, NULL);
  g_assert_true (smtp_lang_choose (NULL, &lang, NULL));
  g_assert_cmpint (lang, ==, SMTP_LANG_ZH_CN);
  g_assert_false (smtp_lang_choose ("fr", &lang, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_cmpstr (error->message, ==, "--lang fr: choose en or zh");
  g_clear_error (&error);
  g_assert_cmpstr (smtp_lang_code (SMTP_LANG_ZH_CN), ==, "zh_CN");
  g_assert_cmpstr (smtp_lang_code (SMTP_LANG_EN), ==, "en");
  set_locale_env (NULL, NULL, NULL, NULL);
}

/* RFC 5321 §4.2.1: only the first digit decides, for codes never seen too */
static void
test_first_digit_decides (void)
{
  g_assert_true (smtp_reply_is_positive (250));
  g_assert_true (smtp_reply_is_positive (251));
  g_assert_true (smtp_reply_is_positive (299));
  g_assert_false (smtp_reply_is_positive (354));
  g_assert_false (smtp_reply_is_positive (421));
  g_assert_false (smtp_reply_is_positive (0));
  g_assert_true (smtp_reply_is_intermediate (354));
  g_assert_true (smtp_reply_is_intermediate (334));
  g_assert_false (smtp_reply_is_intermediate (250));
  g_assert_true (smtp_reply_is_transient (421));
  g_assert_true (smtp_reply_is_transient (452));
  g_assert_false (smtp_reply_is_transient (550));
  g_assert_false (smtp_reply_is_transient (0));
  g_assert_true (smtp_reply_is_permanent (554));
  g_assert_true (smtp_reply_is_permanent (599));
  g_assert_false (smtp_reply_is_permanent (451));
  g_assert_false (smtp_reply_is_permanent (250));
}

/* RFC 3463 §2: "class.subject.detail" and a space start the text */
static void
test_enhanced_code_length (void)
{
  g_assert_cmpuint (smtp_enhanced_code_length ("5.1.1 No such user here"), ==, 6);
  g_assert_cmpuint (smtp_enhanced_code_length ("2.0.0 OK"), ==, 6);
  g_assert_cmpuint (smtp_enhanced_code_length ("5.7.11 Encryption required"), ==, 7);
  g_assert_cmpuint (smtp_enhanced_code_length ("OK"), ==, 0);
  g_assert_cmpuint (smtp_enhanced_code_length ("3.0.0 go on"), ==, 0);    /* no class 3 */
  g_assert_cmpuint (smtp_enhanced_code_length ("5.1.1"), ==, 0);          /* no text after */
  g_assert_cmpuint (smtp_enhanced_code_length ("5.1234.1 x"), ==, 0);
  g_assert_cmpuint (smtp_enhanced_code_length ("5..1 x"), ==, 0);
  g_assert_cmpuint (smtp_enhanced_code_length ("Beta.ARPA"), ==, 0);
}

/* a student reads 5.1.1 digit by digit, in both languages */
static void
test_explain_enhanced (void)
{
  char *text = smtp_explain_enhanced ("5.1.1 No such user here", SMTP_LANG_EN);
  g_assert_cmpstr (text, ==, "5.1.1: 5.x.x = permanent failure: do not repeat it as it is; "
                   "x.1.x = addressing (sender or recipient); bad destination mailbox address: "
                   "no such user (RFC 3463)");
  g_free (text);
  text = smtp_explain_enhanced ("4.5.3 Too many recipients", SMTP_LANG_ZH_CN);
  g_assert_nonnull (strstr (text, "收件人太多"));
  g_free (text);
  text = smtp_explain_enhanced ("5.1.1 No such user here", SMTP_LANG_ZH_CN);
  g_assert_cmpstr (text, ==, "5.1.1：5.x.x = 永久性失败：不要原样重试；x.1.x = 地址（发件人或收件人）；"
                   "目的邮箱地址错误：无此用户（RFC 3463）");
  g_free (text);
  text = smtp_explain_enhanced ("2.9.9 odd", SMTP_LANG_EN);
  g_assert_nonnull (strstr (text, "an undefined subject"));
  g_free (text);
  g_assert_null (smtp_explain_enhanced ("OK", SMTP_LANG_EN));
}

/* ascii_punctuation_by_han - the first ASCII , : ; ( ) next to a Chinese
 * character in text (Chinese sentences take full-width ，：；（）), or NULL */
static const char *
ascii_punctuation_by_han (const char *text)
{
  gunichar before = 0;
  for (const char *p = text; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p), after = g_utf8_get_char (g_utf8_next_char (p));
    if (c > 0 && c < 0x80 && strchr (",:;()", (int) c)
        && (g_unichar_get_script (before) == G_UNICODE_SCRIPT_HAN || g_unichar_get_script (after) == G_UNICODE_SCRIPT_HAN))
      return p;
    before = c;
  }
  return NULL;
}

/* the Chinese a student reads (every reply, verb and enhanced code
 * explained) is punctuated as Chinese */
static void
test_chinese_punctuation (void)
{
  gsize n;
  const SmtpReplyInfo *replies = smtp_reply_table (&n);
  for (gsize i = 0; i < n; i++) {
    char *text = smtp_explain_reply (replies[i].code, SMTP_LANG_ZH_CN);
    g_assert_cmpstr (ascii_punctuation_by_han (text), ==, NULL);
    g_free (text);
  }
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++) {
    char *text = smtp_explain_verb (row->verb, SMTP_LANG_ZH_CN);
    g_assert_cmpstr (ascii_punctuation_by_han (text), ==, NULL);
    g_free (text);
  }
  static const char *const enhanced[] = { "2.1.5 ok", "4.3.1 full", "5.7.8 bad", "5.5.3 many", "2.9.9 odd" };
  for (gsize i = 0; i < G_N_ELEMENTS (enhanced); i++) {
    char *text = smtp_explain_enhanced (enhanced[i], SMTP_LANG_ZH_CN);
    g_assert_cmpstr (ascii_punctuation_by_han (text), ==, NULL);
    g_free (text);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reply/table/rfc821-codes", test_table_has_rfc821_codes);
  g_test_add_func ("/reply/table/sorted-and-explained", test_table_sorted_and_complete);
  g_test_add_func ("/reply/table/default-texts", test_default_texts);
  g_test_add_func ("/reply/format", test_format);
  g_test_add_func ("/reply/parse", test_parse);
  g_test_add_func ("/reply/meaning-by-digits", test_meaning_by_digits);
  g_test_add_func ("/reply/first-digit-decides", test_first_digit_decides);
  g_test_add_func ("/reply/enhanced/code-length", test_enhanced_code_length);
  g_test_add_func ("/reply/enhanced/explained", test_explain_enhanced);
  g_test_add_func ("/verbs/rfc821", test_verbs);
  g_test_add_func ("/lang/from-environment", test_lang_from_environment);
  g_test_add_func ("/lang/choose", test_lang_choose);
  g_test_add_func ("/lang/chinese-punctuation", test_chinese_punctuation);
  return g_test_run ();
}
