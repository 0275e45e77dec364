/* test-client-session.c - what the sender makes of a transaction's replies
 * (lib/client-session.c): which reply decided each recipient's fate, and
 * the exit class of the whole (RFC 5321 §4.2.1, §3.3). */
#include <string.h>
#include "client-session.h"
#include "reply.h"

/* outcome - a transaction's replies: MAIL, one RCPT per recipient, DATA
 * and the final "." (0 = not sent) */
static SmtpMailOutcome *
outcome (guint mail, const guint *rcpt, guint n_rcpt, guint data, guint final)
{
  SmtpMailOutcome *o = g_new0 (SmtpMailOutcome, 1);
  o->mail_code = mail;
  o->mail_text = g_strdup_printf ("mail %u", mail);
  o->recipients = g_ptr_array_new ();
  for (guint i = 0; i < n_rcpt; i++) {
    SmtpRecipientOutcome *r = g_new0 (SmtpRecipientOutcome, 1);
    r->forward_path = g_strdup_printf ("<u%u@x>", i);
    r->code = rcpt[i];
    r->text = g_strdup_printf ("rcpt %u", rcpt[i]);
    g_ptr_array_add (o->recipients, r);
  }
  o->data_code = data;
  o->final_code = final;
  o->final_text = g_strdup_printf ("final %u", smtp_reply_is_intermediate (data) ? final : data);
  return o;
}

/* RFC 821 §3.1: Jones and Brown accepted, Green refused; the data taken */
static void
test_rfc821_smith (void)
{
  const guint rcpt[] = { 250, 550, 250 };
  SmtpMailOutcome *o = outcome (250, rcpt, 3, 354, 250);
  const char *text;
  g_assert_cmpuint (smtp_mail_outcome_code (o, 0, &text), ==, 250);
  g_assert_cmpstr (text, ==, "final 250");
  g_assert_cmpuint (smtp_mail_outcome_code (o, 1, &text), ==, 550);
  g_assert_cmpstr (text, ==, "rcpt 550");
  g_assert_cmpuint (smtp_mail_outcome_class (o), ==, 5);
  smtp_mail_outcome_free (o);
}

/* MAIL refused: every recipient's fate is MAIL's reply */
static void
test_mail_refused (void)
{
  const guint rcpt[] = { 0, 0 };
  SmtpMailOutcome *o = outcome (451, rcpt, 2, 0, 0);
  const char *text;
  g_assert_cmpuint (smtp_mail_outcome_code (o, 1, &text), ==, 451);
  g_assert_cmpstr (text, ==, "mail 451");
  g_assert_cmpuint (smtp_mail_outcome_class (o), ==, 4);
  smtp_mail_outcome_free (o);
}

/* Codes nobody listed are read by their first digit */
static void
test_unknown_codes (void)
{
  const guint rcpt[] = { 252 };
  SmtpMailOutcome *o = outcome (299, rcpt, 1, 399, 259);
  g_assert_cmpuint (smtp_mail_outcome_code (o, 0, NULL), ==, 259);
  g_assert_cmpuint (smtp_mail_outcome_class (o), ==, 0);
  smtp_mail_outcome_free (o);
}

/* DATA refused, or the end of data refused */
static void
test_data_refused (void)
{
  const guint rcpt[] = { 250 };
  SmtpMailOutcome *o = outcome (250, rcpt, 1, 554, 0);
  const char *text;
  g_assert_cmpuint (smtp_mail_outcome_code (o, 0, &text), ==, 554);
  g_assert_cmpstr (text, ==, "final 554");
  g_assert_cmpuint (smtp_mail_outcome_class (o), ==, 5);
  smtp_mail_outcome_free (o);

  o = outcome (250, rcpt, 1, 354, 452);
  g_assert_cmpuint (smtp_mail_outcome_class (o), ==, 4);
  smtp_mail_outcome_free (o);
}

/* A 3yz where the transaction should have ended is a protocol error */
static void
test_intermediate_at_the_end (void)
{
  const guint rcpt[] = { 250 };
  SmtpMailOutcome *o = outcome (250, rcpt, 1, 354, 354);
  g_assert_cmpuint (smtp_mail_outcome_class (o), ==, 5);
  smtp_mail_outcome_free (o);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client-session/outcome/rfc821-smith", test_rfc821_smith);
  g_test_add_func ("/client-session/outcome/mail-refused", test_mail_refused);
  g_test_add_func ("/client-session/outcome/unknown-codes", test_unknown_codes);
  g_test_add_func ("/client-session/outcome/data-refused", test_data_refused);
  g_test_add_func ("/client-session/outcome/intermediate-at-the-end", test_intermediate_at_the_end);
  return g_test_run ();
}
