/* kasir-server-store-pg-upgrade.c — the PostgreSQL backend's tables that grow with
 * sales, keyed by their outlet first, and the upgrade of a database made before they
 * were (schema version 1).
 *
 * Every table that grows with sales carries outlet_id at the front of its key (sales,
 * their lines and payments, refunds and theirs, shifts, stored push results, conflicts,
 * the change log), and a line or payment names its sale by (outlet_id, sale_id). A
 * PostgreSQL distributed by outlet (each table sharded on outlet_id) can then keep an
 * outlet's rows, and every key and reference between them, on one node; the few
 * lookups by id alone (which outlet a sale, shift or conflict a till names belongs to)
 * have an index of their own.
 *
 * The upgrade adds the columns, fills them from each row's parent (terminal, sale or
 * refund), and swaps the keys, in one transaction under an advisory lock: server
 * processes started together on an old database upgrade it once, and a row whose
 * parent is missing stops the upgrade (NOT NULL) instead of being lost.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-store-pg-private.h"

/* Any number, the same in every process: it names the upgrade lock. */
#define UPGRADE_LOCK 4617

#define SHIFT_CASH_COLUMNS                                                                 \
  "outlet_id BIGINT NOT NULL, id TEXT NOT NULL,"                                          \
  "  shift_id TEXT NOT NULL, terminal_id BIGINT NOT NULL,"                                \
  "  seq BIGINT NOT NULL, staff_id BIGINT NOT NULL, approved_by BIGINT NOT NULL,"        \
  "  direction TEXT NOT NULL, reason TEXT NOT NULL, note TEXT NOT NULL,"                  \
  "  amount BIGINT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, id)"

const char kasir_pg_outlet_keyed_sql[] =
  "CREATE TABLE push_results (terminal_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  mutation_id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,"
  "  conflict_ids TEXT NOT NULL DEFAULT '', payload TEXT, received_at BIGINT NOT NULL,"
  "  outlet_id BIGINT NOT NULL, PRIMARY KEY (outlet_id, terminal_id, seq));"
  "CREATE TABLE shifts (id TEXT NOT NULL, outlet_id BIGINT NOT NULL, terminal_id BIGINT NOT NULL,"
  "  staff_id BIGINT NOT NULL, opened_at TEXT NOT NULL, closed_at TEXT,"
  "  opening_float BIGINT NOT NULL DEFAULT 0, counted_cash BIGINT NOT NULL DEFAULT 0,"
  "  counted TEXT, expected TEXT, continues_shift TEXT, PRIMARY KEY (outlet_id, id));"
  "CREATE INDEX shifts_id ON shifts (id);"
  "CREATE TABLE sales (id TEXT NOT NULL, receipt_no TEXT NOT NULL, terminal_id BIGINT NOT NULL,"
  "  outlet_id BIGINT NOT NULL, seq BIGINT NOT NULL, shift_id TEXT, staff_id BIGINT,"
  "  customer_id BIGINT, currency TEXT NOT NULL, tax_inclusive BIGINT NOT NULL,"
  "  subtotal BIGINT NOT NULL, discount BIGINT NOT NULL, fee BIGINT NOT NULL,"
  "  tax BIGINT NOT NULL, total BIGINT NOT NULL, change BIGINT NOT NULL,"
  "  loyalty_redeemed BIGINT NOT NULL, created_at TEXT NOT NULL, received_at BIGINT NOT NULL,"
  "  PRIMARY KEY (outlet_id, id));"
  "CREATE INDEX sales_id ON sales (id);"
  "CREATE TABLE sale_lines (sale_id TEXT NOT NULL, line_no BIGINT NOT NULL,"
  "  product_id BIGINT NOT NULL, sku TEXT, name TEXT, qty BIGINT NOT NULL,"
  "  unit_price BIGINT NOT NULL, price_version BIGINT NOT NULL, tax_rate_bp BIGINT NOT NULL,"
  "  discount BIGINT NOT NULL, tax BIGINT NOT NULL, total BIGINT NOT NULL,"
  "  outlet_id BIGINT NOT NULL, PRIMARY KEY (outlet_id, sale_id, line_no),"
  "  FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id));"
  "CREATE TABLE sale_payments (sale_id TEXT NOT NULL, idx BIGINT NOT NULL,"
  "  method TEXT NOT NULL, amount BIGINT NOT NULL, reference TEXT,"
  "  outlet_id BIGINT NOT NULL, PRIMARY KEY (outlet_id, sale_id, idx),"
  "  FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id));"
  "CREATE TABLE refunds (id TEXT NOT NULL, sale_id TEXT NOT NULL,"
  "  terminal_id BIGINT NOT NULL, outlet_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  reason TEXT, total BIGINT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, id),"
  "  FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id));"
  "CREATE INDEX refunds_sale ON refunds (outlet_id, sale_id);"
  "CREATE TABLE refund_lines (refund_id TEXT NOT NULL, line_no BIGINT NOT NULL,"
  "  product_id BIGINT NOT NULL, qty BIGINT NOT NULL, amount BIGINT NOT NULL,"
  "  outlet_id BIGINT NOT NULL, PRIMARY KEY (outlet_id, refund_id, line_no),"
  "  FOREIGN KEY (outlet_id, refund_id) REFERENCES refunds (outlet_id, id));"
  "CREATE TABLE refund_payments (refund_id TEXT NOT NULL, idx BIGINT NOT NULL,"
  "  method TEXT NOT NULL, amount BIGINT NOT NULL,"
  "  outlet_id BIGINT NOT NULL, PRIMARY KEY (outlet_id, refund_id, idx),"
  "  FOREIGN KEY (outlet_id, refund_id) REFERENCES refunds (outlet_id, id));"
  "CREATE TABLE conflicts (id BIGSERIAL NOT NULL, outlet_id BIGINT NOT NULL, kind TEXT NOT NULL,"
  "  status TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, base TEXT,"
  "  terminal TEXT, server TEXT, terminal_id BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  created_at TEXT NOT NULL, resolution TEXT, resolved_by BIGINT,"
  "  version BIGINT NOT NULL DEFAULT 1, PRIMARY KEY (outlet_id, id));"
  "CREATE INDEX conflicts_id ON conflicts (id);"
  "CREATE INDEX conflicts_status ON conflicts (status);"
  /* One row per entity; seq is NULL until the writing transaction commits. */
  "CREATE SEQUENCE change_seq;"
  "CREATE TABLE change_log (entity TEXT NOT NULL, entity_id TEXT NOT NULL,"
  "  seq BIGINT, outlet_id BIGINT NOT NULL, op TEXT NOT NULL, changed_at BIGINT NOT NULL,"
  "  PRIMARY KEY (outlet_id, entity, entity_id));"
  "CREATE INDEX change_log_seq ON change_log (seq);"
  "CREATE INDEX change_log_unsequenced ON change_log (entity) WHERE seq IS NULL;"
  /* drawer: pay-ins and pay-outs of a shift (shift.cash). */
  "CREATE TABLE shift_cash (" SHIFT_CASH_COLUMNS ","
  "  FOREIGN KEY (outlet_id, shift_id) REFERENCES shifts (outlet_id, id));"
  /* hold: how a sale is served (order types); a row only for a sale that said so, keyed
   * like the sale. Made here, so that an upgraded database has it too. */
  "CREATE TABLE sale_orders (outlet_id BIGINT NOT NULL, sale_id TEXT NOT NULL,"
  "  order_type TEXT NOT NULL, order_ref TEXT, PRIMARY KEY (outlet_id, sale_id));";

