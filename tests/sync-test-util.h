/* sync-test-util.h — a real kasir-server and real terminals for the sync tests.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kasir-database.h"
#include "kasir-sync-service.h"
#include "kasir-test-network-monitor.h"

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  char        *db_path;
  GSubprocess *process;
  char        *url;
  guint16      port;
} SyncTestServer;

/* Creates a server database with the demo data in a fresh temporary directory. */
SyncTestServer *sync_test_server_new      (void);
/* Starts `kasir-server serve`; @port 0 picks a free one (kept for restarts). */
void            sync_test_server_start    (SyncTestServer *server,
                                           guint16         port);
void            sync_test_server_stop     (SyncTestServer *server);
void            sync_test_server_free     (SyncTestServer *server);
/* A one-time enrollment code for @outlet_id, from the admin command line. */
char           *sync_test_server_enroll_code (SyncTestServer *server,
                                              gint64          outlet_id);
/* The first column of the first row of @sql on the server's database. */
gint64          sync_test_server_query    (SyncTestServer *server,
                                           const char     *sql);
/* The same with @format and its arguments made into the SQL. */
gint64          sync_test_server_queryf   (SyncTestServer *server,
                                           const char     *format,
                                           ...) G_GNUC_PRINTF (2, 3);

/* Runs a command line from the build directory and returns its stdout; asserts success. */
char           *sync_test_run_tool        (const char * const *argv);
char           *sync_test_build_path      (const char *relative);

/* Iterates the main context until @check returns TRUE or @seconds pass. */
gboolean        sync_test_wait_for        (gboolean     (*check) (gpointer data),
                                           gpointer       data,
                                           double         seconds);

/* A terminal database with a random key, in @dir. The key is copied to @key_out. */
KasirDatabase  *sync_test_terminal_db     (const char *dir,
                                           const char *name,
                                           guint8     *key_out);
/* Commits a sale of 1–3 lines of catalog products (ids from the local catalog, so prices
 * and versions are the server's), paid in cash with change. Returns the sale's total. */
gint64          sync_test_make_sale       (KasirDatabase *db,
                                           GRand         *rand);
/* The same with products 1 to @n_products only. */
gint64          sync_test_make_sale_of    (KasirDatabase *db,
                                           GRand         *rand,
                                           gint64         n_products);

/* Enrolls @service at @url with a one-time @code, waiting for the result. */
void            sync_test_enroll_with_code (KasirSyncService *service,
                                            const char       *url,
                                            const char       *code);
/* Enrolls @service against @server for @outlet_id, waiting for the result. */
void            sync_test_enroll          (KasirSyncService *service,
                                           SyncTestServer   *server,
                                           const char       *url,
                                           gint64            outlet_id);
/* Waits until @service is idle with nothing pending, after at least one sync. */
gboolean        sync_test_wait_drained    (KasirSyncService *service,
                                           double            seconds);

/* Deletes @path and everything below it (test directories only). */
void            sync_test_remove_tree     (const char *path);

/* A till of a test: its own database in @dir, a network monitor the test switches, and a
 * sync service with short intervals, enrolled on @server for @outlet_id and synced once. */
typedef struct
{
  KasirTestNetworkMonitor *monitor;
  KasirDatabase           *db;
  KasirSyncService        *service;
} SyncTestTill;

void            sync_test_till_open       (SyncTestTill   *till,
                                           SyncTestServer *server,
                                           const char     *dir,
                                           const char     *name,
                                           gint64          outlet_id);
void            sync_test_till_close      (SyncTestTill   *till);
/* Syncs @till now and waits (up to a minute) until that sync has ended with nothing left
 * to send; fails the test otherwise. */
void            sync_test_till_sync       (SyncTestTill   *till);

/* The first column of the first row of @sql on a till's own database; must succeed. */
gint64          sync_test_local_query     (KasirDatabase  *db,
                                           const char     *sql);

/* An outlet of a test: a server with the demo data and two enrolled tills, a and b. Use
 * as a GTest fixture: g_test_add (path, SyncTestOutlet, NULL, sync_test_outlet_set_up,
 * test, sync_test_outlet_tear_down). */
typedef struct
{
  SyncTestServer *server;
  char           *dir;
  SyncTestTill    a;
  SyncTestTill    b;
} SyncTestOutlet;

void            sync_test_outlet_set_up   (SyncTestOutlet *outlet,
                                           gconstpointer   data);
void            sync_test_outlet_tear_down (SyncTestOutlet *outlet,
                                            gconstpointer   data);

/* Starts `kasir-server serve` as it runs in a shop: HTTPS with the certificate `demo` made
 * beside the database (server->url is https://), plus @extra options (NULL-terminated,
 * may be NULL), e.g. another --tls-cert and --tls-key. */
void            sync_test_server_start_tls (SyncTestServer     *server,
                                            guint16             port,
                                            const char * const *extra);

G_END_DECLS
