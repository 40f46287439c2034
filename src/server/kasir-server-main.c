/* kasir-server-main.c — the kasir-server command line.
 *
 *   kasir-server init     --db PATH
 *       Creates a new, empty database (mode 0600). Refuses to overwrite an existing file.
 *       Unless --tls-cert is given, also makes a self-signed certificate and its key beside
 *       the database (PATH.cert.pem, PATH.key.pem 0600; see kasir-server-tls.h) when they
 *       do not exist yet, and prints its fingerprint.
 *   kasir-server demo     --db PATH
 *       Loads the demo: 2 outlets, a chain catalog of more than 2,000 minimarket products
 *       (EAN-13 barcodes, IDR prices with 11% VAT included), stock per outlet, 3 staff per
 *       outlet (one manager) and 200 customers. Creates the database first when PATH does
 *       not exist. Prints each demo staff member's PIN once ("staff Siti Rahayu (manager,
 *       outlet 1) PIN 4821"); only Argon2id hashes are stored, so note them. Makes the
 *       certificate as init does.
 *   kasir-server outlets  --db PATH
 *       One line per outlet: ID<TAB>NAME.
 *   kasir-server add-outlet --db PATH NAME
 *       Adds an outlet and prints its id.
 *   kasir-server add-staff --db PATH --outlet ID --role cashier|manager NAME
 *       Adds a staff member. The PIN (4 to 12 digits) is read from standard input, never
 *       from the command line; on a terminal it is asked for without echo. Only its
 *       Argon2id hash is stored.
 *   kasir-server set-setting --db PATH --outlet ID KEY [VALUE]
 *       Sets one of the outlet's settings (the shop on the receipt, the loyalty rule,
 *       approval limits: see kasir-setting-keys.h), or removes it when no VALUE is given;
 *       the outlet's tills get it with their next pull.
 *   kasir-server enroll   --db PATH --outlet ID [--expires MINUTES]
 *       Prints a one-time enrollment code for a new terminal of the outlet as the last
 *       line of stdout (default expiry 60 minutes). Only its hash is stored.
 *   kasir-server import   --db PATH FILE.csv
 *       Creates or updates products from a CSV file, all or nothing. Columns (header row):
 *       sku, name, price, tax_rate required; barcode, category, stock, outlet optional.
 *       Stock is set on the given outlet, or on every outlet when there is no outlet.
 *       Errors name the line and column. See kasir-server-catalog.h.
 *   kasir-server import-outbox --db PATH FILE
 *       Applies a terminal's exported outbox (see kasir-outbox-bundle.h): the passphrase
 *       is read from standard input (without echo on a terminal), never from the command
 *       line; the signature must match the key that terminal registered. Mutations the
 *       server already has are not applied again. Prints what was applied.
 *   kasir-server compact  --db PATH [--retention-days N]
 *       Drops deletion tombstones older than the retention window (default 30 days);
 *       terminals whose cursor is older re-download a snapshot.
 *   kasir-server serve    --db PATH --listen HOST:PORT [--metrics-listen HOST:PORT]
 *                         [--tls-cert FILE --tls-key FILE] [--insecure-http]
 *                         [--retention-days N] [--max-connections N]
 *                         [--max-per-address N] [--request-timeout SECONDS]
 *       Serves the sync protocol. Port 0 picks a free port; the address is printed as
 *       "listening on https://HOST:PORT". Without --tls-cert/--tls-key it uses the
 *       certificate beside the database when there is one. Plain HTTP (no certificate, or
 *       --insecure-http) is refused on an address other than loopback unless
 *       --insecure-http is given. Warns when the database is not encrypted or can be read
 *       by others. With --metrics-listen, GET /metrics is served only there, in plain HTTP
 *       ("metrics on http://HOST:PORT"). Tombstones are pruned at start and every hour.
 *       Connections are bounded (kasir-server-guard.h): --max-connections in all (4096),
 *       --max-per-address from one peer address (256), and --request-timeout seconds for a
 *       request to arrive whole (30; an answer gets twice that to be taken).
 *   kasir-server fingerprint --db PATH | --tls-cert FILE
 *       Prints the SHA-256 fingerprint of the server's certificate ("AB:CD:…"), exactly as
 *       a till shows it at enrollment.
 *   kasir-server set-pin --db PATH --staff ID
 *       Sets a new PIN for a staff member, read from standard input like add-staff's (never
 *       from the command line). The tills of the outlet get it with their next pull; the
 *       old PIN stops working there then.
 *   kasir-server deactivate-staff --db PATH --staff ID
 *       The staff member can no longer sign in or approve anything, on any till after its
 *       next pull. What they did stays on record.
 *   kasir-server revoke-terminal --db PATH --terminal ID
 *       Revokes a terminal's token: its requests are answered 401 "revoked" from now on. The
 *       till keeps its unsent changes, which can be exported and imported (import-outbox).
 *
 * Every command takes the database key, for an encrypted database, from --key-file FILE
 * (the first line of the file) or from the KASIR_SERVER_DB_KEY environment variable; never
 * from the command line. Without either, the database is plain SQLite.
 * Every command exits 0 on success and 1 with a message on stderr on error.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <errno.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "kasir-pin.h"
#include "kasir-roles.h"
#include "kasir-server.h"
#include "kasir-server-catalog.h"
#include "kasir-server-import.h"
#include "kasir-server-prune.h"
#include "kasir-server-tls.h"
#include "kasir-outbox-bundle.h"

#define DEFAULT_RETENTION_DAYS 30

static char *opt_db;
static char *opt_key_file;
static char *opt_listen;
static char *opt_metrics_listen;
static char *opt_tls_cert;
static char *opt_tls_key;
static char *opt_role;
static gint64 opt_outlet;
static gint64 opt_terminal;
static gint64 opt_staff;
static gboolean opt_insecure_http;
static int opt_expires = 60;
static int opt_retention_days = DEFAULT_RETENTION_DAYS;
static int opt_max_connections = -1;
static int opt_max_per_address = -1;
static int opt_request_timeout = -1;
static int opt_workers = -1;
static int opt_max_queue = -1;

static gboolean opt_version;

static GOptionEntry entries[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and quit", NULL },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db, "Database file, or a postgresql:// URI", "PATH|URI" },
  { "key-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_key_file, "File holding the database key", "FILE" },
  { "listen", 0, 0, G_OPTION_ARG_STRING, &opt_listen, "Address to serve on", "HOST:PORT" },
  { "metrics-listen", 0, 0, G_OPTION_ARG_STRING, &opt_metrics_listen, "Separate address for /metrics", "HOST:PORT" },
  { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_cert, "TLS certificate (PEM)", "FILE" },
  { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &opt_tls_key, "TLS private key (PEM)", "FILE" },
  { "insecure-http", 0, 0, G_OPTION_ARG_NONE, &opt_insecure_http, "Serve plain HTTP (needed off loopback)", NULL },
  { "outlet", 0, 0, G_OPTION_ARG_INT64, &opt_outlet, "Outlet id", "ID" },
  { "terminal", 0, 0, G_OPTION_ARG_INT64, &opt_terminal, "Terminal id", "ID" },
  { "staff", 0, 0, G_OPTION_ARG_INT64, &opt_staff, "Staff member id", "ID" },
  { "role", 0, 0, G_OPTION_ARG_STRING, &opt_role, "Staff role: cashier, supervisor or manager", "ROLE" },
  { "expires", 0, 0, G_OPTION_ARG_INT, &opt_expires, "Minutes an enrollment code stays valid", "MINUTES" },
  { "retention-days", 0, 0, G_OPTION_ARG_INT, &opt_retention_days, "Days deletion tombstones are kept", "N" },
  { "max-connections", 0, 0, G_OPTION_ARG_INT, &opt_max_connections, "Connections held at most", "N" },
  { "max-per-address", 0, 0, G_OPTION_ARG_INT, &opt_max_per_address, "Connections from one address at most", "N" },
  { "request-timeout", 0, 0, G_OPTION_ARG_INT, &opt_request_timeout, "Seconds for a request to arrive", "SECONDS" },
  { "workers", 0, 0, G_OPTION_ARG_INT, &opt_workers,
    "Database connections that write (PostgreSQL; SQLite has one writer)", "N" },
  { "max-queue", 0, 0, G_OPTION_ARG_INT, &opt_max_queue,
    "Requests that may wait for a busy worker before more are answered 503", "N" },
  { NULL }
};

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "kasir-server: %s\n", text);
  return 1;
}

/* The database key from --key-file or KASIR_SERVER_DB_KEY; NULL for a plain database. */
static gboolean
read_key (char   **out,
          GError **error)
{
  const char *env = g_getenv ("KASIR_SERVER_DB_KEY");

  *out = NULL;
  if (opt_key_file != NULL)
    {
      g_autofree char *contents = NULL;
      char *nl;

      if (!g_file_get_contents (opt_key_file, &contents, NULL, error))
        return FALSE;
      nl = strpbrk (contents, "\r\n");
      if (nl != NULL)
        *nl = '\0';
      if (*contents == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s holds no key", opt_key_file);
          return FALSE;
        }
      *out = g_steal_pointer (&contents);
      return TRUE;
    }
  if (env != NULL && *env != '\0')
    *out = g_strdup (env);
  return TRUE;
}

