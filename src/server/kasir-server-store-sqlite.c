/* kasir-server-store-sqlite.c — the SQLite (SQLCipher) backend of KasirServerStore.
 *
 * One connection, used from one thread (the server's main loop). SQLite has one writer,
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
#include "kasir-server-merge.h"
#include "kasir-server-rules.h"
#include "kasir-server-store.h"

#define SCHEMA_VERSION 1

typedef struct
{
  KasirServerStore  parent;
  sqlite3          *db;
  GHashTable       *stmts;   /* const char *sql → sqlite3_stmt* */
} KasirSqliteStore;

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE outlets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);"
  "CREATE TABLE enroll_codes (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
  "  code_hash TEXT NOT NULL UNIQUE, expires_at INTEGER NOT NULL, used_at INTEGER, terminal_id INTEGER);"
  "CREATE TABLE terminals (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
  "  name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, enrolled_at INTEGER NOT NULL,"
  "  last_seq INTEGER NOT NULL DEFAULT 0, last_push_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE push_results (terminal_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  mutation_id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,"
  "  conflict_ids TEXT NOT NULL DEFAULT '', payload TEXT, received_at INTEGER NOT NULL,"
  "  PRIMARY KEY (terminal_id, seq));"
  "CREATE TABLE staff (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
  "  name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('cashier','manager')),"
  "  pin_hash TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1, version INTEGER NOT NULL DEFAULT 1);"
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
  "CREATE TABLE shifts (id TEXT PRIMARY KEY, outlet_id INTEGER NOT NULL, terminal_id INTEGER NOT NULL,"
  "  staff_id INTEGER NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT,"
  "  opening_float INTEGER NOT NULL DEFAULT 0, counted_cash INTEGER NOT NULL DEFAULT 0,"
  "  counted TEXT, expected TEXT, continues_shift TEXT);"
  "CREATE TABLE sales (id TEXT PRIMARY KEY, receipt_no TEXT NOT NULL, terminal_id INTEGER NOT NULL,"
  "  outlet_id INTEGER NOT NULL, seq INTEGER NOT NULL, shift_id TEXT, staff_id INTEGER,"
  "  customer_id INTEGER, currency TEXT NOT NULL, tax_inclusive INTEGER NOT NULL,"
  "  subtotal INTEGER NOT NULL, discount INTEGER NOT NULL, fee INTEGER NOT NULL,"
  "  tax INTEGER NOT NULL, total INTEGER NOT NULL, change INTEGER NOT NULL,"
  "  loyalty_redeemed INTEGER NOT NULL, created_at TEXT NOT NULL, received_at INTEGER NOT NULL);"
  "CREATE TABLE sale_lines (sale_id TEXT NOT NULL REFERENCES sales(id), line_no INTEGER NOT NULL,"
  "  product_id INTEGER NOT NULL, sku TEXT, name TEXT, qty INTEGER NOT NULL,"
  "  unit_price INTEGER NOT NULL, price_version INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL,"
  "  discount INTEGER NOT NULL, tax INTEGER NOT NULL, total INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_id, line_no));"
  "CREATE TABLE sale_payments (sale_id TEXT NOT NULL REFERENCES sales(id), idx INTEGER NOT NULL,"
  "  method TEXT NOT NULL, amount INTEGER NOT NULL, reference TEXT, PRIMARY KEY (sale_id, idx));"
  "CREATE TABLE refunds (id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id),"
  "  terminal_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  reason TEXT, total INTEGER NOT NULL, created_at TEXT NOT NULL);"
  "CREATE TABLE refund_lines (refund_id TEXT NOT NULL REFERENCES refunds(id), line_no INTEGER NOT NULL,"
  "  product_id INTEGER NOT NULL, qty INTEGER NOT NULL, amount INTEGER NOT NULL,"
  "  PRIMARY KEY (refund_id, line_no));"
  "CREATE TABLE refund_payments (refund_id TEXT NOT NULL REFERENCES refunds(id), idx INTEGER NOT NULL,"
  "  method TEXT NOT NULL, amount INTEGER NOT NULL, PRIMARY KEY (refund_id, idx));"
  "CREATE TABLE conflicts (id INTEGER PRIMARY KEY, outlet_id INTEGER NOT NULL, kind TEXT NOT NULL,"
  "  status TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, base TEXT,"
  "  terminal TEXT, server TEXT, terminal_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL, resolution TEXT, resolved_by INTEGER,"
  "  version INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX conflicts_status ON conflicts (status);"
  "CREATE TABLE change_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL, outlet_id INTEGER NOT NULL, op TEXT NOT NULL,"
  "  changed_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX change_log_entity ON change_log (entity, entity_id);"
  "CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);";

/* ---- Statement helpers ---- */

static gint64
now_unix (void)
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

static sqlite3_stmt *
query (KasirSqliteStore  *self,
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
static int
step (KasirSqliteStore  *self,
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

/* Runs a statement that returns no rows. */
static gboolean
run (KasirSqliteStore  *self,
     GError           **error,
     const char        *sql,
     const char        *fmt,
     ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  int rc;

  va_start (args, fmt);
  stmt = query_va (self, error, sql, fmt, args);
  va_end (args);
  if (stmt == NULL)
    return FALSE;
  rc = step (self, stmt, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || rc == SQLITE_ROW;
}

/* Runs a one-value query; *found tells whether a row came back. */
static gboolean
query_int (KasirSqliteStore  *self,
           GError           **error,
           gint64            *out,
           gboolean          *found,
           const char        *sql,
           const char        *fmt,
           ...)
{
  sqlite3_stmt *stmt;
  va_list args;
  int rc;

  va_start (args, fmt);
  stmt = query_va (self, error, sql, fmt, args);
  va_end (args);
  if (stmt == NULL)
    return FALSE;
  rc = step (self, stmt, error);
  if (rc < 0)
    return FALSE;
  if (found != NULL)
    *found = (rc == SQLITE_ROW);
  *out = (rc == SQLITE_ROW) ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
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

static gboolean
begin_write (KasirSqliteStore  *self,
             GError           **error)
{
  return run (self, error, "BEGIN IMMEDIATE", NULL);
}

static gboolean
commit (KasirSqliteStore  *self,
        GError           **error)
{
  return run (self, error, "COMMIT", NULL);
}

static void
rollback (KasirSqliteStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  return kasir_protocol_to_string (node, NULL);
}

static JsonNode *
text_to_node (const char *text)
{
  if (text == NULL)
    return NULL;
  return json_from_string (text, NULL);
}

/* ---- Change log and audit ---- */

/* Records that an entity changed, inside the caller's transaction. @outlet_id 0 means the
 * chain (every terminal sees it). The previous row of the same entity goes away, so the
 * log holds each entity once, at the seq of its latest change. */
static gboolean
log_change (KasirSqliteStore  *self,
            const char        *entity,
            const char        *entity_id,
            gint64             outlet_id,
            gboolean           deleted,
            GError           **error)
{
  /* The unique index on (entity, entity_id) makes REPLACE drop the older row; the new
   * row takes the next AUTOINCREMENT seq, inside this transaction. */
  return run (self, error,
              "INSERT OR REPLACE INTO change_log (entity, entity_id, outlet_id, op, changed_at) "
              "VALUES (?, ?, ?, ?, ?)", "ttiti",
              entity, entity_id, outlet_id, deleted ? "del" : "put", now_unix ());
}

static gboolean
log_change_int (KasirSqliteStore  *self,
                const char        *entity,
                gint64             id,
                gint64             outlet_id,
                gboolean           deleted,
                GError           **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, id);
  return log_change (self, entity, buf, outlet_id, deleted, error);
}

static gboolean
log_stock_change (KasirSqliteStore  *self,
                  gint64             product_id,
                  gint64             outlet_id,
                  GError           **error)
{
  char buf[64];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, product_id, outlet_id);
  return log_change (self, "stock", buf, outlet_id, FALSE, error);
}

static gboolean
audit (KasirSqliteStore  *self,
       const char        *actor,
       const char        *action,
       const char        *detail,
       GError           **error)
{
  return run (self, error, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
              "ittt", now_unix (), actor, action, detail);
}

/* ---- Entity loading ---- */

#define PRODUCT_COLUMNS "id, sku, barcode, name, price, price_version, tax_rate_bp, category_id, archived, version"

/* A product from PRODUCT_COLUMNS starting at column @c. */
static KasirProduct *
product_from_row (sqlite3_stmt *stmt,
                  int           c)
{
  KasirProduct *p = kasir_product_new ();

  p->id = sqlite3_column_int64 (stmt, c + 0);
  p->sku = column_dup (stmt, c + 1);
  p->barcode = column_dup (stmt, c + 2);
  p->name = column_dup (stmt, c + 3);
  p->price = sqlite3_column_int64 (stmt, c + 4);
  p->price_version = sqlite3_column_int64 (stmt, c + 5);
  p->tax_rate_bp = (guint) sqlite3_column_int64 (stmt, c + 6);
  p->category_id = sqlite3_column_int64 (stmt, c + 7);
  p->archived = sqlite3_column_int64 (stmt, c + 8) != 0;
  p->version = sqlite3_column_int64 (stmt, c + 9);
  return p;
}

/* NULL with no error when there is no such product. */
static KasirProduct *
load_product (KasirSqliteStore  *self,
              gint64             id,
              GError           **error)
{
  sqlite3_stmt *stmt = query (self, error, "SELECT " PRODUCT_COLUMNS " FROM products WHERE id = ?",
                              "i", id);
  KasirProduct *p = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = step (self, stmt, error);
  if (rc == SQLITE_ROW)
    p = product_from_row (stmt, 0);
  sqlite3_reset (stmt);
  return p;
}

static KasirCustomer *
load_customer (KasirSqliteStore  *self,
               gint64             id,
               gint64            *outlet_id,
               GError           **error)
{
  sqlite3_stmt *stmt = query (self, error,
                              "SELECT id, name, phone, email, loyalty_points, version, outlet_id "
                              "FROM customers WHERE id = ?", "i", id);
  KasirCustomer *c = NULL;

  if (stmt == NULL)
    return NULL;
  if (step (self, stmt, error) == SQLITE_ROW)
    {
      c = kasir_customer_new ();
      c->id = sqlite3_column_int64 (stmt, 0);
      c->name = column_dup (stmt, 1);
      c->phone = column_dup (stmt, 2);
      c->email = column_dup (stmt, 3);
      c->loyalty_points = sqlite3_column_int64 (stmt, 4);
      c->version = sqlite3_column_int64 (stmt, 5);
      if (outlet_id != NULL)
        *outlet_id = sqlite3_column_int64 (stmt, 6);
    }
  sqlite3_reset (stmt);
  return c;
}

static gboolean
save_history (KasirSqliteStore  *self,
              const char        *entity,
              gint64             id,
              gint64             version,
              JsonNode          *data,
              GError           **error)
{
  g_autofree char *text = node_to_text (data);

  return run (self, error,
              "INSERT OR REPLACE INTO entity_history (entity, entity_id, version, data) "
              "VALUES (?, ?, ?, ?)", "tiit", entity, id, version, text);
}

static JsonNode *
load_history (KasirSqliteStore  *self,
              const char        *entity,
              gint64             id,
              gint64             version,
              GError           **error)
{
  sqlite3_stmt *stmt = query (self, error,
                              "SELECT data FROM entity_history WHERE entity = ? AND entity_id = ? "
                              "AND version = ?", "tii", entity, id, version);
  JsonNode *node = NULL;

  if (stmt == NULL)
    return NULL;
  if (step (self, stmt, error) == SQLITE_ROW)
    node = text_to_node ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return node;
}

/* ---- Conflicts ---- */

static JsonNode *
int_object (const char *k1,
            gint64      v1,
            const char *k2,
            gint64      v2)
{
  JsonObject *obj = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (obj, k1, v1);
  if (k2 != NULL)
    json_object_set_int_member (obj, k2, v2);
  json_node_take_object (node, obj);
  return node;
}

/* Names the sale a conflict came from inside its terminal-side values, so that every
 * till of the outlet, not only the one that sold, can show which receipt it was. */
static JsonNode *
with_sale (JsonNode        *terminal,
           const KasirSale *sale)
{
  JsonObject *obj = json_node_get_object (terminal);

  json_object_set_string_member (obj, "sale_id", sale->sale_id);
  json_object_set_string_member (obj, "receipt_no", sale->receipt_no);
  return terminal;
}

static gboolean
add_conflict (KasirSqliteStore     *self,
              gint64                outlet_id,
              KasirConflictKind     kind,
              KasirConflictStatus   status,
              const char           *entity,
              const char           *entity_id,
              JsonNode             *base,
              JsonNode             *terminal,
              JsonNode             *server,
              gint64                terminal_id,
              gint64                seq,
              KasirPushResult      *result,
              GError              **error)
{
  g_autofree char *b = node_to_text (base);
  g_autofree char *t = node_to_text (terminal);
  g_autofree char *s = node_to_text (server);
  g_autofree char *now = kasir_now_rfc3339 ();
  gint64 id;

  if (!run (self, error,
            "INSERT INTO conflicts (outlet_id, kind, status, entity, entity_id, base, terminal,"
            " server, terminal_id, seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "itttttttiit", outlet_id, kasir_conflict_kind_to_string (kind),
            kasir_conflict_status_to_string (status), entity, entity_id, b, t, s,
            terminal_id, seq, now))
    return FALSE;
  id = sqlite3_last_insert_rowid (self->db);
  g_array_append_val (result->conflict_ids, id);
  return log_change_int (self, "conflict", id, outlet_id, FALSE, error);
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

/* ---- Outlets and enrollment ---- */

static gboolean
sqlite_add_outlet (KasirServerStore  *store,
                   const char        *name,
                   gint64            *out_id,
                   GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 id;

  if (!begin_write (self, error))
    return FALSE;
  if (!run (self, error, "INSERT INTO outlets (name, created_at) VALUES (?, ?)", "ti",
            name, now_unix ()))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  if (!audit (self, "admin", "outlet.add", name, error) || !commit (self, error))
    goto fail;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static GPtrArray *
sqlite_list_outlets (KasirServerStore  *store,
                     GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_outlet_free);
  sqlite3_stmt *stmt = query (self, error, "SELECT id, name FROM outlets ORDER BY id", NULL);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      KasirServerOutlet *o = g_new0 (KasirServerOutlet, 1);
      o->id = sqlite3_column_int64 (stmt, 0);
      o->name = column_dup (stmt, 1);
      g_ptr_array_add (out, o);
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&out);
}

static gboolean
sqlite_add_enroll_code (KasirServerStore  *store,
                        gint64             outlet_id,
                        const char        *code_hash,
                        gint64             expires_unix,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gboolean found;
  gint64 dummy;
  g_autofree char *detail = NULL;

  if (!begin_write (self, error))
    return FALSE;
  if (!query_int (self, error, &dummy, &found, "SELECT id FROM outlets WHERE id = ?", "i", outlet_id))
    goto fail;
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no outlet with id %" G_GINT64_FORMAT, outlet_id);
      goto fail;
    }
  detail = g_strdup_printf ("outlet %" G_GINT64_FORMAT, outlet_id);
  if (!run (self, error, "INSERT INTO enroll_codes (outlet_id, code_hash, expires_at) VALUES (?, ?, ?)",
            "iti", outlet_id, code_hash, expires_unix)
      || !audit (self, "admin", "enroll.code", detail, error)
      || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_redeem_enroll_code (KasirServerStore  *store,
                           const char        *code_hash,
                           const char        *terminal_name,
                           const char        *token_hash,
                           gint64             now,
                           gint64            *terminal_id,
                           gint64            *outlet_id,
                           GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  sqlite3_stmt *stmt;
  gint64 code_id, outlet, expires, tid;
  gboolean used;
  g_autofree char *detail = NULL;
  int rc;

  if (!begin_write (self, error))
    return FALSE;
  stmt = query (self, error, "SELECT id, outlet_id, expires_at, used_at IS NOT NULL FROM enroll_codes "
                "WHERE code_hash = ?", "t", code_hash);
  if (stmt == NULL)
    goto fail;
  rc = step (self, stmt, error);
  if (rc < 0)
    goto fail;
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "unknown or already used enrollment code");
      goto fail;
    }
  code_id = sqlite3_column_int64 (stmt, 0);
  outlet = sqlite3_column_int64 (stmt, 1);
  expires = sqlite3_column_int64 (stmt, 2);
  used = sqlite3_column_int64 (stmt, 3) != 0;
  sqlite3_reset (stmt);
  if (used)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "unknown or already used enrollment code");
      goto fail;
    }
  if (now >= expires)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXPIRED,
                   "enrollment code expired");
      goto fail;
    }
  if (!run (self, error, "INSERT INTO terminals (outlet_id, name, token_hash, enrolled_at) "
            "VALUES (?, ?, ?, ?)", "itti", outlet,
            terminal_name ? terminal_name : "Terminal", token_hash, now))
    goto fail;
  tid = sqlite3_last_insert_rowid (self->db);
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT " outlet %" G_GINT64_FORMAT, tid, outlet);
  if (!run (self, error, "UPDATE enroll_codes SET used_at = ?, terminal_id = ? WHERE id = ?", "iii",
            now, tid, code_id)
      || !audit (self, "enroll", "terminal.enroll", detail, error)
      || !commit (self, error))
    goto fail;
  *terminal_id = tid;
  *outlet_id = outlet;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_authenticate (KasirServerStore  *store,
                     const char        *token_hash,
                     gint64            *terminal_id,
                     gint64            *outlet_id,
                     GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  sqlite3_stmt *stmt = query (self, error, "SELECT t.id, t.outlet_id, r.revoked_at FROM terminals t"
                              " LEFT JOIN terminal_revocations r ON r.terminal_id = t.id"
                              " WHERE t.token_hash = ?", "t", token_hash);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = step (self, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "unknown terminal token");
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_REVOKED,
                   "terminal %" G_GINT64_FORMAT " was revoked", (gint64) sqlite3_column_int64 (stmt, 0));
      sqlite3_reset (stmt);
      return FALSE;
    }
  *terminal_id = sqlite3_column_int64 (stmt, 0);
  *outlet_id = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- Applying mutations ---- */

