/* kasir-server-store-sqlite-upgrade.c — the SQLite backend's tables that grow with
 * sales, keyed by their outlet first, and the upgrade of a database made before they
 * were (schema version 1).
 *
 * Every table that grows with sales carries outlet_id at the front of its key (sales,
 * their lines and payments, refunds and theirs, shifts, stored push results), and a
 * line or payment names its sale by (outlet_id, sale_id): the same keys as the
 * PostgreSQL backend, where they let a database distributed by outlet keep each
 * outlet's rows together. The change log and the conflicts keep their integer rowid
 * (AUTOINCREMENT gives the change log its commit order) and carry a unique key that
 * starts with outlet_id.
 *
 * SQLite 3.15 cannot change a table's key in place: version 1's tables are renamed out
 * of the way, the new ones made, their rows copied with the outlet of their parent
 * (terminal, sale or refund), the old ones dropped, all in one transaction with foreign
 * keys off (so that no REFERENCES clause follows a rename) and checked before the commit.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-sqlite-private.h"

const char kasir_sqlite_outlet_keyed_sql[] =
  "CREATE TABLE push_results (terminal_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  mutation_id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,"
  "  conflict_ids TEXT NOT NULL DEFAULT '', payload TEXT, received_at INTEGER NOT NULL,"
  "  outlet_id INTEGER NOT NULL, PRIMARY KEY (outlet_id, terminal_id, seq));"
  "CREATE TABLE shifts (id TEXT NOT NULL, outlet_id INTEGER NOT NULL, terminal_id INTEGER NOT NULL,"
  "  staff_id INTEGER NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT,"
  "  opening_float INTEGER NOT NULL DEFAULT 0, counted_cash INTEGER NOT NULL DEFAULT 0,"
  "  counted TEXT, expected TEXT, continues_shift TEXT, PRIMARY KEY (outlet_id, id));"
  "CREATE INDEX shifts_id ON shifts (id);"
  "CREATE TABLE sales (id TEXT NOT NULL, receipt_no TEXT NOT NULL, terminal_id INTEGER NOT NULL,"
  "  outlet_id INTEGER NOT NULL, seq INTEGER NOT NULL, shift_id TEXT, staff_id INTEGER,"
  "  customer_id INTEGER, currency TEXT NOT NULL, tax_inclusive INTEGER NOT NULL,"
  "  subtotal INTEGER NOT NULL, discount INTEGER NOT NULL, fee INTEGER NOT NULL,"
  "  tax INTEGER NOT NULL, total INTEGER NOT NULL, change INTEGER NOT NULL,"
  "  loyalty_redeemed INTEGER NOT NULL, created_at TEXT NOT NULL, received_at INTEGER NOT NULL,"
  "  PRIMARY KEY (outlet_id, id));"
  "CREATE INDEX sales_id ON sales (id);"
  "CREATE TABLE sale_lines (sale_id TEXT NOT NULL, line_no INTEGER NOT NULL,"
  "  product_id INTEGER NOT NULL, sku TEXT, name TEXT, qty INTEGER NOT NULL,"
  "  unit_price INTEGER NOT NULL, price_version INTEGER NOT NULL, tax_rate_bp INTEGER NOT NULL,"
  "  discount INTEGER NOT NULL, tax INTEGER NOT NULL, total INTEGER NOT NULL,"
  "  outlet_id INTEGER NOT NULL, PRIMARY KEY (outlet_id, sale_id, line_no),"
  "  FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id));"
  "CREATE TABLE sale_payments (sale_id TEXT NOT NULL, idx INTEGER NOT NULL,"
  "  method TEXT NOT NULL, amount INTEGER NOT NULL, reference TEXT,"
  "  outlet_id INTEGER NOT NULL, PRIMARY KEY (outlet_id, sale_id, idx),"
  "  FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id));"
  "CREATE TABLE refunds (id TEXT NOT NULL, sale_id TEXT NOT NULL,"
  "  terminal_id INTEGER NOT NULL, outlet_id INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  reason TEXT, total INTEGER NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, id),"
  "  FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id));"
  "CREATE INDEX refunds_sale ON refunds (outlet_id, sale_id);"
  "CREATE TABLE refund_lines (refund_id TEXT NOT NULL, line_no INTEGER NOT NULL,"
  "  product_id INTEGER NOT NULL, qty INTEGER NOT NULL, amount INTEGER NOT NULL,"
  "  outlet_id INTEGER NOT NULL, PRIMARY KEY (outlet_id, refund_id, line_no),"
  "  FOREIGN KEY (outlet_id, refund_id) REFERENCES refunds (outlet_id, id));"
  "CREATE TABLE refund_payments (refund_id TEXT NOT NULL, idx INTEGER NOT NULL,"
  "  method TEXT NOT NULL, amount INTEGER NOT NULL,"
  "  outlet_id INTEGER NOT NULL, PRIMARY KEY (outlet_id, refund_id, idx),"
  "  FOREIGN KEY (outlet_id, refund_id) REFERENCES refunds (outlet_id, id));"
  /* drawer: pay-ins and pay-outs of a shift (shift.cash). */
  "CREATE TABLE shift_cash (outlet_id INTEGER NOT NULL, id TEXT NOT NULL,"
  "  shift_id TEXT NOT NULL, terminal_id INTEGER NOT NULL,"
  "  seq INTEGER NOT NULL, staff_id INTEGER NOT NULL, approved_by INTEGER NOT NULL,"
  "  direction TEXT NOT NULL, reason TEXT NOT NULL, note TEXT NOT NULL,"
  "  amount INTEGER NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, id),"
  "  FOREIGN KEY (outlet_id, shift_id) REFERENCES shifts (outlet_id, id));"
  /* hold: how a sale is served (order types); a row only for a sale that said so, keyed
   * like the sale. Made here, so that an upgraded database has it too. */
  "CREATE TABLE sale_orders (outlet_id INTEGER NOT NULL, sale_id TEXT NOT NULL,"
  "  order_type TEXT NOT NULL, order_ref TEXT, PRIMARY KEY (outlet_id, sale_id));";

