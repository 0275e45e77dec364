/* reply.c - the table of SMTP reply codes (RFC 821 §4.2, RFC 5321 §4.2.3)
 * and reply lines. */
#include "reply.h"

#include <string.h>

/* One row per code, in code order.  The default texts are RFC 821's own
 * words (§4.2.1 and the §3 examples), so the dialogues read as in the RFC;
 * the enhanced status code is the one RFC 3463 (and the IANA registry of
 * RFC 5248) gives a reply of that kind when nothing more precise is said. */
static const SmtpReplyInfo replies[] = {
  { 211, "System status, or system help reply", "2.0.0", "RFC 821 §4.2.1",
    "A reply about the server itself (status, or help for the human reader).",
    "关于服务器本身的应答：系统状态或系统帮助。" },
  { 214, "Help message", "2.0.0", "RFC 821 §4.2.1",
    "Help text for a person: how to use this server or what a command means. Programs ignore it.",
    "帮助信息：说明如何使用本服务器或某个命令的含义，只给人看，程序不解析。" },
  { 220, "Service ready", "2.0.0", "RFC 821 §4.2.1, §3.5",
    "The greeting: the receiver-SMTP is ready. The first word after the code is the server's name. The client now says HELO or EHLO.",
    "问候（greeting）：接收方 SMTP 已经就绪，代码后的第一个词是服务器的名字。发送方接着发 HELO 或 EHLO。" },
  { 221, "Service closing transmission channel", "2.0.0", "RFC 821 §4.2.1, §3.5",
    "The answer to QUIT: the server closes the connection now. Nothing is lost; the session ended normally.",
    "对 QUIT 的应答：服务器马上关闭传输通道（transmission channel），会话正常结束，什么也没丢。" },
  { 235, "Authentication successful", "2.7.0", "RFC 4954 §6",
    "AUTH succeeded: the client is now known to the server (and may be allowed to relay).",
    "AUTH 认证成功：服务器已确认客户端身份（可能因此允许转发）。" },
  { 250, "OK", "2.0.0", "RFC 821 §4.2.1",
    "Requested mail action okay, completed. The command did what it asked; go on with the next one.",
    "请求的操作完成了：命令成功，可以接着发下一条命令。" },
  { 251, "User not local; will forward to <forward-path>", "2.1.5", "RFC 821 §3.2, §4.2.1",
    "The user is not here, but this server knows the new address and takes the responsibility to forward the mail there. The recipient is accepted.",
    "用户不在这里，但接收方知道新地址，并负责把邮件转发（forward）过去。这个收件人已被接受。" },
  { 252, "Cannot VRFY user, but will accept message and attempt delivery", "2.1.5", "RFC 5321 §3.5.3",
    "The server will not say whether the user exists (VRFY is switched off), but it would accept mail for it.",
    "服务器不愿透露该用户是否存在（VRFY 已关闭），但会接收并尝试投递发给它的邮件。" },
  { 334, "", NULL, "RFC 4954 §4",
    "AUTH goes on: the server sends a challenge (base64) and waits for the client's next answer, e.g. 334 VXNlcm5hbWU6 asks for the user name.",
    "AUTH 继续：服务器发出质询（challenge，用 base64 编码），等客户端回答。例如 334 VXNlcm5hbWU6 解码后是 Username:，就是请输入用户名。" },
  { 354, "Start mail input; end with <CRLF>.<CRLF>", NULL, "RFC 821 §3.1, §4.2.1",
    "The answer to DATA: send the mail data now, line by line, and end it with a line holding only a period.",
    "对 DATA 的中间应答：现在逐行发送邮件数据（mail data），最后发一行只有一个句点“.”的行表示结束。" },
  { 421, "Service not available, closing transmission channel", "4.3.2", "RFC 821 §4.2.1",
    "The server must stop (shutting down, idle too long, too many errors) and closes the connection. It may come as the answer to any command. Try again later.",
    "服务不可用，即将关闭传输通道（服务器关闭、空闲超时或错误太多）。可能作为任何命令的应答出现。稍后重试。" },
  { 432, "A password transition is needed", "4.7.12", "RFC 4954 §6",
    "The user must change the password before this AUTH mechanism can be used.",
    "需要更换密码后才能使用此认证机制。" },
  { 450, "Requested mail action not taken: mailbox unavailable", "4.2.0", "RFC 821 §3.4, §4.2.1",
    "A temporary failure for this mailbox (e.g. busy, or for SEND: the user is not at a terminal). The sender may try again later.",
    "该邮箱暂时不可用（例如忙，或对 SEND 而言用户不在终端上）。发送方可以稍后重试。" },
  { 451, "Requested action aborted: local error in processing", "4.3.0", "RFC 821 §4.2.1",
    "The server had a problem of its own (e.g. a disk error). Nothing was accepted; try again later.",
    "接收方处理时出错（例如磁盘错误），操作被中止，什么也没有接收。稍后重试。" },
  { 452, "Requested action not taken: insufficient system storage", "4.3.1", "RFC 821 §4.2.1, RFC 5321 §4.5.3.1.10",
    "Not now: the server is out of space, or has accepted as many recipients as it will in one transaction. Send the rest in another transaction.",
    "系统存储不足，或本次事务的收件人已达上限。请在另一次事务中发送其余收件人。" },
  { 454, "TLS not available due to temporary reason", "4.7.0", "RFC 3207 §4",
    "STARTTLS cannot be done right now; the session goes on unencrypted or the client gives up.",
    "暂时无法启动 TLS；会话以明文继续，或客户端放弃。" },
  { 455, "Server unable to accommodate parameters", "4.5.4", "RFC 5321 §4.2.3",
    "The server cannot handle these MAIL/RCPT parameters at the moment; try again later.",
    "服务器暂时无法处理这些 MAIL/RCPT 参数，稍后重试。" },
  { 458, "Unable to queue messages for node", "4.4.0", "RFC 1985 §5",
    "ETRN: the server cannot start delivering the held mail right now; ask again later.",
    "ETRN：服务器现在无法开始投递暂存的邮件，稍后再请求。" },
  { 459, "Node not allowed", "4.7.1", "RFC 1985 §5",
    "ETRN: this server holds no mail for that domain, or will not send it to you.",
    "ETRN：服务器没有为该域暂存邮件，或不允许你请求发送。" },
  { 500, "Syntax error, command unrecognized", "5.5.2", "RFC 821 §4.2.1",
    "The server did not understand the command: unknown verb, a line that is too long, or bytes that do not belong in a command.",
    "语法错误，无法识别的命令：未知的命令动词、命令行太长或含有非法字节。" },
  { 501, "Syntax error in parameters or arguments", "5.5.4", "RFC 821 §4.2.1",
    "The verb is known but its argument is malformed, e.g. a path without angle brackets or a bad domain.",
    "命令动词正确，但参数语法错误，例如路径缺少尖括号或域名不合法。" },
  { 502, "Command not implemented", "5.5.1", "RFC 821 §4.2.1",
    "The server knows the command but does not do it here (e.g. TURN refused, EXPN switched off).",
    "命令未实现：服务器认识该命令，但在这里不执行（例如拒绝 TURN、关闭了 EXPN）。" },
  { 503, "Bad sequence of commands", "5.5.1", "RFC 821 §4.2.1, §4.3",
    "The command is valid but not now: e.g. RCPT before MAIL, DATA without recipients, MAIL inside a transaction, MAIL before HELO.",
    "命令顺序错误：命令本身合法但时机不对，例如 MAIL 之前发 RCPT、没有收件人就发 DATA。" },
  { 504, "Command parameter not implemented", "5.5.4", "RFC 821 §4.2.1",
    "The command is known but this parameter of it is not (e.g. HELP about an unknown topic, an AUTH mechanism the server lacks).",
    "命令参数未实现，例如 HELP 的主题不存在或不支持该 AUTH 机制。" },
  { 521, "Host does not accept mail", "5.3.2", "RFC 7504",
    "This host never accepts mail at all.",
    "该主机根本不接收邮件。" },
  { 530, "Authentication required", "5.7.0", "RFC 4954 §6",
    "Authenticate (and maybe STARTTLS) first; the command was refused until then.",
    "需要先认证（可能还需要先 STARTTLS），否则拒绝该命令。" },
  { 534, "Authentication mechanism is too weak", "5.7.9", "RFC 4954 §6",
    "The chosen AUTH mechanism is not allowed here (e.g. PLAIN without TLS).",
    "所选认证机制太弱，此处不允许（例如没有 TLS 时的 PLAIN）。" },
  { 535, "Authentication credentials invalid", "5.7.8", "RFC 4954 §6",
    "The user name or password was wrong.",
    "认证失败：用户名或密码错误。" },
  { 538, "Encryption required for requested authentication mechanism", "5.7.11", "RFC 4954 §6",
    "This AUTH mechanism may only be used over TLS: say STARTTLS first.",
    "该认证机制只能在加密连接上使用，请先 STARTTLS。" },
  { 550, "Requested action not taken: mailbox unavailable", "5.1.1", "RFC 821 §3.1, §4.2.1",
    "A permanent failure for this mailbox: no such user here, access denied, or relaying refused. Do not retry the same address.",
    "请求的操作未执行，邮箱不可用：无此用户、拒绝访问或拒绝转发。这是永久性错误，不要重试同一地址。" },
  { 551, "User not local; please try <forward-path>", "5.1.6", "RFC 821 §3.2, §4.2.1",
    "The user is not here and this server will not forward; it says where the user is now. The sender must send there itself, or tell its user.",
    "用户不在这里，接收方也不代为转发，只告诉发送方新地址。发送方要自己改发，或通知原来的发信人。" },
  { 552, "Requested mail action aborted: exceeded storage allocation", "5.3.4", "RFC 821 §4.2.1, RFC 1870",
    "The message is too big for this server (or the mailbox is full).",
    "超出存储分配，邮件被拒绝：邮件太大或邮箱已满。" },
  { 553, "Requested action not taken: mailbox name not allowed", "5.1.3", "RFC 821 §3.3, §4.2.1",
    "The mailbox name is not allowed (bad syntax) or, for VRFY/EXPN, ambiguous: more than one user matches.",
    "邮箱名不允许（语法错误），或对 VRFY/EXPN 而言有歧义：不止一个用户匹配。" },
  { 554, "Transaction failed", "5.0.0", "RFC 821 §4.2.1",
    "The whole transaction failed (e.g. no valid recipients, a mail loop, a malformed message). Nothing was delivered.",
    "事务失败（例如没有有效收件人、邮件循环、邮件格式错误），没有投递任何内容。" },
  { 555, "MAIL FROM/RCPT TO parameters not recognized or not implemented", "5.5.4", "RFC 5321 §4.1.1.11",
    "The server does not know an ESMTP parameter given with MAIL or RCPT.",
    "服务器不认识 MAIL 或 RCPT 命令中的某个 ESMTP 参数。" },
  { 556, "Domain does not accept mail", "5.1.10", "RFC 7504",
    "The recipient's domain accepts no mail at all.",
    "收件人的域根本不接收邮件。" },
};

