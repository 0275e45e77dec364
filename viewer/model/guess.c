/* guess.c - the guess-the-reply game (see guess.h). */
#include "guess.h"

#include <string.h>
#include <glib/gi18n.h>

#include "reply.h"

struct _SmtplabGuess {
  GHashTable *answers;          /* a reply's event in the trace set -> the code guessed */
  guint asked, right;
};

SmtplabGuess *
smtplab_guess_new (void)
{
  SmtplabGuess *g = g_new0 (SmtplabGuess, 1);
  g->answers = g_hash_table_new (g_direct_hash, g_direct_equal);
  return g;
}

void
smtplab_guess_free (SmtplabGuess *g)
{
  if (!g)
    return;
  g_hash_table_unref (g->answers);
  g_free (g);
}

void
smtplab_guess_reset (SmtplabGuess *g)
{
  g_hash_table_remove_all (g->answers);
  g->asked = g->right = 0;
}

/* is_reply - TRUE when row of ladder is a reply arrow */
static gboolean
is_reply (SmtplabLadder *ladder, guint row)
{
  return row < smtplab_ladder_get_n_rows (ladder)
         && smtplab_ladder_get_row (ladder, row)->kind == SMTPLAB_ROW_REPLY;
}

/* command_before - the command row the reply at row answers, or G_MAXUINT
 * (the greeting answers the connection, RFC 821 §3.5) */
static guint
command_before (SmtplabLadder *ladder, guint row)
{
  while (row-- > 0) {
    guint8 kind = smtplab_ladder_get_row (ladder, row)->kind;
    if (kind == SMTPLAB_ROW_COMMAND)
      return row;
    if (kind == SMTPLAB_ROW_REPLY)
      return G_MAXUINT;
  }
  return G_MAXUINT;
}

char *
smtplab_guess_question (SmtplabLadder *ladder, guint row)
{
  if (!is_reply (ladder, row))
    return NULL;
  if (smtplab_ladder_get_row (ladder, row)->end_of_data)
    return g_strdup (_("What will the server answer to the end of the mail data (the line \".\")?"));
  guint command = command_before (ladder, row);
  if (command == G_MAXUINT)
    return g_strdup (_("What will the server answer when the client connects?"));
  g_autofree char *line = smtplab_ladder_row_text (ladder, command);
  return g_strdup_printf (_("What will the server answer to “%s”?"), line);
}

gboolean
smtplab_guess_parse_code (const char *text, guint *code)
{
  g_autofree char *t = g_strstrip (g_strdup (text ? text : ""));
  if (strlen (t) != 3 || !strchr ("12345", t[0]) || !g_ascii_isdigit (t[1]) || !g_ascii_isdigit (t[2]))
    return FALSE;
  *code = (guint) g_ascii_strtoull (t, NULL, 10);
  return TRUE;
}

/* key - a reply row's key in answers: its event, the same in every
 * ladder of the trace set (a session shown again keeps its answers) */
static gpointer
key (SmtplabLadder *ladder, guint row)
{
  return GUINT_TO_POINTER (smtplab_ladder_get_row (ladder, row)->event);
}

gboolean
smtplab_guess_answered (const SmtplabGuess *g, SmtplabLadder *ladder, guint row)
{
  return is_reply (ladder, row) && g_hash_table_contains (g->answers, key (ladder, row));
}

/* verdict - code against the code the server sent (RFC 821 §4.2.1: the
 * first digit is what a sender acts on) */
static SmtplabGuessVerdict
verdict (guint guessed, guint sent)
{
  if (guessed == sent)
    return SMTPLAB_GUESS_RIGHT;
  return guessed / 100 == sent / 100 ? SMTPLAB_GUESS_RIGHT_CLASS : SMTPLAB_GUESS_WRONG;
}

SmtplabGuessVerdict
smtplab_guess_answer (SmtplabGuess *g, SmtplabLadder *ladder, guint row, guint code)
{
  guint sent = smtplab_ladder_get_row (ladder, row)->code;
  gpointer first;
  if (g_hash_table_lookup_extended (g->answers, key (ladder, row), NULL, &first))
    return verdict (GPOINTER_TO_UINT (first), sent);
  g_hash_table_insert (g->answers, key (ladder, row), GUINT_TO_POINTER (code));
  g->asked++;
  g->right += code == sent;
  return verdict (code, sent);
}

char *
smtplab_guess_feedback (const SmtplabGuess *g, SmtplabLadder *ladder, guint row, SmtpLang lang,
                        SmtplabGuessVerdict *verdict_out)
{
  gpointer value;
  if (!is_reply (ladder, row) || !g_hash_table_lookup_extended (g->answers, key (ladder, row), NULL, &value))
    return NULL;
  guint guessed = GPOINTER_TO_UINT (value);
  guint sent = smtplab_ladder_get_row (ladder, row)->code;
  g_autofree char *said = NULL;
  SmtplabGuessVerdict v = verdict (guessed, sent);
  if (verdict_out)
    *verdict_out = v;
  switch (v) {
  case SMTPLAB_GUESS_RIGHT:
    said = g_strdup_printf (_("Right: the server answered %u."), sent);
    break;
  case SMTPLAB_GUESS_RIGHT_CLASS:
    said = g_strdup_printf (_("Close: you said %u, the right kind of reply (%uyz), "
                              "but the server answered %u."), guessed, sent / 100, sent);
    break;
  default:
    said = g_strdup_printf (_("Not this time: you said %u, the server answered %u."), guessed, sent);
  }
  g_autofree char *reply = smtplab_ladder_row_text (ladder, row);
  return g_strdup_printf ("%s\n%s\n%s", said, reply, smtp_reply_meaning (sent, lang));
}

char *
smtplab_guess_score (const SmtplabGuess *g)
{
  return g_strdup_printf (_("Score: %u of %u right"), g->right, g->asked);
}

GStrv
smtplab_guess_choices (void)
{
  gsize n;
  const SmtpReplyInfo *table = smtp_reply_table (&n);
  GStrvBuilder *b = g_strv_builder_new ();
  for (gsize i = 0; i < n; i++) {
    g_autofree char *choice = g_strdup_printf ("%u %s", table[i].code, table[i].text);
    g_strv_builder_add (b, choice);
  }
  GStrv choices = g_strv_builder_end (b);
  g_strv_builder_unref (b);
  return choices;
}