typedef struct
{
  gint64               terminal_id;
  gint64               outlet_id;
  const KasirMutation *mutation;
  KasirPushResult     *result;
} Apply;

static void
reject (Apply      *a,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static void
reject (Apply      *a,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  g_free (a->result->reason);
  a->result->reason = g_strdup_vprintf (format, args);
  a->result->status = KASIR_RESULT_REJECTED;
  va_end (args);
}

/* Adds @delta to a product's stock at the outlet, creating the row when missing, and
 * reports the quantity before and after. A level that would leave
 * ±KASIR_PROTOCOL_MAX_STOCK is not written: *in_range says so, and the caller decides
 * what that means for its mutation (a rejection, or a conflict beside a sale). Only a
 * storage failure returns FALSE. */
static gboolean
stock_add (KasirSqliteStore  *self,
           gint64             product_id,
           gint64             outlet_id,
           gint64             delta,
           gint64            *before,
           gint64            *after,
           gboolean          *in_range,
           GError           **error)
{
  gboolean found;
  gint64 qty, new_qty;

  if (!query_int (self, error, &qty, &found,
                  "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ?", "ii",
                  product_id, outlet_id))
    return FALSE;
  if (before != NULL)
    *before = qty;
  if (after != NULL)
    *after = qty;
  *in_range = kasir_money_add (qty, delta, &new_qty)
              && new_qty >= -KASIR_PROTOCOL_MAX_STOCK && new_qty <= KASIR_PROTOCOL_MAX_STOCK;
  if (!*in_range)
    return TRUE;
  if (found)
    {
      if (!run (self, error, "UPDATE stock SET qty = ? WHERE product_id = ? AND outlet_id = ?",
                "iii", new_qty, product_id, outlet_id))
        return FALSE;
    }
  else if (!run (self, error, "INSERT INTO stock (product_id, outlet_id, qty) VALUES (?, ?, ?)",
                 "iii", product_id, outlet_id, new_qty))
    return FALSE;
  if (after != NULL)
    *after = new_qty;
  return log_stock_change (self, product_id, outlet_id, error);
}

static gboolean
set_stock (KasirSqliteStore  *self,
           gint64             product_id,
           gint64             outlet_id,
           gint64             qty,
           GError           **error)
{
  return run (self, error, "INSERT OR REPLACE INTO stock (product_id, outlet_id, qty) VALUES (?, ?, ?)",
              "iii", product_id, outlet_id, qty)
      && log_stock_change (self, product_id, outlet_id, error);
}

/* What the server knows of a staff member; *role_out owns the role text. */
static gboolean
load_actor (KasirSqliteStore  *self,
            gint64             staff_id,
            KasirServerActor  *actor,
            char             **role_out,
            GError           **error)
{
  sqlite3_stmt *stmt = query (self, error, "SELECT outlet_id, role, active FROM staff WHERE id = ?",
                              "i", staff_id);
  int rc;

  memset (actor, 0, sizeof *actor);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    {
      actor->found = TRUE;
      actor->outlet_id = sqlite3_column_int64 (stmt, 0);
      *role_out = column_dup (stmt, 1);
      actor->role = *role_out;
      actor->active = sqlite3_column_int64 (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Checks that @staff_id may make this mutation (kasir-server-rules.h). When not, the
 * mutation is rejected with the reason and *allowed is FALSE. Only a storage failure
 * returns FALSE. */
static gboolean
check_actor (KasirSqliteStore  *self,
             Apply             *a,
             gint64             staff_id,
             gboolean          *allowed,
             GError           **error)
{
  KasirServerActor actor;
  g_autofree char *role = NULL;
  g_autofree char *reason = NULL;

  if (!load_actor (self, staff_id, &actor, &role, error))
    return FALSE;
  *allowed = kasir_server_rules_check_actor (&actor, staff_id,
                                             kasir_server_rules_role_for (a->mutation->type),
                                             a->outlet_id, &reason);
  if (!*allowed)
    reject (a, "%s", reason);
  return TRUE;
}

/* The outlet an entity row belongs to; *found FALSE when there is none. */
static gboolean
owner_outlet (KasirSqliteStore  *self,
              const char        *sql,
              const char        *id_text,
              gint64             id,
              gint64            *outlet_id,
              gboolean          *found,
              GError           **error)
{
  return id_text != NULL ? query_int (self, error, outlet_id, found, sql, "t", id_text)
                         : query_int (self, error, outlet_id, found, sql, "i", id);
}

/* A sale is money that already changed hands, so a cashier, customer or shift it names
 * that this outlet does not have cannot refuse it: the sale is recorded without that
 * reference, beside an open unknown_reference conflict that says what was dropped. An
 * unknown shift stays (its shift.open may have been refused); another outlet's does not.
 * Nothing of another outlet is named in the answer or the conflict beyond the ids the
 * till itself sent. */
static gboolean
drop_foreign_references (KasirSqliteStore  *self,
                         Apply             *a,
                         KasirSale         *sale,
                         GError           **error)
{
  g_autoptr(JsonNode) t = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) srv = json_node_new (JSON_NODE_OBJECT);
  JsonObject *tobj = json_object_new (), *sobj = json_object_new ();
  JsonArray *dropped = json_array_new ();
  gint64 outlet = 0;
  gboolean found = FALSE;

  json_node_take_object (t, tobj);
  json_node_take_object (srv, sobj);
  json_object_set_array_member (sobj, "dropped", dropped);

  if (sale->staff_id != 0)
    {
      KasirServerActor actor;
      g_autofree char *role = NULL;

      if (!load_actor (self, sale->staff_id, &actor, &role, error))
        return FALSE;
      if (!actor.found || actor.outlet_id != a->outlet_id || !actor.active)
        {
          json_object_set_int_member (tobj, "staff_id", sale->staff_id);
          json_array_add_string_element (dropped, "staff_id");
          sale->staff_id = 0;
        }
    }
  if (sale->customer_id != 0)
    {
      if (!owner_outlet (self, "SELECT outlet_id FROM customers WHERE id = ?", NULL,
                         sale->customer_id, &outlet, &found, error))
        return FALSE;
      if (!found || outlet != a->outlet_id)
        {
          json_object_set_int_member (tobj, "customer_id", sale->customer_id);
          json_array_add_string_element (dropped, "customer_id");
          /* No points move: the customer is not this outlet's. */
          sale->customer_id = 0;
        }
    }
  if (sale->shift_id != NULL)
    {
      if (!owner_outlet (self, "SELECT outlet_id FROM shifts WHERE id = ?", sale->shift_id, 0,
                         &outlet, &found, error))
        return FALSE;
      if (found && outlet != a->outlet_id)
        {
          json_object_set_string_member (tobj, "shift_id", sale->shift_id);
          json_array_add_string_element (dropped, "shift_id");
          g_clear_pointer (&sale->shift_id, g_free);
        }
    }
  if (json_array_get_length (dropped) == 0)
    return TRUE;
  return add_conflict (self, a->outlet_id, KASIR_CONFLICT_UNKNOWN_REFERENCE, KASIR_CONFLICT_OPEN,
                       "sale", sale->sale_id, NULL, with_sale (t, sale), srv, a->terminal_id,
                       a->mutation->seq, a->result, error);
}

/* Finds or makes the shift a sale moves to when its own shift was closed on the server:
 * one continuation shift per closed shift, opened at the sale's time. */
static gboolean
continuation_shift (KasirSqliteStore  *self,
                    const char        *closed_shift,
                    Apply             *a,
                    const KasirSale   *sale,
                    char             **out_id,
                    GError           **error)
{
  sqlite3_stmt *stmt = query (self, error,
                              "SELECT id FROM shifts WHERE continues_shift = ? AND closed_at IS NULL",
                              "t", closed_shift);
  g_autofree char *id = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = step (self, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    id = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (id == NULL)
    {
      gint64 staff_id = sale->staff_id;

      /* A sale without a cashier stays with the cashier of the closed shift. */
      if (staff_id == 0
          && !query_int (self, error, &staff_id, NULL, "SELECT staff_id FROM shifts WHERE id = ?", "t",
                         closed_shift))
        return FALSE;
      id = kasir_uuid_new ();
      if (!run (self, error,
                "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at, continues_shift) "
                "VALUES (?, ?, ?, ?, ?, ?)", "tiiitt", id, a->outlet_id, a->terminal_id,
                staff_id, sale->created_at, closed_shift)
          || !log_change (self, "shift", id, a->outlet_id, FALSE, error))
        return FALSE;
    }
  *out_id = g_steal_pointer (&id);
  return TRUE;
}

static gboolean
apply_sale_create (KasirSqliteStore  *self,
                   Apply             *a,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirSale) sale = kasir_protocol_decode_sale (a->mutation->payload, &local_error);
  g_autofree char *shift_id = NULL;
  gboolean found;
  gint64 dummy;

  if (sale == NULL)
    {
      reject (a, "invalid sale: %s", local_error->message);
      return TRUE;
    }

  /* The unique sale id is the second line of defence against a sale applied twice. */
  if (!query_int (self, error, &dummy, &found, "SELECT 1 FROM sales WHERE id = ?", "t", sale->sale_id))
    return FALSE;
  if (found)
    {
      g_free (a->result->reason);
      a->result->reason = g_strdup ("duplicate sale id; already recorded");
      return TRUE;
    }
  if (!drop_foreign_references (self, a, sale, error))
    return FALSE;

  shift_id = g_strdup (sale->shift_id);
  if (shift_id != NULL)
    {
      sqlite3_stmt *stmt = query (self, error, "SELECT closed_at IS NOT NULL FROM shifts WHERE id = ?",
                                  "t", shift_id);
      gboolean closed = FALSE;
      int rc;

      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return FALSE;
      if (rc == SQLITE_ROW)
        closed = sqlite3_column_int64 (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (closed)
        {
          g_autofree char *moved = NULL;
          JsonObject *t = json_object_new (), *s = json_object_new ();
          g_autoptr(JsonNode) tn = json_node_new (JSON_NODE_OBJECT);
          g_autoptr(JsonNode) sn = json_node_new (JSON_NODE_OBJECT);

          if (!continuation_shift (self, shift_id, a, sale, &moved, error))
            return FALSE;
          json_object_set_string_member (t, "shift_id", shift_id);
          json_object_set_string_member (t, "sale_id", sale->sale_id);
          json_object_set_string_member (t, "receipt_no", sale->receipt_no);
          json_object_set_string_member (s, "shift_id", moved);
          json_object_set_string_member (s, "closed_shift_id", shift_id);
          json_node_take_object (tn, t);
          json_node_take_object (sn, s);
          if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_SHIFT_CLOSED,
                             KASIR_CONFLICT_RESOLVED_BY_RULE, "sale", sale->sale_id,
                             NULL, tn, sn, a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
          g_free (shift_id);
          shift_id = g_steal_pointer (&moved);
        }
    }

  if (sale->customer_id != 0 && sale->loyalty_redeemed > 0)
    {
      gint64 cust_outlet = 0;
      g_autoptr(KasirCustomer) c = load_customer (self, sale->customer_id, &cust_outlet, error);
      gint64 left;

      if (c == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (c != NULL)
        {
          gint64 shortfall = sale->loyalty_redeemed > c->loyalty_points
                             ? sale->loyalty_redeemed - c->loyalty_points : 0;

          left = c->loyalty_points - (sale->loyalty_redeemed - shortfall);
          if (shortfall > 0)
            {
              g_autoptr(JsonNode) b = int_object ("loyalty_points", c->loyalty_points, NULL, 0);
              g_autoptr(JsonNode) t = int_object ("loyalty_redeemed", sale->loyalty_redeemed, NULL, 0);
              g_autoptr(JsonNode) s = int_object ("loyalty_points", left, "shortfall", shortfall);
              char idbuf[32];

              g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
              if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_LOYALTY_OVERSPENT,
                                 KASIR_CONFLICT_OPEN, "customer", idbuf, b, with_sale (t, sale), s,
                                 a->terminal_id, a->mutation->seq, a->result, error))
                return FALSE;
            }
          /* The points were tendered as money that already changed hands: the sale stands,
           * the balance stops at zero, and the conflict records the shortfall for the
           * manager (the wire never carries a negative balance). */
          if (!run (self, error, "UPDATE customers SET loyalty_points = ?, version = version + 1 "
                    "WHERE id = ?", "ii", left, c->id)
              || !log_change_int (self, "customer", c->id, cust_outlet, FALSE, error))
            return FALSE;
        }
    }

  if (!run (self, error,
            "INSERT INTO sales (id, receipt_no, terminal_id, outlet_id, seq, shift_id, staff_id,"
            " customer_id, currency, tax_inclusive, subtotal, discount, fee, tax, total, change,"
            " loyalty_redeemed, created_at, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            "ttiiitnntiiiiiiiiti", sale->sale_id, sale->receipt_no, a->terminal_id,
            a->outlet_id, a->mutation->seq, shift_id, sale->staff_id, sale->customer_id,
            sale->currency, (gint64) sale->tax_inclusive, sale->subtotal, sale->discount,
            sale->fee, sale->tax, sale->total, sale->change, sale->loyalty_redeemed,
            sale->created_at, now_unix ()))
    return FALSE;

  for (guint i = 0; i < sale->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (sale->payments, i);
      if (!run (self, error, "INSERT INTO sale_payments (sale_id, idx, method, amount, reference) "
                "VALUES (?, ?, ?, ?, ?)", "titit", sale->sale_id, (gint64) i,
                kasir_payment_method_to_string (p->method), p->amount, p->reference))
        return FALSE;
    }

  for (guint i = 0; i < sale->lines->len; i++)
    {
      const KasirSaleLine *l = g_ptr_array_index (sale->lines, i);
      g_autoptr(KasirProduct) product = NULL;
      sqlite3_stmt *stmt;
      char idbuf[32];
      gint64 before, after, price = 0, price_version = 0;
      gboolean known, archived = FALSE, in_range;
      int rc;

      if (!run (self, error,
                "INSERT INTO sale_lines (sale_id, line_no, product_id, sku, name, qty, unit_price,"
                " price_version, tax_rate_bp, discount, tax, total) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "tiittiiiiiii",
                sale->sale_id, (gint64) i, l->product_id, l->sku, l->name, l->qty,
                l->unit_price, l->price_version, (gint64) l->tax_rate_bp, l->discount,
                l->tax, l->total))
        return FALSE;

      /* Only the few columns the checks need: this runs for every line of every sale. */
      stmt = query (self, error, "SELECT price, price_version, archived FROM products WHERE id = ?", "i",
                    l->product_id);
      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return FALSE;
      known = rc == SQLITE_ROW;
      if (known)
        {
          price = sqlite3_column_int64 (stmt, 0);
          price_version = sqlite3_column_int64 (stmt, 1);
          archived = sqlite3_column_int64 (stmt, 2) != 0;
        }
      sqlite3_reset (stmt);
      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, l->product_id);

      if (!known || archived)
        {
          g_autoptr(JsonNode) t = int_object ("qty", l->qty, "unit_price", l->unit_price);
          g_autoptr(JsonNode) s = NULL;

          if (known)
            {
              product = load_product (self, l->product_id, error);
              if (product == NULL)
                return FALSE;
              s = kasir_protocol_encode_product (product);
            }
          if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_PRODUCT_ARCHIVED,
                             KASIR_CONFLICT_OPEN, "product", idbuf, NULL, with_sale (t, sale), s,
                             a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
        }
      else if (l->price_version != price_version)
        {
          gint64 base_price;
          gboolean have_base;
          g_autoptr(JsonNode) b = NULL;
          g_autoptr(JsonNode) t = int_object ("price", l->unit_price, "price_version", l->price_version);
          g_autoptr(JsonNode) s = int_object ("price", price, "price_version", price_version);

          if (!query_int (self, error, &base_price, &have_base,
                          "SELECT price FROM product_prices WHERE product_id = ? AND price_version = ?",
                          "ii", l->product_id, l->price_version))
            return FALSE;
          if (have_base)
            b = int_object ("price", base_price, "price_version", l->price_version);
          /* The customer paid the price on the shelf: the sale keeps its historical
           * price, so this is settled by rule and only stays on record. */
          if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_PRICE_CHANGED,
                             KASIR_CONFLICT_RESOLVED_BY_RULE, "product", idbuf, b, with_sale (t, sale), s,
                             a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
        }

      /* A product the server does not know has no stock to take from. */
      if (!known)
        continue;
      if (!stock_add (self, l->product_id, a->outlet_id, -l->qty, &before, &after, &in_range, error))
        return FALSE;
      /* A level the protocol cannot carry is left as it was: the sale stands, and the
       * shortage conflict below (after stays negative) asks a manager to count. */
      if (after < 0 || !in_range)
        {
          char stockid[64];
          g_autoptr(JsonNode) b = int_object ("product_id", l->product_id, "qty", before);
          g_autoptr(JsonNode) t = int_object ("product_id", l->product_id, "qty_sold", l->qty);
          g_autoptr(JsonNode) s = int_object ("product_id", l->product_id, "qty", after);

          g_snprintf (stockid, sizeof stockid, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                      l->product_id, a->outlet_id);
          if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_STOCK_SHORTAGE,
                             KASIR_CONFLICT_OPEN, "stock", stockid, b, with_sale (t, sale), s,
                             a->terminal_id, a->mutation->seq, a->result, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
apply_sale_refund (KasirSqliteStore  *self,
                   Apply             *a,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirRefund) refund = kasir_protocol_decode_refund (a->mutation->payload, &local_error);
  sqlite3_stmt *stmt;
  gint64 sale_total, sale_outlet, refunded, dummy;
  gboolean found, allowed, in_range;
  int rc;

  if (refund == NULL)
    {
      reject (a, "invalid refund: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, refund->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!query_int (self, error, &dummy, &found, "SELECT 1 FROM refunds WHERE id = ?", "t",
                  refund->refund_id))
    return FALSE;
  if (found)
    return TRUE;

  stmt = query (self, error, "SELECT total, outlet_id FROM sales WHERE id = ?", "t", refund->sale_id);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      reject (a, "unknown_sale: no sale %s", refund->sale_id);
      return TRUE;
    }
  sale_total = sqlite3_column_int64 (stmt, 0);
  sale_outlet = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (sale_outlet != a->outlet_id)
    {
      reject (a, "unknown_sale: no sale %s", refund->sale_id);
      return TRUE;
    }
  if (!query_int (self, error, &refunded, NULL,
                  "SELECT COALESCE(SUM(total), 0) FROM refunds WHERE sale_id = ?", "t", refund->sale_id))
    return FALSE;
  if (refunded + refund->total > sale_total)
    {
      reject (a, "exceeds_sale: refunds would total %" G_GINT64_FORMAT " of a sale of %" G_GINT64_FORMAT,
              refunded + refund->total, sale_total);
      return TRUE;
    }
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);
      gint64 sold, back;

      if (!query_int (self, error, &sold, NULL,
                      "SELECT COALESCE(SUM(qty), 0) FROM sale_lines WHERE sale_id = ? AND product_id = ?",
                      "ti", refund->sale_id, l->product_id)
          || !query_int (self, error, &back, NULL,
                         "SELECT COALESCE(SUM(rl.qty), 0) FROM refund_lines rl JOIN refunds r "
                         "ON r.id = rl.refund_id WHERE r.sale_id = ? AND rl.product_id = ?",
                         "ti", refund->sale_id, l->product_id))
        return FALSE;
      if (back + l->qty > sold)
        {
          reject (a, "exceeds_sale: product %" G_GINT64_FORMAT " sold %" G_GINT64_FORMAT
                  ", refunding %" G_GINT64_FORMAT " more than that", l->product_id, sold,
                  back + l->qty - sold);
          return TRUE;
        }
    }

  if (!run (self, error, "INSERT INTO refunds (id, sale_id, terminal_id, outlet_id, seq, reason, total,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", "ttiiitit", refund->refund_id,
            refund->sale_id, a->terminal_id, a->outlet_id, a->mutation->seq, refund->reason,
            refund->total, refund->created_at))
    return FALSE;
  for (guint i = 0; i < refund->lines->len; i++)
    {
      const KasirRefundLine *l = g_ptr_array_index (refund->lines, i);
      if (!run (self, error, "INSERT INTO refund_lines (refund_id, line_no, product_id, qty, amount) "
                "VALUES (?, ?, ?, ?, ?)", "tiiii", refund->refund_id, (gint64) i, l->product_id,
                l->qty, l->amount)
          || !stock_add (self, l->product_id, a->outlet_id, l->qty, NULL, NULL, &in_range, error))
        return FALSE;
      if (!in_range)
        {
          reject (a, "out_of_range: the stock of product %" G_GINT64_FORMAT
                  " would leave the range the protocol allows", l->product_id);
          return TRUE;
        }
    }
  for (guint i = 0; i < refund->payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (refund->payments, i);
      if (!run (self, error, "INSERT INTO refund_payments (refund_id, idx, method, amount) "
                "VALUES (?, ?, ?, ?)", "titi", refund->refund_id, (gint64) i,
                kasir_payment_method_to_string (p->method), p->amount))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_shift_open (KasirSqliteStore  *self,
                  Apply             *a,
                  GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftEvent) ev = kasir_protocol_decode_shift_open (a->mutation->payload, &local_error);
  gint64 outlet;
  gboolean found, allowed;

  if (ev == NULL)
    {
      reject (a, "invalid shift.open: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, ev->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  if (!query_int (self, error, &outlet, &found, "SELECT outlet_id FROM shifts WHERE id = ?", "t",
                  ev->shift_id))
    return FALSE;
  if (found)
    {
      if (outlet != a->outlet_id)
        reject (a, "invalid shift.open: shift id %s is already in use", ev->shift_id);
      return TRUE;
    }
  return run (self, error, "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at,"
              " opening_float) VALUES (?, ?, ?, ?, ?, ?)", "tiiiti", ev->shift_id, a->outlet_id,
              a->terminal_id, ev->staff_id, ev->at, ev->opening_float)
      && log_change (self, "shift", ev->shift_id, a->outlet_id, FALSE, error);
}

static JsonNode *
payments_node (GPtrArray *payments)
{
  JsonArray *arr = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; payments != NULL && i < payments->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (payments, i);
      JsonObject *o = json_object_new ();
      json_object_set_string_member (o, "method", kasir_payment_method_to_string (p->method));
      json_object_set_int_member (o, "amount", p->amount);
      json_array_add_object_element (arr, o);
    }
  json_node_take_array (node, arr);
  return node;
}

static gboolean
apply_shift_close (KasirSqliteStore  *self,
                   Apply             *a,
                   GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirShiftEvent) ev = kasir_protocol_decode_shift_close (a->mutation->payload, &local_error);
  g_autoptr(JsonNode) counted = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autofree char *counted_text = NULL;
  g_autofree char *expected_text = NULL;
  sqlite3_stmt *stmt;
  gint64 outlet, cash = 0;
  gboolean closed, allowed;
  int rc;

  if (ev == NULL)
    {
      reject (a, "invalid shift.close: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, ev->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  stmt = query (self, error, "SELECT outlet_id, closed_at IS NOT NULL FROM shifts WHERE id = ?", "t",
                ev->shift_id);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      reject (a, "unknown_shift: no shift %s", ev->shift_id);
      return TRUE;
    }
  outlet = sqlite3_column_int64 (stmt, 0);
  closed = sqlite3_column_int64 (stmt, 1) != 0;
  sqlite3_reset (stmt);
  if (outlet != a->outlet_id)
    {
      reject (a, "unknown_shift: no shift %s", ev->shift_id);
      return TRUE;
    }
  if (closed)
    {
      /* Closing twice changes nothing; the first close stands. */
      a->result->reason = g_strdup ("already closed");
      return TRUE;
    }
  for (guint i = 0; ev->counted != NULL && i < ev->counted->len; i++)
    {
      const KasirPayment *p = g_ptr_array_index (ev->counted, i);
      if (p->method == KASIR_PAYMENT_CASH)
        cash += p->amount;
    }
  counted = payments_node (ev->counted);
  expected = payments_node (ev->expected);
  counted_text = node_to_text (counted);
  expected_text = node_to_text (expected);
  return run (self, error, "UPDATE shifts SET closed_at = ?, counted_cash = ?, counted = ?, expected = ? "
              "WHERE id = ?", "tittt", ev->at, cash, counted_text, expected_text, ev->shift_id)
      && log_change (self, "shift", ev->shift_id, a->outlet_id, FALSE, error);
}

