/* recipient.c - the decision behind the reply to RCPT (RFC 821 §3.1-§3.6). */
#include "recipient.h"

#include "route.h"

#include <string.h>

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
  /* LAB 05 BEGIN deliver-by-mode */
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
  /* LAB 05 END */
}

/* percent_hack - "user%far@THIS" read as "user@far", the rightmost '%'
 * taking the place of the '@' (RFC 1123 §5.2.16 lets a host give its
 * local parts this meaning).  NULL when next is not for a mailbox here
 * or its local part (quoted ones aside) has no such '%'. */
static SmtpPath *
percent_hack (const SmtpHostConfig *host, const SmtpPath *next)
{
  const char *local = next->local_part;
  const char *percent = strrchr (local, '%');
  if (!smtp_route_ends_here (host, next) || local[0] == '"' || !percent || percent == local
      || !percent[1])
    return NULL;
  g_autofree char *user = g_strndup (local, percent - local);
  return smtp_path_new (user, percent + 1);
}

/* loophole - relay-loophole=: does a hole in this host's relay check let
 * path through for anyone?  A check that looked only at the first hop of
 * a source route, or only at the domain before the '%' is read, sees
 * "this host" and waves the mail on (RFC 2505 §2.1: the check must read
 * the address as the router does).  *next may be replaced by the
 * rewritten path. */
static gboolean
loophole (const SmtpHostConfig *host, const SmtpPath *path, SmtpPath **next)
{
  if ((host->relay_loopholes & SMTP_LOOPHOLE_SOURCE_ROUTE) && (*next)->route->len < path->route->len)
    return TRUE;
  SmtpPath *unhacked = (host->relay_loopholes & SMTP_LOOPHOLE_PERCENT) ? percent_hack (host, *next) : NULL;
  if (!unhacked)
    return FALSE;
  smtp_path_free (*next);
  *next = unhacked;
  return TRUE;
}

/* decide_relay - RFC 821 §3.6: a route that goes on, or a mailbox at
 * another host, is mail to relay, which this host does not do for
 * strangers (RFC 5321 §3.6.2: relaying is a matter of policy) unless a
 * loophole in its check lets the path through */
static guint
decide_relay (const SmtpRcptContext *c, SmtpRecipient *r, SmtpPath *next, gboolean hole,
              char **text)
{
  if (!c->may_relay && !hole) {
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
  gboolean hole = loophole (c->host, r->forward_path, &next);
  if (!smtp_route_ends_here (c->host, next))
    return decide_relay (c, r, next, hole, text);

  g_autoptr (SmtpDirEntry) entry =
    smtp_directory_lookup_mailbox (c->host, next->local_part, next->domain);
  smtp_path_free (next);
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
