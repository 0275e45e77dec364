/* store.h - durable files: Maildir delivery and spool files.
 *
 * Mail that got "250" after DATA must be on disk before the reply is sent.
 * A store job writes the data to a temporary file at once; the syncs that
 * make it durable run in the kernel while the main loop goes on serving
 * other sessions (aio.h), and the folders of all jobs whose file syncs the
 * loop finds finished at the same wakeup are synced together (group
 * commit), beside those files once more (their link counts changed).
 * store.c tells the steps and why each is needed.
 */
#ifndef SMTPLAB_STORE_H
#define SMTPLAB_STORE_H

#include <glib.h>

typedef struct _SmtpStore SmtpStore;

/* Called once per job, from the main loop.  error: 0 when the data is
 * durable under every name, else the errno of the first step that failed
 * (ENOSPC when the disk is full), which message tells in words. */
typedef void (*SmtpStoreDone) (int error, const char *message, gpointer user_data);

/* A store whose temporary files go in tmp_dir (on the same file system as
 * every target: link(2) cannot cross file systems). */
SmtpStore *smtp_store_new (const char *tmp_dir);
void       smtp_store_free (SmtpStore *store);
/* Finishes every pending job now, blocking (at shutdown). */
void       smtp_store_flush (SmtpStore *store);

/* Writes data durably to each of targets (full paths, same file system),
 * then calls done.  The file is complete under every name or under none. */
void smtp_store_write (SmtpStore *store, const char * const *targets, GBytes *data,
                       SmtpStoreDone done, gpointer user_data);

/* Removes the file at path, and syncs its folder without waiting: nobody
 * waits for a removal (a crash before the sync brings the file back, and a
 * spool file is then sent twice, not lost). */
void smtp_store_remove (SmtpStore *store, const char *path);

/* write(2) until all of data is written (again after EINTR); FALSE with
 * errno set if a write fails. */
gboolean smtp_write_all (int fd, const char *data, gsize len);

/* Folders are made durable too: a folder made by mkdir(2) is on disk only
 * once its parent is synced, and its own "." and ".." once it is synced
 * itself.  The functions that make folders note each folder whose entries
 * they changed in changed (if not NULL), for one of the two below. */

/* Creates each of subdirs (NULL-terminated) under dir, with parents. */
gboolean smtp_make_dirs (const char *dir, const char * const *subdirs, GPtrArray *changed,
                         GError **error);
/* Creates DIR/tmp, DIR/new and DIR/cur (a Maildir, readable by mutt). */
gboolean smtp_maildir_create (const char *dir, GPtrArray *changed, GError **error);
/* fsyncs each of folders now, blocking: for start-up. */
gboolean smtp_sync_folders (GPtrArray *folders, GError **error);
/* On the loop: the next job written is not done before each of folders is
 * synced (in its step 4, with its own folders). */
void     smtp_store_folders_changed (SmtpStore *store, GPtrArray *folders);
/* A unique file name for a Maildir or spool: "<sec>.M<usec>P<pid>Q<n>.<host>". */
char    *smtp_maildir_unique_name (const char *host);

#endif
