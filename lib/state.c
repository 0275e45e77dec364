/* state.c - where things are in a state directory, and whether a server
 * runs for a host folder. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

#define SERVER_FILE "server.ini"

char *
smtp_state_host_dir (const char *state, const char *host)
{
  return g_build_filename (state, host, NULL);
}

char *
smtp_state_terminal_path (const char *host_dir, const char *user)
{
  char *file = g_strdup_printf ("%s.sock", user);
  char *path = g_build_filename (host_dir, "terminals", file, NULL);
  g_free (file);
  return path;
}

/* write_server_file - scenario= and pid= into the locked file */
static gboolean
write_server_file (int fd, const char *scenario_path)
{
  GKeyFile *kf = g_key_file_new ();
  if (scenario_path) {
    char *absolute = g_canonicalize_filename (scenario_path, NULL);
    g_key_file_set_string (kf, "server", "scenario", absolute);
    g_free (absolute);
  }
  g_key_file_set_int64 (kf, "server", "pid", getpid ());
  gsize len;
  char *text = g_key_file_to_data (kf, &len, NULL);
  g_key_file_unref (kf);
  gboolean ok = ftruncate (fd, 0) == 0 && write (fd, text, len) == (gssize) len;
  g_free (text);
  return ok;
}

int
smtp_state_mark_running (const char *host_dir, const char *scenario_path, GError **error)
{
  char *path = g_build_filename (host_dir, SERVER_FILE, NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  gboolean ok = fd >= 0;
  if (ok && flock (fd, LOCK_EX | LOCK_NB) == 0)
    ok = write_server_file (fd, scenario_path);   /* else another server of this host wrote it */
  if (ok)
    ok = flock (fd, LOCK_SH) == 0;                  /* held while we run */
  if (!ok) {
    int saved = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "cannot write %s: %s",
                 path, g_strerror (saved));
    if (fd >= 0)
      close (fd);
    fd = -1;
  }
  g_free (path);
  return fd;
}

void
smtp_state_unmark (int lock)
{
  if (lock >= 0)
    close (lock);                  /* the lock goes with the descriptor */
}

gboolean
smtp_state_server_running (const char *host_dir, char **scenario_path)
{
  char *path = g_build_filename (host_dir, SERVER_FILE, NULL);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  /* nobody holds the lock when we can take it alone */
  gboolean running = fd >= 0 && flock (fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  if (fd >= 0)
    close (fd);
  if (running && scenario_path) {
    GKeyFile *kf = g_key_file_new ();
    *scenario_path = g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL)
                     ? g_key_file_get_string (kf, "server", "scenario", NULL) : NULL;
    g_key_file_unref (kf);
  }
  g_free (path);
  return running;
}

/* compare - for sorting names */
static gint
compare (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (*(char * const *) a, *(char * const *) b);
}

char **
smtp_state_hosts (const char *state)
{
  GPtrArray *names = g_ptr_array_new ();
  GDir *dir = g_dir_open (state, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir))) {
    char *file = g_build_filename (state, name, SERVER_FILE, NULL);
    if (g_file_test (file, G_FILE_TEST_EXISTS))
      g_ptr_array_add (names, g_strdup (name));
    g_free (file);
  }
  if (dir)
    g_dir_close (dir);
  g_ptr_array_sort (names, compare);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}
