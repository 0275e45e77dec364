/* verbs.c - the verb table read as one: lookup, the mail modes, and each
 * verb's explanation for a student.  The rows themselves are beside their
 * handlers (server-session.c, server-esmtp.c, server-tls.c, server-auth.c). */
#include "server-private.h"

/* Every part of the table: RFC 821's rows, then each extension's. */
static const struct {
  const SmtpVerb *rows;
  const gsize *n_rows;
} parts[] = {
  { smtp_rfc821_verbs, &smtp_rfc821_n_verbs },
  { smtp_esmtp_verbs, &smtp_esmtp_n_verbs },
  { smtp_tls_verbs, &smtp_tls_n_verbs },
  { smtp_auth_verbs, &smtp_auth_n_verbs },
};

/* What each verb does, for a student: English, then Chinese. */
static const struct {
  const char *en, *zh;
} texts[] = {
  [SMTP_TEXT_HELO] = {
    "Opens the conversation: \"Hello, I am <domain>\". The receiver answers 250 with its own name and both sides start in the initial state with empty buffers.",
    "打招呼，开始会话：“你好，我是 <domain>”。接收方回 250 和自己的名字；双方回到初始状态，缓冲区（buffer）清空。" },
  [SMTP_TEXT_MAIL] = {
    "Starts a mail transaction and gives the reverse-path, where error notices go back to. It clears the receiver's buffers. MAIL FROM:<> is used for notices that must never bounce.",
    "开始一次邮件事务（mail transaction），给出反向路径（reverse-path），也就是出错时通知要送回的地址，同时清空接收方的缓冲区。MAIL FROM:<> 用于本身不能再退信的出错通知。" },
  [SMTP_TEXT_RCPT] = {
    "Names one recipient; repeat it for each. 250 accepts, 251 accepts and forwards, 550 no such user, 551 try another address. A source route <@A,@B:user@C> lists the hosts to pass through.",
    "给出一个收件人（recipient），有几个收件人就发几次。250 接受，251 接受并代为转发，550 没有这个用户，551 请改投别处。源路由（source route）<@A,@B:user@C> 列出邮件要途经的主机。" },
  [SMTP_TEXT_DATA] = {
    "After 354 the sender sends the mail data (header, empty line, body) and ends it with a line holding only \".\". A line that starts with \".\" gets one more \".\" (transparency). 250 means the receiver has taken the mail.",
    "收到 354 后发送邮件数据（mail data）：信头（header）、一个空行、正文（body），最后以只含“.”的一行结束。正文里以“.”开头的行要再多加一个“.”，这叫透明性（transparency）。250 表示接收方已收下邮件。" },
  [SMTP_TEXT_RSET] = {
    "Aborts the current mail transaction: sender, recipients and data are thrown away. The connection stays open.",
    "中止当前的邮件事务（mail transaction）：已经给出的发件人、收件人和数据全部丢弃，连接仍然保持。" },
  [SMTP_TEXT_SEND] = {
    "Like MAIL, but the message goes to the user's terminal instead of the mailbox. RCPT answers 450 when the user is not logged in.",
    "和 MAIL 类似，但邮件送到用户的终端（terminal）上，而不是放进邮箱。用户没有登录时，RCPT 回 450。" },
  [SMTP_TEXT_SOML] = {
    "Send Or MaiL: to the terminal if the user is logged in, otherwise to the mailbox.",
    "Send Or MaiL：用户登录在终端上就送到终端，否则放进邮箱。" },
  [SMTP_TEXT_SAML] = {
    "Send And MaiL: to the terminal if the user is logged in, and to the mailbox in any case.",
    "Send And MaiL：用户登录在终端上就送到终端，而且无论如何都放进邮箱。" },
  [SMTP_TEXT_VRFY] = {
    "Asks whether <string> names a user here: 250 with the full name and mailbox, 251/551 if the user moved, 553 if ambiguous, 550 if nothing matches.",
    "核实（verify）<string> 是不是这里的用户：250 给出全名和邮箱；用户已搬走时回 251 或 551；匹配到多个用户时回 553；一个都没有时回 550。" },
  [SMTP_TEXT_EXPN] = {
    "Asks for the members of a mailing list: one 250 line per member. A private list answers 550.",
    "展开（expand）一个邮件列表（mailing list）：每个成员一行 250 应答。不公开的列表回 550。" },
  [SMTP_TEXT_HELP] = {
    "Asks the receiver for help, in general or about one command. The answer is 214 text for a person.",
    "请接收方给出帮助，可以是总的，也可以针对某个命令。应答是给人看的 214 文本。" },
  [SMTP_TEXT_NOOP] = {
    "Does nothing but ask for 250 OK; useful to check the connection is alive.",
    "什么也不做，只要求接收方回一句 250 OK，可以用来检查连接是否还活着。" },
  [SMTP_TEXT_QUIT] = {
    "Ends the session: the receiver answers 221 and closes the channel.",
    "结束会话：接收方回 221，然后关闭传输通道（transmission channel）。" },
  [SMTP_TEXT_TURN] = {
    "Asks to swap roles: after 250 the sender becomes the receiver on the same connection. A receiver that will not swap answers 502.",
    "请求交换角色：收到 250 后，在同一条连接上，原来的发送方变成接收方。不愿交换的接收方回 502。" },
  [SMTP_TEXT_EHLO] = {
    "Like HELO, and asks for the service extensions: the 250 reply lists one keyword per line (SIZE, PIPELINING, STARTTLS, AUTH ...).",
    "和 HELO 一样打招呼，同时问对方支持哪些服务扩展（extension）：250 应答每行列出一个扩展关键字（SIZE、PIPELINING、STARTTLS、AUTH……）。" },
  [SMTP_TEXT_ETRN] = {
    "Asks the server to start delivering the mail it holds for <domain>, on a new connection.",
    "请服务器开始投递它为 <domain> 暂存的邮件（它会另开一条连接来投递）。" },
  [SMTP_TEXT_STARTTLS] = {
    "Turns the connection into a TLS connection; after the handshake the client says EHLO again.",
    "把这条连接升级为 TLS 加密连接；握手（handshake）完成后，客户端要重新发送 EHLO。" },
  [SMTP_TEXT_AUTH] = {
    "Authenticates the client (PLAIN, LOGIN). 334 asks for the next part, 235 means success, 535 failure.",
    "客户端证明自己的身份，即认证（authentication），机制有 PLAIN、LOGIN。334 要下一部分，235 表示成功，535 表示失败。" },
};

