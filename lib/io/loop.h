/* loop.h - the GLib main loop, used without wasted wakeups.
 *
 * Two habits make a busy single-threaded server cheaper on the loop:
 *
 * Watches that may recurse.  Around each dispatch of a plain source GLib
 * takes the source's descriptors out of the poll set and puts them back,
 * and each change wakes the loop (an eventfd write and one more poll).
 * Nothing here runs a nested main loop, so our watches say they may
 * recurse and GLib leaves them alone.
 *
 * Before-poll hooks.  Some work is cheaper done once for a whole loop
 * iteration than once for each event: the replies of every session that
 * answered (one send(2) each), the trace lines they wrote (one write(2)),
 * the syncs asked for (one io_submit(2)).  A before-poll hook runs each
 * time the loop has dispatched what was ready and is about to poll(2)
 * again: the earliest moment at which an iteration's work is all known.
 * Hooks run in the order of SmtpBeforePollStage, so that what one stage
 * makes (a reply makes trace lines) is done by a later one in the same
 * pass, before the loop sleeps.
 */
#ifndef SMTPLAB_LOOP_H
#define SMTPLAB_LOOP_H

#include <gio/gio.h>
#include <glib-unix.h>

/* Sources attached to the default main context; g_source_destroy() and
 * g_source_unref() them. */

/* Calls func whenever socket is ready for cond. */
GSource *smtp_socket_watch (GSocket *socket, GIOCondition cond, GSocketSourceFunc func,
                            gpointer data);
/* Calls func whenever the descriptor fd is ready for cond. */
GSource *smtp_fd_watch (int fd, GIOCondition cond, GUnixFDSourceFunc func, gpointer data);

typedef enum {
  SMTP_BEFORE_POLL_SYNCS = G_PRIORITY_HIGH,   /* give the disk what to sync */
  SMTP_BEFORE_POLL_REPLIES,                   /* send what sessions answered */
  SMTP_BEFORE_POLL_TRACE,                     /* write the trace lines */
} SmtpBeforePollStage;

/* Returns TRUE if it left something ready to dispatch (an idle it added,
 * say): then the loop polls without waiting. */
typedef gboolean (*SmtpBeforePoll) (gpointer data);

/* name: a string that lives as long as the program (a literal). */
GSource *smtp_before_poll_add (SmtpBeforePollStage stage, const char *name,
                               SmtpBeforePoll func, gpointer data);

#endif
