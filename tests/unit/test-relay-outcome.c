/* test-relay-outcome.c - how a relay sorts the next host's replies into
 * delivered, retry and bounce (lib/relay-outcome.c; RFC 5321 §4.2.1, §6.1,
 * RFC 821 §3.6). */
#include "relay-outcome.h"

/* outcome - MAIL's reply, one RCPT reply per recipient, DATA's and the
 * final "."'s (0 = not sent) */
static SmtpMailOutcome *
outcome (guint mail, const guint *rcpt, guint n_rcpt, guint data, guint final)
{
  SmtpMailOutcome *o = g_new0 (SmtpMailOutcome, 1);
  o->mail_code = mail;
  o->mail_text = g_strdup ("mail text");
  o->recipients = g_ptr_array_new ();
  for (guint i = 0; i < n_rcpt; i++) {
    SmtpRecipientOutcome *r = g_new0 (SmtpRecipientOutcome, 1);
    r->forward_path = g_strdup_printf ("<u%u@x>", i);
    r->code = rcpt[i];
    r->text = g_strdup_printf ("rcpt %u", i);
    g_ptr_array_add (o->recipients, r);
  }
  o->data_code = data;
  o->final_code = final;
  o->final_text = g_strdup ("final text");
  return o;
}

/* bounce_at - the i-th bounced recipient */
static const SmtpRelayBounce *
bounce_at (const SmtpRelaySort *sort, guint i)
{
  return g_ptr_array_index (sort->bounce, i);
}

/* RFC 5321 §6.1: 2yz to the final "." hands responsibility on */
static void
test_2yz_delivered (void)
{
  g_assert_cmpint (smtp_relay_fate (250), ==, SMTP_RELAY_DELIVERED);
  g_assert_cmpint (smtp_relay_fate (251), ==, SMTP_RELAY_DELIVERED);
  const guint rcpt[] = { 250, 251 };
  SmtpMailOutcome *o = outcome (250, rcpt, 2, 354, 250);
  SmtpRelaySort *sort = smtp_relay_sort (o, NULL, NULL);
  g_assert_cmpuint (sort->retry->len, ==, 0);
  g_assert_cmpuint (sort->bounce->len, ==, 0);
  g_assert_cmpstr (sort->why, ==, "");
  smtp_relay_sort_free (sort);
  smtp_mail_outcome_free (o);
}

/* RFC 5321 §4.2.1: 4yz, try again later; why is the reply */
static void
test_4yz_retry (void)
{
  g_assert_cmpint (smtp_relay_fate (451), ==, SMTP_RELAY_RETRY);
  const guint rcpt[] = { 250, 452 };
  SmtpMailOutcome *o = outcome (250, rcpt, 2, 354, 250);
  SmtpRelaySort *sort = smtp_relay_sort (o, NULL, NULL);
  g_assert_cmpuint (sort->retry->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (sort->retry, 0), ==, "<u1@x>");
  g_assert_cmpuint (sort->bounce->len, ==, 0);
  g_assert_cmpstr (sort->why, ==, "452 rcpt 1");
  smtp_relay_sort_free (sort);
  smtp_mail_outcome_free (o);
}

/* RFC 821 §3.6, RFC 5321 §6.1: 5yz, a notice with the reply that refused */
static void
test_5yz_bounce (void)
{
  g_assert_cmpint (smtp_relay_fate (550), ==, SMTP_RELAY_BOUNCE);
  const guint rcpt[] = { 550, 250 };
  SmtpMailOutcome *o = outcome (250, rcpt, 2, 354, 250);
  SmtpRelaySort *sort = smtp_relay_sort (o, NULL, NULL);
  g_assert_cmpuint (sort->retry->len, ==, 0);
  g_assert_cmpuint (sort->bounce->len, ==, 1);
  g_assert_cmpstr (bounce_at (sort, 0)->forward_path, ==, "<u0@x>");
  g_assert_cmpstr (bounce_at (sort, 0)->reason, ==, "550 rcpt 0");
  g_assert_cmpstr (sort->why, ==, "");
  smtp_relay_sort_free (sort);
  smtp_mail_outcome_free (o);
}