static gboolean opened_encrypted;

static KasirServerStore *
open_store (gboolean   create,
            GError   **error)
{
  g_autofree char *key = NULL;
  KasirServerStore *store;

  if (opt_db == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--db PATH is required");
      return NULL;
    }
  if (!read_key (&key, error))
    return NULL;
  store = kasir_server_store_open (opt_db, key, create, error);
  opened_encrypted = key != NULL;
  if (key != NULL)
    sodium_memzero (key, strlen (key));
  return store;
}

/* Database work runs on worker threads with their own connections, so that the main
 * loop only serves HTTP: SQLite has one writer (the file has one write lock) and
 * PostgreSQL --workers (4 by default); both have two readers for pulls and metrics. */
#define DEFAULT_PG_WORKERS 4
#define N_READERS 2

static gboolean
start_workers (KasirServer  *server,
               GError      **error)
{
  g_autofree char *key = NULL;
  guint writers = DEFAULT_PG_WORKERS;
  gboolean ok;

  if (opt_workers != -1 && (opt_workers < 1 || opt_workers > 64))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--workers takes 1 to 64");
      return FALSE;
    }
  if (opt_max_queue < -1 || opt_max_queue > 100000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "--max-queue takes 0 to 100000");
      return FALSE;
    }
  if (opt_max_queue >= 0)
    kasir_server_set_max_queue (server, (guint) opt_max_queue);
  if (opt_workers > 0)
    writers = (guint) opt_workers;
  if (!kasir_server_store_is_pg_uri (opt_db))
    writers = 1;
  if (!read_key (&key, error))
    return FALSE;
  ok = kasir_server_set_workers (server, opt_db, key, writers, N_READERS, error);
  if (key != NULL)
    sodium_memzero (key, strlen (key));
  return ok;
}

