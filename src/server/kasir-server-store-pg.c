/* kasir-server-store-pg.c — the PostgreSQL backend of KasirServerStore, for a chain:
 * one connection per server process (libpq), any number of processes on one database.
 *
 * The mutation rules are the same code as for SQLite (kasir-server-apply*.c); this
 * backend gives them storage. What differs is concurrency, since several processes and
 * transactions run at once:
 *  - a push locks its terminal's row first (SELECT ... FOR UPDATE), so the mutations of
 *    one terminal are applied one batch at a time, in order, whichever process receives
 *    them;
 *  - stock levels and customers are read FOR UPDATE, so concurrent sales of two tills
 *    cannot lose an update;
 *  - change-log rows get their sequence numbers at commit, under a short lock, so that
 *    the numbers follow commit order and a pull cursor never passes a change that is
 *    still to commit (kasir-server-store-pg-tx.c explains it).
 *
 * Values are stored as in the SQLite backend (integers for money, flags and Unix times,
 * RFC 3339 text for the till's times, JSON text for conflict sides), so that both give
 * the tills the same answers, bit for bit.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "kasir-server-apply.h"
#include "kasir-server-store-pg-private.h"

#define SCHEMA_VERSION 1

static const char schema_sql[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE outlets (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);"
  "CREATE TABLE enroll_codes (id BIGSERIAL PRIMARY KEY, outlet_id BIGINT NOT NULL REFERENCES outlets(id),"
  "  code_hash TEXT NOT NULL UNIQUE, expires_at BIGINT NOT NULL, used_at BIGINT, terminal_id BIGINT);"
  "CREATE TABLE terminals (id BIGSERIAL PRIMARY KEY, outlet_id BIGINT NOT NULL REFERENCES outlets(id),"
  "  name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, enrolled_at BIGINT NOT NULL,"
  "  last_seq BIGINT NOT NULL DEFAULT 0, last_push_at BIGINT NOT NULL DEFAULT 0);"
  "CREATE TABLE terminal_keys (terminal_id BIGINT PRIMARY KEY REFERENCES terminals(id),"
  "  public_key TEXT NOT NULL, registered_at BIGINT NOT NULL);"
  "CREATE TABLE terminal_revocations (terminal_id BIGINT PRIMARY KEY REFERENCES terminals(id),"
  "  revoked_at BIGINT NOT NULL);"
  "CREATE TABLE push_results (terminal_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  mutation_id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,"
  "  conflict_ids TEXT NOT NULL DEFAULT '', payload TEXT, received_at BIGINT NOT NULL,"
  "  PRIMARY KEY (terminal_id, seq));"
  "CREATE TABLE staff (id BIGSERIAL PRIMARY KEY, outlet_id BIGINT NOT NULL REFERENCES outlets(id),"
  "  name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('cashier','manager')),"
  "  pin_hash TEXT NOT NULL, active BIGINT NOT NULL DEFAULT 1, version BIGINT NOT NULL DEFAULT 1);"
  "CREATE TABLE categories (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
  "  parent_id BIGINT NOT NULL DEFAULT 0, archived BIGINT NOT NULL DEFAULT 0,"
  "  version BIGINT NOT NULL DEFAULT 1);"
  "CREATE TABLE products (id BIGSERIAL PRIMARY KEY, sku TEXT NOT NULL UNIQUE, barcode TEXT UNIQUE,"
  "  name TEXT NOT NULL, price BIGINT NOT NULL CHECK (price >= 0),"
  "  price_version BIGINT NOT NULL DEFAULT 1, tax_rate_bp BIGINT NOT NULL,"
  "  category_id BIGINT NOT NULL DEFAULT 0, archived BIGINT NOT NULL DEFAULT 0,"
  "  version BIGINT NOT NULL DEFAULT 1);"
  "CREATE TABLE product_prices (product_id BIGINT NOT NULL, price_version BIGINT NOT NULL,"
  "  price BIGINT NOT NULL, PRIMARY KEY (product_id, price_version));"
  "CREATE TABLE entity_history (entity TEXT NOT NULL, entity_id BIGINT NOT NULL,"
  "  version BIGINT NOT NULL, data TEXT NOT NULL, PRIMARY KEY (entity, entity_id, version));"
  "CREATE TABLE stock (product_id BIGINT NOT NULL, outlet_id BIGINT NOT NULL,"
  "  qty BIGINT NOT NULL, PRIMARY KEY (product_id, outlet_id));"
  "CREATE TABLE customers (id BIGSERIAL PRIMARY KEY, outlet_id BIGINT NOT NULL, client_id TEXT UNIQUE,"
  "  name TEXT NOT NULL, phone TEXT, email TEXT, loyalty_points BIGINT NOT NULL DEFAULT 0,"
  "  version BIGINT NOT NULL DEFAULT 1);"
  "CREATE TABLE shifts (id TEXT PRIMARY KEY, outlet_id BIGINT NOT NULL, terminal_id BIGINT NOT NULL,"
  "  staff_id BIGINT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT,"
  "  opening_float BIGINT NOT NULL DEFAULT 0, counted_cash BIGINT NOT NULL DEFAULT 0,"
  "  counted TEXT, expected TEXT, continues_shift TEXT);"
  "CREATE TABLE sales (id TEXT PRIMARY KEY, receipt_no TEXT NOT NULL, terminal_id BIGINT NOT NULL,"
  "  outlet_id BIGINT NOT NULL, seq BIGINT NOT NULL, shift_id TEXT, staff_id BIGINT,"
  "  customer_id BIGINT, currency TEXT NOT NULL, tax_inclusive BIGINT NOT NULL,"
  "  subtotal BIGINT NOT NULL, discount BIGINT NOT NULL, fee BIGINT NOT NULL,"
  "  tax BIGINT NOT NULL, total BIGINT NOT NULL, change BIGINT NOT NULL,"
  "  loyalty_redeemed BIGINT NOT NULL, created_at TEXT NOT NULL, received_at BIGINT NOT NULL);"
  "CREATE TABLE sale_lines (sale_id TEXT NOT NULL REFERENCES sales(id), line_no BIGINT NOT NULL,"
  "  product_id BIGINT NOT NULL, sku TEXT, name TEXT, qty BIGINT NOT NULL,"
  "  unit_price BIGINT NOT NULL, price_version BIGINT NOT NULL, tax_rate_bp BIGINT NOT NULL,"
  "  discount BIGINT NOT NULL, tax BIGINT NOT NULL, total BIGINT NOT NULL,"
  "  PRIMARY KEY (sale_id, line_no));"
  "CREATE TABLE sale_payments (sale_id TEXT NOT NULL REFERENCES sales(id), idx BIGINT NOT NULL,"
  "  method TEXT NOT NULL, amount BIGINT NOT NULL, reference TEXT, PRIMARY KEY (sale_id, idx));"
  "CREATE TABLE refunds (id TEXT PRIMARY KEY, sale_id TEXT NOT NULL REFERENCES sales(id),"
  "  terminal_id BIGINT NOT NULL, outlet_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  reason TEXT, total BIGINT NOT NULL, created_at TEXT NOT NULL);"
  "CREATE TABLE refund_lines (refund_id TEXT NOT NULL REFERENCES refunds(id), line_no BIGINT NOT NULL,"
  "  product_id BIGINT NOT NULL, qty BIGINT NOT NULL, amount BIGINT NOT NULL,"
  "  PRIMARY KEY (refund_id, line_no));"
  "CREATE TABLE refund_payments (refund_id TEXT NOT NULL REFERENCES refunds(id), idx BIGINT NOT NULL,"
  "  method TEXT NOT NULL, amount BIGINT NOT NULL, PRIMARY KEY (refund_id, idx));"
  "CREATE TABLE conflicts (id BIGSERIAL PRIMARY KEY, outlet_id BIGINT NOT NULL, kind TEXT NOT NULL,"
  "  status TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, base TEXT,"
  "  terminal TEXT, server TEXT, terminal_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  created_at TEXT NOT NULL, resolution TEXT, resolved_by BIGINT,"
  "  version BIGINT NOT NULL DEFAULT 1);"
  "CREATE INDEX conflicts_status ON conflicts (status);"
  /* One row per entity; seq is NULL until the writing transaction commits. */
  "CREATE SEQUENCE change_seq;"
  "CREATE TABLE change_log (entity TEXT NOT NULL, entity_id TEXT NOT NULL,"
  "  seq BIGINT UNIQUE, outlet_id BIGINT NOT NULL, op TEXT NOT NULL, changed_at BIGINT NOT NULL,"
  "  PRIMARY KEY (entity, entity_id));"
  "CREATE INDEX change_log_unsequenced ON change_log (entity) WHERE seq IS NULL;"
  "CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL,"
  "  actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);";

