/* window-private.h - what window.c shares with window-actions.c. */
#ifndef SMTPLAB_VIEWER_WINDOW_PRIVATE_H
#define SMTPLAB_VIEWER_WINDOW_PRIVATE_H

#include "window.h"
#include "explain-pane.h"
#include "guess-bar.h"
#include "guess.h"
#include "ladder-view.h"
#include "network.h"
#include "playback.h"

struct _SmtplabWindow {
  GtkApplicationWindow parent_instance;
  /* template children */
  GtkListView *session_list;
  GtkSearchEntry *search;
  GtkStack *views;
  SmtplabLadderView *ladder_view;
  SmtplabExplainPane *explain_pane;
  GtkLabel *status, *problems_label;
  GtkRevealer *problems_revealer;
  GtkToggleButton *play_button;
  GtkDropDown *speed;
  GtkWidget *sidebar;
  GtkDrawingArea *network_area, *headers_area;
  GtkPaned *outer_paned, *inner_paned;
  GtkButton *guess_button;
  GtkRevealer *guess_revealer;
  SmtplabGuessBar *guess_bar;
  GtkWidget *switcher;
  char *guess_label;            /* the guess button's words, shown in a wide window */
  /* state */
  SmtplabTraceSet *set;
  GtkSingleSelection *selection;
  GtkCustomFilter *filter;
  SmtplabLadder *ladder;
  SmtplabNetwork *network;      /* the letter the session carried, or NULL */
  SmtplabPlayback playback;
  SmtplabGuess *guess;          /* the guess-the-reply game's answers and score */
  gboolean guessing;            /* the game is on: playback stops before each reply */
  guint follow_id, play_id, catch_up_id;
  gboolean presentation;
  guint network_selected;       /* the network row explained, or G_MAXUINT */
  double scale;                 /* of every view: 1, larger in presentation mode */
  int layout;                   /* -1 not yet laid out, else TRUE with the explanation below */
  int laid_out_width;
  guint layout_id;
};

/* Larger type for the projector (presentation mode), every view: as large
 * as the screen's width leaves the longest lines whole, 1.3 on a 1024 px
 * screen, 2 from 1560 px up. */
#define SMTPLAB_PRESENTATION_WIDTH 780.0
#define SMTPLAB_PRESENTATION_MIN 1.3
#define SMTPLAB_PRESENTATION_MAX 2.0

/* Adds the window's actions (window-actions.c). */
void smtplab_window_add_actions (SmtplabWindow *window);
/* Shows the playback's rows in the ladder and explains the current one. */
void smtplab_window_show_playback (SmtplabWindow *window);
/* Lays the window out for its width and mode: the explanation beside the
 * diagram in a wide window, below it in a narrow one or when presenting;
 * every view at win->scale. */
void smtplab_window_apply_layout (SmtplabWindow *window);
/* The guess bar for the playback's row: the question before a hidden
 * reply, the verdict after it (window-actions.c). */
void smtplab_window_show_guess (SmtplabWindow *window);
/* Stops the playback timer and the play button. */
void smtplab_window_stop_playing (SmtplabWindow *window);

#endif
