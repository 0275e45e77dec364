/* source.h - where trace lines come from: a file that may still grow (a
 * host appends to it while the class watches), or lines held in memory
 * (a packet capture turned into trace lines). */
#ifndef SMTPLAB_VIEWER_SOURCE_H
#define SMTPLAB_VIEWER_SOURCE_H

#include <glib.h>

typedef struct _SmtplabSource SmtplabSource;

/* Called for each complete line: its text (without line end), its offset
 * in the source and its line number (from 1). */
typedef void (*SmtplabLineFunc) (const char *line, gsize len, guint64 offset,
                                 guint64 number, gpointer user_data);

/* A file source; nothing is read yet.  NULL with error when it cannot be opened. */
SmtplabSource *smtplab_source_new_file (const char *path, GError **error);
/* A source of lines held in memory (takes a reference on bytes). */
SmtplabSource *smtplab_source_new_bytes (const char *name, GBytes *bytes);
void smtplab_source_free (SmtplabSource *source);

/* The file's path, or the name given to a memory source. */
const char *smtplab_source_name (SmtplabSource *source);

/* Reads what was appended since the last call, at most about max_bytes
 * (0: all of it), and calls func for every complete line.  A last line
 * without its line end is kept back until the rest arrives.  FALSE with
 * error when the file cannot be read. */
gboolean smtplab_source_read (SmtplabSource *source, gsize max_bytes, SmtplabLineFunc func,
                              gpointer user_data, GError **error);
/* TRUE when the last read stopped at max_bytes with more to read. */
gboolean smtplab_source_has_more (SmtplabSource *source);
/* How far reading has got, and the file's size when it was last read. */
guint64 smtplab_source_done (SmtplabSource *source);
guint64 smtplab_source_size (SmtplabSource *source);

/* How many bytes wait after the last line end (a line still being written). */
gsize smtplab_source_partial (SmtplabSource *source);

/* The line at offset (length len) again, newly allocated; NULL if it
 * cannot be read. */
char *smtplab_source_line (SmtplabSource *source, guint64 offset, guint32 len);

#endif