/* ---- Statement helpers ---- */

gint64
kasir_pg_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Transient failures (a serialization failure, a deadlock, a lost connection) are BUSY,
 * so that the till retries; a broken constraint is INVALID. */
static void
set_pg_error (KasirPgStore    *self,
              const PGresult  *result,
              GError         **error)
{
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn);
  int code = KASIR_SERVER_STORE_ERROR_FAILED;
  g_autofree char *clean = g_strstrip (g_strdup (msg ? msg : "unknown error"));

  if (state == NULL || g_str_has_prefix (state, "08") || g_str_equal (state, "40001")
      || g_str_equal (state, "40P01") || g_str_equal (state, "55P03") || g_str_equal (state, "57P01"))
    code = KASIR_SERVER_STORE_ERROR_BUSY;
  else if (g_str_has_prefix (state, "23"))
    code = KASIR_SERVER_STORE_ERROR_INVALID;
  g_set_error (error, KASIR_SERVER_STORE_ERROR, code, "database: %s", clean);
}

/* @sql with its '?' placeholders numbered as PostgreSQL wants them ($1, $2, ...). */
static char *
number_placeholders (const char *sql,
                     int        *n_params)
{
  GString *out = g_string_new (NULL);
  gboolean quoted = FALSE;

  *n_params = 0;
  for (const char *p = sql; *p != '\0'; p++)
    {
      if (*p == '\'')
        quoted = !quoted;
      if (*p == '?' && !quoted)
        g_string_append_printf (out, "$%d", ++*n_params);
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static const char *
prepared_name (KasirPgStore  *self,
               const char    *sql,
               GError       **error)
{
  const char *name = g_hash_table_lookup (self->stmts, sql);
  g_autofree char *numbered = NULL;
  g_autofree char *new_name = NULL;
  PGresult *r;
  int n_params;

  if (name != NULL)
    return name;
  numbered = number_placeholders (sql, &n_params);
  new_name = g_strdup_printf ("k%u", ++self->n_stmts);
  r = PQprepare (self->conn, new_name, numbered, n_params, NULL);
  if (PQresultStatus (r) != PGRES_COMMAND_OK)
    {
      set_pg_error (self, r, error);
      PQclear (r);
      return NULL;
    }
  PQclear (r);
  g_hash_table_insert (self->stmts, (gpointer) sql, g_steal_pointer (&new_name));
  return g_hash_table_lookup (self->stmts, sql);
}

/* After PostgreSQL went away (a restart, a failover), the next statement outside a
 * transaction connects again; the statements prepared on the old connection are gone
 * with it. Inside a transaction there is nothing to save: the caller's transaction fails
 * (BUSY) and the till sends again. */
static void
reconnect_if_lost (KasirPgStore *self)
{
  /* Never in the middle of a transaction: its statements would run, and its COMMIT
   * succeed, on a new connection that has none of its work. */
  if (PQstatus (self->conn) != CONNECTION_BAD || self->in_transaction)
    return;
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    return;
  g_hash_table_remove_all (self->stmts);
  self->changes_pending = FALSE;
  PQclear (PQexec (self->conn, "SET client_min_messages = warning; SET lock_timeout = '5s'"));
  g_message ("reconnected to PostgreSQL");
}

static PGresult *
query_va (KasirPgStore  *self,
          GError       **error,
          const char    *sql,
          const char    *fmt,
          va_list        args)
{
  const char *name;
  int n = fmt != NULL ? (int) strlen (fmt) : 0;
  char **texts;

  reconnect_if_lost (self);
  name = prepared_name (self, sql, error);
  texts = g_new0 (char *, n + 1);
  PGresult *r;
  ExecStatusType status;

  if (name == NULL)
    {
      g_free (texts);
      return NULL;
    }
  for (int i = 0; i < n; i++)
    {
      switch (fmt[i])
        {
        case 'i':
          texts[i] = g_strdup_printf ("%" G_GINT64_FORMAT, va_arg (args, gint64));
          break;
        case 'n':
          {
            gint64 v = va_arg (args, gint64);
            texts[i] = v == 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, v);
          }
          break;
        case 't':
          texts[i] = g_strdup (va_arg (args, const char *));
          break;
        default:
          g_assert_not_reached ();
        }
    }
  r = PQexecPrepared (self->conn, name, n, (const char * const *) texts, NULL, NULL, 0);
  for (int i = 0; i < n; i++)
    g_free (texts[i]);
  g_free (texts);
  status = PQresultStatus (r);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_pg_error (self, r, error);
      PQclear (r);
      return NULL;
    }
  return r;
}

