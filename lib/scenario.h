/* scenario.h - a small mail network described in a GKeyFile
 * (docs/scenario-format.md), and the directory each host answers from.
 *
 *   [host Beta.ARPA]                 a host: where it listens, its domains
 *   listen=127.0.0.12:2525
 *   domains=Beta.ARPA
 *   [user Jones@Beta.ARPA]           a mailbox (VRFY shows name=)
 *   [forward Postel@USC-ISI.ARPA]    251: the host forwards to=
 *   [moved Paul@USC-ISIB.ARPA]       551: the sender must try to=
 *   [list Example-People@USC-ISIF.ARPA]   members=, expn=allow|deny
 *
 * A user, forward, moved user or list belongs to the host whose domains
 * contain the address's domain.  Policy is data: the server session asks
 * the directory, it never names a user or a host itself.
 */
#ifndef SMTPLAB_SCENARIO_H
#define SMTPLAB_SCENARIO_H

#include <glib.h>

typedef struct _SmtpScenario SmtpScenario;

/* relay-loophole=: holes in a host's relay check, for the open-relay lab
 * (labs/07-open-relay).  Each lets a stranger relay by writing the
 * forward-path so that the check sees only this host (RFC 2505 §2.1). */
typedef enum {
  SMTP_LOOPHOLE_SOURCE_ROUTE = 1 << 0,  /* <@THIS:user@far>: the route's first hop is checked */
  SMTP_LOOPHOLE_PERCENT      = 1 << 1,  /* <user%far@THIS>: the domain is checked, then '%' read */
} SmtpRelayLoophole;

/* One [host NAME] group. */
typedef struct {
  SmtpScenario *scenario;   /* the scenario this host belongs to */
  char  *name;              /* "Beta.ARPA": its name in HELO, 220, Received */
  char  *listen;            /* "127.0.0.12:2525" */
  char **domains;           /* the domains it is the final destination for;
                               defaults to { name } */
  char  *greeting;          /* text after the name in 220; default
                               "Simple Mail Transfer Service Ready" */
  gboolean vrfy;            /* vrfy=true|false (default true, RFC 821 §4.5.1) */
  gboolean expn;            /* expn=true|false (default true) */
  gboolean turn;            /* turn=true|false (default false: 502) */
  gboolean pipelining;      /* pipelining=false: EHLO does not offer RFC 2920's
                               PIPELINING, so a client waits for each reply */
  guint  max_recipients;    /* max-recipients= (default, minimum: SMTP_LIMIT_RECIPIENTS) */
  gsize  max_message_size;  /* max-message-size= octets (default SMTP_LIMIT_MESSAGE_SIZE) */
  guint  timeout;           /* timeout= seconds idle before 421 (default SMTP_TIMEOUT_SERVER) */
  gboolean relay_open;      /* relay=open: relays for anyone (the open-relay lab) */
  char **relay_allow;       /* relay-allow= client addresses/CIDRs it relays for */
  guint  relay_loopholes;   /* relay-loophole= SmtpRelayLoophole bits (default none) */
  char **routes;            /* routes= "domain=target" ("*" for any domain) */
  char **hold_for;          /* hold-for= domains whose mail waits for TURN/ETRN */
  char **turn_poll;         /* turn-poll= hosts this host asks for held mail (TURN) */
  gboolean turn_auth;       /* turn-auth=required: TURN only after AUTH (RFC 2645's idea) */
  guint  retry;             /* retry= seconds before the first retry (doubling) */
  guint  queue_lifetime;    /* queue-lifetime= seconds before mail is bounced */
  char  *catch_all;         /* catch-all= the user who gets mail for unknown local parts */
  guint  max_connections;   /* max-connections= sessions at once; more get 421 */
  gboolean tls;             /* tls=true: STARTTLS is offered (RFC 3207) */
  char  *tls_cert, *tls_key;/* tls-cert=, tls-key= PEM files (default: NAME.crt/.key
                               in the lab's certificate folder) */
  char  *listen_tls;        /* listen-tls= ADDR:PORT for TLS from the first byte (RFC 8314) */
  gboolean auth;            /* auth=true: AUTH PLAIN LOGIN (RFC 4954), after TLS */
  gboolean auth_plaintext;  /* auth-plaintext=true: AUTH before TLS too (the lesson) */
  gboolean require_tls;     /* require-tls=true: 530 until STARTTLS (RFC 3207 §4) */
  GPtrArray *faults;        /* fault=, delay=, drop= (SmtpFault*, lib/fault.h) */
  GHashTable *fault_counts; /* arrivals of each command since the host started */
  char  *group;             /* "host Beta.ARPA": for keys later issues add */
} SmtpHostConfig;

/* Loads and checks a scenario: unknown group kinds, unknown keys, a host
 * without listen=, an address whose domain no host serves, or a malformed
 * address are errors that name the group and key. */
SmtpScenario *smtp_scenario_load (const char *path, GError **error);
/* Same, from a string (tests). */
SmtpScenario *smtp_scenario_load_data (const char *data, GError **error);
void          smtp_scenario_free (SmtpScenario *scenario);