static gboolean
apply_stock_adjust (KasirSqliteStore  *self,
                    Apply             *a,
                    GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirStockAdjust) adj = kasir_protocol_decode_stock_adjust (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) product = NULL;
  gint64 before, after;
  gboolean allowed, in_range;
  g_autofree char *detail = NULL;

  if (adj == NULL)
    {
      reject (a, "invalid stock.adjust: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, adj->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  product = load_product (self, adj->product_id, error);
  if (product == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      reject (a, "unknown_product: no product %" G_GINT64_FORMAT, adj->product_id);
      return TRUE;
    }
  if (!stock_add (self, adj->product_id, a->outlet_id, adj->delta, &before, &after, &in_range, error))
    return FALSE;
  if (!in_range)
    {
      reject (a, "out_of_range: stock %" G_GINT64_FORMAT " %+" G_GINT64_FORMAT
              " would leave the range the protocol allows", before, adj->delta);
      return TRUE;
    }
  detail = g_strdup_printf ("product %" G_GINT64_FORMAT " outlet %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                            " -> %" G_GINT64_FORMAT " by staff %" G_GINT64_FORMAT " (%s)",
                            adj->product_id, a->outlet_id, before, after, adj->staff_id,
                            adj->reason ? adj->reason : "");
  return audit (self, "terminal", "stock.adjust", detail, error);
}

static JsonNode *
object_node (JsonObject *obj)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, obj);
  return node;
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || JSON_NODE_HOLDS_NULL (n))
    return NULL;
  return json_node_get_string (n);
}