PGresult *
kasir_pg_query (KasirPgStore  *self,
                GError       **error,
                const char    *sql,
                const char    *fmt,
                ...)
{
  PGresult *r;
  va_list args;

  va_start (args, fmt);
  r = query_va (self, error, sql, fmt, args);
  va_end (args);
  return r;
}

gboolean
kasir_pg_run (KasirPgStore  *self,
              GError       **error,
              const char    *sql,
              const char    *fmt,
              ...)
{
  PGresult *r;
  va_list args;

  va_start (args, fmt);
  r = query_va (self, error, sql, fmt, args);
  va_end (args);
  if (r == NULL)
    return FALSE;
  PQclear (r);
  return TRUE;
}

gboolean
kasir_pg_query_int (KasirPgStore  *self,
                    GError       **error,
                    gint64        *out,
                    gboolean      *found,
                    const char    *sql,
                    const char    *fmt,
                    ...)
{
  PGresult *r;
  va_list args;

  va_start (args, fmt);
  r = query_va (self, error, sql, fmt, args);
  va_end (args);
  if (r == NULL)
    return FALSE;
  if (found != NULL)
    *found = PQntuples (r) > 0;
  *out = PQntuples (r) > 0 ? kasir_pg_int (r, 0, 0) : 0;
  PQclear (r);
  return TRUE;
}

