/* test-recipient.c - the decision behind the reply to RCPT
 * (lib/recipient.c), one path per reply RFC 821 §3 gives, on the hosts of
 * labs/scenarios/rfc821.ini. */
#include "recipient.h"
#include "rfc821-fixture.h"

/* at_terminal - in these tests only Jones is logged in */
static gboolean
at_terminal (const char *local_part, gpointer data)
{
  (void) data;
  return g_ascii_strcasecmp (local_part, "Jones") == 0;
}

typedef struct {
  guint code;
  char *text;
  SmtpRecipient *r;
} Decision;

/* decide - what host answers to "RCPT TO:path" in a transaction of mode */
static Decision
decide (const char *host, SmtpMailMode mode, gboolean may_relay, const char *path)
{
  SmtpRcptContext context = {
    .host = smtp_scenario_host (rfc821, host),
    .mode = mode,
    .may_relay = may_relay,
    .at_terminal = at_terminal,
  };
  g_assert_nonnull (context.host);
  Decision d = { 0, NULL, g_new0 (SmtpRecipient, 1) };
  d.r->forward_path = smtp_path_parse (path, FALSE, NULL);
  g_assert_nonnull (d.r->forward_path);
  d.code = smtp_rcpt_decide (&context, d.r, &d.text);
  return d;
}

static void
decision_clear (Decision *d)
{
  g_free (d->text);
  smtp_recipient_free (d->r);
}

/* §3.1: "RCPT TO:<Jones@Beta.ARPA>" 250, to the mailbox */
static void
test_250_mailbox (void)
{
  Decision d = decide ("Beta.ARPA", SMTP_MAIL_MODE_MAIL, FALSE, "<Jones@Beta.ARPA>");
  g_assert_cmpuint (d.code, ==, 250);
  g_assert_null (d.text);
  g_assert_cmpint (d.r->kind, ==, SMTP_RCPT_MAILBOX);
  g_assert_cmpstr (d.r->local_part, ==, "Jones");
  decision_clear (&d);
}

/* §3.1: "RCPT TO:<Green@Beta.ARPA>" "550 No such user here" */
static void
test_550_no_such_user (void)
{
  Decision d = decide ("Beta.ARPA", SMTP_MAIL_MODE_MAIL, FALSE, "<Green@Beta.ARPA>");
  g_assert_cmpuint (d.code, ==, 550);
  g_assert_cmpstr (d.text, ==, "No such user here");
  decision_clear (&d);
}

/* §3.2: "251 User not local; will forward to <Postel@USC-ISIF.ARPA>" */
static void
test_251_forward (void)
{
  Decision d = decide ("USC-ISI.ARPA", SMTP_MAIL_MODE_MAIL, FALSE, "<Postel@USC-ISI.ARPA>");
  g_assert_cmpuint (d.code, ==, 251);
  g_assert_cmpstr (d.text, ==, "User not local; will forward to <Postel@USC-ISIF.ARPA>");
  g_assert_cmpint (d.r->kind, ==, SMTP_RCPT_FORWARD);
  g_autofree char *next = smtp_path_to_string (d.r->next_path);
  g_assert_cmpstr (next, ==, "<Postel@USC-ISIF.ARPA>");
  decision_clear (&d);
}

/* §3.2: "551 User not local; please try <Mockapetris@USC-ISIF.ARPA>" */
static void
test_551_moved (void)
{
  Decision d = decide ("USC-ISIB.ARPA", SMTP_MAIL_MODE_MAIL, FALSE, "<Paul@USC-ISIB.ARPA>");
  g_assert_cmpuint (d.code, ==, 551);
  g_assert_cmpstr (d.text, ==, "User not local; please try <Mockapetris@USC-ISIF.ARPA>");
  decision_clear (&d);
}

/* §3.4: SEND to a user not at a terminal is 450; to one who is, the
 * terminal */
static void
test_send (void)
{
  Decision away = decide ("Beta.ARPA", SMTP_MAIL_MODE_SEND, FALSE, "<Brown@Beta.ARPA>");
  g_assert_cmpuint (away.code, ==, 450);
  g_assert_cmpstr (away.text, ==, "Requested mail action not taken: user not logged in at a terminal");
  decision_clear (&away);
  Decision here = decide ("Beta.ARPA", SMTP_MAIL_MODE_SEND, FALSE, "<Jones@Beta.ARPA>");
  g_assert_cmpuint (here.code, ==, 250);
  g_assert_cmpint (here.r->kind, ==, SMTP_RCPT_TERMINAL);
  decision_clear (&here);
}

/* §3.4: SOML falls back to the mailbox, SAML adds the terminal */
static void
test_soml_saml (void)
{
  const struct { SmtpMailMode mode; const char *user; SmtpRcptKind kind; } cases[] = {
    { SMTP_MAIL_MODE_SOML, "<Brown@Beta.ARPA>", SMTP_RCPT_MAILBOX },
    { SMTP_MAIL_MODE_SOML, "<Jones@Beta.ARPA>", SMTP_RCPT_TERMINAL },
    { SMTP_MAIL_MODE_SAML, "<Brown@Beta.ARPA>", SMTP_RCPT_MAILBOX },
    { SMTP_MAIL_MODE_SAML, "<Jones@Beta.ARPA>", SMTP_RCPT_BOTH },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
    Decision d = decide ("Beta.ARPA", cases[i].mode, FALSE, cases[i].user);
    g_assert_cmpuint (d.code, ==, 250);
    g_assert_cmpint (d.r->kind, ==, cases[i].kind);
    decision_clear (&d);
  }
}