static gboolean
apply_product_update (KasirSqliteStore  *self,
                      Apply             *a,
                      GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_product_update (a->mutation->payload, &local_error);
  g_autoptr(KasirProduct) product = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) cb = json_object_new ();
  g_autoptr(JsonObject) ct = json_object_new ();
  g_autoptr(JsonObject) cs = json_object_new ();
  g_autoptr(JsonNode) updated = NULL;
  gboolean price_changed = FALSE, allowed;
  JsonNode *n;

  if (edit == NULL)
    {
      reject (a, "invalid product.update: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  product = load_product (self, edit->entity_id, error);
  if (product == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      reject (a, "unknown_product: no product %" G_GINT64_FORMAT, edit->entity_id);
      return TRUE;
    }
  current = kasir_protocol_encode_product (product);
  /* Editing the current version: the current values are the base. */
  if (edit->base_version == product->version)
    base = json_node_copy (current);
  else
    {
      base = load_history (self, "product", product->id, edit->base_version, error);
      if (base == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  kasir_server_three_way (json_node_get_object (edit->fields), json_node_get_object (current),
                          base ? json_node_get_object (base) : NULL, apply, cb, ct, cs);

  if ((n = json_object_get_member (apply, "name")) != NULL)
    {
      const char *v = JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
      if (v == NULL || *v == '\0')
        {
          reject (a, "invalid product.update: name must not be empty");
          return TRUE;
        }
      g_free (product->name);
      product->name = g_strdup (v);
    }
  if ((n = json_object_get_member (apply, "sku")) != NULL)
    {
      const char *v = JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
      if (v == NULL || *v == '\0')
        {
          reject (a, "invalid product.update: sku must not be empty");
          return TRUE;
        }
      g_free (product->sku);
      product->sku = g_strdup (v);
    }
  if ((n = json_object_get_member (apply, "barcode")) != NULL)
    {
      g_free (product->barcode);
      product->barcode = g_strdup (JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n));
    }
  if ((n = json_object_get_member (apply, "price")) != NULL)
    {
      gint64 v = json_node_get_int (n);
      if (v < 0)
        {
          reject (a, "invalid product.update: negative price");
          return TRUE;
        }
      price_changed = v != product->price;
      product->price = v;
    }
  if ((n = json_object_get_member (apply, "tax_rate_bp")) != NULL)
    {
      gint64 v = json_node_get_int (n);
      if (v < 0 || v > 10000)
        {
          reject (a, "invalid product.update: tax_rate_bp outside 0..10000");
          return TRUE;
        }
      product->tax_rate_bp = (guint) v;
    }
  if ((n = json_object_get_member (apply, "category_id")) != NULL)
    {
      gint64 category_id = JSON_NODE_HOLDS_NULL (n) ? 0 : json_node_get_int (n);
      gboolean known = TRUE;
      gint64 dummy;

      if (category_id != 0
          && !query_int (self, error, &dummy, &known, "SELECT 1 FROM categories WHERE id = ?", "i",
                         category_id))
        return FALSE;
      if (!known)
        {
          reject (a, "unknown_category: no category %" G_GINT64_FORMAT, category_id);
          return TRUE;
        }
      product->category_id = category_id;
    }
  if ((n = json_object_get_member (apply, "archived")) != NULL)
    {
      product->archived = json_node_get_boolean (n);
    }

  if (json_object_get_size (apply) > 0)
    {
      g_autoptr(GError) constraint_error = NULL;

      product->version++;
      if (price_changed)
        product->price_version++;
      if (!run (self, &constraint_error,
                "UPDATE products SET sku = ?, barcode = ?, name = ?, price = ?, price_version = ?,"
                " tax_rate_bp = ?, category_id = ?, archived = ?, version = ? WHERE id = ?",
                "tttiiiiiii", product->sku, product->barcode, product->name, product->price,
                product->price_version, (gint64) product->tax_rate_bp, product->category_id,
                (gint64) product->archived, product->version, product->id))
        {
          if (g_error_matches (constraint_error, KASIR_SERVER_STORE_ERROR,
                               KASIR_SERVER_STORE_ERROR_INVALID))
            {
              reject (a, "invalid product.update: sku or barcode already used");
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&constraint_error));
          return FALSE;
        }
      updated = kasir_protocol_encode_product (product);
      if ((price_changed
           && !run (self, error, "INSERT OR REPLACE INTO product_prices (product_id, price_version, price) "
                    "VALUES (?, ?, ?)", "iii", product->id, product->price_version, product->price))
          || !save_history (self, "product", product->id, product->version, updated, error)
          || !log_change_int (self, "product", product->id, 0, product->archived, error))
        return FALSE;
    }

  if (json_object_get_size (ct) > 0)
    {
      char idbuf[32];
      g_autoptr(JsonNode) bn = object_node (cb);
      g_autoptr(JsonNode) tn = object_node (ct);
      g_autoptr(JsonNode) sn = object_node (cs);

      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, product->id);
      if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_CONCURRENT_EDIT, KASIR_CONFLICT_OPEN,
                         "product", idbuf, bn, tn, sn, a->terminal_id, a->mutation->seq,
                         a->result, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
apply_customer_upsert (KasirSqliteStore  *self,
                       Apply             *a,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirEdit) edit = kasir_protocol_decode_customer_upsert (a->mutation->payload, &local_error);
  g_autoptr(KasirCustomer) c = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(JsonNode) updated = NULL;
  g_autoptr(JsonObject) apply = json_object_new ();
  g_autoptr(JsonObject) cb = json_object_new ();
  g_autoptr(JsonObject) ct = json_object_new ();
  g_autoptr(JsonObject) cs = json_object_new ();
  JsonObject *fields;
  gint64 cust_outlet = 0;
  gboolean allowed;

  if (edit == NULL)
    {
      reject (a, "invalid customer.upsert: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, edit->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  fields = json_node_get_object (edit->fields);

  if (edit->entity_id == 0)
    {
      gint64 existing;
      gboolean found;
      const char *name = member_string (fields, "name");

      if (edit->client_id != NULL)
        {
          if (!query_int (self, error, &existing, &found,
                          "SELECT outlet_id FROM customers WHERE client_id = ?", "t", edit->client_id))
            return FALSE;
          if (found && existing != a->outlet_id)
            {
              reject (a, "unknown_customer: client_id %s is not this outlet's", edit->client_id);
              return TRUE;
            }
          if (found)
            return TRUE; /* the same new customer pushed again */
        }
      if (name == NULL || *name == '\0')
        {
          reject (a, "invalid customer.upsert: a new customer needs a name");
          return TRUE;
        }
      c = kasir_customer_new ();
      c->name = g_strdup (name);
      c->phone = g_strdup (member_string (fields, "phone"));
      c->email = g_strdup (member_string (fields, "email"));
      c->version = 1;
      if (!run (self, error, "INSERT INTO customers (outlet_id, client_id, name, phone, email) "
                "VALUES (?, ?, ?, ?, ?)", "itttt", a->outlet_id, edit->client_id, c->name,
                c->phone, c->email))
        return FALSE;
      c->id = sqlite3_last_insert_rowid (self->db);
      updated = kasir_protocol_encode_customer (c);
      return save_history (self, "customer", c->id, 1, updated, error)
          && log_change_int (self, "customer", c->id, a->outlet_id, FALSE, error);
    }

  c = load_customer (self, edit->entity_id, &cust_outlet, error);
  if (c == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      reject (a, "unknown_customer: no customer %" G_GINT64_FORMAT, edit->entity_id);
      return TRUE;
    }
  if (cust_outlet != a->outlet_id)
    {
      reject (a, "unknown_customer: no customer %" G_GINT64_FORMAT, c->id);
      return TRUE;
    }
  current = kasir_protocol_encode_customer (c);
  if (edit->base_version == c->version)
    base = json_node_copy (current);
  else
    {
      base = load_history (self, "customer", c->id, edit->base_version, error);
      if (base == NULL && error != NULL && *error != NULL)
        return FALSE;
    }
  /* Loyalty points move only with sales; an edit may not set them. */
  json_object_remove_member (fields, "loyalty_points");
  kasir_server_three_way (fields, json_node_get_object (current),
                          base ? json_node_get_object (base) : NULL, apply, cb, ct, cs);
  if (json_object_has_member (apply, "name"))
    {
      const char *v = member_string (apply, "name");
      if (v == NULL || *v == '\0')
        {
          reject (a, "invalid customer.upsert: name must not be empty");
          return TRUE;
        }
      g_free (c->name);
      c->name = g_strdup (v);
    }
  if (json_object_has_member (apply, "phone"))
    {
      g_free (c->phone);
      c->phone = g_strdup (member_string (apply, "phone"));
    }
  if (json_object_has_member (apply, "email"))
    {
      g_free (c->email);
      c->email = g_strdup (member_string (apply, "email"));
    }
  if (json_object_get_size (apply) > 0)
    {
      c->version++;
      updated = kasir_protocol_encode_customer (c);
      if (!run (self, error, "UPDATE customers SET name = ?, phone = ?, email = ?, version = ? WHERE id = ?",
                "tttii", c->name, c->phone, c->email, c->version, c->id)
          || !save_history (self, "customer", c->id, c->version, updated, error)
          || !log_change_int (self, "customer", c->id, cust_outlet, FALSE, error))
        return FALSE;
    }
  if (json_object_get_size (ct) > 0)
    {
      char idbuf[32];
      g_autoptr(JsonNode) bn = object_node (cb);
      g_autoptr(JsonNode) tn = object_node (ct);
      g_autoptr(JsonNode) sn = object_node (cs);

      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, c->id);
      if (!add_conflict (self, a->outlet_id, KASIR_CONFLICT_CONCURRENT_EDIT, KASIR_CONFLICT_OPEN,
                         "customer", idbuf, bn, tn, sn, a->terminal_id, a->mutation->seq,
                         a->result, error))
        return FALSE;
    }
  return TRUE;
}

/* conflict.resolve: the first resolution to arrive wins. A later one for a conflict that
 * is no longer open is REJECTED with reason "already_resolved" and the conflict's id in
 * conflict_ids; the winning resolution reaches that terminal through pull. A resolution
 * whose expected_version is not the conflict's version is rejected "version_mismatch". */
static gboolean
apply_conflict_resolve (KasirSqliteStore  *self,
                        Apply             *a,
                        GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirConflictResolve) r = kasir_protocol_decode_conflict_resolve (a->mutation->payload,
                                                                              &local_error);
  g_autofree char *status = NULL;
  g_autofree char *entity = NULL;
  g_autofree char *entity_id = NULL;
  g_autofree char *resolution_text = NULL;
  g_autofree char *now = kasir_now_rfc3339 ();
  JsonObject *res;
  g_autoptr(JsonNode) res_node = json_node_new (JSON_NODE_OBJECT);
  sqlite3_stmt *stmt;
  gint64 outlet, version;
  gboolean allowed;
  int rc;

  if (r == NULL)
    {
      reject (a, "invalid conflict.resolve: %s", local_error->message);
      return TRUE;
    }
  if (!check_actor (self, a, r->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  stmt = query (self, error, "SELECT outlet_id, status, version, entity, entity_id FROM conflicts WHERE id = ?",
                "i", r->conflict_id);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      reject (a, "unknown_conflict: no conflict %" G_GINT64_FORMAT, r->conflict_id);
      return TRUE;
    }
  outlet = sqlite3_column_int64 (stmt, 0);
  status = column_dup (stmt, 1);
  version = sqlite3_column_int64 (stmt, 2);
  entity = column_dup (stmt, 3);
  entity_id = column_dup (stmt, 4);
  sqlite3_reset (stmt);
  if (outlet != a->outlet_id)
    {
      reject (a, "unknown_conflict: no conflict %" G_GINT64_FORMAT, r->conflict_id);
      return TRUE;
    }
  if (g_strcmp0 (status, "open") != 0)
    {
      g_array_append_val (a->result->conflict_ids, r->conflict_id);
      reject (a, "already_resolved");
      return TRUE;
    }
  if (version != r->expected_version)
    {
      g_array_append_val (a->result->conflict_ids, r->conflict_id);
      reject (a, "version_mismatch: conflict is at version %" G_GINT64_FORMAT, version);
      return TRUE;
    }

  res = json_object_new ();
  json_object_set_string_member (res, "decision", r->decision);
  if (r->note != NULL)
    json_object_set_string_member (res, "note", r->note);
  json_object_set_int_member (res, "staff_id", r->staff_id);
  /* The name travels with the decision so that a manager whose own decision came second
   * sees who decided, even on a till that does not know that staff member. */
  stmt = query (self, error, "SELECT name FROM staff WHERE id = ? AND outlet_id = ?", "ii",
                r->staff_id, outlet);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    {
      json_object_unref (res);
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    json_object_set_string_member (res, "staff_name", (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  json_object_set_int_member (res, "terminal_id", a->terminal_id);
  json_object_set_string_member (res, "resolved_at", now);
  if (r->values != NULL)
    json_object_set_member (res, "values", json_node_copy (r->values));
  json_node_take_object (res_node, res);
  resolution_text = node_to_text (res_node);

  /* A counted stock figure is the one decision that changes data beyond the conflict:
   * the outlet's stock becomes what the manager counted. */
  if (g_strcmp0 (r->decision, "counted_stock") == 0 && g_strcmp0 (entity, "stock") == 0
      && r->values != NULL && JSON_NODE_HOLDS_OBJECT (r->values)
      && json_object_has_member (json_node_get_object (r->values), "qty"))
    {
      JsonNode *qn = json_object_get_member (json_node_get_object (r->values), "qty");
      gint64 product_id = g_ascii_strtoll (entity_id, NULL, 10);

      /* The codec has bounded qty to 0..KASIR_PROTOCOL_MAX_QTY. The figure replaces
       * the level as it is: no arithmetic with whatever the level was. */
      if (!set_stock (self, product_id, outlet, json_node_get_int (qn), error))
        return FALSE;
    }

  return run (self, error, "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_by = ?,"
              " version = version + 1 WHERE id = ?", "tii", resolution_text, a->terminal_id,
              r->conflict_id)
      && log_change_int (self, "conflict", r->conflict_id, outlet, FALSE, error);
}

static gboolean
apply_mutation (KasirSqliteStore  *self,
                Apply             *a,
                GError           **error)
{
  switch (a->mutation->type)
    {
    case KASIR_MUTATION_SALE_CREATE:
      return apply_sale_create (self, a, error);
    case KASIR_MUTATION_SALE_REFUND:
      return apply_sale_refund (self, a, error);
    case KASIR_MUTATION_SHIFT_OPEN:
      return apply_shift_open (self, a, error);
    case KASIR_MUTATION_SHIFT_CLOSE:
      return apply_shift_close (self, a, error);
    case KASIR_MUTATION_PRODUCT_UPDATE:
      return apply_product_update (self, a, error);
    case KASIR_MUTATION_STOCK_ADJUST:
      return apply_stock_adjust (self, a, error);
    case KASIR_MUTATION_CUSTOMER_UPSERT:
      return apply_customer_upsert (self, a, error);
    case KASIR_MUTATION_CONFLICT_RESOLVE:
      return apply_conflict_resolve (self, a, error);
    default:
      reject (a, "unknown mutation type");
      return TRUE;
    }
}

static char *
conflict_ids_text (GArray *ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (s, FALSE);
}

static gboolean
load_result (KasirSqliteStore  *self,
             gint64             terminal_id,
             gint64             seq,
             KasirPushResult  **out,
             GError           **error)
{
  sqlite3_stmt *stmt = query (self, error, "SELECT status, reason, conflict_ids FROM push_results "
                              "WHERE terminal_id = ? AND seq = ?", "ii", terminal_id, seq);
  g_autoptr(KasirPushResult) r = NULL;
  int rc;

  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "no stored result for terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT,
                   terminal_id, seq);
      return FALSE;
    }
  r = kasir_push_result_new ();
  r->seq = seq;
  if (!kasir_result_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &r->status))
    r->status = KASIR_RESULT_REJECTED;
  r->reason = column_dup (stmt, 1);
  {
    const char *ids = (const char *) sqlite3_column_text (stmt, 2);
    g_auto(GStrv) parts = g_strsplit (ids ? ids : "", ",", -1);
    for (guint i = 0; parts[i] != NULL; i++)
      if (*parts[i] != '\0')
        {
          gint64 id = g_ascii_strtoll (parts[i], NULL, 10);
          g_array_append_val (r->conflict_ids, id);
        }
  }
  sqlite3_reset (stmt);
  *out = g_steal_pointer (&r);
  return TRUE;
}

/* Reads the terminal's last_seq inside the caller's write transaction. */
static gboolean
terminal_last_seq (KasirSqliteStore  *self,
                   gint64             terminal_id,
                   gint64             outlet_id,
                   gint64            *last_seq,
                   GError           **error)
{
  sqlite3_stmt *stmt = query (self, error, "SELECT last_seq, outlet_id FROM terminals WHERE id = ?", "i",
                              terminal_id);
  gint64 t_outlet;
  int rc;

  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "unknown terminal");
      return FALSE;
    }
  *last_seq = sqlite3_column_int64 (stmt, 0);
  t_outlet = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  if (t_outlet != outlet_id)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_UNAUTHORIZED,
                   "terminal does not belong to this outlet");
      return FALSE;
    }
  return TRUE;
}

