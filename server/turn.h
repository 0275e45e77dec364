/* turn.h - TURN (RFC 821 §3.8) and ETRN (RFC 1985) for held mail. */
#ifndef SMTPLAB_SERVER_TURN_H
#define SMTPLAB_SERVER_TURN_H

#include "host.h"

/* After 250 to TURN: send what is held for domain (smtp_turn_domain; NULL:
 * nothing) over socket. */
void turn_start (Host *host, GSocket *socket, const char *domain);
/* ETRN domain: how many held spool files were started, -1 if none is held. */
int  turn_etrn (Host *host, const char *domain);

/* turn-poll=: every retry= seconds, connect to each host named there and
 * say TURN, becoming the receiver of what it holds for us.  Returns the
 * pollers, for turn_poll_stop(). */
GPtrArray *turn_poll_start (Host *host);
void       turn_poll_stop (GPtrArray *polls);

#endif
