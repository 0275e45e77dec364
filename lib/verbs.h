/* verbs.h - what every SMTP command is for: the explanation table.
 *
 * One row per verb of RFC 821 §4.1.1 plus the ESMTP verbs smtplab speaks:
 * its syntax, the RFC section, whether RFC 821 §4.5.1's minimum
 * implementation requires it, and a short explanation in English and
 * Simplified Chinese.  The server's HELP, the client's `explain` and the
 * viewer all read this table.  (Which verbs a receiver accepts in which
 * state is the server-session's command table, which points here.)
 */
#ifndef SMTPLAB_VERBS_H
#define SMTPLAB_VERBS_H

#include <glib.h>
#include "lang.h"

typedef struct {
  const char *verb;          /* "MAIL" */
  const char *syntax;        /* "MAIL FROM:<reverse-path>" */
  const char *section;       /* "RFC 821 §3.1, §4.1.1" */
  gboolean    minimum;       /* required by RFC 821 §4.5.1 minimum implementation */
  const char *summary_en;    /* what it does, for a student */
  const char *summary_zh;
} SmtpVerbInfo;

/* The row for verb (case-insensitive), or NULL. */
const SmtpVerbInfo *smtp_verb_lookup (const char *verb);
/* Every row, in the order RFC 821 §4.1.1 lists them, ESMTP verbs after. */
const SmtpVerbInfo *smtp_verb_table (gsize *n_rows);
/* The summary of row in lang. */
const char *smtp_verb_summary (const SmtpVerbInfo *row, SmtpLang lang);

#endif
