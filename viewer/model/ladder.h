/* ladder.h - the rows of a ladder diagram for one session: one arrow per
 * command and per reply, the mail data as one block that can be expanded,
 * and notes for what a host did on its own (connect, stamping, delivery,
 * close).  Each row knows the receiver's state after it (RFC 821 §4.3),
 * whether it came after STARTTLS, and whether the roles were swapped by
 * TURN (RFC 821 §3.8).  Row texts are read from the trace only when a row
 * is drawn, so a session of a million events costs 20 bytes a row.
 */
#ifndef SMTPLAB_VIEWER_LADDER_H
#define SMTPLAB_VIEWER_LADDER_H

#include "server-session.h"
#include "trace-set.h"

typedef enum {
  SMTPLAB_ROW_COMMAND,     /* an arrow from the sender-SMTP */
  SMTPLAB_ROW_REPLY,       /* an arrow from the receiver-SMTP */
  SMTPLAB_ROW_DATA,        /* the mail data, as one block */
  SMTPLAB_ROW_DATA_LINE,   /* one line of an expanded block */
  SMTPLAB_ROW_NOTE,        /* what one host did: connect, stamp, delivery, close */
  SMTPLAB_ROW_TURN,        /* TURN accepted: from here on the roles are swapped */
} SmtplabRowKind;

typedef struct {
  guint8  kind;            /* SmtplabRowKind */
  guint8  height;          /* in text lines */
  guint8  secure : 1;      /* after STARTTLS was accepted: encrypted */
  guint8  swapped : 1;     /* after TURN: the left host is the receiver */
  guint8  masked : 1;      /* an AUTH response, shown masked */
  guint8  on_left : 1;     /* a note: on the left host's lifeline */
  guint8  skipped : 1;     /* an event this viewer does not know */
  guint8  end_of_data : 1; /* a reply to the end of the mail data */
  guint8  state;           /* SmtpServerState after this row */
  guint16 code;            /* a reply's code */
  guint8  verb;            /* the command's (or answered command's) verb, interned */
  guint32 event;           /* index in the trace set */
  guint32 line;            /* DATA_LINE: its number in the block */
  guint32 y;               /* first text line of the row */
} SmtplabLadderRow;

typedef struct _SmtplabLadder SmtplabLadder;

/* The rows of session (and of the session that continues it after TURN). */
SmtplabLadder *smtplab_ladder_new (SmtplabTraceSet *set, SmtplabSession *session);
void smtplab_ladder_free (SmtplabLadder *ladder);
/* Builds the rows again when the session has new events; TRUE if it had. */
gboolean smtplab_ladder_update (SmtplabLadder *ladder);

SmtplabSession *smtplab_ladder_get_session (SmtplabLadder *ladder);
SmtplabTraceSet *smtplab_ladder_get_trace_set (SmtplabLadder *ladder);
guint smtplab_ladder_get_n_rows (SmtplabLadder *ladder);
const SmtplabLadderRow *smtplab_ladder_get_row (SmtplabLadder *ladder, guint row);
/* The height of all rows, in text lines. */
guint smtplab_ladder_get_height (SmtplabLadder *ladder);
/* The row that covers text line y (the last row when y is past the end). */
guint smtplab_ladder_row_at (SmtplabLadder *ladder, guint y);
/* The host on the left (the first sender-SMTP) and on the right. */
const char *smtplab_ladder_get_left_name (SmtplabLadder *ladder);
const char *smtplab_ladder_get_right_name (SmtplabLadder *ladder);
/* The row's label: the command line (secrets masked, or with
 * --show-secrets shown with what they say), the reply with its code on
 * every line, what the block holds; newly allocated. */
char *smtplab_ladder_row_text (SmtplabLadder *ladder, guint row);
/* TRUE when row is an AUTH line shown with its secret decoded
 * (smtplab_trace_set_set_show_secrets). */
gboolean smtplab_ladder_row_revealed (SmtplabLadder *ladder, guint row);
/* The verb a row is about: a command's verb, the verb a reply answers,
 * "DATA" for the block; "" when none. */
const char *smtplab_ladder_row_verb (SmtplabLadder *ladder, guint row);

/* Expands or collapses the mail data block at row (a DATA row). */
void smtplab_ladder_set_expanded (SmtplabLadder *ladder, guint row, gboolean expanded);
gboolean smtplab_ladder_is_expanded (SmtplabLadder *ladder, guint row);
/* How many lines the block of data event event shows when expanded. */
guint smtplab_ladder_block_n_lines (SmtplabLadder *ladder, guint32 event);
/* How many arrows the diagram has: one per command and per reply. */
guint smtplab_ladder_count_arrows (SmtplabLadder *ladder);

#endif
