/* letter-hops.h - one message followed across every host it crossed.
 *
 * Each host that accepts a message traces a "message" event with its header
 * block after stamping it.  The events of one letter are matched by the
 * ids hosts wrote into their Received: lines (a host's queue id appears in
 * the next hop's copy, RFC 5321 §4.4) and by Message-ID.  For each hop the
 * letter knows which header lines that host added, the session it came in
 * on, the session it left on, and the Return-Path: a final host adds at
 * delivery (RFC 821 §4.1.2).
 */
#ifndef SMTPLAB_VIEWER_LETTER_H
#define SMTPLAB_VIEWER_LETTER_H

#include "trace-set.h"

/* One header line at one hop. */
typedef struct {
  char *name;
  char *value;          /* folding kept (CRLF + white space) */
  gboolean added;       /* this hop added it */
} SmtplabHeaderLine;

/* One host the letter crossed. */
typedef struct {
  guint32 event;              /* the "message" event */
  char *host;                 /* who stamped it */
  char *id;                   /* its id there (Received: ... id) */
  guint hop;                  /* Received: lines it had there */
  GPtrArray *lines;           /* SmtplabHeaderLine, top first */
  SmtplabSession *session;    /* the session it arrived in */
  SmtplabSession *relay;      /* the session this host passed it on in, or NULL */
  char *return_path;          /* "<...>" when this host delivered it (final delivery), or NULL */
} SmtplabHop;

typedef struct {
  GPtrArray *hops;            /* SmtplabHop, first hop first */
  char *origin;               /* the host it came from first (the first Received: "from") */
} SmtplabLetter;

/* The letter session carried (the first message that went through it,
 * whether it received or sent it), followed across set; NULL when the
 * session carried none. */
SmtplabLetter *smtplab_letter_for_session (SmtplabTraceSet *set, SmtplabSession *session);
void smtplab_letter_free (SmtplabLetter *letter);
/* The hosts it crossed, in order: the origin, then every hop's host. */
GPtrArray *smtplab_letter_path (SmtplabLetter *letter);

#endif