/* The self-signed certificate beside the database, made once, unless the person brings
 * their own with --tls-cert. */
static gboolean
ensure_certificate (GError **error)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *fingerprint = NULL;

  if (opt_tls_cert != NULL)
    return TRUE;
  cert = kasir_server_tls_default_cert_path (opt_db);
  key = kasir_server_tls_default_key_path (opt_db);
  if (g_file_test (cert, G_FILE_TEST_EXISTS) && g_file_test (key, G_FILE_TEST_EXISTS))
    return TRUE;
  {
    g_autofree char *dir = g_path_get_dirname (cert);

    if (g_mkdir_with_parents (dir, 0700) != 0)
      {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                     g_strerror (saved));
        return FALSE;
      }
  }
  if (!kasir_server_tls_generate (cert, key, error))
    return FALSE;
  fingerprint = kasir_server_tls_fingerprint_file (cert, error);
  if (fingerprint == NULL)
    return FALSE;
  printf ("created certificate %s (key %s)\n", cert, key);
  printf ("certificate fingerprint (SHA-256) %s\n", fingerprint);
  return TRUE;
}

static int
cmd_init (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = open_store (TRUE, &error);

  if (store == NULL)
    return fail ("init: %s", error->message);
  {
    g_autofree char *what = kasir_server_store_describe (opt_db);
    printf ("created %s\n", what);
  }
  if (!ensure_certificate (&error))
    return fail ("init: certificate: %s", error->message);
  return 0;
}