gint64
kasir_pg_int (const PGresult *result,
              int             row,
              int             col)
{
  if (PQgetisnull (result, row, col))
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, row, col), NULL, 10);
}

char *
kasir_pg_dup (const PGresult *result,
              int             row,
              int             col)
{
  if (PQgetisnull (result, row, col))
    return NULL;
  return g_strdup (PQgetvalue (result, row, col));
}

gboolean
kasir_pg_is_null (const PGresult *result,
                  int             row,
                  int             col)
{
  return PQgetisnull (result, row, col);
}

JsonNode *
kasir_pg_text_to_node (const char *text)
{
  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static gboolean
exec_plain (KasirPgStore  *self,
            const char    *sql,
            GError       **error)
{
  PGresult *r = PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (r);
  gboolean ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;

  if (!ok)
    set_pg_error (self, r, error);
  PQclear (r);
  return ok;
}

gboolean
kasir_pg_begin (KasirPgStore  *self,
                GError       **error)
{
  reconnect_if_lost (self);
  self->changes_pending = FALSE;
  self->in_transaction = exec_plain (self, "BEGIN", error);
  return self->in_transaction;
}

void
kasir_pg_rollback (KasirPgStore *self)
{
  self->changes_pending = FALSE;
  self->in_transaction = FALSE;
  if (PQtransactionStatus (self->conn) != PQTRANS_IDLE)
    PQclear (PQexec (self->conn, "ROLLBACK"));
}

/* ---- Change log, audit and entities ---- */

/* The entity's row of the change log, unnumbered until the transaction commits
 * (kasir_pg_commit numbers it). The row of an entity changed earlier is taken over, so
 * the log holds each entity once, at the number of its latest change. */
gboolean
kasir_pg_log_change (KasirPgStore  *self,
                     const char    *entity,
                     const char    *entity_id,
                     gint64         outlet_id,
                     gboolean       deleted,
                     GError       **error)
{
  self->changes_pending = TRUE;
  return kasir_pg_run (self, error,
                       "INSERT INTO change_log (entity, entity_id, seq, outlet_id, op, changed_at) "
                       "VALUES (?, ?, NULL, ?, ?, ?) ON CONFLICT (entity, entity_id) DO UPDATE SET "
                       "seq = NULL, outlet_id = EXCLUDED.outlet_id, op = EXCLUDED.op, "
                       "changed_at = EXCLUDED.changed_at", "ttiti", entity, entity_id, outlet_id,
                       deleted ? "del" : "put", kasir_pg_now_unix ());
}

gboolean
kasir_pg_audit (KasirPgStore  *self,
                const char    *actor,
                const char    *action,
                const char    *detail,
                GError       **error)
{
  return kasir_pg_run (self, error, "INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)",
                       "ittt", kasir_pg_now_unix (), actor, action, detail);
}

#define PRODUCT_COLUMNS "id, sku, barcode, name, price, price_version, tax_rate_bp, category_id, archived, version"

KasirProduct *
kasir_pg_product_from_row (const PGresult *r,
                           int             row,
                           int             c)
{
  KasirProduct *p = kasir_product_new ();

  p->id = kasir_pg_int (r, row, c + 0);
  p->sku = kasir_pg_dup (r, row, c + 1);
  p->barcode = kasir_pg_dup (r, row, c + 2);
  p->name = kasir_pg_dup (r, row, c + 3);
  p->price = kasir_pg_int (r, row, c + 4);
  p->price_version = kasir_pg_int (r, row, c + 5);
  p->tax_rate_bp = (guint) kasir_pg_int (r, row, c + 6);
  p->category_id = kasir_pg_int (r, row, c + 7);
  p->archived = kasir_pg_int (r, row, c + 8) != 0;
  p->version = kasir_pg_int (r, row, c + 9);
  return p;
}

/* NULL with no error when there is no such product. */
KasirProduct *
kasir_pg_load_product (KasirPgStore  *self,
                       gint64         id,
                       GError       **error)
{
  PGresult *r = kasir_pg_query (self, error, "SELECT " PRODUCT_COLUMNS " FROM products WHERE id = ?", "i", id);
  KasirProduct *p = NULL;

  if (r == NULL)
    return NULL;
  if (PQntuples (r) > 0)
    p = kasir_pg_product_from_row (r, 0, 0);
  PQclear (r);
  return p;
}

KasirCustomer *
kasir_pg_load_customer (KasirPgStore  *self,
                        gint64         id,
                        gint64        *outlet_id,
                        gboolean       for_update,
                        GError       **error)
{
  PGresult *r = for_update
    ? kasir_pg_query (self, error, "SELECT id, name, phone, email, loyalty_points, version, outlet_id "
                      "FROM customers WHERE id = ? FOR UPDATE", "i", id)
    : kasir_pg_query (self, error, "SELECT id, name, phone, email, loyalty_points, version, outlet_id "
                      "FROM customers WHERE id = ?", "i", id);
  KasirCustomer *c = NULL;

  if (r == NULL)
    return NULL;
  if (PQntuples (r) > 0)
    {
      c = kasir_customer_new ();
      c->id = kasir_pg_int (r, 0, 0);
      c->name = kasir_pg_dup (r, 0, 1);
      c->phone = kasir_pg_dup (r, 0, 2);
      c->email = kasir_pg_dup (r, 0, 3);
      c->loyalty_points = kasir_pg_int (r, 0, 4);
      c->version = kasir_pg_int (r, 0, 5);
      if (outlet_id != NULL)
        *outlet_id = kasir_pg_int (r, 0, 6);
    }
  PQclear (r);
  return c;
}

/* ---- Open and close ---- */

static void
pg_store_free (KasirServerStore *store)
{
  KasirPgStore *self = (KasirPgStore *) store;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->conn, PQfinish);
  g_free (self);
}

