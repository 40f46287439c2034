/* test-server-upgrade.c — a database written by kasir-server before the tables that grow
 * with sales were keyed by outlet (schema version 1: tests/server-data/server-v1-*.sql,
 * dumped from a server of that version after real pushes: shifts, sales, a refund, a
 * customer, a conflict) opens and is upgraded, on both backends, and so does one of
 * schema version 2 (tests/server-data/server-v2-*.sql: that dump upgraded by the server
 * of version 2):
 *
 *  - every row is kept, each line, payment and stored result with the outlet of its
 *    sale, refund or terminal, and the schema is then exactly the one a new database
 *    gets (tables, columns, keys, indexes);
 *  - the server works on it: the retry of an old mutation answers its stored result, a
 *    refund of an old sale counts the refund made before the upgrade, pull gives the old
 *    changes, a new sale lands; opening it again changes nothing;
 *  - a version 1 database with a sale line whose sale is missing is refused with the
 *    reason and left exactly as it was.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-data/server-staff-util.h"

/* Version 1's tables that grow with sales. */
static const char *const grown[] = {
  "sales", "sale_lines", "sale_payments", "refunds", "refund_lines", "refund_payments", "shifts",
  "push_results", "conflicts", "change_log",
};

/* A new database of the backend under test, holding the dump of schema @version. */
static char *
load_dump (const char *dir,
           int         version)
{
  g_autofree char *name = g_strdup_printf ("server-v%d-%s.sql", version, server_test_uses_pg () ? "pg" : "sqlite");
  g_autofree char *path = g_build_filename (g_getenv ("KASIR_SOURCE_DIR"), "tests", "server-data", name, NULL);
  g_autofree char *sql = NULL;
  g_autoptr(GError) error = NULL;
  char *db = server_test_new_db (dir);

  g_assert_true (g_file_get_contents (path, &sql, NULL, &error));
  g_assert_no_error (error);
  if (server_test_uses_pg ())
    {
      PGconn *conn = server_test_pg_connect (db);
      PGresult *r = PQexec (conn, sql);

      if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
        g_error ("loading %s: %s", path, PQresultErrorMessage (r));
      PQclear (r);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *conn = NULL;

      g_assert_cmpint (sqlite3_open_v2 (db, &conn, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==,
                       SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (conn, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (conn);
    }
  return db;
}

/* Every row of a query's first column, one a line. */
static char *
db_lines (ServerFixture *fx,
          const char    *sql)
{
  GString *out = g_string_new (NULL);

  if (server_test_uses_pg ())
    {
      PGresult *r = db_pg_exec (fx, sql);

      for (int i = 0; i < PQntuples (r); i++)
        g_string_append_printf (out, "%s\n", PQgetvalue (r, i, 0));
      PQclear (r);
    }
  else
    {
      sqlite3 *db = db_open (fx);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (out, "%s\n", (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      sqlite3_close (db);
    }
  return g_string_free (out, FALSE);
}

/* The schema as text: tables, columns, keys and indexes, without row data. */
static char *
schema_of (ServerFixture *fx)
{
  g_autofree char *columns = NULL;
  g_autofree char *constraints = NULL;
  g_autofree char *indexes = NULL;

  if (!server_test_uses_pg ())
    return db_lines (fx, "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') "
                         "FROM sqlite_master ORDER BY type, name");
  columns = db_lines (fx, "SELECT table_name || '.' || column_name || ' ' || ordinal_position || ' ' || "
                          "data_type || ' ' || is_nullable || ' ' || COALESCE(column_default, '') "
                          "FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY 1");
  constraints = db_lines (fx, "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef (oid) "
                              "FROM pg_constraint WHERE connamespace = current_schema()::regnamespace "
                              "ORDER BY 1");
  indexes = db_lines (fx, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1");
  return g_strconcat (columns, constraints, indexes, NULL);
}

static gint64
count_rows (ServerFixture *fx,
            const char    *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);

  return db_int (fx, sql);
}

static KasirMutation *
refund_of (gint64      seq,
           const char *sale_id,
           gint64      qty,
           gint64      amount)
{
  TestTerminal t = { .next_seq = seq };
  g_autofree char *refund_id = kasir_uuid_new ();
  g_autofree char *now = kasir_now_rfc3339 ();

  return make_mutation (&t, KASIR_MUTATION_SALE_REFUND,
                        payload_printf ("{'refund_id':'%s','sale_id':'%s','reason':'kemasan rusak',"
                                        "'staff_id':%d,'lines':[{'product_id':3,'qty':%" G_GINT64_FORMAT
                                        ",'amount':%" G_GINT64_FORMAT "}],'payments':[{'method':'cash',"
                                        "'amount':%" G_GINT64_FORMAT "}],'total':%" G_GINT64_FORMAT
                                        ",'created_at':'%s'}", refund_id, sale_id, STAFF_MANAGER_1, qty,
                                        amount, amount, amount, now));
}

static KasirPushResult *
push_store (KasirServerStore       *store,
            gint64                  terminal_id,
            gint64                  outlet_id,
            KasirMutation          *mutation,
            KasirServerPushOutcome  expected_outcome)
{
  g_autoptr(KasirMutation) m = mutation;
  g_autoptr(GError) error = NULL;
  KasirServerPushOutcome outcome;
  KasirPushResult *result = NULL;
  gint64 expected_seq = 0;

  g_assert_true (kasir_server_store_push (store, terminal_id, outlet_id, m, &outcome, &result, &expected_seq,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (outcome, ==, expected_outcome);
  g_assert_nonnull (result);
  return result;
}

/* The schema a new database gets. */
static char *
fresh_schema (const char *dir)
{
  g_autofree char *sub = g_build_filename (dir, "fresh", NULL);
  g_autoptr(GError) error = NULL;
  ServerFixture view = { 0 };
  KasirServerStore *store;
  char *schema;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  view.db_path = server_test_new_db (sub);
  store = kasir_server_store_open (view.db_path, NULL, TRUE, &error);
  g_assert_no_error (error);
  kasir_server_store_free (store);
  schema = schema_of (&view);
  g_free (view.db_path);
  return schema;
}

static void
test_from_version_1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-server-upgrade-XXXXXX", &error);
  g_autofree char *fresh = fresh_schema (dir);
  g_autofree char *upgraded = NULL;
  g_autofree char *again = NULL;
  g_autofree char *refunded_sale = NULL;
  g_autofree char *version_sql = g_strdup_printf ("SELECT value FROM meta WHERE key = 'schema_version'");
  g_autoptr(KasirPullResponse) pulled = NULL;
  g_autoptr(KasirPushResult) retried = NULL;
  g_autoptr(KasirPushResult) refund = NULL;
  g_autoptr(KasirPushResult) too_much = NULL;
  g_autoptr(KasirPushResult) sold = NULL;
  gint64 before[G_N_ELEMENTS (grown)], last_seq, changes, stored_status;
  gint64 product = 4, price = 3200;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 1, 1);
  ServerFixture view = { 0 };
  KasirServerStore *store;
  g_autofree char *stored_text = NULL;
  KasirResultStatus stored;

  view.db_path = load_dump (dir, 1);
  {
    g_autofree char *v = db_text (&view, version_sql);
    g_assert_cmpstr (v, ==, "1");
  }
  for (guint i = 0; i < G_N_ELEMENTS (grown); i++)
    {
      before[i] = count_rows (&view, grown[i]);
      g_assert_cmpint (before[i], >, 0);
    }
  changes = db_int (&view, "SELECT COUNT(*) FROM change_log WHERE outlet_id IN (0, 1)");
  refunded_sale = db_text (&view, "SELECT sale_id FROM refunds");
  last_seq = db_int (&view, "SELECT last_seq FROM terminals WHERE id = 1");
  stored_text = db_text (&view, "SELECT status FROM push_results WHERE terminal_id = 1 AND seq = 1");
  g_assert_true (kasir_result_status_from_string (stored_text, &stored));
  stored_status = stored;

  store = kasir_server_store_open (view.db_path, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  {
    g_autofree char *v = db_text (&view, version_sql);
    g_autofree char *want = g_strdup_printf ("%d", KASIR_SERVER_SCHEMA_VERSION);
    g_assert_cmpstr (v, ==, want);
  }
  upgraded = schema_of (&view);
  g_assert_cmpstr (upgraded, ==, fresh);
  for (guint i = 0; i < G_N_ELEMENTS (grown); i++)
    g_assert_cmpint (count_rows (&view, grown[i]), ==, before[i]);
  /* Each row carries the outlet of its parent. */
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM sale_lines l JOIN sales s ON s.outlet_id = l.outlet_id "
                                  "AND s.id = l.sale_id"), ==, count_rows (&view, "sale_lines"));
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM sale_payments p JOIN sales s ON s.outlet_id = p.outlet_id "
                                  "AND s.id = p.sale_id"), ==, count_rows (&view, "sale_payments"));
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM refund_lines l JOIN refunds r ON r.outlet_id = l.outlet_id"
                                  " AND r.id = l.refund_id"), ==, count_rows (&view, "refund_lines"));
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM push_results p JOIN terminals t ON t.outlet_id = "
                                  "p.outlet_id AND t.id = p.terminal_id"), ==, count_rows (&view, "push_results"));
  g_assert_cmpint (db_int (&view, "SELECT COUNT(DISTINCT outlet_id) FROM sale_lines"), ==, 2);

  /* The old changes are pulled as before. */
  pulled = kasir_server_store_pull (store, 1, 1, 0, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pulled->changes->len, ==, changes);
  /* The retry of an old mutation answers its stored result and changes nothing. */
  retried = push_store (store, 1, 1, refund_of (1, refunded_sale, 1, 9500), KASIR_SERVER_PUSH_DUPLICATE);
  g_assert_cmpint (retried->status, ==, stored_status);
  /* The old sale sold 2 units of product 3 and 1 came back before the upgrade: one more
   * may, a third may not. */
  too_much = push_store (store, 1, 1, refund_of (last_seq + 1, refunded_sale, 2, 9500), KASIR_SERVER_PUSH_NEW);
  g_assert_cmpint (too_much->status, ==, KASIR_RESULT_REJECTED);
  refund = push_store (store, 1, 1, refund_of (last_seq + 2, refunded_sale, 1, 9500), KASIR_SERVER_PUSH_NEW);
  g_assert_cmpint (refund->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (count_rows (&view, "refunds"), ==, before[3] + 1);
  /* A new sale of the other outlet's till. */
  sale->staff_id = STAFF_CASHIER_2;
  {
    TestTerminal t = { .next_seq = db_int (&view, "SELECT last_seq FROM terminals WHERE id = 3") + 1 };
    sold = push_store (store, 3, 2, make_sale_mutation (&t, sale), KASIR_SERVER_PUSH_NEW);
  }
  g_assert_cmpint (sold->status, ==, KASIR_RESULT_APPLIED);
  g_assert_cmpint (count_rows (&view, "sales"), ==, before[0] + 1);
  kasir_server_store_free (store);

  /* Opened again: nothing to do. */
  store = kasir_server_store_open (view.db_path, NULL, FALSE, &error);
  g_assert_no_error (error);
  kasir_server_store_free (store);
  again = schema_of (&view);
  g_assert_cmpstr (again, ==, fresh);

  rm_rf (dir);
  g_free (view.db_path);
}

