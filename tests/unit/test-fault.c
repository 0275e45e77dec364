/* test-fault.c - faults on demand (lib/fault.c): the entries of fault=,
 * delay= and drop=, which arrival a fault is for, and the counts. */
#include <string.h>

#include "fault.h"

/* parse - one entry, which must parse */
static SmtpFault *
parse (SmtpFaultKind kind, const char *entry)
{
  g_autofree char *why = NULL;
  SmtpFault *f = smtp_fault_parse (kind, entry, &why);
  g_assert_null (why);
  g_assert_nonnull (f);
  return f;
}

/* refused - one entry, which must not parse; the reason names it */
static void
refused (SmtpFaultKind kind, const char *entry, const char *reason)
{
  g_autofree char *why = NULL;
  g_assert_null (smtp_fault_parse (kind, entry, &why));
  g_assert_nonnull (strstr (why, reason));
}

static void
test_reply (void)
{
  SmtpFault *f = parse (SMTP_FAULT_REPLY, "rcpt@2:450 4.2.1 Mailbox busy");
  g_assert_cmpstr (f->verb, ==, "RCPT");
  g_assert_cmpuint (f->nth, ==, 2);
  g_assert_cmpuint (f->code, ==, 450);
  g_assert_cmpstr (f->text, ==, "4.2.1 Mailbox busy");
  smtp_fault_free (f);
  f = parse (SMTP_FAULT_REPLY, "DATA-END:554");
  g_assert_cmpuint (f->nth, ==, 0);
  g_assert_cmpstr (f->text, ==, "Fault on demand");
  smtp_fault_free (f);
}

static void
test_delay_and_drop (void)
{
  SmtpFault *f = parse (SMTP_FAULT_DELAY, "GREETING:1500");
  g_assert_cmpuint (f->ms, ==, 1500);
  smtp_fault_free (f);
  f = parse (SMTP_FAULT_DROP, "after-greeting");
  g_assert_cmpstr (f->verb, ==, "GREETING");
  smtp_fault_free (f);
  f = parse (SMTP_FAULT_DROP, "mid-data");
  g_assert_cmpstr (f->verb, ==, "DATA-LINE");
  smtp_fault_free (f);
  f = parse (SMTP_FAULT_DROP, "after-RCPT@3");
  g_assert_cmpstr (f->verb, ==, "RCPT");
  g_assert_cmpuint (f->nth, ==, 3);
  smtp_fault_free (f);
}

/* RFC 5321 §4.2: a fault is a 4yz or 5yz; bad names, times and delays */
static void
test_refused (void)
{
  refused (SMTP_FAULT_REPLY, "RCPT:250 OK", "400 to 599");
  refused (SMTP_FAULT_REPLY, "RCPT", "VERB[@N]:CODE TEXT");
  refused (SMTP_FAULT_REPLY, "FROB:450 x", "FROB is no command");
  refused (SMTP_FAULT_REPLY, "RCPT@0:450 x", "a number from 1");
  refused (SMTP_FAULT_REPLY, "DATA-LINE:450 x", "only for drop=mid-data");
  refused (SMTP_FAULT_DELAY, "RCPT:0", "milliseconds");
  refused (SMTP_FAULT_DELAY, "RCPT:fast", "milliseconds");
  refused (SMTP_FAULT_DROP, "before-data", "after-greeting, mid-data");
}

/* the nth arrival, counted per command, and every-time faults */
static void
test_find_and_count (void)
{
  g_autoptr (GPtrArray) faults = g_ptr_array_new_with_free_func ((GDestroyNotify) smtp_fault_free);
  g_ptr_array_add (faults, parse (SMTP_FAULT_REPLY, "RCPT@2:451 later"));
  g_ptr_array_add (faults, parse (SMTP_FAULT_DELAY, "MAIL:100"));
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_assert_cmpuint (smtp_fault_count (counts, "RCPT"), ==, 1);
  g_assert_null (smtp_fault_find (faults, SMTP_FAULT_REPLY, "RCPT", 1));
  g_assert_cmpuint (smtp_fault_count (counts, "rcpt"), ==, 2);
  g_assert_nonnull (smtp_fault_find (faults, SMTP_FAULT_REPLY, "RCPT", 2));
  g_assert_null (smtp_fault_find (faults, SMTP_FAULT_REPLY, "RCPT", 3));
  g_assert_cmpuint (smtp_fault_count (counts, "MAIL"), ==, 1);
  g_assert_nonnull (smtp_fault_find (faults, SMTP_FAULT_DELAY, "MAIL", 7));
  g_assert_null (smtp_fault_find (faults, SMTP_FAULT_REPLY, "MAIL", 1));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fault/reply", test_reply);
  g_test_add_func ("/fault/delay-and-drop", test_delay_and_drop);
  g_test_add_func ("/fault/refused", test_refused);
  g_test_add_func ("/fault/find-and-count", test_find_and_count);
  return g_test_run ();
}
