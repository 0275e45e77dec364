/* guess-bar.h - the bar of the guess-the-reply game: the question, a box
 * to type a reply code or a list to pick one, the verdict with the real
 * reply and what it means, and the score (viewer/model/guess.c says what;
 * this shows it, and tells the window with "answered" what was typed). */
#ifndef SMTPLAB_VIEWER_GUESS_BAR_H
#define SMTPLAB_VIEWER_GUESS_BAR_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SMTPLAB_TYPE_GUESS_BAR (smtplab_guess_bar_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabGuessBar, smtplab_guess_bar, SMTPLAB, GUESS_BAR, GtkBox)

/* Shows question (NULL: what to do next), takes an answer when asking
 * (the code box gets the keyboard), and under it feedback (NULL: none),
 * marked right or not; score on the right. */
void smtplab_guess_bar_show (SmtplabGuessBar *bar, const char *question, gboolean asking,
                             const char *feedback, gboolean right, const char *score);

G_END_DECLS

#endif
