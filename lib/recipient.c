/* recipient.c - the decision behind the reply to RCPT (RFC 821 §3.1-§3.6). */
#include "recipient.h"

#include "route.h"

/* smtp_recipient_free - an accepted forward-path and what it holds */
void
smtp_recipient_free (SmtpRecipient *r)
{
  if (!r)
    return;
  smtp_path_free (r->forward_path);
  smtp_path_free (r->next_path);
  g_free (r->local_part);
  if (r->members)
    g_ptr_array_unref (r->members);
  g_free (r);
}

/* decide_user - a local user, by mode (RFC 821 §3.4): SEND needs the user
 * at a terminal (450 otherwise), SOML falls back to the mailbox, SAML
 * delivers to both */
static guint
decide_user (const SmtpRcptContext *c, SmtpRecipient *r, char **text)
{
  gboolean at_terminal = c->mode != SMTP_MAIL_MODE_MAIL && c->at_terminal
                         && c->at_terminal (r->local_part, c->user_data);
  switch (c->mode) {
  case SMTP_MAIL_MODE_MAIL:
    r->kind = SMTP_RCPT_MAILBOX;
    break;
  case SMTP_MAIL_MODE_SEND:
    if (!at_terminal) {
      *text = g_strdup ("Requested mail action not taken: user not logged in at a terminal");
      return 450;
    }
    r->kind = SMTP_RCPT_TERMINAL;
    break;
  case SMTP_MAIL_MODE_SOML:
    r->kind = at_terminal ? SMTP_RCPT_TERMINAL : SMTP_RCPT_MAILBOX;
    break;
  case SMTP_MAIL_MODE_SAML:
    r->kind = at_terminal ? SMTP_RCPT_BOTH : SMTP_RCPT_MAILBOX;
    break;
  }
  return 250;
}

/* decide_relay - RFC 821 §3.6: a route that goes on, or a mailbox at
 * another host, is mail to relay, which this host does not do for
 * strangers (RFC 5321 §3.6.2: relaying is a matter of policy) */
static guint
decide_relay (const SmtpRcptContext *c, SmtpRecipient *r, SmtpPath *next, char **text)
{
  if (!c->may_relay) {
    smtp_path_free (next);
    *text = g_strdup ("5.7.1 Relaying denied");
    return 550;
  }
  r->kind = SMTP_RCPT_RELAY;
  r->next_path = next;
  return 250;
}

/* smtp_rcpt_decide - the reply to RCPT for recipient->forward_path */
guint
smtp_rcpt_decide (const SmtpRcptContext *c, SmtpRecipient *r, char **text)
{
  *text = NULL;
  SmtpPath *next = smtp_route_next_hop (c->host, r->forward_path);
  if (!smtp_route_ends_here (c->host, next))
    return decide_relay (c, r, next, text);
  smtp_path_free (next);

  g_autoptr (SmtpDirEntry) entry =
    smtp_directory_lookup_mailbox (c->host, r->forward_path->local_part, r->forward_path->domain);
  switch (entry->kind) {
  case SMTP_DIR_USER:
    r->local_part = g_strdup (entry->local_part);
    return decide_user (c, r, text);
  case SMTP_DIR_LIST:
    if (c->mode == SMTP_MAIL_MODE_SEND) {
      *text = g_strdup ("Requested action not taken: SEND goes to a user's terminal, not to a list");
      return 550;
    }
    r->kind = SMTP_RCPT_LIST;
    r->members = g_ptr_array_ref (entry->members);
    return 250;
  case SMTP_DIR_FORWARD:
    /* RFC 821 §3.2: 251, and this host takes the responsibility to forward */
    r->kind = SMTP_RCPT_FORWARD;
    r->next_path = smtp_path_parse (entry->forward_path, FALSE, NULL);
    if (!r->next_path) {
      *text = g_strdup_printf ("Requested action aborted: bad forward address %s in scenario",
                               entry->forward_path);
      return 451;
    }
    *text = g_strdup_printf ("User not local; will forward to %s", entry->forward_path);
    return 251;
  case SMTP_DIR_MOVED:
    /* RFC 821 §3.2: 551, the sender must try the new address itself */
    *text = g_strdup_printf ("User not local; please try %s", entry->forward_path);
    return 551;
  case SMTP_DIR_UNKNOWN:
  case SMTP_DIR_AMBIGUOUS:
  case SMTP_DIR_NOT_LOCAL:
    break;
  }
  /* RFC 821 §3.1: "550 No such user here" */
  *text = g_strdup ("No such user here");
  return 550;
}