/* What schema version 3 adds to version 2 (a new database runs it after the rest):
 * columns at the end of their tables and tables of their own, so that a database of
 * version 2 gains exactly what a new one has. */
const char kasir_sqlite_since_v2_sql[] =
  /* office: a product's unit, whether its stock is counted and its low-stock level (-1:
   * the shop's default), edited by product.update and carried by pull. */
  "ALTER TABLE products ADD COLUMN unit TEXT NOT NULL DEFAULT 'pcs';"
  "ALTER TABLE products ADD COLUMN track_stock INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE products ADD COLUMN low_stock INTEGER NOT NULL DEFAULT -1;"
  /* office: who made a refund (the outlet report's refunds per cashier); NULL before. */
  "ALTER TABLE refunds ADD COLUMN staff_id INTEGER;"
  /* mods: a product's modifier groups as they are now, in the protocol's JSON (its
   * "modifier_groups"); each version of a group is in entity_history ("modifier_group"),
   * so a sale made at an older version is checked against the prices it had. */
  "CREATE TABLE product_modifiers (product_id INTEGER PRIMARY KEY, groups TEXT NOT NULL);"
  /* refpoints: the points a member's sale earned, a row only for a sale that earned
   * some, keyed like the sale (a refund takes back its share of them). */
  "CREATE TABLE sale_loyalty (outlet_id INTEGER NOT NULL, sale_id TEXT NOT NULL,"
  "  earned INTEGER NOT NULL, PRIMARY KEY (outlet_id, sale_id));"
  /* refline: the sale line a refund line gives back (1 = the first; NULL: not said, as
   * before tills said it), so that two lines of one product are told apart. */
  "ALTER TABLE refund_lines ADD COLUMN sale_line_no INTEGER;"
  /* orders: open orders (sent to the kitchen before payment; order.open, order.add) and
   * the kitchen tickets each send printed, keyed by the outlet; state 'open' until a sale
   * names the order, then 'paid' with that sale and its till, or 'cancelled'. */
  "CREATE TABLE open_orders (outlet_id INTEGER NOT NULL, id TEXT NOT NULL,"
  "  terminal_id INTEGER NOT NULL, staff_id INTEGER, label TEXT NOT NULL, order_type TEXT,"
  "  order_ref TEXT, total INTEGER NOT NULL, cart TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('open','paid','cancelled')), paid_sale_id TEXT,"
  "  paid_terminal_id INTEGER, opened_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  /* orders2: an order cancelled before it was paid (order.cancel): why, and the manager
   * who approved it. */
  "  cancel_reason TEXT, cancelled_by INTEGER,"
  "  PRIMARY KEY (outlet_id, id));"
  "CREATE TABLE open_order_tickets (outlet_id INTEGER NOT NULL, order_id TEXT NOT NULL,"
  "  ticket_no TEXT NOT NULL, terminal_id INTEGER NOT NULL, items TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, order_id, ticket_no),"
  "  FOREIGN KEY (outlet_id, order_id) REFERENCES open_orders (outlet_id, id));"
  /* modedit: the options a sale line was sold with (line_no from 0, as sale_lines), by
   * name and price as sold and the group version they were checked against, so a lookup
   * of the sale (a refund on another till) and a conflict's detail can show them. */
  "CREATE TABLE sale_line_options (outlet_id INTEGER NOT NULL, sale_id TEXT NOT NULL,"
  "  line_no INTEGER NOT NULL, idx INTEGER NOT NULL, group_id INTEGER NOT NULL,"
  "  group_version INTEGER NOT NULL, option_id INTEGER NOT NULL, group_name TEXT, name TEXT,"
  "  price INTEGER NOT NULL, PRIMARY KEY (outlet_id, sale_id, line_no, idx));";

