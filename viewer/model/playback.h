/* playback.h - showing a session one event at a time, for teaching: step
 * forward and back, play at a speed, and "hide the next reply" so the class
 * guesses what the server will answer before it is shown.  Plain GLib: the
 * window drives it with a timer and draws what it says. */
#ifndef SMTPLAB_VIEWER_PLAYBACK_H
#define SMTPLAB_VIEWER_PLAYBACK_H

#include "ladder.h"

typedef struct {
  gboolean active;       /* FALSE: every row is shown */
  guint n_shown;         /* rows shown, from the first */
  gboolean hiding;       /* the last shown row is a reply drawn as "?" */
  gboolean hide_replies; /* hide each reply until the next step */
} SmtplabPlayback;

/* Playback off: everything shown, replies not hidden. */
void smtplab_playback_reset (SmtplabPlayback *playback);
/* One step forward: reveals a hidden reply, or shows the next row (hidden
 * if it is a reply and hide_replies is on).  Starts playback at the first
 * row when it was off.  FALSE at the end. */
gboolean smtplab_playback_forward (SmtplabPlayback *playback, SmtplabLadder *ladder);
/* One step back (a revealed reply goes back to hidden first).  FALSE at the start. */
gboolean smtplab_playback_back (SmtplabPlayback *playback, SmtplabLadder *ladder);
/* How many rows to draw (G_MAXUINT when playback is off). */
guint smtplab_playback_rows (const SmtplabPlayback *playback);
/* The row drawn as "?", or G_MAXUINT. */
guint smtplab_playback_hidden_row (const SmtplabPlayback *playback);
/* The row to select and explain: the last one shown, or the command
 * before a hidden reply (so the explanation does not give it away). */
guint smtplab_playback_current_row (const SmtplabPlayback *playback);

#endif
