/* verbs.c - what every SMTP command is for (the explanation table). */
#include "verbs.h"

/* RFC 821 §4.1.1 order, then the ESMTP verbs. */
static const SmtpVerbInfo verbs[] = {
  { "HELO", "HELO <domain>", "RFC 821 §3.5, §4.1.1", TRUE,
    "Opens the conversation: \"Hello, I am <domain>\". The receiver answers 250 with its own name and both sides start in the initial state with empty buffers.",
    "打招呼，开始会话：“你好，我是 <domain>”。接收方回 250 和自己的名字；双方回到初始状态，缓冲区（buffer）清空。" },
  { "MAIL", "MAIL FROM:<reverse-path>", "RFC 821 §3.1, §4.1.1", TRUE,
    "Starts a mail transaction and gives the reverse-path, where error notices go back to. It clears the receiver's buffers. MAIL FROM:<> is used for notices that must never bounce.",
    "开始一次邮件事务（mail transaction），给出反向路径（reverse-path），也就是出错时通知要送回的地址，同时清空接收方的缓冲区。MAIL FROM:<> 用于本身不能再退信的出错通知。" },
  { "RCPT", "RCPT TO:<forward-path>", "RFC 821 §3.1, §3.6, §4.1.1", TRUE,
    "Names one recipient; repeat it for each. 250 accepts, 251 accepts and forwards, 550 no such user, 551 try another address. A source route <@A,@B:user@C> lists the hosts to pass through.",
    "给出一个收件人（recipient），有几个收件人就发几次。250 接受，251 接受并代为转发，550 没有这个用户，551 请改投别处。源路由（source route）<@A,@B:user@C> 列出邮件要途经的主机。" },
  { "DATA", "DATA", "RFC 821 §3.1, §4.1.1, §4.5.2", TRUE,
    "After 354 the sender sends the mail data (header, empty line, body) and ends it with a line holding only \".\". A line that starts with \".\" gets one more \".\" (transparency). 250 means the receiver has taken the mail.",
    "收到 354 后发送邮件数据（mail data）：信头（header）、一个空行、正文（body），最后以只含“.”的一行结束。正文里以“.”开头的行要再多加一个“.”，这叫透明性（transparency）。250 表示接收方已收下邮件。" },
  { "RSET", "RSET", "RFC 821 §4.1.1", TRUE,
    "Aborts the current mail transaction: sender, recipients and data are thrown away. The connection stays open.",
    "中止当前的邮件事务（mail transaction）：已经给出的发件人、收件人和数据全部丢弃，连接仍然保持。" },
  { "SEND", "SEND FROM:<reverse-path>", "RFC 821 §3.4, §4.1.1", FALSE,
    "Like MAIL, but the message goes to the user's terminal instead of the mailbox. RCPT answers 450 when the user is not logged in.",
    "和 MAIL 类似，但邮件送到用户的终端（terminal）上，而不是放进邮箱。用户没有登录时，RCPT 回 450。" },
  { "SOML", "SOML FROM:<reverse-path>", "RFC 821 §3.4, §4.1.1", FALSE,
    "Send Or MaiL: to the terminal if the user is logged in, otherwise to the mailbox.",
    "Send Or MaiL：用户登录在终端上就送到终端，否则放进邮箱。" },
  { "SAML", "SAML FROM:<reverse-path>", "RFC 821 §3.4, §4.1.1", FALSE,
    "Send And MaiL: to the terminal if the user is logged in, and to the mailbox in any case.",
    "Send And MaiL：用户登录在终端上就送到终端，而且无论如何都放进邮箱。" },
  { "VRFY", "VRFY <string>", "RFC 821 §3.3, §4.1.1", FALSE,
    "Asks whether <string> names a user here: 250 with the full name and mailbox, 251/551 if the user moved, 553 if ambiguous, 550 if nothing matches.",
    "核实（verify）<string> 是不是这里的用户：250 给出全名和邮箱；用户已搬走时回 251 或 551；匹配到多个用户时回 553；一个都没有时回 550。" },
  { "EXPN", "EXPN <string>", "RFC 821 §3.3, §4.1.1", FALSE,
    "Asks for the members of a mailing list: one 250 line per member. A private list answers 550.",
    "展开（expand）一个邮件列表（mailing list）：每个成员一行 250 应答。不公开的列表回 550。" },
  { "HELP", "HELP [<string>]", "RFC 821 §4.1.1", FALSE,
    "Asks the receiver for help, in general or about one command. The answer is 214 text for a person.",
    "请接收方给出帮助，可以是总的，也可以针对某个命令。应答是给人看的 214 文本。" },
  { "NOOP", "NOOP", "RFC 821 §4.1.1", TRUE,
    "Does nothing but ask for 250 OK; useful to check the connection is alive.",
    "什么也不做，只要求接收方回一句 250 OK，可以用来检查连接是否还活着。" },
  { "QUIT", "QUIT", "RFC 821 §3.5, §4.1.1", TRUE,
    "Ends the session: the receiver answers 221 and closes the channel.",
    "结束会话：接收方回 221，然后关闭传输通道（transmission channel）。" },
  { "TURN", "TURN", "RFC 821 §3.8, §4.1.1", FALSE,
    "Asks to swap roles: after 250 the sender becomes the receiver on the same connection. A receiver that will not swap answers 502.",
    "请求交换角色：收到 250 后，在同一条连接上，原来的发送方变成接收方。不愿交换的接收方回 502。" },
  { "EHLO", "EHLO <domain>", "RFC 5321 §4.1.1.1, RFC 1869", FALSE,
    "Like HELO, and asks for the service extensions: the 250 reply lists one keyword per line (SIZE, PIPELINING, STARTTLS, AUTH ...).",
    "和 HELO 一样打招呼，同时问对方支持哪些服务扩展（extension）：250 应答每行列出一个扩展关键字（SIZE、PIPELINING、STARTTLS、AUTH……）。" },
  { "STARTTLS", "STARTTLS", "RFC 3207", FALSE,
    "Turns the connection into a TLS connection; after the handshake the client says EHLO again.",
    "把这条连接升级为 TLS 加密连接；握手（handshake）完成后，客户端要重新发送 EHLO。" },
  { "AUTH", "AUTH <mechanism> [<initial-response>]", "RFC 4954", FALSE,
    "Authenticates the client (PLAIN, LOGIN). 334 asks for the next part, 235 means success, 535 failure.",
    "客户端证明自己的身份，即认证（authentication），机制有 PLAIN、LOGIN。334 要下一部分，235 表示成功，535 表示失败。" },
  { "ETRN", "ETRN <domain>", "RFC 1985", FALSE,
    "Asks the server to start delivering the mail it holds for <domain>, on a new connection.",
    "请服务器开始投递它为 <domain> 暂存的邮件（它会另开一条连接来投递）。" },
};

