/* kit.h - where an smtplab program finds the kit's files.
 *
 * The same program runs in three places, and each is found from the
 * program itself (/proc/self/exe), never from a path compiled in, so a
 * kit installed with DESTDIR works where it lies:
 *
 *   the source tree    bin/smtplab-server, with labs/scenarios/ and
 *                      certs/ (made by make) beside bin/
 *   an installed kit   PREFIX/bin/smtplab-server, with
 *                      PREFIX/share/smtplab/scenarios/ beside bin/;
 *                      no private key is installed
 *   the user's folder  $XDG_DATA_HOME/smtplab/ (~/.local/share/smtplab):
 *                      what each user makes for themselves on first use,
 *                      the lab CA and the hosts' keys (lab-ca.h)
 */
#ifndef SMTPLAB_KIT_H
#define SMTPLAB_KIT_H

#include <glib.h>

/* The kit's file at relative to the folder above this program's bin/
 * ("labs/scenarios" in the source tree, "share/smtplab/scenarios" when
 * installed), whether or not it exists.  Newly allocated. */
char *smtp_kit_path (const char *relative);

/* The user's own smtplab folder, $XDG_DATA_HOME/smtplab/relative, whether
 * or not it exists.  Newly allocated. */
char *smtp_kit_user_path (const char *relative);

/* A scenario by file or by name: scenario itself when it is an existing
 * file or holds a '/', else NAME or NAME.ini in the first folder that has
 * it of $SMTPLAB_SCENARIOS (folders separated by ':'), labs/scenarios of
 * the source tree and share/smtplab/scenarios of an installed kit.  A name
 * that matches nothing is a G_FILE_ERROR_NOENT naming the folders looked
 * in and the scenarios they hold.  Newly allocated. */
char *smtp_kit_find_scenario (const char *scenario, GError **error);

#endif
