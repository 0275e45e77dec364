/* source.c - trace lines from a growing file or from memory. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* How much is read from a file at a time. */
#define SOURCE_CHUNK (1 << 20)

struct _SmtplabSource {
  char *name;
  int fd;              /* -1 for a memory source */
  GBytes *bytes;       /* a memory source's lines */
  GByteArray *pending; /* read but not yet a complete line */
  guint64 offset;      /* where pending starts */
  guint64 number;      /* lines seen */
  guint64 size;        /* the file's size at the last read */
  gboolean more;       /* the last read stopped before the end */
};

SmtplabSource *
smtplab_source_new_file (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0) {
    int saved = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                 g_strerror (saved));
    return NULL;
  }
  SmtplabSource *source = g_new0 (SmtplabSource, 1);
  source->name = g_strdup (path);
  source->fd = fd;
  source->pending = g_byte_array_new ();
  return source;
}

SmtplabSource *
smtplab_source_new_bytes (const char *name, GBytes *bytes)
{
  SmtplabSource *source = g_new0 (SmtplabSource, 1);
  source->name = g_strdup (name);
  source->fd = -1;
  source->bytes = g_bytes_ref (bytes);
  source->pending = g_byte_array_new ();
  return source;
}

void
smtplab_source_free (SmtplabSource *source)
{
  if (!source)
    return;
  if (source->fd >= 0)
    close (source->fd);
  if (source->bytes)
    g_bytes_unref (source->bytes);
  g_byte_array_unref (source->pending);
  g_free (source->name);
  g_free (source);
}

const char *
smtplab_source_name (SmtplabSource *source)
{
  return source->name;
}

/* split_lines - calls func for each complete line in pending and keeps the rest */
static void
split_lines (SmtplabSource *source, SmtplabLineFunc func, gpointer user_data)
{
  const char *data = (const char *) source->pending->data;
  gsize len = source->pending->len, start = 0;
  const char *nl;
  if (len == 0)
    return;
  while ((nl = memchr (data + start, '\n', len - start))) {
    gsize line_len = nl - (data + start);
    source->number++;
    func (data + start, line_len, source->offset + start, source->number, user_data);
    start += line_len + 1;
  }
  g_byte_array_remove_range (source->pending, 0, start);
  source->offset += start;
}

/* read_file - appends what the file has beyond what was read to pending,
 * max_bytes at most (0: no limit) */
static gboolean
read_file (SmtplabSource *source, gsize max_bytes, SmtplabLineFunc func, gpointer user_data, GError **error)
{
  struct stat st;
  if (fstat (source->fd, &st) == 0)
    source->size = st.st_size;
  source->more = FALSE;
  for (gsize taken = 0;; taken += SOURCE_CHUNK) {
    if (max_bytes && taken >= max_bytes) {
      source->more = TRUE;
      return TRUE;
    }
    gsize have = source->pending->len;
    g_byte_array_set_size (source->pending, have + SOURCE_CHUNK);
    ssize_t got = pread (source->fd, source->pending->data + have, SOURCE_CHUNK,
                         source->offset + have);
    g_byte_array_set_size (source->pending, have + MAX (got, 0));
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s",
                   source->name, g_strerror (errno));
      return FALSE;
    }
    if (got == 0)
      return TRUE;
    split_lines (source, func, user_data);
  }
}

gboolean
smtplab_source_read (SmtplabSource *source, gsize max_bytes, SmtplabLineFunc func, gpointer user_data,
                     GError **error)
{
  if (source->fd >= 0)
    return read_file (source, max_bytes, func, user_data, error);
  if (source->offset == 0 && source->pending->len == 0) {
    gsize len;
    const guint8 *data = g_bytes_get_data (source->bytes, &len);
    g_byte_array_append (source->pending, data, len);
    split_lines (source, func, user_data);
  }
  return TRUE;
}

gboolean
smtplab_source_has_more (SmtplabSource *source)
{
  return source->more;
}

guint64
smtplab_source_done (SmtplabSource *source)
{
  return source->offset + source->pending->len;
}

guint64
smtplab_source_size (SmtplabSource *source)
{
  return source->fd >= 0 ? source->size : g_bytes_get_size (source->bytes);
}

gsize
smtplab_source_partial (SmtplabSource *source)
{
  return source->pending->len;
}

char *
smtplab_source_line (SmtplabSource *source, guint64 offset, guint32 len)
{
  if (source->fd < 0) {
    gsize size;
    const char *data = g_bytes_get_data (source->bytes, &size);
    return offset + len <= size ? g_strndup (data + offset, len) : NULL;
  }
  char *line = g_malloc (len + 1);
  ssize_t got = pread (source->fd, line, len, offset);
  if (got != (ssize_t) len) {
    g_free (line);
    return NULL;
  }
  line[len] = '\0';
  return line;
}
