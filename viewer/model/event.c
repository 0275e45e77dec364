/* event.c - event kinds and their names (docs/trace-format.md). */
#include "event.h"

#include <string.h>

static const char *const names[] = {
  [SMTPLAB_EVENT_CONNECT] = "connect",   [SMTPLAB_EVENT_COMMAND] = "command",
  [SMTPLAB_EVENT_REPLY] = "reply",       [SMTPLAB_EVENT_DATA] = "data",
  [SMTPLAB_EVENT_MESSAGE] = "message",   [SMTPLAB_EVENT_DELIVERY] = "delivery",
  [SMTPLAB_EVENT_TLS] = "tls",           [SMTPLAB_EVENT_AUTH] = "auth",
  [SMTPLAB_EVENT_QUEUE] = "queue",       [SMTPLAB_EVENT_BOUNCE] = "bounce",
  [SMTPLAB_EVENT_TURN] = "turn",         [SMTPLAB_EVENT_CLOSE] = "close",
  [SMTPLAB_EVENT_STATE] = "state",       [SMTPLAB_EVENT_FAULT] = "fault",
  [SMTPLAB_EVENT_UNKNOWN] = "unknown",
};

SmtplabEventKind
smtplab_event_kind_from_name (const char *name, gsize len)
{
  for (guint i = 0; i < SMTPLAB_EVENT_UNKNOWN; i++)
    if (strlen (names[i]) == len && memcmp (names[i], name, len) == 0)
      return i;
  return SMTPLAB_EVENT_UNKNOWN;
}

const char *
smtplab_event_kind_name (SmtplabEventKind kind)
{
  return kind <= SMTPLAB_EVENT_UNKNOWN ? names[kind] : names[SMTPLAB_EVENT_UNKNOWN];
}
