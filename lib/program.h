/* program.h - what every smtplab program shares on its command line: the
 * version, --version, and the option wording used by more than one program.
 *
 * One short option means one thing in every program (README, "Options"):
 *   -h --help   -V --version   -d --state DIR   -H --host NAME
 * and, in the one program that has them, -s --server (client), -t --to,
 * -f --from, -a --attach, -u --user, -l --listen (server), -e --export
 * (viewer).  --scenario, --trace and --session have no short form.
 */
#ifndef SMTPLAB_PROGRAM_H
#define SMTPLAB_PROGRAM_H

#include <glib.h>

/* The kit's version: every program's --version prints it. */
#define SMTPLAB_VERSION "0.14"

/* The state directory a program uses without --state. */
#define SMTP_DEFAULT_STATE "smtplab-state"

/* Option rows more than one program has, worded once. */
#define SMTP_OPTION_STATE(var) \
  { "state", 'd', 0, G_OPTION_ARG_FILENAME, &(var), \
    "State directory (default ./" SMTP_DEFAULT_STATE ")", "DIR" }
#define SMTP_OPTION_TRACE(var, where) \
  { "trace", 0, 0, G_OPTION_ARG_FILENAME, &(var), \
    "Write the trace (JSON Lines) to FILE" where, "FILE" }

/* A context for program ("smtplab-net") with --version besides its own
 * entries; parameter and summary as g_option_context_new/_set_summary take
 * them (summary may be NULL). */
GOptionContext *smtp_program_options (const char *program, const char *parameter,
                                      const char *summary, const GOptionEntry *entries,
                                      const char *translation_domain);

/* Parses argv.  Returns -1 when the program goes on; otherwise the status
 * main() returns: 0 after --version (printed as "smtplab-net 0.14"), 2 after
 * a bad option (a one-line reason on stderr, "program: why").  Frees the
 * context. */
int smtp_program_parse (GOptionContext *context, int *argc, char ***argv);

#endif
