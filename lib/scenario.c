/* scenario.c - loading a scenario file and answering directory look-ups
 * (docs/scenario-format.md). */
#include "scenario.h"
#include "fault.h"

#include <string.h>

#include <gio/gio.h>

#include "listen.h"
#include "password.h"
#include "smtp-limits.h"

/* One [user|forward|moved|list ADDRESS] group. */
typedef struct {
  SmtpDirKind kind;
  char *local_part;
  char *domain;
  char *full_name;      /* user: name= */
  char *password;       /* user: password= (a hash, password.h) */
  char **turn_for;      /* user: turn-for= held domains it may TURN for */
  char *forward_path;   /* forward, moved: to= */
  GPtrArray *members;   /* list: members= */
  gboolean expn_denied; /* list: expn=deny */
} Entry;

struct _SmtpScenario {
  GKeyFile *keyfile;
  char *path;           /* NULL when loaded from a string */
  char *title;
  GPtrArray *hosts;     /* of SmtpHostConfig */
  GPtrArray *entries;   /* of Entry */
};

/* The keys a host group may have. */
static const char *host_keys[] = {
  "listen", "domains", "greeting", "vrfy", "expn", "turn", "pipelining", "max-recipients",
  "max-message-size", "timeout", "relay", "relay-allow", "relay-loophole", "routes", "hold-for", "turn-poll",
  "turn-auth",
  "retry", "queue-lifetime", "catch-all",
  "tls", "tls-cert", "tls-key", "listen-tls", "auth", "auth-plaintext", "require-tls", "max-connections",
  "fault", "delay", "drop",
};

static void
entry_free (Entry *e)
{
  g_free (e->local_part);
  g_free (e->domain);
  g_free (e->full_name);
  g_free (e->password);
  g_strfreev (e->turn_for);
  g_free (e->forward_path);
  if (e->members)
    g_ptr_array_unref (e->members);
  g_free (e);
}

static void
host_free (SmtpHostConfig *h)
{
  g_free (h->name);
  g_free (h->listen);
  g_strfreev (h->domains);
  g_free (h->greeting);
  g_strfreev (h->relay_allow);
  g_strfreev (h->routes);
  g_strfreev (h->hold_for);
  g_free (h->tls_cert);
  g_free (h->tls_key);
  g_free (h->listen_tls);
  g_strfreev (h->turn_poll);
  if (h->faults)
    g_ptr_array_unref (h->faults);
  if (h->fault_counts)
    g_hash_table_unref (h->fault_counts);
  g_free (h->catch_all);
  g_free (h->group);
  g_free (h);
}

void
smtp_scenario_free (SmtpScenario *s)
{
  if (!s)
    return;
  g_key_file_unref (s->keyfile);
  g_free (s->path);
  g_free (s->title);
  g_ptr_array_unref (s->hosts);
  g_ptr_array_unref (s->entries);
  g_free (s);
}

/* fail - an error that names the group (and key) it is about */
static gboolean
fail (GError **error, const char *group, const char *key, const char *why)
{
  if (key)
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 "[%s] %s: %s", group, key, why);
  else
    g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, "[%s]: %s", group, why);
  return FALSE;
}

/* get_bool - a boolean key with a default; GKeyFile takes true or false
 * (and 1 or 0), nothing else */
static gboolean
get_bool (GKeyFile *kf, const char *group, const char *key, gboolean def, GError **error)
{
  if (!g_key_file_has_key (kf, group, key, NULL))
    return def;
  GError *e = NULL;
  gboolean value = g_key_file_get_boolean (kf, group, key, &e);
  if (e) {
    char *text = g_key_file_get_value (kf, group, key, NULL);
    char *why = g_strdup_printf ("\"%s\" is not a boolean: write true or false", text);
    fail (error, group, key, why);
    g_free (why);
    g_free (text);
    g_error_free (e);
  }
  return value;
}

/* get_uint - a number key with a default and a minimum */
static gboolean
get_uint (GKeyFile *kf, const char *group, const char *key, guint64 def, guint64 min,
          guint64 *out, GError **error)
{
  *out = def;
  if (!g_key_file_has_key (kf, group, key, NULL))
    return TRUE;
  char *text = g_key_file_get_string (kf, group, key, NULL);
  gboolean ok = g_ascii_string_to_unsigned (g_strstrip (text), 10, min, G_MAXUINT32, out, NULL);
  g_free (text);
  if (!ok) {
    char *why = g_strdup_printf ("must be a whole number of at least %" G_GUINT64_FORMAT, min);
    fail (error, group, key, why);
    g_free (why);
  }
  return ok;
}

