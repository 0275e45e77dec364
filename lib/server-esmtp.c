/* server-esmtp.c - the service extensions (RFC 1869, RFC 5321 §2.2) the
 * receiver adds to RFC 821: EHLO and ETRN, the parameters of MAIL and
 * RCPT, and enhanced status codes (RFC 2034).
 *
 * Read server-session.c first; this file adds rows to its verb
 * table and checks the "KEYWORD=value" parameters RFC 821 did not have.
 */
#include "server-private.h"

#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "turn-policy.h"

static void cmd_ehlo (SmtpServerSession *s, const char *arg);
static void cmd_etrn (SmtpServerSession *s, const char *arg);

/* The ESMTP rows of the verb table (columns as in server-session.c). */
const SmtpVerb smtp_esmtp_verbs[] = {
  { "EHLO", "EHLO <domain>",
    SMTP_STATE_GREETED | SMTP_STATE_READY | SMTP_STATE_MAIL | SMTP_STATE_RCPT, SMTP_ARG_REQUIRED,
    SMTP_VERB_HELLO | SMTP_VERB_BEFORE_TLS | SMTP_VERB_GROUP_LAST, 0, cmd_ehlo, SMTP_STATE_READY,
    250, 250, "RFC 5321 §4.1.1.1, RFC 1869", SMTP_TEXT_EHLO },
  { "ETRN", "ETRN <domain>", SMTP_STATE_READY, SMTP_ARG_REQUIRED,
    0, 0, cmd_etrn, 0,
    250, 253, "RFC 1985", SMTP_TEXT_ETRN },
};

/* cmd_etrn - RFC 1985: "ETRN <domain>" asks the server to start sending
 * what it holds for domain, on a new connection of its own */
static void
cmd_etrn (SmtpServerSession *s, const char *arg)
{
  const char *domain = arg[0] == '@' || arg[0] == '#' ? arg + 1 : arg;
  int started = s->hooks.etrn && s->host->hold_for[0] ? s->hooks.etrn (s, domain, s->user_data) : -1;
  if (!s->hooks.etrn || !s->host->hold_for[0])
    smtp_session_reply (s, 502, "Command not implemented: this host holds no mail (ETRN)");
  else if (started < 0)
    smtp_session_replyf (s, 459, "Node %s not allowed: this host holds no mail for it", domain);
  else if (started == 0)
    smtp_session_replyf (s, 251, "OK, no messages waiting for node %s", domain);
  else
    smtp_session_replyf (s, 250, "OK, queuing for node %s started", domain);
}
const gsize smtp_esmtp_n_verbs = G_N_ELEMENTS (smtp_esmtp_verbs);

/* cmd_ehlo - "EHLO <domain>": like HELO, and the reply lists the service
 * extensions this host has, one per line (RFC 1869 §4.3) */
static void
cmd_ehlo (SmtpServerSession *s, const char *arg)
{
  if (!smtp_session_hello (s, arg, TRUE))
    return;
  GString *text = g_string_new (s->host->name);
  g_string_append_printf (text, " greets %s", arg);
  /* RFC 1869 §5 registered the RFC 821 optional verbs as keywords */
  if (s->host->expn)
    g_string_append (text, "\nEXPN");
  g_string_append (text, "\nHELP\nSEND\nSOML\nSAML");
  g_string_append (text, "\n8BITMIME");                             /* RFC 6152 */
  g_string_append_printf (text, "\nSIZE %" G_GSIZE_FORMAT, s->host->max_message_size); /* RFC 1870 */
  if (s->host->pipelining)
    g_string_append (text, "\nPIPELINING");                         /* RFC 2920 */
  g_string_append (text, "\nENHANCEDSTATUSCODES");                  /* RFC 2034 */
  if (s->host->hold_for[0] && s->hooks.etrn)
    g_string_append (text, "\nETRN");                               /* RFC 1985 */
  if (!smtp_turn_refusal (s->host, s->hooks.turn != NULL, s->tls))
    g_string_append (text, "\nTURN");                               /* RFC 1869 §5 */
  if (s->hooks.tls_context && !s->tls)
    g_string_append (text, "\nSTARTTLS");                           /* RFC 3207 */
  if (smtp_auth_offered (s))
    g_string_append (text, "\nAUTH PLAIN LOGIN");                   /* RFC 4954 */
  smtp_session_reply_plain (s, 250, text->str);   /* RFC 2034 §3: no code here */
  g_string_free (text, TRUE);
}

