/* window-private.h - what window.c shares with window-actions.c. */
#ifndef SMTPLAB_VIEWER_WINDOW_PRIVATE_H
#define SMTPLAB_VIEWER_WINDOW_PRIVATE_H

#include "window.h"
#include "explain-pane.h"
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
  /* state */
  SmtplabTraceSet *set;
  GtkSingleSelection *selection;
  GtkCustomFilter *filter;
  SmtplabLadder *ladder;
  SmtplabNetwork *network;      /* the letter the session carried, or NULL */
  SmtplabPlayback playback;
  guint follow_id, play_id, catch_up_id;
  gboolean presentation;
};

/* Adds the window's actions (window-actions.c). */
void smtplab_window_add_actions (SmtplabWindow *window);
/* Shows the playback's rows in the ladder and explains the current one. */
void smtplab_window_show_playback (SmtplabWindow *window);
/* Stops the playback timer and the play button. */
void smtplab_window_stop_playing (SmtplabWindow *window);

#endif