/* What schema version 3 adds to version 2 (a new database runs it after the rest):
 * columns at the end of their tables and tables of their own, so that a database of
 * version 2 gains exactly what a new one has. */
const char kasir_pg_since_v2_sql[] =
  /* office: a product's unit, whether its stock is counted and its low-stock level (-1:
   * the shop's default), edited by product.update and carried by pull. */
  "ALTER TABLE products ADD COLUMN unit TEXT NOT NULL DEFAULT 'pcs',"
  "  ADD COLUMN track_stock BIGINT NOT NULL DEFAULT 1, ADD COLUMN low_stock BIGINT NOT NULL DEFAULT -1;"
  /* office: who made a refund (the outlet report's refunds per cashier); NULL before. */
  "ALTER TABLE refunds ADD COLUMN staff_id BIGINT;"
  /* mods: a product's modifier groups as they are now, in the protocol's JSON (its
   * "modifier_groups"); each version of a group is in entity_history ("modifier_group"),
   * so a sale made at an older version is checked against the prices it had. */
  "CREATE TABLE product_modifiers (product_id BIGINT PRIMARY KEY, groups TEXT NOT NULL);"
  /* refpoints: the points a member's sale earned, a row only for a sale that earned
   * some, keyed like the sale (a refund takes back its share of them). */
  "CREATE TABLE sale_loyalty (outlet_id BIGINT NOT NULL, sale_id TEXT NOT NULL,"
  "  earned BIGINT NOT NULL, PRIMARY KEY (outlet_id, sale_id));"
  /* refline: the sale line a refund line gives back (1 = the first; NULL: not said, as
   * before tills said it), so that two lines of one product are told apart. */
  "ALTER TABLE refund_lines ADD COLUMN sale_line_no BIGINT;"
  /* orders: open orders (sent to the kitchen before payment; order.open, order.add) and
   * the kitchen tickets each send printed, keyed by the outlet; state 'open' until a sale
   * names the order, then 'paid' with that sale and its till, or 'cancelled'. */
  "CREATE TABLE open_orders (outlet_id BIGINT NOT NULL, id TEXT NOT NULL,"
  "  terminal_id BIGINT NOT NULL, staff_id BIGINT, label TEXT NOT NULL, order_type TEXT,"
  "  order_ref TEXT, total BIGINT NOT NULL, cart TEXT NOT NULL,"
  "  state TEXT NOT NULL CHECK (state IN ('open','paid','cancelled')), paid_sale_id TEXT,"
  "  paid_terminal_id BIGINT, opened_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  /* orders2: an order cancelled before it was paid (order.cancel): why, and the manager
   * who approved it. */
  "  cancel_reason TEXT, cancelled_by BIGINT,"
  "  PRIMARY KEY (outlet_id, id));"
  "CREATE TABLE open_order_tickets (outlet_id BIGINT NOT NULL, order_id TEXT NOT NULL,"
  "  ticket_no TEXT NOT NULL, terminal_id BIGINT NOT NULL, items TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, order_id, ticket_no),"
  "  FOREIGN KEY (outlet_id, order_id) REFERENCES open_orders (outlet_id, id));"
  /* modedit: the options a sale line was sold with (line_no from 0, as sale_lines), by
   * name and price as sold and the group version they were checked against, so a lookup
   * of the sale (a refund on another till) and a conflict's detail can show them. */
  "CREATE TABLE sale_line_options (outlet_id BIGINT NOT NULL, sale_id TEXT NOT NULL,"
  "  line_no BIGINT NOT NULL, idx BIGINT NOT NULL, group_id BIGINT NOT NULL,"
  "  group_version BIGINT NOT NULL, option_id BIGINT NOT NULL, group_name TEXT, name TEXT,"
  "  price BIGINT NOT NULL, PRIMARY KEY (outlet_id, sale_id, line_no, idx));";