/* smtp_reply_lookup - the table's row for code, or NULL */
const SmtpReplyInfo *
smtp_reply_lookup (guint code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (replies); i++)
    if (replies[i].code == code)
      return &replies[i];
  return NULL;
}

/* smtp_reply_table - the whole table, in code order, and its length */
const SmtpReplyInfo *
smtp_reply_table (gsize *n_rows)
{
  *n_rows = G_N_ELEMENTS (replies);
  return replies;
}

/* RFC 821 §4.2.1: the first digit says how it went. */
static const char *first_digit[][2] = {
  [1] = { "Positive Preliminary reply: accepted, but wait for another reply",
          "肯定的初步应答（Positive Preliminary）：命令已接受，但还要再等一个应答" },
  [2] = { "Positive Completion reply: the action succeeded",
          "肯定的完成应答（Positive Completion）：操作成功完成" },
  [3] = { "Positive Intermediate reply: accepted, send more information",
          "肯定的中间应答（Positive Intermediate）：命令已接受，请接着发送更多信息" },
  [4] = { "Transient Negative Completion reply: failed this time, try again later",
          "暂时性否定应答（Transient Negative）：这次失败了，稍后可以重试" },
  [5] = { "Permanent Negative Completion reply: failed, do not repeat it as it is",
          "永久性否定应答（Permanent Negative）：失败了，不要原样再试" },
};

