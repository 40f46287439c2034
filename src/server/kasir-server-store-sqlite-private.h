/* kasir-server-store-sqlite-private.h — what the SQLite backend's files share: the
 * store itself and its statement, change-log and entity helpers. Only
 * kasir-server-store-sqlite*.c include it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlcipher/sqlite3.h>

#include "kasir-server-store.h"
#include "kasir-server-store-sql.h"
#include "kasir-server-tx.h"

G_BEGIN_DECLS

typedef struct
{
  KasirServerStore  parent;
  sqlite3          *db;
  GHashTable       *stmts;   /* const char *sql → sqlite3_stmt* */
} KasirSqliteStore;

/* The store seen through the storage interface of the mutation rules. */
typedef struct
{
  KasirServerSqlTx  parent;
  KasirSqliteStore *store;
} KasirSqliteTx;

/* The tables that grow with sales, keyed by outlet first, and the upgrade of an older
 * database to them (kasir-server-store-sqlite-upgrade.c). */
extern const char kasir_sqlite_outlet_keyed_sql[];
extern const char kasir_sqlite_since_v2_sql[];
gboolean kasir_sqlite_upgrade (KasirSqliteStore  *self,
                               gint64             version,
                               GError           **error);

/* The store as a runner of the statements both backends share. */
KasirServerSql kasir_sqlite_sql (KasirSqliteStore *self);

void kasir_sqlite_tx_init (KasirSqliteTx    *tx,
                           KasirSqliteStore *store);

/* Statements (cached by their SQL; fmt: one letter a parameter, i int64, t text, n
 * int64 where 0 binds NULL), transactions, the change log, entities and conflicts; see
 * their definitions in kasir-server-store-sqlite.c. */
gboolean kasir_sqlite_add_conflict (KasirSqliteStore              *self,
                                    const KasirServerNewConflict  *conflict,
                                    gint64                        *out_id,
                                    GError                       **error);
gboolean kasir_sqlite_audit (KasirSqliteStore *self,
                             const char       *actor,
                             const char       *action,
                             const char       *detail,
                             GError           **error);
gboolean kasir_sqlite_begin_write (KasirSqliteStore *self,
                                   GError           **error);
char *kasir_sqlite_column_dup (sqlite3_stmt *stmt,
                               int          col);
gboolean kasir_sqlite_commit (KasirSqliteStore *self,
                              GError           **error);
KasirCustomer *kasir_sqlite_load_customer (KasirSqliteStore *self,
                                           gint64           id,
                                           gint64           *outlet_id,
                                           GError           **error);
JsonNode *kasir_sqlite_load_history (KasirSqliteStore *self,
                                     const char       *entity,
                                     gint64           id,
                                     gint64           version,
                                     GError           **error);
KasirProduct *kasir_sqlite_load_product (KasirSqliteStore *self,
                                         gint64           id,
                                         GError           **error);
gboolean kasir_sqlite_log_change (KasirSqliteStore *self,
                                  const char       *entity,
                                  const char       *entity_id,
                                  gint64           outlet_id,
                                  gboolean         deleted,
                                  GError           **error);
gboolean kasir_sqlite_log_change_int (KasirSqliteStore *self,
                                      const char       *entity,
                                      gint64           id,
                                      gint64           outlet_id,
                                      gboolean         deleted,
                                      GError           **error);
gboolean kasir_sqlite_log_stock_change (KasirSqliteStore *self,
                                        gint64           product_id,
                                        gint64           outlet_id,
                                        GError           **error);
char *kasir_sqlite_node_to_text (JsonNode *node);
gint64 kasir_sqlite_now_unix (void);
sqlite3_stmt *kasir_sqlite_query (KasirSqliteStore *self,
                                  GError           **error,
                                  const char       *sql,
                                  const char       *fmt,
                                  ...);
gboolean kasir_sqlite_query_int (KasirSqliteStore *self,
                                 GError           **error,
                                 gint64           *out,
                                 gboolean         *found,
                                 const char       *sql,
                                 const char       *fmt,
                                 ...);
void kasir_sqlite_rollback (KasirSqliteStore *self);
gboolean kasir_sqlite_run (KasirSqliteStore *self,
                           GError           **error,
                           const char       *sql,
                           const char       *fmt,
                           ...);
gboolean kasir_sqlite_save_history (KasirSqliteStore *self,
                                    const char       *entity,
                                    gint64           id,
                                    gint64           version,
                                    JsonNode         *data,
                                    GError           **error);
int kasir_sqlite_step (KasirSqliteStore *self,
                       sqlite3_stmt     *stmt,
                       GError           **error);
gboolean kasir_sqlite_set_stock (KasirSqliteStore *self,
                                 gint64           product_id,
                                 gint64           outlet_id,
                                 gint64           qty,
                                 GError           **error);