/* get_list - a ';'-separated list key, trimmed, never NULL */
static char **
get_list (GKeyFile *kf, const char *group, const char *key)
{
  char **list = g_key_file_get_string_list (kf, group, key, NULL, NULL);
  if (!list)
    return g_new0 (char *, 1);
  for (guint i = 0; list[i]; i++)
    g_strstrip (list[i]);
  return list;
}

/* check_address - is the value of key ADDR:PORT? */
static gboolean
check_address (const char *group, const char *key, const char *value, GError **error)
{
  GError *e = NULL;
  if (smtp_split_address (value, NULL, NULL, &e))
    return TRUE;
  fail (error, group, key, e->message);
  g_error_free (e);
  return FALSE;
}

/* get_choice - a key with two words: *set is FALSE for the default one (or
 * no key), TRUE for the other; any other word is an error */
static gboolean
get_choice (GKeyFile *kf, const char *group, const char *key, const char *default_word,
            const char *other_word, gboolean *set, GError **error)
{
  char *value = g_key_file_get_string (kf, group, key, NULL);
  gboolean ok = !value || g_str_equal (g_strstrip (value), default_word)
                || g_str_equal (value, other_word);
  *set = ok && value && g_str_equal (value, other_word);
  g_free (value);
  if (!ok) {
    char *why = g_strdup_printf ("must be %s (the default) or %s", default_word, other_word);
    fail (error, group, key, why);
    g_free (why);
  }
  return ok;
}

/* load_loopholes - relay-loophole= source-route;percent (the open-relay lab) */
static gboolean
load_loopholes (GKeyFile *kf, const char *group, SmtpHostConfig *h, GError **error)
{
  g_auto (GStrv) names = get_list (kf, group, "relay-loophole");
  for (guint i = 0; names[i]; i++) {
    if (g_str_equal (names[i], "source-route"))
      h->relay_loopholes |= SMTP_LOOPHOLE_SOURCE_ROUTE;
    else if (g_str_equal (names[i], "percent"))
      h->relay_loopholes |= SMTP_LOOPHOLE_PERCENT;
    else {
      g_autofree char *why = g_strdup_printf ("\"%s\": expected source-route or percent", names[i]);
      return fail (error, group, "relay-loophole", why);
    }
  }
  return TRUE;
}

/* load_faults - fault=, delay=, drop= (faults on demand, lib/fault.h) */
static gboolean
load_faults (GKeyFile *kf, const char *group, SmtpHostConfig *h, GError **error)
{
  static const struct { const char *key; SmtpFaultKind kind; } keys[] = {
    { "fault", SMTP_FAULT_REPLY }, { "delay", SMTP_FAULT_DELAY }, { "drop", SMTP_FAULT_DROP },
  };
  h->faults = g_ptr_array_new_with_free_func ((GDestroyNotify) smtp_fault_free);
  h->fault_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++) {
    g_auto (GStrv) entries = get_list (kf, group, keys[k].key);
    for (guint i = 0; entries[i]; i++) {
      g_autofree char *why = NULL;
      SmtpFault *f = smtp_fault_parse (keys[k].kind, entries[i], &why);
      if (!f)
        return fail (error, group, keys[k].key, why);
      g_ptr_array_add (h->faults, f);
    }
  }
  return TRUE;
}

/* load_relay_keys - relay=, relay-allow=, relay-loophole=, routes=, hold-for=,
 * turn-auth= */
