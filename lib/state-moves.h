/* state-moves.h - how the receiver's state (server-session.h) moves from one
 * command and reply to the next, seen from outside (RFC 821 §4.3 sequencing,
 * §4.1.1).  An observer of a dialogue (the viewer, a trace) replays the
 * state from the commands and the replies alone; the moves are one table,
 * which the viewer also draws as the state diagram.
 */
#ifndef SMTPLAB_STATE_MOVES_H
#define SMTPLAB_STATE_MOVES_H

#include <glib.h>
#include "server-session.h"

/* The end of mail data (the lone "." after DATA) as a pseudo-verb. */
#define SMTP_END_OF_DATA "."

/* One move: from any state in from_states, a verb answered with a reply in
 * [code_min, code_max] leads to state to. */
typedef struct {
  guint from_states;          /* SmtpServerState bits */
  const char *verbs;          /* space-separated, e.g. "MAIL SEND SOML SAML" */
  guint code_min, code_max;
  SmtpServerState to;
} SmtpStateMove;

/* Every move, in the order a mail transaction takes them. */
const SmtpStateMove *smtp_state_moves (gsize *n_moves);

/* The state after verb (or SMTP_END_OF_DATA) got the reply code in state;
 * unchanged when no move matches (an error reply changes nothing, RFC 821
 * §4.3).  A 421 closes the channel in any state (RFC 821 §4.2.2). */
SmtpServerState smtp_state_after (SmtpServerState state, const char *verb, guint code);

/* The receiver's state once it has sent its 220 greeting. */
#define SMTP_STATE_FIRST SMTP_STATE_GREETED

#endif