/* A version 1 database made since pay-ins and pay-outs came has shift_cash, which
 * referred to a shift by its id alone: it is kept, and keyed like the rest. */
static void
test_with_shift_cash (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-server-upgrade-XXXXXX", &error);
  g_autofree char *fresh = fresh_schema (dir);
  g_autofree char *upgraded = NULL;
  g_autofree char *ddl = NULL;
  g_autofree char *row = NULL;
  const char *type = server_test_uses_pg () ? "BIGINT" : "INTEGER";
  ServerFixture view = { 0 };
  KasirServerStore *store;

  view.db_path = load_dump (dir, 1);
  ddl = g_strdup_printf ("CREATE TABLE shift_cash (outlet_id %s NOT NULL, id TEXT NOT NULL,"
                         "  shift_id TEXT NOT NULL REFERENCES shifts(id), terminal_id %s NOT NULL,"
                         "  seq %s NOT NULL, staff_id %s NOT NULL, approved_by %s NOT NULL,"
                         "  direction TEXT NOT NULL, reason TEXT NOT NULL, note TEXT NOT NULL,"
                         "  amount %s NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (outlet_id, id))",
                         type, type, type, type, type, type);
  db_exec (&view, ddl);
  row = g_strdup_printf ("INSERT INTO shift_cash SELECT outlet_id, 'cash-' || id, id, terminal_id, 1, staff_id, "
                         "staff_id, 'out', 'supplies', '', 25000, opened_at FROM shifts");
  db_exec (&view, row);
  g_assert_cmpint (count_rows (&view, "shift_cash"), >, 0);

  store = kasir_server_store_open (view.db_path, NULL, FALSE, &error);
  g_assert_no_error (error);
  kasir_server_store_free (store);
  upgraded = schema_of (&view);
  g_assert_cmpstr (upgraded, ==, fresh);
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM shift_cash c JOIN shifts s ON s.outlet_id = c.outlet_id "
                                  "AND s.id = c.shift_id"), ==, count_rows (&view, "shifts"));

  rm_rf (dir);
  g_free (view.db_path);
}

