/* turn-policy.h - TURN (RFC 821 §3.8): whether a receiver swaps roles, and
 * which of the mail it holds it then sends to the peer.
 *
 * Interface
 *   smtp_turn_refusal       why this receiver answers TURN with 502, or NULL
 *   smtp_turn_auth_refusal  why it answers 530 (turn-auth=required, no AUTH yet), or NULL
 *   smtp_turn_domain        the held mail a TURN hands over
 *   smtp_turn_held_domain   the hold-for= domain a peer may take mail for
 *
 * Pure functions of the host's configuration; the session (cmd_turn,
 * EHLO's TURN keyword, ETRN) and server/turn.c act on their answers.
 * RFC 821's TURN believes the name the client gave in HELO, so anyone may
 * say "HELO HOSTA.ARPA" and collect HOSTA's mail; turn-auth=required asks
 * for AUTH first and hands over only what the user may take (turn-for=),
 * the idea of ATRN (RFC 2645).
 */
#ifndef SMTPLAB_TURN_POLICY_H
#define SMTPLAB_TURN_POLICY_H

#include "scenario.h"

/* NULL when a receiver may TURN now: the host has turn=true, it can act
 * as a sender (has_turn_hook), and the connection is not TLS; else the
 * text of the 502 that refuses. */
const char *smtp_turn_refusal (const SmtpHostConfig *host, gboolean has_turn_hook, gboolean tls);

/* NULL when who the client is allows TURN: always without turn-auth=; with
 * turn-auth=required only once it logged in (auth_mailbox, the mailbox AUTH
 * gave, NULL before AUTH).  Else the text of the 530 that refuses. */
const char *smtp_turn_auth_refusal (const SmtpHostConfig *host, const char *auth_mailbox);

/* The hold-for= domain whose held mail an accepted TURN hands over, or
 * NULL for none: without turn-auth=, the one the HELO name takes
 * (smtp_turn_held_domain); with turn-auth=required, one the logged-in user
 * auth_mailbox may take (its turn-for=), whatever HELO said. */
const char *smtp_turn_domain (const SmtpHostConfig *host, const char *helo,
                              const char *auth_mailbox);

/* The hold-for= domain of host that peer (the name it gave in HELO, or the
 * domain of an ETRN) takes the held mail of: the domain itself, or the
 * name of the host that receives for it; NULL when host holds nothing for
 * peer. */
const char *smtp_turn_held_domain (const SmtpHostConfig *host, const char *peer);

#endif