/* One mutation, inside the caller's write transaction, under its own savepoint: its
 * effects, its stored result and the new last_seq are written together or not at all.
 * *last_seq is the terminal's last_seq before, and is updated; the terminals row too
 * unless @update_terminal is FALSE, when the caller writes it before its commit. */
static gboolean
push_in_transaction (KasirSqliteStore        *self,
                     gint64                   terminal_id,
                     gint64                   outlet_id,
                     const KasirMutation     *mutation,
                     gboolean                 update_terminal,
                     gint64                  *last_seq,
                     KasirServerPushOutcome  *outcome,
                     KasirPushResult        **result,
                     GError                 **error)
{
  g_autoptr(KasirPushResult) r = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *payload = NULL;
  gboolean savepoint;
  Apply a;

  if (mutation->seq <= *last_seq)
    {
      if (!load_result (self, terminal_id, mutation->seq, result, error))
        return FALSE;
      *outcome = KASIR_SERVER_PUSH_DUPLICATE;
      return TRUE;
    }
  if (mutation->seq > *last_seq + 1)
    {
      *outcome = KASIR_SERVER_PUSH_GAP;
      return TRUE;
    }

  r = kasir_push_result_new ();
  r->seq = mutation->seq;
  r->status = KASIR_RESULT_APPLIED;
  a.terminal_id = terminal_id;
  a.outlet_id = outlet_id;
  a.mutation = mutation;
  a.result = r;

  /* The savepoint lets a rejection undo whatever the mutation had begun to write, so
   * that a rejected mutation leaves only its stored result behind. sale.create decides
   * on a rejection before it writes anything, and the busiest mutation skips it. (A
   * storage error rolls the caller's whole transaction back in any case.) */
  savepoint = mutation->type != KASIR_MUTATION_SALE_CREATE;
  if (savepoint && !run (self, error, "SAVEPOINT apply", NULL))
    return FALSE;
  if (!apply_mutation (self, &a, error))
    goto undo;
  if (r->status == KASIR_RESULT_REJECTED)
    {
      if (savepoint && !run (self, error, "ROLLBACK TO apply", NULL))
        goto undo;
      payload = node_to_text (mutation->payload);
    }
  else if (r->conflict_ids->len > 0)
    r->status = KASIR_RESULT_APPLIED_WITH_CONFLICTS;

  ids = conflict_ids_text (r->conflict_ids);
  if (!run (self, error, "INSERT INTO push_results (terminal_id, seq, mutation_id, type, status, reason,"
            " conflict_ids, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iitttttti",
            terminal_id, mutation->seq, mutation->id, kasir_mutation_type_to_string (mutation->type),
            kasir_result_status_to_string (r->status), r->reason, ids, payload, now_unix ())
      || (update_terminal
          && !run (self, error, "UPDATE terminals SET last_seq = ?, last_push_at = ? WHERE id = ?", "iii",
                   mutation->seq, now_unix (), terminal_id)))
    goto undo;
  if (r->status == KASIR_RESULT_REJECTED)
    {
      g_autofree char *detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT
                                                 " %s: %s", terminal_id, mutation->seq,
                                                 kasir_mutation_type_to_string (mutation->type),
                                                 r->reason);
      if (!audit (self, "push", "mutation.rejected", detail, error))
        goto undo;
    }
  if (savepoint && !run (self, error, "RELEASE apply", NULL))
    goto undo;
  *last_seq = mutation->seq;
  *outcome = KASIR_SERVER_PUSH_NEW;
  *result = g_steal_pointer (&r);
  return TRUE;

