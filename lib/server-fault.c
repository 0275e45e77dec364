/* server-fault.c - faults on demand: a host told by its scenario (fault=,
 * delay=, drop=; lib/fault.h) to answer a command with a chosen failure,
 * to answer late, or to hang up - the misbehaviour a client and a relay
 * must survive (RFC 5321 §4.2, §3.8, §4.5.3.2).  The session asks here
 * before it greets, acts on a command, or ends the mail data; everything
 * else about a fault lives in this file. */
#include "server-private.h"

#include "fault.h"
#include "conn.h"
#include "smtp-limits.h"
#include "state-moves.h"

static const char *kind_names[] = { "reply", "delay", "drop" };

/* trace_fault - the "fault" event, before the reply or close it causes */
static void
trace_fault (SmtpServerSession *s, const SmtpFault *f, guint nth)
{
  SmtpTraceEvent *b = smtp_trace_begin (s->trace, "server", s->id, "fault");
  if (!b)
    return;
  smtp_trace_add_string (b, "kind", kind_names[f->kind]);
  smtp_trace_add_string (b, "verb", f->verb);
  smtp_trace_add_int (b, "nth", nth);
  if (f->kind == SMTP_FAULT_REPLY)
    smtp_trace_add_int (b, "code", f->code);
  if (f->kind == SMTP_FAULT_DELAY)
    smtp_trace_add_int (b, "ms", f->ms);
  smtp_trace_end (s->trace, b);
}

/* hang_up - close the connection; mail data not yet ended is dropped */
static void
hang_up (SmtpServerSession *s)
{
  smtp_conn_flush (s->conn);
  smtp_conn_close (s->conn);
}

/* fault_reply - the chosen reply instead of the command's: it is not acted
 * on; during the mail data the transaction is over (as for any failure of
 * the end of data, RFC 5321 §4.1.1.4); a 421 closes (RFC 5321 §3.8) */
static void
fault_reply (SmtpServerSession *s, const SmtpFault *f)
{
  if (s->state == SMTP_STATE_DATA) {
    smtp_conn_set_line_limit (s->conn, SMTP_LIMIT_COMMAND_LINE);
    smtp_session_reset_transaction (s);
    smtp_session_enter_state (s, SMTP_STATE_READY, SMTP_END_OF_DATA);
  }
  if (f->code == 421) {
    smtp_session_reset_transaction (s);
    smtp_session_enter_state (s, SMTP_STATE_QUIT, NULL);
  }
  smtp_session_reply (s, f->code, f->text);
  if (f->code == 421)
    hang_up (s);
  else
    smtp_conn_flush (s->conn);
}

/* on_delay_over - the held-back command goes on, and so does reading */
static gboolean
on_delay_over (gpointer data)
{
  SmtpServerSession *s = data;
  char *verb = g_steal_pointer (&s->fault_verb), *arg = g_steal_pointer (&s->fault_arg);
  s->fault_delay = 0;
  s->fault_then (s, verb, arg);
  if (!s->ended) {
    smtp_conn_flush (s->conn);
    smtp_conn_resume (s->conn);
  }
  g_free (verb);
  g_free (arg);
  return G_SOURCE_REMOVE;
}

/* smtp_session_fault - the fault, if any, for this arrival of verb */
gboolean
smtp_session_fault (SmtpServerSession *s, const char *verb, SmtpFaultThen then, const char *arg)
{
  const GPtrArray *faults = s->host->faults;
  if (!faults || faults->len == 0)
    return FALSE;
  guint nth = smtp_fault_count (s->host->fault_counts, verb);
  const SmtpFault *f = smtp_fault_find (faults, SMTP_FAULT_DROP, verb, nth);
  if (!f)
    f = smtp_fault_find (faults, SMTP_FAULT_REPLY, verb, nth);
  if (!f)
    f = smtp_fault_find (faults, SMTP_FAULT_DELAY, verb, nth);
  if (!f)
    return FALSE;
  trace_fault (s, f, nth);
  switch (f->kind) {
  case SMTP_FAULT_DROP:
    if (g_str_equal (f->verb, "GREETING"))
      then (s, verb, arg);                  /* drop=after-greeting: the 220, then nothing */
    hang_up (s);
    break;
  case SMTP_FAULT_REPLY:
    fault_reply (s, f);
    break;
  case SMTP_FAULT_DELAY:
    /* the loop goes on serving others; this client's next lines wait */
    smtp_conn_pause (s->conn);
    s->fault_verb = g_strdup (verb);
    s->fault_arg = g_strdup (arg);
    s->fault_then = then;
    s->fault_delay = g_timeout_add (f->ms, on_delay_over, s);
    break;
  }
  return TRUE;
}
