/* state-moves.c - the receiver's state moves read off the verb table
 * (RFC 821 §4.3). */
#include "state-moves.h"

/* row_moves - where row's verb leads from state on success: its .to,
 * except that nothing but HELO or EHLO leaves GREETED for READY (RSET
 * before HELO is still before HELO, RFC 821 §4.1.1) */
static SmtpServerState
row_moves (const SmtpVerb *row, SmtpServerState state)
{
  if (!row->to || !(row->allowed & state))
    return state;
  if (state == SMTP_STATE_GREETED && row->to == SMTP_STATE_READY && !(row->flags & SMTP_VERB_HELLO))
    return state;
  return row->to;
}

/* smtp_state_after - one command and its reply, replayed */
SmtpServerState
smtp_state_after (SmtpServerState state, const char *verb, guint code)
{
  if (code == 421)
    return SMTP_STATE_QUIT;
  /* §4.1.1 DATA: after the end of mail data the transaction is over,
   * whether the reply is 250 or a failure */
  if (state == SMTP_STATE_DATA && g_strcmp0 (verb, SMTP_END_OF_DATA) == 0)
    return code >= 200 && code <= 599 ? SMTP_STATE_READY : state;
  const SmtpVerb *row = smtp_verb_lookup (verb);
  if (!row || !smtp_verb_succeeded (row, code))
    return state;
  return row_moves (row, state);
}

/* build_moves - one move per (states, replies, target), its verbs joined:
 * MAIL, SEND, SOML and SAML are one arrow of the diagram */
static GArray *
build_moves (void)
{
  GArray *moves = g_array_new (FALSE, TRUE, sizeof (SmtpStateMove));
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++) {
    if (!row->to)
      continue;
    guint from = row->allowed;
    if (row->to == SMTP_STATE_READY && !(row->flags & SMTP_VERB_HELLO))
      from &= ~SMTP_STATE_GREETED;
    SmtpStateMove *same = NULL;
    for (guint m = 0; m < moves->len && !same; m++) {
      SmtpStateMove *move = &g_array_index (moves, SmtpStateMove, m);
      if (move->from_states == from && move->to == row->to
          && move->code_min == row->success && move->code_max == row->success_last)
        same = move;
    }
    if (same) {
      char *verbs = g_strconcat (same->verbs, " ", row->verb, NULL);
      same->verbs = g_intern_string (verbs);
      g_free (verbs);
      continue;
    }
    SmtpStateMove move = { from, row->verb, row->success, row->success_last, row->to };
    g_array_append_val (moves, move);
  }
  SmtpStateMove end = { SMTP_STATE_DATA, SMTP_END_OF_DATA, 200, 599, SMTP_STATE_READY };
  g_array_append_val (moves, end);
  return moves;
}

/* smtp_state_moves - the moves, built once */
const SmtpStateMove *
smtp_state_moves (gsize *n_moves)
{
  static GArray *moves;
  if (g_once_init_enter (&moves))
    g_once_init_leave (&moves, build_moves ());
  *n_moves = moves->len;
  return (const SmtpStateMove *) moves->data;
}

/* smtp_server_allowed_verbs - the verb table read for one state */
GPtrArray *
smtp_server_allowed_verbs (SmtpServerState state)
{
  GPtrArray *verbs = g_ptr_array_new ();
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++)
    if (row->allowed & state)
      g_ptr_array_add (verbs, (gpointer) row->verb);
  return verbs;
}