static gboolean
load_relay_keys (GKeyFile *kf, const char *group, SmtpHostConfig *h, GError **error)
{
  if (!get_choice (kf, group, "relay", "deny", "open", &h->relay_open, error))
    return FALSE;
  h->relay_allow = get_list (kf, group, "relay-allow");
  for (guint i = 0; h->relay_allow[i]; i++) {
    GInetAddressMask *mask = g_inet_address_mask_new_from_string (h->relay_allow[i], NULL);
    if (!mask)
      return fail (error, group, "relay-allow", "expected addresses or CIDRs like 127.0.0.0/8");
    g_object_unref (mask);
  }
  if (!load_loopholes (kf, group, h, error))
    return FALSE;
  h->routes = get_list (kf, group, "routes");
  for (guint i = 0; h->routes[i]; i++)
    if (!strchr (h->routes[i], '='))
      return fail (error, group, "routes", "expected domain=host entries, e.g. *=USC-ISIF.ARPA");
  h->hold_for = get_list (kf, group, "hold-for");
  h->turn_poll = get_list (kf, group, "turn-poll");
  /* RFC 2645's idea: TURN only for a client that logged in (AUTH) */
  if (!get_choice (kf, group, "turn-auth", "none", "required", &h->turn_auth, error))
    return FALSE;
  h->catch_all = g_key_file_get_string (kf, group, "catch-all", NULL);
  return TRUE;
}

/* load_security_keys - tls=, tls-cert=, tls-key=, listen-tls=, auth=,
 * auth-plaintext=, require-tls= */