static const KasirServerStoreVTable pg_vtable = {
  .free = pg_store_free,
  .add_outlet = kasir_pg_add_outlet,
  .list_outlets = kasir_pg_list_outlets,
  .add_enroll_code = kasir_pg_add_enroll_code,
  .redeem_enroll_code = kasir_pg_redeem_enroll_code,
  .authenticate = kasir_pg_authenticate,
  .push = kasir_pg_push,
  .push_batch = kasir_pg_push_batch,
  .pull = kasir_pg_pull,
  .get_metrics = kasir_pg_get_metrics,
  .import_products = kasir_pg_import_products,
  .load_demo = kasir_pg_load_demo,
  .prune_tombstones = kasir_pg_prune_tombstones,
  .add_staff = kasir_pg_add_staff,
  .register_signing_key = kasir_pg_register_signing_key,
  .get_signing_key = kasir_pg_get_signing_key,
  .revoke_terminal = kasir_pg_revoke_terminal,
};

/* Whether the schema is there: a kasir-server database has the meta table. */
static gboolean
has_schema (KasirPgStore  *self,
            gboolean      *exists,
            GError       **error)
{
  gint64 n;

  return kasir_pg_query_int (self, error, &n, exists, "SELECT 1 FROM pg_catalog.pg_tables "
                             "WHERE schemaname = current_schema() AND tablename = 'meta'", NULL);
}

