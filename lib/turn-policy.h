/* turn-policy.h - TURN (RFC 821 §3.8): whether a receiver swaps roles, and
 * which of the mail it holds it then sends to the peer.
 *
 * Interface
 *   smtp_turn_refusal      why this receiver answers TURN with 502, or NULL
 *   smtp_turn_held_domain  the hold-for= domain a peer may take mail for
 *
 * Pure functions of the host's configuration; the session (cmd_turn,
 * EHLO's TURN keyword) and server/turn.c act on their answers.
 */
#ifndef SMTPLAB_TURN_POLICY_H
#define SMTPLAB_TURN_POLICY_H

#include "scenario.h"

/* NULL when a receiver may TURN now: the host has turn=true, it can act
 * as a sender (has_turn_hook), and the connection is not TLS; else the
 * text of the 502 that refuses. */
const char *smtp_turn_refusal (const SmtpHostConfig *host, gboolean has_turn_hook, gboolean tls);

/* The hold-for= domain of host that peer (the name it gave in HELO, or the
 * domain of an ETRN) takes the held mail of: the domain itself, or the
 * name of the host that receives for it; NULL when host holds nothing for
 * peer. */
const char *smtp_turn_held_domain (const SmtpHostConfig *host, const char *peer);

#endif