const SmtpVerbInfo *
smtp_verb_lookup (const char *verb)
{
  for (gsize i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_ascii_strcasecmp (verbs[i].verb, verb) == 0)
      return &verbs[i];
  return NULL;
}

const SmtpVerbInfo *
smtp_verb_table (gsize *n_rows)
{
  *n_rows = G_N_ELEMENTS (verbs);
  return verbs;
}

const char *
smtp_verb_summary (const SmtpVerbInfo *row, SmtpLang lang)
{
  return lang == SMTP_LANG_ZH_CN ? row->summary_zh : row->summary_en;
}

static const char *openers[] = { "MAIL", "SEND", "SOML", "SAML" };

gboolean
smtp_verb_opens_mail (const char *verb, SmtpMailMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
    if (g_ascii_strcasecmp (verb, openers[i]) == 0) {
      if (mode)
        *mode = (SmtpMailMode) i;
      return TRUE;
    }
  return FALSE;
}

SmtpServerState
smtp_server_state_from_name (const char *name)
{
  for (guint bit = 1; bit <= SMTP_STATE_QUIT; bit <<= 1)
    if (g_strcmp0 (smtp_server_state_name (bit), name) == 0)
      return bit;
  return 0;
}

const char *
smtp_verb_for_mode (SmtpMailMode mode)
{
  return openers[mode];
}