static gboolean
load_security_keys (GKeyFile *kf, const char *group, SmtpHostConfig *h, GError **error)
{
  GError *e = NULL;
  h->tls = get_bool (kf, group, "tls", FALSE, &e);
  if (!e)
    h->auth = get_bool (kf, group, "auth", FALSE, &e);
  if (!e)
    h->auth_plaintext = get_bool (kf, group, "auth-plaintext", FALSE, &e);
  if (!e)
    h->require_tls = get_bool (kf, group, "require-tls", FALSE, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  h->tls_cert = g_key_file_get_string (kf, group, "tls-cert", NULL);
  h->tls_key = g_key_file_get_string (kf, group, "tls-key", NULL);
  h->listen_tls = g_key_file_get_string (kf, group, "listen-tls", NULL);
  if (h->listen_tls && !check_address (group, "listen-tls", g_strstrip (h->listen_tls), error))
    return FALSE;
  if (h->auth_plaintext && !h->auth)
    return fail (error, group, "auth-plaintext", "needs auth=true");
  if (h->require_tls && !h->tls)
    return fail (error, group, "require-tls", "needs tls=true");
  if (h->turn_auth && (!h->turn || !h->auth))
    return fail (error, group, "turn-auth", "required needs turn=true and auth=true");
  return TRUE;
}

/* load_host - one [host NAME] group */
static gboolean
load_host (SmtpScenario *s, const char *group, GError **error)
{
  GKeyFile *kf = s->keyfile;
  char **keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys[i]; i++) {
    gboolean known = FALSE;
    for (guint k = 0; k < G_N_ELEMENTS (host_keys); k++)
      known = known || g_str_equal (keys[i], host_keys[k]);
    if (!known) {
      fail (error, group, keys[i], "unknown key (see docs/scenario-format.md)");
      g_strfreev (keys);
      return FALSE;
    }
  }
  g_strfreev (keys);

  SmtpHostConfig *h = g_new0 (SmtpHostConfig, 1);
  g_ptr_array_add (s->hosts, h);
  h->scenario = s;
  h->group = g_strdup (group);
  h->name = g_strstrip (g_strdup (group + strlen ("host")));
  h->listen = g_key_file_get_string (kf, group, "listen", NULL);
  if (!h->listen)
    return fail (error, group, NULL, "listen=ADDR:PORT is required");
  if (!check_address (group, "listen", g_strstrip (h->listen), error))
    return FALSE;
  h->domains = g_key_file_get_string_list (kf, group, "domains", NULL, NULL);
  if (!h->domains || !h->domains[0]) {
    g_strfreev (h->domains);
    h->domains = g_new0 (char *, 2);
    h->domains[0] = g_strdup (h->name);
  }
  for (guint i = 0; h->domains[i]; i++)
    g_strstrip (h->domains[i]);
  h->greeting = g_key_file_get_string (kf, group, "greeting", NULL);
  if (!h->greeting)
    h->greeting = g_strdup ("Simple Mail Transfer Service Ready");

  GError *e = NULL;
  h->vrfy = get_bool (kf, group, "vrfy", TRUE, &e);
  if (!e)
    h->expn = get_bool (kf, group, "expn", TRUE, &e);
  if (!e)
    h->turn = get_bool (kf, group, "turn", FALSE, &e);
  if (!e)
    h->pipelining = get_bool (kf, group, "pipelining", TRUE, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  guint64 n;
  if (!get_uint (kf, group, "max-recipients", SMTP_LIMIT_RECIPIENTS, SMTP_LIMIT_RECIPIENTS, &n, error))
    return FALSE;
  h->max_recipients = n;
  if (!get_uint (kf, group, "max-message-size", SMTP_LIMIT_MESSAGE_SIZE, 1024, &n, error))
    return FALSE;
  h->max_message_size = n;
  if (!get_uint (kf, group, "timeout", SMTP_TIMEOUT_SERVER, 1, &n, error))
    return FALSE;
  h->timeout = n;
  if (!get_uint (kf, group, "retry", 60, 1, &n, error))
    return FALSE;
  h->retry = n;
  if (!get_uint (kf, group, "queue-lifetime", 5 * 24 * 3600, 1, &n, error))  /* RFC 5321 §4.5.4.1 */
    return FALSE;
  h->queue_lifetime = n;
  if (!get_uint (kf, group, "max-connections", SMTP_LIMIT_CONNECTIONS, 1, &n, error))
    return FALSE;
  h->max_connections = n;
  return load_relay_keys (kf, group, h, error) && load_security_keys (kf, group, h, error)
         && load_faults (kf, group, h, error);
}

/* split_address - "local@domain" at the last '@'; FALSE if either is empty */
static gboolean
split_address (const char *address, char **local_part, char **domain)
{
  const char *at = strrchr (address, '@');
  if (!at || at == address || !at[1] || strpbrk (address, " <>"))
    return FALSE;
  *local_part = g_strndup (address, at - address);
  *domain = g_strdup (at + 1);
  return TRUE;
}

/* bracket - "<a@b>" for "a@b" or "<a@b>" */
static char *
bracket (const char *path)
{
  char *p = g_strstrip (g_strdup (path));
  if (p[0] == '<')
    return p;
  char *b = g_strdup_printf ("<%s>", p);
  g_free (p);
  return b;
}

/* load_entry - one [user|forward|moved|list ADDRESS] group */
static gboolean
load_entry (SmtpScenario *s, const char *group, SmtpDirKind kind, const char *address,
            GError **error)
{
  static const char *allowed[][4] = {
    [SMTP_DIR_USER] = { "name", "password", "turn-for" },
    [SMTP_DIR_FORWARD] = { "to", NULL, NULL },
    [SMTP_DIR_MOVED] = { "to", NULL, NULL },
    [SMTP_DIR_LIST] = { "members", "expn", NULL },
  };
  GKeyFile *kf = s->keyfile;
  char **keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (guint i = 0; keys[i]; i++) {
    gboolean known = FALSE;
    for (guint k = 0; allowed[kind][k]; k++)
      known = known || g_str_equal (keys[i], allowed[kind][k]);
    if (!known) {
      fail (error, group, keys[i], "unknown key (see docs/scenario-format.md)");
      g_strfreev (keys);
      return FALSE;
    }
  }
  g_strfreev (keys);

  Entry *e = g_new0 (Entry, 1);
  g_ptr_array_add (s->entries, e);
  e->kind = kind;
  if (!split_address (address, &e->local_part, &e->domain))
    return fail (error, group, NULL, "expected an address local@domain after the kind");
  if (kind == SMTP_DIR_USER) {
    e->full_name = g_key_file_get_string (kf, group, "name", NULL);
    if (!e->full_name)
      e->full_name = g_strdup (e->local_part);
    e->password = g_key_file_get_string (kf, group, "password", NULL);
    if (e->password && !smtp_password_is_hash (g_strstrip (e->password)))
      return fail (error, group, "password", "must be a hash, never the password itself: "
                   "make one with smtplab-server --hash-password");
    e->turn_for = get_list (kf, group, "turn-for");
  } else if (kind == SMTP_DIR_FORWARD || kind == SMTP_DIR_MOVED) {
    char *to = g_key_file_get_string (kf, group, "to", NULL);
    if (!to)
      return fail (error, group, NULL, "to=<new address> is required");
    e->forward_path = bracket (to);
    g_free (to);
  } else {
    char **members = g_key_file_get_string_list (kf, group, "members", NULL, NULL);
    e->members = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; members && members[i]; i++)
      if (*g_strstrip (members[i]))
        g_ptr_array_add (e->members, g_strdup (members[i]));
    g_strfreev (members);
    char *expn = g_key_file_get_string (kf, group, "expn", NULL);
    if (expn && !g_str_equal (g_strstrip (expn), "allow") && !g_str_equal (expn, "deny")) {
      g_free (expn);
      return fail (error, group, "expn", "must be allow or deny");
    }
    e->expn_denied = expn && g_str_equal (expn, "deny");
    g_free (expn);
  }
  return TRUE;
}

