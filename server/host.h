/* host.h - one host of a scenario: its state folder, its sessions, and
 * what happens to mail it accepts (mailboxes, terminals, queue). */
#ifndef SMTPLAB_SERVER_HOST_H
#define SMTPLAB_SERVER_HOST_H

#include <gio/gio.h>
#include "client-session.h"
#include "scenario.h"
#include "server-session.h"
#include "store.h"
#include "trace.h"

typedef struct _Relay Relay;

typedef struct _Host {
  const SmtpHostConfig *config;
  char *state_dir;          /* STATE/HOST */
  SmtpTrace *trace;
  SmtpStore *store;
  GPtrArray *sessions;      /* of SmtpServerSession */
  Relay *relay;             /* passes queued mail on */
  GPtrArray *turn_polls;    /* turn-poll= hosts asked for held mail */
  SSL_CTX *tls_context;     /* its certificate, when tls= or listen-tls= */
  SSL_CTX *relay_tls;       /* its relay's opportunistic STARTTLS (RFC 7435) */
  SmtpServerHooks hooks;    /* for sessions on listen= */
  SmtpServerHooks tls_hooks;/* for sessions on listen-tls= (RFC 8314) */
  int running_lock;         /* STATE/HOST/server.ini, locked while it runs (state.h) */
} Host;

/* Prepares STATE/HOST (mail/, queue/, terminals/, tmp/), marks it as
 * running (state.h: smtplab-term checks it), opens the trace
 * (trace_path, or STATE/HOST/trace.jsonl when NULL) and, for tls= or
 * listen-tls=, loads the host's certificate from certs_dir; its relay
 * checks next hops' certificates against certs_dir/ca.crt (the lab CA;
 * the system's CAs when there is none).  show_secrets:
 * --show-secrets (SmtpServerHooks.show_secrets). */
Host *host_new (const SmtpHostConfig *config, const char *state_root,
                const char *certs_dir, const char *trace_path, gboolean show_secrets,
                GError **error);
void  host_free (Host *host);

/* Sends a message this host makes itself (an undeliverable-mail notice)
 * to forward_path: into a local mailbox, or queued for the next hop.  done
 * is called once it is on disk (or could not be stored), from the loop
 * except when forward_path cannot be parsed. */
void  host_send (Host *host, const char *id, const char *reverse_path,
                 const char *forward_path, GBytes *message, SmtpStoreDone done,
                 gpointer user_data);

/* A sender session of this host's: its name in EHLO, its trace and
 * timeout, connecting from its own listen address (so Received: lines
 * show which host handed the mail on). */
SmtpClient *host_new_client (Host *host);

/* Starts a receiver session on an accepted connection (implicit_tls: it
 * came to listen-tls=), or refuses it with 421 beyond max-connections=. */
void  host_accept (Host *host, GSocket *socket, gboolean implicit_tls);
/* Ends every session with 421 (shutdown) and syncs what is pending. */
void  host_shutdown (Host *host);

#endif
