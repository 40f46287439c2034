/* kasir-server-store-pg-private.h — what the PostgreSQL backend's files share: the
 * store, its statement helpers and the change-log sequencing. Only
 * kasir-server-store-pg*.c include it.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "kasir-server-store.h"
#include "kasir-server-store-sql.h"
#include "kasir-server-tx.h"

G_BEGIN_DECLS

typedef struct _KasirPgBulk KasirPgBulk;

/* Set on every connection. Parallel workers: a server's statements are short, and on a
 * small machine shared by several server processes the workers cost more than they
 * save (a pull page was planned as a parallel scan of the whole log). */
#define KASIR_PG_SESSION_SETTINGS \
  "SET client_min_messages = warning; SET lock_timeout = '5s'; SET max_parallel_workers_per_gather = 0"


typedef struct
{
  KasirServerStore  parent;
  PGconn           *conn;
  GHashTable       *stmts;           /* const char *sql (by address) → char *name */
  guint             n_stmts;
  gboolean          changes_pending; /* this transaction wrote unnumbered change-log rows */
  gboolean          in_transaction;  /* between kasir_pg_begin and its commit or rollback */
  gboolean          pipelined;       /* in libpq's pipeline mode (kasir-server-store-pg-pipeline.c) */
  GPtrArray        *pending;         /* per statement sent and not yet answered: the SQL it
                                      * prepared, or NULL */
  KasirPgBulk      *bulk;            /* rows gathered in a pipelined transaction */
} KasirPgStore;

/* The tables that grow with sales, keyed by outlet first, and the upgrade of an older
 * database to them (kasir-server-store-pg-upgrade.c). */
extern const char kasir_pg_outlet_keyed_sql[];
extern const char kasir_pg_since_v2_sql[];
gboolean kasir_pg_upgrade (KasirPgStore  *self,
                           GError       **error);

/* The store seen through the storage interface of the mutation rules. */
typedef struct
{
  KasirServerSqlTx  parent;
  KasirPgStore     *store;
  /* What a batch's preload loaded (kasir-server-store-pg-preload.c); NULL when none. */
  GHashTable    *prices;        /* product id → KasirServerPriceState */
  GHashTable    *stock;         /* product id → its locked level at stock_outlet */
  gint64         stock_outlet;
  GHashTable    *sales;         /* sale id → whether it is recorded */
} KasirPgTx;

void kasir_pg_tx_init  (KasirPgTx    *tx,
                        KasirPgStore *store);
void kasir_pg_tx_clear (KasirPgTx    *tx);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (KasirPgTx, kasir_pg_tx_clear)

/* The preload of a batch and its answers (kasir-server-store-pg-preload.c). A
 * kasir_pg_tx_cached_* call returns FALSE when it has no answer and the database must
 * be asked; the *_written calls keep the answers true after this transaction's writes. */
gboolean kasir_pg_tx_preload        (KasirServerTx *tx, gint64 outlet_id, GArray *product_ids,
                                     GPtrArray *sale_ids, GError **error);
gboolean kasir_pg_tx_cached_price   (KasirPgTx *tx, gint64 product_id, KasirServerPriceState *out);
gboolean kasir_pg_tx_cached_stock   (KasirPgTx *tx, gint64 product_id, gint64 outlet_id, gint64 *qty);
gboolean kasir_pg_tx_cached_sale    (KasirPgTx *tx, const char *sale_id, gboolean *found);
/* TRUE when the level was loaded (its row exists and is locked). */
gboolean kasir_pg_tx_stock_written  (KasirPgTx *tx, gint64 product_id, gint64 outlet_id, gint64 qty);
void     kasir_pg_tx_sale_written   (KasirPgTx *tx, const char *sale_id);
void     kasir_pg_tx_product_written (KasirPgTx *tx, gint64 product_id);
void     kasir_pg_tx_forget_all     (KasirPgTx *tx);

/* Statements are written with '?' placeholders and prepared once per connection; the
 * arguments are bound as @fmt says: 'i' gint64, 't' const char * (NULL binds NULL), 'n'
 * gint64 where 0 binds NULL. A query returns its result (free with PQclear), NULL with
 * @error set on failure. */
PGresult *kasir_pg_query     (KasirPgStore  *self,
                              GError       **error,
                              const char    *sql,
                              const char    *fmt,
                              ...);
/* Not prepared: planned for its arguments each time. For a query over an array of
 * values, whose best plan depends on how many there are and on the table's size (a plan
 * prepared while the table was small would scan it whole for ever after). */
PGresult *kasir_pg_query_planned (KasirPgStore  *self,
                                  GError       **error,
                                  const char    *sql,
                                  const char    *fmt,
                                  ...);
/* @n_params arguments as text (NULL: SQL NULL); like kasir_pg_run. */
gboolean  kasir_pg_run_texts (KasirPgStore       *self,
                              GError            **error,
                              gboolean            planned,
                              const char         *sql,
                              int                 n_params,
                              const char * const *texts);