/* RFC 821 §4.2.1: the second digit says what it is about. */
static const char *second_digit[][2] = {
  [0] = { "Syntax", "语法" },
  [1] = { "Information (status, help)", "信息（状态、帮助）" },
  [2] = { "Connections (the transmission channel)", "连接（传输通道，transmission channel）" },
  [3] = { "Unspecified as yet", "尚未规定" },
  [4] = { "Unspecified as yet", "尚未规定" },
  [5] = { "Mail system (the receiver's mailboxes)", "邮件系统（接收方的邮箱）" },
};

/* smtp_reply_first_digit - what the first digit of a reply says: how it
 * went (RFC 821 §4.2.1) */
const char *
smtp_reply_first_digit (guint digit, SmtpLang lang)
{
  if (digit < 1 || digit > 5)
    return lang == SMTP_LANG_ZH_CN ? "不是合法的应答类别" : "not a valid reply class";
  return first_digit[digit][lang == SMTP_LANG_ZH_CN];
}

/* smtp_reply_second_digit - what the second digit of a reply says: what
 * it is about (RFC 821 §4.2.1) */
const char *
smtp_reply_second_digit (guint digit, SmtpLang lang)
{
  if (digit > 5)
    return lang == SMTP_LANG_ZH_CN ? "不是合法的应答类别" : "not a valid reply category";
  return second_digit[digit][lang == SMTP_LANG_ZH_CN];
}

