/* diagram-export.h - each diagram of the viewer written whole to a file
 * (SVG, PNG or PDF by extension): what File → Export and the headless
 * `smtplab-viewer --export` write. */
#ifndef SMTPLAB_VIEWER_DIAGRAM_EXPORT_H
#define SMTPLAB_VIEWER_DIAGRAM_EXPORT_H

#include "ladder.h"
#include "network.h"

/* The width exported diagrams have, in pixels. */
#define SMTPLAB_EXPORT_WIDTH 1100.0

/* The whole ladder diagram of ladder, lifeline heads on top. */
gboolean smtplab_export_ladder (SmtplabLadder *ladder, const char *path, GError **error);
/* The header evolution of letter. */
gboolean smtplab_export_headers (SmtplabLetter *letter, const char *path, GError **error);
/* The network view of network. */
gboolean smtplab_export_network (SmtplabNetwork *network, const char *path, GError **error);
/* The receiver's state diagram (RFC 821 §4.3) with current highlighted. */
gboolean smtplab_export_states (SmtpServerState current, const char *path, GError **error);

#endif