/* The store as a runner of the statements both backends share. */
KasirServerSql kasir_pg_sql (KasirPgStore *self);
gboolean  kasir_pg_run       (KasirPgStore  *self,
                              GError       **error,
                              const char    *sql,
                              const char    *fmt,
                              ...);
/* A one-value query; *found (may be NULL) tells whether a row came back. */
gboolean  kasir_pg_query_int (KasirPgStore  *self,
                              GError       **error,
                              gint64        *out,
                              gboolean      *found,
                              const char    *sql,
                              const char    *fmt,
                              ...);
gint64    kasir_pg_int       (const PGresult *result,
                              int             row,
                              int             col);
char     *kasir_pg_dup       (const PGresult *result,
                              int             row,
                              int             col);
gboolean  kasir_pg_is_null   (const PGresult *result,
                              int             row,
                              int             col);
gint64    kasir_pg_now_unix  (void);

/* Write transactions. The commit gives this transaction's change-log rows their
 * sequence numbers first (see kasir-server-store-pg-tx.c). */
gboolean  kasir_pg_exec_plain (KasirPgStore  *self,
                               const char    *sql,
                               GError       **error);
gboolean  kasir_pg_begin     (KasirPgStore  *self,
                              GError       **error);
/* A transaction begun by @sql (plain statements, "BEGIN ...; SET LOCAL ..."). */
gboolean  kasir_pg_begin_with (KasirPgStore  *self,
                               const char    *sql,
                               GError       **error);
/* A write transaction whose writes are sent without waiting for their answers (see
 * kasir-server-store-pg-pipeline.c); kasir_pg_commit and kasir_pg_rollback end it. */
gboolean  kasir_pg_begin_pipelined (KasirPgStore  *self,
                                    GError       **error);
gboolean  kasir_pg_commit    (KasirPgStore  *self,
                              GError       **error);
void      kasir_pg_rollback  (KasirPgStore  *self);

void      kasir_pg_set_error (KasirPgStore    *self,
                              const PGresult  *result,
                              GError         **error);
void      kasir_pg_forget_statement (KasirPgStore *self,
                                     const char   *sql);

/* Pipeline mode (kasir-server-store-pg-pipeline.c). kasir_pg_pipeline_sent counts a
 * statement just sent (@prepared_sql: the SQL a Parse prepared, else NULL);
 * kasir_pg_pipeline_sync takes every pending answer, keeping the last one's in @last. */
gboolean  kasir_pg_pipeline_enter (KasirPgStore  *self,
                                   GError       **error);
gboolean  kasir_pg_pipeline_sent  (KasirPgStore  *self,
                                   const char    *prepared_sql,
                                   GError       **error);
gboolean  kasir_pg_pipeline_sync  (KasirPgStore  *self,
                                   PGresult     **last,
                                   GError       **error);
/* Writes the gathered rows (the change log's wait for the commit) and takes every
 * pending answer now (nothing to do outside a pipeline). */
gboolean  kasir_pg_flush          (KasirPgStore  *self,
                                   GError       **error);
gboolean  kasir_pg_pipeline_leave (KasirPgStore  *self,
                                   GError       **error);

/* Rows gathered in a pipelined transaction and written a table at a time
 * (kasir-server-store-pg-bulk.c); every other statement flushes them first, but for
 * the change log's, which only a savepoint flushes (unnumbered) and the commit writes
 * numbered. The arguments are given as kasir_pg_run's, one per column. The change log
 * is the last table. */
typedef enum
{
  KASIR_PG_BULK_SALES,
  KASIR_PG_BULK_SALE_PAYMENTS,
  KASIR_PG_BULK_SALE_LINES,
  KASIR_PG_BULK_SALE_LINE_OPTIONS,
  KASIR_PG_BULK_PUSH_RESULTS,
  KASIR_PG_BULK_STOCK,
  KASIR_PG_BULK_CHANGE_LOG,
  KASIR_PG_N_BULK
} KasirPgBulkTable;

void      kasir_pg_bulk_add     (KasirPgStore     *self,
                                 KasirPgBulkTable  table,
                                 const char       *fmt,
                                 ...);
gboolean  kasir_pg_bulk_pending (KasirPgStore     *self);
gboolean  kasir_pg_bulk_has_change_log (KasirPgStore *self);
gboolean  kasir_pg_bulk_flush   (KasirPgStore     *self,
                                 gboolean          with_change_log,
                                 GError          **error);
/* The gathered change-log rows with their numbers and the new head; the caller holds
 * the numbering lock (kasir_pg_commit). */
gboolean  kasir_pg_bulk_write_numbered_log (KasirPgStore  *self,
                                            GError       **error);
void      kasir_pg_bulk_discard (KasirPgStore     *self);
void      kasir_pg_bulk_free    (KasirPgBulk      *bulk);

