/* verbs.c - what every SMTP command is for (the explanation table). */
#include "verbs.h"

/* RFC 821 §4.1.1 order, then the ESMTP verbs. */
static const SmtpVerbInfo verbs[] = {
  { "HELO", "HELO <domain>", "RFC 821 §3.5, §4.1.1", TRUE,
    "Opens the conversation: \"Hello, I am <domain>\". The receiver answers 250 with its own name and both sides start in the initial state with empty buffers.",
    "打开会话:“你好,我是 <domain>”。接收方用 250 和自己的名字应答,双方回到初始状态,缓冲区清空。" },
  { "MAIL", "MAIL FROM:<reverse-path>", "RFC 821 §3.1, §4.1.1", TRUE,
    "Starts a mail transaction and gives the reverse-path, where error notices go back to. It clears the receiver's buffers. MAIL FROM:<> is used for notices that must never bounce.",
    "开始一次邮件事务,给出反向路径(出错时通知送回的地址),并清空接收方的缓冲区。MAIL FROM:<> 用于不可再退信的出错通知。" },
  { "RCPT", "RCPT TO:<forward-path>", "RFC 821 §3.1, §3.6, §4.1.1", TRUE,
    "Names one recipient; repeat it for each. 250 accepts, 251 accepts and forwards, 550 no such user, 551 try another address. A source route <@A,@B:user@C> lists the hosts to pass through.",
    "给出一个收件人,每个收件人发一次。250 接受,251 接受并转发,550 无此用户,551 请改投他处。源路由 <@A,@B:user@C> 列出途经的主机。" },
  { "DATA", "DATA", "RFC 821 §3.1, §4.1.1, §4.5.2", TRUE,
    "After 354 the sender sends the mail data (header, empty line, body) and ends it with a line holding only \".\". A line that starts with \".\" gets one more \".\" (transparency). 250 means the receiver has taken the mail.",
    "收到 354 后发送邮件内容(信头、空行、信体),以只含“.”的一行结束。以“.”开头的行要多加一个“.”(透明性)。250 表示接收方已收下邮件。" },
  { "RSET", "RSET", "RFC 821 §4.1.1", TRUE,
    "Aborts the current mail transaction: sender, recipients and data are thrown away. The connection stays open.",
    "中止当前邮件事务:丢弃已保存的发件人、收件人和数据,连接保持打开。" },
  { "SEND", "SEND FROM:<reverse-path>", "RFC 821 §3.4, §4.1.1", FALSE,
    "Like MAIL, but the message goes to the user's terminal instead of the mailbox. RCPT answers 450 when the user is not logged in.",
    "与 MAIL 类似,但邮件送到用户的终端而不是邮箱。用户未登录时,RCPT 应答 450。" },
  { "SOML", "SOML FROM:<reverse-path>", "RFC 821 §3.4, §4.1.1", FALSE,
    "Send Or MaiL: to the terminal if the user is logged in, otherwise to the mailbox.",
    "Send Or MaiL:用户在终端上就送到终端,否则放进邮箱。" },
  { "SAML", "SAML FROM:<reverse-path>", "RFC 821 §3.4, §4.1.1", FALSE,
    "Send And MaiL: to the terminal if the user is logged in, and to the mailbox in any case.",
    "Send And MaiL:用户在终端上就送到终端,并且无论如何都放进邮箱。" },
  { "VRFY", "VRFY <string>", "RFC 821 §3.3, §4.1.1", FALSE,
    "Asks whether <string> names a user here: 250 with the full name and mailbox, 251/551 if the user moved, 553 if ambiguous, 550 if nothing matches.",
    "询问 <string> 是否是本地用户:250 给出全名和邮箱,用户已迁移时 251/551,有歧义时 553,不匹配时 550。" },
  { "EXPN", "EXPN <string>", "RFC 821 §3.3, §4.1.1", FALSE,
    "Asks for the members of a mailing list: one 250 line per member. A private list answers 550.",
    "请求展开邮件列表:每个成员一行 250 应答。不公开的列表应答 550。" },
  { "HELP", "HELP [<string>]", "RFC 821 §4.1.1", FALSE,
    "Asks the receiver for help, in general or about one command. The answer is 214 text for a person.",
    "请求接收方给出帮助信息,可以是总体的,也可以针对某个命令。应答是给人看的 214 文本。" },
  { "NOOP", "NOOP", "RFC 821 §4.1.1", TRUE,
    "Does nothing but ask for 250 OK; useful to check the connection is alive.",
    "什么也不做,只要求接收方回答 250 OK,可用来检查连接是否正常。" },
  { "QUIT", "QUIT", "RFC 821 §3.5, §4.1.1", TRUE,
    "Ends the session: the receiver answers 221 and closes the channel.",
    "结束会话:接收方应答 221 并关闭传输通道。" },
  { "TURN", "TURN", "RFC 821 §3.8, §4.1.1", FALSE,
    "Asks to swap roles: after 250 the sender becomes the receiver on the same connection. A receiver that will not swap answers 502.",
    "请求交换角色:收到 250 后,在同一连接上发送方变成接收方。不愿交换的接收方应答 502。" },
  { "EHLO", "EHLO <domain>", "RFC 5321 §4.1.1.1, RFC 1869", FALSE,
    "Like HELO, and asks for the service extensions: the 250 reply lists one keyword per line (SIZE, PIPELINING, STARTTLS, AUTH ...).",
    "与 HELO 类似,同时询问服务扩展:250 应答每行列出一个扩展关键字(SIZE、PIPELINING、STARTTLS、AUTH……)。" },
  { "STARTTLS", "STARTTLS", "RFC 3207", FALSE,
    "Turns the connection into a TLS connection; after the handshake the client says EHLO again.",
    "把连接升级为 TLS 加密连接;握手完成后客户端要重新发送 EHLO。" },
  { "AUTH", "AUTH <mechanism> [<initial-response>]", "RFC 4954", FALSE,
    "Authenticates the client (PLAIN, LOGIN). 334 asks for the next part, 235 means success, 535 failure.",
    "客户端身份认证(PLAIN、LOGIN)。334 要求下一部分,235 表示成功,535 表示失败。" },
  { "ETRN", "ETRN <domain>", "RFC 1985", FALSE,
    "Asks the server to start delivering the mail it holds for <domain>, on a new connection.",
    "请求服务器开始投递为 <domain> 暂存的邮件(通过新的连接)。" },
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