undo:
  /* The caller rolls the whole transaction back; nothing of this mutation stays. */
  return FALSE;
}

static gboolean
sqlite_push (KasirServerStore        *store,
             gint64                   terminal_id,
             gint64                   outlet_id,
             const KasirMutation     *mutation,
             KasirServerPushOutcome  *outcome,
             KasirPushResult        **result,
             gint64                  *expected_seq,
             GError                 **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 last_seq;

  if (!begin_write (self, error))
    return FALSE;
  if (!terminal_last_seq (self, terminal_id, outlet_id, &last_seq, error)
      || !push_in_transaction (self, terminal_id, outlet_id, mutation, TRUE, &last_seq, outcome, result,
                               error)
      || !commit (self, error))
    {
      rollback (self);
      g_clear_pointer (result, kasir_push_result_free);
      return FALSE;
    }
  *expected_seq = last_seq + 1;
  return TRUE;
}

static gboolean
sqlite_push_batch (KasirServerStore  *store,
                   gint64             terminal_id,
                   gint64             outlet_id,
                   GPtrArray         *mutations,
                   GPtrArray         *results,
                   GArray            *outcomes,
                   gint64            *expected_seq,
                   GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  guint first_result = results->len;
  gboolean applied_any = FALSE;
  gint64 last_seq;

  if (!begin_write (self, error))
    return FALSE;
  if (!terminal_last_seq (self, terminal_id, outlet_id, &last_seq, error))
    goto fail;
  for (guint i = 0; i < mutations->len; i++)
    {
      KasirServerPushOutcome outcome;
      KasirPushResult *result = NULL;

      if (!push_in_transaction (self, terminal_id, outlet_id, g_ptr_array_index (mutations, i), FALSE,
                                &last_seq, &outcome, &result, error))
        goto fail;
      g_array_append_val (outcomes, outcome);
      if (outcome == KASIR_SERVER_PUSH_GAP)
        break;
      if (outcome == KASIR_SERVER_PUSH_NEW)
        applied_any = TRUE;
      g_ptr_array_add (results, result);
    }
  /* last_seq is written once for the batch, in the same transaction as every result. */
  if ((applied_any
       && !run (self, error, "UPDATE terminals SET last_seq = ?, last_push_at = ? WHERE id = ?", "iii",
                last_seq, now_unix (), terminal_id))
      || !commit (self, error))
    goto fail;
  *expected_seq = last_seq + 1;
  return TRUE;

fail:
  rollback (self);
  g_ptr_array_set_size (results, first_result);
  g_array_set_size (outcomes, first_result);
  return FALSE;
}

/* ---- Pull ---- */

static JsonNode *
load_entity (KasirSqliteStore  *self,
             const char        *entity,
             const char        *id,
             GError           **error)
{
  sqlite3_stmt *stmt;
  JsonNode *node = NULL;
  int rc;

  if (g_str_equal (entity, "product"))
    {
      g_autoptr(KasirProduct) p = load_product (self, g_ascii_strtoll (id, NULL, 10), error);
      return p ? kasir_protocol_encode_product (p) : NULL;
    }
  if (g_str_equal (entity, "customer"))
    {
      g_autoptr(KasirCustomer) c = load_customer (self, g_ascii_strtoll (id, NULL, 10), NULL, error);
      return c ? kasir_protocol_encode_customer (c) : NULL;
    }
  if (g_str_equal (entity, "stock"))
    {
      g_autoptr(KasirStock) s = kasir_stock_new ();
      char *colon = NULL;

      s->product_id = g_ascii_strtoll (id, &colon, 10);
      s->outlet_id = (colon && *colon == ':') ? g_ascii_strtoll (colon + 1, NULL, 10) : 0;
      stmt = query (self, error, "SELECT qty FROM stock WHERE product_id = ? AND outlet_id = ?", "ii",
                    s->product_id, s->outlet_id);
      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return NULL;
      if (rc == SQLITE_ROW)
        {
          s->qty = sqlite3_column_int64 (stmt, 0);
          node = kasir_protocol_encode_stock (s);
        }
      sqlite3_reset (stmt);
      return node;
    }
  if (g_str_equal (entity, "category"))
    {
      stmt = query (self, error, "SELECT id, name, parent_id, archived, version FROM categories WHERE id = ?",
                    "i", g_ascii_strtoll (id, NULL, 10));
      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return NULL;
      if (rc == SQLITE_ROW)
        {
          g_autoptr(KasirCategory) c = kasir_category_new ();
          c->id = sqlite3_column_int64 (stmt, 0);
          c->name = column_dup (stmt, 1);
          c->parent_id = sqlite3_column_int64 (stmt, 2);
          c->archived = sqlite3_column_int64 (stmt, 3) != 0;
          c->version = sqlite3_column_int64 (stmt, 4);
          node = kasir_protocol_encode_category (c);
        }
      sqlite3_reset (stmt);
      return node;
    }
  if (g_str_equal (entity, "staff"))
    {
      stmt = query (self, error, "SELECT id, outlet_id, name, role, pin_hash, active FROM staff WHERE id = ?",
                    "i", g_ascii_strtoll (id, NULL, 10));
      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return NULL;
      if (rc == SQLITE_ROW)
        {
          g_autoptr(KasirStaff) s = kasir_staff_new ();
          s->id = sqlite3_column_int64 (stmt, 0);
          s->outlet_id = sqlite3_column_int64 (stmt, 1);
          s->name = column_dup (stmt, 2);
          s->role = column_dup (stmt, 3);
          s->pin_hash = column_dup (stmt, 4);
          s->active = sqlite3_column_int64 (stmt, 5) != 0;
          node = kasir_protocol_encode_staff (s);
        }
      sqlite3_reset (stmt);
      return node;
    }
  if (g_str_equal (entity, "shift"))
    {
      stmt = query (self, error, "SELECT id, outlet_id, terminal_id, staff_id, opened_at, closed_at,"
                    " opening_float, counted_cash FROM shifts WHERE id = ?", "t", id);
      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return NULL;
      if (rc == SQLITE_ROW)
        {
          g_autoptr(KasirShift) s = kasir_shift_new ();
          s->id = column_dup (stmt, 0);
          s->outlet_id = sqlite3_column_int64 (stmt, 1);
          s->terminal_id = sqlite3_column_int64 (stmt, 2);
          s->staff_id = sqlite3_column_int64 (stmt, 3);
          s->opened_at = column_dup (stmt, 4);
          s->closed_at = column_dup (stmt, 5);
          s->opening_float = sqlite3_column_int64 (stmt, 6);
          s->counted_cash = sqlite3_column_int64 (stmt, 7);
          node = kasir_protocol_encode_shift (s);
        }
      sqlite3_reset (stmt);
      return node;
    }
  if (g_str_equal (entity, "conflict"))
    {
      stmt = query (self, error, "SELECT id, kind, status, entity, entity_id, base, terminal, server,"
                    " terminal_id, seq, created_at, resolution, version FROM conflicts WHERE id = ?",
                    "i", g_ascii_strtoll (id, NULL, 10));
      if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
        return NULL;
      if (rc == SQLITE_ROW)
        {
          g_autoptr(KasirConflict) c = kasir_conflict_new ();
          c->id = sqlite3_column_int64 (stmt, 0);
          kasir_conflict_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &c->kind);
          kasir_conflict_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &c->status);
          c->entity = column_dup (stmt, 3);
          c->entity_id = column_dup (stmt, 4);
          c->base = text_to_node ((const char *) sqlite3_column_text (stmt, 5));
          c->terminal = text_to_node ((const char *) sqlite3_column_text (stmt, 6));
          c->server = text_to_node ((const char *) sqlite3_column_text (stmt, 7));
          c->terminal_id = sqlite3_column_int64 (stmt, 8);
          c->seq = sqlite3_column_int64 (stmt, 9);
          c->created_at = column_dup (stmt, 10);
          c->resolution = text_to_node ((const char *) sqlite3_column_text (stmt, 11));
          c->version = sqlite3_column_int64 (stmt, 12);
          node = kasir_protocol_encode_conflict (c);
        }
      sqlite3_reset (stmt);
      return node;
    }
  return NULL;
}

