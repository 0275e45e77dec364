/* state-moves.h - the receiver's state (verbs.h) as an observer of a
 * dialogue sees it move, from the commands and replies alone (RFC 821
 * §4.3 sequencing, §4.1.1).  Everything here is read off the verb table:
 * each row says in which states its verb is allowed, which replies mean
 * success and where success leads.
 *
 * Interface
 *   smtp_state_after           the state after one command and its reply
 *   smtp_state_moves           every move, for drawing the state diagram
 *   smtp_server_allowed_verbs  the verbs accepted in a state
 *
 * The server itself does not guess: it traces each change as a "state"
 * event (server-session.c); the viewer replays with these functions only
 * traces without such events, and captures (pcaps).
 */
#ifndef SMTPLAB_STATE_MOVES_H
#define SMTPLAB_STATE_MOVES_H

#include <glib.h>
#include "verbs.h"

/* The end of mail data (the lone "." after DATA) as a pseudo-verb. */
#define SMTP_END_OF_DATA "."

/* The receiver's state once it has sent its 220 greeting. */
#define SMTP_STATE_FIRST SMTP_STATE_GREETED

/* One move: from any state in from_states, a verb answered with a reply in
 * [code_min, code_max] leads to state to. */
typedef struct {
  guint from_states;          /* SmtpServerState bits */
  const char *verbs;          /* space-separated, e.g. "MAIL SEND SOML SAML" */
  guint code_min, code_max;
  SmtpServerState to;
} SmtpStateMove;

/* Every move, in the order a mail transaction takes them: the verb
 * table's rows that lead somewhere (rows with the same move share one),
 * and the end of mail data. */
const SmtpStateMove *smtp_state_moves (gsize *n_moves);

/* The state after verb (or SMTP_END_OF_DATA) got the reply code in state;
 * unchanged when no move matches (an error reply changes nothing, RFC 821
 * §4.3).  A 421 closes the channel in any state (RFC 821 §4.2.2). */
SmtpServerState smtp_state_after (SmtpServerState state, const char *verb, guint code);

/* The verbs the verb table accepts in state (RFC 821 §4.3), in table
 * order; a GPtrArray of static strings. */
GPtrArray *smtp_server_allowed_verbs (SmtpServerState state);

#endif
