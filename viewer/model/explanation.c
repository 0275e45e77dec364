/* explanation.c - one ladder row explained from lib/'s tables. */
#include "explanation.h"

#include <glib/gi18n.h>

#include "explain.h"
#include "reply.h"
#include "state-moves.h"

/* allowed_verbs - the verbs the receiver's command table accepts in state */
static char *
allowed_verbs (SmtpServerState state)
{
  GPtrArray *verbs = smtp_server_allowed_verbs (state);
  g_ptr_array_add (verbs, NULL);
  char *text = g_strjoinv (" ", (char **) verbs->pdata);
  g_ptr_array_unref (verbs);
  return text;
}

/* data_verb - the verb the mail data belongs to: the verb table's row
 * whose success leads to DATA (RFC 821 §4.1.1) */
static const char *
data_verb (void)
{
  const SmtpVerb *row;
  for (guint i = 0; (row = smtp_verb_nth (i)); i++)
    if (row->to == SMTP_STATE_DATA)
      return row->verb;
  return NULL;
}

/* explain_verb - the verb of a command or of the command a reply answers */
static char *
explain_verb (const char *verb, SmtpLang lang)
{
  if (g_str_equal (verb, SMTP_END_OF_DATA))
    return smtp_explain_verb (data_verb (), lang);
  return *verb ? smtp_explain_verb (verb, lang) : NULL;
}

SmtplabExplanation *
smtplab_explanation_new (SmtplabLadder *ladder, guint row, SmtpLang lang)
{
  const SmtplabLadderRow *r = smtplab_ladder_get_row (ladder, row);
  SmtplabExplanation *e = g_new0 (SmtplabExplanation, 1);
  e->title = smtplab_ladder_row_text (ladder, row);
  e->state = r->state;
  e->allowed = allowed_verbs (r->state);
  switch (r->kind) {
  case SMTPLAB_ROW_REPLY:
    e->code = r->code;
    e->reply = smtp_explain_reply (r->code, lang);
    e->first_digit = g_strdup (smtp_reply_first_digit (r->code / 100, lang));
    e->second_digit = g_strdup (smtp_reply_second_digit ((r->code / 10) % 10, lang));
    e->verb = explain_verb (smtplab_ladder_row_verb (ladder, row), lang);
    break;
  case SMTPLAB_ROW_COMMAND:
    e->verb = r->masked ? NULL : explain_verb (smtplab_ladder_row_verb (ladder, row), lang);
    if (smtplab_ladder_row_revealed (ladder, row))
      e->note = g_strdup (_("This AUTH line went over the network in the clear, so anyone on the path "
                            "could read it: base64 is an encoding, not encryption (RFC 4954 §14). "
                            "Shown decoded because of --show-secrets; use STARTTLS (RFC 3207)."));
    else if (!e->verb)
      e->note = g_strdup (r->masked ? _("An answer to the server's AUTH challenge (334): a secret, "
                                        "so it is masked (RFC 4954 §4).")
                                    : _("A verb that smtplab's verb table does not list."));
    break;
  case SMTPLAB_ROW_DATA:
  case SMTPLAB_ROW_DATA_LINE:
    e->verb = explain_verb (SMTP_END_OF_DATA, lang);
    e->note = g_strdup (_("The mail data: header lines, an empty line, the body, then a line with "
                          "only \".\" (RFC 821 §4.5.2 transparency)."));
    break;
  case SMTPLAB_ROW_TURN:
    e->verb = explain_verb (smtplab_ladder_row_verb (ladder, row), lang);
    break;
  default:
    e->note = g_strdup (_("Something this host did on its own; no line went over the wire."));
  }
  return e;
}

void
smtplab_explanation_free (SmtplabExplanation *e)
{
  if (!e)
    return;
  g_free (e->title);
  g_free (e->verb);
  g_free (e->reply);
  g_free (e->first_digit);
  g_free (e->second_digit);
  g_free (e->note);
  g_free (e->allowed);
  g_free (e);
}
