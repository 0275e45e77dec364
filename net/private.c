/* private.c - a private lab network: this process's own network namespace
 * (see private.h). */
#include "private.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* write_map - writes text to /proc/self/FILE (uid_map, gid_map, setgroups) */
static gboolean
write_map (const char *file, const char *text, GError **error)
{
  g_autofree char *path = g_build_filename ("/proc/self", file, NULL);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  gboolean ok = fd >= 0 && write (fd, text, strlen (text)) == (ssize_t) strlen (text);
  int saved = errno;
  if (fd >= 0)
    close (fd);
  if (!ok)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "cannot write %s: %s",
                 path, g_strerror (saved));
  return ok;
}

/* map_self - in a new user namespace, the same uid and gid as outside, so
 * the files the lab writes belong to the student as usual
 * (user_namespaces(7): setgroups must be denied before gid_map) */
static gboolean
map_self (uid_t uid, gid_t gid, GError **error)
{
  g_autofree char *uids = g_strdup_printf ("%u %u 1\n", (unsigned) uid, (unsigned) uid);
  g_autofree char *gids = g_strdup_printf ("%u %u 1\n", (unsigned) gid, (unsigned) gid);
  return write_map ("setgroups", "deny", error) && write_map ("uid_map", uids, error)
         && write_map ("gid_map", gids, error);
}

/* loopback_up - sets IFF_UP on lo, as "ip link set lo up" does (netdevice(7)) */
static gboolean
loopback_up (GError **error)
{
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq ifr = { 0 };
  g_strlcpy (ifr.ifr_name, "lo", sizeof ifr.ifr_name);
  gboolean ok = fd >= 0 && ioctl (fd, SIOCGIFFLAGS, &ifr) == 0;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  ok = ok && ioctl (fd, SIOCSIFFLAGS, &ifr) == 0;
  int saved = errno;
  if (fd >= 0)
    close (fd);
  if (!ok)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 "cannot bring the loopback interface up: %s", g_strerror (saved));
  return ok;
}

gboolean
smtp_net_enter_private (GError **error)
{
  uid_t uid = geteuid ();
  gid_t gid = getegid ();
  /* root keeps its powers in the host's user namespace (a lab that mounts
   * or runs Postfix); anyone else gets a user namespace of their own */
  int flags = CLONE_NEWNET | (uid == 0 ? 0 : CLONE_NEWUSER);
  if (unshare (flags) != 0) {
    int saved = errno;
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "unshare: %s%s", g_strerror (saved),
                 saved == EPERM || saved == ENOSPC
                     ? " (this machine does not allow network namespaces to its users: "
                       "see sysctl user.max_user_namespaces and kernel.unprivileged_userns_clone)"
                     : "");
    return FALSE;
  }
  if (uid != 0 && !map_self (uid, gid, error))
    return FALSE;
  return loopback_up (error);
}
