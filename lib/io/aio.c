/* aio.c - fsync(2) that does not stop the main loop (see aio.h).
 *
 * glibc has no wrapper for the kernel's AIO calls (its aio_fsync(3) runs
 * threads); they are made with syscall(2).  Each request carries its own
 * record in aio_data and asks the kernel to count its completion on our
 * eventfd (IOCB_FLAG_RESFD), which the GLib main loop watches.
 */
#include "aio.h"
#include "loop.h"

#include <errno.h>
#include <linux/aio_abi.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <glib-unix.h>

#define AIO_MAX_EVENTS 256       /* syncs in flight at once; more wait in a queue */

typedef struct {
  struct iocb cb;                /* first: the kernel hands back its address */
  SmtpAioDone done;
  gpointer user_data;
  int error;
} Request;

struct _SmtpAio {
  aio_context_t context;         /* 0: no kernel AIO here */
  int eventfd;
  GSource *watch;                /* on the eventfd */
  guint in_flight;
  GQueue waiting;                /* Requests not yet given to the kernel */
  GQueue finished;               /* done without the kernel, reported from an idle */
  guint finished_idle;
  GSource *submitter;            /* the requests of one loop iteration go together */
  SmtpAioBatchDone batch_done;
  gpointer batch_data;
};

static void
batch_done (SmtpAio *aio)
{
  if (aio->batch_done)
    aio->batch_done (aio->batch_data);
}

static void
finish (Request *r)
{
  r->done (r->error, r->user_data);
  g_free (r);
}

static gboolean
finished_cb (gpointer data)
{
  SmtpAio *aio = data;
  aio->finished_idle = 0;
  Request *r;
  while ((r = g_queue_pop_head (&aio->finished)))
    finish (r);
  batch_done (aio);
  return G_SOURCE_REMOVE;
}

/* sync_now - the blocking way, reported later from the loop */
static void
sync_now (SmtpAio *aio, Request *r)
{
  int fd = (int) r->cb.aio_fildes;
  int rc = r->cb.aio_lio_opcode == IOCB_CMD_FDSYNC ? fdatasync (fd) : fsync (fd);
  r->error = rc == 0 ? 0 : errno;
  g_queue_push_tail (&aio->finished, r);
  if (!aio->finished_idle)
    aio->finished_idle = g_idle_add_full (G_PRIORITY_DEFAULT, finished_cb, aio, NULL);
}

/* submit - hands the waiting requests to the kernel, all in one call, as
 * far as there is room */
static void
submit (SmtpAio *aio)
{
  struct iocb *list[AIO_MAX_EVENTS];
  long n = 0;
  for (GList *l = aio->waiting.head; l && aio->in_flight + n < AIO_MAX_EVENTS; l = l->next)
    list[n++] = &((Request *) l->data)->cb;
  if (n == 0)
    return;
  long taken = syscall (SYS_io_submit, aio->context, n, list);
  if (taken < 0)
    taken = 0;
  aio->in_flight += (guint) taken;
  for (long i = 0; i < taken; i++)
    g_queue_pop_head (&aio->waiting);
  if (taken == 0)                 /* e.g. a file system that cannot: the old way */
    sync_now (aio, g_queue_pop_head (&aio->waiting));
}

/* submit_waiting - as many as there is room for */
static void
submit_waiting (SmtpAio *aio)
{
  while (!g_queue_is_empty (&aio->waiting) && aio->in_flight < AIO_MAX_EVENTS)
    submit (aio);
}

/* submitter - the loop is about to poll: what this iteration asked for goes
 * to the kernel */
static gboolean
submitter (gpointer data)
{
  SmtpAio *aio = data;
  submit_waiting (aio);
  return aio->finished_idle != 0;       /* the kernel refused: done the old way */
}

/* reap - runs the callbacks of the syncs the kernel finished, then the
 * batch callback, then gives the kernel what they asked for and what
 * waited for room; with wait, blocks until at least one is finished */
static void
reap (SmtpAio *aio, gboolean wait)
{
  struct io_event events[64];
  struct timespec zero = { 0, 0 };
  long reaped = 0;
  for (;;) {
    long n = syscall (SYS_io_getevents, aio->context, wait ? 1L : 0L, 64L, events,
                      wait ? NULL : &zero);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    aio->in_flight -= (guint) n;
    for (long i = 0; i < n; i++) {
      Request *r = (Request *) (guintptr) events[i].obj;
      r->error = events[i].res < 0 ? (int) -events[i].res : 0;
      finish (r);
    }
    reaped += n;
    /* a full batch may leave more behind; a smaller one took all there
     * were, and any finished after it will signal the eventfd again */
    if (!wait && n < 64)
      break;
    wait = FALSE;
  }
  if (reaped > 0)
    batch_done (aio);
  submit_waiting (aio);
}