static gboolean
create_schema (KasirPgStore  *self,
               GError       **error)
{
  g_autofree char *set_version = g_strdup_printf (
    "INSERT INTO meta (key, value) VALUES ('schema_version', '%d');"
    "INSERT INTO meta (key, value) VALUES ('pruned_through', '0');"
    "INSERT INTO meta (key, value) VALUES ('head', '0');", SCHEMA_VERSION);

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!exec_plain (self, schema_sql, error) || !exec_plain (self, set_version, error)
      || !kasir_pg_audit (self, "admin", "database.init", NULL, error) || !kasir_pg_commit (self, error))
    {
      kasir_pg_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_schema (KasirPgStore  *self,
              gboolean       create,
              GError       **error)
{
  gboolean exists;
  gint64 version;

  if (!has_schema (self, &exists, error))
    return FALSE;
  if (create && exists)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_EXISTS,
                   "the database already holds a kasir-server schema; refusing to overwrite it");
      return FALSE;
    }
  if (!create && !exists)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_NOT_FOUND,
                   "the database holds no kasir-server schema; create it with 'kasir-server init'");
      return FALSE;
    }
  if (create && !create_schema (self, error))
    return FALSE;
  if (!kasir_pg_query_int (self, error, &version, &exists,
                           "SELECT value::bigint FROM meta WHERE key = 'schema_version'", NULL))
    return FALSE;
  if (!exists || version != SCHEMA_VERSION)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "the database has schema version %" G_GINT64_FORMAT "; this kasir-server knows %d",
                   version, SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

gboolean
kasir_server_store_is_pg_uri (const char *db)
{
  return db != NULL && (g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://"));
}

KasirServerStore *
kasir_server_store_pg_open (const char  *uri,
                            gboolean     create,
                            GError     **error)
{
  g_autoptr(KasirServerStore) store = NULL;
  KasirPgStore *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_new0 (KasirPgStore, 1);
  self->parent.vtable = &pg_vtable;
  /* Keyed by the address of the SQL text: every call site passes a string literal. */
  self->stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  store = (KasirServerStore *) self;
  self->conn = PQconnectdb (uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *msg = g_strstrip (g_strdup (PQerrorMessage (self->conn)));
      g_autofree char *what = kasir_server_store_describe (uri);

      /* Named by database and host: the URI may hold a password, libpq's message does not. */
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "cannot connect to the %s: %s", what, msg);
      return NULL;
    }
  /* A lock held longer than this makes the request busy (503: the till retries), as
   * SQLite's busy timeout does. */
  if (!exec_plain (self, "SET client_min_messages = warning; SET lock_timeout = '5s'", error)
      || !check_schema (self, create, error))
    return NULL;
  return g_steal_pointer (&store);
}
