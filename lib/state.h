/* state.h - the layout of a state directory (README, "State directory"):
 *
 *   STATE/HOST/                     one folder per host, named as the scenario spells it
 *   STATE/HOST/server.ini           written by a running smtplab-server: its scenario and
 *                                   pid; locked (flock) as long as the server runs
 *   STATE/HOST/terminals/USER.sock  a user logged in with smtplab-term (RFC 821 §3.4)
 *
 * Every program that finds something in a state directory finds it here,
 * so each path is spelled once.
 */
#ifndef SMTPLAB_STATE_H
#define SMTPLAB_STATE_H

#include <glib.h>

/* STATE/HOST */
char *smtp_state_host_dir (const char *state, const char *host);
/* HOST_DIR/terminals/USER.sock */
char *smtp_state_terminal_path (const char *host_dir, const char *user);

/* The server marks its host folder while it runs: writes server.ini (the
 * scenario file it loaded, may be NULL, and its pid) and holds a lock on it
 * until smtp_state_unmark.  Returns the lock's descriptor, or -1 with error. */
int  smtp_state_mark_running (const char *host_dir, const char *scenario_path, GError **error);
void smtp_state_unmark (int lock);

/* Is a server running for host_dir (does someone hold server.ini's lock)?
 * When it is, *scenario_path (may be NULL) gets the scenario it loaded, or
 * NULL when it loaded none from a file. */
gboolean smtp_state_server_running (const char *host_dir, char **scenario_path);

/* The host folders of state (names of its subfolders that a server has
 * marked), sorted, for messages like "hosts there: ..."; NULL-terminated. */
char **smtp_state_hosts (const char *state);

#endif
