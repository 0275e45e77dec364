/* test-store.c - durable files (lib/io/store.c) and syncs that do not stop
 * the main loop (lib/io/aio.c). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "aio.h"
#include "store.h"

typedef struct {
  guint calls;
  gboolean ok;
  char *error;
  gboolean inside_write;     /* set around smtp_store_write / smtp_aio_fsync */
  gboolean called_inside;
} Outcome;

static void
on_done (int error, const char *message, gpointer data)
{
  Outcome *o = data;
  o->calls++;
  o->ok = error == 0;
  o->error = g_strdup (message);
  o->called_inside = o->called_inside || o->inside_write;
}

static gboolean
tick (gpointer data)
{
  (void) data;
  return G_SOURCE_CONTINUE;
}

/* run_until - the main loop until n calls were made, or 10 s passed (a
 * timer wakes the loop, so a call that never comes fails the test) */
static void
run_until (const guint *calls, guint n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint timer = g_timeout_add (100, tick, NULL);
  while (*calls < n && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timer);
}

static char *
make_dirs (char **tmp, char **a, char **b)
{
  char *root = g_dir_make_tmp ("smtplab-store-XXXXXX", NULL);
  *tmp = g_build_filename (root, "tmp", NULL);
  *a = g_build_filename (root, "a", "new", NULL);
  *b = g_build_filename (root, "b", "new", NULL);
  g_assert_cmpint (g_mkdir_with_parents (*tmp, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (*a, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (*b, 0700), ==, 0);
  return root;
}

static guint
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}

/* remove_tree - the test's folder and everything in it; frees the paths */
static void
remove_tree (char *root, char *tmp, char *a, char *b)
{
  char *cmd = g_strdup_printf ("rm -rf '%s'", root);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (cmd);
  g_free (root);
  g_free (tmp);
  g_free (a);
  g_free (b);
}

/* One file under two names: the same inode (a hard link), the data whole,
 * reported once and from the main loop, nothing left in tmp/. */
static void
test_two_targets (void)
{
  char *tmp, *a, *b;
  char *root = make_dirs (&tmp, &a, &b);
  char *ta = g_build_filename (a, "m1", NULL);
  char *tb = g_build_filename (b, "m1", NULL);
  const char *targets[] = { ta, tb, NULL };
  SmtpStore *store = smtp_store_new (tmp);
  GBytes *data = g_bytes_new_static ("Subject: hi\r\n\r\nbody\r\n", 21);
  Outcome o = { 0 };
  o.inside_write = TRUE;
  smtp_store_write (store, targets, data, on_done, &o);
  o.inside_write = FALSE;
  g_assert_cmpuint (o.calls, ==, 0);            /* not before the syncs */
  g_assert_false (g_file_test (ta, G_FILE_TEST_EXISTS));   /* no name before its data is synced */
  run_until (&o.calls, 1);
  g_assert_cmpuint (o.calls, ==, 1);
  g_assert_true (o.ok);
  g_assert_false (o.called_inside);
  char *text;
  g_assert_true (g_file_get_contents (ta, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "Subject: hi\r\n\r\nbody\r\n");
  g_free (text);
  GStatBuf sa, sb;
  g_assert_cmpint (g_stat (ta, &sa), ==, 0);
  g_assert_cmpint (g_stat (tb, &sb), ==, 0);
  g_assert_cmpuint (sa.st_ino, ==, sb.st_ino);
  g_assert_cmpuint (sa.st_nlink, ==, 2);
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  smtp_store_free (store);
  g_bytes_unref (data);
  g_free (o.error);
  g_free (ta);
  g_free (tb);
  remove_tree (root, tmp, a, b);
}

/* A target that cannot be made: an error, and no name made at all. */
static void
test_all_or_nothing (void)
{
  char *tmp, *a, *b;
  char *root = make_dirs (&tmp, &a, &b);
  char *ta = g_build_filename (a, "m1", NULL);
  char *bad = g_build_filename (root, "missing", "new", "m1", NULL);
  const char *targets[] = { ta, bad, NULL };
  SmtpStore *store = smtp_store_new (tmp);
  GBytes *data = g_bytes_new_static ("x\r\n", 3);
  Outcome o = { 0 };
  smtp_store_write (store, targets, data, on_done, &o);
  run_until (&o.calls, 1);
  g_assert_cmpuint (o.calls, ==, 1);
  g_assert_false (o.ok);
  g_assert_nonnull (strstr (o.error, "link"));
  g_assert_false (g_file_test (ta, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (tmp), ==, 0);
  smtp_store_free (store);
  g_bytes_unref (data);
  g_free (o.error);
  g_free (ta);
  g_free (bad);
  remove_tree (root, tmp, a, b);
}

/* At shutdown a store finishes its jobs before it goes. */
static void
test_flush_at_free (void)
{
  char *tmp, *a, *b;
  char *root = make_dirs (&tmp, &a, &b);
  SmtpStore *store = smtp_store_new (tmp);
  GBytes *data = g_bytes_new_static ("x\r\n", 3);
  Outcome o[5] = { { 0 } };
  for (guint i = 0; i < G_N_ELEMENTS (o); i++) {
    char *name = g_strdup_printf ("m%u", i);
    char *t = g_build_filename (a, name, NULL);
    const char *targets[] = { t, NULL };
    smtp_store_write (store, targets, data, on_done, &o[i]);
    g_free (t);
    g_free (name);
  }
  smtp_store_free (store);                 /* no main loop ran */
  for (guint i = 0; i < G_N_ELEMENTS (o); i++) {
    g_assert_cmpuint (o[i].calls, ==, 1);
    g_assert_true (o[i].ok);
    g_free (o[i].error);
  }
  g_assert_cmpuint (count_entries (a), ==, G_N_ELEMENTS (o));
  g_bytes_unref (data);
  remove_tree (root, tmp, a, b);
}

static void
on_synced (int error, gpointer data)
{
  Outcome *o = data;
  o->calls++;
  o->ok = error == 0;
  o->called_inside = o->called_inside || o->inside_write;
}

/* An fsync is reported from the loop, with the error of a bad descriptor;
 * with the kernel's AIO (data NULL) or without (data set). */
static void
test_aio_fsync (gconstpointer blocking)
{
  SmtpAio *aio = blocking ? smtp_aio_new_blocking () : smtp_aio_new ();
  g_test_message ("kernel AIO here: %s", smtp_aio_is_async (aio) ? "yes" : "no");
  char *path = g_build_filename (g_get_tmp_dir (), "smtplab-aio-XXXXXX", NULL);
  int fd = g_mkstemp (path);
  g_assert_cmpint (write (fd, "x", 1), ==, 1);
  Outcome good = { 0 }, bad = { 0 };
  good.inside_write = bad.inside_write = TRUE;
  smtp_aio_fsync (aio, fd, on_synced, &good);
  int closed = dup (fd);
  close (closed);                          /* a descriptor that is not open */
  smtp_aio_fsync (aio, closed, on_synced, &bad);
  good.inside_write = bad.inside_write = FALSE;
  g_assert_cmpuint (good.calls + bad.calls, ==, 0);
  run_until (&good.calls, 1);
  run_until (&bad.calls, 1);
  g_assert_true (good.ok);
  g_assert_false (bad.ok);
  g_assert_false (good.called_inside || bad.called_inside);
  smtp_aio_free (aio);
  close (fd);
  g_unlink (path);
  g_free (path);
}

/* More syncs than the kernel takes at once: the rest wait, and go when
 * there is room again, without a new request to push them. */
static void
test_aio_more_than_room (void)
{
  SmtpAio *aio = smtp_aio_new ();
  char *path = g_build_filename (g_get_tmp_dir (), "smtplab-aio-XXXXXX", NULL);
  int fd = g_mkstemp (path);
  Outcome o = { 0 };
  const guint n = 600;                      /* the kernel takes 256 at once */
  for (guint i = 0; i < n; i++)
    smtp_aio_fsync (aio, fd, on_synced, &o);
  run_until (&o.calls, n);
  g_assert_cmpuint (o.calls, ==, n);
  g_assert_true (o.ok);
  smtp_aio_free (aio);
  close (fd);
  g_unlink (path);
  g_free (path);
}

/* iterations_until - blocking iterations of the main loop until *calls
 * reaches n (at most 50: a test that needs more fails anyway) */
static guint
iterations_until (const guint *calls, guint n)
{
  guint iterations = 0;
  while (*calls < n && iterations < 50) {
    g_main_context_iteration (NULL, TRUE);
    iterations++;
  }
  return iterations;
}

typedef struct {
  SmtpAio *aio;
  int fd;
  Outcome first, second;
  guint batches;
  guint first_calls_at_batch;
} Chain;

static void
on_batch (gpointer data)
{
  Chain *c = data;
  if (c->batches++ == 0) {
    c->first_calls_at_batch = c->first.calls;
    smtp_aio_fsync (c->aio, c->fd, on_synced, &c->second);   /* what a batch leads to */
  }
}

/* The batch callback comes after the callbacks of the syncs found finished
 * together, and a sync it asks for goes to the kernel at once: it is done
 * at the next wakeup, with no loop iteration spent on passing it on. */
static void
test_aio_batch_done (gconstpointer blocking)
{
  Chain c = { 0 };
  c.aio = blocking ? smtp_aio_new_blocking () : smtp_aio_new ();
  if (blocking)
    g_assert_false (smtp_aio_is_async (c.aio));
  smtp_aio_set_batch_done (c.aio, on_batch, &c);
  char *path = g_build_filename (g_get_tmp_dir (), "smtplab-aio-XXXXXX", NULL);
  c.fd = g_mkstemp (path);
  while (g_main_context_iteration (NULL, FALSE))
    ;                         /* GLib's own wakeup, for the fd the aio added */
  smtp_aio_fsync (c.aio, c.fd, on_synced, &c.first);
  guint first = iterations_until (&c.first.calls, 1);
  g_assert_cmpuint (c.batches, ==, 1);
  g_assert_cmpuint (c.first_calls_at_batch, ==, 1);
  guint second = iterations_until (&c.second.calls, 1);
  g_test_message ("iterations: %u, then %u", first, second);
  /* one wakeup each: the eventfd's; the watch on it may recurse, so its
   * dispatch does not wake the loop once more (loop.h) */
  g_assert_cmpuint (first, ==, 1);
  g_assert_cmpuint (second, ==, 1);
  g_assert_true (c.first.ok && c.second.ok);
  smtp_aio_free (c.aio);
  close (c.fd);
  g_unlink (path);
  g_free (path);
}

/* Steps 2 to 4 take the loop no more wakeups than the disk needs: the
 * fsync, then the syncs of step 4 asked for at once (not from an idle of a
 * later iteration, which a busy loop reaches late), and done.  Step 4 has
 * two syncs here, the folder's and the file's again, which the kernel may
 * finish at one wakeup or at two.  (Before the syncs were asked for at
 * once, this took 5 wakeups with only the folder's sync in step 4.) */
static void
test_commit_at_once (void)
{
  char *tmp, *a, *b;
  char *root = make_dirs (&tmp, &a, &b);
  char *ta = g_build_filename (a, "m1", NULL);
  const char *targets[] = { ta, NULL };
  SmtpStore *store = smtp_store_new (tmp);
  GBytes *data = g_bytes_new_static ("x\r\n", 3);
  Outcome o = { 0 };
  while (g_main_context_iteration (NULL, FALSE))
    ;                         /* GLib's own wakeup, for the fd the store added */
  smtp_store_write (store, targets, data, on_done, &o);
  guint iterations = iterations_until (&o.calls, 1);
  g_test_message ("iterations: %u", iterations);
  g_assert_cmpuint (o.calls, ==, 1);
  g_assert_true (o.ok);
  g_assert_cmpuint (iterations, >=, 2);
  g_assert_cmpuint (iterations, <=, 3);
  smtp_store_free (store);
  g_bytes_unref (data);
  g_free (o.error);
  g_free (ta);
  remove_tree (root, tmp, a, b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/two-targets", test_two_targets);
  g_test_add_func ("/store/all-or-nothing", test_all_or_nothing);
  g_test_add_func ("/store/flush-at-free", test_flush_at_free);
  g_test_add_func ("/store/commit-at-once", test_commit_at_once);
  g_test_add_data_func ("/aio/fsync", NULL, test_aio_fsync);
  g_test_add_data_func ("/aio/fsync-blocking", "", test_aio_fsync);
  g_test_add_func ("/aio/more-than-room", test_aio_more_than_room);
  g_test_add_data_func ("/aio/batch-done", NULL, test_aio_batch_done);
  g_test_add_data_func ("/aio/batch-done-blocking", "", test_aio_batch_done);
  return g_test_run ();
}