gboolean  kasir_pg_log_change (KasirPgStore  *self,
                               const char    *entity,
                               const char    *entity_id,
                               gint64         outlet_id,
                               gboolean       deleted,
                               GError       **error);
gboolean  kasir_pg_audit     (KasirPgStore  *self,
                              const char    *actor,
                              const char    *action,
                              const char    *detail,
                              GError       **error);
/* The columns kasir_pg_product_from_row reads, in its order. */
#define KASIR_PG_PRODUCT_COLUMNS \
  "id, sku, barcode, name, price, price_version, tax_rate_bp, category_id, archived, version, " \
  "unit, track_stock, low_stock"
KasirProduct  *kasir_pg_product_from_row (const PGresult *result,
                                          int             row,
                                          int             col);
KasirProduct  *kasir_pg_load_product  (KasirPgStore  *self,
                                       gint64         id,
                                       GError       **error);
KasirCustomer *kasir_pg_load_customer (KasirPgStore  *self,
                                       gint64         id,
                                       gint64        *outlet_id,
                                       gboolean       for_update,
                                       GError       **error);
JsonNode      *kasir_pg_text_to_node  (const char    *text);

/* The backend's operations (kasir-server-store-pg-*.c). */
gboolean kasir_pg_add_outlet (KasirServerStore *store, const char *name, gint64 *out_id,
                              GError **error);
GPtrArray *kasir_pg_list_outlets (KasirServerStore *store, GError **error);
gboolean kasir_pg_add_enroll_code (KasirServerStore *store, gint64 outlet_id,
                                   const char *code_hash, gint64 expires_unix, GError **error);
gboolean kasir_pg_redeem_enroll_code (KasirServerStore *store, const char *code_hash,
                                      const char *terminal_name, const char *token_hash,
                                      gint64 now, gint64 *terminal_id, gint64 *outlet_id,
                                      char **out_name,
                                      GError **error);
gboolean kasir_pg_authenticate (KasirServerStore *store, const char *token_hash,
                                gint64 *terminal_id, gint64 *outlet_id, GError **error);
gboolean kasir_pg_get_metrics (KasirServerStore *store, KasirServerStoreMetrics *out,
                               GError **error);
gboolean kasir_pg_set_setting (KasirServerStore *store, gint64 outlet_id, const char *key,
                               const char *value, GError **error);
JsonNode *kasir_pg_report_summary (KasirServerStore *store, gint64 outlet_id, gint64 staff_id,
                                   const char *from, const char *to, int utc_offset,
                                   gboolean *forbidden,
                                   GError **error);
JsonNode *kasir_pg_sale_lookup (KasirServerStore *store, gint64 outlet_id, const char *receipt,
                               gboolean *found, GError **error);
JsonNode *kasir_pg_open_orders (KasirServerStore *store, gint64 outlet_id, GError **error);
gboolean kasir_pg_update_staff (KasirServerStore *store, gint64 staff_id, const char *pin_hash,
                                int active, GError **error);
gboolean kasir_pg_add_staff (KasirServerStore *store, const KasirServerNewStaff *staff,
                             gint64 *out_id, GError **error);
gboolean kasir_pg_register_signing_key (KasirServerStore *store, gint64 terminal_id,
                                        const char *public_key, GError **error);
gboolean kasir_pg_get_signing_key (KasirServerStore *store, gint64 terminal_id,
                                   gint64 *out_outlet_id, char **out_public_key,
                                   GError **error);
gboolean kasir_pg_revoke_terminal (KasirServerStore *store, gint64 terminal_id,
                                   GError **error);
gboolean kasir_pg_push       (KasirServerStore *store, gint64 terminal_id, gint64 outlet_id,
                              const KasirMutation *mutation, KasirServerPushOutcome *outcome,
                              KasirPushResult **result, gint64 *expected_seq, GError **error);
gboolean kasir_pg_push_batch (KasirServerStore *store, gint64 terminal_id, gint64 outlet_id,
                              GPtrArray *mutations, GPtrArray *results, GArray *outcomes,
                              gint64 *expected_seq, GError **error);
KasirPullResponse *kasir_pg_pull (KasirServerStore *store, gint64 terminal_id,
                                  gint64 outlet_id, gint64 cursor, guint limit,
                                  GError **error);
gboolean kasir_pg_prune_tombstones (KasirServerStore *store, gint64 older_than_unix,
                                    guint *n_pruned, GError **error);
gboolean kasir_pg_import_products (KasirServerStore *store, GPtrArray *rows,
                                   guint *n_created, guint *n_updated, GError **error);
gboolean kasir_pg_load_demo (KasirServerStore *store, const KasirServerDemoData *demo,
                             GError **error);
gboolean kasir_pg_set_modifier_groups (KasirServerStore *store, gint64 product_id,
    GPtrArray *groups, GError **error);

G_END_DECLS