/* A database of schema version 2 (the dump of server-v1 upgraded by a version 2 server)
 * gains the columns and tables of version 3 and keeps every row: products get the
 * defaults of a new one, a refund of an old sale still counts the one made before, a
 * new sale lands, and the schema is then exactly a new database's. */
static void
test_from_version_2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-server-upgrade-XXXXXX", &error);
  g_autofree char *fresh = fresh_schema (dir);
  g_autofree char *upgraded = NULL;
  g_autofree char *again = NULL;
  g_autofree char *refunded_sale = NULL;
  g_autofree char *version = NULL;
  g_autofree char *want = g_strdup_printf ("%d", KASIR_SERVER_SCHEMA_VERSION);
  g_autofree char *audit = NULL;
  g_autoptr(KasirPushResult) refund = NULL;
  g_autoptr(KasirPushResult) too_much = NULL;
  g_autoptr(KasirPushResult) sold = NULL;
  gint64 before[G_N_ELEMENTS (grown)], products, last_seq;
  gint64 product = 4, price = 3200;
  g_autoptr(KasirSale) sale = make_sale (&product, &price, NULL, 1, 1);
  ServerFixture view = { 0 };
  KasirServerStore *store;

  view.db_path = load_dump (dir, 2);
  version = db_text (&view, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "2");
  for (guint i = 0; i < G_N_ELEMENTS (grown); i++)
    before[i] = count_rows (&view, grown[i]);
  products = count_rows (&view, "products");
  g_assert_cmpint (products, >, 0);
  refunded_sale = db_text (&view, "SELECT sale_id FROM refunds");
  last_seq = db_int (&view, "SELECT last_seq FROM terminals WHERE id = 1");

  store = kasir_server_store_open (view.db_path, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_pointer (&version, g_free);
  version = db_text (&view, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, want);
  upgraded = schema_of (&view);
  g_assert_cmpstr (upgraded, ==, fresh);
  for (guint i = 0; i < G_N_ELEMENTS (grown); i++)
    g_assert_cmpint (count_rows (&view, grown[i]), ==, before[i]);
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM products WHERE unit = 'pcs' AND track_stock = 1 "
                                  "AND low_stock = -1"), ==, products);
  audit = db_text (&view, "SELECT detail FROM audit_log WHERE action = 'database.upgrade' ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (audit, ==, "from schema version 2");

  too_much = push_store (store, 1, 1, refund_of (last_seq + 1, refunded_sale, 2, 9500), KASIR_SERVER_PUSH_NEW);
  g_assert_cmpint (too_much->status, ==, KASIR_RESULT_REJECTED);
  refund = push_store (store, 1, 1, refund_of (last_seq + 2, refunded_sale, 1, 9500), KASIR_SERVER_PUSH_NEW);
  g_assert_cmpint (refund->status, ==, KASIR_RESULT_APPLIED);
  sale->staff_id = STAFF_CASHIER_2;
  {
    TestTerminal t = { .next_seq = db_int (&view, "SELECT last_seq FROM terminals WHERE id = 3") + 1 };
    sold = push_store (store, 3, 2, make_sale_mutation (&t, sale), KASIR_SERVER_PUSH_NEW);
  }
  g_assert_cmpint (sold->status, ==, KASIR_RESULT_APPLIED);
  kasir_server_store_free (store);

  store = kasir_server_store_open (view.db_path, NULL, FALSE, &error);
  g_assert_no_error (error);
  kasir_server_store_free (store);
  again = schema_of (&view);
  g_assert_cmpstr (again, ==, fresh);
  g_assert_cmpint (db_int (&view, "SELECT COUNT(*) FROM audit_log WHERE action = 'database.upgrade'"), ==, 2);

  rm_rf (dir);
  g_free (view.db_path);
}

