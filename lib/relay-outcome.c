/* relay-outcome.c - a relay's reading of the next host's replies.
 *
 * RFC 5321 §4.2.1: the first digit decides.  2yz: delivered, the next host
 * has taken responsibility (§6.1).  5yz: the relay must not repeat the
 * command and sends an undeliverable-mail notice (RFC 821 §3.6, RFC 5321
 * §6.1).  Anything else (4yz, no reply at all, a server off the protocol)
 * is tried again later (RFC 5321 §4.5.4.1).
 */
#include "relay-outcome.h"
#include "reply.h"

/* smtp_relay_fate - a recipient's fate from the code that decided it */
SmtpRelayFate
smtp_relay_fate (guint code)
{
  /* LAB 09 BEGIN fate */
  if (smtp_reply_is_positive (code))
    return SMTP_RELAY_DELIVERED;
  if (smtp_reply_is_permanent (code))
    return SMTP_RELAY_BOUNCE;
  return SMTP_RELAY_RETRY;
  /* LAB 09 END */
}

/* relay_bounce_free - one SmtpRelayBounce */
static void
relay_bounce_free (SmtpRelayBounce *b)
{
  g_free (b->forward_path);
  g_free (b->reason);
  g_free (b);
}

/* relay_sort_new - an empty sort */
static SmtpRelaySort *
relay_sort_new (void)
{
  SmtpRelaySort *sort = g_new0 (SmtpRelaySort, 1);
  sort->retry = g_ptr_array_new_with_free_func (g_free);
  sort->bounce = g_ptr_array_new_with_free_func ((GDestroyNotify) relay_bounce_free);
  return sort;
}

/* smtp_relay_sort - every recipient of one attempt by its fate */
SmtpRelaySort *
smtp_relay_sort (const SmtpMailOutcome *outcome, const GError *error, GPtrArray *forward_paths)
{
  SmtpRelaySort *sort = relay_sort_new ();
  if (error) {
    for (guint i = 0; i < forward_paths->len; i++)
      g_ptr_array_add (sort->retry, g_strdup (g_ptr_array_index (forward_paths, i)));
    sort->why = g_strdup (error->message);
    return sort;
  }
  for (guint i = 0; i < outcome->recipients->len; i++) {
    const SmtpRecipientOutcome *r = g_ptr_array_index (outcome->recipients, i);
    const char *text;
    guint code = smtp_mail_outcome_code (outcome, i, &text);
    SmtpRelayFate fate = smtp_relay_fate (code);
    if (fate == SMTP_RELAY_DELIVERED)
      continue;
    char *reason = g_strdup_printf ("%u %s", code, text);
    if (fate == SMTP_RELAY_BOUNCE) {
      SmtpRelayBounce *b = g_new0 (SmtpRelayBounce, 1);
      b->forward_path = g_strdup (r->forward_path);
      b->reason = reason;
      g_ptr_array_add (sort->bounce, b);
    } else {
      g_ptr_array_add (sort->retry, g_strdup (r->forward_path));
      g_free (sort->why);
      sort->why = reason;
    }
  }
  if (!sort->why)
    sort->why = g_strdup ("");
  return sort;
}

/* smtp_relay_sort_free - frees a sort (NULL is fine) */
void
smtp_relay_sort_free (SmtpRelaySort *sort)
{
  if (!sort)
    return;
  g_ptr_array_unref (sort->retry);
  g_ptr_array_unref (sort->bounce);
  g_free (sort->why);
  g_free (sort);
}
