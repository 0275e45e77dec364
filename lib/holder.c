/* holder.c - who holds the TCP address a program could not listen on (see holder.h). */
#include "holder.h"

#include <inttypes.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The state /proc/net/tcp shows for a listening socket (TCP_LISTEN). */
#define PROC_TCP_LISTEN 0x0A

/* proc_address - the bytes of an address as /proc/net/tcp prints it: each
 * 32-bit word of the address (network order) printed as a number in the
 * machine's own order, 8 hex digits a word.  FALSE unless it has len bytes. */
static gboolean
proc_address (const char *hex, guint8 *out, gsize len)
{
  if (strlen (hex) != 2 * len)
    return FALSE;
  for (gsize i = 0; i < len / 4; i++) {
    char word[9];
    memcpy (word, hex + 8 * i, 8);
    word[8] = '\0';
    guint32 value = (guint32) strtoul (word, NULL, 16);
    memcpy (out + 4 * i, &value, 4);
  }
  return TRUE;
}

guint64
smtp_holder_find_listener (const char *table, const guint8 *address, gsize len,
                           guint16 port, guint *uid)
{
  static const guint8 wildcard[16] = { 0 };
  g_auto (GStrv) lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i]; i++) {            /* lines[0] names the columns */
    char hex[33];
    unsigned local_port, state, owner;
    uint64_t inode;
    guint8 local[16];
    if (sscanf (lines[i], " %*u: %32[0-9A-Fa-f]:%x %*s %x %*s %*s %*s %u %*d %" SCNu64,
                hex, &local_port, &state, &owner, &inode) != 5)
      continue;
    if (state != PROC_TCP_LISTEN || local_port != port || !proc_address (hex, local, len))
      continue;
    if (memcmp (local, address, len) == 0 || memcmp (local, wildcard, len) == 0) {
      if (uid)
        *uid = owner;
      return inode;
    }
  }
  return 0;
}

/* find_in - smtp_holder_find_listener on the table in the file path */
static guint64
find_in (const char *path, const guint8 *address, gsize len, guint16 port, guint *uid)
{
  g_autofree char *table = NULL;
  if (!g_file_get_contents (path, &table, NULL, NULL))
    return 0;
  return smtp_holder_find_listener (table, address, len, port, uid);
}

/* fd_is - does /proc/PID/fd hold a link to target? (FALSE for another
 * user's program, whose fd/ we may not read) */
static gboolean
fd_is (const char *pid, const char *target)
{
  g_autofree char *folder = g_build_filename ("/proc", pid, "fd", NULL);
  GDir *fds = g_dir_open (folder, 0, NULL);
  if (!fds)
    return FALSE;
  gboolean found = FALSE;
  const char *fd;
  while (!found && (fd = g_dir_read_name (fds))) {
    g_autofree char *path = g_build_filename (folder, fd, NULL);
    g_autofree char *link = g_file_read_link (path, NULL);
    found = link && strcmp (link, target) == 0;
  }
  g_dir_close (fds);
  return found;
}

/* pid_holding - the process that has the socket inode open, or NULL */
static char *
pid_holding (guint64 inode)
{
  g_autofree char *target = g_strdup_printf ("socket:[%" G_GUINT64_FORMAT "]", inode);
  GDir *proc = g_dir_open ("/proc", 0, NULL);
  if (!proc)
    return NULL;
  char *pid = NULL;
  const char *name;
  while (!pid && (name = g_dir_read_name (proc)))
    if (g_ascii_isdigit (name[0]) && fd_is (name, target))
      pid = g_strdup (name);
  g_dir_close (proc);
  return pid;
}

/* owner - "user alice", or "uid 1001" when the uid has no name */
static char *
owner (guint uid)
{
  struct passwd *pw = getpwuid (uid);
  return pw ? g_strdup_printf ("user %s", pw->pw_name) : g_strdup_printf ("uid %u", uid);
}

char *
smtp_holder_describe (GInetSocketAddress *address)
{
  static const guint8 any6[16] = { 0 };
  GInetAddress *ip = g_inet_socket_address_get_address (address);
  guint16 port = g_inet_socket_address_get_port (address);
  gsize len = g_inet_address_get_native_size (ip);
  const guint8 *bytes = g_inet_address_to_bytes (ip);
  guint uid = 0;
  guint64 inode = len == 4 ? find_in ("/proc/net/tcp", bytes, len, port, &uid)
                           : find_in ("/proc/net/tcp6", bytes, len, port, &uid);
  if (!inode && len == 4)        /* a dual-stack listener on [::] holds IPv4 ports too */
    inode = find_in ("/proc/net/tcp6", any6, 16, port, &uid);
  if (!inode)
    return NULL;
  g_autofree char *user = owner (uid);
  g_autofree char *pid = pid_holding (inode);
  if (!pid)
    return g_strdup_printf ("a program of %s", user);
  g_autofree char *comm_file = g_build_filename ("/proc", pid, "comm", NULL);
  g_autofree char *comm = NULL;
  if (!g_file_get_contents (comm_file, &comm, NULL, NULL))
    comm = g_strdup ("a program");
  return g_strdup_printf ("%s (pid %s) of %s", g_strstrip (comm), pid, user);
}
