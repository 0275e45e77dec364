/* host.h - one host of a scenario: its state folder, its sessions, and
 * what happens to mail it accepts (mailboxes, terminals, queue). */
#ifndef SMTPLAB_SERVER_HOST_H
#define SMTPLAB_SERVER_HOST_H

#include <gio/gio.h>
#include "scenario.h"
#include "server-session.h"
#include "store.h"
#include "trace.h"

typedef struct {
  const SmtpHostConfig *config;
  char *state_dir;          /* STATE/HOST */
  SmtpTrace *trace;
  SmtpStore *store;
  GPtrArray *sessions;      /* of SmtpServerSession */
} Host;

/* Prepares STATE/HOST (mail/, queue/, terminals/, tmp/) and opens the trace
 * (trace_path, or STATE/HOST/trace.jsonl when NULL). */
Host *host_new (const SmtpHostConfig *config, const char *state_root,
                const char *trace_path, GError **error);
void  host_free (Host *host);

/* Starts a receiver session on an accepted connection. */
void  host_accept (Host *host, GSocket *socket);
/* Ends every session with 421 (shutdown) and syncs what is pending. */
void  host_shutdown (Host *host);

#endif