/* smtp_esmtp_enhance - RFC 2034 §3: after EHLO, every line of a 2yz, 4yz
 * or 5yz reply starts with an enhanced status code (not the 220 greeting,
 * not the reply to EHLO itself); after HELO none does, so RFC 821's
 * dialogues read exactly as in the RFC.  A text may bring its own code
 * ("5.7.1 Relaying denied"); otherwise the reply table's is used. */
char **
smtp_esmtp_enhance (SmtpServerSession *s, guint code, const char *text)
{
  gboolean enhance = s->esmtp && code / 100 != 3 && code / 100 != 1;
  gsize own = smtp_enhanced_code_length (text);
  const SmtpReplyInfo *info = smtp_reply_lookup (code);
  const char *status = own ? NULL : info ? info->enhanced : NULL;
  char **lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    const char *plain = lines[i] + smtp_enhanced_code_length (lines[i]);
    char *line = !enhance ? g_strdup (plain)
                 : own ? g_strdup_printf ("%.*s %s", (int) own - 1, text, plain)
                 : status ? g_strconcat (status, " ", plain, NULL) : g_strdup (plain);
    g_free (lines[i]);
    lines[i] = line;
  }
  return lines;
}

/* parse_size - a SIZE value: decimal digits only (RFC 1870 §3) */
static gboolean
parse_size (const char *value, guint64 *size)
{
  if (!value || !*value || strspn (value, "0123456789") != strlen (value) || strlen (value) > 19)
    return FALSE;
  *size = g_ascii_strtoull (value, NULL, 10);
  return TRUE;
}

/* smtp_esmtp_mail_params - MAIL's "KEYWORD=value" parameters: SIZE
 * (RFC 1870), BODY (RFC 6152), AUTH (RFC 4954 §5); 555 for the rest */
gboolean
smtp_esmtp_mail_params (SmtpServerSession *s, GPtrArray *params, SmtpTransaction *t)
{
  if (!params || params->len == 0)
    return TRUE;
  /* RFC 1869 §6: parameters belong to ESMTP, which only EHLO turns on */
  if (!s->esmtp) {
    smtp_session_reply (s, 555, "MAIL FROM parameters not recognized: say EHLO to use them");
    return FALSE;
  }
  for (guint i = 0; i < params->len; i++) {
    const SmtpParam *p = g_ptr_array_index (params, i);
    if (g_str_equal (p->keyword, "SIZE")) {
      guint64 size;
      if (!parse_size (p->value, &size)) {
        smtp_session_reply (s, 501, "Syntax error in parameters or arguments: SIZE=<digits>");
        return FALSE;
      }
      /* RFC 1870 §6.1: refuse at once what will not fit */
      if (size > s->host->max_message_size) {
        smtp_session_replyf (s, 552, "Message size exceeds fixed maximum message size (%"
                             G_GSIZE_FORMAT ")", s->host->max_message_size);
        return FALSE;
      }
    } else if (g_str_equal (p->keyword, "BODY")) {
      /* RFC 6152 §3: BODY=7BIT or BODY=8BITMIME */
      if (p->value && g_ascii_strcasecmp (p->value, "8BITMIME") == 0)
        t->body_8bit = TRUE;
      else if (!p->value || g_ascii_strcasecmp (p->value, "7BIT") != 0) {
        smtp_session_reply (s, 501, "Syntax error in parameters or arguments: BODY=7BIT or BODY=8BITMIME");
        return FALSE;
      }
    } else if (g_str_equal (p->keyword, "AUTH") && s->host->auth) {
      /* RFC 4954 §5: who submitted the message; a kit that does not
       * pass mail on between trusted hosts may ignore it */
    } else {
      /* RFC 5321 §4.1.1.11 */
      smtp_session_replyf (s, 555, "MAIL FROM parameter not recognized or not implemented: %s",
                           p->keyword);
      return FALSE;
    }
  }
  return TRUE;
}

/* smtp_esmtp_rcpt_params - RCPT takes no parameter here: 555 (RFC 5321
 * §4.1.1.11) */
gboolean
smtp_esmtp_rcpt_params (SmtpServerSession *s, GPtrArray *params)
{
  if (!params || params->len == 0)
    return TRUE;
  const SmtpParam *p = g_ptr_array_index (params, 0);
  smtp_session_replyf (s, 555, "RCPT TO parameter not recognized or not implemented: %s", p->keyword);
  return FALSE;
}
