/* queue.c - spool files (see queue.h). */
#include "queue.h"

#include <string.h>

void
queue_entry_free (QueueEntry *e)
{
  if (!e)
    return;
  g_free (e->path);
  g_free (e->id);
  g_free (e->next_hop);
  g_free (e->reverse_path);
  g_ptr_array_unref (e->forward_paths);
  if (e->message)
    g_bytes_unref (e->message);
  g_free (e);
}

GBytes *
queue_entry_serialize (const QueueEntry *e)
{
  GString *file = g_string_new ("smtplab-queue 1\n");
  g_string_append_printf (file, "id %s\nqueued-at %" G_GINT64_FORMAT "\nnext-hop %s\n"
                          "reverse-path %s\n", e->id, e->queued_at, e->next_hop, e->reverse_path);
  for (guint i = 0; i < e->forward_paths->len; i++)
    g_string_append_printf (file, "forward-path %s\n", (char *) g_ptr_array_index (e->forward_paths, i));
  g_string_append_c (file, '\n');
  gsize len;
  const char *message = g_bytes_get_data (e->message, &len);
  g_string_append_len (file, message, len);
  return g_string_free_to_bytes (file);
}

QueueEntry *
queue_entry_load (const char *path, GError **error)
{
  char *text;
  gsize len;
  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  QueueEntry *e = g_new0 (QueueEntry, 1);
  e->path = g_strdup (path);
  e->forward_paths = g_ptr_array_new_with_free_func (g_free);
  const char *p = text, *end = text + len;
  gboolean ok = g_str_has_prefix (text, "smtplab-queue 1\n");
  while (ok && p < end) {
    const char *nl = memchr (p, '\n', end - p);
    if (!nl) {
      ok = FALSE;
      break;
    }
    char *line = g_strndup (p, nl - p);
    p = nl + 1;
    if (*line == '\0') {          /* the empty line: the message follows */
      g_free (line);
      e->message = g_bytes_new (p, end - p);
      break;
    }
    char *space = strchr (line, ' ');
    const char *value = space ? space + 1 : "";
    if (space)
      *space = '\0';
    if (g_str_equal (line, "id"))
      e->id = g_strdup (value);
    else if (g_str_equal (line, "queued-at"))
      e->queued_at = g_ascii_strtoll (value, NULL, 10);
    else if (g_str_equal (line, "next-hop"))
      e->next_hop = g_strdup (value);
    else if (g_str_equal (line, "reverse-path"))
      e->reverse_path = g_strdup (value);
    else if (g_str_equal (line, "forward-path"))
      g_ptr_array_add (e->forward_paths, g_strdup (value));
    g_free (line);
  }
  g_free (text);
  if (!ok || !e->message || !e->id || !e->next_hop || !e->reverse_path
      || e->forward_paths->len == 0) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s: not a complete spool file", path);
    queue_entry_free (e);
    return NULL;
  }
  return e;
}
