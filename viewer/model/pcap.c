/* pcap.c - SMTP in packet captures, read with libpcap. */
#include "pcap.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

gboolean
smtplab_pcap_is_capture (const char *path)
{
  static const guint8 magics[][4] = {
    { 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },   /* pcap, microseconds */
    { 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },   /* pcap, nanoseconds */
    { 0x0a, 0x0d, 0x0d, 0x0a },                               /* pcapng section header */
  };
  guint8 head[4] = { 0 };
  FILE *f = fopen (path, "rb");
  if (!f)
    return FALSE;
  gsize got = fread (head, 1, sizeof head, f);
  fclose (f);
  for (guint i = 0; got == sizeof head && i < G_N_ELEMENTS (magics); i++)
    if (memcmp (head, magics[i], sizeof head) == 0)
      return TRUE;
  return FALSE;
}

GBytes *
smtplab_pcap_to_trace (const char *path, GError **error)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s: packet captures are not read yet"), path);
  return NULL;
}
