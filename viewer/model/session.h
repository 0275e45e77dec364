/* session.h - one SMTP session (one connection) of a trace: a row of the
 * session list, and the events the ladder diagram is drawn from.
 *
 * A session collects its events as the trace set reads them and keeps what
 * the list shows: host, peer, start time, messages, and the outcome.  A
 * session that TURNed (RFC 821 §3.8) is continued by the session in which
 * the same connection carries mail the other way; the list shows the first
 * of the two and the ladder draws both.
 */
#ifndef SMTPLAB_VIEWER_SESSION_H
#define SMTPLAB_VIEWER_SESSION_H

#include <glib-object.h>
#include "event.h"
#include "scan.h"

G_BEGIN_DECLS

/* How a session went, for the colour of its row. */
typedef enum {
  SMTPLAB_OUTCOME_OPEN,        /* not closed (yet): a live or cut trace */
  SMTPLAB_OUTCOME_NO_MAIL,     /* closed without a mail transaction */
  SMTPLAB_OUTCOME_DELIVERED,   /* mail accepted, no refusals */
  SMTPLAB_OUTCOME_PARTIAL,     /* mail accepted, something refused (4yz/5yz) */
  SMTPLAB_OUTCOME_DEFERRED,    /* no mail accepted, a 4yz (try again later) */
  SMTPLAB_OUTCOME_REFUSED,     /* no mail accepted, a 5yz */
} SmtplabOutcome;

#define SMTPLAB_TYPE_SESSION (smtplab_session_get_type ())
G_DECLARE_FINAL_TYPE (SmtplabSession, smtplab_session, SMTPLAB, SESSION, GObject)

/* A session with trace id id, written by host in role ("client"/"server"). */
SmtplabSession *smtplab_session_new (guint index, guint source, const char *id,
                                     const char *host, gboolean server);

guint        smtplab_session_get_index (SmtplabSession *session);
guint        smtplab_session_get_source (SmtplabSession *session);
const char  *smtplab_session_get_id (SmtplabSession *session);
/* The host that wrote the trace. */
const char  *smtplab_session_get_host (SmtplabSession *session);
gboolean     smtplab_session_is_server (SmtplabSession *session);
/* Who the host talked to: the HELO name (server) or greeting name (client),
 * else the peer's address; "" before either is known. */
const char  *smtplab_session_get_peer (SmtplabSession *session);
const char  *smtplab_session_get_peer_address (SmtplabSession *session);
const char  *smtplab_session_get_local_address (SmtplabSession *session);
/* The sender-SMTP and receiver-SMTP at the start of the session. */
const char  *smtplab_session_get_client_name (SmtplabSession *session);
const char  *smtplab_session_get_server_name (SmtplabSession *session);
gint64       smtplab_session_get_start (SmtplabSession *session);
/* "01:26:07" of the start, in UTC, newly allocated. */
char        *smtplab_session_format_start (SmtplabSession *session);
guint        smtplab_session_get_n_messages (SmtplabSession *session);
SmtplabOutcome smtplab_session_get_outcome (SmtplabSession *session);
/* TRUE for a connection (connect, commands, replies), FALSE for a host's
 * queue entry that only has queue and bounce events. */
gboolean     smtplab_session_is_conversation (SmtplabSession *session);
/* TRUE when the host traced its receiver's state moves ("state" events,
 * RFC 821 §4.3): the ladder then draws them instead of working them out
 * from the replies. */
gboolean     smtplab_session_has_state_events (SmtplabSession *session);
/* The indices (guint32, in the trace set) of the session's events. */
GArray      *smtplab_session_get_events (SmtplabSession *session);
/* The session that goes on after TURN, or NULL. */
SmtplabSession *smtplab_session_get_turn_next (SmtplabSession *session);
/* The session this one continues after TURN, or NULL. */
SmtplabSession *smtplab_session_get_turn_prev (SmtplabSession *session);
/* TRUE when the session ended with TURN accepted (250). */
gboolean     smtplab_session_turned (SmtplabSession *session);
/* Links next as the continuation of session after TURN. */
void         smtplab_session_set_turn_next (SmtplabSession *session, SmtplabSession *next);
/* Text the search box matches: host, peer, addresses, id. */
const char  *smtplab_session_get_search_text (SmtplabSession *session);

/* Adds the event at index (described by event and its scanned line) and
 * updates what the list shows; the numbers go to the first session of a
 * TURN pair.  Returns TRUE when what the list shows changed. */
gboolean smtplab_session_take_event (SmtplabSession *session, guint32 index,
                                     const SmtplabEvent *event, const SmtplabScan *scan);
/* Tells the list the shown properties changed (after a batch of events). */
void smtplab_session_changed (SmtplabSession *session);

G_END_DECLS

#endif