/* a list takes the mail for its members; SEND cannot go to a list */
static void
test_list (void)
{
  Decision d = decide ("USC-ISIF.ARPA", SMTP_MAIL_MODE_MAIL, FALSE, "<Example-People@USC-ISIF.ARPA>");
  g_assert_cmpuint (d.code, ==, 250);
  g_assert_cmpint (d.r->kind, ==, SMTP_RCPT_LIST);
  g_assert_cmpuint (d.r->members->len, ==, 6);
  decision_clear (&d);
  d = decide ("USC-ISIF.ARPA", SMTP_MAIL_MODE_SEND, FALSE, "<Example-People@USC-ISIF.ARPA>");
  g_assert_cmpuint (d.code, ==, 550);
  decision_clear (&d);
}

/* §3.6: a source route through this host to another is relayed, with
 * this host taken off; for a stranger it is refused (RFC 5321 §3.6.2) */
static void
test_relay (void)
{
  Decision d = decide ("ONE", SMTP_MAIL_MODE_MAIL, TRUE, "<@ONE,@TWO:JOE@THREE>");
  g_assert_cmpuint (d.code, ==, 250);
  g_assert_cmpint (d.r->kind, ==, SMTP_RCPT_RELAY);
  g_autofree char *next = smtp_path_to_string (d.r->next_path);
  g_assert_cmpstr (next, ==, "<@TWO:JOE@THREE>");
  decision_clear (&d);
  d = decide ("Beta.ARPA", SMTP_MAIL_MODE_MAIL, FALSE, "<someone@example.com>");
  g_assert_cmpuint (d.code, ==, 550);
  g_assert_cmpstr (d.text, ==, "5.7.1 Relaying denied");
  decision_clear (&d);
}

/* relay-loophole= (the open-relay lab, RFC 2505 §2.1): a stranger's
 * source route through the host, or user%far@host (RFC 1123 §5.2.16), is
 * relayed to far; a host without the holes refuses both */
static const char loophole_network[] =
  "[host hole.example]\nlisten=127.0.0.1:2525\nrelay-loophole=source-route;percent\n"
  "[user u@hole.example]\n"
  "[host shut.example]\nlisten=127.0.0.2:2525\n"
  "[user u@shut.example]\n"
  "[host far.example]\nlisten=127.0.0.3:2525\n";

/* decide_at - what host of loophole_network answers a stranger for path;
 * the reply text and the next path ("" if none) in *text and *next */
static guint
decide_at (SmtpScenario *net, const char *host, const char *path, char **text, char **next)
{
  SmtpRcptContext context = { .host = smtp_scenario_host (net, host), .mode = SMTP_MAIL_MODE_MAIL };
  SmtpRecipient *r = g_new0 (SmtpRecipient, 1);
  r->forward_path = smtp_path_parse (path, FALSE, NULL);
  g_assert_nonnull (r->forward_path);
  guint code = smtp_rcpt_decide (&context, r, text);
  *next = r->next_path ? smtp_path_to_string (r->next_path) : g_strdup ("");
  smtp_recipient_free (r);
  return code;
}

static void
test_relay_loopholes (void)
{
  g_autoptr (SmtpScenario) net = smtp_scenario_load_data (loophole_network, NULL);
  g_assert_nonnull (net);
  static const struct {
    const char *host, *path;
    guint code;
    const char *text, *next;
  } cases[] = {
    { "hole.example", "<@hole.example:v@far.example>", 250, NULL, "<v@far.example>" },
    { "hole.example", "<v%far.example@hole.example>", 250, NULL, "<v@far.example>" },
    { "hole.example", "<u%hole.example@hole.example>", 250, NULL, "" },
    { "hole.example", "<v@far.example>", 550, "5.7.1 Relaying denied", "" },
    { "hole.example", "<\"v%far.example\"@hole.example>", 550, "No such user here", "" },
    { "shut.example", "<@shut.example:v@far.example>", 550, "5.7.1 Relaying denied", "" },
    { "shut.example", "<v%far.example@shut.example>", 550, "No such user here", "" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autofree char *text = NULL, *next = NULL;
    g_test_message ("%s: RCPT TO:%s", cases[i].host, cases[i].path);
    g_assert_cmpuint (decide_at (net, cases[i].host, cases[i].path, &text, &next), ==, cases[i].code);
    g_assert_cmpstr (text, ==, cases[i].text);
    g_assert_cmpstr (next, ==, cases[i].next);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rcpt/250-mailbox", test_250_mailbox);
  g_test_add_func ("/rcpt/550-no-such-user", test_550_no_such_user);
  g_test_add_func ("/rcpt/251-forward", test_251_forward);
  g_test_add_func ("/rcpt/551-moved", test_551_moved);
  g_test_add_func ("/rcpt/send-450-or-terminal", test_send);
  g_test_add_func ("/rcpt/soml-saml", test_soml_saml);
  g_test_add_func ("/rcpt/list", test_list);
  g_test_add_func ("/rcpt/relay-or-550", test_relay);
  g_test_add_func ("/rcpt/relay-loopholes", test_relay_loopholes);
  return rfc821_run ();
}
