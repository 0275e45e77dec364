/* store.c - durable files (see store.h).
 *
 * The order of the steps is what makes a file durable (the Maildir rule):
 *   1. write the data to a file that has no name yet;
 *   2. fsync the file, so its bytes and size are on disk;
 *   3. link it to every target name;
 *   4. sync every folder that got a new name (fdatasync: its entries, not
 *      its times), so the names are on disk, and fsync the file again:
 *      linking changed its link count, and on disk it still says the
 *      file has no name.  A file system without a journal does not
 *      write that count with the folder; after a power cut, fsck frees
 *      such a file as deleted and clears its names (test_power_loss.py).
 * Only then is the job done, and only then may the server say 250.
 *
 * The file of step 1 is made with O_TMPFILE: it has no name until step 3,
 * and if the host dies before that, the kernel frees it (nothing is left
 * in tmp/ to clean).  It also spares step 2 a sync of the folder it would
 * have been named in, which every job would wait for in turn (ext4 syncs
 * the folder of a new name with the file).  Where the file system cannot
 * make such files, the old way: tmp/NAME, linked, then unlinked.
 *
 * Neither sync stops the main loop: both go to the kernel through aio.h,
 * and the loop serves other sessions while the disk works.  Step 4 is a
 * group commit: the folders of every job whose step 2 the loop found
 * finished at the same wakeup are synced once for all of them, at once.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "aio.h"

typedef struct {
  SmtpStore *store;
  char *tmp_name;         /* in the store's tmp folder; NULL for O_TMPFILE */
  int fd;                 /* -1 once closed */
  char **targets;
  GPtrArray *changed;     /* folders made for it, synced in step 4 too */
  int error_number;       /* the errno of the first step that failed */
  char *error;            /* set when a step failed: which, and why */
  SmtpStoreDone done;
  gpointer user_data;
} StoreJob;

/* The jobs that reached step 4 together, and their syncs still in
 * flight. */
typedef struct {
  GPtrArray *jobs;
  guint waiting;
  int failed;             /* the errno of the first sync that failed */
} Commit;

/* One sync of step 4: a folder's, or a job's file's */
typedef struct {
  Commit *commit;
  int fd;                 /* a folder's, closed when synced; -1 for a file */
} CommitSync;

struct _SmtpStore {
  char *tmp_dir;
  int tmp_fd;             /* the tmp folder, for openat(2) and friends */
  gboolean unnamed;       /* O_TMPFILE works here (and /proc/self/fd to link it) */
  SmtpAio *aio;
  GPtrArray *linked;      /* of StoreJob: at step 4, waiting for the commit */
  GHashTable *folders;    /* the folders they added names to */
  GPtrArray *changed;     /* for the next job: folders made outside the store */
  guint commit_idle;
};

static void
job_free (StoreJob *job)
{
  if (job->fd >= 0)
    close (job->fd);
  g_free (job->tmp_name);
  g_strfreev (job->targets);
  g_ptr_array_unref (job->changed);
  g_free (job->error);
  g_free (job);
}

