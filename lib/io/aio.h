/* aio.h - fsync(2) that does not stop the main loop.
 *
 * Making mail durable means waiting for the disk, often for milliseconds.
 * A single-threaded server that called fsync(2) would serve nobody in the
 * meantime.  So the syncs go to the kernel with Linux's native AIO
 * (io_submit(2) with IOCB_CMD_FSYNC): the kernel does them while the loop
 * goes on, and an eventfd on the loop says when each one is done.  No
 * thread of ours is involved.  Where the kernel has no AIO, each fsync is
 * done at once, blocking, and reported from the loop all the same.
 */
#ifndef SMTPLAB_AIO_H
#define SMTPLAB_AIO_H

#include <glib.h>

typedef struct _SmtpAio SmtpAio;

/* error: 0, or the errno of the failed fsync.  Always called from the main
 * loop (or from smtp_aio_wait), never from inside smtp_aio_fsync. */
typedef void (*SmtpAioDone) (int error, gpointer user_data);

/* Called after the callbacks of the syncs that were found finished
 * together (from one wakeup of the loop), so that what they lead to can be
 * done once for all of them; syncs asked for from here go to the kernel at
 * once. */
typedef void (*SmtpAioBatchDone) (gpointer user_data);

SmtpAio *smtp_aio_new (void);
/* The same without the kernel's AIO, as where it has none: each sync is
 * done at once, blocking, and reported from the loop (for tests). */
SmtpAio *smtp_aio_new_blocking (void);
/* Waits for every sync in flight (their callbacks run) and frees aio. */
void     smtp_aio_free (SmtpAio *aio);
/* Syncs fd's data and metadata (fsync(2)) and then calls done.  fd must
 * stay open until then. */
void     smtp_aio_fsync (SmtpAio *aio, int fd, SmtpAioDone done, gpointer user_data);
/* The same as fdatasync(2): the data and what is needed to read it back
 * (a folder's entries, say), not times of last change. */
void     smtp_aio_fdatasync (SmtpAio *aio, int fd, SmtpAioDone done, gpointer user_data);
void     smtp_aio_set_batch_done (SmtpAio *aio, SmtpAioBatchDone func, gpointer data);
/* Blocks until no sync is in flight, running their callbacks (at shutdown). */
void     smtp_aio_wait (SmtpAio *aio);
/* TRUE if syncs really run in the kernel while the loop goes on. */
gboolean smtp_aio_is_async (SmtpAio *aio);

#endif
