/* state-moves.c - the receiver's state moves, seen from outside
 * (RFC 821 §4.3). */
#include "state-moves.h"

#include <string.h>

#define ANY_OPEN (SMTP_STATE_GREETED | SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT)

/* RFC 821 §4.3 lists, for each command, the replies that mean success; on
 * success the session moves as below (server-session.c does the same). */
static const SmtpStateMove moves[] = {
  { ANY_OPEN,                           "HELO EHLO",           250, 250, SMTP_STATE_READY },
  { SMTP_STATE_READY,                   "MAIL SEND SOML SAML", 250, 250, SMTP_STATE_MAIL },
  { SMTP_STATE_MAIL | SMTP_STATE_RCPT,  "RCPT",                250, 251, SMTP_STATE_RCPT },
  { SMTP_STATE_RCPT,                    "DATA",                354, 354, SMTP_STATE_DATA },
  /* §4.1.1 DATA: after the end of mail data the transaction is over,
   * whether the reply is 250 or a failure */
  { SMTP_STATE_DATA,                    SMTP_END_OF_DATA,      200, 599, SMTP_STATE_READY },
  { SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT, "RSET", 250, 250, SMTP_STATE_READY },
  { SMTP_STATE_READY,                   "TURN",                250, 250, SMTP_STATE_QUIT },
  { ANY_OPEN,                           "QUIT",                221, 221, SMTP_STATE_QUIT },
};

const SmtpStateMove *
smtp_state_moves (gsize *n_moves)
{
  *n_moves = G_N_ELEMENTS (moves);
  return moves;
}

/* verb_in - TRUE when verb is one of the space-separated words of verbs */
static gboolean
verb_in (const char *verb, const char *verbs)
{
  gsize len = strlen (verb);
  for (const char *p = verbs; *p; ) {
    gsize word = strcspn (p, " ");
    if (word == len && g_ascii_strncasecmp (p, verb, len) == 0)
      return TRUE;
    p += word;
    p += strspn (p, " ");
  }
  return FALSE;
}

SmtpServerState
smtp_state_after (SmtpServerState state, const char *verb, guint code)
{
  if (code == 421)
    return SMTP_STATE_QUIT;
  for (guint i = 0; verb && i < G_N_ELEMENTS (moves); i++)
    if ((moves[i].from_states & state) && code >= moves[i].code_min && code <= moves[i].code_max
        && verb_in (verb, moves[i].verbs))
      return moves[i].to;
  return state;
}
