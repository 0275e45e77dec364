/* store.c - durable files with group commit (see store.h).
 *
 * The order of the steps is what makes a file durable (the Maildir rule):
 *   1. write the data to tmp/NAME;
 *   2. sync the file's bytes to disk;
 *   3. link it to every target name, then unlink tmp/NAME;
 *   4. fsync every folder that got a new name, so the names are on disk.
 * Only then is the job done, and only then may the server say 250.
 *
 * Step 2 is done for the whole batch at once: one syncfs(2) writes every
 * file of the batch to disk, where an fsync(2) per file would wait for the
 * disk once per message.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

typedef struct {
  char *tmp_path;
  int fd;                 /* -1 once closed */
  char **targets;
  char *error;            /* set when a step failed */
  SmtpStoreDone done;
  gpointer user_data;
} StoreJob;

struct _SmtpStore {
  char *tmp_dir;
  GPtrArray *pending;     /* of StoreJob, written, waiting for the commit */
  guint commit_idle;
};

static void
job_free (StoreJob *job)
{
  if (job->fd >= 0)
    close (job->fd);
  g_free (job->tmp_path);
  g_strfreev (job->targets);
  g_free (job->error);
  g_free (job);
}

/* write_all - write(2) until everything is written */
static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0) {
    ssize_t n = write (fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}

/* fsync_dir - makes the names in a folder durable */
static gboolean
fsync_dir (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  gboolean ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* job_fail - records the first error of a job */
static void
job_fail (StoreJob *job, const char *step, const char *path)
{
  if (!job->error)
    job->error = g_strdup_printf ("%s %s: %s", step, path, g_strerror (errno));
}

/* job_link - step 3 for one job (its bytes are on disk); adds the folders
 * that got a new name to dirs */
static void
job_link (StoreJob *job, GHashTable *dirs)
{
  close (job->fd);
  job->fd = -1;
  for (guint i = 0; job->targets[i] && !job->error; i++) {
    if (link (job->tmp_path, job->targets[i]) != 0)
      job_fail (job, "link", job->targets[i]);
    else
      g_hash_table_add (dirs, g_path_get_dirname (job->targets[i]));
  }
  if (job->error)       /* complete under every name or under none */
    for (guint i = 0; job->targets[i]; i++)
      g_unlink (job->targets[i]);
  g_unlink (job->tmp_path);
}

/* store_commit - the group commit: steps 2-4 for every pending job */
static gboolean
store_commit (gpointer data)
{
  SmtpStore *store = data;
  GPtrArray *jobs = store->pending;
  store->pending = g_ptr_array_new ();
  store->commit_idle = 0;

  /* step 2 for all: tmp_dir's file system holds every file */
  int tmp_fd = open (store->tmp_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (tmp_fd < 0 || syncfs (tmp_fd) != 0)
    for (guint i = 0; i < jobs->len; i++)
      job_fail (g_ptr_array_index (jobs, i), "syncfs", store->tmp_dir);
  if (tmp_fd >= 0)
    close (tmp_fd);

  GHashTable *dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < jobs->len; i++)
    job_link (g_ptr_array_index (jobs, i), dirs);
  GHashTableIter iter;
  gpointer dir;
  gboolean dirs_ok = TRUE;
  g_hash_table_iter_init (&iter, dirs);
  while (g_hash_table_iter_next (&iter, &dir, NULL))
    dirs_ok = fsync_dir (dir) && dirs_ok;
  g_hash_table_unref (dirs);

  for (guint i = 0; i < jobs->len; i++) {
    StoreJob *job = g_ptr_array_index (jobs, i);
    if (!dirs_ok && !job->error)
      job->error = g_strdup ("fsync of a mail folder failed");
    job->done (job->error == NULL, job->error, job->user_data);
    job_free (job);
  }
  g_ptr_array_unref (jobs);
  return G_SOURCE_REMOVE;
}

SmtpStore *
smtp_store_new (const char *tmp_dir)
{
  SmtpStore *store = g_new0 (SmtpStore, 1);
  store->tmp_dir = g_strdup (tmp_dir);
  store->pending = g_ptr_array_new ();
  return store;
}

void
smtp_store_flush (SmtpStore *store)
{
  if (store->commit_idle) {
    g_source_remove (store->commit_idle);
    store_commit (store);
  }
}

void
smtp_store_free (SmtpStore *store)
{
  if (!store)
    return;
  smtp_store_flush (store);
  g_ptr_array_unref (store->pending);
  g_free (store->tmp_dir);
  g_free (store);
}

void
smtp_store_write (SmtpStore *store, const char * const *targets, GBytes *data,
                  SmtpStoreDone done, gpointer user_data)
{
  StoreJob *job = g_new0 (StoreJob, 1);
  char *name = smtp_maildir_unique_name ("store");
  job->tmp_path = g_build_filename (store->tmp_dir, name, NULL);
  g_free (name);
  job->targets = g_strdupv ((char **) targets);
  job->done = done;
  job->user_data = user_data;

  /* step 1, at once: the bytes go to the page cache */
  gsize len;
  const char *bytes = g_bytes_get_data (data, &len);
  job->fd = open (job->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (job->fd < 0)
    job_fail (job, "open", job->tmp_path);
  else if (!write_all (job->fd, bytes, len))
    job_fail (job, "write", job->tmp_path);
  if (job->fd < 0)
    job->fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);   /* keeps the steps uniform */

  g_ptr_array_add (store->pending, job);
  if (!store->commit_idle)
    store->commit_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, store_commit, store, NULL);
}

gboolean
smtp_make_dirs (const char *dir, const char * const *subdirs, GError **error)
{
  for (guint i = 0; subdirs[i]; i++) {
    char *path = g_build_filename (dir, subdirs[i], NULL);
    int rc = g_mkdir_with_parents (path, 0700);
    if (rc != 0)
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create %s: %s", path, g_strerror (errno));
    g_free (path);
    if (rc != 0)
      return FALSE;
  }
  return TRUE;
}

gboolean
smtp_maildir_create (const char *dir, GError **error)
{
  /* new/ last: a reader that sees new/ finds a whole Maildir */
  static const char *subdirs[] = { "tmp", "cur", "new", NULL };
  return smtp_make_dirs (dir, subdirs, error);
}

char *
smtp_maildir_unique_name (const char *host)
{
  static guint counter;
  gint64 now = g_get_real_time ();
  char *safe = g_strdelimit (g_strdup (host), "/:", '_');
  char *name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%u.%s",
                                now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC),
                                (int) getpid (), ++counter, safe);
  g_free (safe);
  return name;
}
