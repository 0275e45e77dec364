/* client-open.c - the sender's opening of a session: greeting, then hello.
 *
 * RFC 821 §3.5: the receiver-SMTP opens with 220 (or 421 when it cannot
 * serve); the sender then identifies itself with HELO.  RFC 5321 §3.2: a
 * client says EHLO first and HELO when EHLO is not known, which
 * smtp_client_hello does.  This file only chains the two steps and says
 * where opening stopped; what to do then is the caller's business.
 */
#include "client-open.h"
#include "reply.h"

typedef struct {
  SmtpOpenFunc done;
  gpointer user_data;
} Opening;

/* opening_end - hand the outcome to the caller (who may free the client) */
static void
opening_end (Opening *o, SmtpClient *client, SmtpOpenStep step, const SmtpReply *reply,
             const GError *error)
{
  SmtpOpenFunc done = o->done;
  gpointer user_data = o->user_data;
  g_free (o);
  done (client, step, error ? NULL : reply, error, user_data);
}

/* on_hello - EHLO's (or HELO's) reply: 2yz and mail may follow */
static void
on_hello (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  if (error || !smtp_reply_is_positive (reply->code))
    opening_end (data, client, SMTP_OPEN_HELLO, reply, error);
  else
    opening_end (data, client, SMTP_OPEN_READY, reply, NULL);
}

/* on_greeting - RFC 821 §3.5: only 220 lets the sender go on */
static void
on_greeting (SmtpClient *client, const SmtpReply *reply, const GError *error, gpointer data)
{
  if (error || reply->code != 220)
    opening_end (data, client, SMTP_OPEN_GREETING, reply, error);
  else
    smtp_client_hello (client, on_hello, data);
}

/* opening_new - what the two steps carry */
static Opening *
opening_new (SmtpOpenFunc done, gpointer user_data)
{
  Opening *o = g_new0 (Opening, 1);
  o->done = done;
  o->user_data = user_data;
  return o;
}

/* smtp_client_open - connect, greeting, hello */
void
smtp_client_open (SmtpClient *client, const char *address, SmtpOpenFunc done, gpointer user_data)
{
  smtp_client_connect (client, address, on_greeting, opening_new (done, user_data));
}

/* smtp_client_open_adopted - greeting and hello on a socket taken over */
void
smtp_client_open_adopted (SmtpClient *client, GSocket *socket, SmtpOpenFunc done,
                          gpointer user_data)
{
  smtp_client_adopt_socket (client, socket, on_greeting, opening_new (done, user_data));
}
