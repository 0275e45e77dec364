/* guess.h - the guess-the-reply game: playback stops before each reply
 * of the receiver-SMTP and asks the student what it will be; the student
 * answers with a code, is told whether it was right (RFC 821 §4.2.1: the
 * first digit says how it went, the second what it is about), and keeps a
 * score.  Plain GLib: the window asks, this says what is right.
 *
 * Interface
 *   smtplab_guess_new/_free/_reset   a game: its answers and score
 *   smtplab_guess_question           what to ask before a hidden reply row
 *   smtplab_guess_parse_code         the code in what the student typed
 *   smtplab_guess_answer             scores one answer (once per row)
 *   smtplab_guess_feedback           what to say after it: right or not,
 *                                    the real reply and what it means
 *   smtplab_guess_score              "Score: 3 of 4 right"
 *   smtplab_guess_choices            every code of the reply table, to pick
 */
#ifndef SMTPLAB_VIEWER_GUESS_H
#define SMTPLAB_VIEWER_GUESS_H

#include "ladder.h"
#include "lang.h"

typedef enum {
  SMTPLAB_GUESS_RIGHT,          /* the very code */
  SMTPLAB_GUESS_RIGHT_CLASS,    /* the right first digit (2yz, 5yz ...), not the code */
  SMTPLAB_GUESS_WRONG,
} SmtplabGuessVerdict;

typedef struct _SmtplabGuess SmtplabGuess;

SmtplabGuess *smtplab_guess_new (void);
void smtplab_guess_free (SmtplabGuess *guess);
/* Forgets every answer: the score is 0 of 0 again. */
void smtplab_guess_reset (SmtplabGuess *guess);

/* The question for the reply at row of ladder ("What will the server
 * answer to “VRFY Smith”?"), or NULL when row is not a reply. */
char *smtplab_guess_question (SmtplabLadder *ladder, guint row);
/* The reply code in text ("251", " 551 "): TRUE and *code, or FALSE when
 * text is not three digits starting with 1..5. */
gboolean smtplab_guess_parse_code (const char *text, guint *code);
/* TRUE when the reply at row of ladder has been answered. */
gboolean smtplab_guess_answered (const SmtplabGuess *guess, SmtplabLadder *ladder, guint row);
/* Scores code as the answer for the reply at row (a reply row); a reply
 * already answered keeps its first answer (stepping back and forth, or
 * showing the session again, scores nothing).  Answers are kept by the
 * reply's event, so the score runs on across the sessions of a trace set. */
SmtplabGuessVerdict smtplab_guess_answer (SmtplabGuess *guess, SmtplabLadder *ladder,
                                          guint row, guint code);
/* What to tell the student after answering row: right or not, the code
 * the server sent and what it means in lang, and the verdict in *verdict
 * (may be NULL); NULL when row is unanswered. */
char *smtplab_guess_feedback (const SmtplabGuess *guess, SmtplabLadder *ladder,
                              guint row, SmtpLang lang, SmtplabGuessVerdict *verdict);
/* The running score, "Score: 3 of 4 right". */
char *smtplab_guess_score (const SmtplabGuess *guess);
/* The codes to pick from, "251 User not local; will forward to
 * <forward-path>", every row of lib/'s reply table, in code order. */
GStrv smtplab_guess_choices (void);

#endif