/* load_groups - every group, by kind */
static gboolean
load_groups (SmtpScenario *s, GError **error)
{
  static const struct { const char *kind; SmtpDirKind dir; } kinds[] = {
    { "user", SMTP_DIR_USER }, { "forward", SMTP_DIR_FORWARD },
    { "moved", SMTP_DIR_MOVED }, { "list", SMTP_DIR_LIST },
  };
  char **groups = g_key_file_get_groups (s->keyfile, NULL);
  gboolean ok = TRUE;
  for (guint i = 0; groups[i] && ok; i++) {
    const char *g = groups[i];
    gsize n = strcspn (g, " ");
    if (g_str_equal (g, "scenario"))
      continue;
    if (n == 4 && g_str_has_prefix (g, "host") && g[n]) {
      ok = load_host (s, g, error);
      continue;
    }
    gboolean known = FALSE;
    for (guint k = 0; k < G_N_ELEMENTS (kinds) && ok; k++)
      if (strlen (kinds[k].kind) == n && strncmp (g, kinds[k].kind, n) == 0 && g[n]) {
        char *address = g_strstrip (g_strdup (g + n));
        ok = load_entry (s, g, kinds[k].dir, address, error);
        g_free (address);
        known = TRUE;
      }
    if (!known && ok)
      ok = fail (error, g, NULL, "unknown kind of group (host, user, forward, moved, list, scenario)");
  }
  g_strfreev (groups);
  return ok;
}

/* in_list - is name in list (case-insensitive)? */
static gboolean
in_list (char **list, const char *name)
{
  for (guint i = 0; list && list[i]; i++)
    if (g_ascii_strcasecmp (list[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* check_turn_for - a user's turn-for= domains are held by its own host */
static gboolean
check_turn_for (SmtpScenario *s, const Entry *e, GError **error)
{
  const SmtpHostConfig *owner = smtp_scenario_host_for_domain (s, e->domain);
  for (guint i = 0; e->turn_for && e->turn_for[i]; i++)
    if (!in_list (owner->hold_for, e->turn_for[i])) {
      char *group = g_strdup_printf ("user %s@%s", e->local_part, e->domain);
      char *why = g_strdup_printf ("%s is not in hold-for= of %s", e->turn_for[i], owner->name);
      fail (error, group, "turn-for", why);
      g_free (why);
      g_free (group);
      return FALSE;
    }
  return TRUE;
}

/* check_owners - every address belongs to a host of the scenario */
static gboolean
check_owners (SmtpScenario *s, GError **error)
{
  static const char *names[] = { "", "user", "list", "forward", "moved" };
  for (guint i = 0; i < s->entries->len; i++) {
    Entry *e = g_ptr_array_index (s->entries, i);
    if (!smtp_scenario_host_for_domain (s, e->domain)) {
      char *group = g_strdup_printf ("%s %s@%s", names[e->kind], e->local_part, e->domain);
      char *why = g_strdup_printf ("no host has %s in its domains", e->domain);
      fail (error, group, NULL, why);
      g_free (why);
      g_free (group);
      return FALSE;
    }
    if (!check_turn_for (s, e, error))
      return FALSE;
  }
  return TRUE;
}

static SmtpScenario *
scenario_from_keyfile (GKeyFile *kf, const char *fallback_title, GError **error)
{
  SmtpScenario *s = g_new0 (SmtpScenario, 1);
  s->keyfile = kf;
  s->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  s->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  s->title = g_key_file_get_string (kf, "scenario", "title", NULL);
  if (!s->title)
    s->title = g_strdup (fallback_title);
  if (!load_groups (s, error) || !check_owners (s, error)) {
    smtp_scenario_free (s);
    return NULL;
  }
  return s;
}

/* check_groups_once - each [group] once: GKeyFile would silently merge a
 * second [host A] into the first, so we look at the group lines ourselves */
static gboolean
check_groups_once (const char *data, GError **error)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char **lines = g_strsplit (data, "\n", -1);
  gboolean ok = TRUE;
  for (guint i = 0; lines[i] && ok; i++) {
    char *line = g_strstrip (lines[i]);
    char *close = strrchr (line, ']');
    if (line[0] != '[' || !close)
      continue;
    char *group = g_strndup (line + 1, close - line - 1);
    guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, group));
    if (first) {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   "[%s] appears twice, on lines %u and %u: put its keys in one group",
                   group, first, i + 1);
      ok = FALSE;
      g_free (group);
    } else {
      g_hash_table_insert (seen, group, GUINT_TO_POINTER (i + 1));
    }
  }
  g_strfreev (lines);
  g_hash_table_unref (seen);
  return ok;
}

