/* store-alone.c - make bench: smtplab's store (lib/io/store.c) with nothing
 * else around it.
 *
 *   store-alone DIR MESSAGES IN_FLIGHT SIZE
 *
 * Stores MESSAGES messages of SIZE octets into the Maildir DIR/mail/new,
 * the way smtplab-server does after DATA (durable before "done"), keeping
 * IN_FLIGHT of them in the store at once, as that many sessions would.
 * No SMTP, no sockets, no trace: what storing alone costs on this
 * machine, a ceiling for the server's rate.  Prints the seconds and the
 * messages a second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "store.h"

typedef struct {
  SmtpStore *store;
  GBytes *message;
  char *new_dir;
  guint total, started, done, failed;
  GMainLoop *loop;
} Run;

static void store_next (Run *run);

static void
on_stored (int error, const char *message, gpointer data)
{
  Run *run = data;
  if (error) {
    run->failed++;
    g_printerr ("store-alone: %s\n", message);
  }
  if (++run->done == run->total)
    g_main_loop_quit (run->loop);
  else
    store_next (run);
}

static void
store_next (Run *run)
{
  if (run->started == run->total)
    return;
  char *name = smtp_maildir_unique_name ("store-alone");
  char *target = g_build_filename (run->new_dir, name, NULL);
  const char *targets[] = { target, NULL };
  run->started++;
  smtp_store_write (run->store, targets, run->message, on_stored, run);
  g_free (target);
  g_free (name);
}

int
main (int argc, char **argv)
{
  if (argc != 5) {
    g_printerr ("usage: store-alone DIR MESSAGES IN_FLIGHT SIZE\n");
    return 2;
  }
  Run run = { 0 };
  run.total = (guint) strtoul (argv[2], NULL, 10);
  guint in_flight = (guint) strtoul (argv[3], NULL, 10);
  gsize size = strtoul (argv[4], NULL, 10);
  char *tmp = g_build_filename (argv[1], "tmp", NULL);
  char *mail = g_build_filename (argv[1], "mail", NULL);
  const char *dirs[] = { "tmp", NULL };
  GError *error = NULL;
  if (run.total == 0 || in_flight == 0
      || !smtp_make_dirs (argv[1], dirs, NULL, &error)
      || !smtp_maildir_create (mail, NULL, &error)) {
    g_printerr ("store-alone: %s\n", error ? error->message : "nothing to store");
    return 1;
  }
  char *text = g_malloc (size);
  memset (text, 'x', size);
  run.message = g_bytes_new_take (text, size);
  run.new_dir = g_build_filename (mail, "new", NULL);
  run.store = smtp_store_new (tmp);
  run.loop = g_main_loop_new (NULL, FALSE);

  gint64 start = g_get_monotonic_time ();
  for (guint i = 0; i < in_flight; i++)
    store_next (&run);
  g_main_loop_run (run.loop);
  double seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  printf ("%.2f s, %.0f messages/s, %u failed\n", seconds, run.total / seconds, run.failed);

  smtp_store_free (run.store);
  g_main_loop_unref (run.loop);
  g_bytes_unref (run.message);
  g_free (run.new_dir);
  g_free (tmp);
  g_free (mail);
  return run.failed ? 1 : 0;
}
