/* fault.h - faults on demand: a host that misbehaves on purpose, so a
 * client (lab 10) or a relay (lab 9) can be seen coping with it.  The
 * same idea as Postfix's smtp-sink -f/-r/-q/-w and Mailpit's "chaos".
 *
 * Interface
 *   SmtpFault        one fault: what it does, to which command, which time
 *   smtp_fault_parse one fault= / delay= / drop= entry of a scenario
 *   smtp_fault_free  frees one
 *   smtp_fault_find  the fault of a kind for the nth arrival of a command
 *   smtp_fault_count counts one more arrival of a command at a host
 *
 *   fault=RCPT:450 4.2.1 Mailbox busy     every RCPT gets this reply
 *   fault=MAIL@2:421 4.3.2 Going away     only the host's 2nd MAIL
 *   fault=DATA-END:451 4.3.0 Local error  the end of the mail data
 *   delay=RCPT:2000  delay=GREETING:1500  milliseconds before the reply
 *   drop=after-greeting  drop=mid-data  drop=after-RCPT@2
 *
 * "Commands" are the verbs of the verb table, GREETING (the 220),
 * DATA-END (the "." that ends the mail data) and DATA-LINE (the first
 * line of mail data: drop=mid-data).  The nth arrival counts from 1 over
 * every connection since the host started.
 */
#ifndef SMTPLAB_FAULT_H
#define SMTPLAB_FAULT_H

#include <glib.h>

typedef enum {
  SMTP_FAULT_REPLY,     /* fault=: this reply instead; the command is not acted on */
  SMTP_FAULT_DELAY,     /* delay=: the reply comes this late */
  SMTP_FAULT_DROP,      /* drop=: the connection is closed instead of a reply */
} SmtpFaultKind;

typedef struct {
  SmtpFaultKind kind;
  char  *verb;          /* "RCPT", "GREETING", "DATA-END", "DATA-LINE" */
  guint  nth;           /* only the nth arrival; 0: every one */
  guint  code;          /* SMTP_FAULT_REPLY: 400..599 */
  char  *text;          /* SMTP_FAULT_REPLY: the reply's text */
  guint  ms;            /* SMTP_FAULT_DELAY: milliseconds */
} SmtpFault;

/* One entry of a fault=, delay= or drop= key ("RCPT@2:450 Busy",
 * "RCPT:2000", "after-greeting"); NULL and *why set when it is not one. */
SmtpFault *smtp_fault_parse (SmtpFaultKind kind, const char *entry, char **why);
void       smtp_fault_free (SmtpFault *fault);
/* The first fault of faults (of SmtpFault*) of this kind for the nth
 * arrival of verb, or NULL. */
const SmtpFault *smtp_fault_find (const GPtrArray *faults, SmtpFaultKind kind,
                                  const char *verb, guint nth);
/* One more arrival of verb in counts (a host's: verb -> arrivals, made with
 * g_str_hash, g_str_equal and g_free for keys): its number, from 1. */
guint smtp_fault_count (GHashTable *counts, const char *verb);

#endif
