/* lab-ca.h - the lab's certificate authority, made on first use.
 *
 * In the source tree, make runs mk/certs.sh (the openssl command, so a
 * class can watch it) into certs/.  An installed kit holds no private key:
 * each user's programs make their own, the first time a server needs one,
 * in the user's folder (kit.h; ~/.local/share/smtplab/certs, mode 0700,
 * keys 0600), with the same names as mk/certs.sh:
 *
 *   ca.crt, ca.key              the user's lab CA; smtplab-client trusts it
 *   rogue-ca.crt, rogue-ca.key  a CA that signs nothing: with --ca
 *                               rogue-ca.crt verification must fail
 *   NAME.crt, NAME.key          a host's key and certificate, signed by the
 *                               lab CA, naming the host and its addresses
 *                               (subjectAltName, RFC 6125 §6.4)
 *
 * Two programs starting at once make each file once: the maker holds a
 * lock on the folder's .lock file, and every file is written to a
 * temporary file and renamed into place, so no reader sees half a file.
 */
#ifndef SMTPLAB_LAB_CA_H
#define SMTPLAB_LAB_CA_H

#include <glib.h>

/* Days a certificate made here is valid, as mk/certs.sh. */
#define SMTP_LAB_CA_DAYS 3650

/* Makes sure folder holds NAME.crt and NAME.key for host name: when either
 * is missing, makes both, signed by folder's lab CA, which is made first
 * (with the rogue CA) when folder has no ca.crt.  The certificate names the
 * host and the address of each "ADDR:PORT" in listen (NULL-terminated).
 * folder is made (0700) if need be.  FALSE with SMTP_TLS_ERROR_SETUP (or a
 * GFileError) naming the file at fault. */
gboolean smtp_lab_ca_ensure_host (const char *folder, const char *name,
                                  const char *const *listen, GError **error);

#endif