/* Version 1's tables that are made again, in an order where a parent comes first. */
static const char *const rebuilt[] = {
  "push_results", "shifts", "sales", "sale_lines", "sale_payments", "refunds", "refund_lines",
  "refund_payments",
};

/* Each table's rows with the outlet of its parent; a row whose parent is missing has
 * none, and the NOT NULL of outlet_id stops the upgrade rather than lose it. */
static const char copy_sql[] =
  "INSERT INTO push_results (outlet_id, terminal_id, seq, mutation_id, type, status, reason,"
  "  conflict_ids, payload, received_at) SELECT t.outlet_id, p.terminal_id, p.seq, p.mutation_id,"
  "  p.type, p.status, p.reason, p.conflict_ids, p.payload, p.received_at"
  "  FROM v1_push_results p LEFT JOIN terminals t ON t.id = p.terminal_id;"
  "INSERT INTO shifts (id, outlet_id, terminal_id, staff_id, opened_at, closed_at, opening_float,"
  "  counted_cash, counted, expected, continues_shift) SELECT id, outlet_id, terminal_id, staff_id,"
  "  opened_at, closed_at, opening_float, counted_cash, counted, expected, continues_shift FROM v1_shifts;"
  "INSERT INTO sales (id, receipt_no, terminal_id, outlet_id, seq, shift_id, staff_id, customer_id,"
  "  currency, tax_inclusive, subtotal, discount, fee, tax, total, change, loyalty_redeemed, created_at,"
  "  received_at) SELECT id, receipt_no, terminal_id, outlet_id, seq, shift_id, staff_id, customer_id,"
  "  currency, tax_inclusive, subtotal, discount, fee, tax, total, change, loyalty_redeemed, created_at,"
  "  received_at FROM v1_sales;"
  "INSERT INTO sale_lines (outlet_id, sale_id, line_no, product_id, sku, name, qty, unit_price,"
  "  price_version, tax_rate_bp, discount, tax, total) SELECT s.outlet_id, l.sale_id, l.line_no,"
  "  l.product_id, l.sku, l.name, l.qty, l.unit_price, l.price_version, l.tax_rate_bp, l.discount,"
  "  l.tax, l.total FROM v1_sale_lines l LEFT JOIN v1_sales s ON s.id = l.sale_id;"
  "INSERT INTO sale_payments (outlet_id, sale_id, idx, method, amount, reference)"
  "  SELECT s.outlet_id, p.sale_id, p.idx, p.method, p.amount, p.reference"
  "  FROM v1_sale_payments p LEFT JOIN v1_sales s ON s.id = p.sale_id;"
  "INSERT INTO refunds (id, sale_id, terminal_id, outlet_id, seq, reason, total, created_at)"
  "  SELECT id, sale_id, terminal_id, outlet_id, seq, reason, total, created_at FROM v1_refunds;"
  "INSERT INTO refund_lines (outlet_id, refund_id, line_no, product_id, qty, amount)"
  "  SELECT r.outlet_id, l.refund_id, l.line_no, l.product_id, l.qty, l.amount"
  "  FROM v1_refund_lines l LEFT JOIN v1_refunds r ON r.id = l.refund_id;"
  "INSERT INTO refund_payments (outlet_id, refund_id, idx, method, amount)"
  "  SELECT r.outlet_id, p.refund_id, p.idx, p.method, p.amount"
  "  FROM v1_refund_payments p LEFT JOIN v1_refunds r ON r.id = p.refund_id;"
  /* The change log and the conflicts keep their rows; only their unique keys change. */
  "DROP INDEX change_log_entity;"
  "CREATE UNIQUE INDEX change_log_entity ON change_log (outlet_id, entity, entity_id);"
  "CREATE UNIQUE INDEX conflicts_outlet ON conflicts (outlet_id, id);";

static gboolean
exec (KasirSqliteStore  *self,
      const char        *sql,
      GError           **error)
{
  char *msg = NULL;

  if (sqlite3_exec (self->db, sql, NULL, NULL, &msg) == SQLITE_OK)
    return TRUE;
  g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
               "upgrading the database to schema version %d: %s", KASIR_SERVER_SCHEMA_VERSION, msg);
  sqlite3_free (msg);
  return FALSE;
}