JsonNode *kasir_sqlite_text_to_node (const char *text);
/* A product from its columns "id, sku, barcode, name, price, price_version,
 * tax_rate_bp, category_id, archived, version" starting at column @c. */
KasirProduct *kasir_sqlite_product_from_row (sqlite3_stmt *stmt,
                                            int           c);

/* Pull and tombstones (kasir-server-store-sqlite-pull.c). */
KasirPullResponse *kasir_sqlite_pull (KasirServerStore *store, gint64 terminal_id,
                                      gint64 outlet_id, gint64 cursor, guint limit,
                                      GError **error);
gboolean kasir_sqlite_prune_tombstones (KasirServerStore *store, gint64 older_than_unix,
                                        guint *n_pruned, GError **error);

/* Administration (kasir-server-store-sqlite-admin.c). */
gboolean kasir_sqlite_add_outlet (KasirServerStore *store, const char *name, gint64 *out_id,
                                  GError **error);
GPtrArray *kasir_sqlite_list_outlets (KasirServerStore *store, GError **error);
gboolean kasir_sqlite_add_enroll_code (KasirServerStore *store, gint64 outlet_id,
                                       const char *code_hash, gint64 expires_unix,
                                       GError **error);
gboolean kasir_sqlite_redeem_enroll_code (KasirServerStore *store, const char *code_hash,
                                          const char *terminal_name, const char *token_hash,
                                          gint64 now, gint64 *terminal_id, gint64 *outlet_id,
                                          char **out_name,
                                          GError **error);
gboolean kasir_sqlite_authenticate (KasirServerStore *store, const char *token_hash,
                                    gint64 *terminal_id, gint64 *outlet_id, GError **error);
gboolean kasir_sqlite_get_metrics (KasirServerStore *store, KasirServerStoreMetrics *out,
                                   GError **error);
gboolean kasir_sqlite_set_setting (KasirServerStore *store, gint64 outlet_id, const char *key,
                                   const char *value, GError **error);
/* The staff table, with the roles of kasir-roles.h (supervisor since the back office):
 * made so by a new database and by the upgrade of an older one alike. */
#define KASIR_SQLITE_STAFF_TABLE \
  "CREATE TABLE staff (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL REFERENCES outlets(id)," \
  "  name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('cashier','supervisor','manager'))," \
  "  pin_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL DEFAULT 1)"

JsonNode *kasir_sqlite_report_summary (KasirServerStore *store, gint64 outlet_id, gint64 staff_id,
                                       const char *from, const char *to, int utc_offset,
                                       gboolean *forbidden,
                                       GError **error);
JsonNode *kasir_sqlite_sale_lookup (KasirServerStore *store, gint64 outlet_id, const char *receipt,
                                   gboolean *found, GError **error);
JsonNode *kasir_sqlite_open_orders (KasirServerStore *store, gint64 outlet_id, GError **error);
gboolean kasir_sqlite_update_staff (KasirServerStore *store, gint64 staff_id, const char *pin_hash,
                                    int active, GError **error);
gboolean kasir_sqlite_add_staff (KasirServerStore *store, const KasirServerNewStaff *staff,
                                 gint64 *out_id, GError **error);
gboolean kasir_sqlite_register_signing_key (KasirServerStore *store, gint64 terminal_id,
                                            const char *public_key, GError **error);
gboolean kasir_sqlite_get_signing_key (KasirServerStore *store, gint64 terminal_id,
                                       gint64 *out_outlet_id, char **out_public_key,
                                       GError **error);
gboolean kasir_sqlite_revoke_terminal (KasirServerStore *store, gint64 terminal_id,
                                       GError **error);

gboolean kasir_sqlite_import_products (KasirServerStore *store, GPtrArray *rows,
                                       guint *n_created, guint *n_updated, GError **error);
gboolean kasir_sqlite_load_demo (KasirServerStore *store, const KasirServerDemoData *demo,
                                 GError **error);
gboolean kasir_sqlite_set_modifier_groups (KasirServerStore *store, gint64 product_id,
    GPtrArray *groups, GError **error);

/* Pushing through the mutation rules (kasir-server-store-sqlite-tx.c). */
gboolean kasir_sqlite_push       (KasirServerStore *store, gint64 terminal_id, gint64 outlet_id,
                                  const KasirMutation *mutation, KasirServerPushOutcome *outcome,
                                  KasirPushResult **result, gint64 *expected_seq, GError **error);
gboolean kasir_sqlite_push_batch (KasirServerStore *store, gint64 terminal_id, gint64 outlet_id,
                                  GPtrArray *mutations, GPtrArray *results, GArray *outcomes,
                                  gint64 *expected_seq, GError **error);

G_END_DECLS
