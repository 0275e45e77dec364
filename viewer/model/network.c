/* network.c - the hops of a letter merged into one time line. */
#include "network.h"

typedef struct {
  SmtplabNetwork *network;
  SmtplabTraceSet *set;
} Order;

/* row_ts - when the event behind a network row happened */
static gint64
row_ts (SmtplabNetwork *n, SmtplabTraceSet *set, const SmtplabNetworkRow *r)
{
  SmtplabLadder *l = g_ptr_array_index (n->ladders, r->hop);
  return smtplab_trace_set_get_event (set, smtplab_ladder_get_row (l, r->row)->event)->ts;
}

/* earlier - rows by time, a hop's own rows in their order */
static int
earlier (gconstpointer a, gconstpointer b, gpointer user_data)
{
  Order *o = user_data;
  const SmtplabNetworkRow *x = a, *y = b;
  gint64 tx = row_ts (o->network, o->set, x), ty = row_ts (o->network, o->set, y);
  if (tx != ty)
    return tx < ty ? -1 : 1;
  if (x->hop != y->hop)
    return (int) x->hop - (int) y->hop;
  return (int) x->row - (int) y->row;
}

SmtplabNetwork *
smtplab_network_new (SmtplabTraceSet *set, SmtplabLetter *letter)
{
  SmtplabNetwork *n = g_new0 (SmtplabNetwork, 1);
  n->letter = letter;
  n->path = smtplab_letter_path (letter);
  n->ladders = g_ptr_array_new_with_free_func ((GDestroyNotify) smtplab_ladder_free);
  n->rows = g_array_new (FALSE, FALSE, sizeof (SmtplabNetworkRow));
  for (guint h = 0; h < letter->hops->len; h++) {
    SmtplabHop *hop = g_ptr_array_index (letter->hops, h);
    SmtplabLadder *l = smtplab_ladder_new (set, hop->session);
    g_ptr_array_add (n->ladders, l);
    for (guint i = 0; i < smtplab_ladder_get_n_rows (l); i++) {
      guint8 kind = smtplab_ladder_get_row (l, i)->kind;
      if (kind == SMTPLAB_ROW_COMMAND || kind == SMTPLAB_ROW_REPLY || kind == SMTPLAB_ROW_DATA)
        g_array_append_val (n->rows, ((SmtplabNetworkRow) { h, i }));
    }
  }
  Order order = { n, set };
  g_array_sort_with_data (n->rows, earlier, &order);
  return n;
}

void
smtplab_network_free (SmtplabNetwork *n)
{
  if (!n)
    return;
  g_ptr_array_unref (n->ladders);
  g_ptr_array_unref (n->path);
  g_array_unref (n->rows);
  smtplab_letter_free (n->letter);
  g_free (n);
}

const SmtplabLadderRow *
smtplab_network_get_row (SmtplabNetwork *n, guint i, SmtplabLadder **ladder)
{
  const SmtplabNetworkRow *r = &g_array_index (n->rows, SmtplabNetworkRow, i);
  *ladder = g_ptr_array_index (n->ladders, r->hop);
  return smtplab_ladder_get_row (*ladder, r->row);
}