gboolean
smtp_write_all (int fd, const char *data, gsize len)
{
  while (len > 0) {
    ssize_t n = write (fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return FALSE;
    data += n;
    len -= (gsize) n;
  }
  return TRUE;
}

/* job_fail - records the first error of a job */
static void
job_fail (StoreJob *job, const char *step, const char *path, int error)
{
  if (!job->error) {
    job->error_number = error;
    job->error = g_strdup_printf ("%s %s: %s", step, path, g_strerror (error));
  }
}

static void store_commit (gpointer data);

/* to_commit - the job waits for the next group commit (step 4) */
static void
to_commit (StoreJob *job)
{
  g_ptr_array_add (job->store->linked, job);
}

static gboolean
commit_idle_cb (gpointer data)
{
  SmtpStore *store = data;
  store->commit_idle = 0;
  store_commit (store);
  return G_SOURCE_REMOVE;
}

/* to_commit_later - a job that failed before its sync: reported from the
 * loop, like the rest */
static void
to_commit_later (StoreJob *job)
{
  SmtpStore *store = job->store;
  to_commit (job);
  if (!store->commit_idle)
    store->commit_idle = g_idle_add_full (G_PRIORITY_DEFAULT, commit_idle_cb, store, NULL);
}

/* link_target - step 3 for one name */
static gboolean
link_target (StoreJob *job, const char *target)
{
  SmtpStore *store = job->store;
  if (job->tmp_name)
    return linkat (store->tmp_fd, job->tmp_name, AT_FDCWD, target, 0) == 0;
  /* open(2): the way to give an O_TMPFILE file a name */
  char self[64];
  g_snprintf (self, sizeof self, "/proc/self/fd/%d", job->fd);
  return linkat (AT_FDCWD, self, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0;
}

/* file_synced - step 2 is over: step 3, then on to the commit */
static void
file_synced (int error, gpointer data)
{
  StoreJob *job = data;
  SmtpStore *store = job->store;
  if (error)
    job_fail (job, "fsync", job->tmp_name ? job->tmp_name : "new file", error);
  for (guint i = 0; job->targets[i] && !job->error; i++) {
    if (!link_target (job, job->targets[i]))
      job_fail (job, "link", job->targets[i], errno);
    else
      g_hash_table_add (store->folders, g_path_get_dirname (job->targets[i]));
  }
  for (guint i = 0; i < job->changed->len; i++)
    g_hash_table_add (store->folders, g_strdup (g_ptr_array_index (job->changed, i)));
  if (job->error) {     /* complete under every name or under none */
    for (guint i = 0; job->targets[i]; i++)
      g_unlink (job->targets[i]);
    close (job->fd);
    job->fd = -1;       /* nothing left to sync in step 4 */
  }
  if (job->tmp_name)
    unlinkat (store->tmp_fd, job->tmp_name, 0);
  to_commit (job);
}

/* commit_done - every sync of the commit is over: the jobs are done */
static void
commit_done (Commit *commit)
{
  for (guint i = 0; i < commit->jobs->len; i++) {
    StoreJob *job = g_ptr_array_index (commit->jobs, i);
    if (commit->failed && !job->error)
      job_fail (job, "fsync", "of a mail folder or file", commit->failed);
    job->done (job->error ? job->error_number : 0, job->error, job->user_data);
    job_free (job);
  }
  g_ptr_array_unref (commit->jobs);
  g_free (commit);
}

static void
commit_synced (int error, gpointer data)
{
  CommitSync *sync = data;
  Commit *commit = sync->commit;
  if (sync->fd >= 0)
    close (sync->fd);
  g_free (sync);
  if (error && !commit->failed)
    commit->failed = error;
  if (--commit->waiting == 0)
    commit_done (commit);
}

/* commit_sync - one more sync the commit waits for: a folder's entries
 * (its fd is the sync's to close), or a job's file (the job closes it) */
static void
commit_sync (SmtpStore *store, Commit *commit, int fd, gboolean folder)
{
  CommitSync *sync = g_new0 (CommitSync, 1);
  sync->commit = commit;
  sync->fd = folder ? fd : -1;
  commit->waiting++;
  if (folder)
    smtp_aio_fdatasync (store->aio, fd, commit_synced, sync);
  else
    smtp_aio_fsync (store->aio, fd, commit_synced, sync);
}

/* store_commit - step 4 for the jobs linked since the last one: one sync
 * per folder, however many names it got, and one per file.  It runs as
 * soon as the syncs of step 2 that finished together have all been
 * linked. */
static void
store_commit (gpointer data)
{
  SmtpStore *store = data;
  if (store->linked->len == 0)
    return;
  Commit *commit = g_new0 (Commit, 1);
  commit->jobs = store->linked;
  store->linked = g_ptr_array_new ();
  commit->waiting = 1;                  /* until every sync is asked for */
  GHashTableIter iter;
  gpointer folder;
  g_hash_table_iter_init (&iter, store->folders);
  while (g_hash_table_iter_next (&iter, &folder, NULL)) {
    int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
      commit_sync (store, commit, fd, TRUE);
    else if (!commit->failed)
      commit->failed = errno;
  }
  for (guint i = 0; i < commit->jobs->len; i++) {
    StoreJob *job = g_ptr_array_index (commit->jobs, i);
    if (job->fd >= 0)
      commit_sync (store, commit, job->fd, FALSE);
  }
  g_hash_table_remove_all (store->folders);
  if (--commit->waiting == 0)
    commit_done (commit);
}

SmtpStore *
smtp_store_new (const char *tmp_dir)
{
  SmtpStore *store = g_new0 (SmtpStore, 1);
  store->tmp_dir = g_strdup (tmp_dir);
  store->tmp_fd = open (tmp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  store->unnamed = g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR);
  store->aio = smtp_aio_new ();
  smtp_aio_set_batch_done (store->aio, store_commit, store);
  store->linked = g_ptr_array_new ();
  store->folders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  store->changed = g_ptr_array_new_with_free_func (g_free);
  return store;
}

void
smtp_store_flush (SmtpStore *store)
{
  do {
    smtp_aio_wait (store->aio);
    if (store->commit_idle) {
      g_source_remove (store->commit_idle);
      store->commit_idle = 0;
    }
    store_commit (store);
  } while (store->linked->len > 0);
  smtp_aio_wait (store->aio);
}

void
smtp_store_free (SmtpStore *store)
{
  if (!store)
    return;
  smtp_store_flush (store);
  smtp_aio_free (store->aio);
  if (store->tmp_fd >= 0)
    close (store->tmp_fd);
  g_ptr_array_unref (store->linked);
  g_hash_table_unref (store->folders);
  g_ptr_array_unref (store->changed);
  g_free (store->tmp_dir);
  g_free (store);
}

void
smtp_store_write (SmtpStore *store, const char * const *targets, GBytes *data,
                  SmtpStoreDone done, gpointer user_data)
{
  StoreJob *job = g_new0 (StoreJob, 1);
  job->store = store;
  job->targets = g_strdupv ((char **) targets);
  job->done = done;
  job->user_data = user_data;
  job->changed = store->changed;
  store->changed = g_ptr_array_new_with_free_func (g_free);

  /* step 1, at once: the bytes go to the page cache */
  job->fd = -1;
  if (store->unnamed) {
    job->fd = openat (store->tmp_fd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (job->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
      store->unnamed = FALSE;          /* not on this file system */
  }
  if (!store->unnamed) {
    job->tmp_name = smtp_maildir_unique_name ("store");
    job->fd = openat (store->tmp_fd, job->tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                      0600);
  }
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);
  if (job->fd < 0) {
    job_fail (job, "open", store->tmp_dir, errno);
  } else if (!smtp_write_all (job->fd, bytes, len)) {
    job_fail (job, "write", store->tmp_dir, errno);
    close (job->fd);
    job->fd = -1;
  }
  if (job->fd < 0) {
    if (job->tmp_name)
      unlinkat (store->tmp_fd, job->tmp_name, 0);
    to_commit_later (job);
    return;
  }
  smtp_aio_fsync (store->aio, job->fd, file_synced, job);   /* step 2 */
}

static void
removal_synced (int error, gpointer data)
{
  (void) error;             /* at worst the file comes back after a crash */
  close (GPOINTER_TO_INT (data));
}

void
smtp_store_remove (SmtpStore *store, const char *path)
{
  g_unlink (path);
  char *folder = g_path_get_dirname (path);
  int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0)
    smtp_aio_fdatasync (store->aio, fd, removal_synced, GINT_TO_POINTER (fd));
  g_free (folder);
}

void
smtp_store_folders_changed (SmtpStore *store, GPtrArray *folders)
{
  for (guint i = 0; i < folders->len; i++)
    g_ptr_array_add (store->changed, g_strdup (g_ptr_array_index (folders, i)));
}

/* note_changed - folder got a new entry; noted once */
static void
note_changed (GPtrArray *changed, const char *folder)
{
  if (changed && !g_ptr_array_find_with_equal_func (changed, folder, g_str_equal, NULL))
    g_ptr_array_add (changed, g_strdup (folder));
}

/* make_dir - mkdir -p, noting each folder whose entries it changed: the
 * parent of each folder it makes, and that folder ("." and "..") */
static gboolean
make_dir (const char *path, GPtrArray *changed)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return TRUE;
  char *parent = g_path_get_dirname (path);
  gboolean ok = strcmp (parent, path) == 0 || make_dir (parent, changed);
  if (ok && mkdir (path, 0700) != 0 && errno != EEXIST) {
    ok = FALSE;
  } else if (ok) {
    note_changed (changed, parent);
    note_changed (changed, path);
  }
  int saved = errno;
  g_free (parent);
  errno = saved;
  return ok;
}

gboolean
smtp_make_dirs (const char *dir, const char * const *subdirs, GPtrArray *changed,
                GError **error)
{
  for (guint i = 0; subdirs[i]; i++) {
    char *path = g_build_filename (dir, subdirs[i], NULL);
    gboolean ok = make_dir (path, changed);
    if (!ok)
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create %s: %s", path, g_strerror (errno));
    g_free (path);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

gboolean
smtp_sync_folders (GPtrArray *folders, GError **error)
{
  for (guint i = 0; i < folders->len; i++) {
    const char *folder = g_ptr_array_index (folders, i);
    int fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync (fd) != 0) {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot sync %s: %s", folder, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return FALSE;
    }
    close (fd);
  }
  return TRUE;
}

gboolean
smtp_maildir_create (const char *dir, GPtrArray *changed, GError **error)
{
  /* new/ last: a reader that sees new/ finds a whole Maildir, and so does
   * a delivery (one stat(2) instead of three mkdir(2) for every message) */
  static const char *subdirs[] = { "tmp", "cur", "new", NULL };
  char *new_dir = g_build_filename (dir, "new", NULL);
  gboolean whole = g_file_test (new_dir, G_FILE_TEST_IS_DIR);
  g_free (new_dir);
  return whole || smtp_make_dirs (dir, subdirs, changed, error);
}

char *
smtp_maildir_unique_name (const char *host)
{
  static guint counter;
  static int pid;
  if (!pid)
    pid = (int) getpid ();
  gint64 now = g_get_real_time ();
  char *safe = g_strdelimit (g_strdup (host), "/:", '_');
  char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%u.%s",
                                now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC),
                                pid, ++counter, safe);
  g_free (safe);
  return name;
}