static void
test_orphan_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kasir-server-upgrade-XXXXXX", &error);
  g_autofree char *schema_before = NULL;
  g_autofree char *schema_after = NULL;
  ServerFixture view = { 0 };
  KasirServerStore *store;
  gint64 lines;

  view.db_path = load_dump (dir, 1);
  /* A line of a sale that is not there, as a database repaired by hand might hold. */
  db_exec (&view, server_test_uses_pg ()
                  ? "SET session_replication_role = replica; INSERT INTO sale_lines (sale_id, line_no, "
                    "product_id, qty, unit_price, price_version, tax_rate_bp, discount, tax, total) VALUES "
                    "('no-such-sale', 0, 1, 1, 3500, 1, 1100, 0, 347, 3500)"
                  : "INSERT INTO sale_lines (sale_id, line_no, product_id, qty, unit_price, price_version, "
                    "tax_rate_bp, discount, tax, total) VALUES ('no-such-sale', 0, 1, 1, 3500, 1, 1100, 0, "
                    "347, 3500)");
  lines = count_rows (&view, "sale_lines");
  schema_before = schema_of (&view);

  store = kasir_server_store_open (view.db_path, NULL, FALSE, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == KASIR_SERVER_STORE_ERROR);
  g_assert_nonnull (strstr (error->message, "upgrading the database"));
  schema_after = schema_of (&view);
  g_assert_cmpstr (schema_after, ==, schema_before);
  g_assert_cmpint (count_rows (&view, "sale_lines"), ==, lines);
  {
    g_autofree char *v = db_text (&view, "SELECT value FROM meta WHERE key = 'schema_version'");
    g_assert_cmpstr (v, ==, "1");
  }

  rm_rf (dir);
  g_free (view.db_path);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Kasir/Server/Upgrade/from-version-1", test_from_version_1);
  g_test_add_func ("/Kasir/Server/Upgrade/with-shift-cash", test_with_shift_cash);
  g_test_add_func ("/Kasir/Server/Upgrade/from-version-2", test_from_version_2);
  g_test_add_func ("/Kasir/Server/Upgrade/orphan-refused", test_orphan_refused);
  return g_test_run ();
}