/* smtp_verb_nth - row i of the parts read one after the other */
const SmtpVerb *
smtp_verb_nth (guint i)
{
  for (gsize p = 0; p < G_N_ELEMENTS (parts); p++) {
    if (i < *parts[p].n_rows)
      return &parts[p].rows[i];
    i -= *parts[p].n_rows;
  }
  return NULL;
}

/* smtp_verb_lookup - the row whose verb is verb, in any case (RFC 821 §4.1.2:
 * commands are case-insensitive) */
const SmtpVerb *
smtp_verb_lookup (const char *verb)
{
  const SmtpVerb *row;
  for (guint i = 0; verb && (row = smtp_verb_nth (i)); i++)
    if (g_ascii_strcasecmp (row->verb, verb) == 0)
      return row;
  return NULL;
}

/* smtp_verb_opens_mail - MAIL, SEND, SOML or SAML (RFC 821 §3.4) */
gboolean
smtp_verb_opens_mail (const char *verb, SmtpMailMode *mode)
{
  const SmtpVerb *row = smtp_verb_lookup (verb);
  if (!row || !(row->flags & SMTP_VERB_OPENS_MAIL))
    return FALSE;
  if (mode)
    *mode = row->mode;
  return TRUE;
}

/* smtp_verb_for_mode - the row that opens a transaction in mode */
const char *
smtp_verb_for_mode (SmtpMailMode mode)
{
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++)
    if ((row->flags & SMTP_VERB_OPENS_MAIL) && row->mode == mode)
      return row->verb;
  g_return_val_if_reached (NULL);
}

/* smtp_verb_leads_to - does the row of verb lead to state? */
gboolean
smtp_verb_leads_to (const char *verb, SmtpServerState state)
{
  const SmtpVerb *row = smtp_verb_lookup (verb);
  return row && row->to == state;
}

/* smtp_verb_succeeded - is code one of the row's success replies? */
gboolean
smtp_verb_succeeded (const SmtpVerb *row, guint code)
{
  return code >= row->success && code <= row->success_last;
}

/* smtp_verb_summary - the explanation of row in lang */
const char *
smtp_verb_summary (const SmtpVerb *row, SmtpLang lang)
{
  return lang == SMTP_LANG_ZH_CN ? texts[row->text].zh : texts[row->text].en;
}

/* smtp_server_state_name - "GREETED", "READY", ... as traces write them */
const char *
smtp_server_state_name (SmtpServerState state)
{
  switch (state) {
  case SMTP_STATE_GREETED: return "GREETED";
  case SMTP_STATE_READY:   return "READY";
  case SMTP_STATE_MAIL:    return "MAIL";
  case SMTP_STATE_RCPT:    return "RCPT";
  case SMTP_STATE_DATA:    return "DATA";
  case SMTP_STATE_STORING: return "STORING";
  case SMTP_STATE_QUIT:    return "QUIT";
  }
  return "?";
}

/* smtp_server_state_from_name - the state a trace names, or 0 */
SmtpServerState
smtp_server_state_from_name (const char *name)
{
  for (guint bit = SMTP_STATE_GREETED; bit <= SMTP_STATE_QUIT; bit <<= 1)
    if (g_strcmp0 (smtp_server_state_name (bit), name) == 0)
      return bit;
  return 0;
}