/* MAIL refused for good: every recipient bounces with MAIL's reply */
static void
test_mail_5yz_bounces_all (void)
{
  const guint rcpt[] = { 0, 0 };
  SmtpMailOutcome *o = outcome (553, rcpt, 2, 0, 0);
  SmtpRelaySort *sort = smtp_relay_sort (o, NULL, NULL);
  g_assert_cmpuint (sort->bounce->len, ==, 2);
  g_assert_cmpstr (bounce_at (sort, 1)->forward_path, ==, "<u1@x>");
  g_assert_cmpstr (bounce_at (sort, 1)->reason, ==, "553 mail text");
  smtp_relay_sort_free (sort);
  smtp_mail_outcome_free (o);
}

/* the data refused for now after two recipients were accepted: both wait */
static void
test_final_4yz_retries_all (void)
{
  const guint rcpt[] = { 250, 250 };
  SmtpMailOutcome *o = outcome (250, rcpt, 2, 354, 451);
  SmtpRelaySort *sort = smtp_relay_sort (o, NULL, NULL);
  g_assert_cmpuint (sort->retry->len, ==, 2);
  g_assert_cmpstr (sort->why, ==, "451 final text");
  smtp_relay_sort_free (sort);
  smtp_mail_outcome_free (o);
}

/* no reply at all (0), or a code off the protocol: tried again, never bounced */
static void
test_no_reply_retry (void)
{
  g_assert_cmpint (smtp_relay_fate (0), ==, SMTP_RELAY_RETRY);
  g_assert_cmpint (smtp_relay_fate (354), ==, SMTP_RELAY_RETRY);
  g_assert_cmpint (smtp_relay_fate (199), ==, SMTP_RELAY_RETRY);
}

/* several 4yz: why is the last one's, the paths in the order given */
static void
test_4yz_why_is_last (void)
{
  const guint rcpt[] = { 450, 550, 421 };
  SmtpMailOutcome *o = outcome (250, rcpt, 3, 354, 250);
  SmtpRelaySort *sort = smtp_relay_sort (o, NULL, NULL);
  g_assert_cmpuint (sort->retry->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (sort->retry, 0), ==, "<u0@x>");
  g_assert_cmpstr (g_ptr_array_index (sort->retry, 1), ==, "<u2@x>");
  g_assert_cmpuint (sort->bounce->len, ==, 1);
  g_assert_cmpstr (sort->why, ==, "421 rcpt 2");
  smtp_relay_sort_free (sort);
  smtp_mail_outcome_free (o);
}

/* no connection (or it broke): every forward path waits, why is the error */
static void
test_error_retries_all (void)
{
  GPtrArray *paths = g_ptr_array_new ();
  g_ptr_array_add (paths, "<Jones@Beta.ARPA>");
  g_ptr_array_add (paths, "<Green@Beta.ARPA>");
  GError *error = g_error_new (SMTP_CLIENT_ERROR, SMTP_CLIENT_ERROR_CONNECT, "refused");
  SmtpRelaySort *sort = smtp_relay_sort (NULL, error, paths);
  g_assert_cmpuint (sort->retry->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (sort->retry, 1), ==, "<Green@Beta.ARPA>");
  g_assert_cmpuint (sort->bounce->len, ==, 0);
  g_assert_cmpstr (sort->why, ==, "refused");
  smtp_relay_sort_free (sort);
  g_error_free (error);
  g_ptr_array_unref (paths);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/relay-outcome/2yz-delivered", test_2yz_delivered);
  g_test_add_func ("/relay-outcome/4yz-retry", test_4yz_retry);
  g_test_add_func ("/relay-outcome/5yz-bounce", test_5yz_bounce);
  g_test_add_func ("/relay-outcome/mail-5yz-bounces-all", test_mail_5yz_bounces_all);
  g_test_add_func ("/relay-outcome/final-4yz-retries-all", test_final_4yz_retries_all);
  g_test_add_func ("/relay-outcome/no-reply-retry", test_no_reply_retry);
  g_test_add_func ("/relay-outcome/4yz-why-is-last", test_4yz_why_is_last);
  g_test_add_func ("/relay-outcome/error-retries-all", test_error_retries_all);
  return g_test_run ();
}
