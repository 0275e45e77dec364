/* route.h - where a forward-path goes from this host (RFC 821 §3.6 source
 * routes): the one answer to "is this hop me?", for the receiver's RCPT
 * and for the relay alike.
 *
 * Interface
 *   smtp_route_is_this_host  is a domain a name of this host?
 *   smtp_route_next_hop      the path with this host taken off its route
 *   smtp_route_ends_here     does a path, so shortened, end in a mailbox here?
 *   smtp_route_reverse_path  the reverse-path as this host sends it on
 *
 *   <@ALPHA.ARPA,@BETA.ARPA:JOE@GAMMA.ARPA> at ALPHA.ARPA
 *     -> next hop <@BETA.ARPA:JOE@GAMMA.ARPA>, sent on to BETA.ARPA
 *   reverse-path <SMITH@ZETA.ARPA> relayed by ALPHA.ARPA
 *     -> <@ALPHA.ARPA:SMITH@ZETA.ARPA>
 */
#ifndef SMTPLAB_ROUTE_H
#define SMTPLAB_ROUTE_H

#include "grammar.h"
#include "scenario.h"

/* TRUE when domain names host: its own name or a domain it serves. */
gboolean  smtp_route_is_this_host (const SmtpHostConfig *host, const char *domain);
/* A copy of path without the hops at its front that name host. */
SmtpPath *smtp_route_next_hop (const SmtpHostConfig *host, const SmtpPath *path);
/* TRUE when next (from smtp_route_next_hop) has no hop left and its
 * mailbox's domain is served by host: the mail is for a mailbox here. */
gboolean  smtp_route_ends_here (const SmtpHostConfig *host, const SmtpPath *next);
/* The text of reverse_path with host's name put first on its route, as
 * host relays the mail; "<>" stays "<>".  Free with g_free. */
char     *smtp_route_reverse_path (const SmtpHostConfig *host, const SmtpPath *reverse_path);

#endif