static int
cmd_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cert = NULL;
  g_autofree char *fingerprint = NULL;

  if (opt_tls_cert != NULL)
    cert = g_strdup (opt_tls_cert);
  else if (opt_db != NULL)
    cert = kasir_server_tls_default_cert_path (opt_db);
  else
    return fail ("fingerprint: --db PATH or --tls-cert FILE is required");
  fingerprint = kasir_server_tls_fingerprint_file (cert, &error);
  if (fingerprint == NULL)
    return fail ("fingerprint: %s", error->message);
  printf ("%s\n", fingerprint);
  return 0;
}

static int
cmd_revoke_terminal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;

  if (opt_terminal <= 0)
    return fail ("revoke-terminal: --terminal ID is required");
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("revoke-terminal: %s", error->message);
  if (!kasir_server_store_revoke_terminal (store, opt_terminal, &error))
    return fail ("revoke-terminal: %s", error->message);
  printf ("terminal %" G_GINT64_FORMAT " revoked\n", opt_terminal);
  return 0;
}

static int
cmd_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  g_autoptr(KasirServerDemoData) demo = NULL;
  g_autoptr(GPtrArray) pins = NULL;

  if (opt_db == NULL)
    return fail ("demo: --db PATH is required");
  demo = kasir_server_demo_generate (&pins, &error);
  if (demo == NULL)
    return fail ("demo: %s", error->message);
  store = open_store (!kasir_server_store_exists (opt_db), &error);
  if (store == NULL)
    return fail ("demo: %s", error->message);
  if (!kasir_server_store_load_demo (store, demo, &error))
    return fail ("demo: %s", error->message);
  if (!ensure_certificate (&error))
    return fail ("demo: certificate: %s", error->message);
  printf ("loaded demo data: %u outlets, %u products, %u staff, %u customers\n",
          demo->outlets->len, demo->products->len, demo->staff->len, demo->customers->len);
  printf ("demo staff PINs (shown only now; only their hashes are stored):\n");
  for (guint i = 0; i < pins->len; i++)
    printf ("%s\n", (const char *) g_ptr_array_index (pins, i));
  return 0;
}

static int
cmd_outlets (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = open_store (FALSE, &error);
  g_autoptr(GPtrArray) outlets = NULL;

  if (store == NULL)
    return fail ("outlets: %s", error->message);
  outlets = kasir_server_store_list_outlets (store, &error);
  if (outlets == NULL)
    return fail ("outlets: %s", error->message);
  for (guint i = 0; i < outlets->len; i++)
    {
      KasirServerOutlet *o = g_ptr_array_index (outlets, i);
      printf ("%" G_GINT64_FORMAT "\t%s\n", o->id, o->name);
    }
  return 0;
}

