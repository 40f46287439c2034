/* kasir-server-store-sqlite.c — the SQLite (SQLCipher) backend of KasirServerStore.
 *
 * One connection, used by one thread at a time (a worker of the server's pool, or the
 * main loop for the token checked before a body is read). SQLite has one writer,
 * so a change_log row whose AUTOINCREMENT seq is taken inside the writing transaction
 * follows commit order: pull cursors are these seqs, never timestamps.
 *
 * The change log keeps only the latest row per entity (an older row of the same entity is
 * deleted when a new one is written), which is what pull needs: the latest state of every
 * entity changed after a cursor, each entity once. Deletions and archivals are "del" rows,
 * the tombstones; they are pruned after a retention window, and meta.pruned_through then
 * remembers the newest pruned seq so that an older cursor is told to reset.
 *
 * Push transactions run with synchronous=FULL: a sale acknowledged to a terminal must
 * survive a power failure, because the terminal deletes nothing but does stop resending.
 *
 * This SQLite is 3.15.2 (SQLCipher 3.4.1): no UPSERT, no RETURNING, no JSON1. JSON values
 * (conflict sides, entity history) are stored as text made by json-glib.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <sqlcipher/sqlite3.h>

#include "kasir-money.h"
#include "kasir-server-store.h"
#include "kasir-server-store-sqlite-private.h"



static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE outlets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE TABLE enroll_codes (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
  "  code_hash TEXT NOT NULL UNIQUE, expires_at INTEGER NOT NULL, used_at INTEGER, terminal_id INTEGER);"
  "CREATE TABLE terminals (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
  "  name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, enrolled_at INTEGER NOT NULL,"
  "  last_seq INTEGER NOT NULL DEFAULT 0, last_push_at INTEGER NOT NULL DEFAULT 0);"
  KASIR_SQLITE_STAFF_TABLE ";"
  "CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
  "  parent_id INTEGER NOT NULL DEFAULT 0, archived INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, barcode TEXT UNIQUE,"
  "  name TEXT NOT NULL, price INTEGER NOT NULL CHECK (price >= 0),"
  "  price_version INTEGER NOT NULL DEFAULT 1, tax_rate_bp INTEGER NOT NULL,"
  "  category_id INTEGER NOT NULL DEFAULT 0, archived INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE product_prices (product_id INTEGER NOT NULL, price_version INTEGER NOT NULL,"
  "  price INTEGER NOT NULL, PRIMARY KEY (product_id, price_version));"
  "CREATE TABLE entity_history (entity TEXT NOT NULL, entity_id INTEGER NOT NULL,"
  "  version INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (entity, entity_id, version));"
  "CREATE TABLE stock (product_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL,"
  "  qty INTEGER NOT NULL, PRIMARY KEY (product_id, outlet_id));"
  "CREATE TABLE customers (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL, client_id TEXT UNIQUE,"
  "  name TEXT NOT NULL, phone TEXT, email TEXT, loyalty_points INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE TABLE conflicts (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL, kind TEXT NOT NULL,"
  "  status TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, base TEXT,"
  "  terminal TEXT, server TEXT, terminal_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL, resolution TEXT, resolved_by INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX conflicts_status ON conflicts (status);"
  "CREATE UNIQUE INDEX conflicts_outlet ON conflicts (outlet_id, id);"
  "CREATE TABLE change_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL, outlet_id INTEGER NOT NULL, op TEXT NOT NULL,"
  "  changed_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX change_log_entity ON change_log (outlet_id, entity, entity_id);"
  "CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);"
  /* tillday: an outlet's settings, pulled by its tills (entity "setting"). */
  "CREATE TABLE outlet_settings (outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
  "  key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (outlet_id, key));"
  /* drawer: shift_cash, the pay-ins and pay-outs of a shift (shift.cash), is with the
   * tables keyed by outlet (kasir-server-store-sqlite-upgrade.c). */
  /* loyal: the code on a member's card. */
  "ALTER TABLE customers ADD COLUMN member_code TEXT;";

/* ---- Statement helpers ---- */

