/* playback.c - a session one step at a time. */
#include "playback.h"

void
smtplab_playback_reset (SmtplabPlayback *p)
{
  gboolean hide = p->hide_replies;
  *p = (SmtplabPlayback) { .hide_replies = hide };
}

/* is_reply - TRUE when row of ladder is a reply arrow */
static gboolean
is_reply (SmtplabLadder *ladder, guint row)
{
  return row < smtplab_ladder_get_n_rows (ladder)
         && smtplab_ladder_get_row (ladder, row)->kind == SMTPLAB_ROW_REPLY;
}

gboolean
smtplab_playback_forward (SmtplabPlayback *p, SmtplabLadder *ladder)
{
  if (!p->active) {
    p->active = TRUE;
    p->n_shown = 0;
    p->hiding = FALSE;
  }
  if (p->hiding) {
    p->hiding = FALSE;
    return TRUE;
  }
  if (p->n_shown >= smtplab_ladder_get_n_rows (ladder))
    return FALSE;
  p->n_shown++;
  p->hiding = p->hide_replies && is_reply (ladder, p->n_shown - 1);
  return TRUE;
}

gboolean
smtplab_playback_back (SmtplabPlayback *p, SmtplabLadder *ladder)
{
  if (!p->active || p->n_shown == 0)
    return FALSE;
  if (!p->hiding && p->hide_replies && is_reply (ladder, p->n_shown - 1)) {
    p->hiding = TRUE;
    return TRUE;
  }
  p->n_shown--;
  p->hiding = FALSE;
  return TRUE;
}

guint
smtplab_playback_rows (const SmtplabPlayback *p)
{
  return p->active ? p->n_shown : G_MAXUINT;
}

guint
smtplab_playback_hidden_row (const SmtplabPlayback *p)
{
  return p->active && p->hiding ? p->n_shown - 1 : G_MAXUINT;
}

guint
smtplab_playback_current_row (const SmtplabPlayback *p)
{
  if (!p->active || p->n_shown == 0)
    return G_MAXUINT;
  if (p->hiding)
    return p->n_shown >= 2 ? p->n_shown - 2 : G_MAXUINT;
  return p->n_shown - 1;
}