static gboolean
eventfd_cb (gint fd, GIOCondition condition, gpointer data)
{
  SmtpAio *aio = data;
  (void) condition;
  guint64 count;
  if (read (fd, &count, sizeof count) < 0 && errno != EAGAIN)
    g_warning ("aio: reading the eventfd: %s", g_strerror (errno));
  reap (aio, FALSE);
  return G_SOURCE_CONTINUE;
}

static SmtpAio *
aio_new (gboolean kernel)
{
  SmtpAio *aio = g_new0 (SmtpAio, 1);
  g_queue_init (&aio->waiting);
  g_queue_init (&aio->finished);
  aio->eventfd = kernel ? eventfd (0, EFD_NONBLOCK | EFD_CLOEXEC) : -1;
  if (aio->eventfd >= 0 && syscall (SYS_io_setup, (long) AIO_MAX_EVENTS, &aio->context) == 0) {
    aio->watch = smtp_fd_watch (aio->eventfd, G_IO_IN, eventfd_cb, aio);
    aio->submitter = smtp_before_poll_add (SMTP_BEFORE_POLL_SYNCS, "smtplab syncs",
                                           submitter, aio);
  } else {
    aio->context = 0;
    if (aio->eventfd >= 0)
      close (aio->eventfd);
    aio->eventfd = -1;
  }
  return aio;
}

SmtpAio *
smtp_aio_new (void)
{
  return aio_new (TRUE);
}

SmtpAio *
smtp_aio_new_blocking (void)
{
  return aio_new (FALSE);
}

void
smtp_aio_set_batch_done (SmtpAio *aio, SmtpAioBatchDone func, gpointer data)
{
  aio->batch_done = func;
  aio->batch_data = data;
}

gboolean
smtp_aio_is_async (SmtpAio *aio)
{
  return aio->context != 0;
}

static void
aio_sync (SmtpAio *aio, int fd, guint16 opcode, SmtpAioDone done, gpointer user_data)
{
  Request *r = g_new0 (Request, 1);
  r->done = done;
  r->user_data = user_data;
  r->cb.aio_data = (guint64) (guintptr) r;
  r->cb.aio_lio_opcode = opcode;
  r->cb.aio_fildes = (guint32) fd;
  if (!smtp_aio_is_async (aio)) {
    sync_now (aio, r);
    return;
  }
  r->cb.aio_flags = IOCB_FLAG_RESFD;
  r->cb.aio_resfd = (guint32) aio->eventfd;
  g_queue_push_tail (&aio->waiting, r);     /* for the submitter */
}

void
smtp_aio_fsync (SmtpAio *aio, int fd, SmtpAioDone done, gpointer user_data)
{
  aio_sync (aio, fd, IOCB_CMD_FSYNC, done, user_data);
}

void
smtp_aio_fdatasync (SmtpAio *aio, int fd, SmtpAioDone done, gpointer user_data)
{
  aio_sync (aio, fd, IOCB_CMD_FDSYNC, done, user_data);
}

void
smtp_aio_wait (SmtpAio *aio)
{
  while (aio->in_flight > 0 || !g_queue_is_empty (&aio->waiting)
         || !g_queue_is_empty (&aio->finished)) {
    if (aio->finished_idle) {
      g_source_remove (aio->finished_idle);
      finished_cb (aio);
    }
    if (aio->in_flight > 0)
      reap (aio, TRUE);
    else
      submit_waiting (aio);
  }
}

void
smtp_aio_free (SmtpAio *aio)
{
  if (!aio)
    return;
  smtp_aio_wait (aio);
  if (aio->watch) {
    g_source_destroy (aio->watch);
    g_source_unref (aio->watch);
  }
  if (aio->submitter) {
    g_source_destroy (aio->submitter);
    g_source_unref (aio->submitter);
  }
  if (aio->context)
    syscall (SYS_io_destroy, aio->context);
  if (aio->eventfd >= 0)
    close (aio->eventfd);
  g_free (aio);
}