gint64
kasir_sqlite_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_sqlite_error (KasirSqliteStore  *self,
                  int                rc,
                  GError           **error)
{
  int primary = rc & 0xff;
  int code = (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
             ? KASIR_SERVER_STORE_ERROR_BUSY : KASIR_SERVER_STORE_ERROR_FAILED;

  if (primary == SQLITE_CONSTRAINT)
    code = KASIR_SERVER_STORE_ERROR_INVALID;
  g_set_error (error, KASIR_SERVER_STORE_ERROR, code, "database: %s (%d)",
               self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc), rc);
}

/* A cached, reset statement for @sql, with the arguments bound as @fmt says:
 * 'i' gint64, 't' const char * (NULL binds NULL), 'n' gint64 where 0 binds NULL. */
static sqlite3_stmt *
query_va (KasirSqliteStore  *self,
          GError           **error,
          const char        *sql,
          const char        *fmt,
          va_list            args)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);
  int rc;

  if (stmt == NULL)
    {
      rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, error);
          return NULL;
        }
      g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  for (int i = 0; fmt != NULL && fmt[i] != '\0'; i++)
    {
      switch (fmt[i])
        {
        case 'i':
          sqlite3_bind_int64 (stmt, i + 1, va_arg (args, gint64));
          break;
        case 'n':
          {
            gint64 v = va_arg (args, gint64);
            if (v == 0)
              sqlite3_bind_null (stmt, i + 1);
            else
              sqlite3_bind_int64 (stmt, i + 1, v);
          }
          break;
        case 't':
          {
            const char *t = va_arg (args, const char *);
            if (t == NULL)
              sqlite3_bind_null (stmt, i + 1);
            else
              sqlite3_bind_text (stmt, i + 1, t, -1, SQLITE_TRANSIENT);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return stmt;
}

sqlite3_stmt *
kasir_sqlite_query (KasirSqliteStore  *self,
       GError           **error,
       const char        *sql,
       const char        *fmt,
       ...)
{
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, fmt);
  stmt = query_va (self, error, sql, fmt, args);
  va_end (args);
  return stmt;
}

/* SQLITE_ROW, SQLITE_DONE, or -1 with @error set. */
int
kasir_sqlite_step (KasirSqliteStore  *self,
      sqlite3_stmt      *stmt,
      GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  set_sqlite_error (self, rc, error);
  sqlite3_reset (stmt);
  return -1;
}

static gboolean
run_va (gpointer     db,
        GError     **error,
        const char  *sql,
        const char  *fmt,
        va_list      args)
{
  KasirSqliteStore *self = db;
  sqlite3_stmt *stmt = query_va (self, error, sql, fmt, args);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = kasir_sqlite_step (self, stmt, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

static gboolean
query_int_va (gpointer     db,
              GError     **error,
              gint64      *out,
              gboolean    *found,
              const char  *sql,
              const char  *fmt,
              va_list      args)
{
  KasirSqliteStore *self = db;
  sqlite3_stmt *stmt = query_va (self, error, sql, fmt, args);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = kasir_sqlite_step (self, stmt, error);
  if (rc < 0)
    return FALSE;
  if (found != NULL)
    *found = (rc == SQLITE_ROW);
  *out = (rc == SQLITE_ROW) ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Runs a statement that returns no rows. */
gboolean
kasir_sqlite_run (KasirSqliteStore  *self,
                  GError           **error,
                  const char        *sql,
                  const char        *fmt,
                  ...)
{
  va_list args;
  gboolean ok;

  va_start (args, fmt);
  ok = run_va (self, error, sql, fmt, args);
  va_end (args);
  return ok;
}

/* Runs a one-value query; *found tells whether a row came back. */
gboolean
kasir_sqlite_query_int (KasirSqliteStore  *self,
                        GError           **error,
                        gint64            *out,
                        gboolean          *found,
                        const char        *sql,
                        const char        *fmt,
                        ...)
{
  va_list args;
  gboolean ok;

  va_start (args, fmt);
  ok = query_int_va (self, error, out, found, sql, fmt, args);
  va_end (args);
  return ok;
}

/* The row is the cached statement, stepped to it; row_free resets it. */
static gboolean
query_row_va (gpointer     db,
              GError     **error,
              gpointer    *row,
              const char  *sql,
              const char  *fmt,
              va_list      args)
{
  KasirSqliteStore *self = db;
  sqlite3_stmt *stmt = query_va (self, error, sql, fmt, args);
  int rc;

  *row = NULL;
  if (stmt == NULL || (rc = kasir_sqlite_step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *row = stmt;
  else
    sqlite3_reset (stmt);
  return TRUE;
}

static gint64
row_int (gpointer row,
         int      index,
         int      col)
{
  return sqlite3_column_int64 (row, col);
}

static char *
row_text (gpointer row,
          int      index,
          int      col)
{
  return kasir_sqlite_column_dup (row, col);
}

static void
row_free (gpointer row)
{
  sqlite3_reset (row);
}

/* The rows are the cached statement, stepped one by one. */
static gboolean
query_rows_va (gpointer     db,
               GError     **error,
               gpointer    *rows,
               const char  *sql,
               const char  *fmt,
               va_list      args)
{
  *rows = query_va (db, error, sql, fmt, args);
  return *rows != NULL;
}

static int
rows_next (gpointer   db,
           gpointer   rows,
           int        index,
           GError   **error)
{
  int rc = kasir_sqlite_step (db, rows, error);

  return rc == SQLITE_ROW ? 1 : rc < 0 ? -1 : 0;
}

static int
row_columns (gpointer rows)
{
  return sqlite3_column_count (rows);
}

static const KasirServerSqlClass sqlite_sql_class = {
  .run = run_va, .query_int = query_int_va,
  .query_row = query_row_va, .row_int = row_int, .row_text = row_text, .row_free = row_free,
  .query_rows = query_rows_va, .rows_next = rows_next, .row_columns = row_columns,
};

KasirServerSql
kasir_sqlite_sql (KasirSqliteStore *self)
{
  return (KasirServerSql) { &sqlite_sql_class, self };
}

static gboolean
exec_sql (KasirSqliteStore  *self,
          const char        *sql,
          GError           **error)
{
  char *msg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    {
      int primary = rc & 0xff;
      g_set_error (error, KASIR_SERVER_STORE_ERROR,
                   (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
                   ? KASIR_SERVER_STORE_ERROR_BUSY : KASIR_SERVER_STORE_ERROR_FAILED,
                   "database: %s (%d)", msg ? msg : sqlite3_errstr (rc), rc);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_sqlite_begin_write (KasirSqliteStore  *self,
             GError           **error)
{
  return kasir_sqlite_run (self, error, "BEGIN IMMEDIATE", NULL);
}

gboolean
kasir_sqlite_commit (KasirSqliteStore  *self,
        GError           **error)
{
  return kasir_sqlite_run (self, error, "COMMIT", NULL);
}

void
kasir_sqlite_rollback (KasirSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
kasir_sqlite_column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

char *
kasir_sqlite_node_to_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  return kasir_protocol_to_string (node, NULL);
}

JsonNode *
kasir_sqlite_text_to_node (const char *text)
{
  if (text == NULL)
    return NULL;
  return json_from_string (text, NULL);
}

/* ---- Change log and audit ---- */

/* Records that an entity changed, inside the caller's transaction. @outlet_id 0 means the
 * chain (every terminal sees it). The previous row of the same entity goes away, so the
 * log holds each entity once, at the seq of its latest change. */
gboolean
kasir_sqlite_log_change (KasirSqliteStore  *self,
            const char        *entity,
            const char        *entity_id,
            gint64             outlet_id,
            gboolean           deleted,
            GError           **error)
{
  /* The unique index on (outlet_id, entity, entity_id) makes REPLACE drop the older row
   * (an entity never changes outlet); the new row takes the next AUTOINCREMENT seq,
   * inside this transaction. */
  return kasir_sqlite_run (self, error,
              "INSERT OR REPLACE INTO change_log (entity, entity_id, outlet_id, op, changed_at) "
              "VALUES (?, ?, ?, ?, ?)", "ttiti",
              entity, entity_id, outlet_id, deleted ? "del" : "put", kasir_sqlite_now_unix ());
}

gboolean
kasir_sqlite_log_change_int (KasirSqliteStore  *self,
                const char        *entity,
                gint64             id,
                gint64             outlet_id,
                gboolean           deleted,
                GError           **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, id);
  return kasir_sqlite_log_change (self, entity, buf, outlet_id, deleted, error);
}

gboolean
kasir_sqlite_log_stock_change (KasirSqliteStore  *self,
                  gint64             product_id,
                  gint64             outlet_id,
                  GError           **error)
{
  char buf[64];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, product_id, outlet_id);
  return kasir_sqlite_log_change (self, "stock", buf, outlet_id, FALSE, error);
}

/* Sets a product's stock level at an outlet, creating the row when missing. */
gboolean
kasir_sqlite_set_stock (KasirSqliteStore  *self,
                        gint64             product_id,
                        gint64             outlet_id,
                        gint64             qty,
                        GError           **error)
{
  return kasir_sqlite_run (self, error,
                           "INSERT OR REPLACE INTO stock (product_id, outlet_id, qty) VALUES (?, ?, ?)",
                           "iii", product_id, outlet_id, qty)
         && kasir_sqlite_log_stock_change (self, product_id, outlet_id, error);
}

gboolean
kasir_sqlite_audit (KasirSqliteStore  *self,
       const char        *actor,
       const char        *action,
       const char        *detail,
       GError           **error)
{
  return kasir_sqlite_run (self, error, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
              "ittt", kasir_sqlite_now_unix (), actor, action, detail);
}

/* ---- Entity loading ---- */

#define PRODUCT_COLUMNS "id, sku, barcode, name, price, price_version, tax_rate_bp, category_id, archived, version, " \
  "unit, track_stock, low_stock"

/* A product from PRODUCT_COLUMNS starting at column @c. */
KasirProduct *
kasir_sqlite_product_from_row (sqlite3_stmt *stmt,
                  int           c)
{
  KasirProduct *p = kasir_product_new ();

  p->id = sqlite3_column_int64 (stmt, c + 0);
  p->sku = kasir_sqlite_column_dup (stmt, c + 1);
  p->barcode = kasir_sqlite_column_dup (stmt, c + 2);
  p->name = kasir_sqlite_column_dup (stmt, c + 3);
  p->price = sqlite3_column_int64 (stmt, c + 4);
  p->price_version = sqlite3_column_int64 (stmt, c + 5);
  p->tax_rate_bp = (guint) sqlite3_column_int64 (stmt, c + 6);
  p->category_id = sqlite3_column_int64 (stmt, c + 7);
  p->archived = sqlite3_column_int64 (stmt, c + 8) != 0;
  p->version = sqlite3_column_int64 (stmt, c + 9);
  p->unit = kasir_sqlite_column_dup (stmt, c + 10);
  p->track_stock = sqlite3_column_int64 (stmt, c + 11) != 0;
  p->low_stock = sqlite3_column_int64 (stmt, c + 12);
  return p;
}

/* NULL with no error when there is no such product. */
KasirProduct *
kasir_sqlite_load_product (KasirSqliteStore  *self,
              gint64             id,
              GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error, "SELECT " PRODUCT_COLUMNS " FROM products WHERE id = ?",
                              "i", id);
  KasirProduct *p = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = kasir_sqlite_step (self, stmt, error);
  if (rc == SQLITE_ROW)
    p = kasir_sqlite_product_from_row (stmt, 0);
  sqlite3_reset (stmt);
  return p;
}

KasirCustomer *
kasir_sqlite_load_customer (KasirSqliteStore  *self,
               gint64             id,
               gint64            *outlet_id,
               GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error,
                              "SELECT id, name, phone, email, loyalty_points, version, outlet_id, "
                              "member_code, client_id FROM customers WHERE id = ?", "i", id);
  KasirCustomer *c = NULL;

  if (stmt == NULL)
    return NULL;
  if (kasir_sqlite_step (self, stmt, error) == SQLITE_ROW)
    {
      c = kasir_customer_new ();
      c->id = sqlite3_column_int64 (stmt, 0);
      c->name = kasir_sqlite_column_dup (stmt, 1);
      c->phone = kasir_sqlite_column_dup (stmt, 2);
      c->email = kasir_sqlite_column_dup (stmt, 3);
      c->loyalty_points = sqlite3_column_int64 (stmt, 4);
      c->version = sqlite3_column_int64 (stmt, 5);
      if (outlet_id != NULL)
        *outlet_id = sqlite3_column_int64 (stmt, 6);
      c->member_code = kasir_sqlite_column_dup (stmt, 7);
      c->client_id = kasir_sqlite_column_dup (stmt, 8);
    }
  sqlite3_reset (stmt);
  return c;
}

gboolean
kasir_sqlite_save_history (KasirSqliteStore  *self,
              const char        *entity,
              gint64             id,
              gint64             version,
              JsonNode          *data,
              GError           **error)
{
  g_autofree char *text = kasir_sqlite_node_to_text (data);

  return kasir_sqlite_run (self, error,
              "INSERT OR REPLACE INTO entity_history (entity, entity_id, version, data) "
              "VALUES (?, ?, ?, ?)", "tiit", entity, id, version, text);
}

JsonNode *
kasir_sqlite_load_history (KasirSqliteStore  *self,
              const char        *entity,
              gint64             id,
              gint64             version,
              GError           **error)
{
  sqlite3_stmt *stmt = kasir_sqlite_query (self, error,
                              "SELECT data FROM entity_history WHERE entity = ? AND entity_id = ? "
                              "AND version = ?", "tii", entity, id, version);
  JsonNode *node = NULL;

  if (stmt == NULL)
    return NULL;
  if (kasir_sqlite_step (self, stmt, error) == SQLITE_ROW)
    node = kasir_sqlite_text_to_node ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return node;
}

/* ---- Conflicts ---- */

gboolean
kasir_sqlite_add_conflict (KasirSqliteStore              *self,
                           const KasirServerNewConflict  *c,
                           gint64                        *out_id,
                           GError                       **error)
{
  g_autofree char *b = kasir_sqlite_node_to_text (c->base);
  g_autofree char *t = kasir_sqlite_node_to_text (c->terminal);
  g_autofree char *s = kasir_sqlite_node_to_text (c->server);
  g_autofree char *now = kasir_now_rfc3339 ();

  if (!kasir_sqlite_run (self, error,
                         "INSERT INTO conflicts (outlet_id, kind, status, entity, entity_id, base, terminal,"
                         " server, terminal_id, seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         "itttttttiit", c->outlet_id, kasir_conflict_kind_to_string (c->kind),
                         kasir_conflict_status_to_string (c->status), c->entity, c->entity_id, b, t, s,
                         c->terminal_id, c->seq, now))
    return FALSE;
  *out_id = sqlite3_last_insert_rowid (self->db);
  return kasir_sqlite_log_change_int (self, "conflict", *out_id, c->outlet_id, FALSE, error);
}

/* ---- Open and close ---- */

static void
sqlite_store_free (KasirServerStore *store)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self);
}

static const KasirServerStoreVTable sqlite_vtable = {
  .free = sqlite_store_free,
  .add_outlet = kasir_sqlite_add_outlet,
  .list_outlets = kasir_sqlite_list_outlets,
  .add_enroll_code = kasir_sqlite_add_enroll_code,
  .redeem_enroll_code = kasir_sqlite_redeem_enroll_code,
  .authenticate = kasir_sqlite_authenticate,
  .push = kasir_sqlite_push,
  .push_batch = kasir_sqlite_push_batch,
  .pull = kasir_sqlite_pull,
  .get_metrics = kasir_sqlite_get_metrics,
  .import_products = kasir_sqlite_import_products,
  .load_demo = kasir_sqlite_load_demo,
  .set_modifier_groups = kasir_sqlite_set_modifier_groups,
  .prune_tombstones = kasir_sqlite_prune_tombstones,
  .add_staff = kasir_sqlite_add_staff,
  .set_setting = kasir_sqlite_set_setting,
  .update_staff = kasir_sqlite_update_staff,
  .report_summary = kasir_sqlite_report_summary,
  .sale_lookup = kasir_sqlite_sale_lookup,
  .open_orders = kasir_sqlite_open_orders,
  .register_signing_key = kasir_sqlite_register_signing_key,
  .get_signing_key = kasir_sqlite_get_signing_key,
  .revoke_terminal = kasir_sqlite_revoke_terminal,
};

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

/* The database holds the chain's sales and customers: it is made readable by its owner
 * only, before SQLite opens it (an empty file is a new database), and SQLite gives its
 * -wal and -shm files the same mode. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    {
      int saved = errno;

      if (saved == EEXIST)
        g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                     "%s already exists; refusing to overwrite it", path);
      else
        g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                     "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

KasirServerStore *
kasir_server_store_sqlite_open (const char  *path,
                                const char  *key,
                                gboolean     create,
                                GError     **error)
{
  g_autoptr(KasirServerStore) store = NULL;
  KasirSqliteStore *self;
  gint64 version;
  gboolean found;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (create && !create_private (path, error))
    return NULL;
  if (!create && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "%s does not exist; create it with 'kasir-server init'", path);
      return NULL;
    }

  self = g_new0 (KasirSqliteStore, 1);
  self->parent.vtable = &sqlite_vtable;
  /* Keyed by the address of the SQL text: every call site passes a string literal. */
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_stmt);
  store = (KasirServerStore *) self;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
                        | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (key != NULL && *key != '\0')
    {
      rc = sqlite3_key (self->db, key, (int) strlen (key));
      /* Pinned so that a newer SQLCipher (the Flatpak build) opens this file knowingly. */
      if (rc != SQLITE_OK || !exec_sql (self, "PRAGMA cipher_page_size = 4096; PRAGMA kdf_iter = 64000;", error))
        {
          if (rc != SQLITE_OK)
            set_sqlite_error (self, rc, error);
          return NULL;
        }
    }
  if (sqlite3_exec (self->db, "SELECT COUNT(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "%s: cannot read the database (wrong key, or not a kasir-server database)", path);
      return NULL;
    }
  if (!exec_sql (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                 error))
    return NULL;

  if (create)
    {
      g_autofree char *set_version = g_strdup_printf (
        "INSERT INTO meta (key, value) VALUES ('schema_version', '%d');"
        "INSERT INTO meta (key, value) VALUES ('pruned_through', '0');", KASIR_SERVER_SCHEMA_VERSION);
      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!exec_sql (self, kasir_sqlite_outlet_keyed_sql, error) || !exec_sql (self, schema_sql, error)
          || !exec_sql (self, kasir_sqlite_since_v2_sql, error) || !exec_sql (self, set_version, error)
          || !kasir_sqlite_audit (self, "admin", "database.init", NULL, error) || !exec_sql (self, "COMMIT", error))
        {
          kasir_sqlite_rollback (self);
          return NULL;
        }
    }

  if (!kasir_sqlite_query_int (self, error, &version, &found, "SELECT value FROM meta WHERE key = 'schema_version'", NULL))
    {
      g_clear_error (error);
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "%s is not a kasir-server database", path);
      return NULL;
    }
  if (!found || version < 1 || version > KASIR_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "%s has schema version %" G_GINT64_FORMAT "; this kasir-server knows %d",
                   path, version, KASIR_SERVER_SCHEMA_VERSION);
      return NULL;
    }
  if (version < KASIR_SERVER_SCHEMA_VERSION && !kasir_sqlite_upgrade (self, version, error))
    return NULL;
  /* Added after schema version 1 shipped; a table of its own that nothing else refers
   * to, so databases made before it simply gain it here. */
  if (!exec_sql (self, "CREATE TABLE IF NOT EXISTS terminal_keys (terminal_id INTEGER PRIMARY KEY"
                 " REFERENCES terminals(id), public_key TEXT NOT NULL, registered_at INTEGER NOT NULL);"
                 "CREATE TABLE IF NOT EXISTS terminal_revocations (terminal_id INTEGER PRIMARY KEY"
                 " REFERENCES terminals(id), revoked_at INTEGER NOT NULL);",
                 error))
    return NULL;
  return g_steal_pointer (&store);
}