static int
cmd_add_outlet (int    argc,
                char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  gint64 id;

  if (argc != 3 || *g_strstrip (argv[2]) == '\0')
    return fail ("add-outlet: give exactly one outlet NAME");
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("add-outlet: %s", error->message);
  if (!kasir_server_store_add_outlet (store, argv[2], &id, &error))
    return fail ("add-outlet: %s", error->message);
  printf ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

/* Reads one line from standard input without echoing it when it is a terminal. */
static char *
read_secret_line (const char *prompt)
{
  struct termios old, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  char buf[512];
  char *line;

  if (tty)
    {
      fprintf (stderr, "%s", prompt);
      tcgetattr (STDIN_FILENO, &old);
      quiet = old;
      quiet.c_lflag &= ~ECHO;
      tcsetattr (STDIN_FILENO, TCSANOW, &quiet);
    }
  line = fgets (buf, sizeof buf, stdin);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSANOW, &old);
      fprintf (stderr, "\n");
    }
  if (line == NULL)
    return NULL;
  buf[strcspn (buf, "\r\n")] = '\0';
  line = g_strdup (buf);
  sodium_memzero (buf, sizeof buf);
  return line;
}

static int
cmd_add_staff (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  KasirServerNewStaff staff = { 0 };
  g_autofree char *hash = NULL;
  char *pin;
  gint64 id;

  if (argc != 3 || *g_strstrip (argv[2]) == '\0')
    return fail ("add-staff: give exactly one staff NAME");
  if (opt_outlet <= 0)
    return fail ("add-staff: --outlet ID is required");
  if (!kasir_role_is_known (opt_role))
    return fail ("add-staff: --role must be cashier, supervisor or manager");
  pin = read_secret_line ("PIN: ");
  if (pin == NULL)
    return fail ("add-staff: no PIN on standard input");
  hash = kasir_pin_hash (pin, &error);
  sodium_memzero (pin, strlen (pin));
  g_free (pin);
  if (hash == NULL)
    return fail ("add-staff: %s", error->message);
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("add-staff: %s", error->message);
  staff.outlet_id = opt_outlet;
  staff.name = argv[2];
  staff.role = opt_role;
  staff.pin_hash = hash;
  if (!kasir_server_store_add_staff (store, &staff, &id, &error))
    return fail ("add-staff: %s", error->message);
  printf ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

/* set-pin (@set_pin) or deactivate-staff. */
static int
cmd_update_staff (gboolean set_pin)
{
  const char *name = set_pin ? "set-pin" : "deactivate-staff";
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  g_autofree char *hash = NULL;

  if (opt_staff <= 0)
    return fail ("%s: --staff ID is required", name);
  if (set_pin)
    {
      char *pin = read_secret_line ("New PIN: ");

      if (pin == NULL)
        return fail ("set-pin: no PIN on standard input");
      hash = kasir_pin_hash (pin, &error);
      sodium_memzero (pin, strlen (pin));
      g_free (pin);
      if (hash == NULL)
        return fail ("set-pin: %s", error->message);
    }
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("%s: %s", name, error->message);
  if (!kasir_server_store_update_staff (store, opt_staff, hash, set_pin ? -1 : 0, &error))
    return fail ("%s: %s", name, error->message);
  printf ("staff %" G_GINT64_FORMAT " %s\n", opt_staff, set_pin ? "has a new PIN" : "deactivated");
  return 0;
}

static int
cmd_set_setting (int    argc,
                 char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;

  if (argc != 3 && argc != 4)
    return fail ("set-setting: give a setting KEY and its VALUE (no VALUE removes it)");
  if (opt_outlet <= 0)
    return fail ("set-setting: --outlet ID is required");
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("set-setting: %s", error->message);
  if (!kasir_server_store_set_setting (store, opt_outlet, argv[2], argc == 4 ? argv[3] : NULL, &error))
    return fail ("set-setting: %s", error->message);
  return 0;
}

static int
cmd_enroll (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  g_autofree char *code = NULL;
  g_autofree char *hash = NULL;
  gint64 expires;

  if (opt_outlet <= 0)
    return fail ("enroll: --outlet ID is required (see 'kasir-server outlets')");
  if (opt_expires <= 0 || opt_expires > 60 * 24 * 30)
    return fail ("enroll: --expires must be 1 to 43200 minutes");
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("enroll: %s", error->message);
  code = kasir_server_enroll_code_new ();
  hash = kasir_server_enroll_code_hash (code);
  expires = g_get_real_time () / G_USEC_PER_SEC + (gint64) opt_expires * 60;
  if (!kasir_server_store_add_enroll_code (store, opt_outlet, hash, expires, &error))
    return fail ("enroll: %s", error->message);
  printf ("enrollment code for outlet %" G_GINT64_FORMAT ", valid %d minutes, works once:\n",
          opt_outlet, opt_expires);
  printf ("%s\n", code);
  sodium_memzero (code, strlen (code));
  return 0;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  guint created = 0, updated = 0;

  if (argc != 3)
    return fail ("import: give exactly one FILE.csv");
  if (!g_file_get_contents (argv[2], &contents, &length, &error))
    return fail ("import: %s", error->message);
  rows = kasir_server_catalog_parse_csv (contents, length, &error);
  if (rows == NULL)
    return fail ("import: %s: %s; nothing was imported", argv[2], error->message);
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("import: %s", error->message);
  if (!kasir_server_store_import_products (store, rows, &created, &updated, &error))
    return fail ("import: %s: %s; nothing was imported", argv[2], error->message);
  printf ("imported %u rows: %u products created, %u updated\n", rows->len, created, updated);
  return 0;
}

static gboolean
prune (KasirServerStore  *store,
       GError           **error)
{
  gint64 older = g_get_real_time () / G_USEC_PER_SEC - (gint64) opt_retention_days * 86400;
  guint n = 0;

  if (!kasir_server_store_prune_tombstones (store, older, &n, error))
    return FALSE;
  if (n > 0)
    g_message ("pruned %u tombstones older than %d days", n, opt_retention_days);
  return TRUE;
}

static int
cmd_compact (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;

  if (opt_retention_days < 0)
    return fail ("compact: --retention-days must be >= 0");
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("compact: %s", error->message);
  if (!prune (store, &error))
    return fail ("compact: %s", error->message);
  printf ("compacted\n");
  return 0;
}

static gboolean
quit_on_signal (gpointer data)
{
  g_message ("stopping");
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

/* Warns about a file that others than its owner may read. */
static void
warn_if_shared (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0)
    g_warning ("%s can be read or written by other users (mode %03o); make it 0600 "
               "(chmod 600)", path, (unsigned) (st.st_mode & 0777));
}

/* The certificate to serve with: the one given, else the one beside the database (made by
 * init), else none. --insecure-http asks for plain HTTP. */
static gboolean
load_certificate (GTlsCertificate **out,
                  GError          **error)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  *out = NULL;
  if (opt_tls_cert != NULL)
    {
      cert = g_strdup (opt_tls_cert);
      key = g_strdup (opt_tls_key);
    }
  else if (opt_insecure_http || opt_db == NULL)
    return TRUE;
  else
    {
      cert = kasir_server_tls_default_cert_path (opt_db);
      key = kasir_server_tls_default_key_path (opt_db);
      if (!g_file_test (cert, G_FILE_TEST_EXISTS) && !g_file_test (key, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  *out = g_tls_certificate_new_from_files (cert, key, error);
  if (*out == NULL)
    return FALSE;
  warn_if_shared (key);
  return TRUE;
}

static int
cmd_serve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServer) server = NULL;
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(KasirServerPrune) pruner = NULL;
  g_autofree char *url = NULL;
  KasirServerStore *store;

  if (opt_listen == NULL)
    return fail ("serve: --listen HOST:PORT is required");
  if ((opt_tls_cert == NULL) != (opt_tls_key == NULL))
    return fail ("serve: --tls-cert and --tls-key go together");
  if (opt_tls_cert != NULL && opt_insecure_http)
    return fail ("serve: --insecure-http and --tls-cert contradict each other");
  if (opt_retention_days < 0)
    return fail ("serve: --retention-days must be >= 0");
  if (!load_certificate (&cert, &error))
    return fail ("serve: TLS: %s", error->message);
  if (cert == NULL && !opt_insecure_http && !kasir_server_address_is_loopback (opt_listen))
    return fail ("serve: refusing plain HTTP on %s, which is not a loopback address: tills "
                 "would send their tokens and sales unencrypted. Run 'kasir-server init' for "
                 "a certificate (or give --tls-cert and --tls-key), or add --insecure-http "
                 "when a TLS proxy in front of this server does the encryption", opt_listen);
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("serve: %s", error->message);
  if (!kasir_server_store_is_pg_uri (opt_db))
    {
      if (!opened_encrypted)
        g_warning ("the database %s is not encrypted: anyone who can read the file reads the "
                   "chain's sales and customers; give a key with --key-file or "
                   "KASIR_SERVER_DB_KEY", opt_db);
      warn_if_shared (opt_db);
    }
  if (cert != NULL)
    {
      g_autofree char *fingerprint = kasir_server_tls_fingerprint (cert);
      g_message ("certificate fingerprint (SHA-256) %s", fingerprint);
    }
  server = kasir_server_new (store);
  {
    KasirServerLimits limits = KASIR_SERVER_LIMITS_DEFAULT;

    /* -1: not given. */
    if ((opt_max_connections != -1 && (opt_max_connections < 1 || opt_max_connections > 1000000))
        || (opt_max_per_address != -1 && (opt_max_per_address < 1 || opt_max_per_address > 1000000))
        || (opt_request_timeout != -1 && (opt_request_timeout < 1 || opt_request_timeout > 3600)))
      return fail ("serve: --max-connections and --max-per-address take 1 to 1000000, "
                   "--request-timeout 1 to 3600 seconds");
    if (opt_max_connections > 0)
      limits.max_connections = (guint) opt_max_connections;
    if (opt_max_per_address > 0)
      limits.max_per_address = (guint) opt_max_per_address;
    if (opt_request_timeout > 0)
      {
        limits.request_timeout = (guint) opt_request_timeout;
        limits.io_timeout = 2 * (guint) opt_request_timeout;
      }
    kasir_server_set_limits (server, &limits);
  }
  if (!prune (store, &error) || !start_workers (server, &error))
    return fail ("serve: %s", error->message);
  if (!kasir_server_listen (server, opt_listen, cert, &error))
    return fail ("serve: %s: %s", opt_listen, error->message);
  if (opt_metrics_listen != NULL && !kasir_server_listen_metrics (server, opt_metrics_listen, &error))
    return fail ("serve: %s: %s", opt_metrics_listen, error->message);

  url = kasir_server_get_url (server);
  printf ("listening on %s\n", url);
  if (opt_metrics_listen != NULL)
    {
      g_autofree char *murl = kasir_server_get_metrics_url (server);
      printf ("metrics on %s\n", murl);
    }
  fflush (stdout);
  {
    g_autofree char *what = kasir_server_store_describe (opt_db);
    g_message ("serving %s on %s", what, url);
  }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_on_signal, loop);
  g_unix_signal_add (SIGINT, quit_on_signal, loop);
  /* On a writer of the pool: the main loop only serves HTTP. */
  pruner = kasir_server_prune_new (server, (guint) opt_retention_days, 3600);
  g_main_loop_run (loop);
  kasir_server_disconnect (server);
  return 0;
}