static const char upgrade_from_1_sql[] =
  /* shift_cash, there when made by a version 1 server since pay-ins and pay-outs came,
   * refers to a shift by its id alone. */
  "ALTER TABLE IF EXISTS shift_cash DROP CONSTRAINT IF EXISTS shift_cash_shift_id_fkey;"
  "ALTER TABLE sale_lines DROP CONSTRAINT sale_lines_sale_id_fkey;"
  "ALTER TABLE sale_payments DROP CONSTRAINT sale_payments_sale_id_fkey;"
  "ALTER TABLE refunds DROP CONSTRAINT refunds_sale_id_fkey;"
  "ALTER TABLE refund_lines DROP CONSTRAINT refund_lines_refund_id_fkey;"
  "ALTER TABLE refund_payments DROP CONSTRAINT refund_payments_refund_id_fkey;"
  "ALTER TABLE push_results ADD COLUMN outlet_id BIGINT;"
  "UPDATE push_results p SET outlet_id = t.outlet_id FROM terminals t WHERE t.id = p.terminal_id;"
  "ALTER TABLE sale_lines ADD COLUMN outlet_id BIGINT;"
  "UPDATE sale_lines l SET outlet_id = s.outlet_id FROM sales s WHERE s.id = l.sale_id;"
  "ALTER TABLE sale_payments ADD COLUMN outlet_id BIGINT;"
  "UPDATE sale_payments p SET outlet_id = s.outlet_id FROM sales s WHERE s.id = p.sale_id;"
  "ALTER TABLE refund_lines ADD COLUMN outlet_id BIGINT;"
  "UPDATE refund_lines l SET outlet_id = r.outlet_id FROM refunds r WHERE r.id = l.refund_id;"
  "ALTER TABLE refund_payments ADD COLUMN outlet_id BIGINT;"
  "UPDATE refund_payments p SET outlet_id = r.outlet_id FROM refunds r WHERE r.id = p.refund_id;"
  "ALTER TABLE push_results ALTER COLUMN outlet_id SET NOT NULL, DROP CONSTRAINT push_results_pkey,"
  "  ADD PRIMARY KEY (outlet_id, terminal_id, seq);"
  "ALTER TABLE shifts DROP CONSTRAINT shifts_pkey, ADD PRIMARY KEY (outlet_id, id);"
  "CREATE INDEX shifts_id ON shifts (id);"
  "ALTER TABLE sales DROP CONSTRAINT sales_pkey, ADD PRIMARY KEY (outlet_id, id);"
  "CREATE INDEX sales_id ON sales (id);"
  "ALTER TABLE sale_lines ALTER COLUMN outlet_id SET NOT NULL, DROP CONSTRAINT sale_lines_pkey,"
  "  ADD PRIMARY KEY (outlet_id, sale_id, line_no),"
  "  ADD FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id);"
  "ALTER TABLE sale_payments ALTER COLUMN outlet_id SET NOT NULL, DROP CONSTRAINT sale_payments_pkey,"
  "  ADD PRIMARY KEY (outlet_id, sale_id, idx),"
  "  ADD FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id);"
  "ALTER TABLE refunds DROP CONSTRAINT refunds_pkey, ADD PRIMARY KEY (outlet_id, id),"
  "  ADD FOREIGN KEY (outlet_id, sale_id) REFERENCES sales (outlet_id, id);"
  "CREATE INDEX refunds_sale ON refunds (outlet_id, sale_id);"
  "ALTER TABLE refund_lines ALTER COLUMN outlet_id SET NOT NULL, DROP CONSTRAINT refund_lines_pkey,"
  "  ADD PRIMARY KEY (outlet_id, refund_id, line_no),"
  "  ADD FOREIGN KEY (outlet_id, refund_id) REFERENCES refunds (outlet_id, id);"
  "ALTER TABLE refund_payments ALTER COLUMN outlet_id SET NOT NULL,"
  "  DROP CONSTRAINT refund_payments_pkey, ADD PRIMARY KEY (outlet_id, refund_id, idx),"
  "  ADD FOREIGN KEY (outlet_id, refund_id) REFERENCES refunds (outlet_id, id);"
  "ALTER TABLE conflicts DROP CONSTRAINT conflicts_pkey, ADD PRIMARY KEY (outlet_id, id);"
  "CREATE INDEX conflicts_id ON conflicts (id);"
  "ALTER TABLE change_log DROP CONSTRAINT change_log_pkey, DROP CONSTRAINT change_log_seq_key,"
  "  ADD PRIMARY KEY (outlet_id, entity, entity_id);"
  "CREATE INDEX change_log_seq ON change_log (seq);"
  "CREATE TABLE IF NOT EXISTS shift_cash (" SHIFT_CASH_COLUMNS ");"
  "ALTER TABLE shift_cash ADD FOREIGN KEY (outlet_id, shift_id) REFERENCES shifts (outlet_id, id);"
  /* The back office: the supervisor role. */
  "ALTER TABLE staff DROP CONSTRAINT staff_role_check,"
  "  ADD CONSTRAINT staff_role_check CHECK (role IN ('cashier','supervisor','manager'));"
  /* loyal: the code on a member's card. */
  "ALTER TABLE customers ADD COLUMN member_code TEXT;"
  /* hold: how a sale is served, as kasir_pg_outlet_keyed_sql makes it. */
  "CREATE TABLE sale_orders (outlet_id BIGINT NOT NULL, sale_id TEXT NOT NULL,"
  "  order_type TEXT NOT NULL, order_ref TEXT, PRIMARY KEY (outlet_id, sale_id));";

