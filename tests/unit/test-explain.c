/* test-explain.c - explanations wrapped to a terminal (lib/explain.c):
 * English at spaces, Chinese between characters, never before "，" or "。". */
#include "explain.h"

static void
assert_wrap (const char *text, guint width, const char *expected)
{
  char *wrapped = smtp_explain_wrap (text, width);
  g_assert_cmpstr (wrapped, ==, expected);
  g_free (wrapped);
}

static void
test_english_at_spaces (void)
{
  assert_wrap ("The greeting: the receiver-SMTP is ready.", 20,
               "The greeting: the\nreceiver-SMTP is\nready.");
  assert_wrap ("short", 20, "short");
  assert_wrap ("a\nb c", 3, "a\nb c");
  assert_wrap ("no wrap at width 0", 0, "no wrap at width 0");
}

static void
test_a_long_word_stays_whole (void)
{
  assert_wrap ("see <Smith@Alpha.ARPA> now", 10, "see\n<Smith@Alpha.ARPA>\nnow");
}

static void
test_indentation_is_kept (void)
{
  assert_wrap ("  one two three four", 12, "  one two\n  three four");
}

/* each Chinese character takes two columns */
static void
test_chinese_between_characters (void)
{
  assert_wrap ("问候应答接收方", 8, "问候应答\n接收方");
  /* "，" may not begin a line: it goes with the character before it */
  assert_wrap ("问候应答，接收方", 8, "问候应\n答，接收\n方");
  assert_wrap ("服务器 SMTP 已就绪", 12, "服务器 SMTP\n已就绪");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/explain/wrap/english-at-spaces", test_english_at_spaces);
  g_test_add_func ("/explain/wrap/a-long-word-stays-whole", test_a_long_word_stays_whole);
  g_test_add_func ("/explain/wrap/indentation-is-kept", test_indentation_is_kept);
  g_test_add_func ("/explain/wrap/chinese-between-characters", test_chinese_between_characters);
  return g_test_run ();
}