static int
cmd_import_outbox (int    argc,
                   char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KasirServerStore) store = NULL;
  g_autoptr(KasirServerImportResult) result = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *document = NULL;
  char *passphrase;
  gsize length = 0;
  guint rejected = 0;

  if (argc != 3)
    return fail ("import-outbox: give exactly one export FILE");
  if (!g_file_get_contents (argv[2], &contents, &length, &error))
    return fail ("import-outbox: %s", error->message);
  passphrase = read_secret_line ("Passphrase: ");
  if (passphrase == NULL)
    return fail ("import-outbox: no passphrase on standard input");
  document = kasir_outbox_bundle_unseal (contents, length, passphrase, &error);
  sodium_memzero (passphrase, strlen (passphrase));
  g_free (passphrase);
  if (document == NULL)
    return fail ("import-outbox: %s", error->message);
  store = open_store (FALSE, &error);
  if (store == NULL)
    return fail ("import-outbox: %s", error->message);
  result = kasir_server_import_document (store, document, 0, &error);
  if (result == NULL)
    return fail ("import-outbox: %s", error->message);
  for (guint i = 0; i < result->response->results->len; i++)
    if (((KasirPushResult *) result->response->results->pdata[i])->status == KASIR_RESULT_REJECTED)
      rejected++;
  printf ("terminal %" G_GINT64_FORMAT ": %u applied now (%u rejected), %u already known, last seq %"
          G_GINT64_FORMAT "\n", result->terminal_id, result->n_new, rejected, result->n_duplicate,
          result->response->last_seq);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *command;

  /* GLib before 2.76 has its own slice allocator, and a large pull page (thousands of
   * JSON nodes made and freed) spends most of its time there; plain malloc serves the
   * same page in about 60% of the time. GLib reads G_SLICE once, before main(), so the
   * server starts itself again with it set. Newer GLib ignores the variable. */
  if (argc > 1 && g_str_equal (argv[1], "serve") && g_getenv ("G_SLICE") == NULL
      && glib_check_version (2, 76, 0) != NULL)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
      /* Still here: run with the slice allocator, only slower. */
    }
  setlocale (LC_ALL, "");
  if (sodium_init () < 0)
    return fail ("libsodium failed to initialise");

  context = g_option_context_new ("COMMAND [ARGS] — the Kasir sync server");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Commands: init, demo, outlets, add-outlet NAME, add-staff NAME, "
                                "set-setting KEY [VALUE], enroll, "
                                "import FILE.csv, import-outbox FILE, "
                                "compact, serve, fingerprint, set-pin, deactivate-staff, "
                                "revoke-terminal.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);
  if (opt_version)
    {
      printf ("kasir-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (argc < 2)
    return fail ("no command given; try --help");
  command = argv[1];

  if (g_str_equal (command, "init"))
    return argc == 2 ? cmd_init () : fail ("init: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "demo"))
    return argc == 2 ? cmd_demo () : fail ("demo: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "outlets"))
    return argc == 2 ? cmd_outlets () : fail ("outlets: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "add-outlet"))
    return cmd_add_outlet (argc, argv);
  if (g_str_equal (command, "add-staff"))
    return cmd_add_staff (argc, argv);
  if (g_str_equal (command, "set-setting"))
    return cmd_set_setting (argc, argv);
  if (g_str_equal (command, "enroll"))
    return argc == 2 ? cmd_enroll () : fail ("enroll: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "import"))
    return cmd_import (argc, argv);
  if (g_str_equal (command, "import-outbox"))
    return cmd_import_outbox (argc, argv);
  if (g_str_equal (command, "compact"))
    return argc == 2 ? cmd_compact () : fail ("compact: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "serve"))
    return argc == 2 ? cmd_serve () : fail ("serve: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "fingerprint"))
    return argc == 2 ? cmd_fingerprint () : fail ("fingerprint: unexpected argument %s", argv[2]);
  if (g_str_equal (command, "set-pin") || g_str_equal (command, "deactivate-staff"))
    return argc == 2 ? cmd_update_staff (g_str_equal (command, "set-pin"))
                     : fail ("%s: unexpected argument %s", command, argv[2]);
  if (g_str_equal (command, "revoke-terminal"))
    return argc == 2 ? cmd_revoke_terminal ()
                     : fail ("revoke-terminal: unexpected argument %s", argv[2]);
  return fail ("unknown command '%s'; commands: init, demo, outlets, add-outlet, add-staff, set-setting, "
               "enroll, import, import-outbox, compact, serve, fingerprint, set-pin, deactivate-staff, "
               "revoke-terminal", command);
}