gboolean
kasir_pg_upgrade (KasirPgStore  *self,
                  GError       **error)
{
  g_autofree char *set_version = g_strdup_printf ("UPDATE meta SET value = '%d' WHERE key = 'schema_version'",
                                                  KASIR_SERVER_SCHEMA_VERSION);
  g_autofree char *detail = NULL;
  gint64 version = 0;

  if (!kasir_pg_begin (self, error))
    return FALSE;
  /* Another process may have upgraded it while this one waited for the lock. */
  if (!kasir_pg_exec_plain (self, "SELECT pg_advisory_xact_lock (" G_STRINGIFY (UPGRADE_LOCK) ")", error)
      || !kasir_pg_query_int (self, error, &version, NULL,
                              "SELECT value::bigint FROM meta WHERE key = 'schema_version'", NULL))
    goto fail;
  detail = g_strdup_printf ("from schema version %" G_GINT64_FORMAT, version);
  if (version == 1 && !kasir_pg_exec_plain (self, upgrade_from_1_sql, error))
    goto fail;
  if (version < KASIR_SERVER_SCHEMA_VERSION
      && (!kasir_pg_exec_plain (self, kasir_pg_since_v2_sql, error)
          || !kasir_pg_exec_plain (self, set_version, error)
          || !kasir_pg_audit (self, "admin", "database.upgrade", detail, error)))
    goto fail;
  if (!kasir_pg_commit (self, error))
    goto fail;
  if (version < KASIR_SERVER_SCHEMA_VERSION)
    g_message ("upgraded the database to schema version %d", KASIR_SERVER_SCHEMA_VERSION);
  return TRUE;

fail:
  kasir_pg_rollback (self);
  g_prefix_error (error, "upgrading the database to schema version %d: ", KASIR_SERVER_SCHEMA_VERSION);
  return FALSE;
}
