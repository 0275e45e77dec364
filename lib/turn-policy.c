/* turn-policy.c - TURN's decisions (RFC 821 §3.8, RFC 1985, RFC 2645). */
#include "turn-policy.h"

/* smtp_turn_refusal - RFC 821 §3.8: a receiver "may refuse" TURN (502);
 * this one refuses unless the scenario lets it, the host can send, and
 * the connection is in the clear: the TLS session could not follow the
 * roles when they swap */
const char *
smtp_turn_refusal (const SmtpHostConfig *host, gboolean has_turn_hook, gboolean tls)
{
  if (!host->turn || !has_turn_hook)
    return "Command not implemented: this host does not TURN";
  if (tls)
    return "Command not implemented: no TURN on a TLS connection";
  return NULL;
}

/* smtp_turn_auth_refusal - RFC 4954 §6: "530 5.7.0 Authentication
 * required" answers a command that server policy allows only after AUTH;
 * under turn-auth=required TURN is such a command (RFC 2645: ATRN only
 * after AUTH) */
const char *
smtp_turn_auth_refusal (const SmtpHostConfig *host, const char *auth_mailbox)
{
  /* LAB 06 BEGIN auth-first */
  if (host->turn_auth && !auth_mailbox)
    return "5.7.0 Authentication required";
  return NULL;
  /* LAB 06 END */
}

/* smtp_turn_domain - RFC 821 §3.8 hands the held mail to whoever names
 * its host in HELO; RFC 2645's ATRN only to the client that logged in as
 * a user allowed to take it (turn-for=), whatever name it gives */
const char *
smtp_turn_domain (const SmtpHostConfig *host, const char *helo, const char *auth_mailbox)
{
  if (!host->turn_auth)
    return smtp_turn_held_domain (host, helo);
  /* LAB 06 BEGIN held-for-user */
  for (guint i = 0; auth_mailbox && host->hold_for[i]; i++)
    if (smtp_directory_may_turn (host, auth_mailbox, host->hold_for[i]))
      return host->hold_for[i];
  return NULL;
  /* LAB 06 END */
}

/* smtp_turn_held_domain - the held mail a peer may take: for the domain it
 * names, or for the domain whose receiving host it is (RFC 821 §3.8 TURN,
 * RFC 1985 ETRN) */
const char *
smtp_turn_held_domain (const SmtpHostConfig *host, const char *peer)
{
  for (guint i = 0; host->hold_for && host->hold_for[i]; i++) {
    const SmtpHostConfig *owner = smtp_scenario_host_for_domain (host->scenario, host->hold_for[i]);
    if (g_ascii_strcasecmp (host->hold_for[i], peer) == 0
        || (owner && g_ascii_strcasecmp (owner->name, peer) == 0))
      return host->hold_for[i];
  }
  return NULL;
}
