/* client-open.h - opening a mail session as the sender: the connection,
 * the receiver's 220 greeting, then EHLO (HELO when EHLO is not known).
 *
 * Interface:
 *   smtp_client_open         connect to "ADDR:PORT", then greeting and hello
 *   smtp_client_open_adopted the same on a socket that already carries the
 *                            connection (after TURN, RFC 821 §3.8)
 * done gets how far the opening went (SmtpOpenStep) with the reply or the
 * error that stopped it there; SMTP_OPEN_READY means the hello's reply was
 * 2yz and mail may follow.  Every sender of the kit opens this way:
 * smtplab-client's send and TURN modes, the relay, and TURN on the server.
 */
#ifndef SMTPLAB_CLIENT_OPEN_H
#define SMTPLAB_CLIENT_OPEN_H

#include "client-session.h"

/* How far opening got: the step that failed, or READY. */
typedef enum {
  SMTP_OPEN_GREETING,   /* no connection, or the greeting was not 220 */
  SMTP_OPEN_HELLO,      /* the connection broke, or HELO/EHLO was refused */
  SMTP_OPEN_READY,      /* greeted and hello said: reply is the hello's 2yz */
} SmtpOpenStep;

/* The end of opening: reply (NULL when error is set) is the last reply read. */
typedef void (*SmtpOpenFunc) (SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply,
                              const GError *error, gpointer user_data);

/* Connects to address ("ADDR:PORT"), reads the greeting, says hello. */
void smtp_client_open (SmtpClient *client, const char *address,
                       SmtpOpenFunc done, gpointer user_data);
/* The same on an adopted socket (TURN): the peer's greeting, then hello. */
void smtp_client_open_adopted (SmtpClient *client, GSocket *socket,
                               SmtpOpenFunc done, gpointer user_data);

#endif
