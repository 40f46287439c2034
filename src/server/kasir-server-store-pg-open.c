/* kasir-server-store-pg-open.c — the PostgreSQL backend's connection and schema: the
 * store's operations (kasir-server-store-pg*.c), opening a database, and making its
 * schema with `kasir-server init`.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-pg-private.h"

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
  "CREATE TABLE staff (id BIGSERIAL PRIMARY KEY, outlet_id BIGINT NOT NULL REFERENCES outlets(id),"
  "  name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('cashier','supervisor','manager')),"
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
  "CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL,"
  "  actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT);"
  /* tillday: an outlet's settings, pulled by its tills (entity "setting"). */
  "CREATE TABLE outlet_settings (outlet_id BIGINT NOT NULL REFERENCES outlets(id),"
  "  key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (outlet_id, key));"
  /* drawer: shift_cash, the pay-ins and pay-outs of a shift (shift.cash), is with the
   * tables keyed by outlet (kasir-server-store-pg-upgrade.c). */
  /* loyal: the code on a member's card. */
  "ALTER TABLE customers ADD COLUMN member_code TEXT;";

/* ---- Open and close ---- */

static void
pg_store_free (KasirServerStore *store)
{
  KasirPgStore *self = (KasirPgStore *) store;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->bulk, kasir_pg_bulk_free);
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
  .set_modifier_groups = kasir_pg_set_modifier_groups,
  .prune_tombstones = kasir_pg_prune_tombstones,
  .add_staff = kasir_pg_add_staff,
  .set_setting = kasir_pg_set_setting,
  .update_staff = kasir_pg_update_staff,
  .report_summary = kasir_pg_report_summary,
  .sale_lookup = kasir_pg_sale_lookup,
  .open_orders = kasir_pg_open_orders,
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
    "INSERT INTO meta (key, value) VALUES ('head', '0');", KASIR_SERVER_SCHEMA_VERSION);

  if (!kasir_pg_begin (self, error))
    return FALSE;
  if (!kasir_pg_exec_plain (self, kasir_pg_outlet_keyed_sql, error) || !kasir_pg_exec_plain (self, schema_sql, error)
      || !kasir_pg_exec_plain (self, kasir_pg_since_v2_sql, error) || !kasir_pg_exec_plain (self, set_version, error)
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
  if (!exists || version < 1 || version > KASIR_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                   "the database has schema version %" G_GINT64_FORMAT "; this kasir-server knows %d",
                   version, KASIR_SERVER_SCHEMA_VERSION);
      return FALSE;
    }
  return version == KASIR_SERVER_SCHEMA_VERSION || kasir_pg_upgrade (self, error);
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

      /* libpq's message names no password; kasir_server_store_open() adds which
       * database it was. */
      g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED, "%s", msg);
      return NULL;
    }
  /* A lock held longer than this makes the request busy (503: the till retries), as
   * SQLite's busy timeout does. */
  if (!kasir_pg_exec_plain (self, KASIR_PG_SESSION_SETTINGS, error)
      || !check_schema (self, create, error))
    return NULL;
  return g_steal_pointer (&store);
}
