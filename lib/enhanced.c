/* enhanced.c - RFC 3463's enhanced status codes explained (see enhanced.h). */
#include "enhanced.h"

#include <stdlib.h>
#include <string.h>
#include "reply.h"

/* RFC 3463 §3.1: the class, the first number. */
static const char *classes[][2] = {
  [2] = { "success", "成功" },
  [4] = { "persistent transient failure: try again later", "暂时性失败：稍后重试" },
  [5] = { "permanent failure: do not repeat it as it is", "永久性失败：不要原样重试" },
};

/* RFC 3463 §3.2-§3.9: the subject, the second number. */
static const char *subjects[][2] = {
  { "other or undefined status", "其他或未定义" },
  { "addressing (sender or recipient)", "地址（发件人或收件人）" },
  { "mailbox (the recipient's)", "邮箱（收件人的）" },
  { "mail system (the receiver's)", "邮件系统（接收方的）" },
  { "network and routing", "网络与路由" },
  { "mail delivery protocol (SMTP itself)", "邮件投递协议（SMTP 本身）" },
  { "message content or media", "邮件内容或媒体" },
  { "security or policy", "安全或策略" },
};

/* The details smtplab's replies use, and a few a student meets often
 * (RFC 3463 §3, RFC 4954 §6, RFC 5248's registry). */
static const struct {
  guint subject, detail;
  const char *en, *zh;
} details[] = {
  { 0, 0, "other undefined status", "其他未定义状态" },
  { 1, 0, "other address status", "其他地址状态" },
  { 1, 1, "bad destination mailbox address: no such user", "目的邮箱地址错误：无此用户" },
  { 1, 3, "bad destination mailbox address syntax", "目的邮箱地址语法错误" },
  { 1, 5, "destination address valid", "目的地址有效" },
  { 1, 6, "destination mailbox has moved", "目的邮箱已迁移" },
  { 1, 10, "recipient address has null MX", "收件人域名不接收邮件（null MX）" },
  { 2, 0, "other or undefined mailbox status", "其他邮箱状态" },
  { 3, 0, "other or undefined mail system status", "其他邮件系统状态" },
  { 3, 1, "mail system full", "邮件系统已满" },
  { 3, 2, "system not accepting network messages", "系统暂不接收网络邮件" },
  { 3, 4, "message too big for system", "邮件太大" },
  { 4, 0, "other or undefined network or routing status", "其他网络或路由状态" },
  { 4, 6, "routing loop detected", "检测到路由环路" },
  { 5, 0, "other or undefined protocol status", "其他协议状态" },
  { 5, 1, "invalid command", "无效命令" },
  { 5, 2, "syntax error", "语法错误" },
  { 5, 3, "too many recipients", "收件人太多" },
  { 5, 4, "invalid command arguments", "命令参数无效" },
  { 6, 0, "other or undefined media error", "其他媒体错误" },
  { 7, 0, "other or undefined security status", "其他安全状态" },
  { 7, 1, "delivery not authorized, message refused", "未授权投递，邮件被拒绝" },
  { 7, 8, "authentication credentials invalid", "认证凭据无效" },
  { 7, 9, "authentication mechanism is too weak", "认证机制太弱" },
  { 7, 11, "encryption required for requested authentication mechanism",
    "所请求的认证机制需要加密" },
  { 7, 12, "a password transition is needed", "需要更换密码" },
};

/* smtp_explain_enhanced - the enhanced code at the start of a reply's
 * text, number by number: class (RFC 3463 §3.1), subject (§3.2-§3.9) and,
 * when the table above has it, the detail; NULL when there is no code */
char *
smtp_explain_enhanced (const char *text, SmtpLang lang)
{
  gsize len = smtp_enhanced_code_length (text);
  if (!len)
    return NULL;
  int zh = lang == SMTP_LANG_ZH_CN;
  guint class = text[0] - '0';
  char *end;
  guint subject = strtoul (text + 2, &end, 10);
  guint detail = strtoul (end + 1, NULL, 10);
  const char *colon = zh ? "：" : ": ", *semicolon = zh ? "；" : "; ";
  GString *out = g_string_new (NULL);
  g_string_append_printf (out, "%.*s%s%u.x.x = %s", (int) len - 1, text, colon, class, classes[class][zh]);
  g_string_append_printf (out, "%sx.%u.x = %s", semicolon, subject,
                          subject < G_N_ELEMENTS (subjects) ? subjects[subject][zh]
                                                            : (zh ? "未定义的主题" : "an undefined subject"));
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    if (details[i].subject == subject && details[i].detail == detail)
      g_string_append_printf (out, "%s%s", semicolon, zh ? details[i].zh : details[i].en);
  g_string_append (out, zh ? "（RFC 3463）" : " (RFC 3463)");
  return g_string_free (out, FALSE);
}
