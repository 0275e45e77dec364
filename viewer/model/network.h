/* network.h - a letter's path through the network as one diagram: every
 * host it crossed lined up left to right (Alpha → ONE → TWO → THREE), and
 * the commands and replies of each hop's session between its two hosts,
 * in the order they happened. */
#ifndef SMTPLAB_VIEWER_NETWORK_H
#define SMTPLAB_VIEWER_NETWORK_H

#include "ladder.h"
#include "letter-hops.h"

/* One row: row of the ladder of hop hop. */
typedef struct {
  guint hop;
  guint row;
} SmtplabNetworkRow;

typedef struct {
  SmtplabLetter *letter;     /* owned */
  GPtrArray *path;           /* the hosts, left to right (strings owned by letter) */
  GPtrArray *ladders;        /* SmtplabLadder of each hop's session */
  GArray *rows;              /* SmtplabNetworkRow, by time */
} SmtplabNetwork;

/* The network diagram of letter (which it takes). */
SmtplabNetwork *smtplab_network_new (SmtplabTraceSet *set, SmtplabLetter *letter);
void smtplab_network_free (SmtplabNetwork *network);
/* The ladder row behind network row i. */
const SmtplabLadderRow *smtplab_network_get_row (SmtplabNetwork *network, guint i, SmtplabLadder **ladder);

#endif
