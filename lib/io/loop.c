/* loop.c - the GLib main loop, used without wasted wakeups (see loop.h). */
#include "loop.h"


/* watch_attach - attaches a watch that may recurse (see loop.h) */
static GSource *
watch_attach (GSource *source, GSourceFunc func, gpointer data)
{
  g_source_set_callback (source, func, data, NULL);
  g_source_set_can_recurse (source, TRUE);
  g_source_attach (source, NULL);
  return source;
}

GSource *
smtp_socket_watch (GSocket *socket, GIOCondition cond, GSocketSourceFunc func, gpointer data)
{
  return watch_attach (g_socket_create_source (socket, cond, NULL),
                       (GSourceFunc) (void (*) (void)) func, data);
}

GSource *
smtp_fd_watch (int fd, GIOCondition cond, GUnixFDSourceFunc func, gpointer data)
{
  return watch_attach (g_unix_fd_source_new (fd, cond), (GSourceFunc) (void (*) (void)) func,
                       data);
}

/* A before-poll hook is a source that is never ready: GLib calls every
 * source's prepare() before it polls, in the order of their priorities,
 * and that call is the hook.  It costs no descriptor and no wakeup. */
typedef struct {
  GSource source;
  SmtpBeforePoll func;
  gpointer data;
} Hook;

static gboolean
hook_prepare (GSource *source, gint *timeout)
{
  Hook *hook = (Hook *) source;
  *timeout = hook->func (hook->data) ? 0 : -1;
  return FALSE;
}

static GSourceFuncs hook_funcs = { .prepare = hook_prepare };

GSource *
smtp_before_poll_add (SmtpBeforePollStage stage, const char *name, SmtpBeforePoll func,
                      gpointer data)
{
  GSource *source = g_source_new (&hook_funcs, sizeof (Hook));
  Hook *hook = (Hook *) source;
  hook->func = func;
  hook->data = data;
  g_source_set_priority (source, stage);
  g_source_set_static_name (source, name);
  g_source_attach (source, NULL);
  return source;
}