/* Every row of version 1's table is in the new one. */
static gboolean
check_copied (KasirSqliteStore  *self,
              const char        *table,
              GError           **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT (SELECT COUNT(*) FROM v1_%s) = (SELECT COUNT(*) FROM %s)",
                                          table, table);
  sqlite3_stmt *stmt = NULL;
  gboolean same;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return exec (self, sql, error);
    }
  same = sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);
  if (!same)
    g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
                 "upgrading the database: not every row of %s could be copied", table);
  return same;
}

static gboolean
foreign_keys_hold (KasirSqliteStore  *self,
                   GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    return exec (self, "PRAGMA foreign_key_check", error);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, KASIR_SERVER_STORE_ERROR, KASIR_SERVER_STORE_ERROR_FAILED,
               "upgrading the database: a row refers to one that is not there");
  return FALSE;
}

/* Whether version 1's database has shift_cash, made by servers of that version since
 * pay-ins and pay-outs came; it refers to a shift by its id alone. */
static gboolean
has_shift_cash (KasirSqliteStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shift_cash'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
upgrade_from_1 (KasirSqliteStore  *self,
                GError           **error)
{
  gboolean cash = has_shift_cash (self);

  if (cash && !exec (self, "ALTER TABLE shift_cash RENAME TO v1_shift_cash", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (rebuilt); i++)
    {
      g_autofree char *sql = g_strdup_printf ("ALTER TABLE %s RENAME TO v1_%s", rebuilt[i], rebuilt[i]);

      if (!exec (self, sql, error))
        return FALSE;
    }
  if (!exec (self, kasir_sqlite_outlet_keyed_sql, error) || !exec (self, copy_sql, error))
    return FALSE;
  /* The staff table takes the supervisor role: made again with the same rows. */
  if (!exec (self, "ALTER TABLE staff RENAME TO v1_staff; " KASIR_SQLITE_STAFF_TABLE "; "
             "INSERT INTO staff (id, outlet_id, name, role, pin_hash, active, version) "
             "SELECT id, outlet_id, name, role, pin_hash, active, version FROM v1_staff; "
             "DROP TABLE v1_staff", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rebuilt); i++)
    if (!check_copied (self, rebuilt[i], error))
      return FALSE;
  if (cash
      && (!exec (self, "INSERT INTO shift_cash (outlet_id, id, shift_id, terminal_id, seq, staff_id, approved_by,"
                 " direction, reason, note, amount, created_at) SELECT outlet_id, id, shift_id, terminal_id, seq,"
                 " staff_id, approved_by, direction, reason, note, amount, created_at FROM v1_shift_cash", error)
          || !check_copied (self, "shift_cash", error) || !exec (self, "DROP TABLE v1_shift_cash", error)))
    return FALSE;
  for (guint i = G_N_ELEMENTS (rebuilt); i-- > 0;)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TABLE v1_%s", rebuilt[i]);

      if (!exec (self, sql, error))
        return FALSE;
    }
  /* loyal: the code on a member's card, as version 2's schema made it. */
  return exec (self, "ALTER TABLE customers ADD COLUMN member_code TEXT", error);
}

/* Version 2 to 3: the columns and tables of kasir_sqlite_since_v2_sql. */
static gboolean
upgrade_from_2 (KasirSqliteStore  *self,
                gint64             from,
                GError           **error)
{
  g_autofree char *set_version = g_strdup_printf ("UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
                                                  KASIR_SERVER_SCHEMA_VERSION);
  g_autofree char *detail = g_strdup_printf ("from schema version %" G_GINT64_FORMAT, from);

  return exec (self, kasir_sqlite_since_v2_sql, error) && foreign_keys_hold (self, error)
         && exec (self, set_version, error)
         && kasir_sqlite_audit (self, "admin", "database.upgrade", detail, error);
}

gboolean
kasir_sqlite_upgrade (KasirSqliteStore  *self,
                      gint64             version,
                      GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (version == 1 || version == 2, FALSE);

  /* Foreign keys cannot be switched inside a transaction. */
  if (!exec (self, "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE", error))
    return FALSE;
  ok = (version > 1 || upgrade_from_1 (self, error)) && upgrade_from_2 (self, version, error)
       && exec (self, "COMMIT", error);
  if (!ok)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  if (!exec (self, "PRAGMA foreign_keys = ON", ok ? error : NULL))
    return FALSE;
  if (ok)
    g_message ("upgraded the database to schema version %d", KASIR_SERVER_SCHEMA_VERSION);
  return ok;
}