SmtpScenario *
smtp_scenario_load (const char *path, GError **error)
{
  char *data;
  if (!g_file_get_contents (path, &data, NULL, error))
    return NULL;                                 /* the message names the file */
  char *base = g_path_get_basename (path);
  SmtpScenario *s = NULL;
  GKeyFile *kf = g_key_file_new ();
  if (check_groups_once (data, error)
      && g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_NONE, error))
    s = scenario_from_keyfile (g_key_file_ref (kf), base, error);
  g_key_file_unref (kf);
  if (s)
    s->path = g_strdup (path);
  else
    g_prefix_error (error, "%s: ", path);
  g_free (base);
  g_free (data);
  return s;
}

SmtpScenario *
smtp_scenario_load_data (const char *data, GError **error)
{
  GKeyFile *kf = g_key_file_new ();
  if (!check_groups_once (data, error)
      || !g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_NONE, error)) {
    g_key_file_unref (kf);
    return NULL;
  }
  return scenario_from_keyfile (kf, "scenario", error);
}

const char *
smtp_scenario_path (SmtpScenario *s)
{
  return s->path;
}

const char *
smtp_scenario_title (SmtpScenario *s)
{
  return s->title;
}

GPtrArray *
smtp_scenario_hosts (SmtpScenario *s)
{
  return s->hosts;
}

SmtpHostConfig *
smtp_scenario_host (SmtpScenario *s, const char *name)
{
  for (guint i = 0; i < s->hosts->len; i++) {
    SmtpHostConfig *h = g_ptr_array_index (s->hosts, i);
    if (g_ascii_strcasecmp (h->name, name) == 0)
      return h;
  }
  return NULL;
}

gboolean
smtp_host_serves_domain (const SmtpHostConfig *h, const char *domain)
{
  for (guint i = 0; h->domains[i]; i++)
    if (g_ascii_strcasecmp (h->domains[i], domain) == 0)
      return TRUE;
  /* RFC 5321 §4.1.3: "[127.0.0.11]" names the host at that address, as
   * "[IPv6:::1]" does; the host listens there */
  const char *colon = strrchr (h->listen, ':');
  char *ip = g_strndup (h->listen, colon ? (gsize) (colon - h->listen) : strlen (h->listen));
  g_strstrip (g_strdelimit (ip, "[]", ' '));
  char *literal = strchr (ip, ':') ? g_strdup_printf ("[IPv6:%s]", ip) : g_strdup_printf ("[%s]", ip);
  gboolean mine = g_ascii_strcasecmp (literal, domain) == 0;
  g_free (literal);
  g_free (ip);
  return mine;
}

SmtpHostConfig *
smtp_scenario_host_for_domain (SmtpScenario *s, const char *domain)
{
  for (guint i = 0; i < s->hosts->len; i++) {
    SmtpHostConfig *h = g_ptr_array_index (s->hosts, i);
    if (smtp_host_serves_domain (h, domain))
      return h;
  }
  return NULL;
}

/* ---- the directory ---- */

void
smtp_dir_entry_free (SmtpDirEntry *d)
{
  if (!d)
    return;
  g_free (d->mailbox);
  g_free (d->local_part);
  g_free (d->full_name);
  g_free (d->forward_path);
  if (d->members)
    g_ptr_array_unref (d->members);
  g_free (d);
}

static SmtpDirEntry *
dir_entry (SmtpDirKind kind)
{
  SmtpDirEntry *d = g_new0 (SmtpDirEntry, 1);
  d->kind = kind;
  return d;
}