/* The file it was loaded from, or NULL (smtp_scenario_load_data). */
const char *smtp_scenario_path (SmtpScenario *scenario);
/* [scenario] title=, or the file name. */
const char *smtp_scenario_title (SmtpScenario *scenario);
/* All hosts in file order (GPtrArray of SmtpHostConfig, owned). */
GPtrArray  *smtp_scenario_hosts (SmtpScenario *scenario);
/* A host by name (case-insensitive), or NULL. */
SmtpHostConfig *smtp_scenario_host (SmtpScenario *scenario, const char *name);
/* The host that is the final destination for domain, or NULL. */
SmtpHostConfig *smtp_scenario_host_for_domain (SmtpScenario *scenario,
                                               const char *domain);
/* Where mail for domain goes next from host: a routes= entry ("*" matches
 * any domain), else the scenario host serving domain; NULL if neither.
 * The answer is a host name or an ADDR:PORT; newly allocated. */
char *smtp_scenario_next_hop (const SmtpHostConfig *host, const char *domain);
/* The address to connect to for a next hop: a host's listen=, or the hop
 * itself when it is an ADDR:PORT; NULL for an unknown name. */
const char *smtp_scenario_hop_address (SmtpScenario *scenario, const char *hop);
/* Does host relay for a client at address (relay=open or relay-allow=)? */
gboolean smtp_host_relays_for (const SmtpHostConfig *host, const char *address);
/* TRUE when domain is one of host's domains (case-insensitive). */
gboolean    smtp_host_serves_domain (const SmtpHostConfig *host, const char *domain);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmtpScenario, smtp_scenario_free)

/* ---- the directory (RFC 821 §3.2 forwarding, §3.3 VRFY and EXPN) ---- */

typedef enum {
  SMTP_DIR_UNKNOWN,      /* nothing matches: 550 */
  SMTP_DIR_USER,         /* a local mailbox: 250 */
  SMTP_DIR_LIST,         /* a mailing list: 250 per member */
  SMTP_DIR_FORWARD,      /* 251 User not local; will forward to <...> */
  SMTP_DIR_MOVED,        /* 551 User not local; please try <...> */
  SMTP_DIR_AMBIGUOUS,    /* 553 User ambiguous (VRFY/EXPN strings only) */
  SMTP_DIR_NOT_LOCAL,    /* the domain is not one of this host's */
} SmtpDirKind;

typedef struct {
  SmtpDirKind kind;
  char *mailbox;         /* canonical "Jones@Beta.ARPA" as the scenario spells it */
  char *local_part;      /* canonical local part: the Maildir folder name */
  char *full_name;       /* user's name= (defaults to the local part) */
  char *forward_path;    /* FORWARD, MOVED: "<Postel@USC-ISIF.ARPA>" */
  GPtrArray *members;    /* LIST: char* lines, "Jon Postel <Postel@USC-ISIF.ARPA>" */
  gboolean expn_denied;  /* LIST: expn=deny, "550 Access Denied to You" */
} SmtpDirEntry;

void smtp_dir_entry_free (SmtpDirEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmtpDirEntry, smtp_dir_entry_free)

/* For RCPT: what local_part@domain is at host.  Local parts compare
 * case-insensitively (a kit choice RFC 821 §2.4 permits).  A domain that is
 * not the host's gives SMTP_DIR_NOT_LOCAL. */
SmtpDirEntry *smtp_directory_lookup_mailbox (const SmtpHostConfig *host,
                                             const char *local_part,
                                             const char *domain);

/* For VRFY and EXPN: what the string names at host (RFC 821 §3.3).  An exact
 * mailbox or local part wins; otherwise each word of the users' names is
 * compared, and more than one match is SMTP_DIR_AMBIGUOUS. */
SmtpDirEntry *smtp_directory_lookup_string (const SmtpHostConfig *host,
                                            const char *string);

/* For smtplab-term: the user login ("Jones", "jones" or "Jones@Beta.ARPA")
 * names at host, in any of its domains (catch-all= included): kind
 * SMTP_DIR_USER with the canonical local_part, or another kind. */
SmtpDirEntry *smtp_directory_lookup_user (const SmtpHostConfig *host, const char *login);
/* The local parts of host's users, in file order, for messages such as
 * "users: Jones, Brown"; NULL-terminated. */
char **smtp_directory_users (const SmtpHostConfig *host);

/* For TURN under turn-auth=required: may the user who logged in as
 * mailbox ("hosta@HOSTB.ARPA", from AUTH) take the mail host holds for
 * domain (the user's turn-for=)? */
gboolean smtp_directory_may_turn (const SmtpHostConfig *host, const char *mailbox,
                                  const char *domain);

/* For AUTH (RFC 4954): is login ("Jones" or "Jones@Beta.ARPA") a user of
 * host whose password= hash matches password?  *mailbox (may be NULL)
 * gets "Jones@Beta.ARPA" when it is. */
gboolean smtp_directory_authenticate (const SmtpHostConfig *host, const char *login,
                                      const char *password, char **mailbox);

#endif