static gboolean
meta_int (KasirSqliteStore  *self,
          const char        *key,
          gint64            *out,
          GError           **error)
{
  sqlite3_stmt *stmt = query (self, error, "SELECT value FROM meta WHERE key = ?", "t", key);
  int rc;

  *out = 0;
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *out = g_ascii_strtoll ((const char *) sqlite3_column_text (stmt, 0), NULL, 10);
  sqlite3_reset (stmt);
  return TRUE;
}

static KasirPullResponse *
sqlite_pull (KasirServerStore  *store,
             gint64             terminal_id,
             gint64             outlet_id,
             gint64             cursor,
             guint              limit,
             GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autoptr(KasirPullResponse) resp = kasir_pull_response_new ();
  sqlite3_stmt *stmt;
  gint64 pruned_through, max_seq, last_seq, last_row_seq = 0;
  guint n = 0;
  int rc;

  /* One read transaction: the page, the cursor and last_seq come from one snapshot. */
  if (!run (self, error, "BEGIN", NULL))
    return NULL;
  if (!meta_int (self, "pruned_through", &pruned_through, error)
      || !query_int (self, error, &max_seq, NULL,
                     "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0)", NULL)
      || !query_int (self, error, &last_seq, NULL, "SELECT last_seq FROM terminals WHERE id = ?", "i",
                     terminal_id))
    goto fail;

  /* A cursor older than the newest pruned tombstone may have missed a deletion, and one
   * beyond anything this server numbered comes from another database: both start over. */
  if (cursor < 0 || (cursor > 0 && cursor < pruned_through) || cursor > max_seq)
    {
      resp->reset = TRUE;
      cursor = 0;
    }

  /* Products, most of any catalog, come with the page in one join; other entities are
   * read one by one below. */
  stmt = query (self, error, "SELECT c.seq, c.entity, c.entity_id, c.op, p.id, p.sku, p.barcode, p.name,"
                " p.price, p.price_version, p.tax_rate_bp, p.category_id, p.archived, p.version "
                "FROM change_log c LEFT JOIN products p "
                "ON c.entity = 'product' AND p.id = CAST(c.entity_id AS INTEGER) "
                "WHERE c.seq > ? AND (c.outlet_id = 0 OR c.outlet_id = ?) ORDER BY c.seq LIMIT ?", "iii",
                cursor, outlet_id, (gint64) limit + 1);
  if (stmt == NULL)
    goto fail;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      g_autoptr(KasirChange) ch = NULL;
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      if (n == limit)
        {
          resp->has_more = TRUE;
          break;
        }
      ch = kasir_change_new ();
      ch->entity = column_dup (stmt, 1);
      ch->id = column_dup (stmt, 2);
      ch->deleted = g_str_equal ((const char *) sqlite3_column_text (stmt, 3), "del");
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        {
          g_autoptr(KasirProduct) p = product_from_row (stmt, 4);
          ch->data = kasir_protocol_encode_product (p);
        }
      g_ptr_array_add (resp->changes, g_steal_pointer (&ch));
      last_row_seq = seq;
      n++;
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    goto fail;

  /* Entity rows are read after the log page, still inside the same snapshot. */
  for (guint i = 0; i < resp->changes->len; i++)
    {
      KasirChange *ch = g_ptr_array_index (resp->changes, i);
      g_autoptr(GError) local_error = NULL;

      if (ch->data != NULL)
        continue;
      ch->data = load_entity (self, ch->entity, ch->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      if (ch->data == NULL)
        ch->deleted = TRUE;
    }

  resp->cursor = resp->has_more ? last_row_seq : max_seq;
  resp->head = max_seq;
  resp->last_seq = last_seq;
  if (!commit (self, error))
    goto fail;
  return g_steal_pointer (&resp);

fail:
  rollback (self);
  return NULL;
}

static gboolean
sqlite_prune_tombstones (KasirServerStore  *store,
                         gint64             older_than_unix,
                         guint             *n_pruned,
                         GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 newest, previous;
  gboolean found;
  char buf[32];

  if (!begin_write (self, error))
    return FALSE;
  if (!query_int (self, error, &newest, &found,
                  "SELECT MAX(seq) FROM change_log WHERE op = 'del' AND changed_at < ?", "i",
                  older_than_unix)
      || !meta_int (self, "pruned_through", &previous, error))
    goto fail;
  if (!run (self, error, "DELETE FROM change_log WHERE op = 'del' AND changed_at < ?", "i", older_than_unix))
    goto fail;
  if (n_pruned != NULL)
    *n_pruned = sqlite3_changes (self->db);
  if (newest > previous)
    {
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, newest);
      if (!run (self, error, "INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_through', ?)",
                "t", buf))
        goto fail;
    }
  if (!commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* ---- Metrics ---- */

static gboolean
sqlite_get_metrics (KasirServerStore         *store,
                    KasirServerStoreMetrics  *out,
                    GError                  **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  sqlite3_stmt *stmt;
  int rc;

  if (!query_int (self, error, &out->open_conflicts, NULL,
                  "SELECT COUNT(*) FROM conflicts WHERE status = 'open'", NULL))
    return FALSE;
  out->terminals = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_server_terminal_info_free);
  stmt = query (self, error, "SELECT id, outlet_id, name, last_seq, last_push_at FROM terminals ORDER BY id",
                NULL);
  if (stmt == NULL)
    return FALSE;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      KasirServerTerminalInfo *t = g_new0 (KasirServerTerminalInfo, 1);
      t->terminal_id = sqlite3_column_int64 (stmt, 0);
      t->outlet_id = sqlite3_column_int64 (stmt, 1);
      t->name = column_dup (stmt, 2);
      t->last_seq = sqlite3_column_int64 (stmt, 3);
      t->last_push_unix = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (out->terminals, t);
    }
  sqlite3_reset (stmt);
  return rc >= 0;
}

/* ---- Catalog import and demo ---- */

static gboolean
category_id_for (KasirSqliteStore  *self,
                 const char        *name,
                 gint64            *out,
                 GError           **error)
{
  gboolean found;

  *out = 0;
  if (name == NULL || *name == '\0')
    return TRUE;
  if (!query_int (self, error, out, &found, "SELECT id FROM categories WHERE name = ?", "t", name))
    return FALSE;
  if (found)
    return TRUE;
  if (!run (self, error, "INSERT INTO categories (name) VALUES (?)", "t", name))
    return FALSE;
  *out = sqlite3_last_insert_rowid (self->db);
  return log_change_int (self, "category", *out, 0, FALSE, error);
}

static gboolean
import_rows (KasirSqliteStore  *self,
             GPtrArray         *rows,
             guint             *n_created,
             guint             *n_updated,
             GError           **error)
{
  g_autoptr(GArray) outlets = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  stmt = query (self, error, "SELECT id FROM outlets ORDER BY id", NULL);
  if (stmt == NULL)
    return FALSE;
  while ((rc = step (self, stmt, error)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (outlets, id);
    }
  sqlite3_reset (stmt);
  if (rc < 0)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      const KasirServerImportRow *row = g_ptr_array_index (rows, i);
      g_autoptr(KasirProduct) p = NULL;
      g_autoptr(JsonNode) data = NULL;
      gint64 category_id, pid;
      gboolean found, changed = FALSE, price_changed = FALSE;

      if (!category_id_for (self, row->category, &category_id, error))
        return FALSE;
      if (row->has_barcode && row->barcode != NULL)
        {
          g_autofree char *other = NULL;
          stmt = query (self, error, "SELECT sku FROM products WHERE barcode = ? AND sku <> ?", "tt",
                        row->barcode, row->sku);
          if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
            return FALSE;
          if (rc == SQLITE_ROW)
            other = column_dup (stmt, 0);
          sqlite3_reset (stmt);
          if (other != NULL)
            {
              g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                           "line %u, column barcode: %s is already the barcode of SKU %s",
                           row->line, row->barcode, other);
              return FALSE;
            }
        }
      if (!query_int (self, error, &pid, &found, "SELECT id FROM products WHERE sku = ?", "t", row->sku))
        return FALSE;
      if (found)
        {
          p = load_product (self, pid, error);
          if (p == NULL)
            return FALSE;
          /* A column missing from the file leaves that field as it is. */
          if (!row->has_category)
            category_id = p->category_id;
          price_changed = p->price != row->price;
          changed = price_changed || g_strcmp0 (p->name, row->name) != 0
                    || (row->has_barcode && g_strcmp0 (p->barcode, row->barcode) != 0)
                    || p->tax_rate_bp != row->tax_rate_bp || p->category_id != category_id
                    || p->archived;
          if (changed)
            {
              g_free (p->name);
              p->name = g_strdup (row->name);
              if (row->has_barcode)
                {
                  g_free (p->barcode);
                  p->barcode = g_strdup (row->barcode);
                }
              p->price = row->price;
              p->tax_rate_bp = row->tax_rate_bp;
              p->category_id = category_id;
              p->archived = FALSE;
              p->version++;
              if (price_changed)
                p->price_version++;
              if (!run (self, error, "UPDATE products SET barcode = ?, name = ?, price = ?, price_version = ?,"
                        " tax_rate_bp = ?, category_id = ?, archived = 0, version = ? WHERE id = ?",
                        "ttiiiiii", p->barcode, p->name, p->price, p->price_version,
                        (gint64) p->tax_rate_bp, p->category_id, p->version, p->id))
                return FALSE;
              if (n_updated != NULL)
                (*n_updated)++;
            }
        }
      else
        {
          p = kasir_product_new ();
          p->sku = g_strdup (row->sku);
          p->barcode = g_strdup (row->barcode);
          p->name = g_strdup (row->name);
          p->price = row->price;
          p->price_version = 1;
          p->tax_rate_bp = row->tax_rate_bp;
          p->category_id = category_id;
          p->version = 1;
          if (!run (self, error, "INSERT INTO products (sku, barcode, name, price, tax_rate_bp, category_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)", "tttiii", p->sku, p->barcode, p->name, p->price,
                    (gint64) p->tax_rate_bp, p->category_id))
            return FALSE;
          p->id = sqlite3_last_insert_rowid (self->db);
          changed = price_changed = TRUE;
          if (n_created != NULL)
            (*n_created)++;
        }
      if (changed)
        {
          data = kasir_protocol_encode_product (p);
          if ((price_changed
               && !run (self, error, "INSERT OR REPLACE INTO product_prices (product_id, price_version, price) "
                        "VALUES (?, ?, ?)", "iii", p->id, p->price_version, p->price))
              || !save_history (self, "product", p->id, p->version, data, error)
              || !log_change_int (self, "product", p->id, 0, FALSE, error))
            return FALSE;
        }
      if (row->has_stock)
        {
          if (row->outlet_id != 0)
            {
              gboolean known = FALSE;
              for (guint k = 0; k < outlets->len; k++)
                known = known || g_array_index (outlets, gint64, k) == row->outlet_id;
              if (!known)
                {
                  g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                               "line %u, column outlet: no outlet with id %" G_GINT64_FORMAT,
                               row->line, row->outlet_id);
                  return FALSE;
                }
              if (!set_stock (self, p->id, row->outlet_id, row->stock, error))
                return FALSE;
            }
          else
            for (guint k = 0; k < outlets->len; k++)
              if (!set_stock (self, p->id, g_array_index (outlets, gint64, k), row->stock, error))
                return FALSE;
        }
    }
  return TRUE;
}

