/* client.h - what the modes of smtplab-client share: the run, printing the
 * dialogue, and the exit statuses. */
#ifndef SMTPLAB_CLIENT_CLIENT_H
#define SMTPLAB_CLIENT_CLIENT_H

#include <glib.h>
#include "client-session.h"
#include "lang.h"

/* Exit statuses (README, --help). */
enum {
  EXIT_OK = 0,          /* every recipient accepted / the script matched */
  EXIT_MISMATCH = 1,    /* script mode: a reply was not the one expected */
  EXIT_USAGE = 2,       /* bad arguments, unreadable file */
  EXIT_CONNECTION = 3,  /* no connection, or it broke */
  EXIT_TEMPORARY = 4,   /* a 4yz reply: try again later */
  EXIT_PERMANENT = 5,   /* a 5yz reply */
};

/* --starttls, --tls, --ca, --insecure, --tls-name, --user, --password, --auth */
typedef struct {
  gboolean starttls;        /* STARTTLS after EHLO, and insist on it */
  gboolean implicit;        /* TLS from the first byte (RFC 8314) */
  const char *ca;           /* CA file; default the lab CA, certs/ca.crt */
  gboolean insecure;        /* do not check the certificate (the lab's bad example) */
  const char *tls_name;     /* the name the certificate must have */
  const char *user;         /* AUTH as this user */
  const char *password;
  const char *mechanism;    /* PLAIN or LOGIN */
} ClientSecurity;

typedef struct {
  GMainLoop *loop;
  SmtpClient *smtp;
  const ClientSecurity *security;
  SSL_CTX *tls_context;     /* when TLS may be used */
  char *tls_name;
  gboolean scripted;        /* script mode */
  SmtpLang lang;
  gboolean colour;      /* ANSI colours: stdout is a terminal */
  gboolean explain;     /* step mode: explain every reply */
  gboolean flush_before_poll; /* the dialogue is written once a loop turn */
  GSource *flusher;     /* which does it (client_batch_dialogue) */
  int status;
} ClientRun;

/* Prints the dialogue as C:/S: lines as it happens. */
void client_watch_dialogue (ClientRun *run);
/* Send mode: the dialogue's lines are written together once the loop has
 * nothing more to do (one write, not one a line), still before it waits. */
void client_batch_dialogue (ClientRun *run);
/* Prints one line in the colour of who ("C:" or "S:" or "  "). */
void client_print (ClientRun *run, const char *who, const char *line);
/* Ends the run: status, and a one-line reason on stderr (why may be NULL). */
void client_stop (ClientRun *run, int status, const char *why);
/* Ends the run after error: EXIT_USAGE for something the user gave that
 * cannot be sent, else EXIT_CONNECTION; a connection that could not be made
 * says where to look (is a server running there?).  prefix (may be NULL)
 * goes before the reason, e.g. "FILE:LINE". */
void client_stop_error (ClientRun *run, const char *prefix, const GError *error);
/* Ends the run on a refusal or a broken connection: with error its message
 * and EXIT_CONNECTION, else "what: CODE" and the status for the code. */
void client_stop_reply (ClientRun *run, const SmtpReply *reply, const GError *error,
                        const char *what);
/* The columns of the terminal on stdout ($COLUMNS, else TIOCGWINSZ), or 0
 * when it is not a terminal: explanations are wrapped to it. */
guint client_columns (void);
/* The exit status for a reply code: 0, 4 or 5. */
int  client_status_for_code (guint code);

/* Makes the TLS context when TLS may be asked for (secure.c); FALSE with
 * error when the CA file does not load. */
gboolean client_tls_setup (ClientRun *run, const ClientSecurity *security, const char *server,
                           GError **error);
/* After EHLO's 2yz (hello): STARTTLS and EHLO again (--starttls), then
 * AUTH (--user); ready gets the last reply.  Failures end the run with a
 * reason. */
void client_secure (ClientRun *run, SmtpClient *client, const SmtpReply *hello,
                    SmtpReplyFunc ready, gpointer data);

/* Step and script modes: when the command was STARTTLS and the reply 220,
 * runs the handshake and returns TRUE (done follows); else FALSE. */
gboolean client_after_starttls (ClientRun *run, const char *verb, const SmtpReply *reply,
                                SmtpTlsFunc done, gpointer data);

/* The modes (send.c, step.c, script.c); each runs the main loop. */
typedef struct {
  const char *from;
  char **to;
  char **cc;
  const char *subject;
  const char *body;
  const char *body_file;
  char **attach;
  char **header;
  SmtpMailMode mode;
  guint count;              /* --count: transactions in the one session */
} SendOptions;

int client_send (ClientRun *run, const char *server, const SendOptions *options);
int client_step (ClientRun *run, const char *server);
int client_script (ClientRun *run, const char *server, const char *file);
int client_turn (ClientRun *run, const char *server, const char *helo, const char *maildir,
                 SmtpTrace *trace);

#endif