/* smtp_reply_meaning - the table's meaning of code for a student; for a
 * code not in the table, what its first digit says */
const char *
smtp_reply_meaning (guint code, SmtpLang lang)
{
  const SmtpReplyInfo *info = smtp_reply_lookup (code);
  if (info)
    return lang == SMTP_LANG_ZH_CN ? info->meaning_zh : info->meaning_en;
  return smtp_reply_first_digit (code / 100, lang);
}

/* smtp_reply_format_lines - appends a reply, one line per text line:
 * every line but the last has '-' after the code (RFC 821 §4.2); no line
 * at all gives the code alone */
void
smtp_reply_format_lines (GString *out, guint code, const char * const *lines)
{
  char digits[4] = { (char) ('0' + code / 100 % 10), (char) ('0' + code / 10 % 10),
                     (char) ('0' + code % 10), '\0' };
  static const char *empty[] = { "", NULL };   /* no text: the code alone */
  if (!lines[0])
    lines = empty;
  for (guint i = 0; lines[i]; i++) {
    g_string_append_len (out, digits, 3);
    g_string_append_c (out, lines[i + 1] ? '-' : ' ');
    g_string_append (out, lines[i]);
    g_string_append_len (out, "\r\n", 2);
  }
}

/* smtp_reply_format - a reply ready to send, its text cut into lines at
 * '\n'; NULL text: the table's default text, or for a code not in the
 * table what its first digit says */
char *
smtp_reply_format (guint code, const char *text)
{
  if (!text) {
    const SmtpReplyInfo *info = smtp_reply_lookup (code);
    text = info ? info->text : smtp_reply_first_digit (code / 100, SMTP_LANG_EN);
  }
  GString *out = g_string_new (NULL);
  char **lines = g_strsplit (text, "\n", -1);
  smtp_reply_format_lines (out, code, (const char * const *) lines);
  g_strfreev (lines);
  return g_string_free (out, FALSE);
}

/* smtp_reply_line_parse - the code, last-line mark and text of one reply
 * line: three digits, the first 1..5, then ' ', '-' or nothing (RFC 821
 * §4.2, RFC 5321 §4.2) */
gboolean
smtp_reply_line_parse (const char *line, guint *code, gboolean *is_last, const char **text)
{
  if (!g_ascii_isdigit (line[0]) || !g_ascii_isdigit (line[1]) || !g_ascii_isdigit (line[2])
      || line[0] < '1' || line[0] > '5')
    return FALSE;
  if (line[3] != '\0' && line[3] != ' ' && line[3] != '-')
    return FALSE;
  *code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  *is_last = line[3] != '-';
  *text = line[3] ? line + 4 : line + 3;
  return TRUE;
}

/* smtp_reply_is_positive - 2yz: the action is done (RFC 821 §4.2.1) */
gboolean
smtp_reply_is_positive (guint code)
{
  return code / 100 == 2;
}

/* smtp_reply_is_intermediate - 3yz: go on, send more (RFC 821 §4.2.1) */
gboolean
smtp_reply_is_intermediate (guint code)
{
  return code / 100 == 3;
}

/* smtp_reply_is_transient - 4yz: failed this time, try again later
 * (RFC 821 §4.2.1) */
gboolean
smtp_reply_is_transient (guint code)
{
  return code / 100 == 4;
}

/* smtp_reply_is_permanent - 5yz: failed, do not repeat it as it is
 * (RFC 821 §4.2.1) */
gboolean
smtp_reply_is_permanent (guint code)
{
  return code / 100 == 5;
}

/* smtp_enhanced_code_length - the length of the enhanced status code
 * (RFC 3463 §2) that starts text, the space after it included ("5.1.1 "
 * gives 6), or 0 when text does not start with one */
gsize
smtp_enhanced_code_length (const char *text)
{
  /* class "." 1*3digit "." 1*3digit, class being 2, 4 or 5 */
  if (!text || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.')
    return 0;
  const char *p = text + 2;
  for (int part = 0; part < 2; part++) {
    gsize digits = strspn (p, "0123456789");
    if (digits < 1 || digits > 3)
      return 0;
    p += digits;
    if (part == 0 && *p++ != '.')
      return 0;
  }
  return *p == ' ' ? (gsize) (p - text + 1) : 0;
}
