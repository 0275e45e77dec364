/* route.c - where a forward-path goes from this host (RFC 821 §3.6). */
#include "route.h"

/* smtp_route_is_this_host - a hop names this host when it is the host's
 * name or one of the domains it serves */
gboolean
smtp_route_is_this_host (const SmtpHostConfig *host, const char *domain)
{
  return smtp_domain_equal (domain, host->name) || smtp_host_serves_domain (host, domain);
}

/* smtp_route_next_hop - RFC 821 §3.6: the receiver of a source-routed
 * path is its first host, which "deletes its own identifier from the
 * forward-path" before passing the mail on */
SmtpPath *
smtp_route_next_hop (const SmtpHostConfig *host, const SmtpPath *path)
{
  /* LAB 04 BEGIN next-hop */
  SmtpPath *next = smtp_path_copy (path);
  guint mine = 0;
  while (mine < next->route->len
         && smtp_route_is_this_host (host, g_ptr_array_index (next->route, mine)))
    mine++;
  g_ptr_array_remove_range (next->route, 0, mine);
  return next;
  /* LAB 04 END */
}

/* smtp_route_reverse_path - RFC 821 §3.6: "In any case, the SMTP adds its
 * own identifier to the reverse-path" when it sends the mail on, so the
 * route back leads through every relay, newest first; the null path <>
 * of a notice stays null (§3.6: no notice about a notice) */
char *
smtp_route_reverse_path (const SmtpHostConfig *host, const SmtpPath *reverse_path)
{
  /* LAB 04 BEGIN reverse-path */
  if (smtp_path_is_null (reverse_path))
    return g_strdup ("<>");
  SmtpPath *path = smtp_path_copy (reverse_path);
  g_ptr_array_insert (path->route, 0, g_strdup (host->name));
  char *text = smtp_path_to_string (path);
  smtp_path_free (path);
  return text;
  /* LAB 04 END */
}

/* smtp_route_ends_here - no hop left, and the mailbox is in a domain of
 * this host: deliver here; otherwise the mail is relayed */
gboolean
smtp_route_ends_here (const SmtpHostConfig *host, const SmtpPath *next)
{
  return next->route->len == 0 && smtp_host_serves_domain (host, next->domain);
}