static gboolean
sqlite_import_products (KasirServerStore  *store,
                        GPtrArray         *rows,
                        guint             *n_created,
                        guint             *n_updated,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autofree char *detail = NULL;
  guint created = 0, updated = 0;

  if (!begin_write (self, error))
    return FALSE;
  if (!import_rows (self, rows, &created, &updated, error))
    goto fail;
  detail = g_strdup_printf ("%u created, %u updated", created, updated);
  if (!audit (self, "admin", "catalog.import", detail, error) || !commit (self, error))
    goto fail;
  if (n_created != NULL)
    *n_created = created;
  if (n_updated != NULL)
    *n_updated = updated;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_load_demo (KasirServerStore           *store,
                  const KasirServerDemoData  *demo,
                  GError                    **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  gint64 n_outlets;

  if (!begin_write (self, error))
    return FALSE;
  if (!query_int (self, error, &n_outlets, NULL, "SELECT COUNT(*) FROM outlets", NULL))
    goto fail;
  if (n_outlets != 0)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                   "the database already has outlets; demo data goes only into an empty database");
      goto fail;
    }
  for (guint i = 0; i < demo->outlets->len; i++)
    if (!run (self, error, "INSERT INTO outlets (id, name, created_at) VALUES (?, ?, ?)", "iti",
              (gint64) i + 1, (const char *) g_ptr_array_index (demo->outlets, i), now_unix ()))
      goto fail;
  if (!import_rows (self, demo->products, NULL, NULL, error))
    goto fail;
  for (guint i = 0; i < demo->stock->len; i++)
    {
      const KasirStock *s = g_ptr_array_index (demo->stock, i);
      if (!set_stock (self, s->product_id, s->outlet_id, s->qty, error))
        goto fail;
    }
  for (guint i = 0; i < demo->staff->len; i++)
    {
      const KasirServerNewStaff *s = g_ptr_array_index (demo->staff, i);
      if (!run (self, error, "INSERT INTO staff (outlet_id, name, role, pin_hash) VALUES (?, ?, ?, ?)",
                "ittt", s->outlet_id, s->name, s->role, s->pin_hash)
          || !log_change_int (self, "staff", sqlite3_last_insert_rowid (self->db), s->outlet_id,
                              FALSE, error))
        goto fail;
    }
  for (guint i = 0; i < demo->customers->len; i++)
    {
      const KasirServerNewCustomer *c = g_ptr_array_index (demo->customers, i);
      g_autoptr(KasirCustomer) cust = kasir_customer_new ();
      g_autoptr(JsonNode) data = NULL;

      if (!run (self, error, "INSERT INTO customers (outlet_id, name, phone, email, loyalty_points) "
                "VALUES (?, ?, ?, ?, ?)", "ittti", c->outlet_id, c->name, c->phone, c->email,
                c->loyalty_points))
        goto fail;
      cust->id = sqlite3_last_insert_rowid (self->db);
      cust->name = g_strdup (c->name);
      cust->phone = g_strdup (c->phone);
      cust->email = g_strdup (c->email);
      cust->loyalty_points = c->loyalty_points;
      cust->version = 1;
      data = kasir_protocol_encode_customer (cust);
      if (!save_history (self, "customer", cust->id, 1, data, error)
          || !log_change_int (self, "customer", cust->id, c->outlet_id, FALSE, error))
        goto fail;
    }
  if (!audit (self, "admin", "demo.load", NULL, error) || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_add_staff (KasirServerStore           *store,
                  const KasirServerNewStaff  *staff,
                  gint64                     *out_id,
                  GError                    **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autofree char *detail = NULL;
  gboolean found;
  gint64 dummy, id;

  if (g_strcmp0 (staff->role, "cashier") != 0 && g_strcmp0 (staff->role, "manager") != 0)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_INVALID,
                   "role must be cashier or manager, not '%s'", staff->role ? staff->role : "");
      return FALSE;
    }
  if (!begin_write (self, error))
    return FALSE;
  if (!query_int (self, error, &dummy, &found, "SELECT id FROM outlets WHERE id = ?", "i", staff->outlet_id))
    goto fail;
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no outlet with id %" G_GINT64_FORMAT, staff->outlet_id);
      goto fail;
    }
  if (!run (self, error, "INSERT INTO staff (outlet_id, name, role, pin_hash) VALUES (?, ?, ?, ?)", "ittt",
            staff->outlet_id, staff->name, staff->role, staff->pin_hash))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);
  detail = g_strdup_printf ("staff %" G_GINT64_FORMAT " (%s) outlet %" G_GINT64_FORMAT, id, staff->role,
                            staff->outlet_id);
  if (!log_change_int (self, "staff", id, staff->outlet_id, FALSE, error)
      || !audit (self, "admin", "staff.add", detail, error)
      || !commit (self, error))
    goto fail;
  if (out_id != NULL)
    *out_id = id;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

/* NOT_FOUND unless the terminal exists; inside the caller's transaction. */
static gboolean
require_terminal (KasirSqliteStore  *self,
                  gint64             terminal_id,
                  GError           **error)
{
  gint64 dummy;
  gboolean found;

  if (!query_int (self, error, &dummy, &found, "SELECT id FROM terminals WHERE id = ?", "i", terminal_id))
    return FALSE;
  if (!found)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "no terminal %" G_GINT64_FORMAT, terminal_id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
sqlite_register_signing_key (KasirServerStore  *store,
                             gint64             terminal_id,
                             const char        *public_key,
                             GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autofree char *existing = NULL;
  g_autofree char *detail = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!begin_write (self, error))
    return FALSE;
  if (!require_terminal (self, terminal_id, error))
    goto fail;
  stmt = query (self, error, "SELECT public_key FROM terminal_keys WHERE terminal_id = ?", "i", terminal_id);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    goto fail;
  if (rc == SQLITE_ROW)
    existing = column_dup (stmt, 0);
  sqlite3_reset (stmt);
  if (existing != NULL)
    {
      rollback (self);
      if (g_strcmp0 (existing, public_key) == 0)
        return TRUE;
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                   "terminal %" G_GINT64_FORMAT " already has another signing key", terminal_id);
      return FALSE;
    }
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT, terminal_id);
  if (!run (self, error, "INSERT INTO terminal_keys (terminal_id, public_key, registered_at) VALUES (?, ?, ?)",
            "iti", terminal_id, public_key, now_unix ())
      || !audit (self, "terminal", "signing_key.register", detail, error)
      || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
sqlite_get_signing_key (KasirServerStore  *store,
                        gint64             terminal_id,
                        gint64            *out_outlet_id,
                        char             **out_public_key,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  sqlite3_stmt *stmt;
  int rc;

  stmt = query (self, error, "SELECT t.outlet_id, k.public_key FROM terminal_keys k "
                "JOIN terminals t ON t.id = k.terminal_id WHERE k.terminal_id = ?", "i", terminal_id);
  if (stmt == NULL || (rc = step (self, stmt, error)) < 0)
    return FALSE;
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "terminal %" G_GINT64_FORMAT " has no signing key registered", terminal_id);
      return FALSE;
    }
  if (out_outlet_id != NULL)
    *out_outlet_id = sqlite3_column_int64 (stmt, 0);
  *out_public_key = column_dup (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_revoke_terminal (KasirServerStore  *store,
                        gint64             terminal_id,
                        GError           **error)
{
  KasirSqliteStore *self = (KasirSqliteStore *) store;
  g_autofree char *detail = NULL;

  if (!begin_write (self, error))
    return FALSE;
  if (!require_terminal (self, terminal_id, error))
    goto fail;
  detail = g_strdup_printf ("terminal %" G_GINT64_FORMAT, terminal_id);
  /* OR IGNORE: revoking twice keeps the first time. */
  if (!run (self, error, "INSERT OR IGNORE INTO terminal_revocations (terminal_id, revoked_at)"
            " VALUES (?, ?)", "ii", terminal_id, now_unix ())
      || !audit (self, "admin", "terminal.revoke", detail, error)
      || !commit (self, error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static const KasirServerStoreVTable sqlite_vtable = {
  .free = sqlite_store_free,
  .add_outlet = sqlite_add_outlet,
  .list_outlets = sqlite_list_outlets,
  .add_enroll_code = sqlite_add_enroll_code,
  .redeem_enroll_code = sqlite_redeem_enroll_code,
  .authenticate = sqlite_authenticate,
  .push = sqlite_push,
  .push_batch = sqlite_push_batch,
  .pull = sqlite_pull,
  .get_metrics = sqlite_get_metrics,
  .import_products = sqlite_import_products,
  .load_demo = sqlite_load_demo,
  .prune_tombstones = sqlite_prune_tombstones,
  .add_staff = sqlite_add_staff,
  .register_signing_key = sqlite_register_signing_key,
  .get_signing_key = sqlite_get_signing_key,
  .revoke_terminal = sqlite_revoke_terminal,
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
        "INSERT INTO meta (key, value) VALUES ('pruned_through', '0');", SCHEMA_VERSION);
      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return NULL;
      if (!exec_sql (self, schema_sql, error) || !exec_sql (self, set_version, error)
          || !audit (self, "admin", "database.init", NULL, error) || !exec_sql (self, "COMMIT", error))
        {
          rollback (self);
          return NULL;
        }
    }

  if (!query_int (self, error, &version, &found, "SELECT value FROM meta WHERE key = 'schema_version'", NULL))
    {
      g_clear_error (error);
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "%s is not a kasir-server database", path);
      return NULL;
    }
  if (!found || version != SCHEMA_VERSION)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "%s has schema version %" G_GINT64_FORMAT "; this kasir-server knows %d",
                   path, version, SCHEMA_VERSION);
      return NULL;
    }
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