/* answer - what the directory says about one scenario entry */
static SmtpDirEntry *
answer (const Entry *e)
{
  SmtpDirEntry *d = dir_entry (e->kind);
  d->mailbox = g_strdup_printf ("%s@%s", e->local_part, e->domain);
  d->local_part = g_strdup (e->local_part);
  d->full_name = g_strdup (e->full_name ? e->full_name : e->local_part);
  d->forward_path = g_strdup (e->forward_path);
  if (e->members)
    d->members = g_ptr_array_ref (e->members);
  d->expn_denied = e->expn_denied;
  return d;
}

SmtpDirEntry *
smtp_directory_lookup_mailbox (const SmtpHostConfig *host, const char *local_part,
                               const char *domain)
{
  if (!smtp_host_serves_domain (host, domain))
    return dir_entry (SMTP_DIR_NOT_LOCAL);
  /* the address literal "[127.0.0.11]" stands for any of the host's domains */
  gboolean literal = domain[0] == '[';
  GPtrArray *entries = host->scenario->entries;
  for (guint i = 0; i < entries->len; i++) {
    const Entry *e = g_ptr_array_index (entries, i);
    if (g_ascii_strcasecmp (e->local_part, local_part) == 0
        && (g_ascii_strcasecmp (e->domain, domain) == 0
            || (literal && smtp_host_serves_domain (host, e->domain))))
      return answer (e);
  }
  if (host->catch_all) {              /* every other local part goes to one user */
    SmtpDirEntry *d = dir_entry (SMTP_DIR_USER);
    d->mailbox = g_strdup_printf ("%s@%s", local_part, domain);
    d->local_part = g_strdup (host->catch_all);
    d->full_name = g_strdup (host->catch_all);
    return d;
  }
  return dir_entry (SMTP_DIR_UNKNOWN);
}

SmtpDirEntry *
smtp_directory_lookup_user (const SmtpHostConfig *host, const char *login)
{
  char *local_part = NULL, *domain = NULL;
  if (split_address (login, &local_part, &domain)) {
    SmtpDirEntry *d = smtp_directory_lookup_mailbox (host, local_part, domain);
    g_free (local_part);
    g_free (domain);
    return d;
  }
  SmtpDirEntry *d = NULL;
  for (guint i = 0; host->domains[i]; i++) {
    smtp_dir_entry_free (d);
    d = smtp_directory_lookup_mailbox (host, login, host->domains[i]);
    if (d->kind != SMTP_DIR_UNKNOWN)
      break;
  }
  return d;
}

char **
smtp_directory_users (const SmtpHostConfig *host)
{
  GPtrArray *users = g_ptr_array_new ();
  GPtrArray *entries = host->scenario->entries;
  for (guint i = 0; i < entries->len; i++) {
    const Entry *e = g_ptr_array_index (entries, i);
    if (e->kind == SMTP_DIR_USER && smtp_host_serves_domain (host, e->domain))
      g_ptr_array_add (users, g_strdup (e->local_part));
  }
  g_ptr_array_add (users, NULL);
  return (char **) g_ptr_array_free (users, FALSE);
}

/* name_has_word - does the full name hold word (case-insensitive)? */
static gboolean
name_has_word (const char *full_name, const char *word)
{
  char **words = g_strsplit_set (full_name, " .,", -1);
  gboolean found = FALSE;
  for (guint i = 0; words[i] && !found; i++)
    found = g_ascii_strcasecmp (words[i], word) == 0;
  g_strfreev (words);
  return found;
}

SmtpDirEntry *
smtp_directory_lookup_string (const SmtpHostConfig *host, const char *string)
{
  char *text = g_strstrip (g_strdup (string));
  if (text[0] == '<' && text[strlen (text) - 1] == '>') {
    memmove (text, text + 1, strlen (text));
    text[strlen (text) - 1] = '\0';
  }
  char *local_part, *domain;
  if (split_address (text, &local_part, &domain)) {
    SmtpDirEntry *d = smtp_directory_lookup_mailbox (host, local_part, domain);
    if (d->kind == SMTP_DIR_NOT_LOCAL)
      d->kind = SMTP_DIR_UNKNOWN;
    g_free (local_part);
    g_free (domain);
    g_free (text);
    return d;
  }
  /* RFC 821 §3.3: a user name; the local part first, then the words of
   * the users' full names, where two matches are ambiguous (553) */
  GPtrArray *entries = host->scenario->entries;
  const Entry *exact = NULL, *by_name = NULL;
  guint name_matches = 0;
  for (guint i = 0; i < entries->len; i++) {
    const Entry *e = g_ptr_array_index (entries, i);
    if (!smtp_host_serves_domain (host, e->domain))
      continue;
    if (!exact && g_ascii_strcasecmp (e->local_part, text) == 0)
      exact = e;
    else if (e->kind == SMTP_DIR_USER && name_has_word (e->full_name, text)) {
      by_name = e;
      name_matches++;
    }
  }
  g_free (text);
  if (exact)
    return answer (exact);
  if (name_matches > 1)
    return dir_entry (SMTP_DIR_AMBIGUOUS);
  if (by_name)
    return answer (by_name);
  return dir_entry (SMTP_DIR_UNKNOWN);
}

/* ---- routing and relay policy ---- */

char *
smtp_scenario_next_hop (const SmtpHostConfig *host, const char *domain)
{
  for (guint i = 0; host->routes[i]; i++) {
    const char *eq = strchr (host->routes[i], '=');
    char *key = g_strndup (host->routes[i], eq - host->routes[i]);
    gboolean match = g_str_equal (g_strstrip (key), "*") || g_ascii_strcasecmp (key, domain) == 0;
    g_free (key);
    if (match)
      return g_strstrip (g_strdup (eq + 1));
  }
  const SmtpHostConfig *owner = smtp_scenario_host_for_domain (host->scenario, domain);
  if (!owner)
    owner = smtp_scenario_host (host->scenario, domain);     /* a host by name, e.g. ONE */
  return owner ? g_strdup (owner->name) : NULL;
}

const char *
smtp_scenario_hop_address (SmtpScenario *scenario, const char *hop)
{
  const SmtpHostConfig *h = smtp_scenario_host (scenario, hop);
  if (h)
    return h->listen;
  return strchr (hop, ':') ? hop : NULL;
}

gboolean
smtp_host_relays_for (const SmtpHostConfig *host, const char *address)
{
  if (host->relay_open)
    return TRUE;
  GInetAddress *peer = g_inet_address_new_from_string (address);
  gboolean allowed = FALSE;
  for (guint i = 0; peer && host->relay_allow[i] && !allowed; i++) {
    GInetAddressMask *mask = g_inet_address_mask_new_from_string (host->relay_allow[i], NULL);
    allowed = mask && g_inet_address_mask_matches (mask, peer);
    g_clear_object (&mask);
  }
  g_clear_object (&peer);
  return allowed;
}

/* smtp_directory_may_turn - RFC 2645's idea (ATRN): the client that logged
 * in as mailbox takes only the held mail its turn-for= names */
gboolean
smtp_directory_may_turn (const SmtpHostConfig *host, const char *mailbox, const char *domain)
{
  char *local_part, *mail_domain;
  if (!split_address (mailbox, &local_part, &mail_domain))
    return FALSE;
  gboolean may = FALSE;
  GPtrArray *entries = host->scenario->entries;
  for (guint i = 0; i < entries->len && !may; i++) {
    const Entry *e = g_ptr_array_index (entries, i);
    may = e->kind == SMTP_DIR_USER && smtp_host_serves_domain (host, e->domain)
          && g_ascii_strcasecmp (e->local_part, local_part) == 0
          && g_ascii_strcasecmp (e->domain, mail_domain) == 0
          && in_list (e->turn_for, domain);
  }
  g_free (local_part);
  g_free (mail_domain);
  return may;
}

gboolean
smtp_directory_authenticate (const SmtpHostConfig *host, const char *login,
                             const char *password, char **mailbox)
{
  char *local_part = NULL, *domain = NULL;
  if (!split_address (login, &local_part, &domain)) {
    local_part = g_strdup (login);
    domain = NULL;
  }
  gboolean ok = FALSE;
  GPtrArray *entries = host->scenario->entries;
  for (guint i = 0; i < entries->len && !ok; i++) {
    const Entry *e = g_ptr_array_index (entries, i);
    if (e->kind != SMTP_DIR_USER || !e->password || !smtp_host_serves_domain (host, e->domain)
        || g_ascii_strcasecmp (e->local_part, local_part) != 0
        || (domain && g_ascii_strcasecmp (e->domain, domain) != 0))
      continue;
    ok = smtp_password_check (e->password, password);
    if (ok && mailbox)
      *mailbox = g_strdup_printf ("%s@%s", e->local_part, e->domain);
  }
  g_free (local_part);
  g_free (domain);
  return ok;
}
